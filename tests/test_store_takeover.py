"""A read-only window takes over the group file once the window holding it closes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coordinator.clock import FixedClock
from coordinator.model import Group, GroupData, Member
from coordinator.store import ReadOnlyError, Store

CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, CLOCK) as store:
        store.replace_all(GroupData(Group(name="Tuesday group"), members=(Member("m1", "Ann"),)))
    return path


def test_takeover_fails_while_the_other_window_is_open(db: Path) -> None:
    with Store.open(db, CLOCK) as first, Store.open(db, CLOCK) as second:
        assert second.read_only
        assert not second.try_take_over()
        assert second.read_only
        assert "Another coordinator window" in (second.read_only_reason or "")
        with pytest.raises(ReadOnlyError):
            second.save_member(Member("m2", "Bea"))
        assert not first.read_only


def test_takeover_after_the_other_closes_reads_their_changes(db: Path) -> None:
    first = Store.open(db, CLOCK)
    second = Store.open(db, CLOCK)
    try:
        assert second.read_only
        assert [m.name for m in second.members()] == ["Ann"]
        # The first window changes the file, then closes.
        first.save_member(Member("m2", "Bea"))
        first.close()
        assert second.try_take_over()
        assert not second.read_only
        assert second.read_only_reason is None
        assert sorted(m.name for m in second.members()) == ["Ann", "Bea"]
        second.save_member(Member("m3", "Cy"))
        # The first window's change is kept: the write started from the file on disk.
        assert sorted(m.name for m in second.members()) == ["Ann", "Bea", "Cy"]
        # And the lock is now held here: a third window is read-only.
        with Store.open(db, CLOCK) as third:
            assert third.read_only
            assert sorted(m.name for m in third.members()) == ["Ann", "Bea", "Cy"]
    finally:
        second.close()
    with Store.open(db, CLOCK) as fourth:
        assert not fourth.read_only


def test_takeover_is_harmless_when_already_writable(db: Path) -> None:
    with Store.open(db, CLOCK) as store:
        assert store.try_take_over()
        store.save_member(Member("m2", "Bea"))
        assert len(store.members()) == 2


def test_a_store_opened_read_only_on_purpose_stays_read_only(db: Path) -> None:
    with Store.open(db, CLOCK, read_only=True) as viewer:
        assert not viewer.try_take_over()
        assert viewer.read_only
        with pytest.raises(ReadOnlyError):
            viewer.save_member(Member("m2", "Bea"))
    # It took no lock: a writer opens fine.
    with Store.open(db, CLOCK) as writer:
        assert not writer.read_only


def test_an_unreadable_file_on_takeover_lets_go_and_stays_read_only(db: Path) -> None:
    first = Store.open(db, CLOCK)
    second = Store.open(db, CLOCK)
    try:
        first.close()
        db.write_bytes(b"{ not json")
        assert not second.try_take_over()
        assert second.read_only
        assert second.read_only_reason
        with pytest.raises(ReadOnlyError):
            second.save_member(Member("m2", "Bea"))
    finally:
        second.close()
    # It let go of the lock.
    db.unlink()
    with Store.open(db, CLOCK) as third:
        assert not third.read_only
