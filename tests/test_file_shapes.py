"""Whatever ``--db`` points at and whatever shape the files beside it take, every command
says what is wrong at once, and nothing is lost (issue 14)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coordinator.bundle import dumps, export_bundle
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.model import Member
from coordinator.store import (
    Store,
    backups,
    file_format,
    list_backups,
    lock_path,
    repository as store_module,
    take_backup,
)
from tests.report_fixtures import small_group

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(small_group())
    return path


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.json"
    path.write_text(dumps(export_bundle(small_group(), NOW)))
    return path


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), *args])


def refused(result: Result, *words: str) -> None:
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for word in words:
        assert word in result.stderr, result.stderr


# --- --db at things that are not group files ------------------------------------------


def _run_real(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, with a deadline: a hang is a failure."""
    env = {**os.environ, "COORDINATOR_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", [[], ["at-risk"], ["doctor"], ["export", "-"]])
def test_db_at_a_fifo_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    done = _run_real(["--db", str(fifo), *command], tmp_path / "home")
    assert done.returncode == 1
    assert "is a named pipe, not a group file" in done.stderr
    assert "Traceback" not in done.stderr


def test_db_at_a_device_a_loop_or_a_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    for target, words in (
        (Path("/dev/zero"), "is a device"),
        (a, "loop"),
        (tmp_path, "is a directory"),  # said by click, before anything runs
    ):
        refused(invoke(target, "at-risk"), *words.split("|"))


def test_a_device_behind_a_link_is_not_read(tmp_path: Path) -> None:
    """Even past the command line (a caller of the store), /dev/zero is never read."""
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(store_module.UnreadableFileError, match="pipe or a device"):
        store_module.read_bytes(link)


def test_a_huge_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * 2000 + b"}")
    monkeypatch.setattr(file_format, "MAX_FILE_BYTES", 1000)
    with pytest.raises(store_module.UnreadableFileError, match="larger than a group file can be"):
        store_module.read_bytes(big)


def test_import_from_dev_zero_stops_at_the_cap(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_format, "MAX_FILE_BYTES", 1 << 20)
    before = db.read_bytes()
    refused(invoke(db, "import", "--replace", "/dev/zero"), "larger than 1 MB")
    assert db.read_bytes() == before


def test_a_linked_group_file_is_saved_through_the_link(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(db)
    result = invoke(link, "ics", "--series", "-o", str(tmp_path / "series.ics"))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("is a link to") == 1
    assert link.is_symlink() and link.resolve() == db
    with Store.open(link, FixedClock(NOW), read_only=True) as store:
        group = store.group()
        assert group is not None and group.extra.get("calendar")  # the save reached the real file
    assert lock_path(db).exists() and not lock_path(link).exists()
    with Store.open(link, FixedClock(NOW)) as store:
        assert store.path == db
        store.save_member(Member(id="new", name="Saved through a link"))
    assert link.is_symlink()
    assert b"Saved through a link" in db.read_bytes()


def test_a_read_only_group_file_is_kept_read_only(db: Path, bundle: Path) -> None:
    db.chmod(0o400)
    before = db.read_bytes()
    with Store.open(db, FixedClock(NOW)) as store:
        assert store.read_only
        assert "read-only (permissions 0400)" in (store.read_only_reason or "")
    refused(invoke(db, "import", "--replace", str(bundle)), "read-only", "Nothing was imported")
    refused(invoke(db, "restore", "--yes", "1"))
    assert db.read_bytes() == before
    assert stat.S_IMODE(db.stat().st_mode) == 0o400
    doctor = invoke(db, "doctor", "--fix")
    assert "is read-only (permissions 0400)" in doctor.output
    assert stat.S_IMODE(db.stat().st_mode) == 0o400


# --- folder shapes ----------------------------------------------------------------------


def test_a_lock_that_is_a_folder(db: Path) -> None:
    lock_path(db).unlink(missing_ok=True)
    lock_path(db).mkdir()
    with Store.open(db, FixedClock(NOW)) as store:
        assert store.read_only
        assert "is a folder, not a lock file" in (store.read_only_reason or "")
    doctor = invoke(db, "doctor")
    assert doctor.exit_code == 1
    assert isinstance(doctor.exception, SystemExit)
    assert "should be a small lock file" in doctor.output


def test_backups_that_is_a_file(db: Path, bundle: Path) -> None:
    for old in list_backups(db):
        old.path.unlink()
    if (db.parent / "backups").exists():
        (db.parent / "backups").rmdir()
    (db.parent / "backups").write_text("not a folder")
    before = db.read_bytes()
    refused(invoke(db, "import", "--replace", str(bundle)), "Could not back up", "not the backups")
    assert db.read_bytes() == before
    doctor = invoke(db, "doctor")
    assert doctor.exit_code == 1
    assert "should be the backups folder but is a file" in doctor.output
    # The first change of a day takes a backup first: it fails, saying why.
    with Store.open(db, FixedClock(NOW)) as store, pytest.raises(store_module.SaveFailedError):
        store.save_member(Member(id="x", name="x"))
    assert db.read_bytes() == before


def test_disk_full_during_the_pre_import_backup(
    db: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "atomic_write", no_space)
    before = db.read_bytes()
    refused(invoke(db, "import", "--replace", str(bundle)), "No space left", "Nothing was imported")
    assert db.read_bytes() == before


# --- backups: rotation and leftovers ---------------------------------------------------


def test_pre_import_backups_rotate_within_a_day(db: Path, bundle: Path) -> None:
    for _ in range(8):
        assert invoke(db, "import", "--replace", str(bundle)).exit_code == 0
    kinds = [b.kind for b in list_backups(db)]
    assert kinds.count("pre-import") == 5


def test_orphan_temp_files_in_backups_are_cleaned_at_open_and_reported(db: Path) -> None:
    folder = db.parent / "backups"
    folder.mkdir(exist_ok=True)
    ours = folder / ".group.2026-11-23.pre-import.3.json.0123456789ab.tmp"
    ours.write_text("{}")
    theirs = folder / ".notes.txt.0123456789ab.tmp"  # not one of ours: left alone
    theirs.write_text("x")
    beside = db.parent / ".group.json.abcdefabcdef.tmp"
    beside.write_text("{}")
    report = invoke(db, "doctor")
    assert "2 temp files were left by an interrupted save" in report.output
    Store.open(db, FixedClock(NOW)).close()
    assert not ours.exists() and not beside.exists() and theirs.exists()


def test_doctor_fix_never_follows_a_link(db: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes(db.read_bytes())
    outside.chmod(0o644)
    taken = take_backup(db, date(2026, 11, 1), kind="manual")
    assert taken is not None
    taken.unlink()
    taken.symlink_to(outside)
    (db.parent / "backups").chmod(0o755)
    result = invoke(db, "doctor", "--fix")
    assert "is a link" in result.output
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert stat.S_IMODE((db.parent / "backups").stat().st_mode) == 0o700
