"""What every ``coordinator`` command shares: the :class:`Context` (where the group file
is, what time it is, opening the store with clear messages), date options, the one way a
member is looked up from what was typed (:func:`find_member`), and opening the app. A
leaf: the command modules and the command group import it, never the reverse.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coordinator.clock import Clock
from coordinator.launch import fail, open_app, restore_hint

if TYPE_CHECKING:
    from coordinator.model import GroupData, Member
    from coordinator.store import Store


def print_data(text: str) -> None:
    """A file's content (a bundle, a report, a contact list, JSON, a message to send) on
    standard output as UTF-8, the encoding those formats are written in, whatever the
    stream's own encoding says: a pipe on Windows is cp1252, which holds neither ▲ nor
    most names' letters, and must not turn them into question marks."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream that takes only text
        click.echo(text, nl=False)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", errors="surrogateescape"))
    buffer.flush()


def refuse_stdout_into_our_files(db: Path) -> None:
    """Stop with a message when standard output is a file of ours (see :meth:`Context.store`).
    A terminal or a pipe costs one ``fstat``."""
    try:
        redirected = stat.S_ISREG(os.fstat(1).st_mode)
    except OSError:
        return
    if not redirected:
        return
    from coordinator.store import output_paths

    try:
        output_paths.check_output("-", db)
    except output_paths.OutputRefused as error:
        fail(str(error))


class Context:
    """What every command gets: where the file is and what time it is."""

    def __init__(self, db: Path, clock: Clock, db_option: Path | None = None) -> None:
        self.db = db
        self.clock = clock
        # The file named by --db, before or after the command (see cli.root).
        self.db_option = db_option

    @contextmanager
    def store(self, *, read_only: bool = False, must_exist: bool = True) -> Iterator[Store]:
        """Open the group file, turning every store problem into a clear message.

        First, every command that reads the group refuses to run when the shell sent its
        standard output into the group file, its lock, a backup or another file of ours
        (``coordinator export >> group.json``): what it prints would damage it."""
        from coordinator.store import Store, StoreError

        refuse_stdout_into_our_files(self.db)
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


# --- finding a member from what was typed ----------------------------------------------

# At most this many candidates are named in "which one?" (the rest are counted).
NAMED_CANDIDATES = 8


def folded(text: str) -> str:
    """``text`` as names are compared: case, accents and runs of spaces ignored
    ("  ZOË  o'Neil" and "zoe o'neil" are the same)."""
    import unicodedata

    bare = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return " ".join(bare.casefold().split())


def member_matches(members: tuple[Member, ...], typed: str) -> list[Member]:
    """Who ``typed`` could mean, by the first rule that finds anyone: their id; their
    whole name or known-as; their first name or any one word of their name; then a part
    of their name or known-as. Case, accents and spaces never matter. Several found is
    a question for the person typing ("which one?"), never a guess."""
    exact = [m for m in members if m.id == typed.strip()]
    wanted = folded(typed)
    if exact or not wanted:
        return exact

    def names(member: Member) -> tuple[str, str]:
        return folded(member.name), folded(member.known_as)

    def whole(member: Member) -> bool:
        return wanted in names(member)

    def one_word(member: Member) -> bool:
        return any(wanted in name.split(" ") for name in names(member))

    def part(member: Member) -> bool:
        return any(wanted in name for name in names(member) if name)

    for rule in (whole, one_word, part):
        found = [m for m in members if rule(m)]
        if found:
            return found
    return []


def member_problem(members: tuple[Member, ...], typed: str, label: str) -> str | None:
    """Why ``typed`` does not name one member, for the option or argument ``label``
    (None when it does). Candidates are named by id; what was typed is never echoed."""
    from coordinator.user_text import visible

    found = member_matches(members, typed)
    if len(found) == 1:
        return None
    if not found:
        return (
            f"{label}: nobody on the roster has that id or name. Give their id, their name "
            "or known-as, or a part of their name (`coordinator contacts --format text` "
            "lists everyone)."
        )
    shown = [
        f"{m.id} ({visible(m.display_name)}"
        + (f", {visible(m.name)}" if m.display_name != m.name else "")
        + (f", {m.status.value}" if m.status.value != "active" else "")
        + ")"
        for m in found[:NAMED_CANDIDATES]
    ]
    more = len(found) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more else "")
    return f"{label}: which one? That fits {len(found)} people: {listed}. Give the id."


def find_member(data: GroupData, typed: str, label: str) -> Member:
    """The one member ``typed`` names (:func:`member_matches`), or stop with a clear
    message naming the candidates by id. Every command that takes a member uses this."""
    problem = member_problem(data.members, typed, label)
    if problem is not None:
        fail(problem)
    return member_matches(data.members, typed)[0]
