"""Before and after in one run: a command from an earlier commit and from this tree.

On a shared machine two runs minutes apart can differ by more than a change gains, so a
change is measured by running the same command from both trees alternately, in one run,
next to the import floor:

    .venv/bin/python benchmarks/perf/ab.py HEAD~3 --size stressed -- report summary --format text

The earlier tree is checked out with ``git worktree`` into a temporary folder and run with
this venv's Python (its own ``coordinator`` package first on the path); the group file is
built by ``datasets.py`` from this tree, so both read the same bytes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402
from run import PY, ROOT, Sample, run_process  # noqa: E402

FLOOR = [PY, "-c", "import click, tinydb, rich.console, dateutil.rrule"]


def from_tree(root: Path, args: list[str]) -> list[str]:
    """Run ``coordinator ARGS`` with the package found in ``root``."""
    code = (
        f"import sys; sys.path.insert(0, {str(root)!r}); "
        f"sys.argv = ['coordinator', *{args!r}]; "
        "from coordinator.__main__ import main; main()"
    )
    return [PY, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the earlier commit (e.g. HEAD~1)")
    parser.add_argument("--size", choices=["realistic", "stressed"], default="stressed")
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("command", nargs="+", help="the coordinator command, after --")
    args = parser.parse_args()
    size = {"realistic": datasets.REALISTIC, "stressed": datasets.STRESSED}[args.size]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.before],
            check=True,
            capture_output=True,
        )
        try:
            db = datasets.write(size, Path(tmp) / f"{size.name}.json")
            env = {**os.environ, "COORDINATOR_HOME": tmp}
            env.pop("COORDINATOR_DB", None)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            command = ["--db", str(db), *args.command]
            runs = {
                "before": from_tree(tree, command),
                "after": from_tree(ROOT, command),
                "floor": FLOOR,
            }
            samples = {name: Sample([]) for name in runs}
            for argv in runs.values():  # warm the page cache for each
                run_process(argv, env)
            for _ in range(args.repeats):  # the three alternate, so load drift hits all
                for name, argv in runs.items():
                    samples[name].seconds.append(run_process(argv, env)[0])
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                check=False,
                capture_output=True,
            )
    medians = {name: sample.median * 1000 for name, sample in samples.items()}
    print(f"coordinator {' '.join(args.command)} ({size.name}, {args.repeats} repeats)")
    for name in ("before", "after", "floor"):
        print(f"  {name:6} {medians[name]:7.1f} ms")
    print(
        f"  after/before {medians['after'] / medians['before']:.3f}; "
        f"ratio to floor {medians['before'] / medians['floor']:.2f} -> "
        f"{medians['after'] / medians['floor']:.2f}"
    )


if __name__ == "__main__":
    main()
