"""The floor for the app's first frame and key handling: a bare Textual app with a 30-row
DataTable and a Footer, timed exactly like ours (see run.py)."""

from __future__ import annotations

import os
import time
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Footer


class MinimalApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Status", "Last came", "Recent")
        for i in range(30):
            table.add_row(f"Member {i}", "active", "2026-11-17", "●●◐●○●●●")
        stamp = os.environ.get("COORDINATOR_BENCH_FIRST_FRAME")
        if stamp:
            self.call_after_refresh(self._first_frame, stamp)

    def _first_frame(self, stamp: str) -> None:
        with open(stamp, "w", encoding="utf-8") as handle:
            handle.write(repr(time.time()))
        self.exit()


if __name__ == "__main__":
    MinimalApp().run()
