"""coordinator.application.attendance: one mark saved at once; a mark that shows a
planned meeting happened records it as held in the same write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from coordinator.application.attendance import mark_attendance, marks_it_held
from coordinator.clock import FixedClock
from coordinator.demo import ZONE, build_demo
from coordinator.model import AttendanceMark, Mark, Meeting, MeetingStatus, Reason
from coordinator.store import Store

TODAY = date(2026, 11, 23)
CLOCK = FixedClock(datetime.combine(TODAY, time(12), ZONE))
PRESENT = AttendanceMark(Mark.PRESENT)
APOLOGIES = AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "group.json", CLOCK)
    opened.replace_all(build_demo(TODAY))
    return opened


def planned_on(store: Store, day: date) -> Meeting:
    meeting = next(m for m in store.load().meetings if m.status is MeetingStatus.PLANNED)
    moved = replace(meeting, starts_at=datetime.combine(day, time(14), ZONE))
    return store.save_meeting(moved)


def test_present_at_a_planned_meeting_that_has_happened_records_it_held(store: Store) -> None:
    meeting = planned_on(store, TODAY - timedelta(days=1))
    member = store.load().members[0].id
    saved = mark_attendance(store, meeting, member, PRESENT, TODAY)
    assert saved.status is MeetingStatus.HELD
    assert saved.attendance[member] == PRESENT
    assert store.meeting(meeting.id) == saved


def test_apologies_or_a_future_meeting_leave_it_planned(store: Store) -> None:
    past = planned_on(store, TODAY)
    member = store.load().members[0].id
    assert mark_attendance(store, past, member, APOLOGIES, TODAY).status is MeetingStatus.PLANNED
    future = planned_on(store, TODAY + timedelta(days=7))
    saved = mark_attendance(store, future, member, PRESENT, TODAY)
    assert saved.status is MeetingStatus.PLANNED
    assert saved.attendance[member] == PRESENT


def test_clearing_a_mark_makes_the_member_unknown_again(store: Store) -> None:
    meeting = planned_on(store, TODAY - timedelta(days=1))
    member = store.load().members[0].id
    mark_attendance(store, meeting, member, PRESENT, TODAY)
    held = store.meeting(meeting.id)
    assert held is not None
    cleared = mark_attendance(store, held, member, None, TODAY)
    assert member not in cleared.attendance
    assert cleared.status is MeetingStatus.HELD


@given(
    status=st.sampled_from(list(MeetingStatus)),
    days=st.integers(-3, 3),
    mark=st.sampled_from([None, PRESENT, APOLOGIES, AttendanceMark(Mark.ABSENT)]),
)
def test_only_a_word_that_someone_came_or_not_marks_a_past_planned_meeting_held(
    status: MeetingStatus, days: int, mark: AttendanceMark | None
) -> None:
    meeting = Meeting(
        id="g1", starts_at=datetime.combine(TODAY + timedelta(days=days), time(14), ZONE)
    )
    meeting = replace(meeting, status=status)
    expected = (
        status is MeetingStatus.PLANNED
        and days <= 0
        and mark is not None
        and mark.status is not Mark.APOLOGIES
    )
    assert marks_it_held(meeting, mark, TODAY) is expected
