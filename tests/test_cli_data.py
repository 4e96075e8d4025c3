"""`coordinator import`, `export` and `demo`, driven through click's test runner."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings

from coordinator import paths
from coordinator.bundle import dumps, export_bundle
from coordinator.cli import main
from coordinator.clock import SystemClock
from coordinator.demo import build_demo
from coordinator.model import Member
from coordinator.store import Store, list_backups
from tests.bundle_strategies import bundles
from tests.test_bundle import sample


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(path: Path, bundle: dict[str, Any]) -> Path:
    path.write_text(dumps(bundle), encoding="utf-8")
    return path


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def without_stamp(bundle: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bundle.items() if k != "exported_at"}


def round_trip(folder: Path, bundle: dict[str, Any]) -> dict[str, Any]:
    db, source, out = folder / "group.json", folder / "in.json", folder / "out.json"
    write(source, bundle)
    imported = run("--db", str(db), "import", str(source))
    assert imported.exit_code == 0, imported.output
    exported = run("--db", str(db), "export", str(out))
    assert exported.exit_code == 0, exported.output
    return read(out)


def group_name(store: Store) -> str:
    group = store.group()
    assert group is not None
    return group.name


def assert_one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert "Traceback" not in result.output
    for word in words:
        assert word in message, message


# --- import then export -------------------------------------------------------------


def test_design_example_round_trips(tmp_path: Path) -> None:
    original = sample()
    out = round_trip(tmp_path, original)
    assert without_stamp(out) == without_stamp(original)
    stamp = datetime.strptime(out["exported_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 600


def test_demo_bundle_round_trips(tmp_path: Path) -> None:
    original = export_bundle(build_demo(datetime.now(UTC).date()), datetime.now(UTC))
    out = round_trip(tmp_path, original)
    assert without_stamp(out) == without_stamp(original)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles())
def test_any_valid_bundle_round_trips_through_the_files(original: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = round_trip(Path(folder), original)
    assert without_stamp(out) == without_stamp(original)


def test_unknown_top_level_keys_survive_the_group_file(tmp_path: Path) -> None:
    original = sample()
    original["x-from-the-future"] = {"tables": [1, 2]}
    out = round_trip(tmp_path, original)
    assert out["x-from-the-future"] == {"tables": [1, 2]}


def test_import_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    result = run("--db", str(db), "import", "-", input=dumps(sample()))
    assert result.exit_code == 0, result.output
    assert "Tuesday Crew" in result.output
    with Store.open(db, SystemClock(), read_only=True) as store:
        assert len(store.members()) == 2


def test_export_to_standard_output(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    run("--db", str(db), "import", str(write(tmp_path / "b.json", sample())))
    result = run("--db", str(db), "export", "-")
    assert result.exit_code == 0
    assert without_stamp(json.loads(result.stdout)) == without_stamp(sample())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_export_is_private_even_over_an_open_file(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    run("--db", str(db), "import", str(write(tmp_path / "b.json", sample())))
    out = tmp_path / "handover.json"
    out.write_text("old")
    out.chmod(0o644)
    result = run("--db", str(db), "export", str(out))
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert "readable only by you" in result.stderr


# --- import refusals ----------------------------------------------------------------


def test_import_does_not_overwrite_a_group_without_replace(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    first = sample()
    assert run("--db", str(db), "import", str(write(tmp_path / "a.json", first))).exit_code == 0
    second = sample()
    second["group"]["name"] = "Thursday Walkers"
    source = write(tmp_path / "b.json", second)
    refused = run("--db", str(db), "import", str(source))
    assert_one_line_error(refused, "Tuesday Crew", "--replace")
    with Store.open(db, SystemClock(), read_only=True) as store:
        assert group_name(store) == "Tuesday Crew"
    assert list_backups(db) == []

    replaced = run("--db", str(db), "import", "--replace", str(source))
    assert replaced.exit_code == 0, replaced.output
    with Store.open(db, SystemClock(), read_only=True) as store:
        assert group_name(store) == "Thursday Walkers"
    backups = [b for b in list_backups(db) if b.kind == "pre-import"]
    assert len(backups) == 1
    assert "Tuesday Crew" in backups[0].path.read_text(encoding="utf-8")
    assert str(backups[0].path) in replaced.output


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda b: b.update(format="zip"), ("format",)),
        (lambda b: b.update(version=7), ("version", "newer")),
        (lambda b: b.pop("group"), ("group", "missing")),
        (lambda b: b["members"][1].update(phone="ring me"), ("member m2", "Phone", "letters")),
        (lambda b: b["members"].append(dict(b["members"][0])), ("'m1'", "more than one")),
        (lambda b: b["contacts"][0].update(member_id="m7"), ("contact c1", "member_id", "m7")),
        (
            lambda b: b["meetings"][0]["attendance"].update(zz={"status": "present"}),
            ("meeting g1", "attendance", "zz"),
        ),
        (lambda b: b["meetings"][0].update(venue_id="v5"), ("meeting g1", "venue_id")),
        (lambda b: b["group"].update(deputy_member_id="m5"), ("group", "deputy_member_id")),
        (lambda b: b["group"].update(default_venue_id="v5"), ("group", "default_venue_id")),
    ],
)
def test_bad_bundles_are_refused_whole(tmp_path: Path, change: Any, words: tuple[str, ...]) -> None:
    bundle = sample()
    change(bundle)
    db = tmp_path / "group.json"
    result = run("--db", str(db), "import", str(write(tmp_path / "bad.json", bundle)))
    assert_one_line_error(result, "bad.json", "Nothing was imported", *words)
    assert not db.exists()


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(dumps(sample()).replace('"v1",', '"v1"', 1), encoding="utf-8")
    result = run("--db", str(tmp_path / "g.json"), "import", str(source))
    assert_one_line_error(result, "not valid JSON", "line", "column")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "g.json"), "import", str(tmp_path / "nope.json"))
    assert_one_line_error(result, "nope.json", "no such file")


def test_a_refused_import_leaves_the_group_file_alone(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    run("--db", str(db), "import", str(write(tmp_path / "a.json", sample())))
    before = db.read_bytes()
    bad = sample()
    bad["meetings"][0]["starts_at"] = "next Tuesday"
    result = run("--db", str(db), "import", "--replace", str(write(tmp_path / "bad.json", bad)))
    assert_one_line_error(result, "meeting g1", "Starts at")
    assert db.read_bytes() == before


# --- export refusals ----------------------------------------------------------------


def test_export_without_a_group_file(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "none.json"), "export", str(tmp_path / "out.json"))
    assert_one_line_error(result, "no group file")
    assert not (tmp_path / "out.json").exists()


def test_export_never_writes_over_a_group_file(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    run("--db", str(db), "import", str(write(tmp_path / "a.json", sample())))
    other = tmp_path / "other.json"
    run("--db", str(other), "import", str(write(tmp_path / "b.json", sample())))
    before = other.read_bytes()
    assert_one_line_error(run("--db", str(db), "export", str(db)), "group file itself")
    assert_one_line_error(run("--db", str(db), "export", str(other)), "would destroy it")
    assert other.read_bytes() == before


# --- demo ---------------------------------------------------------------------------


def test_demo_writes_its_own_file_not_the_users(tmp_home: Path) -> None:
    result = run("demo", "--no-open")
    assert result.exit_code == 0, result.output
    assert str(paths.demo_db()) in result.output
    assert paths.demo_db().parent == tmp_home
    assert not paths.default_db().exists()
    with Store.open(paths.demo_db(), SystemClock(), read_only=True) as store:
        assert group_name(store) == "Tuesday Crew"
        assert store.settings().get("demo") is True
        assert len(store.members()) == 9


def test_demo_path_prints_the_file_and_writes_nothing(tmp_home: Path) -> None:
    result = run("demo", "--path")
    assert result.exit_code == 0, result.output
    assert result.output == f"{paths.demo_db()}\n"
    assert not paths.demo_db().exists()
    run("demo", "--no-open")
    listed = run("--db", result.output.strip(), "message", "check-in", "--member", "m2")
    assert listed.exit_code == 0, listed.output
    assert "Sam" in listed.output


def test_demo_ignores_coordinator_db_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real.json"
    monkeypatch.setenv(paths.DB_ENV, str(real))
    assert run("demo", "--no-open").exit_code == 0
    assert not real.exists()
    assert paths.demo_db().exists()


def test_demo_keeps_the_newcomers_changes_until_fresh() -> None:
    run("demo", "--no-open")
    with Store.open(paths.demo_db(), SystemClock()) as store:
        store.save_member(Member("m10", "New Person"))
    again = run("demo", "--no-open")
    assert again.exit_code == 0 and "Reusing" in again.output
    with Store.open(paths.demo_db(), SystemClock(), read_only=True) as store:
        assert store.member("m10") is not None
    fresh = run("demo", "--fresh", "--no-open")
    assert fresh.exit_code == 0 and "fresh" in fresh.output
    with Store.open(paths.demo_db(), SystemClock(), read_only=True) as store:
        assert store.member("m10") is None
        assert len(store.members()) == 9


def test_demo_with_db_uses_that_file_but_never_a_real_group(tmp_path: Path) -> None:
    chosen = tmp_path / "try.json"
    assert run("--db", str(chosen), "demo", "--no-open").exit_code == 0
    assert chosen.exists() and not paths.demo_db().exists()

    real = tmp_path / "real.json"
    run("--db", str(real), "import", str(write(tmp_path / "a.json", sample())))
    before = real.read_bytes()
    for extra in ([], ["--fresh"]):
        result = run("--db", str(real), "demo", "--no-open", *extra)
        assert_one_line_error(result, "not the demo")
    assert real.read_bytes() == before


def test_importing_over_the_demo_makes_it_a_real_group(tmp_path: Path) -> None:
    run("demo", "--no-open")
    demo = paths.demo_db()
    result = run(
        "--db", str(demo), "import", "--replace", str(write(tmp_path / "a.json", sample()))
    )
    assert result.exit_code == 0, result.output
    with Store.open(demo, SystemClock(), read_only=True) as store:
        assert "demo" not in store.settings()
    # So the demo command now refuses to overwrite it.
    assert run("demo", "--fresh", "--no-open").exit_code != 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_demo_file_is_private() -> None:
    run("demo", "--no-open")
    assert os.stat(paths.demo_db()).st_mode & 0o777 == 0o600


@pytest.mark.parametrize("command", ["import", "export", "demo"])
def test_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 5


def test_import_while_the_app_has_the_file_open(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    run("--db", str(db), "import", str(write(tmp_path / "a.json", sample())))
    before = db.read_bytes()
    with Store.open(db, SystemClock()) as holder:
        assert not holder.read_only
        result = run("--db", str(db), "import", "--replace", str(tmp_path / "a.json"))
    assert_one_line_error(result, "Close the other window")
    assert db.read_bytes() == before


def test_data_commands_never_load_textual(tmp_path: Path) -> None:
    import subprocess

    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from coordinator.cli import main\n"
        "r = CliRunner()\n"
        f"db = {str(tmp_path / 'g.json')!r}\n"
        f"out = {str(tmp_path / 'b.json')!r}\n"
        "assert r.invoke(main, ['demo', '--no-open']).exit_code == 0\n"
        "assert r.invoke(main, ['--db', db, 'demo', '--no-open']).exit_code == 0\n"
        "assert r.invoke(main, ['--db', db, 'export', out]).exit_code == 0\n"
        "assert r.invoke(main, ['--db', db + '2', 'import', out]).exit_code == 0\n"
        "print('textual' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr


# --- a group file whose group record is missing still holds the group ------------------


def _file_holding_only(tmp_path: Path, kept: str) -> Path:
    """A group file as a hand edit or a half-restored copy can leave it: the group
    record gone, one kind of record left (and the contacts' members, so it reads)."""
    db = tmp_path / "group.json"
    assert run("--db", str(db), "import", str(write(tmp_path / "a.json", sample()))).exit_code == 0
    tables = json.loads(db.read_text(encoding="utf-8"))
    for table in ("group", "venues", "members", "meetings", "contacts"):
        if table != kept and not (kept == "contacts" and table == "members"):
            tables[table] = {}
    db.write_text(json.dumps(tables), encoding="utf-8")
    return db


@pytest.mark.parametrize("kept", ["venues", "members", "meetings", "contacts"])
def test_import_without_replace_keeps_records_that_have_no_group(tmp_path: Path, kept: str) -> None:
    db = _file_holding_only(tmp_path, kept)
    before = db.read_bytes()
    other = sample()
    other["group"]["name"] = "Thursday Walkers"
    refused = run("--db", str(db), "import", str(write(tmp_path / "b.json", other)))
    assert_one_line_error(refused, "already holds", "--replace")
    assert db.read_bytes() == before
    assert list_backups(db) == []
    replaced = run("--db", str(db), "import", "--replace", str(tmp_path / "b.json"))
    assert replaced.exit_code == 0, replaced.output
    backups = [b for b in list_backups(db) if b.kind == "pre-import"]
    assert [b.path.read_bytes() for b in backups] == [before]


@pytest.mark.parametrize("kept", ["venues", "members", "meetings", "contacts"])
def test_demo_never_writes_over_records_that_have_no_group(tmp_path: Path, kept: str) -> None:
    db = _file_holding_only(tmp_path, kept)
    before = db.read_bytes()
    for fresh in ([], ["--fresh"]):
        result = run("--db", str(db), "demo", "--no-open", *fresh)
        assert_one_line_error(result, "not the demo")
        assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("series", "field"),
    [
        ({"uid": "series-x@c", "sequence": "3", "fingerprint": "f"}, "sequence"),
        ({"uid": "series-x@c", "sequence": -1, "fingerprint": "f"}, "sequence"),
        ({"uid": "series-x@c", "sequence": True, "fingerprint": "f"}, "sequence"),
        ({"uid": "", "sequence": 2, "fingerprint": "f"}, "uid"),
        ({"uid": "series-x@c", "sequence": 2, "fingerprint": 7}, "fingerprint"),
        ("not an object", "series"),
    ],
)
def test_a_bundle_whose_series_state_does_not_read_is_refused(
    tmp_path: Path, series: Any, field: str
) -> None:
    """Imported, the next series export would start again at SEQUENCE 0 under the same
    UID, and calendars holding a higher one would ignore it: refused, naming the field;
    and a group file holding such a state is a problem for doctor."""
    bundle = sample()
    bundle["group"]["calendar"] = {"series": series}
    db = tmp_path / "group.json"
    result = run("--db", str(db), "import", str(write(tmp_path / "b.json", bundle)))
    assert_one_line_error(result, "calendar.series", field, "Nothing was imported")
    assert not db.exists()
    good = sample()
    assert run("--db", str(db), "import", str(write(tmp_path / "a.json", good))).exit_code == 0
    tables = json.loads(db.read_text(encoding="utf-8"))
    (group,) = tables["group"].values()
    group["calendar"] = {"series": series}
    db.write_text(json.dumps(tables), encoding="utf-8")
    checked = run("--db", str(db), "doctor")
    assert checked.exit_code == 1 and "calendar.series" in checked.output, checked.output
