"""A meeting's life in real clients: khal and a Radicale CalDAV server on 127.0.0.1.

The coordinator plans four meetings and sends the series and the upcoming meetings;
then moves one a week and cancels another and sends them again; then hands the group
over (``coordinator export`` / ``coordinator import`` into a new file), and the new
coordinator moves one more and sends again. After each round, what khal and Radicale
hold is exactly the meetings that are on (then the rhythm alone): every file updates
what the one before put there, with no ghost at a moved meeting's old time and no
duplicate. Both forms of cancellation (METHOD:CANCEL with ORGANIZER, and METHOD:PUBLISH
without an email) are taken as updates.

Skipped when khal or radicale is not installed, as tests/test_ics_clients.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from coordinator.application import meetings as flows
from coordinator.application.calendar_export import save_export_changes
from coordinator.cli.root import main
from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import (
    CoordinatorContact,
    Group,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    Venue,
    Weekday,
)
from coordinator.store import Store
from tests.test_ics_clients import (  # noqa: F401 - the radicale fixture
    KHAL,
    RADICALE,
    WINDOW,
    Khal,
    Radicale,
    radicale,
)

pytestmark = pytest.mark.slow

NOW = datetime(2026, 10, 18, 9, 0, tzinfo=UTC)
ZONE = "Europe/London"
LAST_DAY = WINDOW[1].date() - timedelta(days=1)
Wall = tuple[datetime, datetime]


class Group_:
    """The group file at each stage, and the files exported from it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = FixedClock(NOW)
        self.path = folder / "first.json"
        self.store = Store.open(self.path, self.clock)
        with self.store.batch():
            self.store.save_group(
                Group(
                    name="Thursday Circle",
                    timezone=ZONE,
                    rhythm=Rhythm(2, RhythmUnit.WEEK, Weekday.THU, None, time(14), 120),
                    started_on=date(2026, 1, 8),
                    default_venue_id="v1",
                    coordinator=CoordinatorContact("Ann", "", "ann@example.org"),
                )
            )
            self.store.save_venue(Venue("v1", "Riverside Cafe", "1 Quay St,\nBristol"))
        self.planned = [m.id for m in flows.plan(self.store, NOW, 4).meetings]

    def export(self, request: ics.ExportRequest) -> bytes:
        made = ics.make_export(self.store.load(), NOW, request, self.store.settings())
        save_export_changes(self.store, made)
        return made.content

    def series(self) -> bytes:
        return self.export(ics.ExportRequest(ics.ExportKind.SERIES))

    def upcoming(self) -> bytes:
        return self.export(ics.ExportRequest(ics.ExportKind.UPCOMING))

    def cancellation(self, meeting_id: str) -> bytes:
        return self.export(ics.ExportRequest(ics.ExportKind.CANCELLATION, meeting_id))

    def hand_over(self) -> None:
        bundle = self.folder / "handover.json"
        self.store.close()
        runner = CliRunner()
        done = runner.invoke(main, ["--db", str(self.path), "export", str(bundle)])
        assert done.exit_code == 0, done.output
        self.path = self.folder / "second.json"
        done = runner.invoke(main, ["--db", str(self.path), "import", str(bundle)])
        assert done.exit_code == 0, done.output
        self.store = Store.open(self.path, self.clock)

    def on(self) -> Counter[Wall]:
        """The meetings that are on, as wall times, until the window's end."""
        today = NOW.date()
        return Counter(
            (m.starts_at.replace(tzinfo=None), m.ends_at.replace(tzinfo=None))
            for m in self.store.load().meetings
            if m.status is not MeetingStatus.CANCELLED and today <= m.day <= LAST_DAY
        )

    def rhythm_after_planned(self) -> Counter[Wall]:
        """The rhythm alone after the last rhythm day meetings are planned for."""
        data = self.store.load()
        last = max(d for m in data.meetings for d in (m.series_slot, m.day) if d is not None)
        slots = [m.series_slot for m in data.meetings if m.series_slot is not None]
        day = max(slots) + timedelta(weeks=2)
        while day <= last:
            day += timedelta(weeks=2)
        found: Counter[Wall] = Counter()
        while day <= LAST_DAY:
            start = datetime.combine(day, time(14))
            found[(start, start + timedelta(hours=2))] += 1
            day += timedelta(weeks=2)
        return found


def start_of(group: Group_, meeting_id: str) -> datetime:
    meeting = group.store.meeting(meeting_id)
    assert meeting is not None
    return meeting.starts_at.replace(tzinfo=None)


def walls(events: list[tuple[datetime, datetime, str, str]]) -> Counter[Wall]:
    return Counter((s, e) for s, e, status, _ in events if status != "CANCELLED")


@pytest.mark.skipif(KHAL is None, reason="khal is not installed")
def test_khal_follows_a_meetings_life_and_a_handover(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    group = Group_(tmp_path / "files")
    khal = Khal(tmp_path / "khal", ZONE)
    first, second, third, fourth = group.planned

    def send() -> None:
        khal.import_file("series", group.series())
        khal.import_file("upcoming", group.upcoming())
        assert walls(khal.events("upcoming")) == group.on()
        assert walls(khal.events("series")) == group.on() + group.rhythm_after_planned()

    send()
    moved_from = group.store.meeting(second)
    assert moved_from is not None
    flows.move(group.store, second, moved_from.day + timedelta(weeks=1))
    flows.cancel(group.store, third)
    send()
    ghost = (moved_from.starts_at.replace(tzinfo=None), moved_from.ends_at.replace(tzinfo=None))
    assert ghost not in walls(khal.events("series"))
    assert ghost not in walls(khal.events("upcoming"))

    group.hand_over()
    last = group.store.meeting(fourth)
    assert last is not None
    flows.move(group.store, fourth, last.day + timedelta(days=19), time(11))
    send()
    # A cancellation file on its own (METHOD:CANCEL with ORGANIZER) updates the entry.
    khal.import_file("upcoming", group.cancellation(first))
    assert walls(khal.events("upcoming")) == group.on()
    off = {e[0] for e in khal.events("upcoming") if e[2] == "CANCELLED"}
    assert off == {start_of(group, first), start_of(group, third)}


@pytest.mark.skipif(RADICALE is None, reason="radicale is not installed")
def test_radicale_follows_a_meetings_life_and_a_handover(
    tmp_path: Path,
    radicale: Radicale,  # noqa: F811 - the fixture imported above
) -> None:
    (tmp_path / "files").mkdir()
    group = Group_(tmp_path / "files")
    first, second, third, fourth = group.planned
    radicale.make_calendar("series")
    radicale.make_calendar("upcoming")

    def server(name: str) -> Counter[Wall]:
        return Counter(
            (s, e) for s, e, status, _ in radicale.expanded(name, ZONE) if status != "CANCELLED"
        )

    def send() -> None:
        radicale.put("series", group.series())
        radicale.put("upcoming", group.upcoming())
        assert server("upcoming") == group.on()
        assert server("series") == group.on() + group.rhythm_after_planned()

    send()
    moving = group.store.meeting(second)
    assert moving is not None
    flows.move(group.store, second, moving.day + timedelta(weeks=1))
    flows.cancel(group.store, third)
    send()
    group.hand_over()
    last = group.store.meeting(fourth)
    assert last is not None
    flows.move(group.store, fourth, last.day + timedelta(days=19), time(11))
    send()
    # Without the coordinator's email, a cancellation is a METHOD:PUBLISH update.
    data = group.store.load()
    assert data.group is not None
    coordinator = replace(data.group.coordinator, email="")
    group.store.save_group(replace(data.group, coordinator=coordinator))
    content = group.cancellation(first)
    assert Calendar.from_ical(content)["METHOD"] == "PUBLISH"
    radicale.put("upcoming", content)
    assert server("upcoming") == group.on()
    cancelled = [e for e in radicale.expanded("upcoming", ZONE) if e[2] == "CANCELLED"]
    assert {e[0] for e in cancelled} == {start_of(group, first), start_of(group, third)}
