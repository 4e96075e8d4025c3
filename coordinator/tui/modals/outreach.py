"""Log a check-in with a member: "texted Jean, flare-up, hopes to come next time".

The form opens with the date set to today, the member's preferred channel and
"reached", and the cursor in the note, so a coordinator can log a contact with one
key to open it and Enter to save. Logging a contact is how a drift flag is
acknowledged; the modal only builds the :class:`OutreachNote`, and :func:`log_contact`
(used by the roster and the member page) opens it and saves what it returns.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Select

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
from coordinator.tui.frame import coordinator_app
from coordinator.tui.modals.form import FormModal
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible


class OutreachModal(FormModal[OutreachNote | None]):
    """Collect one outreach note for ``member``; dismisses with it, or None on close.

    A form like the others: Enter or ctrl+s saves, Esc closes without saving, and a
    problem is shown with ⚠ naming the field, with the cursor moved there."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Note": "note",
        "Date": "on",
        "How": "channel",
        "Outcome": "outcome",
    }
    first_field = "note"

    def __init__(self, member: Member, today: date) -> None:
        super().__init__()
        self.member = member
        self.today = today

    def form_title(self) -> Text:
        title = Text("Log a contact with ")
        title.append(visible(self.member.display_name), style="bold")
        return title

    def compose_fields(self) -> ComposeResult:
        yield self.labelled(
            "Note",
            TextField(
                placeholder="e.g. texted, flare-up, hopes to come next time",
                id="note",
                max_length=MAX_NOTES,
                compact=True,
            ),
        )
        yield self.labelled(
            "Date",
            TextField(self.today.isoformat(), id="on", placeholder="2025-03-04", compact=True),
        )
        yield self.labelled(
            "How",
            Select(
                [(CHANNEL_LABELS[c], c) for c in Channel],
                value=self.member.channel,
                allow_blank=False,
                id="channel",
                compact=True,
            ),
        )
        yield self.labelled(
            "Outcome",
            Select(
                [(OUTCOME_LABELS[o], o) for o in ContactOutcome],
                value=ContactOutcome.REACHED,
                allow_blank=False,
                id="outcome",
                compact=True,
            ),
        )

    def build_note(self) -> OutreachNote:
        """The note as typed; raises :class:`ValidationError` naming the field."""
        on_day = parse_date(self.text("on"), "Date")
        assert on_day is not None  # required=True never returns None
        if on_day > self.today:
            raise ValidationError("Date", "is in the future; use today or an earlier day")
        note = check_text(self.text("note"), "Note", limit=MAX_NOTES)
        return OutreachNote(
            id=new_id("c"),
            member_id=self.member.id,
            on=on_day,
            channel=Channel(str(self.choice("channel"))),
            outcome=ContactOutcome(str(self.choice("outcome"))),
            note=note.strip(),
        )

    def build(self) -> OutreachNote | None:
        return self.build_note()


def log_contact(screen: Screen[Any], member: Member) -> None:
    """Open the outreach form for ``member`` and save what it returns."""
    app = coordinator_app(screen)

    def logged(note: OutreachNote | None) -> None:
        if note is not None:
            app.save(
                lambda: app.store.save_contact(note),
                done=f"Logged a contact with {member.display_name}",
            )

    app.push_screen(OutreachModal(member, app.today()), logged)
