"""Faults while saving: interrupted writes, a full disk, the folder or file vanishing,
orphan temp files and SIGKILL mid-save. What was saved before must always survive, and
the store must carry on."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    Group,
    GroupData,
    Mark,
    Meeting,
    Member,
    OutreachNote,
)
from coordinator.store import SaveFailedError, Store, list_backups, repository as store_module

CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


def clock_on(day: date) -> FixedClock:
    return FixedClock(datetime.combine(day, time(12, 0), tzinfo=UTC))


def sample_data() -> GroupData:
    meeting = Meeting(
        id="g1",
        starts_at=datetime(2026, 3, 3, 14, 0, tzinfo=UTC),
        attendance={"m1": AttendanceMark(Mark.PRESENT), "m2": AttendanceMark(Mark.ABSENT)},
    )
    return GroupData(
        Group(name="Faults"),
        members=(Member(id="m1", name="Sam"), Member(id="m2", name="Kim")),
        meetings=(meeting,),
        contacts=(OutreachNote(id="c1", member_id="m1", on=date(2026, 3, 4)),),
    )


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "data" / "group.json"
    with Store.open(db, CLOCK) as store:
        store.replace_all(sample_data())
    yield db


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- what a failed or killed write leaves behind ----------------------------------------


def test_orphan_temp_files_are_cleaned_when_opening(saved: Path) -> None:
    orphan = saved.parent / f".{saved.name}.0123456789ab.tmp"
    orphan.write_bytes(b'{"half": ')
    other = saved.parent / "notes.tmp"  # not ours: left alone
    other.write_text("mine")
    with Store.open(saved, CLOCK) as store:
        assert store.load() == sample_data()
    assert not orphan.exists()
    assert other.exists()


def test_a_viewer_leaves_temp_files_for_the_writer(saved: Path) -> None:
    with Store.open(saved, CLOCK):
        orphan = saved.parent / f".{saved.name}.0123456789ab.tmp"
        orphan.write_bytes(b"")
        with Store.open(saved, CLOCK) as viewer:
            assert viewer.read_only
        assert orphan.exists()


def _fail_with(code: int) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [
        ("replace", errno.EIO, "Could not save"),
        ("fsync", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.EDQUOT, "quota"),
        ("replace", errno.EROFS, "read-only"),
        ("open", errno.EACCES, "permission was denied"),
    ],
)
def test_an_interrupted_write_keeps_the_old_state_and_the_store_usable(
    saved: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, words: str
) -> None:
    before = saved.read_bytes()
    with Store.open(saved, CLOCK) as store:
        store.save_member(Member(id="m5", name="Saved first"))  # today's backup is taken
        good = saved.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(os, target, _fail_with(code))
            with pytest.raises(SaveFailedError, match=words) as caught:
                store.set_mark("g1", "m1", AttendanceMark(Mark.ABSENT))
            assert "still holds what was saved before" in str(caught.value)
            with pytest.raises(SaveFailedError):
                store.save_member(Member(id="m6", name="Lost"))
        assert saved.read_bytes() == good
        assert temp_files(saved.parent) == []
        # What the app shows is what is on disk: the failed changes are not there.
        meeting = store.meeting("g1")
        assert meeting is not None and meeting.attendance["m1"].status is Mark.PRESENT
        assert store.member("m6") is None
        # The store carries on, and the next save keeps everything saved before.
        store.save_member(Member(id="m7", name="After"))
    with Store.open(saved, CLOCK) as store:
        names = {m.id for m in store.members()}
        assert names == {"m1", "m2", "m5", "m7"}
    assert before != good


def test_a_failed_batch_restores_what_is_on_disk(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(saved, CLOCK) as store:
        store.save_member(Member(id="m5", name="Saved first"))
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", _fail_with(errno.ENOSPC))
            with pytest.raises(SaveFailedError):
                store.erase_member("m1")
        assert store.member("m1") is not None
        assert "m1" in (store.meeting("g1") or sample_data().meetings[0]).attendance
        assert len(store.contacts()) == 1


def test_a_failed_backup_fails_the_save_and_retries_tomorrows_backup(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_backup(path: Path, day: date, kind: str = "daily") -> Path | None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Store.open(saved, clock_on(date(2026, 4, 1))) as store:
        with monkeypatch.context() as patch:
            patch.setattr(store_module, "take_backup", no_backup)
            with pytest.raises(SaveFailedError, match="disk is full"):
                store.save_member(Member(id="m5", name="x"))
        store.save_member(Member(id="m5", name="x"))
    assert [b.taken_on for b in list_backups(saved)] == [date(2026, 4, 1)]


def test_the_folder_removed_while_open_loses_nothing_saved(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        store.save_member(Member(id="m5", name="Saved before"))
        everything = store.load()
        shutil.rmtree(saved.parent)
        with pytest.raises(SaveFailedError, match="its folder has gone"):
            store.save_member(Member(id="m6", name="Not saved"))
        assert store.load() == everything
        # The folder comes back (restored from the bin): the next save writes it all.
        saved.parent.mkdir(mode=0o700)
        store.save_member(Member(id="m7", name="After"))
    with Store.open(saved, CLOCK) as store:
        ids = [m.id for m in store.members()]
    assert ids == ["m1", "m2", "m5", "m7"]


def test_the_file_deleted_while_open_is_written_again_whole(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        saved.unlink()
        store.save_member(Member(id="m5", name="After"))
    with Store.open(saved, CLOCK) as store:
        assert len(store.members()) == 3
        assert store.meeting("g1") == sample_data().meetings[0]
        assert len(store.contacts()) == 1


def test_killed_saves_never_lose_an_acknowledged_save(tmp_path: Path) -> None:
    """A quick run of the kill campaign (the full one is benchmarks/faults/campaign.py)."""
    script = Path(__file__).parent.parent / "benchmarks" / "faults" / "kill_saves.py"
    result = subprocess.run(
        [sys.executable, str(script), "--kills", "30", "--folder", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["kills"] == 30
    assert counts["acknowledged"] > 0
    assert counts["lost"] == 0
    assert counts["unreadable"] == 0


def test_unsavable_text_in_kept_unknown_keys_fails_cleanly(saved: Path) -> None:
    """Unknown keys are kept unchecked; a lone surrogate in one cannot be written."""
    before = saved.read_bytes()
    with Store.open(saved, CLOCK) as store:
        with pytest.raises(SaveFailedError, match="broken character"):
            store.save_member(Member(id="m9", name="Odd", extra={"x-note": "\ud800"}))
        assert saved.read_bytes() == before
        assert store.member("m9") is None
        store.save_member(Member(id="m9", name="Fine"))
    with Store.open(saved, CLOCK) as store:
        assert store.member("m9") is not None


def test_a_filesystem_that_cannot_sync_folders_still_saves(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def no_folder_sync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", no_folder_sync)
    with Store.open(saved, CLOCK) as store:
        store.save_member(Member(id="m5", name="Saved"))
    with Store.open(saved, CLOCK) as store:
        assert store.member("m5") is not None


def test_a_folder_sync_io_error_is_still_reported(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def broken_disk(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    with Store.open(saved, CLOCK) as store:
        store.save_member(Member(id="m5", name="Saved"))  # today's backup taken
        monkeypatch.setattr(os, "fsync", broken_disk)
        with pytest.raises(SaveFailedError, match="Could not save"):
            store.save_member(Member(id="m6", name="Unsure"))
