"""`coordinator backup`, `restore` and `doctor`, driven through click's CliRunner."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coordinator.cli import main
from coordinator.clock import SystemClock
from coordinator.model import AttendanceMark, Group, Mark, Meeting, Member, Venue
from coordinator.store import Store, list_backups, lock_path, read_raw


def run(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data" / "group.json"
    with Store.open(path, SystemClock()) as store:
        store.save_group(Group(name="Tuesday Crew", default_venue_id="v1"))
        store.save_venue(Venue("v1", "Riverside Cafe"))
        store.save_member(Member(id="m1", name="Sam"))
        store.save_member(Member(id="m2", name="Kim"))
        store.save_meeting(
            Meeting(
                id="g1",
                starts_at=datetime(2026, 3, 3, 14, tzinfo=UTC),
                venue_id="v1",
                attendance={"m1": AttendanceMark(Mark.PRESENT)},
            )
        )
    yield path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- backup ------------------------------------------------------------------------------


def test_backup_takes_one_now_and_says_where(db: Path) -> None:
    result = run(db, "backup")
    assert result.exit_code == 0, result.output
    backups = list_backups(db)
    assert [b.kind for b in backups] == ["manual"]
    assert str(backups[0].path) in result.output
    assert backups[0].path.read_bytes() == db.read_bytes()
    assert mode(backups[0].path) == 0o600


def test_backup_without_a_file_says_so(tmp_path: Path) -> None:
    result = run(tmp_path / "none.json", "backup")
    assert result.exit_code == 1
    assert "no group file" in result.output
    assert "Traceback" not in result.output


def test_purge_asks_first_and_keeps_everything_on_no(db: Path) -> None:
    run(db, "backup")
    run(db, "backup")
    result = run(db, "backup", "--purge", stdin="n\n")
    assert result.exit_code == 0
    assert "Nothing was deleted" in result.output
    assert len(list_backups(db)) == 2


def test_purge_deletes_every_backup(db: Path) -> None:
    run(db, "backup")
    result = run(db, "backup", "--purge", stdin="y\n")
    assert result.exit_code == 0, result.output
    assert "Deleted 1 backup" in result.output
    assert list_backups(db) == []
    half = db.parent / "backups" / f".{db.stem}.2026-01-01.json.0123456789ab.tmp"
    half.write_text("a half-written copy")
    run(db, "backup")
    assert run(db, "backup", "--purge", "--yes").exit_code == 0
    assert list_backups(db) == []
    assert not half.exists()
    assert db.exists()  # the group file itself is never touched


def test_purge_with_nothing_to_purge(db: Path) -> None:
    result = run(db, "backup", "--purge", "--yes")
    assert result.exit_code == 0
    assert "no backups" in result.output


# --- restore -----------------------------------------------------------------------------


def test_restore_lists_backups_numbered_with_counts(db: Path) -> None:
    run(db, "backup")
    with Store.open(db, SystemClock()) as store:
        store.save_member(Member(id="m3", name="Lee"))
    run(db, "backup")
    result = run(db, "restore")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()[:2] in ("1.", "2.")]
    assert len(lines) == 2
    today = datetime.now(UTC).date().isoformat()
    assert today in lines[0] and "manual" in lines[0]
    assert "3 members, 1 meeting" in lines[0]
    assert "2 members, 1 meeting" in lines[1]


def test_restore_with_no_backups(db: Path) -> None:
    result = run(db, "restore")
    assert result.exit_code == 0
    assert "no backups" in result.output


def test_a_backup_number_out_of_range_says_how_many_there_are_in_words(db: Path) -> None:
    run(db, "backup")
    result = run(db, "restore", "3", "--yes")
    assert result.exit_code != 0
    assert "There is no backup number 3; there is only 1." in result.output
    run(db, "backup")
    result = run(db, "restore", "3", "--yes")
    assert "There is no backup number 3; there are 2." in result.output


def test_restore_by_number_keeps_the_current_file_first(db: Path) -> None:
    run(db, "backup")
    old = db.read_bytes()
    with Store.open(db, SystemClock()) as store:
        store.erase_member("m2")
    current = db.read_bytes()
    result = run(db, "restore", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert db.read_bytes() == old
    pre = [b for b in list_backups(db) if b.kind == "pre-restore"]
    assert len(pre) == 1 and pre[0].path.read_bytes() == current
    assert str(pre[0].path) in result.output
    assert mode(db) == 0o600
    with Store.open(db, SystemClock()) as store:
        assert store.member("m2") is not None


def test_restore_asks_first(db: Path) -> None:
    run(db, "backup")
    with Store.open(db, SystemClock()) as store:
        store.erase_member("m2")
    current = db.read_bytes()
    result = run(db, "restore", "1", stdin="n\n")
    assert result.exit_code == 0
    assert "Nothing was changed" in result.output
    assert db.read_bytes() == current
    assert run(db, "restore", "1", stdin="y\n").exit_code == 0
    assert db.read_bytes() != current


def test_restore_by_path_repairs_a_damaged_file(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere.json"
    copy.write_bytes(db.read_bytes())
    db.write_bytes(b'{"members": {"1": ')  # cut short
    assert run(db, "doctor").exit_code == 1
    result = run(db, "restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert db.read_bytes() == copy.read_bytes()
    pre = [b for b in list_backups(db) if b.kind == "pre-restore"]
    assert pre[0].path.read_bytes() == b'{"members": {"1": '  # even a damaged file is kept


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"format": "coordinator-bundle", "version": 1}',
        b'{"meta": {"1": {}}}',
        b"{}",  # reads as an empty group file: restoring it would empty the group
        b'{"members": {}, "settings": {"1": {"demo": true}}}',
    ],
)
def test_restore_refuses_a_backup_that_does_not_read(
    db: Path, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = db.read_bytes()
    result = run(db, "restore", str(bad), "--yes")
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert db.read_bytes() == before
    assert list_backups(db) == []


def test_restore_refuses_while_another_window_has_the_file(db: Path) -> None:
    run(db, "backup")
    before = db.read_bytes()
    with Store.open(db, SystemClock()):
        result = run(db, "restore", "1", "--yes")
    assert result.exit_code == 1
    assert "Another coordinator window" in result.output
    assert db.read_bytes() == before


@pytest.mark.parametrize("which", ["0", "7", "not-a-file.json", "-1"])
def test_restore_with_a_wrong_choice_says_so(db: Path, which: str) -> None:
    run(db, "backup")
    result = run(db, "restore", "--yes", "--", which)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "backup" in result.output


def test_restore_refuses_the_group_file_itself(db: Path) -> None:
    result = run(db, "restore", str(db), "--yes")
    assert result.exit_code == 1
    assert "group file itself" in result.output


# --- doctor ------------------------------------------------------------------------------


def test_doctor_on_a_healthy_file(db: Path) -> None:
    run(db, "backup")
    result = run(db, "doctor")
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.output
    assert "2 members (2 active" in result.output
    assert "current format (version 1)" in result.output
    assert "1 backup; the newest is from" in result.output
    assert "No other window has the file open" in result.output


def test_doctor_without_a_file(tmp_path: Path) -> None:
    result = run(tmp_path / "group.json", "doctor")
    assert result.exit_code == 1
    assert "no group file" in result.output


def test_doctor_finds_open_permissions_and_fixes_them(db: Path) -> None:
    run(db, "backup")
    db.chmod(0o644)
    db.parent.chmod(0o755)
    list_backups(db)[0].path.chmod(0o644)
    result = run(db, "doctor")
    assert result.exit_code == 1
    assert "permissions 0644; it should be 0600" in result.output
    assert "permissions 0755; it should be 0700" in result.output
    assert "--fix" in result.output
    fixed = run(db, "doctor", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert "Fixed" in fixed.output
    assert (mode(db), mode(db.parent), mode(list_backups(db)[0].path)) == (0o600, 0o700, 0o600)


def test_doctor_reports_a_damaged_file_and_how_to_restore(db: Path) -> None:
    db.write_bytes(b"\x00\x01garbage")
    result = run(db, "doctor")
    assert result.exit_code == 1
    assert "coordinator restore" in result.output
    assert db.read_bytes() == b"\x00\x01garbage"


def test_doctor_reports_broken_references(db: Path) -> None:
    raw = read_raw(db)
    assert raw is not None
    for doc in raw["meetings"].values():
        doc["attendance"]["m404"] = {"status": "present", "reason": None, "note": ""}
        doc["venue_id"] = "v404"
    raw["contacts"] = {"1": {"id": "c1", "member_id": "m404", "on": "2026-03-04"}}
    for doc in raw["group"].values():
        doc["deputy_member_id"] = "m404"
    db.write_text(json.dumps(raw))
    result = run(db, "doctor")
    assert result.exit_code == 1
    out = result.output
    assert "1 attendance mark is for people not on the roster (in meetings g1)" in out
    assert "1 meeting names a venue that is not in the list: g1" in out
    assert "1 outreach note is about people not on the roster" in out
    assert "deputy is not on the roster" in out


def test_doctor_reports_the_lock_and_temp_files(db: Path) -> None:
    orphan = db.parent / f".{db.name}.0123456789ab.tmp"
    with Store.open(db, SystemClock()):
        orphan.write_bytes(b"{")  # as if another window's save had just been killed
        result = run(db, "doctor", "--fix")
        assert "Another coordinator window has the file open" in result.output
        assert orphan.exists()  # never removed under a running window
    assert "1 temp file was left by an interrupted save; it is removed" in result.output
    result = run(db, "doctor", "--fix")
    assert not orphan.exists()
    assert "removed 1 temp file" in result.output
    assert mode(lock_path(db)) == 0o600


def test_doctor_notes_an_old_format_and_missing_backups(db: Path) -> None:
    raw = read_raw(db)
    assert raw is not None
    del raw["meta"]
    db.write_text(json.dumps(raw))
    os.chmod(db, 0o600)
    result = run(db, "doctor")
    assert result.exit_code == 0, result.output
    assert "older format (version 0)" in result.output
    assert "no backups yet" in result.output
    assert json.loads(db.read_text()) == raw  # the doctor only read it


def test_doctor_notes_an_old_backup(db: Path) -> None:
    from coordinator.store import take_backup

    take_backup(db, date(2020, 1, 1))
    result = run(db, "doctor")
    assert "2020-01-01" in result.output
    assert "days old" in result.output


def test_every_command_has_help() -> None:
    for command in ("backup", "restore", "doctor"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert len(result.output.splitlines()) > 4


def test_restore_when_the_group_file_has_gone(db: Path) -> None:
    run(db, "backup")
    saved = db.read_bytes()
    db.unlink()
    doctor = run(db, "doctor")
    assert doctor.exit_code == 1
    assert "1 backup of it exists" in doctor.output
    result = run(db, "restore", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert db.read_bytes() == saved
    assert [b.kind for b in list_backups(db)] == ["manual"]  # nothing to keep first


def test_a_folder_given_as_the_group_file_is_refused(tmp_path: Path) -> None:
    for value in (str(tmp_path), ""):
        result = CliRunner().invoke(main, ["--db", value, "doctor"])
        assert result.exit_code in (1, 2)  # click's usage error, or ours for "" (".")
        assert "is a directory" in result.output or "is a folder" in result.output
        assert not isinstance(result.exception, ValueError | OSError)


def test_doctor_never_locks_down_a_shared_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    db = shared / "group.json"
    with Store.open(db, SystemClock()) as store:
        store.save_group(Group(name="In /tmp"))
    result = run(db, "doctor", "--fix")
    assert result.exit_code == 1
    assert "shared folder" in result.output
    assert mode(shared) == 0o1777


def test_restore_refuses_a_number_written_in_other_digits(db: Path) -> None:
    """'²' is a digit to str.isdigit() but not a number int() reads: no traceback."""
    result = run(db, "restore", "²")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_a_file_that_cannot_be_restored_is_refused_before_asking(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{}")
    before = db.read_bytes()
    result = run(db, "restore", str(bad), stdin="y\n")
    assert result.exit_code == 1
    assert "Replace" not in result.output and "holds no group" in result.output
    assert db.read_bytes() == before


def test_backup_of_a_backup_is_refused(db: Path) -> None:
    taken = run(db, "backup")
    assert taken.exit_code == 0, taken.output
    (copy,) = [b.path for b in list_backups(db)]
    result = run(copy, "backup")
    assert result.exit_code == 1 and "is a backup already" in result.output
    assert not (copy.parent / "backups").exists()


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("ics_alarm_minutes", -10, "ics_alarm_minutes"),
        ("ics_alarm_minutes", "1 day", "ics_alarm_minutes"),
        ("phone_region", "ZZ", "phone_region"),
        ("messages", {"reminder": 5}, "messages.reminder"),
        ("messages", "hello", "messages"),
        ("watch", {"watch_score": "high"}, "drift watch"),
    ],
)
def test_doctor_names_a_setting_that_would_quietly_fall_back(
    db: Path, key: str, value: object, words: str
) -> None:
    tables = json.loads(db.read_text(encoding="utf-8"))
    settings = tables.setdefault("settings", {})
    (doc,) = settings.values() if settings else ({},)
    doc[key] = value
    tables["settings"] = {"1": doc}
    db.write_text(json.dumps(tables), encoding="utf-8")
    result = run(db, "doctor")
    assert result.exit_code == 1, result.output
    assert words in result.output and "Settings:" in result.output, result.output


def test_doctor_reports_a_second_group_record(db: Path) -> None:
    tables = json.loads(db.read_text(encoding="utf-8"))
    (first,) = tables["group"].values()
    tables["group"]["2"] = {**first, "name": "Other Crew"}
    db.write_text(json.dumps(tables), encoding="utf-8")
    result = run(db, "doctor")
    assert result.exit_code == 1 and "2 group records" in result.output, result.output
    assert "Other Crew" not in result.output  # nothing from the records in the message


def test_ctrl_c_during_a_command_says_what_was_kept(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C can come just after a save: "Aborted!" alone made a coordinator log the
    same check-in twice. The message says a change may have been saved."""
    from coordinator.store import Store as StoreClass

    real_save = StoreClass.save_contact

    def save_then_interrupt(self: StoreClass, note: object) -> None:
        real_save(self, note)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(StoreClass, "save_contact", save_then_interrupt)
    result = run(db, "check-in", "Sam", "--note", "rang")
    assert result.exit_code == 130
    assert "may have been saved" in result.output and "Aborted" not in result.output
