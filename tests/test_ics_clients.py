"""Real clients: the exports import into khal and a Radicale CalDAV server (on 127.0.0.1)
accepts them, with every meeting at the right wall-clock time.

Skipped when khal or radicale is not installed (``pip install khal radicale``). Radicale
runs as a fresh process, as a real server would: vobject, which it parses with, keeps a
process-wide map of timezones, so only a fresh process shows what a new server sees.
Each server stops itself after two minutes even if the test run is killed.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time as clock
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from coordinator.invites import ics
from coordinator.model import GroupData, MeetingStatus
from tests.test_ics import sample_data

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
KHAL = shutil.which("khal", path=str(BIN)) or shutil.which("khal")
RADICALE = shutil.which("radicale", path=str(BIN)) or shutil.which("radicale")
WINDOW = (datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC))
SERIES_END = date(2027, 4, 30)
Times = set[tuple[datetime, datetime]]


@dataclass(frozen=True)
class Case:
    """One group's three exports and the wall-clock times each should show."""

    name: str
    data: GroupData
    now: datetime
    cancel_id: str

    @property
    def zone_name(self) -> str:
        assert self.data.group is not None
        return self.data.group.timezone

    def upcoming(self) -> bytes:
        return ics.to_bytes(ics.upcoming_calendar(self.data, self.now))

    def series(self) -> bytes:
        export = ics.series_calendar(self.data, self.now, end=SERIES_END)
        return ics.to_bytes(export.calendar)

    def cancellation(self) -> bytes:
        return ics.to_bytes(ics.cancellation_calendar(self.data, self.cancel_id, self.now))

    def expected_upcoming(self) -> Times:
        return {
            wall(m.starts_at, m.ends_at)
            for m in ics.upcoming_meetings(self.data, self.now)
            if m.status is not MeetingStatus.CANCELLED
        }

    def expected_series(self) -> Times:
        """Meetings still on from today to the end, then the rhythm (every 2 weeks on
        Tuesday at 14:00 for both groups here) after the last planned one."""
        assert self.data.group is not None
        today = self.now.astimezone(self.data.group.zone).date()
        rhythm = self.data.group.rhythm
        on = [m for m in self.data.meetings if today <= m.day <= SERIES_END]
        times = {
            wall(m.starts_at, m.ends_at) for m in on if m.status is not MeetingStatus.CANCELLED
        }
        last = max(m.day for m in self.data.meetings if m.day.weekday() == 1)
        day = last + timedelta(weeks=2)
        length = timedelta(minutes=rhythm.duration_minutes)
        while day <= SERIES_END:
            start = datetime.combine(day, rhythm.time)
            times.add((start, start + length))
            day += timedelta(weeks=2)
        return times


def wall(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


def demo_case() -> Case:
    demo = pytest.importorskip("coordinator.demo")
    # A Wednesday two weeks before the clock goes back: planned meetings on 20 Oct (BST),
    # 3 and 17 Nov (GMT); the series runs on into summer time 2027.
    today = date(2026, 10, 7)
    data = demo.build_demo(today)
    planned = [m for m in data.meetings if m.status is MeetingStatus.PLANNED]
    return Case("demo", data, datetime.combine(today, time(9), tzinfo=UTC), planned[0].id)


def sample_case(zone: str) -> Case:
    return Case(zone, sample_data(zone), datetime(2026, 10, 5, 9, tzinfo=UTC), "g4")


CASES = [demo_case, lambda: sample_case("America/New_York"), lambda: sample_case("Asia/Kolkata")]
CASE_IDS = ["demo-london", "new-york", "kolkata"]


def cancelled(case: Case) -> Case:
    """The case after the coordinator cancelled the meeting (as the export does)."""
    meeting = case.data.meeting(case.cancel_id)
    assert meeting is not None
    gone = replace(meeting, status=MeetingStatus.CANCELLED, sequence=meeting.sequence + 1)
    meetings = tuple(gone if m.id == gone.id else m for m in case.data.meetings)
    return replace(case, data=replace(case.data, meetings=meetings))


# --- khal ------------------------------------------------------------------------------------


class Khal:
    def __init__(self, folder: Path, zone: str) -> None:
        self.folder = folder
        self.config = folder / "config"
        lines = ["[calendars]"]
        for name in ("upcoming", "series"):
            (folder / name).mkdir(parents=True)
            lines += [f"[[{name}]]", f"path = {folder / name}", "type = calendar"]
        lines += [
            "[locale]",
            "timeformat = %H:%M",
            "dateformat = %Y-%m-%d",
            "longdateformat = %Y-%m-%d",
            "datetimeformat = %Y-%m-%d %H:%M",
            "longdatetimeformat = %Y-%m-%d %H:%M",
            f"local_timezone = {zone}",
            f"default_timezone = {zone}",
            "[default]",
            "default_calendar = upcoming",
        ]
        self.config.write_text("\n".join(lines) + "\n")

    def run(self, *args: str) -> str:
        assert KHAL is not None
        env = {**os.environ, "HOME": str(self.folder), "XDG_DATA_HOME": str(self.folder)}
        done = subprocess.run(
            [KHAL, "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def import_file(self, calendar: str, content: bytes) -> None:
        path = self.folder / f"{calendar}-{clock.monotonic_ns()}.ics"
        path.write_bytes(content)
        self.run("import", "--batch", "-a", calendar, str(path))

    def events(self, calendar: str) -> list[tuple[datetime, datetime, str, str]]:
        out = self.run(
            "list",
            "-a",
            calendar,
            "--format",
            "{start}|{end}|{status}|{title}",
            "--day-format",
            "",
            "2026-09-01",
            "2027-06-01",
        )
        found = []
        for line in out.splitlines():
            if not line.strip():
                continue
            start, end, status, title = line.split("|", 3)
            found.append(
                (
                    datetime.strptime(start, "%Y-%m-%d %H:%M"),  # noqa: DTZ007 - wall time
                    datetime.strptime(end, "%Y-%m-%d %H:%M"),  # noqa: DTZ007 - wall time
                    status.strip(),
                    title,
                )
            )
        return found


@pytest.mark.skipif(KHAL is None, reason="khal is not installed")
@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_khal_imports_every_export_at_the_right_time(
    make: Callable[[], Case], tmp_path: Path
) -> None:
    case = make()
    khal = Khal(tmp_path, case.zone_name)
    khal.import_file("upcoming", case.upcoming())
    upcoming = khal.events("upcoming")
    on = {(s, e) for s, e, status, _ in upcoming if status != "CANCELLED"}
    assert on == case.expected_upcoming()

    khal.import_file("series", case.series())
    series = {(s, e) for s, e, status, _ in khal.events("series") if status != "CANCELLED"}
    assert series == case.expected_series()

    # The cancellation replaces the meeting it cancels: same UID, higher SEQUENCE.
    khal.import_file("upcoming", case.cancellation())
    after = khal.events("upcoming")
    assert len(after) == len(upcoming)
    meeting = case.data.meeting(case.cancel_id)
    assert meeting is not None
    (entry,) = [e for e in after if (e[0], e[1]) == wall(meeting.starts_at, meeting.ends_at)]
    assert entry[2] == "CANCELLED"
    still_on = {(s, e) for s, e, status, _ in after if status != "CANCELLED"}
    assert still_on == cancelled(case).expected_upcoming()


# --- Radicale ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Radicale:
    """A CalDAV client for a Radicale on 127.0.0.1: calendars hold one resource per UID,
    as CalDAV requires and as clients (Thunderbird, DAVx5, vdirsyncer) store them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.auth = "Basic " + base64.b64encode(b"ann:demo").decode()

    def request(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, bytes]:
        headers = {
            "Authorization": self.auth,
            **{k.replace("_", "-"): v for k, v in headers.items()},
        }
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def make_calendar(self, name: str) -> None:
        status, body = self.request("MKCALENDAR", f"/ann/{name}/")
        assert status == 201, body

    def put(self, name: str, content: bytes) -> list[str]:
        """Store each UID of an exported file as its own resource; returns the UIDs."""
        cal = Calendar.from_ical(content)
        uids = list(dict.fromkeys(str(c["UID"]) for c in cal.walk("VEVENT")))
        for uid in uids:
            one = Calendar()
            for key in cal:
                one[key] = cal[key]
            for component in cal.subcomponents:
                if component.name == "VTIMEZONE" or str(component.get("UID")) == uid:
                    one.add_component(component)
            status, body = self.request(
                "PUT", f"/ann/{name}/{uid}.ics", one.to_ical(), Content_Type="text/calendar"
            )
            assert status in (201, 204), (uid, status, body)
        return uids

    def expanded(self, name: str, zone: str) -> list[tuple[datetime, datetime, str, int]]:
        """The server's own view: a calendar-query with expand over the window, as wall
        times in the group's zone, with STATUS and SEQUENCE."""
        from zoneinfo import ZoneInfo

        start, end = (t.strftime("%Y%m%dT%H%M%SZ") for t in WINDOW)
        query = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <D:prop><C:calendar-data><C:expand start="{start}" end="{end}"/></C:calendar-data></D:prop>
 <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
  <C:time-range start="{start}" end="{end}"/>
 </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
        status, body = self.request(
            "REPORT", f"/ann/{name}/", query, Depth="1", Content_Type="application/xml"
        )
        assert status == 207, body
        local = ZoneInfo(zone)
        found = []
        for data in ElementTree.fromstring(body).iter(
            "{urn:ietf:params:xml:ns:caldav}calendar-data"
        ):
            for event in Calendar.from_ical(data.text or "").walk("VEVENT"):
                begins = event.decoded("dtstart").astimezone(local).replace(tzinfo=None)
                ends = event.decoded("dtend").astimezone(local).replace(tzinfo=None)
                sequence = int(event.decoded("sequence")) if "SEQUENCE" in event else 0
                found.append((begins, ends, str(event.get("STATUS", "")), sequence))
        return found


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    assert RADICALE is not None
    port = free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    command = [RADICALE, "--config", str(config)]
    stopper = shutil.which("timeout")
    if stopper:  # the server stops itself even if this test run is killed
        command = [stopper, "120", *command]
    log = (tmp_path / "radicale.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = clock.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None or clock.monotonic() > deadline:
                    pytest.fail(
                        f"Radicale did not start: {(tmp_path / 'radicale.log').read_text()}"
                    )
                clock.sleep(0.1)
        yield Radicale(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


@pytest.mark.skipif(RADICALE is None, reason="radicale is not installed")
@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_radicale_accepts_every_export_at_the_right_time(
    make: Callable[[], Case], radicale: Radicale
) -> None:
    case = make()
    zone = case.zone_name

    radicale.make_calendar("upcoming")
    uids = radicale.put("upcoming", case.upcoming())
    seen = radicale.expanded("upcoming", zone)
    assert len(seen) == len(uids)
    assert {(s, e) for s, e, status, _ in seen if status != "CANCELLED"} == case.expected_upcoming()

    radicale.make_calendar("series")
    radicale.put("series", case.series())
    series = radicale.expanded("series", zone)
    assert {(s, e) for s, e, _, _ in series} == case.expected_series()

    # The cancellation goes over the meeting's resource (same UID): the server now has it
    # cancelled, with a higher SEQUENCE, and everything else unchanged.
    meeting = case.data.meeting(case.cancel_id)
    assert meeting is not None
    (uid,) = radicale.put("upcoming", case.cancellation())
    assert uid == ics.meeting_uid(meeting)
    after = radicale.expanded("upcoming", zone)
    assert len(after) == len(seen)
    (entry,) = [e for e in after if (e[0], e[1]) == wall(meeting.starts_at, meeting.ends_at)]
    assert entry[2] == "CANCELLED"
    assert entry[3] > meeting.sequence
    assert {(s, e) for s, e, status, _ in after if status != "CANCELLED"} == cancelled(
        case
    ).expected_upcoming()
