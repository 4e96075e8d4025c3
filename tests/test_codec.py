"""Model objects to and from the bundle's plain dicts: round trips and named errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import (
    AttendanceMark,
    Channel,
    Group,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    OutreachNote,
    Reason,
    Rhythm,
    RhythmUnit,
    ValidationError,
    Weekday,
)
from coordinator.store import codec
from tests.bundle_strategies import bundles, member_docs, rhythms

LONDON = ZoneInfo("Europe/London")


@settings(max_examples=30, deadline=None)
@given(bundles())
def test_every_record_round_trips(bundle: dict[str, Any]) -> None:
    group = codec.group_from_doc(bundle["group"])
    assert codec.group_to_doc(group) == bundle["group"]
    for doc in bundle["venues"]:
        assert codec.venue_to_doc(codec.venue_from_doc(doc)) == doc
    for doc in bundle["members"]:
        assert codec.member_to_doc(codec.member_from_doc(doc)) == doc
    for doc in bundle["meetings"]:
        assert codec.meeting_to_doc(codec.meeting_from_doc(doc, group.zone)) == doc
    for doc in bundle["contacts"]:
        assert codec.contact_to_doc(codec.contact_from_doc(doc)) == doc


@given(st.data())
def test_member_objects_round_trip(data: st.DataObject) -> None:
    member = codec.member_from_doc(data.draw(member_docs("m1")))
    assert codec.member_from_doc(codec.member_to_doc(member)) == member


@given(rhythms())
def test_rhythm_round_trips(doc: dict[str, Any]) -> None:
    rhythm, extra = codec.rhythm_from_doc(doc)
    assert {**codec.rhythm_to_doc(rhythm), **extra} == doc


def test_wall_time_is_kept_across_clock_changes() -> None:
    winter = codec.parse_wall_time("2025-01-07T14:00", LONDON)
    summer = codec.parse_wall_time("2025-07-08T14:00", LONDON)
    assert winter.astimezone(UTC).hour == 14
    assert summer.astimezone(UTC).hour == 13
    assert codec.local_wall_time(winter) == "2025-01-07T14:00"
    assert codec.local_wall_time(summer) == "2025-07-08T14:00"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2025-07-08T14:00+01:00", "without an offset"),
        ("Tuesday", "is not a date and time"),
        (None, "should be a local date and time"),
    ],
)
def test_bad_wall_times(value: object, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        codec.parse_wall_time(value, LONDON)


def test_missing_fields_take_defaults() -> None:
    member = codec.member_from_doc({"id": "m1", "name": "Sam"})
    assert member == Member("m1", "Sam")
    meeting = codec.meeting_from_doc({"id": "g1", "starts_at": "2025-03-04T14:00"}, LONDON)
    assert meeting.status is MeetingStatus.PLANNED and meeting.kind is MeetingKind.REGULAR
    assert meeting.duration_minutes == 120 and meeting.attendance == {}
    group = codec.group_from_doc({"name": "Crew", "timezone": "Europe/London"})
    assert group.rhythm == Rhythm()
    assert group.support_line.label == "Pain service support line"


def test_model_objects_round_trip() -> None:
    meeting = Meeting(
        "g1",
        datetime(2025, 10, 28, 14, tzinfo=LONDON),
        venue_id=None,
        location="Ashton Court",
        kind=MeetingKind.SOCIAL,
        status=MeetingStatus.HELD,
        topics=("outing",),
        guests=2,
        sequence=3,
        attendance={
            "m1": AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH, "flare-up"),
            "m2": AttendanceMark(Mark.PRESENT),
        },
    )
    assert codec.meeting_from_doc(codec.meeting_to_doc(meeting), LONDON) == meeting
    note = OutreachNote("c1", "m1", date(2025, 3, 20), Channel.PHONE, note="rang, all well")
    assert codec.contact_from_doc(codec.contact_to_doc(note)) == note
    group = Group("Crew", rhythm=Rhythm(3, RhythmUnit.MONTH, Weekday.FRI, -1, time(10, 0), 90))
    assert codec.group_from_doc(codec.group_to_doc(group)) == group


def test_rhythm_extra_goes_back_into_the_rhythm() -> None:
    doc = codec.group_to_doc(Group("Crew"))
    doc["rhythm"]["skip_august"] = True
    doc["colour"] = "teal"
    group = codec.group_from_doc(doc)
    again = codec.group_to_doc(group)
    assert again["rhythm"]["skip_august"] is True
    assert again["colour"] == "teal"
    assert "__rhythm_extra__" not in again


@pytest.mark.parametrize(
    ("reader", "doc", "words"),
    [
        (codec.member_from_doc, {"id": "m3", "name": "Priya", "phone": "ring"}, "member m3: Phone"),
        (codec.member_from_doc, {"id": "m3", "name": ""}, "member m3: Name: is required"),
        (
            codec.member_from_doc,
            {"id": "m3", "name": "P", "channel": "pigeon"},
            "Preferred channel",
        ),
        (
            codec.member_from_doc,
            {"id": "m3", "name": "P", "away": [{"from": "2025-07-20", "to": "2025-07-01"}]},
            "member m3: Away until",
        ),
        (
            codec.member_from_doc,
            {"id": "m3", "name": "P", "away": [{"from": "2025-02-30", "to": "2025-03-01"}]},
            "member m3: Away period 1 from: '2025-02-30' is not a real date",
        ),
        (
            codec.member_from_doc,
            {"id": "m3", "name": "P", "consent": {"share_contact_with_group": "yes"}},
            "should be true or false",
        ),
        (codec.member_from_doc, ["not", "a", "record"], "member: Member: should be an object"),
        (codec.venue_from_doc, {"id": "v1", "name": 5}, "venue v1: Venue name: should be text"),
        (codec.contact_from_doc, {"id": "c1", "member_id": "m1"}, "contact c1: Date: is required"),
        (
            codec.contact_from_doc,
            {"id": "c1", "member_id": "m1", "on": "2025-03-01", "outcome": "ok"},
            "contact c1: Outcome: 'ok' is not one of",
        ),
        (codec.group_from_doc, {"name": "Crew"}, "group: Timezone: is required"),
        (
            codec.group_from_doc,
            {"name": "Crew", "timezone": "UTC", "rhythm": {"nth": "last"}},
            "group: Which weekday of the month",
        ),
        (
            codec.group_from_doc,
            {"name": "Crew", "timezone": "UTC", "rhythm": {"time": "2pm"}},
            "group: Usual time: '2pm' is not a time (HH:MM)",
        ),
    ],
)
def test_errors_name_record_and_field(reader: Any, doc: Any, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        reader(doc)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({"id": "g1", "starts_at": "2025-03-04T14:00", "guests": "2"}, "meeting g1: Guests"),
        ({"id": "g1", "starts_at": "2025-03-04T14:00", "topics": "pacing"}, "Topics"),
        (
            {
                "id": "g1",
                "starts_at": "2025-03-04T14:00",
                "attendance": {"m1": {"status": "late"}},
            },
            "meeting g1: Attendance of m1: 'late' is not one of",
        ),
        (
            {
                "id": "g1",
                "starts_at": "2025-03-04T14:00",
                "attendance": {"m1": {"status": "apologies", "reason": "bored"}},
            },
            "meeting g1: Attendance of m1 reason",
        ),
    ],
)
def test_meeting_errors_name_the_field(doc: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        codec.meeting_from_doc(doc, LONDON)
    assert words in str(caught.value)


def test_unknown_keys_on_a_plain_mark_survive_after_plain_marks_were_shared() -> None:
    """Plain marks are shared for speed; a mark with an unknown key must not be."""
    zone = ZoneInfo("Europe/London")
    doc = {
        "id": "g1",
        "starts_at": "2026-01-06T14:00",
        "attendance": {
            "m1": {"status": "present", "reason": None, "note": ""},
            "m2": {"status": "present", "kept": {"by": "a newer version"}},
        },
    }
    first = codec.meeting_from_doc(doc, zone)
    again = codec.meeting_to_doc(codec.meeting_from_doc(codec.meeting_to_doc(first), zone))
    assert again["attendance"]["m2"]["kept"] == {"by": "a newer version"}
    assert "kept" not in again["attendance"]["m1"]


_MARK_DOCS: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(["present", "apologies", "absent"]),
            "reason": st.sampled_from([None, "ill_health", "transport", "other"]),
            "note": st.sampled_from(["", "rang ahead"]),
        }
    ),
    st.fixed_dictionaries(
        {"status": st.sampled_from(["present", "absent"])},
        optional={
            "reason": st.sampled_from([None, "other", "bored", 3]),
            "note": st.sampled_from(["", None, ["x"]]),
            "kept": st.integers(),
        },
    ),
    st.sampled_from([None, [], "present", 3, {"status": ["present"]}]),
)


@given(st.dictionaries(st.sampled_from(["m1", "m2", "m3", "m4"]), _MARK_DOCS, max_size=4))
def test_a_meetings_marks_decode_as_each_mark_does_on_its_own(
    attendance: dict[str, Any],
) -> None:
    """Meetings decode their marks in one pass when all are plain: the result (or the
    refusal) is the same as decoding every mark by itself, before and after plain marks
    are known."""
    doc = {"id": "g1", "starts_at": "2026-01-06T14:00", "attendance": attendance}
    try:
        expected = {
            mid: codec.mark_from_doc(raw, f"Attendance of {mid}") for mid, raw in attendance.items()
        }
    except ValidationError:
        with pytest.raises(ValidationError):
            codec.meeting_from_doc(doc, LONDON)
        return
    for _ in range(2):
        meeting = codec.meeting_from_doc(doc, LONDON)
        assert meeting.attendance == expected
        assert {mid: codec.mark_to_doc(m) for mid, m in meeting.attendance.items()} == {
            mid: codec.mark_to_doc(m) for mid, m in expected.items()
        }
