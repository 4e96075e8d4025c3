"""The attendance summary's content: the numbers, the register, the check-in list."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, strategies as st

from coordinator import trends, watch
from coordinator.model import EARLIEST_DAY, LATEST_DAY, Group, GroupData, ValidationError
from coordinator.reports import (
    Block,
    Chart,
    Facts,
    ReportKind,
    ReportRequest,
    Table,
    build_report,
    default_period,
    period_of,
)
from coordinator.reports.document import months_before
from coordinator.reports.summary import (
    build_summary,
    grid_cell,
    member_tally,
    trend_words,
)
from tests.report_fixtures import TODAY, facts_in, small_group, table_in

START, END = default_period(TODAY)


def summary(
    data: GroupData | None = None, start: date = START, end: date = END
) -> dict[str, tuple[Block, ...]]:
    report = build_summary(data or small_group(), start, end, TODAY)
    return {section.heading: section.blocks for section in report.sections}


def test_default_period_is_the_last_three_months() -> None:
    assert default_period(date(2026, 11, 23)) == (date(2026, 8, 24), date(2026, 11, 23))
    assert period_of(ReportRequest(end=date(2026, 3, 31)), TODAY) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert period_of(ReportRequest(start=date(2026, 1, 5)), TODAY) == (date(2026, 1, 5), TODAY)
    with pytest.raises(ValidationError, match="To"):
        period_of(ReportRequest(start=date(2026, 5, 1), end=date(2026, 4, 1)), TODAY)


@given(day=st.dates(min_value=EARLIEST_DAY, max_value=LATEST_DAY), months=st.integers(0, 240))
def test_months_before_counts_as_relativedelta_does(day: date, months: int) -> None:
    assert months_before(day, months) == day - relativedelta(months=months)


def test_a_group_not_set_up_is_named() -> None:
    with pytest.raises(ValidationError, match="Group"):
        build_report(GroupData(group=None), ReportRequest(), TODAY)


def test_at_a_glance_agrees_with_trends() -> None:
    blocks = summary()["At a glance"]
    facts = facts_in(blocks[0])
    assert facts["Meetings held"] == "6 (1 cancelled)"
    tallies = [t for t in trends.attendance_by_meeting(small_group(), END) if t.day >= START]
    mean = sum(t.present for t in tallies) / len(tallies)
    assert facts["Average attendance"].startswith(f"{mean:.1f} members a meeting")
    chart = blocks[1]
    assert isinstance(chart, Chart)
    assert [(p.day, p.present, p.expected, p.rolling_mean) for p in chart.points] == [
        (t.day, t.present, t.expected, t.rolling_mean) for t in tallies
    ]


def test_trend_in_words() -> None:
    assert trend_words(None, 4.0) == "no meetings held in this period"
    assert trend_words(4.0, None).startswith("no meetings in the period before")
    assert trend_words(5.0, 4.0).startswith("rising: 5.0 a meeting, up from 4.0")
    assert trend_words(3.0, 4.0).startswith("falling: 3.0 a meeting, down from 4.0")
    assert trend_words(4.2, 4.0).startswith("steady")


def test_register_marks_and_blanks() -> None:
    data = small_group()
    by_id = {m.id: m for m in data.meetings}
    nell, kit, chloe, linda = (data.member(i) for i in ("m5", "m6", "m7", "m4"))
    assert nell and kit and chloe and linda
    assert grid_cell(linda, by_id["g12"]) == "○"
    assert grid_cell(nell, by_id["g10"]) == "-"  # away on holiday
    assert grid_cell(nell, by_id["g8"]) == "·"  # no mark: unknown, never absent
    assert grid_cell(chloe, by_id["g7"]) == ""  # not a member yet
    assert grid_cell(kit, by_id["g8"]) == ""  # left by then
    grid = summary()["Register"][0]
    assert isinstance(grid, Table) and grid.grid
    assert [c.title for c in grid.columns][1:] == [
        "08/09",
        "22/09",
        "06/10",
        "20/10",
        "03/11",
        "17/11",
    ]
    assert [row[0] for row in grid.rows] == [m.name for m in data.members]


def test_member_rates_leave_out_planned_time_away() -> None:
    data = small_group()
    held = [m for m in data.held_meetings(END) if m.day >= START]
    nell = data.member("m5")
    assert nell is not None
    tally = member_tally(nell, held)
    assert (tally.present, tally.apologies, tally.absent, tally.unknown) == (3, 0, 0, 2)
    assert tally.due == 5
    each = table_in(summary()["Each member"][0])
    rows = {row[0]: row for row in each.rows}
    assert rows["[bold]Nell[/bold]"][1:] == ("3", "0", "0", "2", "3/5 60%")
    assert rows["Kit \x1b[31mRed (left)"][-1] == "0/1 0%"


def test_check_ins_come_from_the_drift_watch() -> None:
    data = small_group()
    flags = watch.check_ins(data, END)
    suggested = table_in(summary()["Check-ins suggested (drift watch)"][0])
    assert [row[0] for row in suggested.rows] == [f.name for f in flags]
    assert "Linda Carter" in [f.name for f in flags]
    # Judged as of the period's end when that is in the past.
    old = table_in(summary(end=date(2026, 9, 30))["Check-ins suggested (drift watch)"][0])
    names = [row[0] for row in old.rows]
    assert names == [f.name for f in watch.check_ins(data, date(2026, 9, 30))]
    assert "Linda Carter" not in names


def test_topics_from_trends_with_their_share_of_meetings() -> None:
    topics = table_in(summary()["Topics covered"][0])
    rows = {row[0]: row[1:] for row in topics.rows}
    assert rows["catch-up"] == ("5", "83%")


def test_a_period_with_no_meetings_still_reads_well() -> None:
    blocks = summary(start=date(2025, 1, 1), end=date(2025, 3, 1))
    facts = blocks["At a glance"][0]
    assert isinstance(facts, Facts)
    assert dict(facts.items)["Trend"] == "no meetings held in this period"
    assert table_in(blocks["Register"][0]).rows == ()


def test_an_empty_group() -> None:
    data = GroupData(group=Group(name="New group"))
    report = build_report(data, ReportRequest(ReportKind.SUMMARY), TODAY)
    assert report.title == "New group: attendance summary"
    assert build_report(data, ReportRequest(ReportKind.SERVICE), TODAY).sections
    with pytest.raises(ValidationError, match="no meetings yet"):
        build_report(data, ReportRequest(ReportKind.SIGN_IN), TODAY)
