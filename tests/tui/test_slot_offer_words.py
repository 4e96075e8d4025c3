"""Choosing a best time that changes the venue says so: the old and new place by name,
and a meeting that keeps its time but changes place never reads as no change."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from coordinator.application.rhythm import Move
from coordinator.model import GroupData, Meeting, Venue
from coordinator.tui.modals.slot_offer import move_words, venue_change

DATA = GroupData(
    group=None,
    venues=(Venue(id="v1", name="Riverside Cafe"), Venue(id="v2", name="St Mark's [b]hall[/b]")),
)
AT = datetime(2026, 12, 15, 14, 0, tzinfo=UTC)


def test_a_venue_change_names_both_places() -> None:
    change = venue_change(DATA, "v1", "v2")
    assert change is not None
    assert change.plain == "Riverside Cafe → St Mark's [b]hall[/b]"
    assert venue_change(DATA, "v1", "v1") is None
    no_venue = venue_change(DATA, None, "v1")
    assert no_venue is not None and no_venue.plain.startswith("no venue set → ")


def test_a_move_to_the_same_time_says_the_place_changes() -> None:
    before = Meeting(id="g1", starts_at=AT, venue_id="v1")
    same_time = move_words(DATA, Move(before, replace(before, venue_id="v2")))
    assert same_time.plain == "Tue 15 Dec 14:00: Riverside Cafe → St Mark's [b]hall[/b]"
    later = replace(before, starts_at=AT.replace(hour=15))
    assert move_words(DATA, Move(before, later)).plain == "Tue 15 Dec 14:00 → Tue 15 Dec 15:00"
    both = move_words(DATA, Move(before, replace(later, venue_id="v2"))).plain
    assert both == "Tue 15 Dec 14:00 → Tue 15 Dec 15:00, Riverside Cafe → St Mark's [b]hall[/b]"
