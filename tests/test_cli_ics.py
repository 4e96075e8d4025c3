"""`coordinator ics`: choices, files written atomically, what it saves, clear errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import MeetingStatus
from coordinator.store import Store
from tests.test_ics import NOW, sample_data


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(sample_data())
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), "ics", *args])


def test_next_n_to_a_file(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "next.ics"
    result = run(db, "--next", "2", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 meetings, 13 Oct 2026 to 27 Oct 2026 to {target}." in result.output
    expected = ics.to_bytes(ics.upcoming_calendar(sample_data(), NOW, count=2))
    assert target.read_bytes() == expected
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_standard_output_by_default(db: Path) -> None:
    result = run(db)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes == ics.to_bytes(ics.upcoming_calendar(sample_data(), NOW))


def test_date_range_and_meeting(db: Path) -> None:
    result = run(db, "--from", "2026-09-01", "--to", "30/9/2026")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.count(b"BEGIN:VEVENT") == 2
    one = run(db, "--meeting", "g5", "--alarm", "30")
    assert one.exit_code == 0, one.output
    assert b"UID:meeting-g5@coordinator.invalid" in one.stdout_bytes
    assert b"TRIGGER:-PT30M" in one.stdout_bytes
    quiet = run(db, "--meeting", "g5", "--alarm", "none")
    assert b"VALARM" not in quiet.stdout_bytes


def test_alarm_setting_is_used(db: Path) -> None:
    with Store.open(db, FixedClock(NOW)) as store:
        store.save_settings({**store.settings(), ics.ALARM_SETTING: None})
    result = run(db, "--meeting", "g5")
    assert b"VALARM" not in result.stdout_bytes


def test_cancel_marks_the_meeting_cancelled_and_outranks_earlier_files(
    db: Path, tmp_path: Path
) -> None:
    before = run(db, "--meeting", "g4").stdout_bytes
    assert b"SEQUENCE:0" in before
    target = tmp_path / "cancel.ics"
    result = run(db, "--cancel", "g4", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Marked the meeting on Tue 27 Oct 2026 cancelled." in result.output
    content = target.read_bytes()
    assert b"METHOD:CANCEL" in content and b"STATUS:CANCELLED" in content
    assert b"SEQUENCE:1" in content and b"VALARM" not in content
    with Store.open(db, FixedClock(NOW), read_only=True) as store:
        meeting = store.meeting("g4")
        assert meeting is not None
        assert meeting.status is MeetingStatus.CANCELLED and meeting.sequence == 1
    again = run(db, "--cancel", "g4")
    assert b"SEQUENCE:1" in again.stdout_bytes
    assert "Marked" not in again.output


def test_series_keeps_its_sequence_until_it_changes(db: Path) -> None:
    first = run(db, "--series", "--to", "2027-03-31")
    assert first.exit_code == 0, first.output
    assert b"SEQUENCE:0" in first.stdout_bytes
    with Store.open(db, FixedClock(NOW)) as store:
        # Kept in the group record, so it travels with the bundle.
        state = ics.series_state(store.load(), {})
        assert state is not None and state.sequence == 0
    second = run(db, "--series", "--to", "2027-03-31")
    assert b"SEQUENCE:0" in second.stdout_bytes
    with Store.open(db, FixedClock(NOW)) as store:
        meeting = store.meeting("g9")
        assert meeting is not None
        store.save_meeting(replace(meeting, starts_at=meeting.starts_at + timedelta(hours=1)))
    third = run(db, "--series", "--to", "2027-03-31")
    assert b"RRULE:FREQ=WEEKLY" in third.stdout_bytes
    assert b"SEQUENCE:1" in third.stdout_bytes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--next", "2", "--series"], "Choose one of --next, --series"),
        (["--meeting", "g1", "--cancel", "g2"], "Choose one of --meeting, --cancel"),
        (["--meeting", "nope"], "Meeting: there is no meeting 'nope'"),
        (["--cancel", "g1"], "was held, so it cannot be cancelled"),
        (["--from", "tomorrow"], "--from: 'tomorrow' is not a date I can read"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "To: the end date is before"),
        (["--alarm", "soon"], "Reminder: 'soon' should be minutes"),
        (["-o", "/nonexistent-folder/x.ics"], "Output: the folder /nonexistent-folder"),
    ],
)
def test_errors_are_clear(db: Path, args: list[str], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_group_file(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.json", "--next", "1")
    assert result.exit_code == 1
    assert "There is no group file" in result.output


def test_read_only_window_can_export_but_not_cancel(db: Path) -> None:
    with Store.open(db, FixedClock(NOW)):  # the app, holding the lock
        plain = run(db, "--next", "1")
        assert plain.exit_code == 0, plain.output
        cancel = run(db, "--cancel", "g4")
        assert cancel.exit_code == 1
        assert "read-only" in cancel.output and "not cancelled" in cancel.output
        assert cancel.stdout_bytes.count(b"BEGIN:VCALENDAR") == 0


def test_help_explains_the_choices() -> None:
    result = CliRunner().invoke(cli.main, ["ics", "--help"])
    assert result.exit_code == 0
    for option in ("--next", "--from", "--to", "--series", "--meeting", "--cancel", "-o"):
        assert option in result.output


def test_a_meeting_can_be_named_by_its_date(db: Path) -> None:
    result = run(db, "--meeting", "10 Nov 2026")
    assert result.exit_code == 0, result.output
    assert b"UID:meeting-g5@coordinator.invalid" in result.stdout_bytes
    missing = run(db, "--cancel", "2026-11-11")
    assert missing.exit_code == 1
    assert "no meeting on 11 Nov 2026" in missing.output
    assert "Coming up: g3 (Tue 13 Oct), g4 (Tue 27 Oct)" in missing.output


def test_next_n_counts_only_meetings_that_are_on(tmp_path: Path, db: Path) -> None:
    # The second upcoming meeting is called off: --next 3 still sends three real
    # invites, plus the cancellation among them so calendars drop it.
    data = sample_data()
    four = data.meeting("g4")
    assert four is not None
    off = replace(four, status=MeetingStatus.CANCELLED)
    data = replace(data, meetings=tuple(off if m.id == "g4" else m for m in data.meetings))
    with Store.open(db, FixedClock(NOW)) as store:
        store.replace_all(data)
    result = run(db, "--next", "3")
    assert result.exit_code == 0, result.output
    body = result.stdout_bytes
    assert body.count(b"STATUS:CONFIRMED") == 3
    assert body.count(b"STATUS:CANCELLED") == 1
    for uid in (b"meeting-g3@", b"meeting-g4@", b"meeting-g5@", b"meeting-g6@"):
        assert uid in body
    assert b"meeting-g7@" not in body


def test_help_says_what_next_counts() -> None:
    result = CliRunner().invoke(cli.main, ["ics", "--help"], terminal_width=200)
    assert "The next N meetings that are on; cancelled ones among them" in result.output


def test_a_series_longer_than_730_dates_is_said(db: Path) -> None:
    result = run(db, "--series", "--to", "2060-01-01")
    assert result.exit_code == 0, result.output
    assert "The series stops at 730 dates, on 22 Sep 2054" in result.stderr
