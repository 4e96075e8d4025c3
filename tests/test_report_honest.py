"""Reports tell the truth and nothing spreadsheets would run: places filled never pass
100%, and formula-like cells are neutralised however they are dressed (issue 14)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from coordinator.model import (
    AttendanceMark,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
)
from coordinator.reports import Facts, Report
from coordinator.reports.pain_service import build_service_summary
from coordinator.reports.summary import build_summary
from coordinator.reports.to_csv import neutralise

ZONE = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)
START, END = date(2026, 8, 24), TODAY


def _marked_before_joining() -> GroupData:
    """Six members at two meetings, all present; a seventh, who joined later, was marked
    present at the first one too (a slip, or a visit before joining)."""
    members = [Member(id=f"m{i}", name=f"Member {i}") for i in range(6)]
    members.append(Member(id="late", name="Late joiner", joined_on=date(2026, 11, 1)))
    meetings = tuple(
        Meeting(
            id=f"g{n}",
            starts_at=datetime.combine(day, time(14), ZONE),
            status=MeetingStatus.HELD,
            attendance={
                **{f"m{i}": AttendanceMark(Mark.PRESENT) for i in range(6)},
                **({"late": AttendanceMark(Mark.PRESENT)} if n == 0 else {}),
            },
        )
        for n, day in enumerate((date(2026, 10, 6), date(2026, 10, 20)))
    )
    return GroupData(Group(name="Honest"), members=tuple(members), meetings=meetings)


def _facts(report: Report) -> dict[str, str]:
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Facts):  # the one kind of block with items
                return dict(block.items)
    raise AssertionError("no facts")


def test_summary_places_filled_never_passes_100_percent() -> None:
    facts = _facts(build_summary(_marked_before_joining(), START, END, TODAY))
    assert "(100% of places filled)" in facts["Average attendance"]


def test_service_places_filled_never_passes_100_percent() -> None:
    facts = _facts(build_service_summary(_marked_before_joining(), START, END, TODAY))
    assert facts["Places filled"] == "100% of members on the roster"


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        " =1",
        '\u00a0=HYPERLINK("x")',
        "\u3000+1",
        "\u200b@x",
        "\ufeff=1",
        "\uff1dHYPERLINK()",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "\ufe66x",
        "\t=1",
        "\r=1",
        "\n=1",
        " \t\u00a0 =1",
    ],
)
def test_formula_like_cells_are_neutralised(cell: str) -> None:
    assert neutralise(cell).startswith("'")


@pytest.mark.parametrize("cell", ["Margaret", "2026-11-23", "50%", "a = b", "", "Sam (he/him)"])
def test_ordinary_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell
