"""Every printing command in a real process whose standard streams cannot hold every
character (a Windows pipe is cp1252; ``PYTHONIOENCODING=ascii`` is narrower still):
nothing stops half way, and data (a bundle, JSON, a report, a contact list, a message)
comes out as UTF-8 with every name whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from coordinator.clock import SystemClock
from coordinator.store import Store

NAME = "Łucja ✓ 王 ▲"  # a letter cp1252 lacks, a mark, a CJK name, the drift arrow

# Each command, and whether what it prints is data (must hold the name in UTF-8).
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "at-risk": (["at-risk"], False),
    "at-risk --json": (["at-risk", "--json"], True),
    "report text": (["report", "summary", "--format", "text"], True),
    "report csv": (["report", "summary", "--format", "csv"], True),
    "report markdown": (["report", "sign-in", "--format", "md"], True),
    "export -": (["export", "-"], True),
    "contacts vcard": (["contacts"], True),
    "contacts text": (["contacts", "--format", "text"], True),
    "meeting list": (["meeting", "list"], False),
    "message text": (["message", "check-in", "--member", "m-lucja"], True),
    "message json": (["message", "check-in", "--member", "m-lucja", "--format", "json"], True),
    "best-time": (["best-time"], False),
    "doctor": (["doctor"], False),
    "restore (list)": (["restore"], False),
}


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo (built for today, so it has upcoming meetings and people to check in
    with), its first member renamed to a name no narrow encoding holds."""
    root = tmp_path_factory.mktemp("encodings")
    home, db = root / "home", root / "group.json"
    made = _run(home, db, ["demo", "--no-open", "--db", str(db)], "utf-8")
    assert made.returncode == 0, made.stderr
    with Store.open(db, SystemClock()) as store:
        first = store.members()[0]
        store.save_member(replace(first, id="m-lucja", name=NAME))
    return home, db


def _run(
    home: Path, db: Path, args: list[str], encoding: str
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COORDINATOR_HOME": str(home), "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    if args[0] != "demo":
        args = ["--db", str(db), *args]
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *args],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("command", COMMANDS)
def test_narrow_streams_never_stop_a_command(
    group: tuple[Path, Path], command: str, encoding: str
) -> None:
    home, db = group
    args, is_data = COMMANDS[command]
    done = _run(home, db, args, encoding)
    said = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 0, said
    assert "Sorry" not in said and "Traceback" not in said
    assert done.stdout.strip()
    if is_data:
        text = done.stdout.decode("utf-8")  # UTF-8 whatever the stream's encoding
        if command in ("report markdown", "message text", "message json", "at-risk --json"):
            return  # these need not name every member
        assert NAME in text or json.dumps(NAME)[1:-1] in text, text[:400]
