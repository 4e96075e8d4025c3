"""Scoring a rule against the simulator's ground truth.

A rule is judged at every held meeting, on the meeting's day, once the register is in:
that is when a coordinator looks at the check-in list. It produces, per group, one set of
flagged member ids per held meeting.

- **Recall by the k-th missed meeting**: of the members who really drifted away (and
  missed at least k meetings after the drift began), the share flagged on or before the
  day of their k-th missed meeting, counting from the first meeting of the drift.
- **Meetings missed before the first flag**: for drifters who were flagged, how many of
  the drift's meetings they had missed by then (mean); drifters never flagged are counted
  separately.
- **False alarms per member-year**: a flag that starts (not flagged at the previous
  meeting) and the member then came to one of the next 2 held meetings.
- **Mean list length**: flagged members per held meeting, averaged over every meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from simulate import SimulatedGroup

from coordinator.model import GroupData, Mark, Meeting

Flags = list[set[str]]


@dataclass(frozen=True)
class Result:
    recall_2: float
    recall_3: float
    missed_before_flag: float
    never_flagged: float
    false_alarms_per_member_year: float
    mean_list: float
    drifters: int


def flags_over_time(data: GroupData, rule: Callable[[GroupData, date], set[str]]) -> Flags:
    """The rule's flags as of each held meeting's day."""
    return [rule(data, meeting.day) for meeting in data.held_meetings()]


def _present(held: Sequence[Meeting], index: int, member_id: str) -> bool:
    mark = held[index].mark_for(member_id)
    return mark is not None and mark.status is Mark.PRESENT


def measure(groups: Sequence[SimulatedGroup], flags: Sequence[Flags]) -> Result:
    """Recall, delay, false alarms and list length of one rule over all groups."""
    by_2 = by_3 = n_2 = n_3 = 0
    delays: list[int] = []
    never = drifters = 0
    false_alarms = 0
    member_years = 0.0
    list_total = evaluations = 0
    for group, per_meeting in zip(groups, flags, strict=True):
        held = group.data.held_meetings()
        list_total += sum(len(f) for f in per_meeting)
        evaluations += len(per_meeting)
        for member in group.data.members:
            truth = group.truth[member.id]
            start = max(member.joined_on or held[0].day, held[0].day)
            end = held[-1].day
            if member.status_since is not None:
                end = min(end, member.status_since)
            member_years += max((end - start).days, 0) / 365.25
            for i, flagged in enumerate(per_meeting):
                if member.id in flagged and (i == 0 or member.id not in per_meeting[i - 1]):
                    later = range(i + 1, min(i + 3, len(held)))
                    if any(_present(held, j, member.id) for j in later):
                        false_alarms += 1
            if truth.drift_from is None:
                continue
            drifters += 1
            onset = next(i for i, m in enumerate(held) if m.day == truth.drift_from)
            misses = [
                i
                for i in range(onset, len(held))
                if (mark := held[i].mark_for(member.id)) is not None
                and mark.status is not Mark.PRESENT
            ]
            first = next((i for i in range(onset, len(held)) if member.id in per_meeting[i]), None)
            if first is None:
                never += 1
            else:
                delays.append(sum(1 for i in misses if i <= first))
            for k in (2, 3):
                if len(misses) < k:
                    continue
                caught = first is not None and first <= misses[k - 1]
                if k == 2:
                    n_2 += 1
                    by_2 += caught
                else:
                    n_3 += 1
                    by_3 += caught
    return Result(
        recall_2=by_2 / n_2 if n_2 else 0.0,
        recall_3=by_3 / n_3 if n_3 else 0.0,
        missed_before_flag=sum(delays) / len(delays) if delays else float("nan"),
        never_flagged=never / drifters if drifters else 0.0,
        false_alarms_per_member_year=false_alarms / member_years if member_years else 0.0,
        mean_list=list_total / evaluations if evaluations else 0.0,
        drifters=drifters,
    )
