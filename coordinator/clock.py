"""The clock is passed in, never read deep inside: tests and ``--as-of`` set the time."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped at one moment, for tests, snapshots and ``--as-of``."""

    __slots__ = ("moment",)

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware moment")
        self.moment = moment

    def __repr__(self) -> str:
        return f"FixedClock({self.moment!r})"

    def now(self) -> datetime:
        return self.moment


def today_in(clock: Clock, zone: tzinfo) -> date:
    """Today's date where the group meets."""
    return clock.now().astimezone(zone).date()
