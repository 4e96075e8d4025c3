"""Changing the rhythm moves the planned meetings (sequence raised), in one write."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator.application.rhythm import KEEP, change_rhythm, move_one, moves_for
from coordinator.besttime.notice import draft_change_notice
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.demo import build_demo
from coordinator.invites.ics import ExportKind, ExportRequest, make_export
from coordinator.model import MeetingKind, MeetingStatus, ValidationError, Weekday
from coordinator.store import Store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "group.json", FixedClock(NOW))
    opened.replace_all(build_demo(TODAY))
    return opened


def planned(store: Store) -> list[tuple[str, datetime, int]]:
    return [
        (m.id, m.starts_at, m.sequence)
        for m in store.load().meetings
        if m.status is MeetingStatus.PLANNED
    ]


def test_changing_the_rhythm_moves_planned_meetings_and_raises_their_sequence(
    store: Store,
) -> None:
    data = store.load()
    held_before = [m for m in data.meetings if m.status is MeetingStatus.HELD]
    before = planned(store)
    assert before and all(start.weekday() == 1 for _, start, _ in before)
    group = data.group
    assert group is not None
    thursday = replace(group.rhythm, weekday=Weekday.THU, time=time(10, 0))
    done = change_rhythm(store, thursday, NOW)
    after = planned(store)
    assert len(done.moves) == len(before) == len(after)
    for (mid, old, seq), (new_id, new, new_seq) in zip(before, after, strict=True):
        assert mid == new_id
        assert new.weekday() == 3 and new.time() == time(10, 0)
        assert new_seq == seq + 1
        # The same week as before: Tuesday's meeting moves to that week's Thursday.
        assert (new.date() - old.date()).days == 2
    reloaded = store.load()
    assert reloaded.group is not None and reloaded.group.rhythm == thursday
    assert [m for m in reloaded.meetings if m.status is MeetingStatus.HELD] == held_before
    # The calendar export carries the new times with the higher sequence.
    made = make_export(reloaded, NOW, ExportRequest(ExportKind.UPCOMING, None, 5), {})
    text = made.content.decode()
    assert "T100000" in text and "T140000" not in text
    assert "SEQUENCE:1" in text


def test_a_chosen_first_day_starts_the_new_series(store: Store) -> None:
    group = store.load().group
    assert group is not None
    friday = replace(group.rhythm, weekday=Weekday.FRI, time=time(11, 0))
    first = planned(store)[0][1].date()
    chosen = date.fromordinal(first.toordinal() + 10)  # a Friday 10 days later
    assert chosen.weekday() == 4
    moves = moves_for(store.load(), friday, NOW, first_day=chosen)
    assert moves[0].after.day == chosen
    assert [(m.after.day - chosen).days for m in moves] == [14 * i for i in range(len(moves))]
    with pytest.raises(ValidationError, match="is not a Friday"):
        moves_for(store.load(), friday, NOW, first_day=first)


def test_only_regular_planned_future_meetings_move_and_venue_can_change(store: Store) -> None:
    data = store.load()
    social = replace(data.meetings[-1], id="g999", kind=MeetingKind.SOCIAL)
    social = replace(social, starts_at=social.starts_at.replace(hour=18))
    store.save_meeting(social)
    group = data.group
    assert group is not None
    moves = moves_for(store.load(), replace(group.rhythm, weekday=Weekday.WED), NOW, venue_id="v2")
    assert "g999" not in {m.before.id for m in moves}
    assert all(m.after.venue_id == "v2" for m in moves)
    done = change_rhythm(store, replace(group.rhythm, weekday=Weekday.WED), NOW, venue_id="v2")
    reloaded = store.load().group
    assert reloaded is not None and reloaded.default_venue_id == "v2"
    assert len(done.moves) == len(moves)
    # Nothing to move when the rhythm already matches.
    assert moves_for(store.load(), reloaded.rhythm, NOW, venue_id=KEEP) == []


def test_one_meeting_can_move_alone(store: Store) -> None:
    first_id, start, seq = planned(store)[0]
    moved = move_one(store, first_id, start.replace(hour=11))
    assert moved.after.sequence == seq + 1
    assert store.load().meeting(first_id) == moved.after


def test_the_change_notice_names_the_new_time_dates_and_place(store: Store) -> None:
    group = store.load().group
    assert group is not None
    done = change_rhythm(store, replace(group.rhythm, weekday=Weekday.THU, time=time(10)), NOW)
    notice = draft_change_notice(store.load(), done.moves)
    assert "every 2 weeks on Thursday at 10:00" in notice
    assert f"{done.moves[0].after.starts_at:%A}" in notice
    assert "We meet at Riverside Cafe." in notice
    assert notice.rstrip().endswith("Ann Whitfield")


def test_rhythm_set_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    db = tmp_path / "g.json"
    opened = Store.open(db, FixedClock(NOW))
    opened.replace_all(build_demo(TODAY))
    opened.close()
    runner = CliRunner()
    result = runner.invoke(
        cli.main, ["--db", str(db), "rhythm", "set", "--weekday", "thu", "--time", "10:00"]
    )
    assert result.exit_code == 0, result.output
    assert "every 2 weeks on Thursday at 10:00" in result.output
    assert "Moved 3 planned meetings" in result.output
    ics = runner.invoke(cli.main, ["--db", str(db), "ics", "--next", "5"])
    assert "T100000" in ics.output and "SEQUENCE:1" in ics.output
    bad = runner.invoke(cli.main, ["--db", str(db), "rhythm", "set", "--weekday", "someday"])
    assert bad.exit_code != 0 and "Days: 'someday' is not a day" in bad.output


def test_a_monthly_rhythm_follows_the_chosen_date_in_its_month(store: Store) -> None:
    from coordinator.application.rhythm import nth_of_month, rhythm_on
    from coordinator.model import RhythmUnit

    group = store.load().group
    assert group is not None
    monthly = replace(group.rhythm, every=1, unit=RhythmUnit.MONTH, nth=1)
    chosen = date(2026, 12, 10)  # the second Thursday of December
    assert nth_of_month(chosen) == 2 and nth_of_month(date(2026, 12, 31)) == -1
    rhythm = rhythm_on(monthly, Weekday.THU, time(10), chosen)
    assert rhythm.nth == 2
    moves = moves_for(store.load(), rhythm, NOW, first_day=chosen)
    assert [m.after.day for m in moves] == [
        date(2026, 12, 10),
        date(2027, 1, 14),
        date(2027, 2, 11),
    ]
    with pytest.raises(ValidationError, match="is not the first Thursday of its month"):
        moves_for(store.load(), replace(rhythm, nth=1), NOW, first_day=chosen)


def test_a_date_that_has_passed_is_refused(store: Store) -> None:
    group = store.load().group
    assert group is not None
    rhythm = replace(group.rhythm, weekday=Weekday.THU)
    with pytest.raises(ValidationError, match="Thu 19 Nov 2026 has passed"):
        moves_for(store.load(), rhythm, NOW, first_day=date(2026, 11, 19))


def test_a_new_usual_time_keeps_every_meetings_day_and_hand_chosen_times(
    store: Store,
) -> None:
    """Only the time changes: no meeting changes day (a meeting moved by hand stays on its
    day, a day left free stays free), those at the old usual time take the new one, and
    one whose time was chosen by hand keeps it (the days used to be dealt out again)."""
    from coordinator.application import meetings as flows

    first, second, *_ = [m for m in store.load().meetings if m.status is MeetingStatus.PLANNED]
    flows.move(store, first.id, first.day, time(16, 30))  # its time chosen by hand
    flows.move(store, second.id, second.day + timedelta(days=9))  # its day left free
    before = {m.id: m for m in store.load().meetings if m.status is MeetingStatus.PLANNED}
    group = store.load().group
    assert group is not None
    done = change_rhythm(store, replace(group.rhythm, time=time(15, 0)), NOW)
    after = {m.id: m for m in store.load().meetings if m.status is MeetingStatus.PLANNED}
    assert {mid: m.day for mid, m in after.items()} == {mid: m.day for mid, m in before.items()}
    zone = group.zone
    assert after[first.id].starts_at.astimezone(zone).time() == time(16, 30)  # by hand
    for mid in after:
        if mid != first.id:
            assert after[mid].starts_at.astimezone(zone).time() == time(15, 0)
    assert first.id not in {move.before.id for move in done.moves}
