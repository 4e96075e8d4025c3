"""The hardening fault campaign: every fault the store must survive, in one command.

    sudo .venv/bin/python benchmarks/faults/campaign.py            # the full campaign
    .venv/bin/python benchmarks/faults/campaign.py --kills 100     # a quicker one
    .venv/bin/python benchmarks/faults/campaign.py --write-doc     # also update the doc

1. SIGKILL during saves (benchmarks/faults/kill_saves.py), 1,000 times by default.
2. Out of disk space during a save: a small tmpfs filled to different levels (as root),
   else simulated ENOSPC from ``os.fsync``. Old data must survive, the message must say
   the disk is full, and the store must carry on once space is freed.
3. The data folder made read-only (a tmpfs remounted read-only as root, else chmod, else
   simulated EROFS), and the folder removed while a store is open.
4. Files we cannot use (truncated, not JSON, wrong shape, future schema, a bundle, ...):
   refused through the real command line, left byte-for-byte untouched, and the message
   says how to restore.
5. Two instances at once: the second is read-only while the first lives; the first is
   SIGKILLed; a new open then gets the lock and every acknowledged save is there.
6. The edges (benchmarks/faults/edges.py, issue 14): outputs aimed at the group's own
   files, ``--db`` at special files, outputs to devices and pipes, deep and huge values,
   folder shapes, backups at every free-space level, and the import fuzz
   (``--fuzz N`` mutated bundles, then every read command on the accepted ones).

Prints a table (fault, tries, survived, acknowledged saves lost, crashes); with
``--write-doc`` writes it into docs/reliability.md. Exits non-zero if anything was lost
or crashed. POSIX only; not part of the test run (tests run a quick kill loop instead).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

import kill_saves

from coordinator.cli import main as cli_main
from coordinator.clock import FixedClock
from coordinator.model import AttendanceMark, Group, Mark, Meeting, Member
from coordinator.store import (
    ReadOnlyError,
    SaveFailedError,
    Store,
    UnreadableFileError,
    take_backup,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- campaign:start -->", "<!-- campaign:end -->"


@dataclass
class Row:
    fault: str
    tries: int = 0
    survived: int = 0
    lost: int = 0
    crashes: int = 0
    how: str = ""
    notes: list[str] = field(default_factory=list)


def clock(day_offset: int = 0) -> FixedClock:
    day = date(2026, 2, 2) + timedelta(days=day_offset)
    return FixedClock(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def seed_group(db: Path, members: int = 30, meetings: int = 20) -> None:
    """A realistic small group, so saves are a few tens of kilobytes."""
    with Store.open(db, clock()) as store, store.batch():
        store.save_group(Group(name="Campaign group"))
        for n in range(members):
            store.save_member(Member(id=f"m{n}", name=f"Member number {n}", notes="x" * 200))
        for n in range(meetings):
            marks = {f"m{k}": AttendanceMark(Mark.PRESENT) for k in range(members)}
            store.save_meeting(
                Meeting(
                    id=f"g{n}",
                    starts_at=datetime(2025, 1, 7, 14, tzinfo=UTC) + timedelta(weeks=2 * n),
                    attendance=marks,
                )
            )


def member_ids(db: Path) -> set[str]:
    with Store.open(db, clock(), read_only=True) as store:
        return {m.id for m in store.members()}


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(size_kib: int) -> Iterator[Path | None]:
    """A small RAM disk we can fill or make read-only; None if we cannot mount one."""
    if not is_root() or platform.system() != "Linux":
        yield None
        return
    mountpoint = Path(tempfile.mkdtemp(prefix="coordinator-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(mountpoint)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        mountpoint.rmdir()
        yield None
        return
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)
        with contextlib.suppress(OSError):
            mountpoint.rmdir()


def remount(mountpoint: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mountpoint)], check=True)


def attempt(row: Row, work: Callable[[], bool]) -> None:
    """One try: ``work`` says whether everything survived; any exception is a crash."""
    row.tries += 1
    try:
        if work():
            row.survived += 1
    except Exception as error:  # a traceback the user would have seen
        row.crashes += 1
        row.notes.append(f"crash: {type(error).__name__}: {error}")


# --- 1. SIGKILL during saves -----------------------------------------------------------


def fault_kills(kills: int, work: Path) -> Row:
    counts = kill_saves.run(kills, work / "kills")
    row = Row("SIGKILL during saves", how="fork a saving child, SIGKILL at a random moment")
    row.tries = counts.kills
    row.survived = counts.kills - counts.unreadable
    row.lost = counts.lost
    row.notes.append(
        f"{counts.acknowledged} saves acknowledged, {counts.lost} lost, {counts.unreadable} "
        f"unreadable files, {counts.torn} torn writes, {counts.unacknowledged_on_disk} "
        f"killed saves that had reached the disk, {counts.orphan_temp_files_seen} orphan "
        f"temp files seen (removed at the next open), {counts.kills_before_first_ack} kills "
        f"landed while the child was still opening the file; {counts.seconds} s"
    )
    return row


# --- 2. out of disk space ----------------------------------------------------------------


def fill(folder: Path, leave: int) -> Path:
    """Fill the disk holding ``folder``, then free ``leave`` bytes."""
    filler = folder / "filler.bin"
    with filler.open("wb") as handle:
        chunk = b"\0" * 65536
        with contextlib.suppress(OSError):
            while True:
                handle.write(chunk)
                handle.flush()
        with contextlib.suppress(OSError):
            handle.flush()
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))
    return filler


def fault_disk_full(work: Path, tries: int) -> Row:
    row = Row("disk full during a save")
    with tmpfs(640) as mount:
        row.how = "a 640 KiB tmpfs filled to different levels" if mount else ""
        if mount is None:
            row.how = "simulated ENOSPC from os.fsync (no tmpfs available)"
        for n in range(tries):
            base = (mount or work / "enospc") / f"try{n}"
            db = base / "group.json"
            seed_group(db)

            def one_try(db: Path = db, n: int = n) -> bool:
                before = db.read_bytes()
                saved_ids = member_ids(db)
                with Store.open(db, clock(n + 1)) as store:
                    message = ""
                    if mount is not None:
                        filler = fill(db.parent, leave=(n % 12) * 8192)
                        try:
                            store.save_member(Member(id="new", name="During", notes="y" * 4000))
                        except SaveFailedError as error:
                            message = str(error)
                        filler.unlink()
                    else:
                        real_fsync = os.fsync

                        def no_space(fd: int) -> None:
                            raise OSError(errno.ENOSPC, "No space left on device")

                        os.fsync = no_space
                        try:
                            store.save_member(Member(id="new", name="During"))
                        except SaveFailedError as error:
                            message = str(error)
                        finally:
                            os.fsync = real_fsync
                    if message:
                        ok = db.read_bytes() == before and "the disk is full" in message
                        ok = ok and "still holds what was saved before" in message
                        if not row.notes:
                            row.notes.append(f"message: {message}")
                    else:  # there was room after all: the save must be complete
                        ok = "new" in member_ids(db)
                    # Space freed: the store carries on and nothing saved is missing.
                    store.save_member(Member(id="after", name="After"))
                after = member_ids(db)
                return ok and saved_ids <= after and "after" in after

            attempt(row, one_try)
            shutil.rmtree(base, ignore_errors=True)
    return row


# --- 3. read-only folder, folder removed -------------------------------------------------


def fault_read_only(work: Path, tries: int) -> Row:
    """Half the tries make the folder unwritable under an open store (chmod, as an ordinary
    user: root ignores modes); half open the group on a read-only disk (a tmpfs remounted
    read-only; Linux refuses that while a file on it is open for writing)."""
    row = Row("data folder read-only")
    hows = set()
    if is_root():  # the ordinary user needs a way in to its own folder
        work.chmod(0o711)
        (work / "readonly").mkdir(mode=0o700)
        os.chown(work / "readonly", *_nobody())
    with tmpfs(2048) as mount:
        for n in range(tries):
            if n % 2 == 0 or mount is None:
                hows.add("folder chmod 0500 under an open store, as an ordinary user")
                attempt(row, lambda n=n: _as_ordinary_user(row, lambda: _chmod_try(work, n, row)))
            else:
                hows.add("group opened on a tmpfs remounted read-only")
                attempt(row, lambda n=n, mount=mount: _read_only_disk_try(mount, n, row))
    row.how = "; ".join(sorted(hows))
    return row


def _chmod_try(work: Path, n: int, row: Row) -> bool:
    db = work / "readonly" / f"try{n}" / "group.json"
    seed_group(db)
    before = db.read_bytes()
    saved = member_ids(db)
    with Store.open(db, clock(n + 1)) as store:
        db.parent.chmod(0o500)
        try:
            store.save_member(Member(id="new", name="Blocked"))
            return False
        except SaveFailedError as error:
            clear = "permission was denied" in str(error)
            if not row.notes:
                row.notes.append(f"message: {error}")
        finally:
            intact = db.read_bytes() == before
            db.parent.chmod(0o700)
        store.save_member(Member(id="after", name="After"))
    after = member_ids(db)
    return clear and intact and saved <= after and "after" in after


def _read_only_disk_try(mount: Path, n: int, row: Row) -> bool:
    db = mount / f"try{n}" / "group.json"
    seed_group(db)
    before = db.read_bytes()
    remount(mount, "ro")
    try:
        with Store.open(db, clock(n + 1)) as store:
            reason = store.read_only_reason or ""
            clear = store.read_only and "read-only" in reason
            if len(row.notes) < 2:
                row.notes.append(f"opened on a read-only disk: {reason}")
            try:
                store.save_member(Member(id="x", name="x"))
                clear = False
            except ReadOnlyError:
                pass
            everything_shown = len(store.members()) == len(member_ids(db))
    finally:
        remount(mount, "rw")
    intact = db.read_bytes() == before
    with Store.open(db, clock(n + 1)) as store:
        writable = not store.read_only
        store.save_member(Member(id="after", name="After"))
    return clear and everything_shown and intact and writable


def _nobody() -> tuple[int, int]:
    import pwd

    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


def _as_ordinary_user(row: Row, work: Callable[[], bool]) -> bool:
    """Run ``work`` without root's power to ignore file modes (in a forked child that
    becomes ``nobody``), or directly when we are not root."""
    if not is_root():
        return work()
    uid, gid = _nobody()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        result: dict[str, object] = {}
        try:
            os.setgid(gid)
            os.setuid(uid)
            result["ok"] = work()
            result["notes"] = row.notes
        except BaseException as error:
            result["crash"] = f"{type(error).__name__}: {error}"
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    result = json.loads(b"".join(chunks) or b"{}")
    if "crash" in result or "ok" not in result:
        raise RuntimeError(result.get("crash", "the ordinary-user child died"))
    if not row.notes:
        row.notes.extend(result["notes"])
    return bool(result["ok"])


def fault_folder_removed(work: Path, tries: int) -> Row:
    row = Row("data folder removed while open", how="shutil.rmtree under an open store")
    for n in range(tries):
        db = work / "removed" / f"try{n}" / "group.json"
        seed_group(db)

        def one_try(db: Path = db, n: int = n) -> bool:
            with Store.open(db, clock(n + 1)) as store:
                store.save_member(Member(id="acked", name="Saved before"))
                everything = store.load()
                shutil.rmtree(db.parent)
                try:
                    store.save_member(Member(id="lost", name="During"))
                    return False
                except SaveFailedError as error:
                    clear = "its folder has gone" in str(error)
                    if len(row.notes) < 1:
                        row.notes.append(f"message: {error}")
                kept_in_memory = store.load() == everything
                db.parent.mkdir(mode=0o700)  # the folder comes back from the bin
                store.save_member(Member(id="after", name="After"))
            after = member_ids(db)
            if not {m.id for m in everything.members} <= after:
                row.lost += 1
            return clear and kept_in_memory and "after" in after

        attempt(row, one_try)
    return row


# --- 4. files we cannot use ---------------------------------------------------------------


def bad_files(good: bytes) -> dict[str, bytes]:
    bundle = {"format": "coordinator-bundle", "version": 1, "exported_at": "2026-01-01T00:00Z"}
    return {
        "truncated": good[: len(good) // 3],
        "cut to nothing": b"",
        "not JSON": b"Name,Phone\nSam,07700 900123\n",
        "binary": bytes(range(256)) * 4,
        "wrong-shaped JSON": json.dumps({"members": [{"id": "m1"}]}).encode(),
        "another program's JSON": json.dumps({"_default": {"1": {"a": 1}}}).encode(),
        "a record that is not valid": json.dumps(
            {"meta": {"1": {"schema_version": 1}}, "members": {"1": {"id": "m 1", "name": ""}}}
        ).encode(),
        "future schema": json.dumps({"meta": {"1": {"schema_version": 99}}}).encode(),
        "a bundle": json.dumps(bundle).encode(),
        "deeply nested": b"[" * 200_000,
    }


def fault_corrupt(work: Path) -> Row:
    row = Row("unusable group files", how="opened through `coordinator` and `coordinator doctor`")
    db = work / "corrupt" / "group.json"
    seed_group(db)
    take_backup(db, date(2026, 2, 1))
    good = db.read_bytes()
    for name, content in bad_files(good).items():

        def one_try(content: bytes = content, name: str = name) -> bool:
            db.write_bytes(content)
            refused = False
            try:
                Store.open(db, clock()).close()
            except UnreadableFileError:
                refused = True
            runner = CliRunner()
            opened = runner.invoke(cli_main, ["--db", str(db)])  # what the user runs
            told = "restore" in opened.output and "has not been changed" in opened.output
            no_traceback = opened.exception is None or isinstance(opened.exception, SystemExit)
            doctor = runner.invoke(cli_main, ["--db", str(db), "doctor"])
            untouched = db.read_bytes() == content
            if name == "truncated":
                row.notes.append(f"message: {opened.output.strip()}")
            ok = refused and told and no_traceback and doctor.exit_code == 1 and untouched
            if not ok:
                row.notes.append(f"{name}: refused={refused} told={told} untouched={untouched}")
            return ok

        attempt(row, one_try)
    db.write_bytes(good)
    return row


# --- 5. two instances -----------------------------------------------------------------------

_HOLDER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from coordinator.clock import FixedClock
from coordinator.model import Member
from coordinator.store import Store
store = Store.open(Path(sys.argv[1]), FixedClock(datetime(2026, 2, 3, 12, tzinfo=UTC)))
print("read-only" if store.read_only else "holding", flush=True)
n = 0
while True:
    store.save_member(Member(id=f"h{n}", name=f"Holder {n}"))
    print(f"h{n}", flush=True)
    n += 1
"""


def fault_two_instances(work: Path, tries: int, rng: random.Random) -> Row:
    row = Row("two instances, the first killed", how="second process waits; first SIGKILLed")
    for n in range(tries):
        db = work / "two" / f"try{n}" / "group.json"
        seed_group(db, members=5, meetings=2)

        def one_try(db: Path = db) -> bool:
            first = subprocess.Popen(
                [sys.executable, "-c", _HOLDER, str(db)], stdout=subprocess.PIPE, text=True
            )
            assert first.stdout is not None
            try:
                if first.stdout.readline().strip() != "holding":
                    return False
                second = Store.open(db, clock(1))
                waiting_ok = second.read_only and bool(second.read_only_reason)
                try:
                    second.save_member(Member(id="x", name="x"))
                    waiting_ok = False
                except ReadOnlyError:
                    pass
                time.sleep(rng.uniform(0, 0.05))
                first.send_signal(signal.SIGKILL)
                first.wait()
                acked = {line.strip() for line in first.stdout if line.strip()}
                still_waiting = second.read_only  # an open window does not grab the lock
                second.close()
                with Store.open(db, clock(1)) as third:
                    got_lock = not third.read_only
                    present = {m.id for m in third.members()}
                    third.save_member(Member(id="third", name="Third"))
                missing = {a for a in acked if a.startswith("h")} - present
                row.lost += len(missing)
                return waiting_ok and still_waiting and got_lock and not missing
            finally:
                if first.poll() is None:
                    first.kill()
                    first.wait()

        attempt(row, one_try)
    return row


# --- the table --------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = [
        "| fault | how | tries | survived | acknowledged saves lost | crashes |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r.fault} | {r.how} | {r.tries} | {r.survived} | {r.lost} | {r.crashes} |")
    return "\n".join(lines)


def write_doc(rows: list[Row], command: str, seconds: float) -> None:
    notes = "\n".join(
        f"- {r.fault}: {' '.join(note.split())}" for r in rows for note in r.notes[:3]
    )
    block = (
        f"{START}\n"
        f"Last run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"{seconds:.0f} s. Reproduce with:\n\n"
        f"```\n{command}\n```\n\n{table(rows)}\n\nWhat the runs said:\n\n{notes}\n{END}"
    )
    text = DOC.read_text("utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + block + tail, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every fault the store must survive.")
    parser.add_argument("--kills", type=int, default=1000, help="SIGKILLs during saves")
    parser.add_argument("--tries", type=int, default=24, help="tries of each other fault")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--fuzz", type=int, default=2000, help="mutated bundles to import")
    parser.add_argument("--write-doc", action="store_true", help="update docs/reliability.md")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coordinator-faults-") as tmp:
        work = Path(tmp)
        rows = [
            fault_kills(args.kills, work),
            fault_disk_full(work, args.tries),
            fault_read_only(work, args.tries),
            fault_folder_removed(work, args.tries),
            fault_corrupt(work),
            fault_two_instances(work, args.tries, rng),
        ]
        import edges

        rows += edges.run_edges(work, args.fuzz)
    seconds = time.perf_counter() - started
    print(table(rows))
    for r in rows:
        for note in r.notes[:5]:
            print(f"  {r.fault}: {note}")
    print(f"{seconds:.0f} s")
    if args.write_doc:
        command = "sudo .venv/bin/python benchmarks/faults/campaign.py --write-doc"
        if args.kills != 1000 or args.tries != 24 or args.fuzz != 2000:
            command += f" --kills {args.kills} --tries {args.tries} --fuzz {args.fuzz}"
        write_doc(rows, command, seconds)
    bad = any(r.lost or r.crashes or r.survived != r.tries for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
