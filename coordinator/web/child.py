"""The app process behind one browser tab (``python -m coordinator.web.child --db FILE``).

The server starts it with no shell in between. It is the ordinary app on textual's web
driver, plus one watch: when the server that started it goes (even killed outright), it
closes too, so the group file's lock is never left held by an app nobody can see.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

# The server's process id, given to the app so it can tell when the server has gone.
PARENT_ENV = "COORDINATOR_WEB_PARENT"
WATCH_SECONDS = 0.1
# After asking itself to close, how long the app has before it is ended outright.
GRACE_SECONDS = 0.5


def watch_parent(parent: int) -> threading.Thread:
    """Close this process soon after ``parent`` ends (its parent id then changes)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        # The same way Ctrl+C closes the app; then, whatever it is doing, stop.
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_SECONDS)
        os._exit(0)

    thread = threading.Thread(target=watch, name="coordinator-web-parent", daemon=True)
    thread.start()
    return thread


def main(argv: Sequence[str] | None = None) -> None:
    """Run the app for one tab."""
    gc.disable()  # as launch.main: the app turns the collector back on when it is up
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "--db":
        sys.exit("usage: python -m coordinator.web.child --db FILE")
    try:
        parent = int(os.environ.get(PARENT_ENV, ""))
    except ValueError:
        parent = os.getppid()
    watch_parent(parent)
    from coordinator.clock import SystemClock
    from coordinator.launch import open_app

    open_app(Path(args[1]), SystemClock())


if __name__ == "__main__":
    main()
