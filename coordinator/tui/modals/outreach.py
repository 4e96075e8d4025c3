"""Log or edit a check-in with a member: "texted Jean, flare-up, hopes to come next time".

The form opens with the date set to today, the member's preferred channel and the
cursor in the note. The outcome has no default: it is chosen each time (reached, no reply,
left a message), as "reached" takes the person off the check-in list and a quick save
must not say so by accident; saving without one names the field. "Try again on"
(optional) brings the member back to the top of the check-in list on that day. The form
only collects what was typed; checking and saving is
:mod:`coordinator.application.contacts`, the one "log a contact" flow that the roster, the
member page and the dashboard's check-in list all open through :func:`open_check_in`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Select

from coordinator.application import contacts
from coordinator.model import (
    CHANNEL_LABELS,
    MAX_NOTES,
    OUTCOME_LABELS,
    Channel,
    ContactOutcome,
    Member,
    OutreachNote,
)
from coordinator.tui.frame import coordinator_app
from coordinator.tui.modals.form import FormModal
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible


class OutreachModal(FormModal[OutreachNote | None]):
    """Collect one check-in for ``member`` (a new one, or ``existing`` to edit); dismisses
    with it, or None on close.

    A form like the others: Enter or ctrl+s saves, Esc closes without saving, and a
    problem is shown with ⚠ naming the field, with the cursor moved there."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Note": "note",
        "Date": "on",
        "How": "channel",
        "Outcome": "outcome",
        "Try again on": "again",
    }
    first_field = "note"

    def __init__(self, member: Member, today: date, existing: OutreachNote | None = None) -> None:
        super().__init__()
        self.member = member
        self.today = today
        self.existing = existing

    def form_title(self) -> Text:
        title = Text("Edit the check-in with " if self.existing else "Log a contact with ")
        title.append(visible(self.member.display_name), style="bold")
        return title

    def compose_fields(self) -> ComposeResult:
        old = self.existing
        yield self.labelled(
            "Note",
            TextField(
                old.note if old else "",
                placeholder="e.g. texted, flare-up, hopes to come next time",
                id="note",
                max_length=MAX_NOTES,
                compact=True,
            ),
        )
        on = old.on if old else self.today
        yield self.labelled(
            "Date",
            TextField(on.isoformat(), id="on", placeholder=self.today.isoformat(), compact=True),
        )
        yield self.labelled(
            "How",
            Select(
                [(CHANNEL_LABELS[c], c) for c in Channel],
                value=old.channel if old else self.member.channel,
                allow_blank=False,
                id="channel",
                compact=True,
            ),
        )
        yield self.labelled(
            "Outcome",
            Select(
                [(OUTCOME_LABELS[o], o) for o in ContactOutcome],
                value=old.outcome if old else Select.NULL,
                prompt="choose: reached, no reply, left a message",
                allow_blank=old is None,
                id="outcome",
                compact=True,
            ),
        )
        again = old.try_again_on.isoformat() if old and old.try_again_on else ""
        yield self.labelled(
            "Try again on",
            TextField(
                again,
                id="again",
                # An example a week on from today, never a day already past.
                placeholder=f"optional, e.g. {self.today + timedelta(days=7):%Y-%m-%d}",
                compact=True,
            ),
        )

    def build_note(self) -> OutreachNote:
        """The check-in as typed; raises :class:`ValidationError` naming the field."""
        return contacts.build_check_in(
            self.member,
            today=self.today,
            on=self.text("on"),
            channel=str(self.choice("channel")),
            outcome=self.choice("outcome"),
            note=self.text("note"),
            try_again_on=self.text("again"),
            existing=self.existing,
        )

    def build(self) -> OutreachNote | None:
        return self.build_note()


def open_check_in(node: DOMNode, member: Member, existing: OutreachNote | None = None) -> None:
    """Open the check-in form for ``member`` (or to edit ``existing``) and save what it
    returns through the one "log a contact" flow."""
    app = coordinator_app(node)

    def saved(note: OutreachNote | None) -> None:
        if note is None:
            return

        def save() -> str:
            if existing is None:
                return contacts.log_check_in(app.store, member, note)
            return contacts.edit_check_in(app.store, member, note)

        said = app.save(save)
        if said:
            app.notify(visible(said), markup=False)

    app.push_screen(OutreachModal(member, app.today(), existing), saved)
