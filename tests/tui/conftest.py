"""Fixtures for driving the real app: a store on a temp file, a fixed clock, the factory.

The clock is stopped at Monday 23 November 2026, 10:00 UTC, so dates, the demo group and
the snapshots never change.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    Reason,
    Rhythm,
    SupportLine,
    Venue,
)
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp, build_app

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SIZE = (80, 24)

AppFactory = Callable[..., CoordinatorApp]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot tests) in a fresh event loop; no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def small_group() -> GroupData:
    """A tiny group with exactly what the tests look for: three members (one whose name
    is markup, one holding a terminal escape), two held meetings and one planned."""
    group = Group(
        name="Tuesday Crew",
        timezone="Europe/London",
        rhythm=Rhythm(every=2, time=time(14, 0)),
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann Whitfield", "07700 900123", "ann@example.org"),
        support_line=SupportLine("Pain service support line", "0117 496 0000", "Mon-Fri 9-5"),
    )
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/London")
    members = (
        Member(id="m1", name="Margaret Ellis", known_as="Maggie"),
        Member(id="m2", name="[red]Ann[/]"),
        Member(id="m3", name="Evil \x1b[31mEscape"),
    )
    held1 = Meeting(
        id="g1",
        starts_at=datetime(2026, 11, 3, 14, 0, tzinfo=zone),
        venue_id="v1",
        status=MeetingStatus.HELD,
        attendance={
            "m1": AttendanceMark(Mark.PRESENT),
            "m2": AttendanceMark(Mark.PRESENT),
            "m3": AttendanceMark(Mark.ABSENT),
        },
    )
    held2 = Meeting(
        id="g2",
        starts_at=datetime(2026, 11, 17, 14, 0, tzinfo=zone),
        venue_id="v1",
        status=MeetingStatus.HELD,
        attendance={"m1": AttendanceMark(Mark.PRESENT)},
    )
    planned = Meeting(
        id="g3",
        starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=zone),
        venue_id="v1",
        attendance={"m2": AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH)},
    )
    return GroupData(
        group=group,
        venues=(Venue("v1", "Riverside Cafe", "1 Quay Street", "step-free"),),
        members=members,
        meetings=(held1, held2, planned),
    )


def demo_group() -> GroupData:
    """The demo group (coordinator.demo) as of the fixed clock's day."""
    from coordinator.demo import build_demo

    return build_demo(NOW.date())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "group.json"


def filled_store(path: Path, clock: FixedClock, data: GroupData | None) -> Store:
    store = Store.open(path, clock)
    if data is not None:
        store.replace_all(data)
    return store


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A store holding :func:`small_group`."""
    opened = filled_store(db_path, clock, small_group())
    yield opened
    opened.close()


@pytest.fixture
def empty_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A store with no group yet (first run)."""
    opened = filled_store(db_path, clock, None)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A store holding the demo group."""
    opened = filled_store(db_path, clock, demo_group())
    yield opened
    opened.close()


@pytest.fixture
def app_factory(clock: FixedClock) -> AppFactory:
    """Builds the app the way ``coordinator`` does, on a given store."""

    def make(store: Store, settings: dict[str, Any] | None = None) -> CoordinatorApp:
        return build_app(store, {**store.settings(), **(settings or {})}, clock)

    return make


def reopen(path: Path, clock: FixedClock) -> Store:
    """The file as a fresh window would see it (proves a change reached the disk)."""
    return Store.open(path, clock, read_only=True)
