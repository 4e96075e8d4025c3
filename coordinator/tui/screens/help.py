"""Help: every key of the app and of the screen on show, read from their bindings.

Nothing here is written by hand, so the list cannot drift from what the keys do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from coordinator.tui.frame import textual_keys
from coordinator.tui.screen_table import SCREENS_IN_ORDER

# Textual's own bindings, said in the coordinator's words.
_PLAIN_WORDS = {
    "command_palette": "Command palette: every action by name or word, members, meetings",
    "quit": "Quit (asks first about typing not saved)",
}


@dataclass(frozen=True)
class KeyHelp:
    """One line of help: where the key works, the key(s) and what it does."""

    where: str
    keys: str
    description: str


def _key_names(app: App[Any], binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return app.get_key_display(binding)


def _where(node: DOMNode, app: App[Any]) -> str:
    if node is app:
        return "Everywhere"
    if isinstance(node, Screen):
        return "This screen"
    return "Focused part"


def _chain(screen: Screen[Any]) -> list[DOMNode]:
    """Where keys are looked up, nearest first: the focused widget and its parents, the
    screen, then the app."""
    focused = screen.focused
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused else [screen]
    if screen.app not in nodes:
        nodes.append(screen.app)
    return nodes


def keys_for(screen: Screen[Any]) -> list[KeyHelp]:
    """Every binding that applies on ``screen`` (focused widget, screen, app), grouped by
    where it works: the screen's own keys first, then the app's, then the focused part's."""
    app = screen.app
    grouped: dict[str, list[KeyHelp]] = {"This screen": [], "Everywhere": [], "Focused part": []}
    taken = {key: b for key, b in screen._bindings if not b.system}
    for node in _chain(screen):
        where = _where(node, app)
        general = textual_keys(node)
        # The node's own keys first, then the ones every Textual widget of its kind has.
        ordered = sorted(node._bindings, key=lambda pair: (pair[0], pair[1].action) in general)
        for key, binding in ordered:
            if binding.system:
                continue
            description = _PLAIN_WORDS.get(binding.action) or (
                binding.description or binding.tooltip or binding.action
            )
            if node is app and key in taken:
                here = taken[key].description or taken[key].action
                if here == binding.description:
                    continue  # this screen's own key leads there too (listed above)
                description += f" (on this screen {_key_names(app, binding)} is {here}; "
                description += "ctrl+p finds it)"
            grouped[where].append(KeyHelp(where, _key_names(app, binding), description))
    return [entry for where in grouped for entry in grouped[where]]


def merged(entries: list[KeyHelp]) -> list[KeyHelp]:
    """Bindings with the same action listed once with all their keys ("?, f1")."""
    out: dict[tuple[str, str], KeyHelp] = {}
    for entry in entries:
        found = out.get((entry.where, entry.description))
        if found is None:
            out[(entry.where, entry.description)] = entry
        elif entry.keys not in found.keys.split(", "):
            out[(entry.where, entry.description)] = KeyHelp(
                entry.where, f"{found.keys}, {entry.keys}", entry.description
            )
    return list(out.values())


def help_table(entries: list[KeyHelp]) -> Table:
    """The keys as a three-column table."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Where", no_wrap=True)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("What it does")
    previous = ""
    for entry in entries:
        table.add_row(entry.where if entry.where != previous else "", entry.keys, entry.description)
        previous = entry.where
    return table


def screen_label(screen: Screen[Any]) -> str:
    """The name the coordinator knows a screen by ("Register"), else its class's."""
    for entry in SCREENS_IN_ORDER:
        if entry.class_name == type(screen).__name__:
            return entry.label
    # "BestTimeScreen" is "Best time": the class's words, as a coordinator says them.
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(screen).__name__.removesuffix("Screen"))
    return words.capitalize() or "this screen"


class HelpScreen(ModalScreen[None]):
    """Every key, for the screen it was opened from. Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help"),
        Binding("q", "close", "Close help", show=False),
        Binding("question_mark", "close", "Close help", show=False, key_display="?"),
        Binding("f1", "close", "Close help", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen VerticalScroll {
        height: auto;
        max-height: 18;
    }
    """

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Keys: {screen_label(self.under)}", style="bold"))
            with VerticalScroll():
                yield Static(help_table(merged(keys_for(self.under))), id="help-keys")
            yield Static(
                Text(
                    "ctrl+p opens the command palette: every action by its name or a "
                    "plain word ('backup'), a member by name, a meeting by date. "
                    "Esc closes this.",
                    style="italic",
                )
            )

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
