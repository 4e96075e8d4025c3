"""Performance benchmark: whole processes and key presses, each side by side with its floor.

    .venv/bin/python benchmarks/perf/run.py            # full run, writes docs/performance.md
    .venv/bin/python benchmarks/perf/run.py --quick    # fewer repeats, prints only

Every figure is a median over repeated runs with its spread (min-max), and every budget is a
ratio against a floor measured in the same run, interleaved with ours, because machines
differ and shared machines are noisy. Budgets (issue 9):
- app first frame with data <= 1.2x a minimal Textual app (realistic), <= 1.5x (stressed);
- register key press to screen <= 1.5x a minimal DataTable cursor move, and at most 15 ms
  of our own work inside the key handler;
- a durable attendance mark p95 <= 1.5x writing the same bytes atomically;
- non-app commands <= 1.5x their import floor (and no Textual import);
- peak memory under 150 MiB at the stressed size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402

BIN = Path(sys.executable).parent
COORDINATOR = str(BIN / "coordinator")
PY = sys.executable
MIB = 1024 * 1024


@dataclass
class Sample:
    seconds: list[float]
    peak_bytes: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def spread(self) -> str:
        return f"{min(self.seconds) * 1000:.0f}-{max(self.seconds) * 1000:.0f}"


@dataclass
class Row:
    what: str
    size: str
    ours: str
    floor: str
    ratio: float
    budget: float
    note: str = ""

    @property
    def met(self) -> bool:
        return self.ratio <= self.budget


def run_process(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-800:]}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def interleaved(
    ours: Callable[[], tuple[float, int]], floor: Callable[[], tuple[float, int]], repeats: int
) -> tuple[Sample, Sample]:
    """Run ours and the floor alternately so drift in machine load hits both alike."""
    a, b = Sample([]), Sample([])
    ours()  # warm the page cache for both
    floor()
    for _ in range(repeats):
        for sample, fn in ((a, ours), (b, floor)):
            seconds, peak = fn()
            sample.seconds.append(seconds)
            sample.peak_bytes = max(sample.peak_bytes, peak)
    return a, b


def ms(sample: Sample, *, p95: bool = False) -> str:
    value = sample.p95 if p95 else sample.median
    return f"{value * 1000:.1f} ms ({sample.spread()})"


def command_rows(db: Path, size: str, env: dict[str, str], repeats: int) -> list[Row]:
    floor_basic = [PY, "-c", "import click, tinydb, rich.console, dateutil.rrule"]
    floor_ics = [PY, "-c", "import click, tinydb, rich.console, dateutil.rrule, icalendar"]
    commands = [
        ("`at-risk --json`", ["at-risk", "--json"], floor_basic),
        ("`report summary --format text`", ["report", "summary", "--format", "text"], floor_basic),
        ("`ics --next 10`", ["ics", "--next", "10"], floor_ics),
    ]
    rows = []
    for label, args, floor in commands:
        argv = [COORDINATOR, "--db", str(db), *args]
        ours, base = interleaved(
            lambda argv=argv: run_process(argv, env),
            lambda floor=floor: run_process(floor, env),
            repeats,
        )
        rows.append(
            Row(
                label,
                size,
                ms(ours),
                ms(base),
                ours.median / base.median,
                1.5,
                f"peak {ours.peak_bytes / MIB:.0f} MiB",
            )
        )
    return rows


def first_frame(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Start ``argv`` in a real terminal (tmux, 100x30) and time until it reports its first
    frame with data (the app writes a timestamp, then exits, when asked by env)."""
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp"
        session = f"bench{os.getpid()}{time.monotonic_ns()}"
        env = {**env, "COORDINATOR_BENCH_FIRST_FRAME": str(stamp)}
        env_args = [f"{k}={v}" for k, v in env.items() if k.startswith(("COORDINATOR", "TERM"))]
        command = " ".join(["env", "-u", "PYTHONDONTWRITEBYTECODE", *env_args, *argv])
        start = time.time()
        # A tmux server of its own for each start: the app exits once it has drawn, its
        # server then goes, and the next start racing that exit on a shared server failed
        # with "server exited unexpectedly".
        tmux = ["tmux", "-L", session]
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
            check=True,
            env=env,
        )
        deadline = start + 30
        while not stamp.exists() or not stamp.read_text().strip():
            if time.time() > deadline:
                subprocess.run([*tmux, "kill-server"], check=False)
                raise SystemExit(f"no first frame from {command}")
            time.sleep(0.002)
        seconds = float(stamp.read_text()) - start
        subprocess.run([*tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)
        return seconds, 0


def first_frame_rows(db: Path, size: str, env: dict[str, str], repeats: int) -> list[Row]:
    if shutil.which("tmux") is None:
        return [Row("app first frame", size, "tmux missing", "-", float("nan"), 0)]
    budget = 1.2 if size == "realistic" else 1.5
    ours, base = interleaved(
        lambda: first_frame([COORDINATOR, "--db", str(db)], env),
        lambda: first_frame([PY, str(HERE / "minimal_app.py")], env),
        repeats,
    )
    return [
        Row(
            "app first frame (dashboard with data)",
            size,
            ms(ours),
            ms(base),
            ours.median / base.median,
            budget,
        )
    ]


def key_rows(db: Path, size: str, repeats: int) -> list[Row]:
    """Register key presses and durable marks, measured in-process with Pilot."""
    import keys

    result = asyncio.run(keys.measure(db, repeats))
    return [
        Row(
            "attendance mark, key to durable on disk (p95)",
            size,
            ms(result.mark, p95=True),
            ms(result.write_floor, p95=True),
            result.mark.p95 / result.write_floor.p95,
            1.5,
            f"p50 {result.mark.median * 1e3:.1f} ms, floor {result.write_floor.median * 1e3:.1f}",
        ),
        Row(
            "register key press to updated screen",
            size,
            ms(result.key),
            ms(result.table_floor),
            result.key.median / result.table_floor.median,
            1.5,
            f"own work in handler p95 {result.handler.p95 * 1000:.1f} ms (budget 15 ms)",
        ),
    ]


def memory_row(db: Path, env: dict[str, str]) -> Row:
    """Peak memory of the heaviest command at the stressed size."""
    peaks = []
    for args in (
        ["at-risk", "--json"],
        ["report", "summary", "--format", "html"],
        ["ics", "--series"],
        ["export", "-"],
    ):
        _, peak = run_process([COORDINATOR, "--db", str(db), *args], env)
        peaks.append(peak)
    worst = max(peaks) / MIB
    return Row(
        "peak memory, heaviest command",
        "stressed",
        f"{worst:.0f} MiB",
        "150 MiB budget",
        worst / 150,
        1.0,
    )


def render(rows: list[Row], command: str) -> str:
    lines = [
        "| what | size | ours: median (min-max) | floor: median (min-max) | ratio | budget | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        note = f" {r.note}" if r.note else ""
        lines.append(
            f"| {r.what}{note} | {r.size} | {r.ours} | {r.floor} | {r.ratio:.2f} | "
            f"<= {r.budget} | {'yes' if r.met else '**no**'} |"
        )
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    return "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}.",
            "",
            f"    {command}",
            "",
            *lines,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats; print only")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 11)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COORDINATOR_HOME": tmp}
        env.pop("COORDINATOR_DB", None)
        # An installed package runs from compiled bytecode; measure that, not recompiling
        # every module on every start (some shells set this variable).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for size in (datasets.REALISTIC, datasets.STRESSED):
            db = datasets.write(size, Path(tmp) / f"{size.name}.json")
            rows += command_rows(db, size.name, env, repeats)
            rows += first_frame_rows(db, size.name, env, repeats)
            rows += key_rows(db, size.name, max(repeats * 3, 20))
        rows.append(memory_row(Path(tmp) / "stressed.json", env))
    table = render(rows, " ".join([".venv/bin/python", "benchmarks/perf/run.py", *sys.argv[1:]]))
    print(table)
    if not args.quick:
        doc = ROOT / "docs" / "performance.md"
        text = doc.read_text(encoding="utf-8") if doc.exists() else ""
        begin, end = "<!-- results:begin -->", "<!-- results:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            doc.write_text(f"{head}{begin}\n{table}\n{end}{tail}", encoding="utf-8")
            print(f"\nwrote {doc}")


if __name__ == "__main__":
    main()
