"""Calendar invites: golden files, round trips, independent parsers and the §5 rules.

Golden files live in ``tests/ics/``; after a deliberate change to the output, rewrite
them with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_ics.py`` and read the
diff before committing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from hypothesis import given, settings, strategies as st
from icalendar import Calendar

from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import (
    AttendanceMark,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Reason,
    Rhythm,
    RhythmUnit,
    SupportLine,
    Venue,
    Weekday,
)
from coordinator.store import Store

GOLDEN = Path(__file__).parent / "ics"
NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata"]
HOSTILE = [
    "Tea, cake; and \\ backslashes",
    "a literal \\N and \\n and \\, stay",
    "[bold red]not markup[/] 🫖☕ émoji",
    "END:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected",
    "quotes \" and ' and : colons; semicolons, commas",
    "x" * 150 + "🎉" * 20,
]
PRIVATE = ["Margaret Ellis", "Maggie", "Sam Okafor", "private note", "upset", "work"]


def group_of(data: GroupData) -> Group:
    """The group of data a test built (always there)."""
    assert data.group is not None
    return data.group


def sample_data(zone_name: str = "Europe/London") -> GroupData:
    """A fortnightly group around the 2026 autumn clock changes (London 25 Oct, New York
    1 Nov), with a moved meeting, a re-placed one, a cancelled one and an outing."""
    zone = ZoneInfo(zone_name)
    group = Group(
        name="Tuesday Crew",
        timezone=zone_name,
        rhythm=Rhythm(2, RhythmUnit.WEEK, Weekday.TUE, None, time(14, 0), 120),
        started_on=date(2025, 3, 4),
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann Whitfield", "07700 900123", "ann@example.org"),
        deputy_member_id="m2",
        support_line=SupportLine("Pain service support line", "0117 496 0000", "Mon-Fri 9-5"),
    )
    venues = (
        Venue("v1", "Riverside Cafe", "1 Quay Street", "step-free, accessible toilet"),
        Venue("v2", "St Mark's Community Room", "Church Lane", "parking, ramp at side door"),
    )
    members = (
        Member("m1", "Margaret Ellis", known_as="Maggie", notes="private note about her"),
        Member("m2", "Sam Okafor"),
    )

    def at(day: date, hour: int = 14, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    marks = {
        "m1": AttendanceMark(Mark.PRESENT),
        "m2": AttendanceMark(Mark.APOLOGIES, Reason.WORK, "work"),
    }
    meetings = (
        Meeting("g1", at(date(2026, 9, 15)), venue_id="v1", status=MeetingStatus.HELD,
                notes="Maggie upset", attendance=marks),
        Meeting("g2", at(date(2026, 9, 29)), venue_id="v1", status=MeetingStatus.HELD),
        Meeting("g3", at(date(2026, 10, 13)), venue_id="v1"),
        Meeting("g4", at(date(2026, 10, 27)), venue_id="v1"),
        Meeting("g5", at(date(2026, 11, 10)), venue_id="v2", sequence=1),
        Meeting("g6", at(date(2026, 11, 25), 15, 30), 90, venue_id="v1", sequence=2),
        Meeting("g7", at(date(2026, 12, 8)), venue_id="v1", status=MeetingStatus.CANCELLED,
                sequence=1),
        Meeting("g8", at(date(2026, 12, 22), 12), venue_id=None,
                location="Garden centre cafe\nMill Road", kind=MeetingKind.SOCIAL),
        Meeting("g9", at(date(2027, 1, 5)), venue_id="v1"),
        Meeting("g10", at(date(2027, 1, 14), 10), venue_id="v2", kind=MeetingKind.SPECIAL),
    )  # fmt: skip
    return GroupData(group, venues, members, meetings)


@pytest.fixture(autouse=True)
def fresh_vobject() -> None:
    """vobject keeps one process-wide map of TZIDs; start each test as a fresh server would."""
    registry = vobject.icalendar.__dict__["__tzidMap"]
    for tzid in [k for k in registry if k != "UTC"]:
        del registry[tzid]


def wall(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A naive wall-clock time, to compare with what parsers give in the group's zone."""
    return datetime.combine(date(year, month, day), time(hour, minute))


def text_of(cal: Calendar) -> str:
    return ics.to_bytes(cal).decode("utf-8")


def events_of(cal: Calendar) -> list[Any]:
    parsed = Calendar.from_ical(ics.to_bytes(cal))
    return list(parsed.walk("VEVENT"))


def exports(data: GroupData) -> dict[str, Calendar]:
    return {
        "meeting_g5": ics.meeting_calendar(data, "g5", NOW),
        "meeting_g7_cancelled": ics.meeting_calendar(data, "g7", NOW),
        "upcoming_next_3": ics.upcoming_calendar(data, NOW, count=3),
        "upcoming_range": ics.upcoming_calendar(
            data, NOW, start=date(2026, 10, 1), end=date(2026, 12, 31), alarm=None
        ),
        "series": ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar,
        "cancel_g4": ics.cancellation_calendar(data, "g4", NOW),
    }


# --- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(exports(sample_data())))
def test_golden_files(name: str) -> None:
    produced = ics.to_bytes(exports(sample_data())[name])
    path = GOLDEN / f"{name}.ics"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes(), f"{path} differs; see the module docstring"


def test_new_york_series_golden() -> None:
    produced = ics.to_bytes(
        ics.series_calendar(sample_data("America/New_York"), NOW, end=date(2027, 3, 31)).calendar
    )
    path = GOLDEN / "series_new_york.ics"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes()


# --- the file format ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(exports(sample_data())))
def test_lines_are_crlf_and_folded(name: str) -> None:
    raw = ics.to_bytes(exports(sample_data())[name])
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    raw.decode("utf-8")


@pytest.mark.parametrize("name", sorted(exports(sample_data())))
def test_no_attendees_organizer_or_floating_times(name: str) -> None:
    text = text_of(exports(sample_data())[name])
    assert "ATTENDEE" not in text
    # ORGANIZER only where RFC 5546 needs it: a METHOD:CANCEL file.
    assert ("ORGANIZER" in text) == ("METHOD:CANCEL" in text)
    for line in text.split("\r\n"):
        if (
            line.startswith(("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE"))
            and "VTIMEZONE" not in line
        ):
            assert "TZID=Europe/London" in line or line.startswith("DTSTART:"), line
    for event in events_of(exports(sample_data())[name]):
        assert event.decoded("dtstart").tzinfo is not None
        assert "DTEND" in event and "DURATION" not in event
        assert event.decoded("dtstamp") == NOW


def test_methods_and_calendar_names() -> None:
    made = exports(sample_data())
    for name in ("meeting_g5", "meeting_g7_cancelled", "upcoming_next_3", "series"):
        assert made[name]["METHOD"] == "PUBLISH"
    assert made["cancel_g4"]["METHOD"] == "CANCEL"
    # The calendar's name only where a file holds many events.
    for name in ("upcoming_next_3", "upcoming_range", "series"):
        assert made[name]["X-WR-CALNAME"] == "Tuesday Crew"
        assert made[name]["NAME"] == "Tuesday Crew"
    for name in ("meeting_g5", "cancel_g4"):
        assert "X-WR-CALNAME" not in made[name] and "NAME" not in made[name]


def test_one_meeting_round_trips_through_icalendar() -> None:
    data = sample_data()
    (event,) = events_of(ics.meeting_calendar(data, "g5", NOW, alarm=90))
    assert event["UID"] == "meeting-g5@coordinator.invalid"
    assert event.decoded("sequence") == 1
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 10, 14, 0, tzinfo=ZoneInfo("Europe/London"))
    assert start.tzinfo.key == "Europe/London"
    assert event.decoded("dtend") - start == timedelta(minutes=120)
    assert event["SUMMARY"] == "Tuesday Crew"
    assert event["LOCATION"] == "St Mark's Community Room, Church Lane"
    assert event["DESCRIPTION"] == (
        "Tuesday Crew: peer support group meeting.\n"
        "Access: parking, ramp at side door\n"
        "Can't come? Send apologies to Ann Whitfield: 07700 900123, ann@example.org."
    )
    assert event["STATUS"] == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(minutes=-90)


def test_one_off_place_and_kind() -> None:
    (event,) = events_of(ics.meeting_calendar(sample_data(), "g8", NOW))
    assert event["LOCATION"] == "Garden centre cafe, Mill Road"
    assert event["SUMMARY"] == "Tuesday Crew (social)"


@pytest.mark.parametrize("name", sorted(exports(sample_data())))
def test_nothing_private_leaves(name: str) -> None:
    text = text_of(exports(sample_data())[name])
    unfolded = text.replace("\r\n ", "")
    for secret in PRIVATE:
        assert secret not in unfolded


def test_alarm_setting() -> None:
    assert ics.alarm_minutes({}) == ics.DEFAULT_ALARM_MINUTES == 1440
    assert ics.alarm_minutes({"ics_alarm_minutes": None}) is None
    assert ics.alarm_minutes({"ics_alarm_minutes": 30}) == 30
    assert ics.alarm_minutes({"ics_alarm_minutes": "soon"}) == 1440
    assert ics.alarm_minutes({"ics_alarm_minutes": -5}) == 1440
    assert ics.parse_alarm(" none ") is None
    assert ics.parse_alarm("") is None
    assert ics.parse_alarm("45") == 45
    with pytest.raises(ics.IcsError, match="Reminder"):
        ics.parse_alarm("an hour")
    (event,) = events_of(ics.meeting_calendar(sample_data(), "g5", NOW, alarm=None))
    assert not event.walk("VALARM")


def test_at_most_one_alarm_per_event() -> None:
    for cal in exports(sample_data()).values():
        for event in events_of(cal):
            assert len(event.walk("VALARM")) <= 1


# --- upcoming ----------------------------------------------------------------------------


def test_next_n_counts_meetings_that_are_on_and_keeps_cancellations_among_them() -> None:
    data = sample_data()
    ids = [m.id for m in ics.upcoming_meetings(data, NOW, count=5)]
    assert ids == ["g3", "g4", "g5", "g6", "g7", "g8"]
    (cancelled,) = [
        e for e in events_of(ics.upcoming_calendar(data, NOW, count=5)) if "g7" in e["UID"]
    ]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Cancelled: Tuesday Crew"
    assert not cancelled.walk("VALARM")


def test_date_range_includes_every_meeting_on_those_days() -> None:
    ids = [
        m.id
        for m in ics.upcoming_meetings(
            sample_data(), NOW, start=date(2026, 9, 15), end=date(2026, 10, 27)
        )
    ]
    assert ids == ["g1", "g2", "g3", "g4"]


def test_nothing_to_export_says_what_to_do() -> None:
    with pytest.raises(ics.IcsError, match="Plan the next meetings"):
        ics.upcoming_calendar(sample_data(), datetime(2028, 1, 1, tzinfo=UTC))
    with pytest.raises(ics.IcsError, match="before the start"):
        ics.upcoming_calendar(sample_data(), NOW, start=date(2026, 12, 1), end=date(2026, 11, 1))
    with pytest.raises(ics.IcsError, match="no meeting 'nope'"):
        ics.meeting_calendar(sample_data(), "nope", NOW)
    with pytest.raises(ics.IcsError, match="set it up"):
        ics.meeting_calendar(GroupData(None), "g1", NOW)


# --- wall-clock times checked by independent parsers -------------------------------------


def expected_times(data: GroupData) -> set[tuple[datetime, datetime]]:
    """Each meeting that is on, as naive local wall times (start, end)."""
    return {
        (m.starts_at.replace(tzinfo=None), m.ends_at.replace(tzinfo=None))
        for m in data.meetings
        if m.status is not MeetingStatus.CANCELLED
    }


@pytest.mark.parametrize("zone_name", ZONES)
def test_upcoming_wall_times_with_vobject(zone_name: str) -> None:
    data = sample_data(zone_name)
    zone = ZoneInfo(zone_name)
    text = text_of(ics.upcoming_calendar(data, NOW, start=date(2026, 9, 1), end=date(2027, 2, 1)))
    parsed = vobject.readOne(text)
    seen = set()
    for event in parsed.vevent_list:
        if event.status.value == "CANCELLED":
            continue
        start = event.dtstart.value.astimezone(zone).replace(tzinfo=None)
        end = event.dtend.value.astimezone(zone).replace(tzinfo=None)
        seen.add((start, end))
        # The instant vobject computed with our VTIMEZONE is the one zoneinfo gives.
        assert event.dtstart.value == start.replace(tzinfo=zone)
    assert seen == expected_times(data)


@pytest.mark.parametrize("zone_name", ZONES)
def test_series_expands_to_the_right_wall_times(zone_name: str) -> None:
    data = sample_data(zone_name)
    zone = ZoneInfo(zone_name)
    cal = ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar
    window_start = datetime(2026, 10, 1, tzinfo=zone)
    window_end = datetime(2027, 4, 1, tzinfo=zone)
    expanded = recurring_ical_events.of(Calendar.from_ical(ics.to_bytes(cal))).between(
        window_start, window_end
    )
    got = {
        (
            e.decoded("dtstart").astimezone(zone).replace(tzinfo=None),
            e.decoded("dtend").astimezone(zone).replace(tzinfo=None),
        )
        for e in expanded
    }
    fortnights = [date(2027, 1, 19) + timedelta(weeks=2 * i) for i in range(6)]
    rhythm_only = {
        (datetime.combine(d, time(14)), datetime.combine(d, time(16)))
        for d in fortnights
        if d <= date(2027, 3, 31)
    }
    assert (
        got
        == expected_times(data)
        - {
            (wall(2026, 9, 15, 14), wall(2026, 9, 15, 16)),
            (wall(2026, 9, 29, 14), wall(2026, 9, 29, 16)),
        }
        | rhythm_only
    )
    # vobject expands the same rule to the same instants (the Radicale server's view).
    parsed = vobject.readOne(text_of(cal))
    master = next(e for e in parsed.vevent_list if "recurrence_id" not in e.contents)
    starts = [
        s.astimezone(zone).replace(tzinfo=None)
        for s in master.getrruleset(addRDate=True)
        if s < window_end
    ]
    assert wall(2026, 12, 8, 14) not in starts  # cancelled
    assert all(s.time() == time(14) for s in starts)
    # Seven slots from 13 Oct to 5 Jan, less the cancelled one, then the rhythm alone.
    assert len(starts) == 6 + len(rhythm_only)


def test_series_rules() -> None:
    data = sample_data()
    cal = ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar
    text = text_of(cal)
    (rrule_line,) = [line for line in text.split("\r\n") if line.startswith("RRULE:FREQ=WEEKLY")]
    assert "UNTIL=20270330T130000Z" in rrule_line  # 14:00 BST = 13:00 UTC
    assert "COUNT" not in rrule_line
    assert "INTERVAL=2" in rrule_line and "BYDAY=TU" in rrule_line
    assert "EXDATE;TZID=Europe/London:20261208T140000" in text
    events = events_of(cal)
    overrides = {
        e.decoded("recurrence-id").replace(tzinfo=None): e for e in events if "RECURRENCE-ID" in e
    }
    # Re-placed (v2), moved (Wednesday 15:30, 90 minutes) and the outing (12:00, elsewhere).
    assert set(overrides) == {
        wall(2026, 11, 10, 14),
        wall(2026, 11, 24, 14),
        wall(2026, 12, 22, 14),
    }
    moved = overrides[wall(2026, 11, 24, 14)]
    assert moved.decoded("dtstart").replace(tzinfo=None) == wall(2026, 11, 25, 15, 30)
    # Off the rhythm entirely (a Thursday special meeting): its own event and UID.
    extra = [e for e in events if str(e["UID"]).startswith("meeting-")]
    assert [str(e["UID"]) for e in extra] == ["meeting-g10@coordinator.invalid"]


def test_series_is_capped_at_730_occurrences() -> None:
    data = sample_data()
    weekly = replace(
        group_of(data), rhythm=Rhythm(1, RhythmUnit.WEEK, Weekday.TUE, None, time(14), 60)
    )
    export = ics.series_calendar(replace(data, group=weekly), NOW, end=date(2045, 1, 1))
    assert export.occurrences == ics.MAX_OCCURRENCES
    assert export.capped
    parsed = vobject.readOne(text_of(export.calendar))
    master = next(e for e in parsed.vevent_list if "recurrence_id" not in e.contents)
    # 730 less the dates that are off: the cancelled one, and the weekly days between the
    # fortnightly meetings planned so far (no meeting there).
    left_out = sum(len(line.value) for line in master.contents.get("exdate", []))
    assert left_out == 8
    assert len(list(master.getrruleset(addRDate=True))) == ics.MAX_OCCURRENCES - left_out
    # Said, not silent: the sentence the CLI prints and the app shows.
    request = ics.ExportRequest(ics.ExportKind.SERIES, end=date(2045, 1, 1))
    made = ics.make_export(replace(data, group=weekly), NOW, request, {})
    assert made.warning is not None and "stops at 730 dates, on 25 Sep 2040" in made.warning


def test_monthly_series_last_weekday() -> None:
    data = sample_data()
    monthly = replace(
        group_of(data), rhythm=Rhythm(1, RhythmUnit.MONTH, Weekday.THU, -1, time(11), 90)
    )
    data = replace(data, group=monthly, meetings=())
    cal = ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar
    assert "RRULE:FREQ=MONTHLY;UNTIL=20270325T110000Z;INTERVAL=1;BYDAY=-1TH" in text_of(cal)
    expanded = recurring_ical_events.of(Calendar.from_ical(ics.to_bytes(cal))).between(
        date(2026, 10, 1), date(2027, 4, 1)
    )
    days = [e.decoded("dtstart").date() for e in expanded]
    assert days == [
        date(2026, 10, 29),
        date(2026, 11, 26),
        date(2026, 12, 31),
        date(2027, 1, 28),
        date(2027, 2, 25),
        date(2027, 3, 25),
    ]


def test_every_three_months_keeps_the_groups_phase() -> None:
    rhythm = Rhythm(3, RhythmUnit.MONTH, Weekday.MON, 1, time(10), 60)
    days = ics.series_days(rhythm, date(2026, 2, 2), date(2026, 10, 1), date(2027, 6, 1))
    assert days == [date(2026, 11, 2), date(2027, 2, 1), date(2027, 5, 3)]


def test_series_state_keeps_sequence_until_the_series_changes() -> None:
    data = sample_data()
    first = ics.series_calendar(data, NOW, end=date(2027, 3, 31))
    assert first.state.sequence == 0
    later = NOW + timedelta(hours=3)
    again = ics.series_calendar(data, later, end=date(2027, 3, 31), last=first.state)
    assert again.state == first.state
    nine = data.meeting("g9")
    assert nine is not None
    moved = replace(nine, starts_at=nine.starts_at + timedelta(hours=1))
    changed = replace(data, meetings=(*[m for m in data.meetings if m.id != "g9"], moved))
    bumped = ics.series_calendar(changed, later, end=date(2027, 3, 31), last=first.state)
    assert bumped.state.uid == first.state.uid
    assert bumped.state.sequence == 1
    (master,) = [e for e in events_of(bumped.calendar) if "RRULE" in e]
    assert master.decoded("sequence") == 1
    assert ics.SeriesState.from_setting(bumped.state.to_setting()) == bumped.state
    assert ics.SeriesState.from_setting({"uid": "x", "sequence": "1", "fingerprint": ""}) is None
    assert ics.SeriesState.from_setting(None) is None


# --- sequence and cancellations through the real store -----------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "group.json", FixedClock(NOW))
    opened.replace_all(sample_data())
    return opened


def uid_and_sequence(cal: Calendar) -> tuple[str, int]:
    (event,) = events_of(cal)
    return str(event["UID"]), int(event.decoded("sequence"))


def test_unchanged_meeting_re_exports_the_same(store: Store) -> None:
    before = uid_and_sequence(ics.meeting_calendar(store.load(), "g3", NOW))
    meeting = store.meeting("g3")
    assert meeting is not None
    store.save_meeting(replace(meeting, topics=("pacing",), notes="private"))
    after = uid_and_sequence(ics.meeting_calendar(store.load(), "g3", NOW + timedelta(days=1)))
    assert after == before


def test_moved_meeting_re_exports_with_a_higher_sequence(store: Store) -> None:
    uid, sequence = uid_and_sequence(ics.meeting_calendar(store.load(), "g3", NOW))
    meeting = store.meeting("g3")
    assert meeting is not None
    store.save_meeting(replace(meeting, starts_at=meeting.starts_at + timedelta(hours=1)))
    new_uid, new_sequence = uid_and_sequence(ics.meeting_calendar(store.load(), "g3", NOW))
    assert new_uid == uid
    assert new_sequence > sequence


def test_cancellation_outranks_every_earlier_export(store: Store) -> None:
    _, published = uid_and_sequence(ics.meeting_calendar(store.load(), "g4", NOW))
    # Before the store knows: one above the meeting's sequence.
    early = ics.cancellation_calendar(store.load(), "g4", NOW)
    assert uid_and_sequence(early)[1] > published
    meeting = store.meeting("g4")
    assert meeting is not None
    store.save_meeting(replace(meeting, status=MeetingStatus.CANCELLED))
    cancel = ics.cancellation_calendar(store.load(), "g4", NOW)
    uid, sequence = uid_and_sequence(cancel)
    assert uid == "meeting-g4@coordinator.invalid"
    assert sequence > published
    assert sequence == uid_and_sequence(early)[1]
    assert cancel["METHOD"] == "CANCEL"
    (event,) = events_of(cancel)
    assert event["STATUS"] == "CANCELLED"
    assert not event.walk("VALARM")
    assert "Can't come" not in str(event["DESCRIPTION"])


def test_a_held_meeting_cannot_be_cancelled() -> None:
    with pytest.raises(ics.IcsError, match="was held"):
        ics.cancellation_calendar(sample_data(), "g1", NOW)


# --- hostile text ---------------------------------------------------------------------------


def hostile_data(text: str) -> GroupData:
    data = sample_data()
    assert data.group is not None
    group = replace(group_of(data), name=text, coordinator=CoordinatorContact(text, "", ""))
    venue = Venue("v1", text, text, text)
    return replace(data, group=group, venues=(venue, data.venues[1]))


def one_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.split("\n") if part.strip())


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_exactly(text: str) -> None:
    cal = ics.meeting_calendar(hostile_data(text), "g3", NOW)
    (event,) = events_of(cal)
    summary = one_line(text)
    assert event["SUMMARY"] == summary
    assert event["LOCATION"] == f"{summary}, {summary}"
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"{text}: peer support group meeting.\nAccess: {text.strip()}\n")
    assert description.endswith(f"Send apologies to {text.strip()}.")
    # One event, however the text tries to end it.
    assert ics.to_bytes(cal).split(b"\r\n").count(b"BEGIN:VEVENT") == 1
    # vobject reads the same text back.
    parsed = vobject.readOne(text_of(cal))
    assert parsed.vevent.summary.value == summary
    assert parsed.vevent.description.value == description


def test_control_characters_are_stripped() -> None:
    text = "Tea\x1b[31m time\x00\x07 \x7f!"
    (event,) = events_of(ics.meeting_calendar(hostile_data(text), "g3", NOW))
    assert event["SUMMARY"] == "Tea[31m time !"


safe_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip() and s == s.strip())


@settings(max_examples=60, deadline=None)
@given(text=safe_text)
def test_any_text_round_trips(text: str) -> None:
    cal = ics.meeting_calendar(hostile_data(text), "g3", NOW)
    (event,) = events_of(cal)
    assert event["SUMMARY"] == text
    assert str(event["DESCRIPTION"]).startswith(f"{text}: peer support group meeting.")
    assert vobject.readOne(text_of(cal)).vevent.summary.value == text


# --- the demo group ----------------------------------------------------------------------


def test_demo_group_exports_without_names() -> None:
    demo = pytest.importorskip("coordinator.demo")
    today = date(2026, 11, 23)
    data = demo.build_demo(today)
    now = datetime.combine(today, time(9), tzinfo=UTC)
    files = [
        ics.upcoming_calendar(data, now),
        ics.series_calendar(data, now).calendar,
        ics.cancellation_calendar(data, data.meetings[-1].id, now),
    ]
    names = {m.name for m in data.members} | {m.known_as for m in data.members if m.known_as}
    for cal in files:
        unfolded = text_of(cal).replace("\r\n ", "")
        assert not [name for name in names if name in unfolded]


# --- the one entry point -------------------------------------------------------------------


def test_make_export_says_what_it_holds() -> None:
    data = sample_data()
    request = ics.ExportRequest(ics.ExportKind.UPCOMING, count=2)
    made = ics.make_export(data, NOW, request, {})
    assert made.what == "2 meetings, 13 Oct 2026 to 27 Oct 2026"
    assert made.events == 2 and made.cancel is None and made.series_state is None
    assert made.content == ics.to_bytes(ics.upcoming_calendar(data, NOW, count=2))
    one = ics.make_export(data, NOW, ics.ExportRequest(ics.ExportKind.MEETING, "g7"), {})
    assert one.what == "the meeting on Tue 08 Dec 2026 14:00 (cancelled)"


def test_make_export_of_a_cancellation_asks_for_the_meeting_to_be_cancelled() -> None:
    data = sample_data()
    request = ics.ExportRequest(ics.ExportKind.CANCELLATION, "g4")
    made = ics.make_export(data, NOW, request, {})
    assert made.cancel is not None
    assert made.cancel.status is MeetingStatus.CANCELLED and made.cancel.id == "g4"
    already = ics.make_export(data, NOW, ics.ExportRequest(ics.ExportKind.CANCELLATION, "g7"), {})
    assert already.cancel is None
    with pytest.raises(ics.IcsError, match="choose a meeting"):
        ics.make_export(data, NOW, ics.ExportRequest(ics.ExportKind.CANCELLATION), {})


def test_make_export_of_the_series_uses_and_returns_its_state() -> None:
    data = sample_data()
    request = ics.ExportRequest(ics.ExportKind.SERIES, end=date(2027, 3, 31))
    first = ics.make_export(data, NOW, request, {})
    assert first.series_state is not None
    assert first.what == "the standing series (13 dates, every 2 weeks on Tuesday at 14:00)"
    saved = {ics.SERIES_SETTING: first.series_state.to_setting()}
    again = ics.make_export(data, NOW, request, saved)
    assert again.series_state == first.series_state
    renamed = replace(data, group=replace(group_of(data), name="Renamed Crew"))
    kept = ics.make_export(renamed, NOW, request, saved)
    assert kept.series_state is not None
    assert kept.series_state.uid == first.series_state.uid
    assert kept.series_state.sequence == first.series_state.sequence + 1


def test_default_filenames() -> None:
    data = sample_data()
    meeting = data.meeting("g5")
    assert ics.default_filename(data, ics.ExportKind.UPCOMING) == "tuesday-crew-upcoming.ics"
    assert ics.default_filename(data, ics.ExportKind.SERIES) == "tuesday-crew-series.ics"
    assert (
        ics.default_filename(data, ics.ExportKind.CANCELLATION, meeting)
        == "tuesday-crew-cancelled-2026-11-10.ics"
    )
    odd = replace(data, group=replace(group_of(data), name="🫖 ../../etc"))
    assert ics.default_filename(odd, ics.ExportKind.UPCOMING) == "etc-upcoming.ics"


def test_a_literal_backslash_n_is_escaped_not_turned_into_a_line_break() -> None:
    # icalendar's own escaping turns the two characters \N into a line break.
    cal = ics.meeting_calendar(hostile_data("C:\\New folder"), "g3", NOW)
    raw = ics.to_bytes(cal)
    assert b"SUMMARY:C:\\\\New folder\r\n" in raw
    (event,) = events_of(cal)
    assert event["SUMMARY"] == "C:\\New folder"


# --- the series against an independent rule ------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    zone_name=st.sampled_from([*ZONES, "Australia/Sydney"]),
    weekly=st.booleans(),
    every=st.integers(1, 3),
    weekday=st.integers(0, 6),
    nth=st.sampled_from([1, 2, 3, 4, -1]),
    hour=st.integers(8, 20),
    start_offset=st.integers(1, 300),
    changes=st.lists(st.sampled_from(["keep", "cancel", "later", "next day"]), max_size=6),
)
def test_series_expands_to_what_the_meetings_say(
    zone_name: str,
    weekly: bool,
    every: int,
    weekday: int,
    nth: int,
    hour: int,
    start_offset: int,
    changes: list[str],
) -> None:
    """Rhythm dates from dateutil (not our arithmetic), some meetings cancelled or moved;
    recurring-ical-events must expand the series to exactly the meetings still on."""
    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday as rrule_weekday

    zone = ZoneInfo(zone_name)
    day_name = list(Weekday)[weekday]
    if weekly:
        rhythm = Rhythm(every, RhythmUnit.WEEK, day_name, None, time(hour), 90)
        rule = rrule(
            WEEKLY, interval=every, byweekday=rrule_weekday(weekday), dtstart=wall(2026, 1, 5, hour)
        )
    else:
        rhythm = Rhythm(every, RhythmUnit.MONTH, day_name, nth, time(hour), 90)
        rule = rrule(
            MONTHLY,
            interval=every,
            byweekday=rrule_weekday(weekday)(nth),
            dtstart=wall(2026, 1, 1, hour),
        )
    first = rule[0]
    start = first.date() + timedelta(days=start_offset)
    end = start + timedelta(days=200)
    slots = [
        s
        for s in rule.between(
            wall(start.year, start.month, start.day, 0),
            wall(end.year, end.month, end.day, 23),
            inc=True,
        )
    ]
    data = sample_data(zone_name)
    assert data.group is not None
    group = replace(group_of(data), rhythm=rhythm)
    length = timedelta(minutes=90)
    held = Meeting("h0", first.replace(tzinfo=zone), 90, venue_id="v1", status=MeetingStatus.HELD)
    meetings = [held]
    expected = set()
    for i, slot in enumerate(slots):
        change = changes[i] if i < len(changes) else None
        begins = slot + {"later": timedelta(hours=1), "next day": timedelta(days=1)}.get(
            change or "", timedelta(0)
        )
        if change is not None:
            status = MeetingStatus.CANCELLED if change == "cancel" else MeetingStatus.PLANNED
            meetings.append(
                Meeting(f"p{i}", begins.replace(tzinfo=zone), 90, venue_id="v1", status=status)
            )
        if change != "cancel":
            expected.add((begins, begins + length))
    data = replace(data, group=group, meetings=tuple(meetings))
    now = datetime.combine(start, time(0), tzinfo=zone)
    cal = ics.series_calendar(data, now, start=start, end=end).calendar
    window = (
        datetime.combine(start, time(0), tzinfo=zone),
        datetime.combine(end + timedelta(days=3), time(0), tzinfo=zone),
    )
    expanded = recurring_ical_events.of(Calendar.from_ical(ics.to_bytes(cal))).between(*window)
    got = {
        (
            e.decoded("dtstart").astimezone(zone).replace(tzinfo=None),
            e.decoded("dtend").astimezone(zone).replace(tzinfo=None),
        )
        for e in expanded
    }
    assert got == expected


def test_make_export_counts_cancelled_meetings_among_the_upcoming() -> None:
    request = ics.ExportRequest(ics.ExportKind.UPCOMING, count=5)
    made = ics.make_export(sample_data(), NOW, request, {})
    assert made.what == "6 meetings, 13 Oct 2026 to 22 Dec 2026 (1 of them cancelled)"


def test_one_meeting_moved_by_a_week_does_not_flip_the_fortnight() -> None:
    data = sample_data()
    two = data.meeting("g2")
    assert two is not None
    moved = replace(two, starts_at=two.starts_at + timedelta(weeks=1))
    data = replace(data, meetings=(*[m for m in data.meetings if m.id != "g2"], moved))
    cal = ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar
    (master,) = [e for e in events_of(cal) if "RRULE" in e]
    assert master.decoded("dtstart").date() == date(2026, 10, 13)


def test_a_group_with_no_meetings_yet_starts_from_its_first_day() -> None:
    data = replace(sample_data(), meetings=())
    cal = ics.series_calendar(data, NOW, end=date(2026, 12, 31)).calendar
    (master,) = [e for e in events_of(cal) if "RRULE" in e]
    # Started on Tuesday 4 March 2025: 42 fortnights on is 13 October 2026 (not the 6th).
    assert master.decoded("dtstart").date() == date(2026, 10, 13)


def test_a_meeting_before_the_first_slot_is_still_in_the_series_file() -> None:
    data = sample_data()
    zone = ZoneInfo("Europe/London")
    extra = Meeting("x1", datetime(2026, 10, 7, 11, tzinfo=zone), 60, venue_id="v2",
                    kind=MeetingKind.SPECIAL)  # fmt: skip
    data = replace(data, meetings=(*data.meetings, extra))
    cal = ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar
    uids = [str(e["UID"]) for e in events_of(cal)]
    assert "meeting-x1@coordinator.invalid" in uids


def test_next_n_leaves_out_a_cancellation_after_the_nth_meeting_that_is_on() -> None:
    data = sample_data()
    assert [m.id for m in ics.upcoming_meetings(data, NOW, count=4)] == ["g3", "g4", "g5", "g6"]
    # The cancelled g7 comes before the fifth that is on, so it is sent with them.
    assert "g7" in [m.id for m in ics.upcoming_meetings(data, NOW, count=5)]
