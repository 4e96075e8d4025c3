"""Thresholds swept without re-running the watch: what each member looked like to the watch
at every held meeting is worked out once (by the watch's own :func:`assessments`), then
every threshold is a cheap filter over it.

:func:`levels` must agree with :func:`coordinator.watch.level_of`; run.py checks that it
gives exactly what ``at_risk_json`` gives for the defaults before it reports anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from families import SimulatedGroup
from judge import Flags

from coordinator.watch import WatchSettings, assessments, unseen_days


@dataclass(frozen=True)
class Seen:
    """One member at one held meeting, as the watch saw them (with at least one miss)."""

    score: float
    run: int
    days_unseen: int
    usual_gap_days: float
    usual_present: float
    misses: int  # all misses since they last came, time away included
    silent: bool  # at least one of the misses held against them was without word
    run_chance: float  # the chance of a run this long under their own pattern
    flare_up: bool  # a flare-up like the others they came back from
    after_away: bool  # time away since they last came, then only misses without word


Features = list[list[dict[str, Seen]]]  # per group, per held meeting, per member


def features(groups: list[SimulatedGroup], settings: WatchSettings) -> Features:
    out: Features = []
    for g in groups:
        per_meeting = []
        for meeting in g.data.held_meetings():
            seen = {}
            for a in assessments(g.data, meeting.day, settings):
                run = a.run
                if run:
                    seen[a.member.id] = Seen(
                        a.score,
                        len(run),
                        unseen_days(a, meeting.day),
                        a.usual_gap_days,
                        a.usual.present,
                        a.misses_since_seen,
                        any(o.silent for o in run),
                        a.run_chance(len(run), settings),
                        a.usual_flare_up,
                        a.away_since_seen > 0 and any(o.silent for o in run),
                    )
            per_meeting.append(seen)
        out.append(per_meeting)
    return out


def level(s: Seen, w: WatchSettings) -> str | None:
    """:func:`coordinator.watch.level_of` on the saved numbers."""
    weeks = s.days_unseen // 7
    if s.flare_up:
        return None
    if (
        s.score >= w.reach_out_score
        or (s.run >= w.reach_out_misses and weeks >= w.reach_out_weeks)
        or (s.run >= w.reach_out_run and s.run_chance <= w.reach_out_run_chance)
    ) and (s.silent or s.days_unseen >= w.reach_out_unseen * s.usual_gap_days):
        return "reach_out"
    if (
        s.score >= w.watch_score
        or (s.run >= w.watch_misses and s.run_chance <= w.watch_run_chance)
        or (s.after_away and s.usual_present >= w.away_usual)
        or (s.run >= w.long_gap_misses and weeks >= w.long_gap_weeks)
        or s.days_unseen >= w.unseen_factor * s.usual_gap_days
    ):
        return "watch"
    return None


def levels(found: Features, w: WatchSettings) -> list[Flags]:
    out = []
    for group in found:
        flags: Flags = []
        for seen in group:
            listed = {}
            for member_id, s in seen.items():
                lv = level(s, w)
                if lv is not None:
                    listed[member_id] = lv
            flags.append(listed)
        out.append(flags)
    return out


def with_(w: WatchSettings, **changes: float) -> WatchSettings:
    """``w`` with some thresholds changed, keeping reach out at or above watch."""
    changed = replace(w, **changes)  # type: ignore[arg-type]
    return changed
