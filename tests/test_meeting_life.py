"""A meeting's whole life, a handover included, as a hypothesis state machine.

The machine plans, adds, moves (any distance, across clock changes), cancels, puts back
on and marks meetings through :mod:`coordinator.application.meetings` (the code the CLI
and the app run); changes the group's time, rhythm, timezone, name and venues; removes a
venue; hands the group over (``coordinator export`` then ``coordinator import`` into a new
file) and imports a changed bundle over it (``import --replace``). After every step it
exports every form of calendar file and checks them with independent parsers:

(a) the standing series, expanded by recurring-ical-events, is exactly the meetings that
    are on (UTC start and end), up to the last day regular meetings are planned for; after
    that only the rhythm itself;
(b) no UID's SEQUENCE ever goes down, from the first export to the last, across the
    handover, and it goes up whenever that UID's time, place or status changed;
(c) every file passes the format rules of tests/test_ics.py (CRLF, folding, zones, no
    ATTENDEE, ORGANIZER only in METHOD:CANCEL, one alarm, a name only on files with more
    than one UID) and parses in vobject.

The suite runs a short campaign; a long one:
``MEETING_LIFE_EXAMPLES=400 .venv/bin/python -m pytest -q tests/test_meeting_life.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
import vobject
from click.testing import CliRunner
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from icalendar import Calendar, vRecur

from coordinator.application import meetings as flows
from coordinator.application.calendar_export import save_export_changes
from coordinator.cli.root import main
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
from coordinator.store import Store

# A week before London's clocks go back (25 Oct 2026); spring forward is 28 Mar 2027.
NOW = datetime(2026, 10, 18, 9, 0, tzinfo=UTC)
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
TIMES = [None, time(1, 30), time(2, 30), time(10, 0), time(14, 0), time(19, 30)]
EXAMPLES = int(os.environ.get("MEETING_LIFE_EXAMPLES", "5"))
STEPS = int(os.environ.get("MEETING_LIFE_STEPS", "12"))
Signature = tuple[Any, ...]


def first_group() -> Group:
    return Group(
        name="Thursday Circle",
        timezone="Europe/London",
        rhythm=Rhythm(2, RhythmUnit.WEEK, Weekday.THU, None, time(14), 120),
        started_on=date(2026, 1, 8),
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann", "07700 900123", "ann@example.org"),
    )


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    """Does this wall time happen (zoneinfo's own round trip, not the app's code)?"""
    naive = datetime.combine(day, at)
    back = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == naive


# --- (c) the format rules ------------------------------------------------------------------


def check_format(raw: bytes, zone_name: str) -> Calendar:
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    text = raw.decode("utf-8")
    assert "ATTENDEE" not in text
    assert ("ORGANIZER" in text) == ("METHOD:CANCEL" in text)
    if "ORGANIZER" in text:
        assert "ORGANIZER;CN=Ann:mailto:" in text.replace("\r\n ", "")
    cal = Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    uids = {str(e["UID"]) for e in events}
    assert ("X-WR-CALNAME" in cal) == (len(uids) > 1)
    assert ("NAME" in cal) == (len(uids) > 1)
    for event in events:
        assert "DTEND" in event and "DURATION" not in event
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start.tzinfo is not None and end > start
        assert event["DTSTART"].params["TZID"] == zone_name
        assert event.decoded("dtstamp") == NOW
        alarms = list(event.walk("VALARM"))
        assert len(alarms) <= 1
        if str(event.get("STATUS")) == "CANCELLED":
            assert not alarms
        if "RRULE" in event:
            rule_ = event["RRULE"]
            assert isinstance(rule_, vRecur)  # one rule, not a list of them
            assert "COUNT" not in rule_
            assert rule_["UNTIL"][0].tzinfo is not None
            assert rule_["UNTIL"][0].utcoffset() == timedelta(0)
    for line in text.replace("\r\n ", "").split("\r\n"):
        if line.startswith(("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE")) and ":1970" not in line:
            # In the zone; an end in a repeated hour's second turn is exact in UTC.
            utc_end = line.startswith("DTEND:") and line.endswith("Z")
            assert f"TZID={zone_name}" in line or utc_end, line
    vobject.readOne(text)  # the parser the Radicale server uses
    return cal


# --- the machine -----------------------------------------------------------------------------


class MeetingLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="meeting-life-"))
        self.clock = FixedClock(NOW)
        self.files = 0
        self.path = self._new_path()
        self.store = Store.open(self.path, self.clock)
        with self.store.batch():
            self.store.save_group(first_group())
            self.store.save_venue(Venue("v1", "Riverside Cafe", "1 Quay St,\nBristol"))
            self.store.save_venue(Venue("v2", "St Mark's Room", "Church Lane"))
        # Every UID ever exported: its last SEQUENCE and what calendars were shown.
        self.seen: dict[str, tuple[int, Signature]] = {}
        # A calendar that imported every series file: one object per UID, and zones.
        self.client: dict[str, tuple[int, list[Any]]] = {}
        self.zones: dict[str, Any] = {}

    def _new_path(self) -> Path:
        self.files += 1
        return self.folder / f"group-{self.files}.json"

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------------

    def data(self) -> GroupData:
        return self.store.load()

    def group(self) -> Group:
        group = self.data().group
        assert group is not None
        return group

    def today(self) -> date:
        return NOW.astimezone(self.group().zone).date()

    def pick(self, index: int, *statuses: MeetingStatus) -> Meeting | None:
        chosen = [m for m in self.data().meetings if m.status in statuses]
        return chosen[index % len(chosen)] if chosen else None

    # -- meeting life (the application flows) -----------------------------------------------

    @rule(count=st.integers(1, 4))
    def plan(self, count: int) -> None:
        done = flows.plan(self.store, NOW, count)
        assert len(done.meetings) == count
        assert all(m.series_slot is not None for m in done.meetings)

    @rule(
        offset=st.integers(-20, 200),
        at=st.sampled_from(TIMES),
        kind=st.sampled_from(list(MeetingKind)),
    )
    def add(self, offset: int, at: time | None, kind: MeetingKind) -> None:
        day = self.today() + timedelta(days=offset)
        wanted = at or self.group().rhythm.time
        try:
            flows.add(self.store, self.today(), day=day, at=at, kind=kind)
        except ValidationError as error:
            assert error.field == "Start time"
            assert not exists(day, wanted, self.group().zone)

    @rule(index=st.integers(0, 50), days=st.integers(-70, 70), at=st.sampled_from(TIMES))
    def move(self, index: int, days: int, at: time | None) -> None:
        meeting = self.pick(index, MeetingStatus.PLANNED, MeetingStatus.CANCELLED)
        if meeting is None:
            return
        day = meeting.day + timedelta(days=days)
        before = self.data()
        try:
            done = flows.move(self.store, meeting.id, day, at)
        except ValidationError as error:
            assert error.field == "Start time"
            assert not exists(day, at or meeting.starts_at.time(), self.group().zone)
            assert self.data() == before
            return
        assert done.meeting.series_slot == (meeting.series_slot or done.meeting.series_slot)

    @rule(index=st.integers(0, 50))
    def cancel(self, index: int) -> None:
        meeting = self.pick(index, MeetingStatus.PLANNED)
        if meeting is not None:
            flows.cancel(self.store, meeting.id)

    @rule(index=st.integers(0, 50))
    def uncancel(self, index: int) -> None:
        meeting = self.pick(index, MeetingStatus.CANCELLED)
        if meeting is not None:
            flows.uncancel(self.store, meeting.id)

    @rule(index=st.integers(0, 50))
    def held(self, index: int) -> None:
        past = [
            m
            for m in self.data().meetings
            if m.status is MeetingStatus.PLANNED and m.day <= self.today()
        ]
        if past:
            flows.held(self.store, past[index % len(past)].id, self.today())

    @rule(index=st.integers(0, 50))
    def export_cancellation(self, index: int) -> None:
        """`coordinator ics --cancel ID`: the file, and the meeting marked cancelled."""
        meeting = self.pick(index, MeetingStatus.PLANNED, MeetingStatus.CANCELLED)
        if meeting is None:
            return
        request = ics.ExportRequest(ics.ExportKind.CANCELLATION, meeting.id)
        made = ics.make_export(self.data(), NOW, request, self.store.settings())
        save_export_changes(self.store, made)
        cal = check_format(made.content, self.group().timezone)
        assert str(cal["METHOD"]) == ("CANCEL" if self.group().coordinator.email else "PUBLISH")
        self.note_uids(cal)
        saved = self.data().meeting(meeting.id)
        assert saved is not None and saved.status is MeetingStatus.CANCELLED

    # -- the group's settings -------------------------------------------------------------

    @rule(at=st.sampled_from([time(10), time(14), time(18, 30), time(1, 30)]))
    def change_time(self, at: time) -> None:
        group = self.group()
        self.store.save_group(replace(group, rhythm=replace(group.rhythm, time=at)))

    @rule(
        every=st.integers(1, 3),
        weekday=st.sampled_from(list(Weekday)),
        monthly=st.booleans(),
        nth=st.sampled_from([1, 2, -1]),
        minutes=st.sampled_from([60, 90, 120]),
    )
    def change_rhythm(
        self, every: int, weekday: Weekday, monthly: bool, nth: int, minutes: int
    ) -> None:
        group = self.group()
        unit = RhythmUnit.MONTH if monthly else RhythmUnit.WEEK
        rhythm = Rhythm(every, unit, weekday, nth if monthly else None, group.rhythm.time, minutes)
        self.store.save_group(replace(group, rhythm=rhythm))

    @rule(zone=st.sampled_from(ZONES))
    def change_timezone(self, zone: str) -> None:
        self.store.save_group(replace(self.group(), timezone=zone))

    @rule(name=st.sampled_from(["Thursday Circle", "Circle, renamed", "Bristol Pain Peers"]))
    def rename(self, name: str) -> None:
        self.store.save_group(replace(self.group(), name=name))

    @rule(email=st.sampled_from(["", "ann@example.org"]))
    def coordinator_email(self, email: str) -> None:
        group = self.group()
        self.store.save_group(replace(group, coordinator=replace(group.coordinator, email=email)))

    @rule(venue=st.sampled_from(["v1", "v2"]), address=st.sampled_from(["1 Quay St", "2 Mill Rd,"]))
    def change_venue_address(self, venue: str, address: str) -> None:
        old = self.data().venue(venue)
        if old is not None:
            self.store.save_venue(replace(old, address=address))

    @rule(venue=st.sampled_from(["v1", "v2"]))
    def delete_venue(self, venue: str) -> None:
        self.store.delete_venue(venue)

    # -- handover and import --replace (the real commands) ----------------------------------

    def _cli(self, *args: str) -> None:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output

    @rule()
    def hand_over(self) -> None:
        """`coordinator export` here, `coordinator import` into a new file."""
        bundle = self.folder / f"handover-{self.files}.json"
        self.store.close()
        self._cli("--db", str(self.path), "export", str(bundle))
        self.path = self._new_path()
        self._cli("--db", str(self.path), "import", str(bundle))
        self.store = Store.open(self.path, self.clock)

    @rule(index=st.integers(0, 50), hours=st.integers(1, 30), cancel=st.booleans())
    def import_replace(self, index: int, hours: int, cancel: bool) -> None:
        """A bundle whose meeting differs from the file's (an older copy, edited),
        imported with --replace: its sequence as written is not higher than the file's."""
        bundle_path = self.folder / f"copy-{self.files}.json"
        self.store.close()
        self._cli("--db", str(self.path), "export", str(bundle_path))
        bundle = json.loads(bundle_path.read_text("utf-8"))
        planned = [m for m in bundle["meetings"] if m["status"] == "planned"]
        if planned:
            meeting = planned[index % len(planned)]
            if cancel:
                meeting["status"] = "cancelled"
            else:
                starts = datetime.fromisoformat(meeting["starts_at"]) + timedelta(hours=hours)
                zone = ZoneInfo(bundle["group"]["timezone"])
                if exists(starts.date(), starts.time(), zone):
                    meeting["starts_at"] = starts.isoformat(timespec="minutes")
        bundle_path.write_text(json.dumps(bundle), "utf-8")
        self._cli("--db", str(self.path), "import", "--replace", str(bundle_path))
        self.store = Store.open(self.path, self.clock)

    # -- after every step: every form of export ----------------------------------------------

    def note_uids(self, cal: Calendar) -> None:
        """(b): per UID, SEQUENCE never down, and up whenever what calendars show changed."""
        by_uid: dict[str, list[Any]] = {}
        for event in cal.walk("VEVENT"):
            by_uid.setdefault(str(event["UID"]), []).append(event)
        for uid, events in by_uid.items():
            sequences = {int(e.decoded("sequence")) for e in events}
            assert len(sequences) == 1, (uid, sequences)
            (sequence,) = sequences
            signature = tuple(sorted(self.signature(e) for e in events))
            last = self.seen.get(uid)
            if last is not None:
                last_sequence, last_signature = last
                assert sequence >= last_sequence, (uid, last_sequence, sequence)
                # The series' own UID is compared whole in note_series.
                if signature != last_signature and not uid.startswith("series-"):
                    assert sequence > last_sequence, (uid, last_signature, signature)
            self.seen[uid] = (sequence, signature)

    @staticmethod
    def signature(event: Any) -> Signature:
        def utc(key: str) -> str:
            if key not in event:
                return ""
            value = event.decoded(key)
            return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else ""

        return (
            utc("dtstart"),
            utc("dtend"),
            utc("recurrence-id"),
            str(event.get("LOCATION", "")),
            str(event.get("STATUS", "")),
        )

    @invariant()
    def every_export_is_right(self) -> None:
        data = self.data()
        if data.group is None:
            return
        zone_name = data.group.timezone
        settings_ = self.store.settings()
        self.check_series(data, settings_, zone_name)
        for request in (
            ics.ExportRequest(ics.ExportKind.UPCOMING, count=3),
            ics.ExportRequest(ics.ExportKind.UPCOMING),
        ):
            try:
                made = ics.make_export(data, NOW, request, settings_)
            except ics.IcsError:
                assert not [m for m in data.meetings if m.ends_at > NOW]
                continue
            self.note_uids(check_format(made.content, zone_name))
        for meeting in data.meetings:
            if meeting.status is MeetingStatus.HELD:
                continue
            request = ics.ExportRequest(ics.ExportKind.MEETING, meeting.id)
            made = ics.make_export(data, NOW, request, settings_)
            cal = check_format(made.content, zone_name)
            (event,) = cal.walk("VEVENT")
            assert event.decoded("dtstart") == meeting.starts_at
            assert event.decoded("dtend") == meeting.ends_at
            self.note_uids(cal)

    def check_series(self, data: GroupData, settings_: dict[str, Any], zone_name: str) -> None:
        """(a): the series, expanded, is the meetings that are on, exactly."""
        request = ics.ExportRequest(ics.ExportKind.SERIES)
        made = ics.make_export(data, NOW, request, settings_)
        # Saved as the CLI saves it (the series' identity and update count).
        save_export_changes(self.store, made)
        cal = check_format(made.content, zone_name)
        series_uids = {str(e["UID"]) for e in cal.walk("VEVENT") if "RRULE" in e}
        assert len(series_uids) == 1
        self.note_series(cal)
        self.note_uids(cal)
        group = data.group
        assert group is not None
        zone = group.zone
        today = NOW.astimezone(zone).date()
        end = today + timedelta(days=365)
        window = (
            datetime.combine(today, time(0), tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone),
        )
        expanded = recurring_ical_events.of(Calendar.from_ical(made.content)).between(*window)
        self.check_expansion(data, expanded, "the series file")
        # What a calendar that imported every series file so far holds now (one object
        # per UID, replaced by a file with the same or a higher SEQUENCE): the same.
        self.client_takes(cal)
        client = recurring_ical_events.of(self.client_calendar()).between(*window)
        self.check_expansion(data, client, "a calendar that took every series file")

    def client_takes(self, cal: Calendar) -> None:
        for component in cal.walk("VTIMEZONE"):
            self.zones[str(component["TZID"])] = component
        by_uid: dict[str, list[Any]] = {}
        for event in cal.walk("VEVENT"):
            by_uid.setdefault(str(event["UID"]), []).append(event)
        for uid, events in by_uid.items():
            sequence = int(events[0].decoded("sequence"))
            held = self.client.get(uid)
            if held is None or sequence >= held[0]:
                self.client[uid] = (sequence, events)

    def client_calendar(self) -> Calendar:
        cal = Calendar()
        cal.add("prodid", "-//meeting life//client//EN")
        cal.add("version", "2.0")
        for zone in self.zones.values():
            cal.add_component(zone)
        for _, events in self.client.values():
            for event in events:
                cal.add_component(event)
        return Calendar.from_ical(cal.to_ical())

    def check_expansion(self, data: GroupData, expanded: list[Any], where: str) -> None:
        group = data.group
        assert group is not None
        zone = group.zone
        today = NOW.astimezone(zone).date()
        end = today + timedelta(days=365)
        got = Counter(
            (e.decoded("dtstart").astimezone(UTC), e.decoded("dtend").astimezone(UTC))
            for e in expanded
            if str(e.get("STATUS")) != "CANCELLED"
        )
        on = [
            m
            for m in data.meetings
            if m.status is not MeetingStatus.CANCELLED and today <= m.day <= end
        ]
        expected = Counter((m.starts_at.astimezone(UTC), m.ends_at.astimezone(UTC)) for m in on)
        assert not expected - got, (where, "missing", expected - got)
        # Anything more is the rhythm alone, after the last day regular meetings are
        # planned for (nothing shown twice, no ghost of a moved or cancelled meeting).
        planned_up_to = max(
            (
                day
                for m in data.meetings
                if m.series_slot is not None or m.kind is MeetingKind.REGULAR
                for day in (m.series_slot, m.day)
                if day is not None
            ),
            default=None,
        )
        rhythm = group.rhythm
        for (start, finish), count in (got - expected).items():
            local = start.astimezone(zone)
            assert count == 1, (where, "twice", local)
            assert planned_up_to is None or local.date() > planned_up_to, (where, "ghost", local)
            assert local.weekday() == rhythm.weekday.number, local
            assert finish - start == timedelta(minutes=rhythm.duration_minutes)

    def note_series(self, cal: Calendar) -> None:
        """The series' SEQUENCE goes up whenever anything in it changed (its components
        compared whole, less DTSTAMP and SEQUENCE)."""
        (master,) = [e for e in cal.walk("VEVENT") if "RRULE" in e]
        uid = str(master["UID"])
        content = tuple(
            sorted(
                b"\n".join(
                    line
                    for line in e.to_ical().split(b"\r\n")
                    if not line.startswith((b"DTSTAMP", b"SEQUENCE"))
                )
                for e in cal.walk("VEVENT")
                if str(e["UID"]) == uid
            )
        )
        sequence = int(master.decoded("sequence"))
        last = self.seen.get("whole:" + uid)
        if last is not None:
            assert sequence >= last[0]
            if content != last[1]:
                assert sequence > last[0], "the series changed without a higher SEQUENCE"
        self.seen["whole:" + uid] = (sequence, content)

    @rule()
    def nothing(self) -> None:
        """A step that changes nothing: exports must then repeat the same numbers."""


TestMeetingLife = MeetingLife.TestCase
TestMeetingLife.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
