"""`coordinator meeting ...`: a meeting's life from the command line, bad input named."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import Meeting, MeetingStatus
from coordinator.store import Store
from tests.found import found
from tests.test_ics import NOW, sample_data

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(sample_data())
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), "meeting", *args])


def stored(db: Path, meeting_id: str) -> Meeting:
    with Store.open(db, FixedClock(NOW), read_only=True) as store:
        return found(store.meeting(meeting_id))


def test_plan_keeps_each_meetings_rhythm_day(db: Path) -> None:
    result = run(db, "plan", "2")
    assert result.exit_code == 0, result.output
    assert "Planned 2: 19 Jan to 02 Feb 2027." in result.output
    listed = json.loads(run(db, "list", "--json").output)
    planned = [m for m in listed if m["series_slot"] in ("2027-01-19", "2027-02-02")]
    assert [m["starts_at"] for m in planned] == ["2027-01-19T14:00", "2027-02-02T14:00"]


def test_move_a_meeting_a_week_stays_its_series_occurrence(db: Path) -> None:
    result = run(db, "move", "g4", "--to", "2026-11-03")
    assert result.exit_code == 0, result.output
    assert "Moved g4 from Tue 27 Oct 2026 14:00 to Tue 03 Nov 2026 14:00." in result.output
    moved = stored(db, "g4")
    assert moved.sequence == 1 and moved.series_slot == date(2026, 10, 27)
    with Store.open(db, FixedClock(NOW), read_only=True) as store:
        made = ics.make_export(store.load(), NOW, ics.ExportRequest(ics.ExportKind.SERIES), {})
    text = made.content.decode()
    # The old date is the override's RECURRENCE-ID; the moved meeting is no event of its own.
    assert "RECURRENCE-ID;TZID=Europe/London:20261027T140000" in text
    assert "meeting-g4@" not in text


def test_cancel_uncancel_and_held(db: Path) -> None:
    assert run(db, "cancel", "g5").exit_code == 0
    assert stored(db, "g5").status is MeetingStatus.CANCELLED
    again = run(db, "cancel", "g5")
    assert "already cancelled" in again.output
    back = run(db, "uncancel", "2026-11-10")  # by its date
    assert back.exit_code == 0 and "back on" in back.output
    assert stored(db, "g5").sequence == 3
    early = run(db, "held", "g5")
    assert early.exit_code == 1 and "has not happened yet" in early.output


def test_add_with_the_usual_time_and_venue(db: Path) -> None:
    result = run(db, "add", "--date", "2027-03-02")
    assert result.exit_code == 0, result.output
    with Store.open(db, FixedClock(NOW), read_only=True) as store:
        (added,) = [m for m in store.meetings() if m.day == date(2027, 3, 2)]
    assert added.starts_at == datetime(2027, 3, 2, 14, tzinfo=LONDON)
    assert added.venue_id == "v1" and added.series_slot == date(2027, 3, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["move", "g4", "--to", "2027-03-28", "--time", "01:30"], "Start time: 01:30 does not"),
        (["move", "g4", "--to", "31/02/2027"], "--to:"),
        (["move", "g4", "--to", "2027-03-02", "--time", "25:00"], "--time:"),
        (["move", "nope", "--to", "2027-03-02"], "Meeting: there is no meeting"),
        (["move", "g1", "--to", "2027-03-02"], "was held"),
        (["add", "--date", "tomorrow-ish"], "--date:"),
        (["add", "--date", "2027-03-02", "--length", "5"], "--length:"),
        (["add", "--date", "2027-03-02", "--venue", "v9"], "Venue: there is no venue"),
        (["add", "--date", "2027-03-02", "--venue", "v1", "--place", "x"], "Place:"),
        (["plan", "0"], "N (how many):"),
        (["plan", "many"], "N (how many):"),
    ],
)
def test_bad_input_is_named_and_nothing_changes(db: Path, args: list[str], message: str) -> None:
    before = db.read_bytes()
    result = run(db, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.read_bytes() == before


def test_a_time_that_happens_twice_is_said(db: Path) -> None:
    result = run(db, "move", "g6", "--to", "2026-10-25", "--time", "01:30")
    assert result.exit_code == 0, result.output
    assert "happens twice" in result.output and "first 01:30 (BST" in result.output
    moved = stored(db, "g6")
    assert moved.starts_at.utcoffset() == timedelta(hours=1)


def test_list_upcoming_or_all(db: Path) -> None:
    ids = [line.split()[0] for line in run(db, "list").output.splitlines()]
    assert ids == ["g3", "g4", "g5", "g6", "g7", "g8", "g9", "g10"]
    everything = [line.split()[0] for line in run(db, "list", "--all").output.splitlines()]
    assert everything[:2] == ["g1", "g2"]


def test_moving_a_meeting_to_a_day_that_has_passed_says_so(db: Path) -> None:
    """Moved into the past it is no longer "to come": the move says what to do."""
    earlier = (NOW - timedelta(days=2)).astimezone(LONDON).date()
    result = run(db, "move", "g5", "--to", earlier.isoformat())
    assert result.exit_code == 0, result.output
    assert "has passed" in result.output and "meeting held g5" in result.output
    later = run(db, "move", "g5", "--to", (NOW + timedelta(days=9)).date().isoformat())
    assert later.exit_code == 0 and "has passed" not in later.output


def test_moving_a_meeting_off_the_rhythm_says_how_calendars_learn_of_it(db: Path) -> None:
    """A social (no rhythm day) moved out of a window of upcoming meetings is left out of
    that file: the move says to send its own file."""
    added = run(db, "add", "--date", "2026-10-24", "--time", "11:00", "--kind", "social")
    assert added.exit_code == 0, added.output
    listed = json.loads(run(db, "list", "--json").output)
    (social,) = [m for m in listed if m["starts_at"].startswith("2026-10-24")]
    moved = run(db, "move", social["id"], "--to", "2027-03-06")
    assert moved.exit_code == 0, moved.output
    assert f"ics --meeting {social['id']}" in moved.output
    regular = run(db, "move", "g5", "--to", "2026-11-12")
    assert "ics --meeting" not in regular.output  # a rhythm day: the window holds it
