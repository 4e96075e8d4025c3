"""The attendance summary's numbers agree when someone had planned time away: the grid
shows the legend's ``-`` for those meetings (whatever was recorded, unless they came),
and the reasons given add up to the apologies counted."""

from __future__ import annotations

from datetime import date

from coordinator import trends
from coordinator.demo import build_demo
from coordinator.model import Mark
from coordinator.reports.document import default_period
from coordinator.reports.summary import AWAY_MARK, grid_cell, member_tally, people_in

TODAY = date(2026, 11, 23)


def test_away_meetings_show_the_away_mark_and_the_numbers_add_up() -> None:
    data = build_demo(TODAY)
    start, end = default_period(TODAY, months=12)
    meetings = [m for m in data.held_meetings(end) if m.day >= start]
    away_cells = 0
    for member in data.members:
        for meeting in meetings:
            mark = meeting.mark_for(member.id)
            if member.is_away(meeting.day) and (mark is None or mark.status is not Mark.PRESENT):
                assert grid_cell(member, meeting) == AWAY_MARK
                away_cells += 1
    assert away_cells > 0  # the demo has someone away who sent word (Dave, on holiday)
    apologies = sum(member_tally(m, meetings).apologies for m in people_in(data, meetings))
    reasons = trends.reasons_breakdown(data, start, end).apologies
    assert sum(count for _, count in reasons) == apologies
