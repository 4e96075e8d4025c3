"""The dashboard chart's month labels: a month whose first bar comes only two columns
after the last label (fortnightly meetings) still gets its label, under one of its own
bars, never touching the one before."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, strategies as st

from coordinator.trends import MeetingTally
from coordinator.tui.widgets.chart import _month_labels, _year_labels


def _tallies(days: list[date]) -> list[MeetingTally]:
    return [MeetingTally(f"g{i}", day, 0, 0, 0, 0, 0, 0, 0.0) for i, day in enumerate(days)]


def test_the_demo_groups_months_are_all_labelled() -> None:
    # The dashboard's last 12 meetings of the demo (fortnightly from 30 June).
    days = [date(2026, 6, 30) + timedelta(weeks=2 * i) for i in range(12)]
    line = _month_labels(_tallies(days), 0, 2)
    for month in ("Jun", "Jul", "Aug", "Sep", "Oct", "Nov"):
        assert month in line, line


@given(
    gaps=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=30),
    column=st.integers(min_value=1, max_value=3),
)
def test_each_label_sits_under_its_own_month_and_none_touch(gaps: list[int], column: int) -> None:
    days = [date(2026, 1, 1)]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    tallies = _tallies(days)
    line = _month_labels(tallies, 0, column)
    assert len(line) == len(tallies) * column
    at = 0
    for word in line.split():
        at = line.index(word, at)
        bar = tallies[at // column]
        assert word == bar.day.strftime("%b")  # under a bar of the month it names
        at += len(word)


@given(
    gaps=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=30),
    column=st.integers(min_value=1, max_value=3),
)
def test_years_have_their_own_line_each_under_a_bar_of_its_year(
    gaps: list[int], column: int
) -> None:
    days = [date(2025, 10, 1)]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    tallies = _tallies(days)
    line = _year_labels(tallies, 0, column)
    if len({day.year for day in days}) == 1:
        assert line == ""
        return
    if len(line) >= 4:  # room for a year at all
        assert line.split()[0] == str(days[0].year)  # the first bar's year is always said
    at = 0
    for word in line.split():
        at = line.index(word, at)
        assert word == str(tallies[at // column].day.year)
        at += len(word)
    assert not any(word.isdigit() for word in _month_labels(tallies, 0, column).split())


@given(counts=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=12))
def test_reason_bars_are_in_proportion_to_their_counts(counts: list[int]) -> None:
    from coordinator.tui.screens.trends import BAR_CELLS, bar_cells

    largest = max(counts)
    for count in counts:
        exact = count * BAR_CELLS / largest
        assert abs(bar_cells(count, largest) - exact) <= 0.5 or bar_cells(count, largest) == 1
    assert bar_cells(largest, largest) == BAR_CELLS
