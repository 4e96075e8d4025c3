"""A yes/no question before anything that cannot be undone (erase, cancel a meeting)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmModal(ModalScreen[bool]):
    """Ask before acting. Dismisses with True only on an explicit yes.

    ``body`` may be a rich :class:`Text` (build it with user text through
    ``coordinator.user_text.visible``); a plain string is shown as it is, never as markup.
    The focus starts on "No", so a stray Enter never destroys anything.
    """

    DEFAULT_CSS = """
    ConfirmModal {
        align: center middle;
    }
    ConfirmModal > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    ConfirmModal .confirm-title {
        text-style: bold;
    }
    ConfirmModal .confirm-body {
        margin: 1 0;
        height: auto;
    }
    ConfirmModal Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConfirmModal Button {
        margin-left: 1;
    }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    # Every question asked is before a change: a read-only window does not ask it.
    EDITS_DATA = True

    def __init__(
        self, title: str | Text, body: str | Text, yes: str = "Yes", no: str = "No"
    ) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.body_text = body if isinstance(body, Text) else Text(body)
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="confirm-title")
            yield Static(self.body_text, classes="confirm-body")
            with Horizontal():
                yield Button(f"{self.yes_label} (y)", variant="error", id="yes")
                yield Button(f"{self.no_label} (n / Esc)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
