"""Calendar files through a meeting's life: the cases from issue 16, one by one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from coordinator.application import meetings as flows
from coordinator.bundle import carry_calendar_identity, export_bundle, import_bundle
from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import (
    CoordinatorContact,
    Group,
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    ValidationError,
    Venue,
    Weekday,
)
from coordinator.schedule import ambiguity_note, local_start
from coordinator.store import Store
from tests.test_ics import NOW, sample_data

LONDON = ZoneInfo("Europe/London")


def second_thursdays(tmp_path: Path) -> Store:
    """The issue's group: the 2nd Thursday of each month, three meetings planned."""
    store = Store.open(tmp_path / "group.json", FixedClock(datetime(2026, 12, 1, tzinfo=UTC)))
    with store.batch():
        store.save_group(
            Group(
                name="Second Thursdays",
                timezone="Europe/London",
                rhythm=Rhythm(1, RhythmUnit.MONTH, Weekday.THU, 2, time(14), 120),
                started_on=date(2026, 11, 12),
                default_venue_id="v1",
                coordinator=CoordinatorContact("Ann", "", ""),
            )
        )
        store.save_venue(Venue("v1", "Riverside Cafe", "1 Quay St,\nBristol"))
    flows.plan(store, datetime(2026, 12, 1, tzinfo=UTC), 3)
    return store


def series_of(store: Store) -> Calendar:
    made = ics.make_export(
        store.load(),
        datetime(2026, 12, 1, tzinfo=UTC),
        ics.ExportRequest(ics.ExportKind.SERIES, end=date(2027, 2, 28)),
        store.settings(),
    )
    return Calendar.from_ical(made.content)


def expanded_days(cal: Calendar) -> list[datetime]:
    events = recurring_ical_events.of(cal).between(date(2026, 12, 1), date(2027, 3, 1))
    return sorted(e.decoded("dtstart").replace(tzinfo=None) for e in events)


@pytest.mark.parametrize(
    "to",
    [date(2027, 1, 21), date(2027, 1, 15), date(2027, 1, 7), date(2027, 2, 18), date(2026, 12, 3)],
    ids=["a-week-later", "next-day", "a-week-before", "past-the-next-one", "past-the-one-before"],
)
def test_a_moved_meeting_is_its_occurrence_moved_however_far(tmp_path: Path, to: date) -> None:
    store = second_thursdays(tmp_path)
    january = next(m for m in store.meetings() if m.day == date(2027, 1, 14))
    flows.move(store, january.id, to)
    cal = series_of(store)
    text = cal.to_ical().decode()
    assert "RECURRENCE-ID;TZID=Europe/London:20270114T140000" in text
    assert f"meeting-{january.id}@" not in text  # never a second event
    days = [date(2026, 12, 10), to, date(2027, 2, 11)]
    assert expanded_days(cal) == sorted(datetime.combine(day, time(14)) for day in days)
    store.close()


def test_a_move_across_the_clock_change_keeps_the_wall_time(tmp_path: Path) -> None:
    store = second_thursdays(tmp_path)
    december = next(m for m in store.meetings() if m.day == date(2026, 12, 10))
    done = flows.move(store, december.id, date(2027, 4, 1), time(10, 30))
    assert done.meeting.starts_at.utcoffset() == timedelta(hours=1)  # summer time
    made = ics.make_export(
        store.load(),
        datetime(2026, 12, 1, tzinfo=UTC),
        ics.ExportRequest(ics.ExportKind.SERIES, end=date(2027, 4, 30)),
        {},
    )
    events = recurring_ical_events.of(Calendar.from_ical(made.content)).between(
        date(2027, 4, 1), date(2027, 4, 2)
    )
    (moved,) = events
    assert moved.decoded("dtstart").astimezone(UTC) == datetime(2027, 4, 1, 9, 30, tzinfo=UTC)
    store.close()


def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_said() -> None:
    with pytest.raises(ValidationError) as refused:
        local_start(date(2026, 3, 29), time(1, 30), LONDON)
    assert str(refused.value) == (
        "Start time: 01:30 does not exist on Sun 29 Mar 2026 in Europe/London: the clocks go "
        "forward that night from 01:00 to 02:00; choose 02:00 or later, or before 01:00"
    )
    twice = local_start(date(2026, 10, 25), time(1, 30), LONDON)
    assert twice.fold == 0 and twice.utcoffset() == timedelta(hours=1)
    assert "happens twice" in (ambiguity_note(twice) or "")
    assert ambiguity_note(local_start(date(2026, 10, 25), time(3), LONDON)) is None


def test_cancellation_forms() -> None:
    data = sample_data()
    with_email = Calendar.from_ical(ics.to_bytes(ics.cancellation_calendar(data, "g4", NOW)))
    assert with_email["METHOD"] == "CANCEL"
    (event,) = with_email.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:ann@example.org"
    assert "ATTENDEE" not in event
    assert data.group is not None
    no_email = replace(data.group, coordinator=replace(data.group.coordinator, email=""))
    cal = ics.cancellation_calendar(replace(data, group=no_email), "g4", NOW)
    parsed = Calendar.from_ical(ics.to_bytes(cal))
    assert parsed["METHOD"] == "PUBLISH"
    (event,) = parsed.walk("VEVENT")
    assert "ORGANIZER" not in event and event["STATUS"] == "CANCELLED"
    assert int(event.decoded("sequence")) == 1  # above the 0 sent while it was on


def test_a_name_only_on_files_with_more_than_one_event() -> None:
    data = sample_data()
    one = ics.upcoming_calendar(data, NOW, start=date(2026, 10, 13), end=date(2026, 10, 13))
    assert "X-WR-CALNAME" not in one and "NAME" not in one
    assert "X-WR-CALNAME" in ics.upcoming_calendar(data, NOW, count=2)
    plain = replace(data, meetings=tuple(m for m in data.meetings if m.id != "g10"))
    series = ics.series_calendar(plain, NOW, end=date(2027, 3, 31)).calendar
    assert "X-WR-CALNAME" not in series  # one UID: the series alone
    assert "X-WR-CALNAME" in ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar


def test_an_address_ending_in_a_comma_is_not_doubled() -> None:
    data = sample_data()
    data = replace(data, venues=(Venue("v1", "Riverside Cafe,", "1 Quay St,\nBristol,"),))
    (event,) = Calendar.from_ical(ics.to_bytes(ics.meeting_calendar(data, "g4", NOW))).walk(
        "VEVENT"
    )
    assert str(event["LOCATION"]) == "Riverside Cafe, 1 Quay St, Bristol"


def test_the_series_identity_travels_in_the_bundle_and_survives_a_rename() -> None:
    data = sample_data()
    first = ics.series_calendar(data, NOW, end=date(2027, 3, 31))
    assert data.group is not None
    group = ics.with_series_state(data.group, first.state._replace(sequence=3))
    renamed = replace(data, group=replace(group, name="Renamed Crew"))
    handed = import_bundle(export_bundle(renamed, NOW))
    state = ics.series_state(handed, {})
    assert state is not None and state.uid == first.state.uid and state.sequence == 3
    again = ics.series_calendar(handed, NOW, end=date(2027, 3, 31), last=state)
    assert again.state.uid == first.state.uid and again.state.sequence == 4  # name changed


def test_import_replace_never_lowers_a_sequence() -> None:
    current = sample_data()
    older = sample_data()
    g5 = older.meeting("g5")
    assert g5 is not None
    moved = replace(g5, starts_at=g5.starts_at + timedelta(hours=1), sequence=0)
    incoming = replace(older, meetings=tuple(moved if m.id == "g5" else m for m in older.meetings))
    carried = carry_calendar_identity(current, incoming)
    by_id = {m.id: m for m in carried.meetings}
    assert by_id["g5"].sequence == 2  # the file had 1; the time differs
    assert by_id["g6"].sequence == 2  # unchanged: as the file
    assert by_id["g3"].sequence == 0


def test_removing_a_venue_raises_its_meetings_sequence(tmp_path: Path) -> None:
    with Store.open(tmp_path / "g.json", FixedClock(NOW)) as store:
        store.replace_all(sample_data())
        store.delete_venue("v2")
        g5 = store.meeting("g5")
        assert g5 is not None
        assert (g5.venue_id, g5.location, g5.sequence) == (None, "St Mark's Community Room", 2)


def test_a_rhythm_day_with_no_meeting_up_to_the_last_planned_is_left_out() -> None:
    data = sample_data()
    without_g9 = replace(data, meetings=tuple(m for m in data.meetings if m.id != "g9"))
    g10 = Meeting("g11", datetime(2027, 1, 19, 14, tzinfo=LONDON), venue_id="v1")
    data = replace(without_g9, meetings=(*without_g9.meetings, g10))
    text = ics.to_bytes(ics.series_calendar(data, NOW, end=date(2027, 3, 31)).calendar).decode()
    assert "EXDATE;TZID=Europe/London:20261208T140000,20270105T140000" in text
    assert not any(m.status is MeetingStatus.HELD and m.day > NOW.date() for m in data.meetings)


def test_what_the_group_record_keeps_is_read_before_old_settings() -> None:
    data = sample_data()
    old = {"ics_series": {"uid": "series-old@x", "sequence": 7, "fingerprint": "f"}}
    assert ics.series_state(data, old) == ics.SeriesState("series-old@x", 7, "f")
    assert data.group is not None
    newer = ics.with_series_state(data.group, ics.SeriesState("series-new@x", 2, "g", ("g10",)))
    state = ics.series_state(GroupData(newer), old)
    assert state == ics.SeriesState("series-new@x", 2, "g", ("g10",))


def test_a_meeting_across_the_clock_change_lasts_its_full_length() -> None:
    """00:30 for two hours on the spring-forward night ends at 03:30 summer time; a
    01:30 start from an older file (the clocks skip it) is read as calendars read it,
    and still lasts its hour: never a zero-length event."""
    night = Meeting("g1", datetime(2026, 3, 29, 0, 30, tzinfo=LONDON), 120)
    assert night.ends_at == datetime(2026, 3, 29, 3, 30, tzinfo=LONDON)
    skipped = Meeting("g2", datetime(2026, 3, 29, 1, 30, tzinfo=LONDON), 60)
    length = skipped.ends_at.astimezone(UTC) - skipped.starts_at.astimezone(UTC)
    assert length == timedelta(hours=1)
    data = replace(sample_data(), meetings=(night, skipped))
    for meeting_id in ("g1", "g2"):
        (event,) = Calendar.from_ical(
            ics.to_bytes(ics.meeting_calendar(data, meeting_id, NOW))
        ).walk("VEVENT")
        length = event.decoded("dtend").astimezone(UTC) - event.decoded("dtstart").astimezone(UTC)
        assert length > timedelta(0)


def _upcoming(store: Store, **window: object) -> Calendar:
    made = ics.make_export(
        store.load(),
        datetime(2026, 12, 1, tzinfo=UTC),
        ics.ExportRequest(ics.ExportKind.UPCOMING, **window),  # type: ignore[arg-type]
        store.settings(),
    )
    return Calendar.from_ical(made.content)


def _calendar_after(files: list[Calendar]) -> dict[str, tuple[int, datetime, str]]:
    """What a calendar holds after importing ``files`` in turn: by UID, the event with the
    highest sequence (RFC 5546: a higher sequence replaces the event)."""
    held: dict[str, tuple[int, datetime, str]] = {}
    for cal in files:
        for event in cal.walk("VEVENT"):
            uid = str(event["UID"])
            seq = int(event.get("SEQUENCE", 0))
            if uid not in held or seq >= held[uid][0]:
                start = event.decoded("DTSTART").replace(tzinfo=None)
                held[uid] = (seq, start, str(event.get("STATUS", "CONFIRMED")))
    return held


@pytest.mark.parametrize(
    "to",
    [date(2027, 1, 21), date(2027, 3, 25), date(2026, 11, 26), date(2027, 1, 15)],
    ids=["a-week-later", "out-past-the-window", "into-the-past", "next-day"],
)
@pytest.mark.parametrize(
    "window",
    [{"count": 2}, {"count": 3}, {"start": date(2027, 1, 1), "end": date(2027, 1, 31)}, {}],
    ids=["next-2", "next-3", "january", "all-ahead"],
)
def test_the_same_window_sent_again_moves_a_meeting_moved_out_of_it(
    tmp_path: Path, to: date, window: dict[str, object]
) -> None:
    store = second_thursdays(tmp_path)
    january = next(m for m in store.meetings() if m.day == date(2027, 1, 14))
    before = _upcoming(store, **window)
    flows.move(store, january.id, to)
    after = _upcoming(store, **window)
    held = _calendar_after([before, after])
    uid = f"meeting-{january.id}@coordinator.invalid"
    if uid in {str(e["UID"]) for e in before.walk("VEVENT")}:
        assert uid in held and held[uid][1] == datetime.combine(to, time(14)), held
    store.close()


def _export(store: Store, request: ics.ExportRequest) -> ics.IcsFile:
    return ics.make_export(
        store.load(), datetime(2026, 12, 1, tzinfo=UTC), request, store.settings()
    )


def _send_series(store: Store) -> None:
    made = _export(store, ics.ExportRequest(ics.ExportKind.SERIES, end=date(2027, 2, 28)))
    assert made.series_state is not None
    group = store.group()
    assert group is not None
    store.save_group(ics.with_series_state(group, made.series_state))


@pytest.mark.parametrize(
    "kind", [ics.ExportKind.MEETING, ics.ExportKind.CANCELLATION, ics.ExportKind.UPCOMING]
)
def test_a_file_of_series_dates_says_to_send_the_series_again_once_it_was_sent(
    tmp_path: Path, kind: ics.ExportKind
) -> None:
    """A calendar that took the standing series keeps its own entry for each date: a
    meeting's own file (another UID) neither changes it nor should sit beside it."""
    store = second_thursdays(tmp_path)
    first = store.meetings()[0]
    request = ics.ExportRequest(kind, meeting_id=first.id, count=3)
    assert _export(store, request).warning is None  # no series sent: nothing to say
    _send_series(store)
    made = _export(store, request)
    assert made.warning is not None and "series again" in made.warning
    assert made.resend_series  # each way in says how: the command, or the app's list
    # A calendar holding the series and this file shows the meeting twice (a cancellation:
    # still on in the series, beside the cancelled entry): said for every kind.
    assert "twice" in made.warning


def test_a_meeting_off_the_rhythm_needs_no_word_about_the_series(tmp_path: Path) -> None:
    store = second_thursdays(tmp_path)
    _send_series(store)
    social = Meeting(
        "g-social",
        datetime(2026, 12, 19, 12, tzinfo=LONDON),
        venue_id="v1",
        kind=MeetingKind.SOCIAL,
    )
    store.save_meeting(social)
    for kind in (ics.ExportKind.MEETING, ics.ExportKind.CANCELLATION):
        assert _export(store, ics.ExportRequest(kind, meeting_id="g-social")).warning is None


@pytest.mark.parametrize(
    "change",
    [
        lambda v: replace(v, name="The Old Library"),
        lambda v: replace(v, address="2 Mill Lane"),
    ],
)
def test_an_import_that_renames_or_moves_a_venue_raises_its_meetings_sequence(
    change: object,
) -> None:
    """The bundle's venue v1 has the same id but is now another place: every meeting
    there is a new place in calendars, so its sequence goes up (DESIGN.md §5 rule 3)."""
    current = sample_data()
    assert callable(change)
    incoming = replace(
        current, venues=tuple(change(v) if v.id == "v1" else v for v in current.venues)
    )
    carried = carry_calendar_identity(current, incoming)
    before = {m.id: m.sequence for m in current.meetings}
    for meeting in carried.meetings:
        moved = meeting.venue_id == "v1"
        assert meeting.sequence == before[meeting.id] + (1 if moved else 0), meeting.id
    # A venue's access notes are not its place: nothing goes up.
    notes = replace(current, venues=tuple(replace(v, access_notes="lift") for v in current.venues))
    unchanged = carry_calendar_identity(current, notes)
    assert [m.sequence for m in unchanged.meetings] == [m.sequence for m in current.meetings]


def test_a_series_whose_kept_state_does_not_read_says_its_numbering_starts_again() -> None:
    data = sample_data()
    assert data.group is not None
    damaged = replace(
        data.group,
        extra={"calendar": {"series": {"uid": "series-x@c", "sequence": "3", "fingerprint": "f"}}},
    )
    made = ics.make_export(
        replace(data, group=damaged), NOW, ics.ExportRequest(ics.ExportKind.SERIES), {}
    )
    assert made.warning is not None and "calendar.series.sequence" in made.warning
    clean = ics.make_export(data, NOW, ics.ExportRequest(ics.ExportKind.SERIES), {})
    assert clean.warning is None


@pytest.mark.parametrize("back", [date(2027, 1, 14), date(2027, 1, 15)], ids=["back", "elsewhere"])
def test_a_series_date_moved_and_moved_back_is_sent_again_so_calendars_follow(
    tmp_path: Path, back: date
) -> None:
    """A calendar that took a moved date as an override of the series keeps that override
    until one with a higher SEQUENCE replaces it. So once a date has been sent as an
    override it stays one in every later series file (while it is in the dates sent),
    even when the meeting is back on its rhythm day and nothing else marks it."""
    store = second_thursdays(tmp_path)
    january = next(m for m in store.meetings() if m.day == date(2027, 1, 14))
    flows.move(store, january.id, date(2027, 1, 21))
    first = series_of(store)
    _send_series(store)
    flows.move(store, january.id, back)
    second = series_of(store)
    _send_series(store)
    third = series_of(store)  # nothing changed since: the same override, the same SEQUENCE

    def overrides(cal: Calendar) -> dict[datetime, tuple[int, datetime]]:
        return {
            e.decoded("RECURRENCE-ID").replace(tzinfo=None): (
                int(e.get("SEQUENCE", 0)),
                e.decoded("DTSTART").replace(tzinfo=None),
            )
            for e in cal.walk("VEVENT")
            if "RECURRENCE-ID" in e
        }

    slot = datetime.combine(date(2027, 1, 14), time(14))
    held = {**overrides(first)}
    for cal in (second, third):  # a calendar keeps the override with the highest SEQUENCE
        for key, (seq, start) in overrides(cal).items():
            if key not in held or seq >= held[key][0]:
                held[key] = (seq, start)
    assert held[slot][1] == datetime.combine(back, time(14)), held
    assert overrides(second)[slot][0] > overrides(first)[slot][0]
    assert overrides(third)[slot] == overrides(second)[slot]
    store.close()
