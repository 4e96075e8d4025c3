"""Log a check-in with a member: "texted Jean, flare-up, hopes to come next time".

The form opens with the date set to today, the member's preferred channel and
"reached", and the cursor in the note, so a coordinator can log a contact with one
key to open it and Enter to save. Logging a contact is how a drift flag is
acknowledged; this modal only builds the :class:`OutreachNote`, the caller saves it.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from coordinator.model import (
    CHANNEL_LABELS,
    MAX_NOTES,
    OUTCOME_LABELS,
    Channel,
    ContactOutcome,
    Member,
    OutreachNote,
    ValidationError,
    check_text,
    parse_date,
)
from coordinator.store import new_id
from coordinator.text import visible


class OutreachModal(ModalScreen[OutreachNote | None]):
    """Collect one outreach note for ``member``; dismisses with it, or None on cancel."""

    DEFAULT_CSS = """
    OutreachModal {
        align: center middle;
    }
    OutreachModal > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    OutreachModal .outreach-title {
        text-style: bold;
        width: 100%;
    }
    OutreachModal Horizontal.outreach-row {
        height: auto;
    }
    OutreachModal .outreach-label {
        width: 10;
        padding-top: 1;
        color: $text-muted;
    }
    OutreachModal Horizontal.outreach-row > Input, OutreachModal Horizontal.outreach-row > Select {
        width: 1fr;
    }
    OutreachModal .outreach-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    OutreachModal Horizontal.outreach-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    OutreachModal Horizontal.outreach-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save contact"),
    ]

    def __init__(self, member: Member, today: date) -> None:
        super().__init__()
        self.member = member
        self.today = today

    def compose(self) -> ComposeResult:
        title = Text("Log a contact with ")
        title.append(visible(self.member.display_name), style="bold")
        with Vertical():
            yield Static(title, classes="outreach-title")
            with Horizontal(classes="outreach-row"):
                yield Label("Note", classes="outreach-label")
                yield Input(
                    placeholder="e.g. texted, flare-up, hopes to come next time",
                    id="note",
                    max_length=MAX_NOTES,
                )
            with Horizontal(classes="outreach-row"):
                yield Label("Date", classes="outreach-label")
                yield Input(self.today.isoformat(), id="on", placeholder="2025-03-04")
            with Horizontal(classes="outreach-row"):
                yield Label("How", classes="outreach-label")
                yield Select(
                    [(CHANNEL_LABELS[c], c) for c in Channel],
                    value=self.member.channel,
                    allow_blank=False,
                    id="channel",
                )
            with Horizontal(classes="outreach-row"):
                yield Label("Outcome", classes="outreach-label")
                yield Select(
                    [(OUTCOME_LABELS[o], o) for o in ContactOutcome],
                    value=ContactOutcome.REACHED,
                    allow_blank=False,
                    id="outcome",
                )
            yield Static("", id="error", classes="outreach-error")
            with Horizontal(classes="outreach-buttons"):
                yield Button("Save (Enter)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def build_note(self) -> OutreachNote:
        """The note as typed; raises :class:`ValidationError` naming the field."""
        on_day = parse_date(self.query_one("#on", Input).value, "Date")
        assert on_day is not None  # required=True never returns None
        if on_day > self.today:
            raise ValidationError("Date", "is in the future; use today or an earlier day")
        note = check_text(self.query_one("#note", Input).value, "Note", limit=MAX_NOTES)
        channel = self.query_one("#channel", Select).value
        outcome = self.query_one("#outcome", Select).value
        return OutreachNote(
            id=new_id("c"),
            member_id=self.member.id,
            on=on_day,
            channel=Channel(str(channel)),
            outcome=ContactOutcome(str(outcome)),
            note=note.strip(),
        )

    def action_save(self) -> None:
        try:
            note = self.build_note()
        except ValidationError as error:
            self.query_one("#error", Static).update(Text(visible(str(error))))
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
