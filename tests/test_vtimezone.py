"""VTIMEZONE components: yearly-RRULE form, and read back the same by other parsers.

The independent reader is vobject, which hands the component to dateutil's ``tzical``:
the same path the Radicale server takes. Every offset it computes must match zoneinfo.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
import vobject
from hypothesis import example, given, settings, strategies as st
from icalendar import Calendar

from coordinator.invites.vtimezone import nth_weekday, transitions, vtimezone

REGULAR = ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin"]
NO_DST = ["Asia/Kolkata", "America/Phoenix", "Asia/Tokyo", "UTC"]
FIRST = datetime(2025, 3, 1, tzinfo=UTC)
LAST = datetime(2027, 11, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_vobject() -> None:
    """vobject keeps one process-wide map of TZIDs; start each test as a fresh server would."""
    registry = vobject.icalendar.__dict__["__tzidMap"]
    for tzid in [k for k in registry if k != "UTC"]:
        del registry[tzid]


def as_text(zone: str, first: datetime = FIRST, last: datetime = LAST) -> str:
    text: str = vtimezone(ZoneInfo(zone), first, last).to_ical().decode("utf-8")
    return text


def read_back(zone: str, first: datetime = FIRST, last: datetime = LAST) -> object:
    """The component as vobject (and so Radicale) understands it: a dateutil tzinfo."""
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{as_text(zone, first, last)}"
    text += "END:VCALENDAR\r\n"
    parsed = vobject.readOne(text)
    return parsed.vtimezone.gettzinfo()


def instants(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """Every 5 days, plus a minute either side of each change of offset."""
    points = []
    moment = first
    while moment <= last:
        points.append(moment)
        moment += timedelta(days=5)
    for change in transitions(zone, first, last):
        points += [change.at - timedelta(minutes=1), change.at + timedelta(minutes=1)]
    return points


def assert_same_offsets(name: str, first: datetime, last: datetime) -> None:
    zone = ZoneInfo(name)
    theirs = read_back(name, first, last)
    changes = transitions(zone, first, last)
    # dateutil turns UTC into local time with the Python docs' algorithm, which assumes
    # the standard offset never changes; right beside a change of *standard* offset (no
    # summer time either side, e.g. Norfolk Island in 2015) it is off by the change.
    # Summer-time changes are checked to the minute.
    standard_changes = [
        c.at
        for c in changes
        if not zone.dst(c.at - timedelta(minutes=1)) and not zone.dst(c.at + timedelta(minutes=1))
    ]
    for moment in instants(zone, first, last):
        ours = moment.astimezone(zone)
        local = ours.replace(tzinfo=None)
        if all(abs(moment - at) > timedelta(hours=3) for at in standard_changes):
            assert moment.astimezone(theirs).utcoffset() == ours.utcoffset(), (name, moment)  # type: ignore[arg-type]
        # Wall time to offset, away from the ambiguous hour: what a client does with DTSTART.
        if all(abs(moment - c.at) > timedelta(hours=3) for c in changes):
            assert local.replace(tzinfo=theirs).utcoffset() == ours.utcoffset(), (name, local)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", REGULAR)
def test_regular_zones_use_two_yearly_rules(name: str) -> None:
    text = as_text(name)
    assert text.count("BEGIN:STANDARD") == 1
    assert text.count("BEGIN:DAYLIGHT") == 1
    assert text.count("RRULE:FREQ=YEARLY") == 2
    assert "RDATE" not in text


def test_london_rules_are_the_real_ones() -> None:
    text = as_text("Europe/London")
    summer = text[text.index("BEGIN:DAYLIGHT") : text.index("END:DAYLIGHT")]
    winter = text[text.index("BEGIN:STANDARD") : text.index("END:STANDARD")]
    # Summer time starts at 01:00 GMT on the last Sunday in March (icalendar's own
    # component starts it an hour late) and ends at 02:00 BST on the last Sunday in October.
    assert "DTSTART:19700329T010000" in summer
    assert "BYDAY=-1SU;BYMONTH=3" in summer
    assert "TZOFFSETFROM:+0000" in summer and "TZOFFSETTO:+0100" in summer
    assert "TZNAME:BST" in summer
    assert "DTSTART:19701025T020000" in winter
    assert "BYDAY=-1SU;BYMONTH=10" in winter
    assert "TZNAME:GMT" in winter


def test_new_york_uses_second_and_first_sundays() -> None:
    text = as_text("America/New_York")
    assert "BYDAY=2SU;BYMONTH=3" in text
    assert "BYDAY=1SU;BYMONTH=11" in text


@pytest.mark.parametrize("name", NO_DST)
def test_zones_without_daylight_saving_are_plain(name: str) -> None:
    text = as_text(name)
    assert text.count("BEGIN:STANDARD") == 1
    assert "DAYLIGHT" not in text
    assert "RRULE" not in text and "RDATE" not in text
    offset = ZoneInfo(name).utcoffset(FIRST.replace(tzinfo=None))
    assert offset is not None


def test_irregular_zone_lists_each_change_without_rdate_lists() -> None:
    # Morocco suspends summer time for Ramadan: the dates move every year.
    text = as_text("Africa/Casablanca")
    assert "RRULE" not in text
    assert "RDATE" not in text
    assert text.count("BEGIN:STANDARD") + text.count("BEGIN:DAYLIGHT") > 4


@pytest.mark.parametrize("name", REGULAR + NO_DST + ["Africa/Casablanca", "Europe/Dublin"])
def test_vobject_reads_the_same_offsets_as_zoneinfo(name: str) -> None:
    assert_same_offsets(name, FIRST, LAST)


def test_rules_that_changed_within_the_range_fall_back_to_single_changes() -> None:
    # The US moved its summer-time dates in 2007; a range across it cannot be one rule.
    first = datetime(2005, 1, 1, tzinfo=UTC)
    last = datetime(2009, 1, 1, tzinfo=UTC)
    text = as_text("America/New_York", first, last)
    assert "RRULE" not in text
    assert_same_offsets("America/New_York", first, last)


ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith("posix"))


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(ZONES), year=st.integers(2015, 2035), years=st.integers(0, 3))
@example(name="Pacific/Norfolk", year=2015, years=0)  # a change of standard offset
@example(name="Australia/Lord_Howe", year=2026, years=1)  # summer time of half an hour
@example(name="America/Nuuk", year=2024, years=0)  # summer offset kept as standard time
@example(name="Africa/Windhoek", year=2017, years=0)  # winter written as negative DST
def test_any_zone_reads_back_the_same(name: str, year: int, years: int) -> None:
    first = datetime(year, 2, 1, tzinfo=UTC)
    last = datetime(year + years, 11, 1, tzinfo=UTC)
    assert_same_offsets(name, first, last)


@pytest.mark.parametrize("name", ["Europe/London", "Europe/Lisbon", "Europe/Dublin"])
def test_vobject_does_not_mistake_a_winter_gmt_zone_for_utc(name: str) -> None:
    # vobject compares a VTIMEZONE with UTC over 2000-2020; rules that only start later
    # look like UTC to it, and it swaps in pytz's zone, which expands series wrongly.
    theirs = read_back(name)
    assert not vobject.icalendar.tzinfo_eq(theirs, vobject.icalendar.utc)
    assert vobject.icalendar.TimezoneComponent.pickTzid(theirs) == name


def test_icalendar_parses_our_component() -> None:
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{as_text('Europe/London')}"
    cal = Calendar.from_ical(text + "END:VCALENDAR\r\n")
    (component,) = cal.walk("VTIMEZONE")
    assert component["TZID"] == "Europe/London"


@pytest.mark.parametrize(
    ("year", "month", "weekday", "nth", "expected"),
    [
        (2026, 3, 6, -1, 29),
        (2026, 10, 6, -1, 25),
        (2026, 3, 6, 2, 8),
        (2026, 11, 6, 1, 1),
        (2026, 2, 1, 4, 24),
    ],
)
def test_nth_weekday(year: int, month: int, weekday: int, nth: int, expected: int) -> None:
    assert nth_weekday(year, month, weekday, nth).day == expected
