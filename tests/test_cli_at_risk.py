"""`coordinator at-risk`: the drift watch from the command line, with a fixed clock."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.demo import build_demo
from coordinator.model import GroupData, Mark
from coordinator.store import Store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def make_db(path: Path, data: GroupData, settings: dict[str, object] | None = None) -> Path:
    store = Store.open(path, FixedClock(NOW))
    store.replace_all(data)
    if settings is not None:
        store.save_settings(settings)
    store.close()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return make_db(tmp_path / "group.json", build_demo(TODAY))


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), "at-risk", *args])


def test_demo_flags_the_member_drifting_away_without_word(demo_db: Path) -> None:
    result = run(demo_db, "--json")
    assert result.exit_code == 0, result.output
    flags = json.loads(result.output)
    by_id = {flag["member_id"]: flag for flag in flags}
    assert "m6" in by_id, flags
    linda = by_id["m6"]
    assert linda["name"] == "Linda Carter"
    assert linda["level"] == "reach_out"
    assert linda["missed_in_a_row"] == 3
    assert linda["reasons"][0] == "missed the last 3 meetings without word"
    assert date.fromisoformat(linda["last_attended"]) < TODAY - timedelta(weeks=5)
    assert "last_contact" in linda
    assert linda["since_seen_days"] == (TODAY - date.fromisoformat(linda["last_attended"])).days
    assert "last_contact_outcome" in linda
    # Jean sends apologies during flare-ups; Dave is on holiday; Ray comes every other
    # time; Tom has left: none of them is flagged.
    for member_id in ("m4", "m5", "m7", "m9"):
        assert member_id not in by_id, by_id[member_id]


def test_as_of_judges_with_only_the_meetings_held_by_then(demo_db: Path) -> None:
    data = build_demo(TODAY)
    held = data.held_meetings(TODAY)
    # Before Linda's misses began she came, so nothing is flagged for her then.
    before = held[-4].day
    assert held[-4].mark_for("m6") is not None
    assert held[-4].attendance["m6"].status is Mark.PRESENT
    result = run(demo_db, "--as-of", before.isoformat(), "--json")
    assert result.exit_code == 0, result.output
    assert "m6" not in {f["member_id"] for f in json.loads(result.output)}
    # Day-first dates as typed work too.
    typed = run(demo_db, "--as-of", f"{TODAY:%d/%m/%Y}", "--json")
    assert "m6" in {f["member_id"] for f in json.loads(typed.output)}


def test_table_is_readable_and_fits_80_columns(demo_db: Path) -> None:
    result = run(demo_db)
    assert result.exit_code == 0, result.output
    assert "Who to check in with" in result.output
    assert "Linda Carter" in result.output
    assert "▲ reach out" in result.output
    assert "· missed the last 3" in result.output
    assert "6 Oct" in result.output
    assert all(cell_len(line) <= 80 for line in result.output.splitlines())


def test_names_are_shown_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    data = build_demo(TODAY)
    members = tuple(
        replace(m, name="[bold]Lin\x1b[31mda[/bold]") if m.id == "m6" else m for m in data.members
    )
    db = make_db(tmp_path / "group.json", replace(data, members=members))
    result = run(db)
    assert result.exit_code == 0, result.output
    assert "[bold]Lin" in result.output
    assert "\x1b[31m" not in result.output
    as_json = json.loads(run(db, "--json").output)
    assert any(f["name"] == "[bold]Lin\x1b[31mda[/bold]" for f in as_json)


def test_nobody_to_check_in_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    data = build_demo(TODAY)
    db = make_db(tmp_path / "group.json", replace(data, members=data.members[:2]))
    result = run(db)
    assert result.exit_code == 0, result.output
    assert "Nobody to check in with as of Mon 23 Nov 2026" in result.output
    assert json.loads(run(db, "--json").output) == []


def test_thresholds_come_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    strict: dict[str, object] = {
        "watch": {
            "watch_score": 9.0,
            "reach_out_score": 9.5,
            "long_gap_weeks": 500,
            "reach_out_weeks": 500,
            "watch_run_chance": 0.0,
            "away_usual": 1.01,
            "reach_out_run_chance": 0.0,
            "unseen_factor": 50,
        }
    }
    db = make_db(tmp_path / "group.json", build_demo(TODAY), strict)
    assert json.loads(run(db, "--json").output) == []


def test_clear_messages_never_tracebacks(tmp_path: Path, demo_db: Path) -> None:
    bad_date = run(demo_db, "--as-of", "31/02/2026")
    assert bad_date.exit_code == 1
    assert "--as-of" in bad_date.output and "not a real date" in bad_date.output
    broken = make_db(tmp_path / "broken.json", build_demo(TODAY), {"watch": {"watch_score": "x"}})
    result = run(broken)
    assert result.exit_code == 1
    assert "watch_score" in result.output and "Settings" in result.output
    missing = run(tmp_path / "nothing.json")
    assert missing.exit_code == 1
    assert "no group file" in missing.output
    for result in (bad_date, broken_result := run(broken), missing):
        assert "Traceback" not in result.output
    assert broken_result.exit_code == 1


def test_help_explains_the_command() -> None:
    result = CliRunner().invoke(cli.main, ["at-risk", "--help"])
    assert result.exit_code == 0
    assert "--as-of DATE" in result.output
    assert "--json" in result.output
    assert "check-in" in result.output


def test_at_risk_does_not_import_textual(demo_db: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from coordinator.cli import root as cli\n"
        f"r = CliRunner().invoke(cli.main, ['--db', {str(demo_db)!r}, 'at-risk', '--json',"
        " '--as-of', '2026-11-23'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
