"""The big fuzz run: mutated bundles through ``coordinator import``, then every read command
on what was accepted (tests/fuzz_reads.py); counts bundles, accepted ones, commands and
tracebacks.

    .venv/bin/python benchmarks/faults/fuzz_imports.py --examples 2000

Exits non-zero if any command gave a traceback (each is printed). The campaign
(campaign.py) runs it as one of its rows; the test suite runs a few of the same examples
(tests/test_fuzz_imports.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_reads import Tally, check, mutated_bundles  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402


def run(examples: int, seed: int = 14) -> tuple[Tally, float]:
    """Run ``examples`` mutated bundles; returns the tally and the seconds taken."""
    tally = Tally()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_bundles())
    def one(text: str) -> None:
        check(text, tally)

    started = time.perf_counter()
    import random

    random.seed(seed)
    one()
    return tally, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args(argv)
    tally, seconds = run(args.examples)
    print(
        f"{tally.bundles} mutated bundles, {tally.accepted} accepted, "
        f"{tally.commands} commands run, {len(tally.tracebacks)} tracebacks, {seconds:.0f} s"
    )
    for problem in tally.tracebacks[:20]:
        print(f"  {problem}")
    return 1 if tally.tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
