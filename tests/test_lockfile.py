"""One writer per group file: the lock is exclusive, never waits and dies with its holder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from coordinator.store.lockfile import FileLock, LockHeld


def test_a_second_lock_on_the_same_file_is_refused_until_the_first_lets_go(
    tmp_path: Path,
) -> None:
    first, second = FileLock(tmp_path / "g.lock"), FileLock(tmp_path / "g.lock")
    first.acquire()
    assert first.is_locked
    with pytest.raises(LockHeld):
        second.acquire()
    assert not second.is_locked
    first.release()
    second.acquire()
    assert second.is_locked
    second.release()
    second.release()  # twice is harmless


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "g.lock")
    lock.acquire()
    try:
        if os.name == "posix":
            assert stat.S_IMODE((tmp_path / "g.lock").stat().st_mode) & 0o077 == 0
    finally:
        lock.release()


def test_a_lock_held_by_a_killed_process_is_free_at_once(tmp_path: Path) -> None:
    path = tmp_path / "g.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time
                from pathlib import Path
                from coordinator.store.lockfile import FileLock
                FileLock(Path({str(path)!r})).acquire()
                print("held", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld):
            FileLock(path).acquire()
        holder.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        holder.wait(timeout=10)
        lock = FileLock(path)
        deadline = time.monotonic() + 5
        while True:
            try:
                lock.acquire()
                break
            except LockHeld:
                assert time.monotonic() < deadline, "the dead holder's lock was never freed"
                time.sleep(0.01)
        lock.release()
    finally:
        holder.kill()
        holder.wait(timeout=10)
