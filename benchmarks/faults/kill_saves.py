"""SIGKILL a process in the middle of saving, again and again, and check nothing is lost.

Each round forks a child that opens the group file and saves as fast as it can: a new
member, that member's attendance mark, an outreach note, in turn. After each save
*returns* the child writes one line to a pipe: that save is acknowledged, as the app would
confirm it to the coordinator. The parent kills the child with SIGKILL at a random moment
(often while it is opening the file, backing it up, writing the temp file or renaming it),
then checks that the file still loads and that every acknowledged save is in it.

    python benchmarks/faults/kill_saves.py --kills 1000

Prints the counts (``lost`` and ``unreadable`` must be 0) and exits non-zero otherwise.
POSIX only (fork and SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coordinator.clock import FixedClock
from coordinator.model import AttendanceMark, Group, Mark, Meeting, Member, OutreachNote
from coordinator.store import Store, StoreError, list_backups, read_raw

# A new file every so many rounds keeps saves the size of a real group's.
ROUNDS_PER_FILE = 50
START = date(2026, 1, 5)


@dataclass
class Counts:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    unreadable: int = 0
    # Saves that reached the disk but were killed before they were acknowledged: at
    # most one per kill (the save in flight), so more would mean a torn write.
    unacknowledged_on_disk: int = 0
    torn: int = 0
    orphan_temp_files_seen: int = 0
    # Kills that landed before the first save of a round returned (while opening).
    kills_before_first_ack: int = 0
    seconds: float = 0.0


def _clock(round_no: int) -> FixedClock:
    # Two rounds a day, so daily backups and their rotation run under the kills too.
    day = START + timedelta(days=round_no // 2)
    return FixedClock(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def _save(store: Store, round_no: int, n: int) -> str:
    """Save number ``n`` of a round; returns the key the parent checks for."""
    member_id = f"r{round_no}n{n - n % 3}"
    if n % 3 == 0:
        store.save_member(Member(id=member_id, name=f"Member {round_no}/{n}"))
        return f"member {member_id}"
    if n % 3 == 1:
        store.set_mark("g1", member_id, AttendanceMark(Mark.PRESENT, note=f"{n}"))
        return f"mark {member_id}"
    note_id = f"r{round_no}n{n}c"
    store.save_contact(OutreachNote(id=note_id, member_id=member_id, on=START, note="called"))
    return f"contact {note_id}"


def _child(db: Path, round_no: int, ack_fd: int) -> None:
    """Save until killed; acknowledge each save only after it returned."""
    store = Store.open(db, _clock(round_no))
    if store.read_only:
        os.write(ack_fd, b"READ-ONLY\n")
        return
    n = 0
    while True:
        key = _save(store, round_no, n)
        os.write(ack_fd, f"{key}\n".encode())
        n += 1


def _setup(db: Path) -> None:
    with Store.open(db, _clock(0)) as store:
        store.save_group(Group(name="Kill test"))
        store.save_meeting(
            Meeting(id="g1", starts_at=datetime(2026, 1, 6, 14, tzinfo=UTC), notes="the register")
        )


def _on_disk(db: Path) -> set[str]:
    """Every key the file holds, after loading it the way the app does."""
    with Store.open(db, _clock(0), read_only=True) as store:
        data = store.load()
    keys = {f"member {m.id}" for m in data.members}
    keys |= {f"contact {c.id}" for c in data.contacts}
    register = data.meeting("g1")
    if register is not None:
        keys |= {f"mark {member_id}" for member_id in register.attendance}
    return keys


def _one_round(db: Path, round_no: int, max_delay: float, rng: random.Random) -> list[str]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        code = 0
        try:
            _child(db, round_no, write_end)
        except BaseException:
            code = 3
        os._exit(code)
    os.close(write_end)
    time.sleep(rng.uniform(0, max_delay))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    lines = b"".join(chunks).decode().splitlines()
    if "READ-ONLY" in lines:
        raise RuntimeError("a child opened read-only: the lock was not released by the kill")
    return lines


def run(kills: int, folder: Path, *, seed: int = 1, max_delay: float = 0.25) -> Counts:
    """Kill ``kills`` saving children; count what was acknowledged, lost, unreadable."""
    rng = random.Random(seed)
    counts = Counts()
    started = time.perf_counter()
    acknowledged: set[str] = set()
    db = folder / "kill-0" / "group.json"
    for round_no in range(kills):
        if round_no % ROUNDS_PER_FILE == 0:
            db = folder / f"kill-{round_no // ROUNDS_PER_FILE}" / "group.json"
            acknowledged = set()
            _setup(db)
        acks = _one_round(db, round_no, max_delay, rng)
        counts.kills += 1
        counts.acknowledged += len(acks)
        counts.kills_before_first_ack += not acks
        acknowledged.update(acks)
        counts.orphan_temp_files_seen += sum(
            1 for p in db.parent.iterdir() if p.name.endswith(".tmp")
        )
        try:
            present = _on_disk(db)
        except StoreError:
            counts.unreadable += 1
            continue
        counts.lost += len(acknowledged - present)
        extra = {key for key in present - acknowledged if f"r{round_no}n" in key}
        counts.unacknowledged_on_disk += len(extra)
        counts.torn += max(0, len(extra) - 1)
        for backup in list_backups(db)[:1]:
            try:
                read_raw(backup.path)
            except StoreError:
                counts.unreadable += 1
    counts.seconds = round(time.perf_counter() - started, 1)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many kills (default 1000)")
    parser.add_argument("--folder", type=Path, help="where to put the files (default: a temp one)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill moments")
    parser.add_argument(
        "--max-delay", type=float, default=0.25, help="longest wait before a kill, seconds"
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    if args.folder is None:
        with tempfile.TemporaryDirectory(prefix="coordinator-kills-") as tmp:
            counts = run(args.kills, Path(tmp), seed=args.seed, max_delay=args.max_delay)
    else:
        counts = run(args.kills, args.folder, seed=args.seed, max_delay=args.max_delay)
    if args.json:
        print(json.dumps(asdict(counts)))
    else:
        for name, value in asdict(counts).items():
            print(f"{name:>24}: {value}")
    return 0 if counts.lost == 0 and counts.unreadable == 0 and counts.torn == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
