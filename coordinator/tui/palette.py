"""The command palette (ctrl+p): every action of the app, found by name or by the words a
coordinator would type ("backup", "calendar", "check in"), and "go to member …" / "open
meeting …" for records.

:func:`palette_commands` lists the actions: the app's own (go to a screen, best time,
help, the theme, quit), the screen on show's keys, and every other screen's actions from
the registry (:mod:`coordinator.tui.actions`, which also holds each action's search
words). Textual's own system commands (screenshot, maximise, its key panel) are not a
coordinator's business and are left out: :class:`ActionsProvider` takes the place of
Textual's provider. Names are user text, so record entries are built as plain content
(the palette would otherwise read them as markup).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import Screen

from coordinator.model import GroupData, Meeting, MeetingStatus, MemberStatus
from coordinator.tui.actions import FIRST, every_action, search_words, words_match
from coordinator.tui.app_contract import AppContract
from coordinator.tui.frame import coordinator_app, shadowed_keys, textual_keys
from coordinator.tui.screen_table import SCREENS_IN_ORDER
from coordinator.user_text import visible


class PaletteCommand(NamedTuple):
    """One action in the palette: its name, a line of help, what it does, and the words
    it is found by besides its name."""

    title: str
    help: str
    callback: Callable[[], Any]
    words: str = ""
    discover: bool = True


def palette_commands(app: AppContract, screen: Screen[Any]) -> list[PaletteCommand]:
    """Every action of the app for the palette opened on ``screen``."""
    return [*_app_commands(app, screen), *_screen_commands(app, screen), *_elsewhere(app)]


def _app_commands(app: AppContract, screen: Screen[Any]) -> Iterator[PaletteCommand]:
    taken = shadowed_keys(screen)
    for entry in SCREENS_IN_ORDER:
        key = "no key on this screen" if entry.key in taken else f"key {entry.key}"
        yield PaletteCommand(
            f"Go to {entry.label}",
            f"{entry.description} ({key})",
            partial(app.action_go, entry.mode),
            search_words(f"go-{entry.mode}", entry.label, entry.description),
        )
    yield PaletteCommand(
        "Best time: find a time and place",
        "Who can come when and where, and a tally of replies (key b)",
        partial(app.run_action, "best_time"),
        search_words("best-time", ""),
    )
    yield PaletteCommand(
        "Help: all keys",
        "Every key of the app and this screen (key ?)",
        partial(app.run_action, "help"),
        search_words("help", ""),
    )
    yield PaletteCommand(
        "Change the theme",
        "Colours: light, dark, your terminal's own (also in Settings, Theme)",
        app.action_change_theme,
        search_words("theme", ""),
    )
    yield PaletteCommand(
        "Quit",
        "Close the app; asks first if something typed is not saved yet (key q)",
        partial(app.run_action, "quit"),
        search_words("quit", ""),
    )
    if not app.can_edit() and not app.store.asked_read_only:
        yield PaletteCommand(
            "Try to edit again",
            "Read-only: check whether the other window has closed (key F5)",
            partial(app.run_action, "try_edit"),
            search_words("try-edit", ""),
        )


def _screen_commands(app: AppContract, screen: Screen[Any]) -> Iterator[PaletteCommand]:
    """The screen's own keys (and the selected part's), so every action on show can also
    be found by name; one that works on another part of the screen (a Settings tab) shows
    that part first."""
    seen: set[str] = set()
    found: list[tuple[str, DOMNode, Binding, bool]] = [
        (key, active.node, active.binding, active.enabled)
        for key, active in screen.active_bindings.items()
    ]
    # Keys switched off on the part of the screen on show (Textual leaves them out of
    # its active bindings) that the palette can still do, by showing their part first.
    found += [
        (key, screen, binding, False) for key, binding in screen._bindings if binding.id in FIRST
    ]
    for key, node, binding, enabled in found:
        if node is app or binding.system:
            continue
        first = FIRST.get(binding.id or "")
        if not enabled and first is None:
            continue
        # Scrolling and focus keys are Textual's, not actions to look up by name.
        if (key, binding.action) in textual_keys(node):
            continue
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        yield PaletteCommand(
            binding.description,
            f"{binding.tooltip or 'On this screen'} (key {app.get_key_display(binding)})",
            _run_on(app, node, binding.action, None if enabled else first),
            search_words(binding.id, binding.description, binding.tooltip),
        )


def _elsewhere(app: AppContract) -> Iterator[PaletteCommand]:
    """Every action of every other screen (coordinator.tui.actions), by name: found here,
    it goes to that screen and does it there, on what is selected there."""
    screens = [
        (entry.mode, entry.label, getattr(importlib.import_module(entry.module), entry.class_name))
        for entry in SCREENS_IN_ORDER
        if entry.mode != app.current_mode
    ]
    for found in every_action(screens):
        hint = f"{found.tooltip}. " if found.tooltip else ""
        if found.action.startswith("app."):
            where = f"Done from here (key {found.key} on {found.screen_label})"
        else:
            where = f"Goes to {found.screen_label} (key {found.key} there)"
        yield PaletteCommand(
            f"{found.screen_label}: {found.description}",
            f"{hint}{where}",
            _go_and_run(app, found.mode, found.action, FIRST.get(found.binding_id or "")),
            found.words,
        )


def _run_on(app: AppContract, node: DOMNode, action: str, first: str | None) -> Callable[[], None]:
    async def first_then_action() -> None:
        if first is not None:
            await app.run_action(first, node)
        await app.run_action(action, node)

    def run() -> None:
        app.call_later(first_then_action)

    return run


def _go_and_run(app: AppContract, mode: str, action: str, first: str | None) -> Callable[[], None]:
    def run() -> None:
        if action.startswith("app."):
            # The app's own work, offered on that screen: no need to go there.
            app.call_later(app.run_action, action)
            return
        app.action_go(mode)
        app.call_after_refresh(lambda: _run_on(app, app.screen, action, first)())

    return run


def match_score(matcher: Matcher, title: str, words: str) -> float:
    """How well what was typed matches an action: its name fuzzily (as Textual does), or
    else every typed word starting one of its words (scored below a name match, and
    higher the earlier the word comes)."""
    score = matcher.match(title)
    if score > 0:
        return score
    at = words_match(matcher.query, words)
    return 0.0 if at is None else 0.2 + 0.6 / (1 + at)


class ActionsProvider(Provider):
    """Every action of the app (:func:`palette_commands`), by name or by its words."""

    def _commands(self) -> list[PaletteCommand]:
        return palette_commands(coordinator_app(self.screen), self.screen)

    async def search(self, query: str) -> Hits:
        """Actions whose name or words match what was typed."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = match_score(matcher, command.title, command.words)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, command.title),
                    command.callback,
                    text=command.title,
                    help=escape(command.help),
                )

    async def discover(self) -> Hits:
        """With nothing typed: every action, by name."""
        for command in sorted(self._commands(), key=lambda c: c.title):
            if command.discover:
                yield DiscoveryHit(
                    Content(command.title),
                    command.callback,
                    text=command.title,
                    help=escape(command.help),
                )


@dataclass(frozen=True)
class RecordEntry:
    """One palette entry: what it says (plain text), a hint, and what it opens."""

    text: str
    hint: str
    open: Callable[[], None]


def describe_meeting(data: GroupData, meeting: Meeting) -> str:
    """ "Tue 01 Dec 2026 14:00 at Riverside Cafe (2026-12-01)": found by either date."""
    place = visible(data.place_of(meeting))
    return f"{meeting.starts_at:%a %d %b %Y %H:%M} at {place} ({meeting.day.isoformat()})"


def record_entries(
    data: GroupData, show_member: Callable[[str], None], show_meeting: Callable[[str], None]
) -> Iterator[RecordEntry]:
    """Every member, then every meeting (newest first), as palette entries."""
    for member in data.members:
        name = visible(member.display_name)
        if member.known_as.strip() and member.known_as.strip() != member.name:
            name = f"{name} ({visible(member.name)})"
        status = "" if member.status is MemberStatus.ACTIVE else f" · {member.status.value}"
        yield RecordEntry(
            f"Go to member {name}",
            f"Roster{status}",
            partial(show_member, member.id),
        )
    for meeting in reversed(data.meetings):
        status = "" if meeting.status is MeetingStatus.HELD else f" · {meeting.status.value}"
        yield RecordEntry(
            f"Open meeting {describe_meeting(data, meeting)}",
            f"Meetings{status}",
            partial(show_meeting, meeting.id),
        )


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content with the matched letters picked out."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class RecordsProvider(Provider):
    """Palette entries that open a member on the roster or a meeting."""

    def _entries(self) -> list[RecordEntry]:
        app = coordinator_app(self.screen)
        if app.data().group is None:
            return []
        return list(record_entries(app.data(), app.show_member, app.show_meeting))

    async def search(self, query: str) -> Hits:
        """Members and meetings whose entry matches what was typed."""
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, entry.text),
                    entry.open,
                    text=entry.text,
                    help=escape(entry.hint),
                )

    async def discover(self) -> Hits:
        """With nothing typed: the next planned meeting and the last one held."""
        app = coordinator_app(self.screen)
        data = app.data()
        if data.group is None:
            return
        now = app.clock.now()
        upcoming = [
            m for m in data.meetings if m.status is MeetingStatus.PLANNED and m.ends_at > now
        ]
        held = data.held_meetings(until=app.today())
        for label, meeting in (
            ("next", upcoming[0] if upcoming else None),
            ("last", held[-1] if held else None),
        ):
            if meeting is None:
                continue
            text = f"Open {label} meeting: {describe_meeting(data, meeting)}"
            yield DiscoveryHit(
                Content(text),
                partial(app.show_meeting, meeting.id),
                text=text,
                help="Meetings",
            )
