"""The clock is passed in, never read deep inside: tests and ``--as-of`` set the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one moment, for tests, snapshots and ``--as-of``."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware moment")

    def now(self) -> datetime:
        return self.moment


def today_in(clock: Clock, zone: tzinfo) -> date:
    """Today's date where the group meets."""
    return clock.now().astimezone(zone).date()
