"""The drift watch benchmark: our watch side by side with the three anchor rules.

    .venv/bin/python benchmarks/drift/run.py           # the table in docs/drift-watch.md
    .venv/bin/python benchmarks/drift/run.py --tune    # how the defaults were chosen

Groups come from the seeded simulator (simulate.py) with ground truth about who drifted.
The defaults are tuned on one seed (``--tune``, seed 1) and reported on another (seed 2),
so the table is not scored on the groups the thresholds were fitted to. The goal from the
issue: beat every anchor rule on recall by the 2nd missed meeting with no more false
alarms per member-year than the best of them.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from anchors import ANCHORS, Rule  # noqa: E402
from measure import Flags, Result, flags_over_time, measure  # noqa: E402
from simulate import RHYTHMS, SimulatedGroup, simulate  # noqa: E402

from coordinator.model import GroupData, active_on  # noqa: E402
from coordinator.watch import Level, WatchSettings, assess, check_ins, weeks_unseen  # noqa: E402

TRAIN_SEED = 1
REPORT_SEED = 2
GROUPS = 240
OURS = "our drift watch (defaults)"
# Looser settings found by --tune (seed 1) to match each high-recall anchor's false alarms,
# shown to compare like with like; they are not the defaults.
MATCHING: dict[str, WatchSettings] = {
    "our watch, looser (as many false alarms as 'under 50%')": WatchSettings(
        watch_score=0.6,
        long_gap_weeks=8,
        long_gap_misses=1,
        drift_silent=0.45,
        drift_apologies=0.35,
    ),
    "our watch, looser (as many false alarms as 'not seen')": WatchSettings(
        watch_score=0.6,
        long_gap_weeks=8,
        long_gap_misses=1,
        drift_silent=0.6,
        drift_apologies=0.35,
    ),
}


def watch_rule(settings: WatchSettings, only: Level | None = None) -> Rule:
    """Our watch as a rule: everyone on the check-in list (either level, or ``only``)."""

    def rule(data: GroupData, day: date) -> set[str]:
        flags = check_ins(data, day, settings)
        return {f.member_id for f in flags if only is None or f.level is only}

    return rule


def run_all(groups: list[SimulatedGroup], rules: dict[str, Rule]) -> dict[str, Result]:
    return {
        name: measure(groups, [flags_over_time(g.data, rule) for g in groups])
        for name, rule in rules.items()
    }


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def table(results: dict[str, Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| rule | recall by 2nd miss | recall by 3rd miss | meetings missed before flag "
        "| never flagged | false alarms / member-year | mean check-in list |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        delay = "n/a" if math.isnan(r.missed_before_flag) else f"{r.missed_before_flag:.2f}"
        lines.append(
            f"| {name} | {_pct(r.recall_2)} | {_pct(r.recall_3)} | {delay} "
            f"| {_pct(r.never_flagged)} | {r.false_alarms_per_member_year:.2f} "
            f"| {r.mean_list:.2f} |"
        )
    return "\n".join(lines)


def by_rhythm_table(groups: list[SimulatedGroup], rules: dict[str, Rule]) -> str:
    """Recall by the 2nd miss and false alarms, for each rhythm separately."""
    head = "| rule | " + " | ".join(RHYTHMS) + " |"
    lines = [head, "|---|" + "---:|" * len(RHYTHMS)]
    for name, rule in rules.items():
        cells = []
        for rhythm in RHYTHMS:
            some = [g for g in groups if g.rhythm == rhythm]
            r = measure(some, [flags_over_time(g.data, rule) for g in some])
            cells.append(f"{_pct(r.recall_2)} / {r.false_alarms_per_member_year:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


Seen = tuple[float, int, int]  # drift score, misses in a row, weeks unseen


def _assessments(
    groups: list[SimulatedGroup], settings: WatchSettings
) -> list[list[dict[str, Seen]]]:
    """Every listable member's score, run and weeks unseen at every meeting, so that
    thresholds can be swept without recomputing."""
    found: list[list[dict[str, Seen]]] = []
    for g in groups:
        per_meeting = []
        for meeting in g.data.held_meetings():
            seen = {}
            for member in active_on(g.data.members, meeting.day):
                a = assess(g.data, member, meeting.day, settings)
                if a.run:
                    seen[member.id] = (a.score, len(a.run), weeks_unseen(a, meeting.day))
            per_meeting.append(seen)
        found.append(per_meeting)
    return found


def tune(groups: list[SimulatedGroup]) -> None:
    """Grid search on the training groups; prints the settings with the best recall by
    the 2nd miss that keep false alarms at or under the best anchor's."""
    anchors = run_all(groups, ANCHORS)
    for name, r in anchors.items():
        print(
            f"{name:28} r2={r.recall_2:.3f} r3={r.recall_3:.3f} "
            f"fa={r.false_alarms_per_member_year:.3f} list={r.mean_list:.2f}"
        )
    best_fa = min(r.false_alarms_per_member_year for r in anchors.values())
    best_r2 = max(r.recall_2 for r in anchors.values())
    print(f"bar: recall by 2nd miss > {best_r2:.3f} with false alarms <= {best_fa:.3f}")
    candidates: list[tuple[tuple[float, float, float], str, Result]] = []
    everything: list[tuple[str, Result]] = []
    grid = itertools.product((0.45, 0.6), (0.25, 0.35), (0.12, 0.2))
    for silent, apologies, rarest in grid:
        base = WatchSettings(drift_silent=silent, drift_apologies=apologies, rarest_miss=rarest)
        found = _assessments(groups, base)
        sweep = itertools.product(range(12, 41, 2), (6, 8, 9, 10, 12, 16, 520), (1, 2, 3))
        for step, gap_weeks, gap_misses in sweep:
            threshold = step / 20
            flags: list[Flags] = [
                [
                    {
                        m
                        for m, (score, run, weeks) in seen.items()
                        if score >= threshold or (run >= gap_misses and weeks >= gap_weeks)
                    }
                    for seen in group
                ]
                for group in found
            ]
            r = measure(groups, flags)
            label = (
                f"watch_score={threshold} long_gap_weeks={gap_weeks} "
                f"long_gap_misses={gap_misses} drift_silent={silent} "
                f"drift_apologies={apologies} rarest_miss={rarest}"
            )
            everything.append((label, r))
            if r.false_alarms_per_member_year <= best_fa:
                key = (r.recall_2, r.recall_3, -r.false_alarms_per_member_year)
                candidates.append((key, label, r))
    candidates.sort(key=lambda c: c[0], reverse=True)
    for _key, label, r in candidates[:12]:
        print(
            f"r2={r.recall_2:.3f} r3={r.recall_3:.3f} fa={r.false_alarms_per_member_year:.3f} "
            f"list={r.mean_list:.2f} {label}"
        )
    if not candidates:
        print("no setting keeps false alarms at or under the best anchor rule's")
    print("\nAt matched false alarms (best of our settings with no more than the anchor's):")
    for name, anchor in anchors.items():
        limit = anchor.false_alarms_per_member_year
        ours = [(label, r) for label, r in everything if r.false_alarms_per_member_year <= limit]
        label, best = max(ours, key=lambda item: (item[1].recall_2, item[1].recall_3))
        print(
            f"{name:28} anchor r2={anchor.recall_2:.3f} fa={limit:.3f}"
            f" | ours r2={best.recall_2:.3f} r3={best.recall_3:.3f} "
            f"fa={best.false_alarms_per_member_year:.3f} with {label}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid search on the training seed")
    parser.add_argument("--groups", type=int, default=GROUPS, help="groups to simulate")
    parser.add_argument("--seed", type=int, default=None, help="simulator seed")
    args = parser.parse_args()
    began = time.perf_counter()
    if args.tune:
        seed = TRAIN_SEED if args.seed is None else args.seed
        tune(simulate(seed, args.groups))
    else:
        seed = REPORT_SEED if args.seed is None else args.seed
        groups = simulate(seed, args.groups)
        rules: dict[str, Rule] = {
            OURS: watch_rule(WatchSettings()),
            f"{OURS}, reach out only": watch_rule(WatchSettings(), Level.REACH_OUT),
            **ANCHORS,
            **{name: watch_rule(settings) for name, settings in MATCHING.items()},
        }
        members = sum(len(g.data.members) for g in groups)
        drifters = sum(1 for g in groups for t in g.truth.values() if t.drift_from)
        meetings = sum(len(g.data.held_meetings()) for g in groups)
        print(
            f"{len(groups)} simulated groups (seed {seed}; {members} members, "
            f"{drifters} who drift away, {meetings} held meetings)\n"
        )
        print(table(run_all(groups, rules)))
        print("\nRecall by the 2nd miss / false alarms per member-year, by rhythm:\n")
        print(by_rhythm_table(groups, rules))
    print(f"\n({time.perf_counter() - began:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
