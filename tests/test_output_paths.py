"""Every command that writes a file refuses every path that would destroy the group's own
files, with a message, leaving the group file byte for byte as it was; devices and pipes
are written through, never replaced (issue 14)."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.model import MeetingStatus
from coordinator.store import Store, lock_path, output_paths, take_backup
from tests.report_fixtures import small_group

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

# Every command that writes a file, with the output path last.
COMMANDS: dict[str, list[str]] = {
    "report summary": ["report", "summary", "--format", "text", "-o"],
    "report sign-in": ["report", "sign-in", "--format", "html", "-o"],
    "report service": ["report", "service", "--format", "csv", "-o"],
    "ics upcoming": ["ics", "--next", "3", "-o"],
    "ics series": ["ics", "--series", "-o"],
    "ics cancel": ["ics", "--cancel", "g21", "-o"],
    "export": ["export"],
    "contacts": ["contacts", "--format", "csv", "-o"],
}


class Setup:
    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.home = home
        self.db = root / "grp" / "group.json"
        self.db.parent.mkdir()
        store = Store.open(self.db, FixedClock(NOW))
        store.replace_all(small_group())
        store.close()
        backup = take_backup(self.db, date(2026, 11, 1), kind="manual")
        assert backup is not None
        self.backup = backup
        (home / "notes.txt").write_text("mine")
        self.protected = {p: p.read_bytes() for p in (self.db, self.backup, home / "notes.txt")}

    def unchanged(self) -> bool:
        return all(p.read_bytes() == b for p, b in self.protected.items())


def _link(setup: Setup, name: str, to: Path) -> Path:
    link = setup.root / name
    link.symlink_to(to)
    return link


def _hard(setup: Setup) -> Path:
    hard = setup.root / "hard.txt"
    os.link(setup.db, hard)
    return hard


def _loop(setup: Setup) -> Path:
    a, b = setup.root / "loop-a", setup.root / "loop-b"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


# Each forbidden target, and a word the refusal must hold.
TARGETS: dict[str, tuple[Callable[[Setup], Path | str], str]] = {
    "the group file": (lambda s: s.db, "group file"),
    "../ to the group file": (lambda s: f"{s.root}/other/../grp/group.json", "group file"),
    "a ./-laden spelling": (lambda s: f"{s.root}/grp/./group.json", "group file"),
    "its lock": (lambda s: lock_path(s.db), "lock"),
    "an existing backup": (lambda s: s.backup, "backups folder"),
    "a new file in backups/": (lambda s: s.db.parent / "backups" / "new.txt", "backups folder"),
    "the data folder": (lambda s: s.home / "notes.txt", "data folder"),
    "a new file in the data folder": (lambda s: s.home / "x.txt", "data folder"),
    "a folder": (lambda s: s.root, "folder"),
    "a symlink to the group file": (lambda s: _link(s, "link.txt", s.db), "group file"),
    "a symlink to a backup": (lambda s: _link(s, "b.txt", s.backup), "backups folder"),
    "a hard link to the group file": (_hard, "group file"),
    "a symlink loop": (_loop, "loop"),
    "a missing folder": (lambda s: s.root / "nowhere" / "x.txt", "does not exist"),
    "another group file": (lambda s: _copy_group(s), "group file"),
    "a file made read-only": (lambda s: _read_only(s), "read-only"),
}


def _read_only(setup: Setup) -> Path:
    """A report the coordinator kept (chmod 400): the folder is writable, so a temp file
    renamed over it would succeed; it must not."""
    kept = setup.root / "kept-report.txt"
    kept.write_text("the March report, as sent")
    kept.chmod(0o400)
    setup.protected[kept] = kept.read_bytes()
    return kept


def _copy_group(setup: Setup) -> Path:
    other = setup.root / "other-group.json"
    other.write_bytes(setup.db.read_bytes())
    return other


@pytest.fixture
def setup(tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return Setup(tmp_path, tmp_home)


def invoke(setup: Setup, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(setup.db), *args])


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_writing_command_refuses_every_forbidden_target(
    setup: Setup, command: str, target: str
) -> None:
    make, word = TARGETS[target]
    path = make(setup)
    result = invoke(setup, *COMMANDS[command], str(path))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert word in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert setup.unchanged()
    # Nothing was saved either (ics --cancel and --series refuse before saving).
    with Store.open(setup.db, FixedClock(NOW), read_only=True) as store:
        planned = store.meeting("g21")
        assert planned is not None and planned.status is MeetingStatus.PLANNED
        assert store.settings().get("ics_series") is None


@pytest.mark.parametrize("command", COMMANDS)
def test_an_existing_world_readable_file_becomes_private(setup: Setup, command: str) -> None:
    target = setup.root / "out.file"
    target.write_text("old")
    target.chmod(0o644)
    result = invoke(setup, *COMMANDS[command], str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() != b"old"
    assert setup.unchanged() or command in ("ics series", "ics cancel")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_to_an_ordinary_file_is_followed_and_said(setup: Setup, command: str) -> None:
    real = setup.root / "real.out"
    link = _link(setup, "link.out", real)
    result = invoke(setup, *COMMANDS[command], str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()  # the link stays a link; the file it points at is written
    assert real.stat().st_size > 0
    # A long path is shown shortened in the middle (pytest-xdist's folders are long).
    said = result.output + result.stderr
    assert "is a link to" in result.stderr and real.name in said and "link.out" in said


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_pipe_is_written_through_never_replaced(setup: Setup, command: str) -> None:
    fifo = setup.root / "pipe"
    os.mkfifo(fifo, 0o644)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(200):  # the reader must be waiting before we open for writing
            result = invoke(setup, *COMMANDS[command], str(fifo))
            if result.exit_code == 0 or "nothing is reading" not in result.stderr:
                break
            threading.Event().wait(0.01)
    finally:
        if thread.is_alive():  # unblock the reader if the command never opened the pipe
            # Non-blocking: if the reader has just finished, nobody is at the other end and
            # a plain open would wait for ever (ENXIO says so instead).
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_IMODE(fifo.lstat().st_mode) == 0o644  # never chmod'd
    assert got and got[0]


def test_a_pipe_nobody_reads_is_refused_at_once(setup: Setup) -> None:
    fifo = setup.root / "pipe"
    os.mkfifo(fifo)
    result = invoke(setup, "export", str(fifo))
    assert result.exit_code == 1
    assert "nothing is reading from that pipe" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dev_null_is_a_device_written_through() -> None:
    """/dev/null is only looked at here (never written by a test that could replace it):
    it is seen as a device, so writing goes through it and never renames over it."""
    checked = output_paths.check_output(os.devnull, Path("/nonexistent/group.json"))
    assert checked.kind is output_paths.Kind.DEVICE
    before = os.stat(os.devnull)
    output_paths.write_output(checked, b"nothing")
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and (before.st_ino, before.st_mode) == (
        after.st_ino,
        after.st_mode,
    )


def test_dash_is_standard_output(setup: Setup) -> None:
    result = invoke(setup, "export", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("{")


def test_report_default_target_is_in_the_private_reports_folder(
    setup: Setup, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.reports import printing

    home = tmp_home / "fresh" / "data"
    monkeypatch.setenv("COORDINATOR_HOME", str(home))
    monkeypatch.setattr(printing, "open_in_browser", lambda path: True)
    result = invoke(setup, "report", "summary", "--format", "html", "--open")
    assert result.exit_code == 0, result.output
    for folder in (home, home / "reports"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_message_paths_are_short_and_visible(tmp_path: Path) -> None:
    long = tmp_path / ("x\x1b" * 200) / "f.txt"
    with pytest.raises(output_paths.OutputRefused) as caught:
        output_paths.check_output(long, tmp_path / "group.json")
    assert "\x1b" not in str(caught.value)
    assert len(str(caught.value)) < 600  # a freak path is cut in the middle


def test_an_ordinary_path_is_shown_whole(tmp_path: Path) -> None:
    ordinary = tmp_path / ("a-folder-with-a-long-name-" * 6) / "summary.csv"
    assert len(str(ordinary)) > 150
    assert output_paths.show(ordinary) == str(ordinary)


# A file of ours that does not read (cut short, with a byte-order mark, from a newer
# version) may be the only copy of a group: no output may replace it either.
DAMAGED: dict[str, Callable[[bytes], bytes]] = {
    "cut after 12 bytes": lambda b: b[:12],
    "cut after 100 bytes": lambda b: b[:100],
    "cut in half": lambda b: b[: len(b) // 2],
    "with a byte-order mark": lambda b: b"\xef\xbb\xbf" + b,
    "indented with blank lines first": lambda b: b"\n\n  " + b,
    "from a newer version": lambda b: b.replace(
        b'"schema_version":1', b'"schema_version":99', 1
    ).replace(b'"schema_version": 1', b'"schema_version": 99', 1),
}


@pytest.mark.parametrize("damage", DAMAGED)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_output_replaces_a_group_file_that_does_not_read(
    setup: Setup, command: str, damage: str
) -> None:
    target = setup.root / "damaged-copy.json"
    body = DAMAGED[damage](setup.db.read_bytes())
    target.write_bytes(body)
    result = invoke(setup, *COMMANDS[command], str(target))
    assert result.exit_code == 1, result.output
    assert "group file" in result.stderr and "Nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_bytes() == body
    assert setup.unchanged()


@pytest.mark.parametrize("command", COMMANDS)
def test_only_export_replaces_an_exported_bundle_and_never_a_cut_one(
    setup: Setup, command: str
) -> None:
    bundle = setup.root / "handover.json"
    assert invoke(setup, "export", str(bundle)).exit_code == 0
    whole = bundle.read_bytes()
    result = invoke(setup, *COMMANDS[command], str(bundle))
    if command == "export":
        assert result.exit_code == 0, result.output  # a newer bundle over an older one
    else:
        assert result.exit_code == 1 and "exported bundle" in result.stderr, result.output
        assert bundle.read_bytes() == whole
    cut = setup.root / "cut-bundle.json"
    cut.write_bytes(whole[: len(whole) // 2])
    result = invoke(setup, *COMMANDS[command], str(cut))
    assert result.exit_code == 1 and "Nothing was written" in result.stderr, result.output
    assert cut.read_bytes() == whole[: len(whole) // 2]


@pytest.mark.parametrize("redirect", ["the group file", "its lock", "a backup", "a damaged copy"])
def test_dash_refuses_a_standard_output_the_shell_sent_into_our_files(
    setup: Setup, redirect: str
) -> None:
    damaged = setup.root / "copy.json"
    damaged.write_bytes(setup.db.read_bytes()[:50])
    lock_path(setup.db).touch()
    where = {
        "the group file": setup.db,
        "its lock": lock_path(setup.db),
        "a backup": setup.backup,
        "a damaged copy": damaged,
    }[redirect]
    before = where.read_bytes()
    saved = os.dup(1)
    try:
        with where.open("ab") as handle:  # as `coordinator ... -o - >> FILE` would
            os.dup2(handle.fileno(), 1)
            with pytest.raises(output_paths.OutputRefused) as refused:
                output_paths.check_output("-", setup.db)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    assert "standard output" in str(refused.value)
    assert where.read_bytes() == before


def test_dash_to_an_ordinary_file_is_allowed(setup: Setup) -> None:
    plain = setup.root / "out.txt"
    saved = os.dup(1)
    try:
        with plain.open("wb") as handle:
            os.dup2(handle.fileno(), 1)
            checked = output_paths.check_output("-", setup.db)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    assert checked.kind is output_paths.Kind.STDOUT


def test_a_cancellation_whose_file_cannot_be_written_says_what_was_saved(setup: Setup) -> None:
    """The cancellation is saved before the file is written (so the file's sequence is the
    group file's); when writing then fails (/dev/full: the disk is full), the message says
    the meeting is now cancelled, never "nothing was written" alone, and running the same
    command again writes the file."""
    result = invoke(setup, "ics", "--cancel", "g21", "-o", "/dev/full")
    assert result.exit_code == 1, result.output
    assert "the group file was changed" in result.stderr and "cancelled" in result.stderr
    assert "Run the same command again" in result.stderr
    with Store.open(setup.db, FixedClock(NOW), read_only=True) as store:
        meeting = store.meeting("g21")
        assert meeting is not None and meeting.status is MeetingStatus.CANCELLED
    again = setup.root / "cancel.ics"
    result = invoke(setup, "ics", "--cancel", "g21", "-o", str(again))
    assert result.exit_code == 0, result.output
    assert b"STATUS:CANCELLED" in again.read_bytes()


def test_a_full_disk_on_an_export_that_changes_nothing_says_nothing_was_written(
    setup: Setup,
) -> None:
    result = invoke(setup, "ics", "--next", "2", "-o", "/dev/full")
    assert result.exit_code == 1, result.output
    assert "Nothing was written" in result.stderr and "Traceback" not in result.output


STDOUT_COMMANDS = {
    "ics to -": ["ics", "--next", "1", "-o", "-"],
    "ics, no -o": ["ics", "--next", "1"],
    "export -": ["export", "-"],
    "at-risk --json": ["at-risk", "--json"],
    "report": ["report", "summary", "--format", "text"],
    "contacts": ["contacts"],
}


@pytest.mark.parametrize("command", STDOUT_COMMANDS)
def test_no_command_prints_into_the_group_file_the_shell_appends_to(
    setup: Setup, command: str
) -> None:
    """`coordinator CMD >> group.json`: the shell points standard output at the group
    file; every command that reads the group refuses before printing a byte."""
    import subprocess
    import sys

    before = setup.db.read_bytes()
    with setup.db.open("ab") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "coordinator", "--db", str(setup.db), *STDOUT_COMMANDS[command]],
            stdout=appended,
            stderr=subprocess.PIPE,
            env={**os.environ, "COORDINATOR_HOME": str(setup.home)},
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert b"standard output goes to the group file" in done.stderr
    assert setup.db.read_bytes() == before


# A real process runs on the real clock: the upcoming meetings of the fixed group are past.
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "ics upcoming"])
def test_dev_stdout_into_a_pipe_is_written_through_with_no_message_in_it(
    setup: Setup, command: str, tmp_home: Path
) -> None:
    """``-o /dev/stdout | less``: the link goes to a pipe with no name in any folder; the
    output goes down the pipe and the "saved" line goes to the terminal, not into it."""
    import subprocess
    import sys

    env = {**os.environ, "COORDINATOR_HOME": str(tmp_home), "PYTHONIOENCODING": "utf-8"}
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "coordinator",
            "--db",
            str(setup.db),
            *COMMANDS[command],
            "/dev/stdout",
        ],
        capture_output=True,  # standard output is a pipe
        env=env,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr.decode()
    assert made.stdout.strip(), made.stderr.decode()
    assert b"Saved" not in made.stdout and b"Wrote" not in made.stdout
    assert b"Exported" not in made.stdout
