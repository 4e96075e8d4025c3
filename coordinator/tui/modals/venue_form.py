"""Add or edit a venue (Settings, Venues tab): name, address and access notes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from coordinator.besttime.access import read_venue_access
from coordinator.model import Venue
from coordinator.store import new_id
from coordinator.tui.frame import safe
from coordinator.tui.modals.form import FormModal
from coordinator.user_text import visible


def access_read(notes: str) -> Text:
    """What the access notes were read as (for matching members' access needs)."""
    if not notes.strip():
        return Text("  Access facts: none given (step-free? parking? bus stop? quiet?)")
    return Text(visible("  Read as: " + read_venue_access(notes).summary(needs=False)))


class VenueForm(FormModal[Venue | None]):
    """Add or edit a venue: name, address and access notes."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Venue name": "venue-name",
        "Address": "venue-address",
        "Access notes": "venue-access",
    }
    first_field = "venue-name"

    def __init__(self, venue: Venue | None) -> None:
        super().__init__()
        self.venue = venue

    def form_title(self) -> Text:
        if self.venue is None:
            return Text("Add a venue")
        title = Text("Edit venue: ")
        title.append_text(safe(self.venue.name))
        return title

    def compose_fields(self) -> ComposeResult:
        venue = self.venue
        yield self.labelled(
            "Venue name", self.text_input("venue-name", venue.name if venue else "")
        )
        yield self.labelled(
            "Address", self.text_input("venue-address", venue.address if venue else "")
        )
        yield self.labelled(
            "Access notes",
            self.text_area("venue-access", venue.access_notes if venue else ""),
        )
        yield Static(
            access_read(venue.access_notes if venue else ""), id="access-read", classes="form-hint"
        )

    @on(TextArea.Changed, "#venue-access")
    def _notes_typed(self, event: TextArea.Changed) -> None:
        # The access facts read from the notes, shown as they are typed.
        self.query_one("#access-read", Static).update(access_read(event.text_area.text))

    def build(self) -> Venue | None:
        venue_id = self.venue.id if self.venue else new_id("v")
        extra = self.venue.extra if self.venue else {}
        return Venue(
            id=venue_id,
            name=self.text("venue-name").strip(),
            address=self.text("venue-address").strip(),
            access_notes=self.text("venue-access").strip(),
            extra=extra,
        )
