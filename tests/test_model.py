"""The model checks itself: every message names the field in the coordinator's words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, strategies as st

from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Consent,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    RhythmUnit,
    ValidationError,
    Venue,
    Weekday,
    active_on,
    check_email,
    check_phone,
    parse_date,
    parse_int,
    parse_time,
)

LONDON = ZoneInfo("Europe/London")


def message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value)


# --- phone and email ----------------------------------------------------------------


@pytest.mark.parametrize("phone", ["07700 900123", "+44 (0)117 496 0000", "0117-496.0000", ""])
def test_good_phones(phone: str) -> None:
    assert check_phone(phone) == phone


def test_phone_with_letters_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Member("m3", "Priya Shah", phone="07700 9OO123")
    assert message(caught) == "Phone: has letters in it"
    assert caught.value.field == "Phone"


@pytest.mark.parametrize(
    ("phone", "problem"),
    [("077#00", "may only hold digits"), ("12", "needs at least 3 digits"), ("1" * 41, "too long")],
)
def test_other_bad_phones(phone: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        check_phone(phone, "Support line phone")


@pytest.mark.parametrize("email", ["ann@example.org", "a.b+c@mail.example.co.uk", ""])
def test_good_emails(email: str) -> None:
    assert check_email(email) == email


@pytest.mark.parametrize("email", ["ann", "ann@example", "ann @example.org", "@example.org"])
def test_bad_email_names_the_field(email: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Member("m1", "Ann", email=email)
    assert message(caught).startswith("Email: does not look like an email address")


# --- dates and times as typed ----------------------------------------------------------


@pytest.mark.parametrize("text", ["2025-02-31", "31/02/2025", "31 Feb 2025", "29/2/2025"])
def test_31_february_is_not_a_real_date(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "Joined on")
    assert message(caught) == f"Joined on: {text!r} is not a real date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-04", date(2025, 3, 4)),
        ("4/3/2025", date(2025, 3, 4)),  # day first, as in the UK
        ("4.3.2025", date(2025, 3, 4)),
        ("4 Mar 2025", date(2025, 3, 4)),
        ("4 march 2025", date(2025, 3, 4)),
        ("29 Feb 2024", date(2024, 2, 29)),
        ("  2025-03-04 ", date(2025, 3, 4)),
    ],
)
def test_dates_as_people_type_them(text: str, expected: date) -> None:
    assert parse_date(text, "Date") == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is required"),
        ("next Tuesday", "is not a date I can read"),
        ("4 Smarch 2025", "is not a date I can read"),
        ("2025-13-01", "has no month 13"),
    ],
)
def test_unreadable_dates(text: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem) as caught:
        parse_date(text, "Away from")
    assert caught.value.field == "Away from"


def test_optional_date_may_be_empty() -> None:
    assert parse_date("  ", "Contact checked on", required=False) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_real_date_reads_back_in_every_form(day: date) -> None:
    assert parse_date(day.isoformat(), "Date") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}", "Date") == day
    assert parse_date(day.strftime("%d %b %Y"), "Date") == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", time(14, 0)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2:30 pm", time(14, 30)),
        ("2.30pm", time(14, 30)),
        ("1430", time(14, 30)),
        ("9", time(9, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("00:00", time(0, 0)),
    ],
)
def test_times_as_people_type_them(text: str, expected: time) -> None:
    assert parse_time(text, "Usual time") == expected


@pytest.mark.parametrize("text", ["25:00", "14:60", "13pm", "0am", "teatime", "", "2:3pm"])
def test_impossible_times_name_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_time(text, "Usual time")
    assert message(caught).startswith("Usual time: ")
    assert "try 14:00 or 2pm" in message(caught) or "not a time of day" in message(caught)


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_of_day_reads_back(hour: int, minute: int) -> None:
    assert parse_time(f"{hour:02d}:{minute:02d}", "Time") == time(hour, minute)
    twelve = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    assert parse_time(f"{twelve}:{minute:02d}{suffix}", "Time") == time(hour, minute)


def test_whole_numbers() -> None:
    assert parse_int(" 3 ", "Guests", 0, 500) == 3
    with pytest.raises(ValidationError, match="Guests: 'three' is not a whole number"):
        parse_int("three", "Guests", 0, 500)
    with pytest.raises(ValidationError, match="Guests: should be between 0 and 500"):
        parse_int("501", "Guests", 0, 500)


# --- records ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Member("m1", name)
    assert message(caught) == "Name: is required"
    with pytest.raises(ValidationError, match="Group name: is required"):
        Group(name)
    with pytest.raises(ValidationError, match="Venue name: is required"):
        Venue("v1", name)


def test_away_end_before_start() -> None:
    with pytest.raises(ValidationError) as caught:
        AwayPeriod(date(2025, 7, 20), date(2025, 7, 1), "holiday")
    assert message(caught) == "Away until: is before the away-from date"
    one_day = AwayPeriod(date(2025, 7, 1), date(2025, 7, 1))
    assert one_day.covers(date(2025, 7, 1)) and not one_day.covers(date(2025, 7, 2))


def test_error_can_name_the_enclosing_record() -> None:
    error = ValidationError("Phone", "has letters in it").within("member m3")
    assert str(error) == "member m3: Phone: has letters in it"
    assert str(error.within("bundle")) == "bundle, member m3: Phone: has letters in it"


def test_too_long_text_says_how_long() -> None:
    with pytest.raises(ValidationError, match=r"Name: is too long \(201 characters; at most 200\)"):
        Member("m1", "x" * 201)


def test_bad_ids_and_enums() -> None:
    with pytest.raises(ValidationError, match="Member id: should be a short code"):
        Member("m 1", "Ann")
    with pytest.raises(ValidationError, match="Status: 'gone' is not one of: active, paused, left"):
        Member("m1", "Ann", status="gone")  # type: ignore[arg-type]
    assert Member("m1", "Ann", status="left").status is MemberStatus.LEFT  # type: ignore[arg-type]


def test_rhythm_rules() -> None:
    with pytest.raises(ValidationError, match="Which weekday of the month: should be 1-4 or last"):
        Rhythm(1, RhythmUnit.MONTH, Weekday.TUE, None)
    with pytest.raises(ValidationError, match="only applies to monthly rhythms"):
        Rhythm(2, RhythmUnit.WEEK, Weekday.TUE, 2)
    with pytest.raises(ValidationError, match="Every how many: should be between 1 and 12"):
        Rhythm(0)
    with pytest.raises(ValidationError, match="Length"):
        Rhythm(duration_minutes=5)
    assert Rhythm().describe() == "every 2 weeks on Tuesday at 14:00"
    monthly = Rhythm(1, RhythmUnit.MONTH, Weekday.THU, -1, time(10, 30))
    assert monthly.describe() == "the last Thursday every month at 10:30"
    assert Rhythm(3, RhythmUnit.MONTH, Weekday.MON, 1).describe().startswith("the first Monday")


def test_group_timezone() -> None:
    with pytest.raises(ValidationError, match="Timezone: 'Mars/Olympus' is not a known timezone"):
        Group("Crew", timezone="Mars/Olympus")
    assert Group("Crew", timezone="America/New_York").zone == ZoneInfo("America/New_York")


def test_meeting_needs_an_aware_start_and_sane_numbers() -> None:
    with pytest.raises(ValidationError, match="Starts at"):
        Meeting("g1", datetime(2025, 3, 4, 14))  # noqa: DTZ001 - the point of the test
    start = datetime(2025, 3, 4, 14, tzinfo=LONDON)
    with pytest.raises(ValidationError, match="Guests: should be between 0 and 500"):
        Meeting("g1", start, guests=501)
    with pytest.raises(ValidationError, match="Topic: is required"):
        Meeting("g1", start, topics=("pacing", " "))
    meeting = Meeting("g1", start, duration_minutes=90)
    assert meeting.ends_at == start + timedelta(minutes=90)
    assert meeting.day == date(2025, 3, 4)


def test_marks_and_calendar_changes() -> None:
    start = datetime(2025, 3, 4, 14, tzinfo=LONDON)
    meeting = Meeting("g1", start, venue_id="v1", status=MeetingStatus.HELD)
    marked = meeting.with_mark("m1", AttendanceMark(Mark.PRESENT))
    assert marked.mark_for("m1") == AttendanceMark(Mark.PRESENT)
    assert meeting.mark_for("m1") is None  # the original is unchanged
    assert marked.with_mark("m1", None).attendance == {}
    assert not meeting.changed_for_calendars(marked)
    assert meeting.changed_for_calendars(Meeting("g1", start, venue_id="v2"))
    moved = Meeting("g1", start + timedelta(hours=1), venue_id="v1")
    assert meeting.changed_for_calendars(moved)


def test_member_helpers() -> None:
    maggie = Member(
        "m1",
        "Margaret Ellis",
        known_as="Maggie",
        joined_on=date(2025, 3, 4),
        away=[AwayPeriod(date(2025, 7, 1), date(2025, 7, 20))],  # type: ignore[arg-type]
    )
    assert maggie.display_name == "Maggie"
    assert Member("m2", "Sam").display_name == "Sam"
    assert isinstance(maggie.away, tuple)
    assert maggie.is_away(date(2025, 7, 10)) and not maggie.is_away(date(2025, 7, 21))
    assert maggie.was_member_on(date(2025, 3, 4)) and not maggie.was_member_on(date(2025, 3, 3))


def test_active_on_counts_people_who_left_later() -> None:
    day = date(2025, 6, 1)
    members = [
        Member("m1", "Ann"),
        Member("m2", "Bo", status=MemberStatus.LEFT, status_since=date(2025, 7, 1)),
        Member("m3", "Cy", status=MemberStatus.LEFT, status_since=date(2025, 5, 1)),
        Member("m4", "Di", status=MemberStatus.PAUSED, status_since=None),
        Member("m5", "Ed", joined_on=date(2025, 6, 2)),
    ]
    assert [m.id for m in active_on(members, day)] == ["m1", "m2"]


# Days close together, so joining, pausing, leaving and time away land on the same days.
NEAR_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 2, 28))


@st.composite
def roster_members(draw: st.DrawFn) -> Member:
    """Anyone the roster can hold: any status, with or without the dates, away or not."""
    away = draw(st.lists(st.tuples(NEAR_DAYS, st.integers(0, 20)), max_size=2))
    return Member(
        "m1",
        "Sam",
        joined_on=draw(st.none() | NEAR_DAYS),
        status=draw(st.sampled_from(MemberStatus)),
        status_since=draw(st.none() | NEAR_DAYS),
        away=tuple(AwayPeriod(start, start + timedelta(days=n)) for start, n in away),
    )


@given(roster_members(), NEAR_DAYS)
@example(Member("m1", "Jo", joined_on=date(2025, 1, 9)), date(2025, 1, 9))
@example(
    Member("m1", "Jo", status=MemberStatus.LEFT, status_since=date(2025, 1, 9)), date(2025, 1, 9)
)
@example(
    Member("m1", "Jo", status=MemberStatus.PAUSED, status_since=date(2025, 1, 9)),
    date(2025, 1, 8),
)
@example(Member("m1", "Jo", status=MemberStatus.PAUSED), date(2025, 1, 8))
@example(
    Member("m1", "Jo", away=(AwayPeriod(date(2025, 1, 1), date(2025, 1, 31)),)), date(2025, 1, 9)
)
def test_on_the_roster_is_one_rule(member: Member, day: date) -> None:
    """On the roster on a day: joined by then (no join date: always), and active, or
    paused or left only after that day (paused or left with no date: never). Time away
    does not take anyone off the roster; it only makes them not expected that day."""
    joined = member.joined_on is None or member.joined_on <= day
    not_gone = member.status is MemberStatus.ACTIVE or (
        member.status_since is not None and day < member.status_since
    )
    assert member.on_roster(day) is (joined and not_gone)
    assert replace(member, away=()).on_roster(day) is member.on_roster(day)
    assert member.expected_on(day) is (member.on_roster(day) and not member.is_away(day))
    # active_on is the same rule over many members (watch, trends and reports use both).
    assert active_on([member], day) == ([member] if member.on_roster(day) else [])


@given(roster_members(), NEAR_DAYS, NEAR_DAYS, NEAR_DAYS)
def test_the_days_on_the_roster_have_no_gap(
    member: Member, first: date, middle: date, last: date
) -> None:
    """The days someone is on the roster run unbroken from joining to pausing or leaving
    (time away makes no hole in them)."""
    first, middle, last = sorted((first, middle, last))
    if member.on_roster(first) and member.on_roster(last):
        assert member.on_roster(middle)
    if member.joined_on is not None and first < member.joined_on:
        assert not member.on_roster(first)


def test_group_data_orders_and_finds() -> None:
    late = Meeting("g2", datetime(2025, 3, 18, 14, tzinfo=LONDON), status=MeetingStatus.HELD)
    early = Meeting("g1", datetime(2025, 3, 4, 14, tzinfo=LONDON), status=MeetingStatus.HELD)
    planned = Meeting("g3", datetime(2025, 4, 1, 14, tzinfo=LONDON))
    notes = [
        OutreachNote("c2", "m1", date(2025, 3, 20)),
        OutreachNote("c1", "m1", date(2025, 3, 10)),
    ]
    data = GroupData(
        group=Group("Crew"),
        venues=[Venue("v1", "Riverside Cafe")],  # type: ignore[arg-type]
        members=[Member("m1", "Ann")],  # type: ignore[arg-type]
        meetings=[planned, late, early],  # type: ignore[arg-type]
        contacts=notes,  # type: ignore[arg-type]
    )
    assert [m.id for m in data.meetings] == ["g1", "g2", "g3"]
    assert [c.id for c in data.contacts] == ["c1", "c2"]
    assert [m.id for m in data.held_meetings()] == ["g1", "g2"]
    assert [m.id for m in data.held_meetings(until=date(2025, 3, 17))] == ["g1"]
    assert data.member("m1") is not None and data.member("m9") is None
    assert data.meeting("g2") is late
    assert [c.id for c in data.contacts_for("m1")] == ["c1", "c2"]
    assert data.place_of(Meeting("g4", early.starts_at, venue_id="v1")) == "Riverside Cafe"
    assert data.place_of(Meeting("g5", early.starts_at, location="The park")) == "The park"
    assert data.place_of(Meeting("g6", early.starts_at)) == "place not set"


def test_records_compare_and_show_by_their_fields() -> None:
    mark = AttendanceMark(Mark.APOLOGIES, Reason.TRANSPORT)
    assert mark == AttendanceMark(Mark.APOLOGIES, Reason.TRANSPORT)
    assert mark != AttendanceMark(Mark.APOLOGIES)
    assert mark != (Mark.APOLOGIES, Reason.TRANSPORT, "", {})  # only the same class is equal
    assert Consent() != CoordinatorContact()
    assert repr(mark) == (
        "AttendanceMark(status=<Mark.APOLOGIES: 'apologies'>, "
        "reason=<Reason.TRANSPORT: 'transport'>, note='', extra={})"
    )
    rhythm = Rhythm(every=1)
    assert hash(rhythm) == hash(Rhythm(every=1)) and len({rhythm, Rhythm(every=1)}) == 1


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 23),
            st.sampled_from(list(MeetingStatus)),
            st.sampled_from(["Europe/London", "Pacific/Auckland", "America/Los_Angeles"]),
        ),
        max_size=12,
    ),
    st.one_of(st.none(), st.integers(-1, 4)),
    st.booleans(),
)
@example(  # Auckland's 2 March 01:00 is before London's 1 March 23:00
    rows=[
        (1, 1, MeetingStatus.HELD, "Pacific/Auckland"),
        (0, 23, MeetingStatus.HELD, "Europe/London"),
    ],
    until_offset=0,
    one_zone=False,
)
def test_held_meetings_are_found_once_and_match_the_plain_rule(
    rows: list[tuple[int, int, MeetingStatus, str]], until_offset: int | None, one_zone: bool
) -> None:
    """held_meetings remembers what it found (a report asks five times); the answer is
    always the held meetings on or before ``until``, in order, even when meetings are in
    different zones (so their days are not in the order of their times)."""
    first = date(2025, 3, 1)
    meetings = [
        Meeting(
            f"g{i}",
            datetime.combine(
                first + timedelta(days=days),
                time(hour),
                ZoneInfo("Europe/London" if one_zone else zone),
            ),
            status=status,
        )
        for i, (days, hour, status, zone) in enumerate(rows)
    ]
    data = GroupData(group=None, meetings=tuple(meetings))
    until = None if until_offset is None else first + timedelta(days=until_offset)
    expected = [
        m
        for m in data.meetings
        if m.status is MeetingStatus.HELD and (until is None or m.day <= until)
    ]
    assert data.held_meetings(until) == expected
    assert data.held_meetings(until) == expected  # again, from what it remembered
    assert data == GroupData(group=None, meetings=tuple(meetings))  # a cache, not a field
