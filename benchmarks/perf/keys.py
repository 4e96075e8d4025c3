"""Key presses measured in-process with Textual's Pilot, each beside its floor.

- a durable attendance mark: from the key press until the save that holds it has been
  fsynced and renamed into place (we time the store's own atomic write finishing);
  floor: the same bytes written atomically with json.dumps + fsync + rename;
- a register key press to the updated screen (cursor down), against the same key in a
  minimal app with a 30-row DataTable;
- our own work inside the mark key handler: the action method's wall time less the time
  spent in the durable write itself (encoding and writing the file), which has its own
  budget against the atomic-write floor above.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import coordinator.store.repository as store_module
from coordinator.clock import FixedClock
from coordinator.store import Store, atomic_write

CLOCK = FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC))
SIZE = (100, 30)


@dataclass
class KeyResult:
    mark: Any
    write_floor: Any
    key: Any
    table_floor: Any
    handler: Any


async def measure(db: Path, repeats: int) -> KeyResult:
    from minimal_app import MinimalApp
    from run import Sample

    from coordinator.tui.app import build_app
    from coordinator.tui.screens.register import RegisterScreen

    finished: list[float] = []
    real_write = store_module.atomic_write

    def timed_write(path: Path, data: bytes) -> None:
        real_write(path, data)
        if path == db:
            finished.append(time.perf_counter())

    handler_times: list[float] = []
    in_write = [0.0]
    real_action = RegisterScreen.action_mark
    real_flush = Store._write_file

    def timed_flush(self: Store, tables: dict[str, Any]) -> bytes:
        # The durable write itself (the day's backup, encoding, fsync and rename).
        start = time.perf_counter()
        try:
            return real_flush(self, tables)
        finally:
            in_write[0] += time.perf_counter() - start

    def timed_action(self: RegisterScreen, status: str) -> None:
        in_write[0] = 0.0
        start = time.perf_counter()
        real_action(self, status)
        handler_times.append(time.perf_counter() - start - in_write[0])

    mark, key, handler = Sample([]), Sample([]), Sample([])
    store_module.atomic_write = timed_write
    Store._write_file = timed_flush  # type: ignore[method-assign]
    RegisterScreen.action_mark = timed_action  # type: ignore[method-assign]
    try:
        store = Store.open(db, CLOCK)
        app = build_app(store, store.settings(), CLOCK)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g")
            await pilot.pause()
            for i in range(repeats):
                if i % 10 == 0:
                    await pilot.press("home")
                before = len(finished)
                start = time.perf_counter()
                await pilot.press("p" if i % 2 else "x")
                deadline = start + 10
                while len(finished) == before and time.perf_counter() < deadline:
                    await pilot.pause(0.001)
                if len(finished) > before:
                    mark.seconds.append(finished[-1] - start)
            handler.seconds = handler_times[:]
            for i in range(repeats):
                start = time.perf_counter()
                await pilot.press("down" if i % 20 < 10 else "up")
                await pilot.pause()
                key.seconds.append(time.perf_counter() - start)
        store.close()
    finally:
        store_module.atomic_write = real_write
        Store._write_file = real_flush  # type: ignore[method-assign]
        RegisterScreen.action_mark = real_action  # type: ignore[method-assign]

    raw = json.loads(db.read_bytes())
    floor_path = db.with_name("floor.json")
    write_floor = Sample([])
    for _ in range(repeats):
        start = time.perf_counter()
        # The floor: the standard library's json.dumps (compact, as the file is),
        # whatever the store itself uses.
        data = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(floor_path, data)
        write_floor.seconds.append(time.perf_counter() - start)

    table_floor = Sample([])
    async with MinimalApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i in range(repeats):
            start = time.perf_counter()
            await pilot.press("down" if i % 20 < 10 else "up")
            await pilot.pause()
            table_floor.seconds.append(time.perf_counter() - start)
    return KeyResult(mark, write_floor, key, table_floor, handler)
