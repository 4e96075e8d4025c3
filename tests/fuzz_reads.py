"""Mutated bundles and every read command: shared by tests/test_fuzz_imports.py (a modest
number of examples in the suite) and benchmarks/faults/fuzz_imports.py (the big run
recorded in docs/reliability.md).

A valid bundle (tests/bundle_strategies.py) gets one to three mutations: a value
anywhere replaced by a hostile one (deep nesting, a huge number, a megabyte of text, a
newline in an id, a timezone that is not a place, wrong types...), a key removed, a
record repeated (a duplicate id), or an unknown key added. It is imported through the
real ``coordinator import``; when accepted, every read command runs on the group. A
traceback anywhere is a failure; a refusal with a message is what should happen.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import strategies as st

from coordinator.clock import FixedClock
from tests.bundle_strategies import bundles

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
BIG_INT = "__BIG_INT__"
VERY_DEEP = "__VERY_DEEP__"


def _deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = {"x": value}
    return value


HOSTILE: list[Any] = [
    None,
    True,
    -1,
    0,
    2**63,
    -(2**63) - 1,
    10**30,
    1e308,
    -0.0,
    "",
    " ",
    "\n",
    "m1\n",
    "x" * 300,
    "x" * 6_000,
    "y" * 200_000,
    '=HYPERLINK("http://x")',
    "\u00a0=1",
    "\uff1dcmd",
    "[bold]x[/bold]",
    "\x1b[31mred",
    "\u202eevil",
    "\ud800",
    [],
    {},
    [None],
    {"x": None},
    _deep(20),
    _deep(40),
    "localtime",
    "Factory",
    "right/Europe/London",
    "posix/UTC",
    "2026-02-30",
    "24:00",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-03-29T01:30",
    BIG_INT,
    VERY_DEEP,
]


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``value`` a mutation can reach (dict keys and list items)."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((*here, key))
            found += _paths(inner, (*here, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found.append((*here, n))
            found += _paths(inner, (*here, n))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated_bundles(draw: st.DrawFn) -> str:
    """The JSON text of a valid bundle with one to three hostile mutations."""
    doc = draw(bundles())
    for _ in range(draw(st.integers(1, 3))):
        places = _paths(doc)
        how = draw(st.sampled_from(["replace", "replace", "remove", "repeat", "add"]))
        if not places or how == "add":
            target = doc if not places else _parent(doc, draw(st.sampled_from(places)))
            if isinstance(target, dict):
                target[f"x-{draw(st.integers(0, 9))}"] = draw(st.sampled_from(HOSTILE))
            continue
        path = draw(st.sampled_from(places))
        parent = _parent(doc, path)
        if how == "replace":
            parent[path[-1]] = draw(st.sampled_from(HOSTILE))
        elif how == "remove":
            del parent[path[-1]]
        elif isinstance(parent, list):  # a record twice: a duplicate id
            parent.append(json.loads(json.dumps(parent[path[-1]])))
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace(f'"{BIG_INT}"', "9" * 5_000)
    return text.replace(f'"{VERY_DEEP}"', "[" * 980 + "]" * 980)


def read_commands(tmp: Path, meeting: str | None) -> list[list[str]]:
    """Every command that reads the group (and the two that write outputs)."""
    commands = [["at-risk"], ["at-risk", "--json"], ["doctor"], ["restore"], ["export", "-"]]
    for kind in ("summary", "sign-in", "service"):
        commands.append(["report", kind])
        for fmt in ("text", "md", "csv", "html"):
            commands.append(["report", kind, "--format", fmt])
    commands += [
        ["ics"],
        ["ics", "--next", "3"],
        ["ics", "--series", "-o", str(tmp / "series.ics")],
        ["export", str(tmp / "copy.json")],
    ]
    if meeting is not None:
        commands.append(["ics", "--meeting", meeting])
        commands.append(["report", "sign-in", "--meeting", meeting, "--format", "text"])
    return commands


@dataclass
class Tally:
    bundles: int = 0
    accepted: int = 0
    commands: int = 0
    tracebacks: list[str] = field(default_factory=list)


def _traceback(result: Result) -> str | None:
    if result.exception is None or isinstance(result.exception, SystemExit):
        return None
    return f"{type(result.exception).__name__}: {str(result.exception)[:200]}"


def check(text: str, tally: Tally) -> None:
    """Import ``text`` through the real command, then run every read command on what
    was accepted; tracebacks go into ``tally``."""
    from coordinator.cli import root as cli

    tally.bundles += 1
    runner = CliRunner()
    real_clock = cli.SystemClock  # type: ignore[attr-defined]
    cli.SystemClock = lambda: FixedClock(NOW)  # type: ignore[attr-defined, assignment, return-value]
    try:
        with tempfile.TemporaryDirectory(prefix="coordinator-fuzz-") as folder:
            tmp = Path(folder)
            db = tmp / "group.json"
            source = tmp / "bundle.json"
            source.write_text(text, "utf-8", errors="surrogatepass")
            done = runner.invoke(cli.main, ["--db", str(db), "import", str(source)])
            tally.commands += 1
            problem = _traceback(done)
            if problem:
                tally.tracebacks.append(f"import: {problem}")
                return
            if done.exit_code != 0:
                return
            tally.accepted += 1
            for args in read_commands(tmp, _a_meeting(text)):
                result = runner.invoke(cli.main, ["--db", str(db), *args])
                tally.commands += 1
                problem = _traceback(result)
                if problem:
                    tally.tracebacks.append(f"{' '.join(args)}: {problem}")
    finally:
        cli.SystemClock = real_clock  # type: ignore[attr-defined]


def _a_meeting(text: str) -> str | None:
    try:
        doc = json.loads(text)
        meeting = doc["meetings"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):
        return None
    return meeting if isinstance(meeting, str) else None
