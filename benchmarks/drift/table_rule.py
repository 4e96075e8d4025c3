"""How far could any rule over the watch's own features go? A check on what limits it.

The watch's rules are written by hand. Here a rule is *learned* instead: each member at
each held meeting (with at least one miss since they last came) falls in a cell of a
table over what the watch knows then (misses in a row, how many without word, how often
they usually come, their own chance of such a run, time unseen against their usual gap,
time away since, a flare-up like their others), and a greedy search lists whole cells,
the one that finds the most drifters by their 2nd miss for each false alarm first.

    .venv/bin/python benchmarks/drift/table_rule.py              # learned on tuning
    .venv/bin/python benchmarks/drift/table_rule.py --hindsight  # learned on held out

Learned on the tuning families and judged on the held-out ones, it is a fair rival to
the hand-written watch. Learned on the held-out groups themselves (hindsight), it shows
what a table of these features can reach at best on them: not a fair score, a ceiling.
Prints each table size's recall by the 2nd miss and false alarms against "2 in a row".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from families import FRESH, HELD_OUT, TUNING, SimulatedGroup  # noqa: E402
from judge import ANCHORS, Flags, Result, combine, tally  # noqa: E402
from run import REPORT_SEED, TRAIN_SEEDS, TWO, draw  # noqa: E402

from coordinator.watch import Assessment, WatchSettings, assessments, unseen_days  # noqa: E402

Cell = tuple[int, int, int, int, int, bool, bool]
Cells = list[list[dict[str, Cell]]]  # per group, per held meeting, per member
W = WatchSettings()


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    return sum(x >= e for e in edges)


def cell(a: Assessment, day_unseen: int) -> Cell:
    run = a.run
    return (
        min(len(run), 3),
        min(sum(o.silent for o in run), 2),
        _bucket(a.usual.present, (0.55, 0.75, 0.9)),
        _bucket(a.run_chance(len(run), W), (0.1, 0.25)),
        _bucket(day_unseen / a.usual_gap_days, (2.0, 3.0)),
        a.misses_since_seen > len(run),
        a.usual_flare_up,
    )


def cells(groups: list[SimulatedGroup]) -> Cells:
    out: Cells = []
    for g in groups:
        out.append(
            [
                {
                    a.member.id: cell(a, unseen_days(a, m.day))
                    for a in assessments(g.data, m.day, W)
                    if a.run
                }
                for m in g.data.held_meetings()
            ]
        )
    return out


def flags(found: Cells, listed: set[Cell]) -> list[Flags]:
    return [[{m: "watch" for m, c in seen.items() if c in listed} for seen in g] for g in found]


def learn(groups: list[SimulatedGroup], found: Cells) -> list[Cell]:
    """Cells in the order the greedy search lists them."""
    # One row per member who was ever in a cell: their cells by meeting, their onset and
    # the meetings from the onset to their 2nd miss.
    rows: list[tuple[dict[int, Cell], int | None, tuple[int, int] | None]] = []
    for g, per in zip(groups, found, strict=True):
        for member in g.data.members:
            truth = g.truth[member.id]
            row = {i: seen[member.id] for i, seen in enumerate(per) if member.id in seen}
            if not row:
                continue
            window = None
            if truth.onset is not None:
                misses = [i for i in range(truth.onset, len(per)) if i not in truth.came]
                if len(misses) >= 2:
                    window = (truth.onset, misses[1])
            rows.append((row, truth.onset, window))
    where: dict[Cell, list[tuple[int, int]]] = {}
    for k, (row, _onset, _window) in enumerate(rows):
        for i, c in row.items():
            where.setdefault(c, []).append((k, i))
    listed: set[Cell] = set()
    caught: set[int] = set()
    order: list[Cell] = []

    def on(k: int, i: int, extra: Cell | None) -> bool:
        c = rows[k][0].get(i)
        return c is not None and (c in listed or c == extra)

    while True:
        best: tuple[tuple[float, int], Cell, set[int]] | None = None
        for c, places in where.items():
            if c in listed:
                continue
            found_now = {
                k
                for k, i in places
                if (w := rows[k][2]) is not None and k not in caught and w[0] <= i <= w[1]
            }
            cost = 0  # flags raised for members not drifting then, if c were listed
            touched = {p for k, i in places for p in ((k, i), (k, i + 1))}
            for row, at in touched:
                onset = rows[row][1]
                if onset is not None and at >= onset:
                    continue
                cost += (on(row, at, c) and not on(row, at - 1, c)) - (
                    on(row, at, None) and not on(row, at - 1, None)
                )
            if not found_now and cost >= 0:
                continue
            key = (float("inf") if cost <= 0 else len(found_now) / cost, len(found_now))
            if best is None or key > best[0]:
                best = (key, c, found_now)
        if best is None:
            return order
        listed.add(best[1])
        caught |= best[2]
        order.append(best[1])


def judge(groups: list[SimulatedGroup], found: Cells, listed: set[Cell]) -> Result:
    return combine([tally(g, f) for g, f in zip(groups, flags(found, listed), strict=True)])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--hindsight", action="store_true", help="learn on the held-out groups")
    parser.add_argument("--groups", type=int, default=40, help="tuning groups per family")
    args = parser.parse_args()
    tuning = [g for seed in TRAIN_SEEDS for g in draw(TUNING, seed, args.groups)]
    held_out = draw(HELD_OUT + FRESH, REPORT_SEED, 60)
    sets = {"tuning": (tuning, cells(tuning)), "held out": (held_out, cells(held_out))}
    two = {name: combine([tally(g, ANCHORS[TWO](g)) for g in gs]) for name, (gs, _) in sets.items()}
    learned_on = "held out" if args.hindsight else "tuning"
    order = learn(*sets[learned_on])
    print(f"learned on the {learned_on} groups; '2 in a row' by the 2nd miss:", end=" ")
    print(", ".join(f"{n} {t.recall_2:.3f}" for n, t in two.items()))
    print("| cells | tuning r2 | FA ratio | held-out r2 | FA ratio |")
    print("|---:|---:|---:|---:|---:|")
    best: dict[str, tuple[float, int]] = {}
    for size in range(1, len(order) + 1):
        listed = set(order[:size])
        out = [f"| {size}"]
        for name, (gs, found) in sets.items():
            r = judge(gs, found, listed)
            ratio = r.false_alarms / two[name].false_alarms
            out.append(f"{r.recall_2:.3f} | {ratio:.3f}")
            if ratio <= 0.8 and r.recall_2 > best.get(name, (0.0, 0))[0]:
                best[name] = (r.recall_2, size)
        if size % 5 == 0 or size == len(order):
            print(" | ".join(out) + " |")
    for name, (r2, size) in best.items():
        print(
            f"best on the {name} groups within 0.8x the false alarms of '2 in a row': "
            f"{r2:.3f} by the 2nd miss ({size} cells), against {two[name].recall_2:.3f}"
        )


if __name__ == "__main__":
    main()
