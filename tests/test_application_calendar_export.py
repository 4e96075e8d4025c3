"""coordinator.application.calendar_export: what an export changes is saved once, for the
command line and the app alike, and a read-only window never half-cancels a meeting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coordinator.application.calendar_export import READ_ONLY_SERIES, save_export_changes
from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import MeetingStatus
from coordinator.store import ReadOnlyError, Store
from tests.test_ics import NOW, sample_data

CLOCK = FixedClock(NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, CLOCK) as store:
        store.replace_all(sample_data())
    return path


def export(store: Store, kind: ics.ExportKind, meeting_id: str | None = None) -> ics.IcsFile:
    request = ics.ExportRequest(kind, meeting_id, None, None, date(2027, 3, 31))
    return ics.make_export(store.load(), NOW, request, store.settings())


def test_a_cancellation_marks_the_meeting_cancelled_before_the_file(db: Path) -> None:
    with Store.open(db, CLOCK) as store:
        made = export(store, ics.ExportKind.CANCELLATION, "g4")
        saved = save_export_changes(store, made)
        assert saved.changed
        assert saved.notes == ("Marked the meeting on Tue 27 Oct 2026 cancelled.",)
    with Store.open(db, CLOCK, read_only=True) as fresh:
        meeting = fresh.meeting("g4")
        assert meeting is not None and meeting.status is MeetingStatus.CANCELLED


def test_the_series_update_count_is_saved_once(db: Path) -> None:
    with Store.open(db, CLOCK) as store:
        made = export(store, ics.ExportKind.SERIES)
        first = save_export_changes(store, made)
        assert first.changed and first.notes == ()
        assert ics.series_state(store.load(), store.settings()) == made.series_state
        again = save_export_changes(store, export(store, ics.ExportKind.SERIES))
        assert again == (False, ())


def test_plain_exports_change_nothing(db: Path) -> None:
    with Store.open(db, CLOCK) as store:
        before = store.load()
        request = ics.ExportRequest(ics.ExportKind.UPCOMING, None, 3, None, None)
        made = ics.make_export(before, NOW, request, store.settings())
        assert save_export_changes(store, made) == (False, ())
        assert store.load() == before


def test_a_read_only_window_refuses_to_cancel_and_says_why(db: Path) -> None:
    with Store.open(db, CLOCK), Store.open(db, CLOCK) as second:
        assert second.read_only
        made = export(second, ics.ExportKind.CANCELLATION, "g4")
        with pytest.raises(ReadOnlyError, match="not cancelled; no file was written"):
            save_export_changes(second, made)
    with Store.open(db, CLOCK, read_only=True) as fresh:
        meeting = fresh.meeting("g4")
        assert meeting is not None and meeting.status is not MeetingStatus.CANCELLED


def test_a_read_only_window_exports_the_series_and_says_what_it_could_not_keep(
    db: Path,
) -> None:
    with Store.open(db, CLOCK), Store.open(db, CLOCK) as second:
        made = export(second, ics.ExportKind.SERIES)
        saved = save_export_changes(second, made)
        assert saved == (False, (READ_ONLY_SERIES,))
        assert ics.series_state(second.load(), second.settings()) != made.series_state
