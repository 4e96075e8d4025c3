"""Judging a rule against the simulator's ground truth, after every held meeting.

A rule gives, for each held meeting of a group, who is on the list that day and at which
level (``{member_id: "watch" | "reach_out"}``). Our watch is judged through exactly what
``coordinator at-risk --as-of DAY --json`` prints (:func:`coordinator.watch.at_risk_json`,
the function the command calls); the anchor rules are plain functions of the marks.

Definitions (issue 17):

- a DRIFT EPISODE starts at the drift's first meeting (the onset, always a miss) and lasts
  to the end of the group's history;
- a MISS is a held meeting from the onset on that the drifter did not really come to
  (recorded or not: an unrecorded mark is still a miss);
- RECALL BY THE k-TH MISS: of the drifters with at least k misses, the share on the list
  at some held meeting from the onset up to and including their k-th miss;
- a FALSE ALARM is a flag raised (on the list at a meeting, not at the one before) for a
  member who is not in a drift episode then (never drifting, or before the onset),
  counted per member-year on the roster; ``fa_back`` is the old definition (a flag raised
  and they come to one of the next 2 held meetings), reported alongside;
- MEAN LIST: members on the list per held meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from families import SimulatedGroup

from coordinator.model import GroupData, Mark, active_on

Listed = dict[str, str]  # member id -> level
Flags = list[Listed]  # one per held meeting
Rule = Callable[[SimulatedGroup], Flags]


@dataclass(frozen=True)
class Result:
    recall_2: float
    recall_3: float
    never: float
    false_alarms: float  # per member-year
    fa_back: float  # per member-year, the old "came back within 2" definition
    mean_list: float
    drifters: int
    member_years: float

    def row(self) -> str:
        return (
            f"r2={self.recall_2:.3f} r3={self.recall_3:.3f} fa={self.false_alarms:.3f} "
            f"fa_back={self.fa_back:.3f} list={self.mean_list:.2f} n={self.drifters}"
        )


@dataclass
class Tally:
    """Counts that add up over groups (so per-family and per-rhythm tables are sums)."""

    by_2: int = 0
    n_2: int = 0
    by_3: int = 0
    n_3: int = 0
    never: int = 0
    drifters: int = 0
    false_alarms: int = 0
    fa_back: int = 0
    member_years: float = 0.0
    listed: int = 0
    meetings: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def result(self) -> Result:
        def share(a: int, b: int) -> float:
            return a / b if b else float("nan")

        years = self.member_years or float("nan")
        return Result(
            share(self.by_2, self.n_2),
            share(self.by_3, self.n_3),
            share(self.never, self.drifters),
            self.false_alarms / years,
            self.fa_back / years,
            share(self.listed, self.meetings),
            self.drifters,
            self.member_years,
        )


def tally(
    group: SimulatedGroup,
    flags: Flags,
    level: str | None = None,
    only: Callable[[SimulatedGroup, str], bool] | None = None,
) -> Tally:
    """One group's counts for one rule (``level``: count only that level's flags;
    ``only``: count only the members it accepts)."""
    held = group.data.held_meetings()
    on = [{m for m, lv in listed.items() if level is None or lv == level} for listed in flags]
    t = Tally(listed=sum(len(s) for s in on), meetings=len(held))
    for member in group.data.members:
        if only is not None and not only(group, member.id):
            continue
        truth = group.truth[member.id]
        start = max(member.joined_on or held[0].day, held[0].day)
        end = held[-1].day
        if member.status_since is not None:
            end = min(end, member.status_since)
        t.member_years += max((end - start).days, 0) / 365.25
        onset = truth.onset
        for i in range(len(held)):
            if member.id in on[i] and (i == 0 or member.id not in on[i - 1]):
                if onset is None or i < onset:
                    t.false_alarms += 1
                later = range(i + 1, min(i + 3, len(held)))
                if any(j in truth.came for j in later):
                    t.fa_back += 1
        if onset is None:
            continue
        t.drifters += 1
        misses = [i for i in range(onset, len(held)) if i not in truth.came]
        flagged = [i for i in range(onset, len(held)) if member.id in on[i]]
        if not flagged:
            t.never += 1
        for k in (2, 3):
            if len(misses) < k:
                continue
            caught = bool(flagged) and flagged[0] <= misses[k - 1]
            if k == 2:
                t.n_2 += 1
                t.by_2 += caught
            else:
                t.n_3 += 1
                t.by_3 += caught
    return t


def came_before(group: SimulatedGroup, member_id: str) -> float | None:
    """The share of the held meetings they were on the roster for that they really came
    to, before their drift began (all of them if they never drifted); None for fewer than
    4 such meetings."""
    held = group.data.held_meetings()
    truth = group.truth[member_id]
    member = group.data.member(member_id)
    end = truth.onset if truth.onset is not None else len(held)
    on = [i for i in range(end) if member is not None and member.on_roster(held[i].day)]
    if len(on) < 4:
        return None
    return sum(i in truth.came for i in on) / len(on)


def combine(tallies: Sequence[Tally]) -> Result:
    total = Tally()
    for t in tallies:
        total.add(t)
    return total.result()


# --- the anchor rules (DESIGN.md §4 and the table) ---------------------------------
# Written as they are usually applied: any miss counts (apologies and time away alike), a
# mark that was never recorded is simply not there, and only members on the roster that
# day are listed. Each works through the meetings once.


def _marks_by_member(data: GroupData) -> tuple[list[date], dict[str, list[Mark | None]]]:
    held = data.held_meetings()
    days = [m.day for m in held]
    marks: dict[str, list[Mark | None]] = {}
    for member in data.members:
        row: list[Mark | None] = []
        for meeting in held:
            mark = meeting.attendance.get(member.id)
            row.append(mark.status if mark and member.was_member_on(meeting.day) else None)
        marks[member.id] = row
    return days, marks


def in_a_row(n: int) -> Rule:
    """Flag after ``n`` misses in a row (any kind)."""

    def rule(group: SimulatedGroup) -> Flags:
        days, marks = _marks_by_member(group.data)
        out: Flags = []
        runs = dict.fromkeys(marks, 0)
        for i, day in enumerate(days):
            roster = {m.id for m in active_on(group.data.members, day)}
            for member_id, row in marks.items():
                if row[i] is not None:
                    runs[member_id] = 0 if row[i] is Mark.PRESENT else runs[member_id] + 1
            out.append({m: "watch" for m in roster if runs[m] >= n})
        return out

    return rule


def under_half_8_weeks(group: SimulatedGroup) -> Flags:
    """Flag when present at under half the meetings of the last 8 weeks."""
    days, marks = _marks_by_member(group.data)
    out: Flags = []
    for i, day in enumerate(days):
        roster = {m.id for m in active_on(group.data.members, day)}
        start = day - timedelta(weeks=8)
        listed: Listed = {}
        for member_id in roster:
            window = [
                marks[member_id][j]
                for j in range(i, -1, -1)
                if days[j] > start and marks[member_id][j] is not None
            ]
            if window and sum(m is Mark.PRESENT for m in window) / len(window) < 0.5:
                listed[member_id] = "watch"
        out.append(listed)
    return out


def not_seen_5_weeks(group: SimulatedGroup) -> Flags:
    """Flag when not seen for 5 weeks or more."""
    days, marks = _marks_by_member(group.data)
    members = {m.id: m for m in group.data.members}
    seen: dict[str, date] = {m.id: m.joined_on or days[0] for m in group.data.members}
    out: Flags = []
    for i, day in enumerate(days):
        for member_id, row in marks.items():
            if row[i] is Mark.PRESENT:
                seen[member_id] = day
        roster = {m.id for m in active_on(members.values(), day)}
        out.append({m: "watch" for m in roster if (day - seen[m]).days >= 35})
    return out


ANCHORS: dict[str, Rule] = {
    "2 misses in a row (any kind)": in_a_row(2),
    "3 misses in a row (any kind)": in_a_row(3),
    "under 50% in 8 weeks": under_half_8_weeks,
    "not seen in 5 weeks": not_seen_5_weeks,
}
