"""VTIMEZONE components in the form every calendar client reads the same way.

Google, Outlook and Thunderbird describe a zone with one STANDARD and one DAYLIGHT
sub-component, each with a yearly RRULE ("last Sunday of March at 01:00"). The
VTIMEZONE that icalendar generates by default lists each transition as a
comma-separated RDATE instead; vobject (and so the Radicale CalDAV server) keeps only
the first date of such a list, which shifts winter meetings by an hour. So we build the
component ourselves from the zone database:

- a zone whose offset does not change over the years we need gets one plain STANDARD;
- a zone with regular yearly rules gets the yearly-RRULE form from 1970, checked against
  zoneinfo for every year of the export;
- anything else (rules that changed within the range, three transitions a year) gets one
  sub-component per transition, each a single DTSTART: valid, and read alike by all.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Zone transitions are weeks apart; scanning a day at a time cannot step over one.
_SCAN_STEP = timedelta(days=1)
# Where a zone without changes starts, as clients conventionally write it.
_EPOCH = datetime.combine(date(1970, 1, 1), time(0, 0))
# Yearly rules are written as starting in 1970, as Google, Outlook and Thunderbird write
# them. It matters: vobject decides whether a VTIMEZONE "is UTC" by looking for changes
# in 2000-2020, and a London zone whose rules start later looks like UTC to it, so it is
# dropped for pytz's, with which dateutil expands a series an hour off in winter. The
# rules are checked against zoneinfo only for the years the export needs.
_RULES_FROM = 1970


class Transition(NamedTuple):
    """A change of UTC offset (or of daylight saving): the instant it happens and the
    offsets either side."""

    at: datetime  # UTC
    offset_from: timedelta
    offset_to: timedelta
    name: str  # the zone's abbreviation after the change (BST, EDT, ...)
    saving_from: timedelta = timedelta(0)  # daylight saving either side, as zoneinfo says
    saving_to: timedelta = timedelta(0)

    @property
    def into_summer(self) -> bool:
        """Is the time after the change the summer (daylight) time of the pair?

        Readers such as dateutil work out standard time as the offset less the saving
        and assume it stays put, so the label must follow the zone database: positive
        saving after the change is summer time; leaving a negative saving (the zone
        database writes some winters, as in Windhoek, that way) is too; a change of
        standard offset (Greenland in 2023) is standard time."""
        return self.saving_to > timedelta(0) or self.saving_from < timedelta(0)

    @property
    def onset(self) -> datetime:
        """Local wall time (naive) just before the change, as VTIMEZONE DTSTART wants."""
        return (self.at + self.offset_from).replace(tzinfo=None)


class YearlyRule(NamedTuple):
    """ "The nth weekday of a month at a local time", or "a fixed day of a month"."""

    month: int
    onset: time
    weekday: int | None  # Monday 0; None for a fixed day of the month
    nth: int  # 1-4, or -1 for the last; the day of the month when weekday is None
    offset_from: timedelta
    offset_to: timedelta
    name: str

    def on(self, year: int) -> datetime:
        """The local onset (naive) of this rule's transition in ``year``."""
        if self.weekday is None:
            day = date(year, self.month, self.nth)
        else:
            day = nth_weekday(year, self.month, self.weekday, self.nth)
        return datetime.combine(day, self.onset)

    def rrule(self) -> dict[str, object]:
        if self.weekday is None:
            return {"FREQ": "YEARLY", "BYMONTH": self.month, "BYMONTHDAY": self.nth}
        return {
            "FREQ": "YEARLY",
            "BYMONTH": self.month,
            "BYDAY": f"{self.nth}{_WEEKDAY_CODES[self.weekday]}",
        }


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-4, or -1 for the last) ``weekday`` (Monday 0) of a month."""
    days = month_calendar.monthrange(year, month)[1]
    if nth == -1:
        last = date(year, month, days)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of UTC offset, or of daylight saving, in ``zone`` between two
    instants. A change of saving alone matters to readers such as dateutil, which work
    out standard time from it when turning UTC into local time."""
    found: list[Transition] = []
    moment = start.astimezone(UTC)
    end = end.astimezone(UTC)
    state = _state(zone, moment)
    while moment < end:
        step = min(moment + _SCAN_STEP, end)
        after = _state(zone, step)
        if after != state:
            low, high = moment, step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            name = zone.tzname(at.astimezone(zone)) or ""
            found.append(Transition(at, state[0], after[0], name, state[1], after[1]))
            state = after
        moment = step
    return found


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta]:
    """The UTC offset and the daylight saving in force at ``moment``."""
    local = moment.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def _rule_for(changes: list[Transition]) -> YearlyRule | None:
    """One yearly rule that explains all of ``changes`` (one per year), or None."""
    first = changes[0]
    onset = first.onset
    if any(
        c.onset.month != onset.month
        or c.onset.time() != onset.time()
        or c.offset_from != first.offset_from
        or c.offset_to != first.offset_to
        for c in changes
    ):
        return None
    candidates: list[tuple[int | None, int]] = []
    if len({c.onset.weekday() for c in changes}) == 1:
        candidates += [(onset.weekday(), -1), (onset.weekday(), (onset.day - 1) // 7 + 1)]
    candidates.append((None, onset.day))
    for day_of_week, nth in candidates:
        rule = YearlyRule(
            onset.month,
            onset.time(),
            day_of_week,
            nth,
            first.offset_from,
            first.offset_to,
            first.name,
        )
        if all(rule.on(c.onset.year) == c.onset for c in changes):
            return rule
    return None


def vtimezone(zone: ZoneInfo, first: datetime, last: datetime) -> Timezone:
    """A VTIMEZONE for ``zone`` that is right for every time from ``first`` to ``last``
    (with a year's margin either side)."""
    start_year = first.astimezone(zone).year - 1
    end_year = last.astimezone(zone).year + 1
    start = datetime(start_year, 1, 1, tzinfo=UTC)
    end = datetime(end_year + 1, 1, 1, tzinfo=UTC)
    changes = transitions(zone, start, end)
    component = Timezone()
    component.add("tzid", zone.key)
    if not changes:
        offset = _offset(zone, start)
        name = zone.tzname(start.astimezone(zone)) or ""
        component.add_component(_sub(TimezoneStandard(), _EPOCH, offset, offset, name))
        return component
    rules = _yearly_rules(changes, start_year, end_year)
    if rules is not None:
        for rule in rules:
            kind = TimezoneDaylight() if rule.offset_to > rule.offset_from else TimezoneStandard()
            sub = _sub(kind, rule.on(_RULES_FROM), rule.offset_from, rule.offset_to, rule.name)
            sub.add("rrule", rule.rrule())
            component.add_component(sub)
        return component
    # Irregular: the offset in force at the start, then each change on its own.
    before, saving = _state(zone, start)
    name = zone.tzname(start.astimezone(zone)) or ""
    first_kind = TimezoneDaylight() if saving > timedelta(0) else TimezoneStandard()
    onset = (start + before).replace(tzinfo=None)
    component.add_component(_sub(first_kind, onset, before, before, name))
    for change in changes:
        kind = TimezoneDaylight() if change.into_summer else TimezoneStandard()
        component.add_component(
            _sub(kind, change.onset, change.offset_from, change.offset_to, change.name)
        )
    return component


def _yearly_rules(
    changes: list[Transition], start_year: int, end_year: int
) -> list[YearlyRule] | None:
    """Two yearly rules (into and out of summer time) explaining every change, or None."""
    up = [c for c in changes if c.offset_to > c.offset_from]
    down = [c for c in changes if c.offset_to < c.offset_from]
    years = range(start_year, end_year + 1)
    if len(up) + len(down) != len(changes):
        return None
    if sorted(c.onset.year for c in up) != list(years):
        return None
    if sorted(c.onset.year for c in down) != list(years):
        return None
    rise, fall = _rule_for(up), _rule_for(down)
    if rise is None or fall is None:
        return None
    return [fall, rise]


def _sub(
    sub: TimezoneStandard | TimezoneDaylight,
    onset: datetime,
    offset_from: timedelta,
    offset_to: timedelta,
    name: str,
) -> TimezoneStandard | TimezoneDaylight:
    sub.add("dtstart", onset)
    sub.add("tzoffsetfrom", offset_from)
    sub.add("tzoffsetto", offset_to)
    if name:
        sub.add("tzname", name)
    return sub
