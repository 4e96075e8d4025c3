"""Contacts out from the roster (``x``): the active members' names, phones and emails as a
vCard for your phone, a CSV for a spreadsheet, or a phone list to print.

Only who may share: those whose consent says their contact may be shared with the group.
The form writes the file when saved and says where; a problem keeps the form open with
the field named.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from coordinator.model import ValidationError
from coordinator.tui.frame import coordinator_app
from coordinator.tui.modals.form import FormModal, TickBox
from coordinator.tui.text_field import TextField

FORMAT_LABELS = {
    "vcard": "vCard (.vcf), to open on your phone",
    "csv": "CSV, for a spreadsheet",
    "text": "phone list to print (.txt)",
}


def default_target(fmt: str, shareable: bool) -> Path:
    from coordinator.application.contacts_out import FORMATS
    from coordinator.reports import printing

    name = "contacts-shareable" if shareable else "contacts"
    try:
        folder = printing.reports_folder()
    except OSError:  # cannot be made: the home folder, shown in "Save to" to change
        folder = Path.home()
    return folder / f"{name}{FORMATS[fmt]}"


class ContactsOutModal(FormModal[str | None]):
    """Choose the format, who is in it and where it goes; dismisses with what was said."""

    FIELDS: ClassVar[dict[str, str]] = {"Format": "contacts-format", "Save to": "contacts-path"}
    # Writes a file, not the group: open in a read-only window too.
    EDITS_DATA = False
    first_field = "contacts-format"

    def form_title(self) -> Text:
        return Text("Contacts out: names, phones and emails of active members")

    def compose_fields(self) -> ComposeResult:
        yield self.labelled(
            "Format",
            Select(
                [(label, key) for key, label in FORMAT_LABELS.items()],
                value="vcard",
                allow_blank=False,
                id="contacts-format",
                compact=True,
            ),
        )
        yield self.labelled(
            "Who",
            TickBox(
                "only who may share with the group",
                False,
                id="contacts-shareable",
                compact=True,
            ),
        )
        yield self.labelled(
            "Save to",
            TextField(str(default_target("vcard", False)), id="contacts-path", compact=True),
        )

    @on(Select.Changed, "#contacts-format")
    @on(TickBox.Changed, "#contacts-shareable")
    def _suggest_name(self) -> None:
        """Follow the format and choice with the suggested file name, unless one was typed."""
        path = self.query_one("#contacts-path", Input)
        suggestions = {
            str(default_target(fmt, share)) for fmt in FORMAT_LABELS for share in (True, False)
        }
        if path.value in suggestions:
            path.value = str(
                default_target(
                    str(self.choice("contacts-format")), self.ticked("contacts-shareable")
                )
            )

    def build(self) -> str | None:
        from coordinator.application.contacts_out import (
            ContactsOutError,
            make_contacts,
            write_contacts,
        )

        app = coordinator_app(self)
        typed = self.text("contacts-path").strip()
        if not typed:
            raise ValidationError("Save to", "give the file to write")
        target = Path(typed).expanduser()
        fmt = str(self.choice("contacts-format"))
        shareable = self.ticked("contacts-shareable")
        try:
            body, count = make_contacts(
                app.data(), app.store.settings(), fmt, shareable=shareable, today=app.today()
            )
            shown, note = write_contacts(target, app.store.path, body)
        except ContactsOutError as error:
            raise ValidationError("Save to", str(error)) from None
        who = "who may share their contact" if shareable else "active"
        said = f"Saved {count} {who} members to {shown}. It holds personal details."
        return said if note is None else f"{note} {said}"
