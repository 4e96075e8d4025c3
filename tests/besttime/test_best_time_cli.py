"""`coordinator best-time`: slots ranked by who can come, with who cannot and why."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coordinator.besttime.access import AccessFact, read_access_needs, read_venue_access
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    Rhythm,
    RhythmUnit,
    Venue,
    Weekday,
)
from coordinator.store import Store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
GROUP = Group(
    "Thursday Friends",
    rhythm=Rhythm(2, RhythmUnit.WEEK, Weekday.TUE, None, time(14, 0), 120),
    default_venue_id="v1",
)
VENUE = Venue("v1", "Riverside Cafe", "1 Quay St", "step-free, accessible toilet")


def members(*availability: str) -> tuple[Member, ...]:
    return tuple(
        Member(f"m{i}", f"Member {i}", availability=said)
        for i, said in enumerate(availability, start=1)
    )


def make_db(path: Path, data: GroupData, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    store = Store.open(path, FixedClock(NOW))
    store.replace_all(data)
    store.close()
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), "best-time", *args])


def test_the_first_slot_is_a_thursday_morning_all_five_can_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    five = members("not Mondays", "not after 4pm", "mornings only", "Thursdays only", "")
    db = make_db(tmp_path / "g.json", GroupData(GROUP, (VENUE,), five), monkeypatch)
    result = run(db, "--json")
    assert result.exit_code == 0, result.output
    slots = json.loads(result.output)
    first = slots[0]
    assert first["weekday"] == "thu"
    assert time.fromisoformat(first["time"]) < time(12, 0)
    assert first["venue_id"] == "v1"
    assert sorted(first["can_come"]) == ["m1", "m2", "m3", "m4", "m5"]
    assert first["cannot"] == []
    # Every slot has the documented keys, best first.
    for slot in slots:
        assert {"weekday", "time", "venue_id", "can_come", "cannot"} <= set(slot)
    counts = [len(s["can_come"]) for s in slots]
    assert counts == sorted(counts, reverse=True)
    # The table says the same in words, with the current slot for comparison.
    table = run(db)
    assert table.exit_code == 0, table.output
    assert " 1    Thursday " in table.output
    assert "Now: Tuesday 14:00-16:00 at Riverside Cafe: 3 of 5 can come." in table.output


def test_a_contradictory_set_says_who_cannot_come_to_the_best_slot_and_quotes_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = members("mornings only", "afternoons only, not Fridays", "Thursdays only", "not Thurs")
    db = make_db(tmp_path / "g.json", GroupData(GROUP, (VENUE,), clash), monkeypatch)
    slots = json.loads(run(db, "--json").output)
    best = slots[0]
    assert len(best["can_come"]) == 2
    why = {c["member_id"]: c["why"] for c in best["cannot"]}
    assert len(why) == 2
    quoted = {
        "m1": "'mornings only'",
        "m2": "'afternoons only'",
        "m3": "'Thursdays only'",
        "m4": "'not Thurs'",
    }
    for member_id, reason in why.items():
        assert quoted[member_id] in reason, reason
    table = run(db)
    assert "Member " in table.output and "'" in table.output


def test_attendance_history_breaks_ties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zone = GROUP.zone
    # The group met on Wednesdays at 11:00 and both came; nobody has any limits.
    held = Meeting(
        "g1",
        datetime(2026, 11, 4, 11, 0, tzinfo=zone),
        venue_id="v1",
        status=MeetingStatus.HELD,
        attendance={"m1": AttendanceMark(Mark.PRESENT), "m2": AttendanceMark(Mark.PRESENT)},
    )
    data = GroupData(GROUP, (VENUE,), members("", ""), (held,))
    db = make_db(tmp_path / "g.json", data, monkeypatch)
    first = json.loads(run(db, "--json").output)[0]
    assert (first["weekday"], first["time"]) == ("wed", "11:00")
    assert sorted(first["came_before"]) == ["m1", "m2"]


def test_access_needs_against_venue_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venues = (
        Venue("v1", "Upstairs Room", access_notes="first floor, two flights of stairs; parking"),
        Venue("v2", "Cafe", access_notes="step-free, near the bus stop"),
    )
    people = (
        Member("m1", "Jean", access_needs="needs step-free; a chair with arms"),
        Member("m2", "Maggie", access_needs="needs parking"),
    )
    data = GroupData(GROUP, venues, people)
    db = make_db(tmp_path / "g.json", data, monkeypatch)
    slots = json.loads(run(db, "--json", "--days", "tue").output)
    upstairs = next(s for s in slots if s["venue_id"] == "v1")
    assert upstairs["can_come"] == ["m2"]
    assert upstairs["cannot"][0]["member_id"] == "m1"
    assert "'needs step-free'" in upstairs["cannot"][0]["why"]
    cafe = next(s for s in slots if s["venue_id"] == "v2")
    assert sorted(cafe["can_come"]) == ["m1", "m2"]
    assert cafe["check"][0]["member_id"] == "m2"
    assert slots[0]["venue_id"] == "v2"


def test_access_words_read_both_ways() -> None:
    notes = read_venue_access("parking, ramp at side door; no accessible toilet; noisy")
    assert notes.facts() == {
        AccessFact.PARKING: True,
        AccessFact.STEP_FREE: True,
        AccessFact.TOILET: False,
        AccessFact.QUIET: False,
    }
    needs = read_access_needs("wheelchair; a chair with arms")
    assert needs.facts() == {AccessFact.STEP_FREE: True}
    assert needs.summary(needs=True) == ("✓ needs step-free · ? 'a chair with arms' not understood")


def test_away_periods_count_when_a_week_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.model import AwayPeriod

    away = Member("m1", "Dave", away=(AwayPeriod(date(2026, 12, 1), date(2026, 12, 5), "hols"),))
    data = GroupData(GROUP, (VENUE,), (away, Member("m2", "Sam")))
    db = make_db(tmp_path / "g.json", data, monkeypatch)
    slots = json.loads(run(db, "--json", "--week-of", "2026-11-30", "--days", "wed").output)
    assert slots[0]["date"] == "2026-12-02"
    assert "'hols'" in slots[0]["cannot"][0]["why"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--days", "mon,funday"), "Days: 'funday' is not a day"),
        (("--from", "25:00"), "--from:"),
        (("--from", "18:00", "--to", "10:00"), "To: should be later than From"),
        (("--from", "10:00", "--to", "11:00"), "No meeting of that length fits"),
        (("--week-of", "someday"), "--week-of"),
    ],
)
def test_bad_options_get_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    db = make_db(tmp_path / "g.json", GroupData(GROUP, (VENUE,), members("")), monkeypatch)
    result = run(db, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_members_words_are_shown_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = (
        Member("m1", "Evil \x1b[31mEscape", availability="not Mondays [bold]please[/]"),
        Member("m2", "[red]Ann[/]", availability="Thursdays only"),
    )
    db = make_db(tmp_path / "g.json", GroupData(GROUP, (VENUE,), people), monkeypatch)
    shown = run(db, "--days", "mon", "--top", "1").output
    assert "\x1b" not in shown
    assert "Evil ␛[31mEscape" in shown and "[red]Ann[/]" in shown
    slots = json.loads(run(db, "--json", "--days", "mon").output)
    assert "'not Mondays'" in slots[0]["cannot"][0]["why"]


def test_a_proposed_date_is_judged_by_everyones_words() -> None:
    from coordinator.besttime.slots import judge_slot

    five = members("not Mondays", "not after 4pm", "mornings only", "Thursdays only", "")
    data = GroupData(GROUP, (VENUE,), five)
    judged = judge_slot(data, Weekday.MON, time(15), None, date(2026, 12, 7))
    assert judged.venue_id == "v1"  # the usual venue when none is named
    assert {c.member_id for c in judged.cannot} == {"m1", "m2", "m3", "m4"}
