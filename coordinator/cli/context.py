"""What every ``coordinator`` command shares: the :class:`Context` (where the group file
is, what time it is, opening the store with clear messages), date options, and opening
the app. A leaf: the command modules and the command group import it, never the reverse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coordinator.clock import Clock
from coordinator.launch import fail, open_app, restore_hint

if TYPE_CHECKING:
    from coordinator.store import Store


class Context:
    """What every command gets: where the file is and what time it is."""

    def __init__(self, db: Path, clock: Clock, db_option: Path | None = None) -> None:
        self.db = db
        self.clock = clock
        # The file named by --db, before or after the command (see cli.root).
        self.db_option = db_option

    @contextmanager
    def store(self, *, read_only: bool = False, must_exist: bool = True) -> Iterator[Store]:
        """Open the group file, turning every store problem into a clear message."""
        from coordinator.store import Store, StoreError

        if must_exist and not self.db.exists():
            fail(
                f"There is no group file at {self.db} yet. Run `coordinator` to set up "
                "your group, `coordinator demo` to try a demo group, or "
                "`coordinator import FILE` to load a bundle."
            )
        try:
            store = Store.open(self.db, self.clock, read_only=read_only)
        except StoreError as error:
            fail(f"{error}\n{restore_hint(self.db)}")
        try:
            yield store
        except StoreError as error:
            fail(str(error))
        finally:
            store.close()


def parse_day(value: str | None, label: str) -> date | None:
    """A date option (``--as-of``, ``--from``, ``--to``) as typed, or a clear message."""
    if value is None:
        return None
    from coordinator.model import ValidationError, parse_date

    try:
        return parse_date(value, label)
    except ValidationError as error:
        fail(str(error))


pass_context = click.make_pass_decorator(Context)


def run_app(context: Context, db: Path, settings: dict[str, Any] | None = None) -> None:
    """Open the Textual app on ``db``."""
    open_app(db, context.clock, settings)


def now_utc(context: Context) -> datetime:
    return context.clock.now().astimezone(UTC)
