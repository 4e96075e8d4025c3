"""The drift watch benchmark: our two levels against the plain rules, on simulator families
the defaults were never tuned on.

    .venv/bin/python benchmarks/drift/run.py            # tables + plot in docs/drift-watch.md
    .venv/bin/python benchmarks/drift/run.py --tune     # how the defaults were chosen

The defaults are chosen on the TUNING families (seed 1) and reported on the HELD_OUT
families (seed 2), judged after every held meeting through exactly what
``coordinator at-risk --as-of DAY --json`` prints (``at_risk_json``; ``--cli N`` also runs
the real command on N sample days and checks it agrees). The targets (issue 17):

- watch: recall by the 2nd miss within 0.02 of "2 misses in a row (any kind)" with at
  most 0.8x its false alarms per member-year;
- reach out: recall by the 3rd miss at least that of "3 misses in a row", with no more
  false alarms;
- at least 0.85 by the 2nd miss in every rhythm.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from families import FRESH, HELD_OUT, RHYTHMS, TUNING, Family, SimulatedGroup, simulate  # noqa: E402
from judge import ANCHORS, Flags, Result, Tally, came_before, combine, tally  # noqa: E402
from plot import Curve, Point, svg  # noqa: E402
from sweep import Features, features, levels  # noqa: E402

from coordinator.model import Reason  # noqa: E402
from coordinator.watch import WatchSettings, at_risk_json  # noqa: E402

# Tuning pools four draws of the tuning families: one draw of 160 groups moves recall by a
# point or two from seed to seed, as much as the differences between good settings.
TRAIN_SEEDS, REPORT_SEED = (1, 3, 4, 5), 2
GROUPS = 60  # per family
TWO, THREE = "2 misses in a row (any kind)", "3 misses in a row (any kind)"
DEFAULTS = WatchSettings()
PLOT = ROOT / "docs" / "drift-watch-sweep.svg"


def draw(fams: tuple[Family, ...], seed: int, per_family: int) -> list[SimulatedGroup]:
    return [g for fam in fams for g in simulate(fam, seed, per_family)]


def judged(groups: list[SimulatedGroup], settings: WatchSettings) -> list[Flags]:
    """Our watch's list after every held meeting, through ``at-risk --json``'s function."""
    out = []
    for g in groups:
        out.append(
            [
                {f["member_id"]: f["level"] for f in at_risk_json(g.data, m.day, settings)}
                for m in g.data.held_meetings()
            ]
        )
    return out


def result(groups: list[SimulatedGroup], flags: list[Flags], level: str | None = None) -> Result:
    return combine([tally(g, f, level) for g, f in zip(groups, flags, strict=True)])


def split(
    groups: list[SimulatedGroup], flags: list[Flags], key: str, level: str | None = None
) -> dict[str, Result]:
    names = sorted({getattr(g, key) for g in groups}, key=_order)
    return {
        name: combine(
            [
                tally(g, f, level)
                for g, f in zip(groups, flags, strict=True)
                if getattr(g, key) == name
            ]
        )
        for name in names
    }


def _order(name: str) -> tuple[int, str]:
    if name in RHYTHMS:
        return (RHYTHMS.index(name), name)
    return (1 if name in {f.name for f in TUNING} else 0, name)


# --- the sweep ---------------------------------------------------------------------------

WATCH_GRID = {
    "watch_score": (0.8, 1.0, 1.2, 1.5, 2.0),
    "watch_run_chance": (0.0, 0.1, 0.2, 0.25, 0.3, 0.35),
    "away_usual": (0.0, 0.5, 0.7, 1.01),
    "unseen_factor": (1.75, 2.0, 2.5, 3.0, 50.0),
    "long_gap_weeks": (6, 8, 10, 520),
}
REACH_GRID = {
    "reach_out_score": (1.2, 1.4, 1.8, 2.4, 3.0),
    "reach_out_run_chance": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "reach_out_weeks": (6, 8, 10, 14, 520),
    "reach_out_misses": (2, 3),
    "reach_out_unseen": (0.0, 2.0, 3.0),
}


def grid(base: WatchSettings, axes: dict[str, tuple[float, ...]]) -> list[WatchSettings]:
    out = []
    for values in itertools.product(*axes.values()):
        changes = dict(zip(axes, values, strict=True))
        score = changes.get("watch_score", base.watch_score)
        if "watch_score" in changes and base.reach_out_score < score:
            changes["reach_out_score"] = score
        if changes.get("reach_out_score", base.reach_out_score) < score:
            continue
        out.append(replace(base, **changes))  # type: ignore[arg-type]
    return out


def sweep(
    groups: list[SimulatedGroup], found: Features, axes: dict[str, tuple[float, ...]]
) -> list[tuple[WatchSettings, Result, Result]]:
    """Every setting in the grid: (settings, either level, reach out only)."""
    out = []
    for w in grid(DEFAULTS, axes):
        flags = levels(found, w)
        out.append((w, result(groups, flags), result(groups, flags, "reach_out")))
    return out


def tune(per_family: int) -> None:
    """Choose the defaults on the TUNING families: the best recall by the 2nd miss with
    at most 0.8x the false alarms of "2 in a row" (the target; round 3 kept a margin, 0.76x,
    but ``--folds`` finds the ratio as often lower as higher on a family left out, and 0.76x
    cost 1.5 points of recall), among settings within 0.2 points of the best the one that
    changes the fewest from the current defaults (one draw moves recall by that much); then
    reach out's best recall by the 3rd miss with at most 0.85x the false alarms of "3 in
    a row" (the target is 1x; on the held-out groups the ratio came out 0.06 higher in
    round 3).
    (The evidence rates stay as they are: wider grids over them found nothing better.)"""
    groups = [g for seed in TRAIN_SEEDS for g in draw(TUNING, seed, per_family)]
    anchors = {n: result(groups, [r(g) for g in groups]) for n, r in ANCHORS.items()}
    for name, r in anchors.items():
        print(f"{name:30} {r.row()}")
    two, three = anchors[TWO], anchors[THREE]
    found = features(groups, DEFAULTS)
    scored = [(w, result(groups, levels(found, w))) for w in grid(DEFAULTS, WATCH_GRID)]
    best: list[tuple[float, float, WatchSettings, Result]] = []
    for bar in (0.76, 0.8):
        best = sorted(
            (
                (r.recall_2, r.recall_3, w, r)
                for w, r in scored
                if r.false_alarms <= bar * two.false_alarms
            ),
            key=lambda b: (b[0], b[1], -b[3].false_alarms),
            reverse=True,
        )
        print(f"\nwatch, best within {bar}x the false alarms of '2 in a row':")
        for _r2, _r3, w, r in best[:8]:
            print(f"  {r.row()} ratio={r.false_alarms / two.false_alarms:.3f}  {changed(w)}")
    # Within 0.2 points of the best (the noise of one draw), the fewest changes.
    near = [b for b in best if b[0] >= best[0][0] - 0.002]
    chosen = min(near, key=lambda b: (len(changed(b[2]).split()), -b[0]))[2]
    print(f"\nchosen: {changed(chosen)}")
    found = features(groups, chosen)
    reach = []
    for w in grid(chosen, REACH_GRID):
        flags = levels(found, w)
        r = result(groups, flags, "reach_out")
        if r.false_alarms <= 0.85 * three.false_alarms:
            reach.append((r.recall_3, r.recall_2, w, r, result(groups, flags)))
    reach.sort(key=lambda b: (b[0], b[1]), reverse=True)
    print("\nreach out, best within 0.85x the false alarms of '3 in a row':")
    for _r3, _r2, w, r, either in reach[:8]:
        print(f"  {r.row()} | either level {either.row()}  {changed(w)}")


# A smaller grid for the folds (each setting is judged on each family on its own).
FOLD_GRID = {
    "watch_score": (1.0, 1.2),
    "watch_run_chance": (0.25, 0.3, 0.35),
    "away_usual": (0.5, 0.7, 1.01),
    "unseen_factor": (2.0, 2.5, 3.0),
    "long_gap_weeks": (8, 10),
}


def folds(per_family: int) -> None:
    """Leave one tuning family out: choose on the other tuning families (best recall by
    the 2nd miss within each bar), judge on the one left out. How much the false-alarm
    ratio moves on a family never used for the choice says what margin the bar needs,
    without looking at the held-out families."""
    groups = [g for seed in TRAIN_SEEDS for g in draw(TUNING, seed, per_family)]
    names = [f.name for f in TUNING]
    found = features(groups, DEFAULTS)

    def by_family(flags: list[Flags]) -> dict[str, Tally]:
        out = {name: Tally() for name in names}
        for g, f in zip(groups, flags, strict=True):
            out[g.family].add(tally(g, f))
        return out

    def pooled(tallies: dict[str, Tally], which: list[str]) -> Result:
        total = Tally()
        for name in which:
            total.add(tallies[name])
        return total.result()

    two = by_family([ANCHORS[TWO](g) for g in groups])
    table = [(w, by_family(levels(found, w))) for w in grid(DEFAULTS, FOLD_GRID)]
    for bar in (0.76, 0.8):
        moves = []
        print(f"\nchosen within {bar}x on the other tuning families, judged on the one left out:")
        for name in names:
            others = [n for n in names if n != name]
            ratio_of = {
                id(t): pooled(t, others).false_alarms / pooled(two, others).false_alarms
                for _w, t in table
            }
            w, t = max(
                ((w, t) for w, t in table if ratio_of[id(t)] <= bar),
                key=lambda wt: pooled(wt[1], others).recall_2,
            )
            left, its_two = t[name].result(), two[name].result()
            ratio = left.false_alarms / its_two.false_alarms
            moves.append(ratio - ratio_of[id(t)])
            print(
                f"  {name:18} recall by the 2nd miss {pct(left.recall_2)} against "
                f"{pct(its_two.recall_2)}, ratio {ratio:.3f} (on the others "
                f"{ratio_of[id(t)]:.3f})  {changed(w)}"
            )
        print(
            f"  the ratio moved by {sum(moves) / len(moves):+.3f} on average, "
            f"{max(moves):+.3f} at worst"
        )


def changed(w: WatchSettings) -> str:
    base = WatchSettings()
    return (
        " ".join(
            f"{f.name}={getattr(w, f.name)}"
            for f in fields(w)
            if getattr(w, f.name) != getattr(base, f.name)
        )
        or "(the defaults)"
    )


# --- the real command, on a sample ------------------------------------------------------


def cli_agrees(groups: list[SimulatedGroup], samples: int) -> str:
    """Run ``coordinator at-risk --as-of DAY --json`` on sample days of sample groups and
    check it prints what ``at_risk_json`` gives. Returns a line for the report."""
    from coordinator.clock import FixedClock
    from coordinator.store import Store

    checked = 0
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "COORDINATOR_HOME": folder}
        for index, g in enumerate(groups[:: max(len(groups) // samples, 1)][:samples]):
            db = Path(folder) / f"group{index}.json"
            store = Store.open(db, FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
            store.replace_all(g.data)
            store.close()
            held = g.data.held_meetings()
            for meeting in (held[len(held) // 2], held[-1]):
                day = meeting.day.isoformat()
                command = [sys.executable, "-m", "coordinator", "--db", str(db), "at-risk"]
                done = subprocess.run(
                    [*command, "--as-of", day, "--json"],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                )
                if json.loads(done.stdout) != at_risk_json(g.data, meeting.day):
                    raise SystemExit(f"the real command disagrees on group {index}, {day}")
                checked += 1
    return f"the real `coordinator at-risk --as-of DAY --json` agreed on all {checked} samples"


# --- the report ----------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:.1f}%" if x == x else "n/a"


SHARES = (
    ("came at most 55%", 0.0, 0.55),
    ("55% to 75%", 0.55, 0.75),
    ("over 75%", 0.75, 1.0),
)


def by_share(
    everything: list[SimulatedGroup], n_ho: int, ours: list[Flags], two: list[Flags]
) -> None:
    """Where the watch gains on "2 in a row" and where it cannot: members split by how
    often they really came before their drift (before the end, if they never drifted)."""
    print(
        "\nBy how often they came before (seed 2): the held-out families, then the tuning "
        "families:\n"
    )
    print("| came | drifters | watch r2 | 2-in-a-row r2 | watch FA | its FA | FA ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, part in (("held out", slice(0, n_ho)), ("tuning", slice(n_ho, None))):
        groups = everything[part]
        for name, low, high in SHARES:

            def only(
                g: SimulatedGroup, member_id: str, low: float = low, high: float = high
            ) -> bool:
                share = came_before(g, member_id)
                return share is not None and (low < share <= high or (low == 0 and share == 0))

            w = combine([tally(g, f, None, only) for g, f in zip(groups, ours[part], strict=True)])
            t = combine([tally(g, f, None, only) for g, f in zip(groups, two[part], strict=True)])
            ratio = w.false_alarms / t.false_alarms if t.false_alarms else 0
            print(
                f"| {name} ({label}) | {w.drifters} | {pct(w.recall_2)} | {pct(t.recall_2)} "
                f"| {w.false_alarms:.2f} | {t.false_alarms:.2f} | {ratio:.2f} |"
            )


def earlier_by_two(groups: list[SimulatedGroup], ours: list[Flags], two: list[Flags]) -> None:
    """The drifters "2 in a row" lists by their 2nd miss and our watch does not, by what
    the watch saw: time away among their first misses (which "2 in a row" counts as a
    miss and the watch never holds against anyone), a visit in between, or neither."""
    causes: dict[str, int] = {}
    for g, f, t2 in zip(groups, ours, two, strict=True):
        held = g.data.held_meetings()
        for member in g.data.members:
            truth = g.truth[member.id]
            if truth.onset is None:
                continue
            misses = [i for i in range(truth.onset, len(held)) if i not in truth.came]
            if len(misses) < 2:
                continue
            span = range(truth.onset, misses[1] + 1)
            if any(member.id in f[i] for i in span) or not any(member.id in t2[i] for i in span):
                continue
            first = max(truth.onset - 1, 0)
            away = any(
                member.is_away(held[i].day)
                or (
                    (mark := held[i].attendance.get(member.id)) is not None
                    and mark.reason is Reason.AWAY
                )
                for i in range(first, misses[1] + 1)
            )
            came = any(i in truth.came for i in span)
            cause = (
                "time away just before or among their first misses"
                if away
                else "came once in between"
                if came
                else "neither"
            )
            causes[cause] = causes.get(cause, 0) + 1
    total = sum(causes.values())
    print(
        f"\n{total} drifters '2 in a row' listed by their 2nd miss and the watch did not: "
        + "; ".join(f"{n}: {cause}" for cause, n in sorted(causes.items(), key=lambda c: -c[1]))
    )


def report(per_family: int, cli_samples: int) -> None:
    began = time.perf_counter()
    held_out = draw(HELD_OUT + FRESH, REPORT_SEED, per_family)
    tuning = draw(TUNING, REPORT_SEED, per_family)
    everything = held_out + tuning
    ours = judged(everything, DEFAULTS)
    found = features(everything, DEFAULTS)
    if levels(found, DEFAULTS) != ours:
        raise SystemExit("the sweep's levels disagree with at_risk_json on the defaults")
    rules: dict[str, list[Flags]] = {n: [r(g) for g in everything] for n, r in ANCHORS.items()}
    n_ho = len(held_out)
    members = sum(len(g.data.members) for g in held_out)
    drifters = sum(1 for g in held_out for t in g.truth.values() if t.onset is not None)
    meetings = sum(len(g.data.held_meetings()) for g in held_out)
    print(
        f"Held-out families ({', '.join(f.name for f in HELD_OUT + FRESH)}), "
        f"seed {REPORT_SEED}: "
        f"{n_ho} groups, {members} members, {drifters} drift episodes, {meetings} held "
        "meetings.\n"
    )
    if cli_samples:
        print(cli_agrees(held_out, cli_samples) + ".\n")

    def rows(groups: slice) -> dict[str, tuple[Result, ...]]:
        gs = everything[groups]
        table = {
            "watch (either level), defaults": (result(gs, ours[groups]),),
            "reach out only, defaults": (result(gs, ours[groups], "reach_out"),),
        }
        for name, flags in rules.items():
            table[name] = (result(gs, flags[groups]),)
        return table

    print(
        "| rule | recall by 2nd miss | by 3rd | never | false alarms / member-year "
        "| (old: came back within 2) | mean list |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (r,) in rows(slice(0, n_ho)).items():
        print(
            f"| {name} | {pct(r.recall_2)} | {pct(r.recall_3)} | {pct(r.never)} "
            f"| {r.false_alarms:.2f} | {r.fa_back:.2f} | {r.mean_list:.2f} |"
        )
    for title, key in (("family", "family"), ("rhythm", "rhythm")):
        heading = (
            "By family (seed 2; the tuning families and this round's new held-out ones marked)"
            if key == "family"
            else "By rhythm, held-out families (seed 2)"
        )
        print(f"\n{heading}:\n")
        print(
            f"| {title} | watch r2 | watch FA | 2-in-a-row r2 | its FA | FA ratio "
            "| reach out r3 | its FA | 3-in-a-row r3 | its FA |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        pool = everything if key == "family" else held_out
        flags_pool = ours if key == "family" else ours[:n_ho]
        w = split(pool, flags_pool, key)
        r_ = split(pool, flags_pool, key, "reach_out")
        t2 = split(pool, rules[TWO][: len(pool)], key)
        t3 = split(pool, rules[THREE][: len(pool)], key)
        tuned, fresh = {f.name for f in TUNING}, {f.name for f in FRESH}
        for name in w:
            mark = " (tuning)" if name in tuned else " (new)" if name in fresh else ""
            ratio = w[name].false_alarms / t2[name].false_alarms if t2[name].false_alarms else 0
            print(
                f"| {name}{mark} | {pct(w[name].recall_2)} | {w[name].false_alarms:.2f} "
                f"| {pct(t2[name].recall_2)} | {t2[name].false_alarms:.2f} | {ratio:.2f} "
                f"| {pct(r_[name].recall_3)} | {r_[name].false_alarms:.2f} "
                f"| {pct(t3[name].recall_3)} | {t3[name].false_alarms:.2f} |"
            )
    by_share(everything, n_ho, ours, rules[TWO])
    earlier_by_two(held_out, ours[:n_ho], rules[TWO][:n_ho])
    # The sweep, on the held-out groups (thresholds only: the evidence rates stay).
    ho_found = found[:n_ho]
    watch_points = sweep(held_out, ho_found, WATCH_GRID)
    reach_points = sweep(held_out, ho_found, REACH_GRID)
    anchors_ho = {name: result(held_out, flags[:n_ho]) for name, flags in rules.items()}
    ours_ho = result(held_out, ours[:n_ho])
    reach_ho = result(held_out, ours[:n_ho], "reach_out")
    curves = [
        Curve(
            "watch (either level): recall by the 2nd miss",
            [Point(a.false_alarms, a.recall_2) for _w, a, _r in watch_points],
            Point(ours_ho.false_alarms, ours_ho.recall_2),
            {n: Point(r.false_alarms, r.recall_2) for n, r in anchors_ho.items()},
        ),
        Curve(
            "reach out: recall by the 3rd miss",
            [Point(r.false_alarms, r.recall_3) for _w, _a, r in reach_points],
            Point(reach_ho.false_alarms, reach_ho.recall_3),
            {n: Point(r.false_alarms, r.recall_3) for n, r in anchors_ho.items()},
        ),
    ]
    PLOT.write_text(svg(curves), encoding="utf-8")
    print(
        f"\nThe sweep ({len(watch_points)} + {len(reach_points)} settings) is drawn in "
        f"{PLOT.relative_to(ROOT)}."
    )
    two = anchors_ho[TWO]
    best = max(
        (a for _w, a, _r in watch_points if a.false_alarms <= 0.8 * two.false_alarms),
        key=lambda a: a.recall_2,
        default=None,
    )
    if best is not None:
        print(
            f"Best watch setting in the sweep within 0.8x the false alarms of '2 in a row' "
            f"on the held-out groups (chosen after the fact, so not a fair score): "
            f"{best.row()}"
        )
    print(f"\n({time.perf_counter() - began:.0f} s)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid search on the tuning families")
    parser.add_argument("--folds", action="store_true", help="leave each tuning family out in turn")
    parser.add_argument("--groups", type=int, default=GROUPS, help="groups per family")
    parser.add_argument("--cli", type=int, default=4, help="sample groups to check via the CLI")
    args = parser.parse_args()
    if args.tune:
        tune(args.groups)
    elif args.folds:
        folds(args.groups)
    else:
        report(args.groups, args.cli)


if __name__ == "__main__":
    main()
