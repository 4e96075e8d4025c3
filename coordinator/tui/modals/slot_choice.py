"""Modals of the best-time screens: acting on a chosen slot, the change notice to copy,
the slot filter, and a proposed date or slot for the tally."""

from __future__ import annotations

from datetime import time
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from coordinator.besttime.slots import SlotRequest, parse_days
from coordinator.besttime.tally import TallyOption, read_option
from coordinator.model import Venue, parse_int, parse_time
from coordinator.tui.frame import safe
from coordinator.tui.modals.form import FormModal
from coordinator.tui.text_field import TextBox
from coordinator.user_text import visible

CHANGE_ALL = "all"
ONLY_NEXT = "next"


class SlotChoiceModal(ModalScreen[str | None]):
    """Change the rhythm and move the planned meetings (y), move only the next meeting
    (o, when a date was chosen), or not now (n / Esc). Dismisses with CHANGE_ALL,
    ONLY_NEXT or None."""

    DEFAULT_CSS = """
    SlotChoiceModal {
        align: center middle;
    }
    SlotChoiceModal > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    SlotChoiceModal .choice-title {
        text-style: bold;
    }
    SlotChoiceModal VerticalScroll {
        height: auto;
        max-height: 14;
        margin: 1 0;
    }
    SlotChoiceModal Horizontal {
        height: auto;
        align-horizontal: right;
    }
    SlotChoiceModal Button {
        margin-left: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('all')", "Change and move"),
        Binding("o", "answer('next')", "Only the next meeting"),
        Binding("n,escape", "answer('')", "Not now"),
    ]
    EDITS_DATA = True

    def __init__(self, title: Text, body: Text, *, can_move_one: bool) -> None:
        super().__init__()
        self.title_text = title
        self.body_text = body
        self.can_move_one = can_move_one

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="choice-title")
            with VerticalScroll():
                yield Static(self.body_text)
            with Horizontal():
                yield Button(
                    "Change and move (y)", variant="primary", id="choice-all", compact=True
                )
                if self.can_move_one:
                    yield Button("Only the next meeting (o)", id="choice-next", compact=True)
                yield Button("Not now (n / Esc)", id="choice-none", compact=True)

    def on_mount(self) -> None:
        self.query_one("#choice-none", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == (ONLY_NEXT,):
            return self.can_move_one
        return True

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"choice-all": CHANGE_ALL, "choice-next": ONLY_NEXT}
        self.dismiss(answers.get(event.button.id or ""))


class NoticeModal(ModalScreen[None]):
    """The change notice drafted for the group, to copy (c) into WhatsApp or a text."""

    DEFAULT_CSS = """
    NoticeModal {
        align: center middle;
    }
    NoticeModal > Vertical {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    NoticeModal TextArea {
        height: 14;
    }
    NoticeModal .notice-hint {
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy the notice"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, title: str, notice: str) -> None:
        super().__init__()
        self.title_text = title
        self.notice = notice

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(
                Text("A change notice for the group: c copies it, Esc closes. Nothing is sent."),
                classes="notice-hint",
            )
            yield TextBox(
                visible(self.notice, keep_newlines=True),
                read_only=True,
                soft_wrap=True,
                id="notice-text",
            )

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.notice)
        self.app.notify("The notice is copied: paste it into WhatsApp, a text or an email.")

    def action_close(self) -> None:
        self.dismiss(None)


class SlotFilterModal(FormModal[SlotRequest | None]):
    """Which days and hours to look at, and the meeting length."""

    TITLE_TEXT = "Which days and times to look at"
    FIELDS: ClassVar[dict[str, str]] = {
        "Days": "filter-days",
        "From": "filter-from",
        "To": "filter-to",
        "Length (minutes)": "filter-length",
    }
    first_field = "filter-days"
    # Only changes what is shown: a read-only window may use it.
    EDITS_DATA: ClassVar[bool] = False

    def __init__(self, request: SlotRequest, length: int) -> None:
        super().__init__()
        self.request = request
        self.length = length

    def compose_fields(self) -> ComposeResult:
        r = self.request
        yield self.labelled(
            "Days", self.text_input("filter-days", ",".join(d.value for d in r.days), "mon,tue")
        )
        yield self.labelled("From", self.text_input("filter-from", r.earliest.strftime("%H:%M")))
        yield self.labelled("To", self.text_input("filter-to", r.latest.strftime("%H:%M")))
        yield self.labelled(
            "Length (minutes)", self.text_input("filter-length", str(r.length or self.length))
        )

    def build(self) -> SlotRequest | None:
        return SlotRequest(
            days=parse_days(self.text("filter-days")),
            earliest=parse_time(self.text("filter-from"), "From"),
            latest=parse_time(self.text("filter-to"), "To"),
            length=parse_int(self.text("filter-length"), "Length (minutes)", 15, 720),
            week_of=self.request.week_of,
        )


class TallyOptionModal(FormModal[TallyOption | None]):
    """Propose a date (or a weekday, for a weekly slot), a time and a venue."""

    TITLE_TEXT = "Propose a date or slot for the tally"
    HINT_TEXT = "A date (2026-12-10) or a weekday (thu) · Enter adds · Esc closes"
    FIELDS: ClassVar[dict[str, str]] = {
        "Date or weekday": "option-day",
        "Date": "option-day",
        "Time": "option-time",
        "Options": "option-day",
    }
    first_field = "option-day"

    def __init__(self, venues: tuple[Venue, ...], at: time, venue_id: str | None) -> None:
        super().__init__()
        self.venues = venues
        self.at = at
        self.venue_id = venue_id

    def compose_fields(self) -> ComposeResult:
        yield self.labelled("Date or weekday", self.text_input("option-day", "", "2026-12-10"))
        yield self.labelled("Time", self.text_input("option-time", self.at.strftime("%H:%M")))
        known = {v.id for v in self.venues}
        yield self.labelled(
            "Venue",
            Select[str](
                [(safe(v.name), v.id) for v in self.venues],
                prompt="(the usual venue)",
                value=self.venue_id if self.venue_id in known else Select.NULL,
                id="option-venue",
                compact=True,
            ),
        )

    def build(self) -> TallyOption | None:
        venue: Any = self.choice("option-venue")
        return read_option(self.text("option-day"), self.text("option-time"), venue)
