"""The campaign's edge rows (issue 14): what a path points at and what a file holds.

Each function returns one row of the campaign table (benchmarks/faults/campaign.py):

- output paths: every command that writes a file, at every target that would destroy
  the group's own files (the group file by several spellings, a link, a hard link, its
  lock, a backup, the data folder, a folder, a loop);
- special files: ``--db`` at a named pipe, a device, a loop, a folder (a fresh process
  each, with a deadline: a hang is a failure), and outputs to a device node and a pipe
  (written through, never replaced);
- deep and huge values: bundles and group files nested 40 to 5,000 deep, numbers of
  4,301 and 10,000 digits, a megabyte of text, unknown file-format versions;
- folder shapes: the lock a folder, backups a file or a link, the group file 0400;
- backups at every free-space level: a small tmpfs filled to 16 levels, then an import
  (pre-import backup and save) and the first change of a day (daily backup and save);
- the import fuzz (tests/fuzz_reads.py).

"survived" means: refused or done with a plain message, no traceback, no hang, and the
group file (and its backups) byte for byte as before unless the change was made whole.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from campaign import Row, attempt, clock, fill, is_root, seed_group, tmpfs
from click.testing import CliRunner, Result

from coordinator.bundle import dumps, export_bundle
from coordinator.cli import root as cli
from coordinator.model import Member
from coordinator.store import Store, list_backups, lock_path, take_backup

WRITERS: dict[str, list[str]] = {
    "report summary": ["report", "summary", "--format", "text", "-o"],
    "report sign-in": ["report", "sign-in", "--format", "html", "-o"],
    "report service": ["report", "service", "--format", "csv", "-o"],
    "ics upcoming": ["ics", "--next", "3", "-o"],
    "ics series": ["ics", "--series", "-o"],
    "export": ["export"],
}


def _invoke(db: Path, args: list[str], home: Path) -> Result:
    os.environ["COORDINATOR_HOME"] = str(home)
    real = cli.SystemClock
    cli.SystemClock = lambda: clock(1)  # type: ignore[assignment,misc]
    try:
        return CliRunner().invoke(cli.main, ["--db", str(db), *args])
    finally:
        cli.SystemClock = real  # type: ignore[misc]


def _clean(result: Result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)


def _add_planned(db: Path) -> None:
    """Three planned meetings after the campaign's days, so sign-in sheets and
    invites have something to show."""
    from datetime import UTC, datetime, timedelta

    from coordinator.model import Meeting

    with Store.open(db, clock()) as store, store.batch():
        for n in range(3):
            starts = datetime(2026, 3, 3, 14, tzinfo=UTC) + timedelta(weeks=2 * n)
            store.save_meeting(Meeting(id=f"p{n}", starts_at=starts))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.name.endswith(".lock")
    }


# --- output paths --------------------------------------------------------------------------


def fault_output_paths(work: Path) -> Row:
    row = Row(
        "outputs at the group's own files",
        how=f"{len(WRITERS)} writing commands x 11 targets: the group file, ../ and ./ "
        "spellings, a symlink and a hard link to it, its lock, a backup, a new file in "
        "backups/, the data folder, a folder, a symlink loop",
    )
    base = work / "outputs"
    home = base / "home"
    home.mkdir(parents=True)
    (home / "mine.txt").write_text("data folder file")
    db = base / "grp" / "group.json"
    seed_group(db)
    backup = take_backup(db, date(2026, 2, 1), kind="manual")
    assert backup is not None
    (base / "link.txt").symlink_to(db)
    os.link(db, base / "hard.txt")
    (base / "loop-a").symlink_to(base / "loop-b")
    (base / "loop-b").symlink_to(base / "loop-a")
    targets = [
        str(db),
        f"{base}/x/../grp/group.json",
        f"{base}/grp/./group.json",
        str(base / "link.txt"),
        str(base / "hard.txt"),
        str(lock_path(db)),
        str(backup),
        str(db.parent / "backups" / "new.txt"),
        str(home / "mine.txt"),
        str(base),
        str(base / "loop-a"),
    ]
    for command in WRITERS.values():
        for target in targets:

            def one_try(command: list[str] = command, target: str = target) -> bool:
                before = _snapshot(base)
                result = _invoke(db, [*command, target], home)
                ok = result.exit_code == 1 and _clean(result) and _snapshot(base) == before
                if len(row.notes) < 2 and ok and target in (str(db), str(base / "hard.txt")):
                    row.notes.append(f"message: {result.stderr.strip()}")
                if not ok:
                    row.notes.append(f"{' '.join(command)} {target}: exit {result.exit_code}")
                return ok

            attempt(row, one_try)
    return row


# --- special files ---------------------------------------------------------------------------


def _real(args: list[str], home: Path, timeout: float = 30) -> tuple[int | None, str]:
    """The real command in a fresh process; (None, ...) if it had to be killed."""
    env = {**os.environ, "COORDINATOR_HOME": str(home)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coordinator", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, "hung"
    return done.returncode, done.stderr


def fault_special_db(work: Path) -> Row:
    row = Row(
        "--db at special files",
        how="a named pipe, /dev/zero, /dev/null, a symlink loop, a folder; the app, "
        "at-risk, doctor, export; a fresh process each, 30 s deadline",
    )
    base = work / "special-db"
    base.mkdir()
    fifo = base / "pipe.json"
    os.mkfifo(fifo)
    (base / "a").symlink_to(base / "b")
    (base / "b").symlink_to(base / "a")
    for target in (fifo, Path("/dev/zero"), Path("/dev/null"), base / "a", base):
        for command in ([], ["at-risk"], ["doctor"], ["export", "-"]):

            def one_try(target: Path = target, command: list[str] = command) -> bool:
                started = time.perf_counter()
                code, said = _real(["--db", str(target), *command], base / "home")
                quick = time.perf_counter() - started < 10
                ok = code in (1, 2) and "Traceback" not in said and bool(said.strip()) and quick
                if len(row.notes) < 3 and ok and not command:
                    row.notes.append(f"message: {said.strip()}")
                if not ok:
                    row.notes.append(f"{target} {command}: exit {code}: {said[-200:]}")
                return ok

            attempt(row, one_try)
    return row


def fault_special_outputs(work: Path) -> Row:
    """Outputs to a device node (a private copy of /dev/null, made as root; the real one
    is never used) and to a named pipe with a reader: written through, never replaced."""
    row = Row(
        "outputs to devices and pipes",
        how="every writing command to a private null device node (root) and a named pipe "
        "being read: written through, never renamed over or chmod'd",
    )
    import threading

    base = work / "special-out"
    db = base / "group.json"
    seed_group(db)
    _add_planned(db)
    home = base / "home"
    nodes: list[Path] = []
    if is_root():
        node = base / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        nodes.append(node)
    fifo = base / "pipe"
    os.mkfifo(fifo, 0o644)
    nodes.append(fifo)
    for command in WRITERS.values():
        for node in nodes:

            def one_try(command: list[str] = command, node: Path = node) -> bool:
                before = node.lstat()
                got: list[bytes] = []
                reader = None
                if stat.S_ISFIFO(before.st_mode):

                    def read() -> None:
                        with open(node, "rb") as handle:
                            got.append(handle.read())

                    reader = threading.Thread(target=read)
                    reader.start()
                    time.sleep(0.05)
                result = _invoke(db, [*command, str(node)], home)
                if reader is not None:
                    if reader.is_alive():
                        with open(node, "wb"):
                            pass
                    reader.join(5)
                after = node.lstat()
                same = (before.st_ino, before.st_mode) == (after.st_ino, after.st_mode)
                wrote = reader is None or bool(got and got[0])
                ok = result.exit_code == 0 and _clean(result) and same and wrote
                if not ok:
                    row.notes.append(
                        f"{' '.join(command)} {node.name}: exit {result.exit_code} "
                        f"same={same} wrote={wrote} {result.stderr[-200:]}"
                    )
                return ok

            attempt(row, one_try)
    return row


# --- deep and huge values ---------------------------------------------------------------


def fault_hostile_values(work: Path) -> Row:
    row = Row(
        "deep and huge values",
        how="bundles and group files nested 40/970/985/5000 deep, numbers of 4,301 and "
        "10,000 digits, a megabyte of text, file-format versions -1/true/99, duplicate "
        "ids; import, at-risk, report, ics, export, doctor, backup",
    )
    base = work / "hostile"
    db = base / "group.json"
    seed_group(db)
    with Store.open(db, clock(), read_only=True) as store:
        good = json.loads(dumps(export_bundle(store.load(), clock().now())))
    good_file = db.read_bytes()
    home = base / "home"

    def nest(levels: int) -> str:
        return '{"x": ' * levels + "1" + "}" * levels

    tails = {
        "nested 40": nest(40),
        "nested 970": nest(970),
        "nested 985": nest(985),
        "nested 5000": "[" * 5000 + "]" * 5000,
        "4,301 digits": "9" * 4301,
        "10,000 digits": "9" * 10_000,
        "a megabyte of text": json.dumps("z" * 1_000_000),
    }
    for name, tail in tails.items():
        bundle_text = json.dumps(good)[:-1] + f', "x-{name}": {tail}}}'
        file_text = good_file[:-1] + f', "settings": {{"1": {{"x": {tail}}}}}}}'.encode()
        _hostile_try(row, base, db, home, f"bundle {name}", bundle_text.encode(), good_file)
        _hostile_try(row, base, db, home, f"group file {name}", None, file_text)
    for version in ("-1", "true", "99"):
        data = json.loads(good_file)
        data["meta"]["1"]["schema_version"] = json.loads(version)
        raw = json.dumps(data).encode()
        _hostile_try(row, base, db, home, f"file format {version}", None, raw)
    data = json.loads(good_file)
    data["members"]["999"] = dict(data["members"]["1"])
    _hostile_try(row, base, db, home, "duplicate member ids", None, json.dumps(data).encode())
    return row


def _hostile_try(
    row: Row, base: Path, db: Path, home: Path, name: str, bundle: bytes | None, file: bytes
) -> None:
    def one_try() -> bool:
        db.write_bytes(file)
        for leftover in base.glob("backups"):
            shutil.rmtree(leftover)
        commands = [
            ["at-risk"],
            ["report", "summary", "--format", "text"],
            ["ics", "--next", "3"],
            ["export", "-"],
            ["doctor"],
            ["backup"],
        ]
        if bundle is not None:
            source = base / "bundle.json"
            source.write_bytes(bundle)
            commands = [["import", "--replace", str(source)], *commands]
        ok = True
        for args in commands:
            result = _invoke(db, args, home)
            if not _clean(result) or len(result.stderr) > 2000:
                ok = False
                row.notes.append(f"{name}: {' '.join(args)}: {result.exception!r}"[:300])
        refused_import = bundle is None or db.read_bytes() == file
        if bundle is None and len(row.notes) < 2 and "digits" in name:
            shown = _invoke(db, ["at-risk"], home).stderr.strip().splitlines()[0]
            row.notes.append(f"message ({name}): {shown}")
        return ok and refused_import and (bundle is not None or db.read_bytes() == file)

    attempt(row, one_try)


# --- folder shapes -------------------------------------------------------------------------


def fault_folder_shapes(work: Path) -> Row:
    row = Row(
        "folder shapes",
        how="the lock a folder; backups a file; backups a link; the group file 0400; "
        "orphan temp files in backups/ (cleaned at open, said by doctor); each through "
        "import --replace, a save, doctor and doctor --fix",
    )
    base = work / "shapes"
    home = base / "home"

    def fresh(name: str) -> tuple[Path, Path]:
        db = base / name / "group.json"
        seed_group(db)
        source = base / name / "bundle.json"
        with Store.open(db, clock(), read_only=True) as store:
            source.write_text(dumps(export_bundle(store.load(), clock().now())))
        return db, source

    def lock_folder() -> bool:
        db, source = fresh("lock")
        lock_path(db).unlink(missing_ok=True)
        lock_path(db).mkdir()
        before = db.read_bytes()
        imported = _invoke(db, ["import", "--replace", str(source)], home)
        doctor = _invoke(db, ["doctor"], home)
        with Store.open(db, clock(1)) as store:
            told = "is a folder, not a lock file" in (store.read_only_reason or "")
        if not row.notes:
            row.notes.append(f"lock a folder: {store.read_only_reason}")
        return (
            _clean(imported)
            and imported.exit_code == 1
            and _clean(doctor)
            and "should be a small lock file" in doctor.output
            and told
            and db.read_bytes() == before
        )

    def backups_file(link: bool) -> bool:
        db, source = fresh("backups-link" if link else "backups-file")
        folder = db.parent / "backups"
        shutil.rmtree(folder, ignore_errors=True)
        if link:
            (base / "elsewhere").mkdir(exist_ok=True)
            folder.symlink_to(base / "elsewhere")
        else:
            folder.write_text("not a folder")
        before = db.read_bytes()
        imported = _invoke(db, ["import", "--replace", str(source)], home)
        doctor = _invoke(db, ["doctor"], home)
        said = "should be the backups folder" in doctor.output
        if link:  # a link to a folder works as a folder; doctor says it is a link
            return _clean(imported) and imported.exit_code == 0 and said
        if len(row.notes) < 2:
            row.notes.append(f"backups a file: {imported.stderr.strip()}")
        return _clean(imported) and imported.exit_code == 1 and said and db.read_bytes() == before

    def read_only_file() -> bool:
        db, source = fresh("ro")
        db.chmod(0o400)
        before = db.read_bytes()
        imported = _invoke(db, ["import", "--replace", str(source)], home)
        fixed = _invoke(db, ["doctor", "--fix"], home)
        mode = stat.S_IMODE(db.stat().st_mode)
        return (
            _clean(imported)
            and imported.exit_code == 1
            and "read-only" in imported.stderr
            and _clean(fixed)
            and mode == 0o400
            and db.read_bytes() == before
        )

    def orphans() -> bool:
        db, _ = fresh("orphans")
        folder = db.parent / "backups"
        folder.mkdir(exist_ok=True)
        ours = folder / ".group.2026-02-02.pre-import.2.json.0123456789ab.tmp"
        ours.write_text("{}")
        doctor = _invoke(db, ["doctor"], home)
        Store.open(db, clock(1)).close()
        return "temp file" in doctor.output and not ours.exists()

    for work_fn in (lock_folder, lambda: backups_file(False), lambda: backups_file(True)):
        attempt(row, work_fn)
    attempt(row, read_only_file)
    attempt(row, orphans)
    return row


# --- backups at every free-space level -------------------------------------------------------


def fault_backup_space(work: Path, levels: int = 16) -> Row:
    from collections import Counter

    row = Row("backups at every free-space level")
    outcomes: Counter[str] = Counter()
    with tmpfs(640) as mount:
        row.how = (
            f"a 640 KiB tmpfs left with 0 to {levels - 1} x 8 KiB free: import --replace "
            "(pre-import backup, then the save) and the first change of a day (daily "
            "backup, then the save)"
            if mount
            else "simulated ENOSPC at each write of the backup and the save (no tmpfs)"
        )
        for level in range(levels):
            base = (mount or work / "space") / f"level{level}"

            def one_try(base: Path = base, level: int = level) -> bool:
                db = base / "group.json"
                seed_group(db, members=10, meetings=6)
                source = base / "bundle.json"
                with Store.open(db, clock(), read_only=True) as store:
                    source.write_text(dumps(export_bundle(store.load(), clock().now())))
                before = db.read_bytes()
                old_backups = {b.path: b.path.read_bytes() for b in list_backups(db)}
                if mount is not None:
                    filler = fill(base, leave=level * 8192)
                    imported = _invoke(db, ["import", "--replace", str(source)], base / "home")
                    saved = _save_next_day(db)
                    filler.unlink()
                else:
                    imported, saved = _simulated(db, source, base, level)
                ok = _clean(imported) and imported.exit_code in (0, 1) and saved is not None
                outcomes[f"import {'done' if imported.exit_code == 0 else 'refused'}"] += 1
                outcomes[f"next-day save {'done' if saved == 'saved' else 'refused'}"] += 1
                if imported.exit_code == 1:
                    ok = ok and db.read_bytes() == before and "Traceback" not in imported.output
                    if len(row.notes) < 2:
                        row.notes.append(f"message: {imported.stderr.strip()}")
                for path, content in old_backups.items():
                    ok = ok and path.read_bytes() == content
                for backup in list_backups(db):  # every backup that exists reads
                    with Store.open(backup.path, clock(), read_only=True) as check:
                        check.load()
                Store.open(db, clock(3)).close()  # leftovers cleaned at the next open
                leftovers = [p for p in base.rglob("*.tmp")]
                return ok and not leftovers

            attempt(row, one_try)
            shutil.rmtree(base, ignore_errors=True)
    row.notes.insert(
        0,
        "outcomes over the levels: "
        + ", ".join(f"{what} {count}" for what, count in sorted(outcomes.items())),
    )
    return row


def _save_next_day(db: Path) -> str | None:
    """The first change of the next day (a daily backup, then the save): "saved", or the
    plain message; None for anything else."""
    from coordinator.store import SaveFailedError

    with Store.open(db, clock(2)) as store:
        try:
            store.save_member(Member(id="next", name="Next day", notes="n" * 2000))
        except SaveFailedError as error:
            return str(error)
    return "saved"


def _simulated(db: Path, source: Path, base: Path, level: int) -> tuple[Result, str | None]:
    """Without a tmpfs: the level-th write (of the backup, then the save) fails ENOSPC."""
    import errno

    from coordinator.store import durable

    real = durable.os.fsync
    count = {"n": 0}

    def fsync(fd: int) -> None:
        count["n"] += 1
        if count["n"] == 1 + level % 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    durable.os.fsync = fsync  # type: ignore[attr-defined]
    try:
        imported = _invoke(db, ["import", "--replace", str(source)], base / "home")
        count["n"] = 0
        saved = _save_next_day(db)
    finally:
        durable.os.fsync = real  # type: ignore[attr-defined]
    return imported, saved


# --- the import fuzz -------------------------------------------------------------------------


def fault_fuzz(examples: int) -> Row:
    import fuzz_imports

    tally, seconds = fuzz_imports.run(examples)
    row = Row(
        "import fuzz, then every read command",
        how="hypothesis-mutated bundles (tests/fuzz_reads.py) through `coordinator import`; "
        "on each accepted one: at-risk, report summary/sign-in/service in every format, "
        "ics variants, export, doctor, restore",
    )
    row.tries = tally.bundles
    row.crashes = len(tally.tracebacks)
    row.survived = tally.bundles - len({t.split(":")[0] for t in tally.tracebacks})
    row.notes.append(
        f"{tally.bundles} mutated bundles, {tally.accepted} accepted, {tally.commands} "
        f"commands run, {len(tally.tracebacks)} tracebacks; {seconds:.0f} s"
    )
    row.notes += tally.tracebacks[:5]
    return row


EDGE_ROWS: list[tuple[str, Callable[..., Row]]] = [
    ("outputs", fault_output_paths),
    ("special-db", fault_special_db),
    ("special-outputs", fault_special_outputs),
    ("hostile", fault_hostile_values),
    ("shapes", fault_folder_shapes),
    ("space", fault_backup_space),
]


def run_edges(work: Path, fuzz_examples: int) -> list[Row]:
    rows = [make(work) for _, make in EDGE_ROWS]
    if fuzz_examples:
        rows.append(fault_fuzz(fuzz_examples))
    return rows


if __name__ == "__main__":  # the edge rows alone: python benchmarks/faults/edges.py
    import tempfile

    from campaign import table

    with tempfile.TemporaryDirectory(prefix="coordinator-edges-") as tmp:
        found = run_edges(Path(tmp), int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(table(found))
    for r in found:
        for note in r.notes[:4]:
            print(f"  {r.fault}: {note}")
