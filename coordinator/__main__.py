"""``coordinator`` and ``python -m coordinator``: the app, or a command.

Opening the app is what people do most, and its first frame is what they wait for. So
``coordinator`` on its own, or with only ``--db FILE``, opens the app straight away
without loading the command-line parser (click is 15-20 ms of every start on a fast
machine). Anything else, ``--help`` and every command included, goes to
:mod:`coordinator.cli`, which parses it as before and opens the app the same way.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def app_request(args: Sequence[str]) -> tuple[bool, str | None]:
    """Whether ``args`` only ask for the app, and the ``--db`` value they give if any.

    Only the plainest forms count (nothing; ``--db FILE``; ``--db=FILE``). Anything the
    parser might read differently (a value that looks like an option, a repeated or
    empty ``--db``) is left to it.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        value = args[0].removeprefix("--db=")
        if value and not value.startswith("-"):
            return True, value
    return False, None


def main() -> None:
    """``coordinator``: the app, or a command; an unexpected error never shows a
    traceback (it could hold the group's data): a calm message names a private log."""
    try:
        _main()
    except Exception as error:  # the last line of defence: see coordinator.crash
        from coordinator.crash import crash_message, record_crash
        from coordinator.launch import fail

        fail(crash_message(record_crash(error)), code=70)


def _main() -> None:
    # Starting up makes a great many objects (modules, the group's records) and no
    # garbage worth finding: the cycle collector waits until the app is up
    # (CoordinatorApp.run turns it back on) and stays off for a one-shot command,
    # 4-5% of its time at the stressed size (docs/performance.md).
    gc.disable()
    is_app, db_option = app_request(sys.argv[1:])
    if not is_app:
        _tolerate_narrow_encodings()
        from coordinator.cli import main as cli_main

        try:
            cli_main()  # ends by raising SystemExit, as click does
        finally:
            # Python runs a full collection once more as it exits, over every object
            # still alive (the modules, and whatever the command kept), even with the
            # collector off: 15-20 ms of a stressed one-shot command, to find nothing
            # worth collecting. Frozen objects are left out of it.
            gc.freeze()
        return
    from coordinator import launch, paths
    from coordinator.clock import SystemClock

    try:
        db = launch.check_db_path(paths.resolve_db(db_option))
        launch.open_app(db, SystemClock())
    except KeyboardInterrupt:  # before the app is up (it handles ctrl+c itself)
        launch.fail("Aborted!")


def _tolerate_narrow_encodings() -> None:
    """Messages and tables written as text survive a stream whose encoding cannot hold
    every character (a Windows pipe is cp1252: no ▲, ✓ or ●, nor most names' letters):
    such a character is shown as ``?`` instead of stopping the command half way. Data
    (a bundle, a report, JSON) is written as UTF-8 bytes anyway (``print_data``)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (OSError, ValueError):  # a stream that cannot change: leave it
            continue


if __name__ == "__main__":
    main()
