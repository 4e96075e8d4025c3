"""Pick why: why someone sent apologies, paused or left. One key per reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coordinator.model import APOLOGY_REASONS, REASON_LABELS, Reason

# Why people stop coming (DOMAIN.md): every reason except "away", which is a pause.
LEAVING_REASONS: tuple[Reason, ...] = tuple(r for r in Reason if r is not Reason.AWAY)

__all__ = ["APOLOGY_REASONS", "LEAVING_REASONS", "ReasonModal"]


class ReasonModal(ModalScreen[Reason | None]):
    """A short list of reasons; a digit picks one at once, Enter the highlighted one,
    Escape cancels (None)."""

    # Choosing a reason changes a record: a read-only window does not ask.
    EDITS_DATA = True

    DEFAULT_CSS = """
    ReasonModal {
        align: center middle;
    }
    ReasonModal > Vertical {
        width: 48;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ReasonModal .reason-title {
        text-style: bold;
    }
    ReasonModal .reason-hint {
        color: $text-muted;
    }
    ReasonModal OptionList {
        height: auto;
        max-height: 16;
    }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("escape", "cancel", "Cancel"),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
        Binding("0", "pick(9)", show=False),
    ]

    def __init__(
        self,
        title: str | Text,
        reasons: tuple[Reason, ...] = APOLOGY_REASONS,
        current: Reason | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.reasons = reasons
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="reason-title")
            yield Static(
                "Press a number, or move and press Enter. Esc cancels.", classes="reason-hint"
            )
            options = [
                Option(Text(f"{self._digit(i)} {REASON_LABELS[reason]}"), id=reason.value)
                for i, reason in enumerate(self.reasons)
            ]
            yield OptionList(*options)

    @staticmethod
    def _digit(index: int) -> str:
        if index < 9:
            return f"{index + 1}."
        return "0." if index == 9 else "  "

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current in self.reasons:
            options.highlighted = self.reasons.index(self.current)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.reasons):
            self.dismiss(self.reasons[index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(Reason(str(event.option.id)))
