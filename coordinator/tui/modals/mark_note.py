"""A note on one mark ("flare-up, hopes to come next time"), and the words for an
apology whose reason is "other": one line, kept with the mark."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult

from coordinator.model import ValidationError, check_text
from coordinator.tui.modals.form import FormModal


class MarkNoteModal(FormModal[str | None]):
    """Type or change the note on one mark; returns the note ("" clears it). With
    ``required`` (the words for an "other" reason, which says nothing by itself) an
    empty note is refused, naming the field."""

    FIELDS: ClassVar[dict[str, str]] = {"Note": "mark-note"}
    first_field = "mark-note"

    def __init__(self, title: Text, note: str = "", *, required: bool = False) -> None:
        super().__init__()
        self.title_line = title
        self.note = note
        self.required = required

    def form_title(self) -> Text:
        return self.title_line

    def compose_fields(self) -> ComposeResult:
        yield self.labelled(
            "Note",
            self.text_input("mark-note", self.note, "e.g. flare-up, hopes to come next time"),
        )

    def build(self) -> str | None:
        note = check_text(self.text("mark-note").strip(), "Note")
        if self.required and not note:
            raise ValidationError(
                "Note", "say the reason in a few words (or Esc, and choose another reason)"
            )
        return note
