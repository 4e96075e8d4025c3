"""Small pieces every screen shares: the typed app accessor, safe text, and the bars.

Screens subclass :class:`CoordinatorScreen` and write :meth:`~CoordinatorScreen.compose_body`
and :meth:`~CoordinatorScreen.refresh_data`; the base class puts the support line and the
read-only banner at the top, and the screen keys and the footer at the bottom, so every
screen looks and behaves the same.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

from coordinator.tui.app_contract import AppContract
from coordinator.tui.screen_table import SCREENS_IN_ORDER
from coordinator.user_text import visible


def coordinator_app(node: DOMNode) -> AppContract:
    """The running coordinator app, typed as what screens may ask of it, from any widget
    or screen (the app module itself is never imported from here)."""
    app = node.app
    if not isinstance(app, AppContract):
        raise TypeError(f"{type(node).__name__} is running outside the coordinator app")
    return app


def safe(text: str, style: str = "") -> Text:
    """User text ready for a widget: control characters shown, markup never parsed."""
    return Text(visible(text), style=style)


def one_line(text: Text) -> Text:
    """``text`` kept to one line, cut with an ellipsis when the terminal is narrow."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class Bar(Static):
    """A one-line bar (its height is fixed in app.tcss) that is built with its text and
    redrawn only when that text changes, so showing a screen does not lay it out again."""

    def __init__(self, text: Text, *, classes: str) -> None:
        super().__init__(text, classes=classes)
        self._shown = text

    def show_text(self, text: Text) -> None:
        """Show ``text`` if it differs from what is on show (one line: no new layout)."""
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)


def support_line_text(app: AppContract) -> Text:
    """The support line as it is saved now, on one line."""
    group = app.data().group
    line = Text("☎ ", style="bold")
    if group is None or not group.support_line.phone.strip():
        line.append("Support line: not set yet. Add it in Settings (press s).")
    else:
        support = group.support_line
        line.append_text(safe(support.label or "Support line", "bold"))
        line.append(": ")
        line.append_text(safe(support.phone, "bold"))
        if support.note.strip():
            line.append("  ")
            line.append_text(safe(support.note))
    return one_line(line)


class SupportLineBar(Bar):
    """The pain service's support line, always in view (DOMAIN.md: Care and risk)."""

    def refresh_data(self) -> None:
        """Show the support line as it is saved now."""
        self.show_text(support_line_text(coordinator_app(self)))


class ReadOnlyBanner(Static):
    """Says plainly that this window cannot change anything, and why.

    Only a window that opened read-only has one (a window never becomes read-only
    later); it hides itself when the window takes over from a closed one."""

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Show or hide the banner as the store is now (a window that took over from a
        closed one is no longer read-only)."""
        store = coordinator_app(self).store
        self.display = store.read_only
        if store.read_only:
            reason = store.read_only_reason or "This window is read-only."
            banner = Text("READ-ONLY ", style="bold")
            banner.append_text(safe(reason))
            if not store.asked_read_only:
                banner.append(" (F5 checks now.)")
            self.update(banner)


def textual_keys(node: DOMNode) -> set[tuple[str, str]]:
    """(key, action) pairs a node has from Textual's own classes (scrolling, focus,
    copying), as opposed to the coordinator's actions."""
    pairs: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual"):
            for binding in Binding.make_bindings(getattr(cls, "BINDINGS", [])):
                pairs.add((binding.key, binding.action))
    return pairs


def shadowed_keys(screen: Screen[Any]) -> set[str]:
    """Keys the screen binds for itself, which therefore do not reach the app there."""
    return set(screen._bindings.key_to_bindings)


def mode_bar_text(screen: Screen[Any], current: str | None) -> Text:
    """The screens, each one key away, with the one on show (``current``) bracketed;
    none is bracketed on a screen that is not one of them (Best time and its tally sit on
    top of Meetings but are not Meetings: ``MARKS_MODE = False``)."""
    if not getattr(screen, "MARKS_MODE", True):
        current = None
    taken = shadowed_keys(screen)
    line = Text()
    for index, entry in enumerate(SCREENS_IN_ORDER):
        if index:
            line.append(" ")
        if (
            entry.key in taken
            and entry.mode != current
            and not _leads_to(screen, entry.key, entry.label)
        ):
            # This screen's key means something else here: the label alone, with no key
            # (a key shown must do what its label says). Help says so, and the command
            # palette (ctrl+p, "Go to ...") still goes there.
            line.append(entry.label, style="dim")
        elif entry.mode == current:
            line.append("[", style="bold")
            line.append(entry.key, style="bold reverse")
            line.append(f" {entry.label}]", style="bold")
        else:
            line.append(entry.key, style="bold")
            line.append(f" {entry.label}")
    return one_line(line)


class ModeBar(Bar):
    """The screens, each one key away; the one on show is bracketed (not colour alone).

    Built from the app's own screen table, which also makes its key bindings, so it
    cannot disagree with the keys. Where the screen on show uses a letter for its own
    work (the register's ``p`` for present), that screen's entry is its label alone, with
    no key: every key the bar shows goes where its label says (Help says how to get there:
    the command palette). Where the screen's own key still leads to that screen (the
    meetings screen's ``g`` opens the register), it is shown as usual."""

    def refresh_data(self) -> None:
        """Mark the screen on show."""
        self.show_text(mode_bar_text(self.screen, coordinator_app(self).current_mode))


def _leads_to(screen: Screen[Any], key: str, label: str) -> bool:
    """Does the screen's own ``key`` still lead to the screen called ``label`` (the
    meetings screen's ``g`` opens the register, for the meeting selected)?"""
    bindings = screen._bindings.key_to_bindings.get(key, [])
    return any(binding.description == label for binding in bindings)


class KeysFooter(Footer):
    """Textual's footer, building its keys again only when the keys it shows change.

    Textual's own builds them again after every focus change and screen resume, although
    the keys shown rarely differ: on the dashboard that was three builds of the same keys
    before the first frame. Like Textual's, it starts empty and builds its keys after the
    screen is mounted (a screen's key checks may look at any of its widgets)."""

    def __init__(self, *, keys_at_once: bool = False) -> None:
        super().__init__()
        # With keys_at_once the keys are built with the footer, for a screen whose key
        # checks (check_action) do not look at its widgets, which may not be mounted yet.
        self._bindings_ready = keys_at_once
        self._shown_keys: tuple[tuple[object, ...], ...] | None = None
        self._check_pending = False

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown_keys = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys() != self._shown_keys:
            await self.recompose()

    def _keys(self) -> tuple[tuple[object, ...], ...]:
        """Everything about the screen's active keys that the footer shows."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
                binding.tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )


class CoordinatorScreen(Screen[None]):
    """A top-level screen: support line and banner on top, keys and footer below.

    Subclasses write :meth:`compose_body` and :meth:`refresh_data`.
    """

    # Whether the screen's own widgets sit in a ``.screen-body`` container; a screen
    # whose body is one container of its own (the dashboard) needs no second one.
    BODY_CONTAINER: ClassVar[bool] = True
    # Whether the footer may show the keys as soon as it is made: only for a screen whose
    # key checks (check_action) never look at its widgets. Otherwise the keys follow
    # just after the screen's first frame, as in Textual.
    FOOTER_KEYS_AT_ONCE: ClassVar[bool] = False
    # A screen opened over whichever screen is on show (Best time), closed when another
    # screen is chosen: that screen's key must show that screen, not this one again.
    CLOSES_WHEN_LEFT: ClassVar[bool] = False
    # False: the top bar brackets no screen here (a screen of its own pushed on a mode).
    MARKS_MODE: ClassVar[bool] = True

    def compose(self) -> ComposeResult:
        # The bars are built with their text, so the first frame lays them out once.
        app = coordinator_app(self)
        yield SupportLineBar(support_line_text(app), classes="support-line")
        if app.store.read_only:
            yield ReadOnlyBanner(classes="read-only-banner")
        if self.BODY_CONTAINER:
            with Vertical(classes="screen-body"):
                yield from self.compose_body()
        else:
            yield from self.compose_body()
        yield ModeBar(mode_bar_text(self, app.current_mode), classes="mode-bar")
        yield KeysFooter(keys_at_once=self.FOOTER_KEYS_AT_ONCE)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the bars."""
        yield from ()

    def refresh_data(self) -> None:
        """Show the store's data as it is now (called after every change)."""

    def refresh_bars(self) -> None:
        """Update the support line and the screen keys after a change."""
        for bar in self.query(SupportLineBar):
            bar.refresh_data()
        for mode_bar in self.query(ModeBar):
            mode_bar.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_bars()
