"""Where to save a report: the file name offered (in the coordinator's Documents folder
by default), changed as they like before saving."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult

from coordinator.model import ValidationError
from coordinator.tui.modals.form import FormModal

# Saving to a file: not a change to the group's records (a read-only window may save).


class SaveAsModal(FormModal[Path | None]):
    """Ask where to save; returns the path typed (``~`` allowed), or None."""

    EDITS_DATA = False
    FIELDS: ClassVar[dict[str, str]] = {"Save to": "save-to"}
    first_field = "save-to"
    HINT_TEXT = "Enter saves there · Esc closes without saving · edit the folder or the name"

    def __init__(self, suggested: Path, what: str = "report") -> None:
        super().__init__()
        self.suggested = suggested
        self.what = what

    def form_title(self) -> Text:
        return Text(f"Save the {self.what} as")

    def compose_fields(self) -> ComposeResult:
        yield self.labelled("Save to", self.text_input("save-to", str(self.suggested)))

    def build(self) -> Path | None:
        typed = self.text("save-to").strip()
        if not typed:
            raise ValidationError("Save to", "is required (a file name, e.g. report.html)")
        return Path(typed).expanduser()
