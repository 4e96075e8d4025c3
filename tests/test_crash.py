"""An error nobody planned for never shows the group's data: a calm message names a
private log (0600) that holds the details, and the exit status says it failed.

The error is forced (a patched function raises with every member's details in its
message and its local variables, as a real bug's traceback would show them) through the
real entry point, in a fresh interpreter, for a command and for the app.
"""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coordinator.clock import FixedClock
from coordinator.crash import crash_message, record_crash
from coordinator.model import Member
from coordinator.store import Store
from tests.tui.conftest import small_group

NAME = "Zelda Privatename"
PHONE = "07700 900999"
EMAIL = "zelda.secret@example.org"
NOTES = "ZZNOTES: flare-up after surgery"
MARKERS = ("Zelda", "Privatename", "900999", "zelda.secret", "ZZNOTES", "surgery")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    data = small_group()
    member = Member(id="m9", name=NAME, phone=PHONE, email=EMAIL, notes=NOTES)
    data = replace(data, members=(*data.members, member))
    path = tmp_path / "group.json"
    store = Store.open(path, FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC)))
    store.replace_all(data)
    store.close()
    return path


# Raises as a real bug might: the group's details (read from the file) in the error's
# message and in a local variable of the frame that raised.
_BOOM = """
def boom(*args, **kwargs):
    import json, os
    doc = json.loads(open(os.environ["HOSTILE_DB"]).read())
    everyone = json.dumps(doc)
    raise RuntimeError(f"unexpected: {everyone}")
"""


def _run(script: str, db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BOOM + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "COORDINATOR_HOME": str(home),
            "HOSTILE_DB": str(db),
            "PATH": "/usr/bin:/bin",
            "TERM": "xterm",
        },
        check=False,
    )


def _check_calm(result: subprocess.CompletedProcess[str], home: Path) -> None:
    shown = result.stdout + result.stderr
    for marker in MARKERS:
        assert marker not in shown, f"{marker!r} reached the screen:\n{shown}"
    assert "Traceback" not in shown
    assert result.returncode != 0
    log = home / "crash.log"
    # The path as shown, wrapped at the terminal's width (pytest -n 2's folders are long).
    assert str(log) in shown.replace("\n", ""), shown
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    details = log.read_text()
    assert "RuntimeError" in details and "Privatename" in details


def test_a_command_that_fails_shows_no_member_data(hostile_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _run(
        f"""
        import sys
        import coordinator.watch as watch
        watch.check_ins = boom
        sys.argv = ["coordinator", "--db", {str(hostile_db)!r}, "at-risk"]
        from coordinator.__main__ import main
        main()
        """,
        hostile_db,
        home,
    )
    assert result.returncode == 70, result.stderr
    _check_calm(result, home)


def test_the_app_that_fails_shows_no_member_data(hostile_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _run(
        f"""
        import sys
        from coordinator.tui.app import CoordinatorApp
        CoordinatorApp.on_mount = boom
        run = CoordinatorApp.run
        CoordinatorApp.run = lambda self, *a, **k: run(self, headless=True, size=(80, 24))
        sys.argv = ["coordinator", "--db", {str(hostile_db)!r}]
        from coordinator.__main__ import main
        main()
        """,
        hostile_db,
        home,
    )
    assert "Sorry: coordinator hit a problem" in result.stdout + result.stderr
    _check_calm(result, home)


def test_the_log_is_private_even_when_it_was_made_with_wider_rights(tmp_path: Path) -> None:
    log = tmp_path / "crash.log"
    log.write_text("old\n")
    log.chmod(0o644)
    try:
        raise ValueError("Zelda 07700 900999")
    except ValueError as error:
        assert record_crash(error, log) == log
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "Zelda" in log.read_text()


def test_the_message_says_where_the_details_are_or_that_they_could_not_be_kept() -> None:
    assert "/x/crash.log" in crash_message(Path("/x/crash.log"))
    assert "could not be written" in crash_message(None)


def test_a_log_that_cannot_be_written_is_said_not_raised(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert record_crash(ValueError("x"), blocked / "crash.log") is None


def test_the_log_is_never_written_through_a_link_or_into_a_pipe(tmp_path: Path) -> None:
    """A crash.log that is a link to another file leaves that file as it was (content
    and permissions); one that is a named pipe is not waited on."""
    import os

    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    victim.chmod(0o644)
    link = tmp_path / "crash.log"
    link.symlink_to(victim)
    assert record_crash(RuntimeError("x"), link) is None
    assert victim.read_text() == "mine"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    fifo = tmp_path / "fifo.log"
    os.mkfifo(fifo)
    assert record_crash(RuntimeError("x"), fifo) is None
