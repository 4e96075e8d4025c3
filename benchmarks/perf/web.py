"""First paint in a browser tab (``coordinator web``) against the terminal's first frame.

    .venv/bin/python benchmarks/perf/web.py          # 7 repeats, rewrites docs/performance.md
    .venv/bin/python benchmarks/perf/web.py --quick  # 3 repeats, prints only

Both start the app on the realistic dataset and stop the clock when the dashboard with
data is on screen:
- terminal: ``coordinator --db FILE`` in tmux (100x30), from starting the process to the
  first frame, as benchmarks/perf/run.py measures it;
- browser: the system Chromium (headless, driven by Playwright, nothing downloaded) at
  about 100x30 cells, from the start of navigation to the tab's key address to two
  animation frames after the dashboard's text reached the page (xterm.js draws what it is
  sent on the next frame). The server is already running, as it is once the coordinator
  has typed ``coordinator web``; its own start is a row of its own. The browser's count
  includes the page, textual.js, the websocket and starting the app process.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402
import run  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Per tab, milliseconds after navigation start: page loaded, websocket open, first byte
# from the app, dashboard drawn.
PHASES: list[list[float]] = []
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/\?key=\S+)")
# On the dashboard whatever the date: the title of its attendance panel.
WORD = "Attendance"
# Records when the dashboard's text has been drawn: two animation frames after it
# arrived on the websocket. Injected by the browser's tools (the page's own content
# policy allows no inline script).
HOOK = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  let text = "";
  window.__painted = null;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => { window.__opened = performance.now(); });
      this.addEventListener("message", (event) => {
        if (window.__first === undefined && typeof event.data !== "string") {
          window.__first = performance.now();
        }
        if (window.__painted !== null || typeof event.data === "string") return;
        text += decoder.decode(event.data, { stream: true });
        if (text.replace(/\\x1b\\[[0-9;?<>]*[A-Za-z$]/g, "").includes(WORD)) {
          window.__painted = -1;
          requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__painted = performance.now();
          }));
        }
      });
    }
  };
})();
""".replace("WORD", repr(WORD))


def start_server(db: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str, float]:
    """``coordinator web --no-browser``; its link and how long it took to print it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [run.COORDINATOR, "--db", str(db), "web", "--no-browser", "--idle-minutes", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if match := LINK.search(line):
            took = time.perf_counter() - start
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, match[1], took
    raise SystemExit("coordinator web did not start")


def stop_server(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(15)


def lock_free(db: Path) -> bool:
    from coordinator.store import lock_path
    from coordinator.store.lockfile import FileLock, LockHeld

    lock = FileLock(lock_path(db))
    try:
        lock.acquire()
    except LockHeld:
        return False
    lock.release()
    return True


def browser_first_paint(browser: Any, url: str, db: Path) -> tuple[float, int]:
    """Navigation start to the dashboard drawn in the tab, in seconds."""
    context = browser.new_context(viewport={"width": 980, "height": 580})
    page = context.new_page()
    page.add_init_script(HOOK)
    page.goto(url)
    deadline = time.monotonic() + 60
    painted = None
    while painted is None or painted < 0:
        if time.monotonic() > deadline:
            raise SystemExit("the dashboard never appeared in the browser")
        page.wait_for_timeout(20)
        painted = page.evaluate("() => window.__painted")
    PHASES.append(
        page.evaluate(
            "() => [performance.getEntriesByType('navigation')[0].loadEventEnd,"
            " window.__opened, window.__first, window.__painted]"
        )
    )
    context.close()
    # The tab's app closes with its connection; wait so the next run is not read-only.
    while not lock_free(db):
        time.sleep(0.02)
    return painted / 1000, 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats; print only")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 7)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        env = {**os.environ, "COORDINATOR_HOME": tmp}
        env.pop("COORDINATOR_DB", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        size = datasets.REALISTIC
        db = datasets.write(size, Path(tmp) / f"{size.name}.json")
        starts = run.Sample([])
        for _ in range(repeats):
            process, _, took = start_server(db, env)
            starts.seconds.append(took)
            stop_server(process)
        process, url, _ = start_server(db, env)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab, terminal = run.interleaved(
                lambda: browser_first_paint(browser, url, db),
                lambda: run.first_frame([run.COORDINATOR, "--db", str(db)], env),
                repeats,
            )
        finally:
            browser.close()
            stop_server(process)
    command = " ".join([".venv/bin/python", "benchmarks/perf/web.py", *sys.argv[1:]])
    header = run.render([], command)
    table = "\n".join(
        [
            header.replace(
                "| what | size | ours: median (min-max) | floor: median (min-max) | ratio | "
                "budget | met |\n|---|---|---|---|---|---|---|",
                "| what | size | median (min-max) | terminal first frame: median (min-max) "
                "| ratio |\n|---|---|---|---|---|",
            ),
            f"| browser tab: page load to dashboard drawn | {size.name} | {run.ms(tab)} | "
            f"{run.ms(terminal)} | {tab.median / terminal.median:.2f} |",
            "| browser tab, median ms after navigation start: page loaded "
            + ", websocket open ".join(
                f"{statistics.median(phase[i] for phase in PHASES):.0f}" for i in range(2)
            )
            + f", first byte from the app {statistics.median(p[2] for p in PHASES):.0f}"
            + f", dashboard drawn {statistics.median(p[3] for p in PHASES):.0f} | {size.name} "
            "| | | |",
            f"| `coordinator web`: start to link printed | {size.name} | {run.ms(starts)} | "
            f"{run.ms(terminal)} | {starts.median / terminal.median:.2f} |",
        ]
    )
    print(table)
    if not args.quick:
        doc = run.ROOT / "docs" / "performance.md"
        text = doc.read_text(encoding="utf-8")
        begin, end = "<!-- web:begin -->", "<!-- web:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            doc.write_text(f"{head}{begin}\n{table}\n{end}{tail}", encoding="utf-8")
            print(f"\nwrote {doc}")


if __name__ == "__main__":
    main()
