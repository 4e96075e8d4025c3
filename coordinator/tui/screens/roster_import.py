"""Add members from a spreadsheet (CSV) or vCard file: preview first, then all or nothing.

Reached from the roster (``i``). Type the file's path and press Enter: the preview says
which column became which field, what each row will become and every problem by row and
column. Fix the file and press Enter again to read it afresh; ctrl+s imports once there
is no problem, after a yes. ``d`` leaves out rows that match someone already on the
roster instead of stopping at them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from coordinator.reach.phones import phone_region
from coordinator.reach.roster_in import (
    MAX_BYTES,
    RosterFileError,
    RosterPreview,
    preview_lines,
    read_roster,
)
from coordinator.store import UnreadableFileError, new_id
from coordinator.store.file_format import read_input
from coordinator.tui.frame import coordinator_app, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.form import InputModal
from coordinator.tui.text_field import TextField


class RosterImportScreen(InputModal[None]):
    """Preview a roster file and import it when the coordinator says so. Like every
    form: ctrl+s imports, Esc closes (asking first once a path is typed); Enter in the
    path field reads the file (the step before importing)."""

    EDITS_DATA = True
    DEFAULT_CSS = """
    RosterImportScreen {
        align: center middle;
    }
    RosterImportScreen > Vertical {
        width: 100%;
        height: 100%;
        background: $surface;
        padding: 0 1;
    }
    RosterImportScreen .import-title {
        text-style: bold;
        height: 1;
    }
    RosterImportScreen #import-path {
        margin: 0 0 1 0;
    }
    RosterImportScreen #import-preview-scroll {
        height: 1fr;
        border: round $primary;
    }
    RosterImportScreen #import-status {
        height: auto;
        max-height: 3;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Import", id="import-roster-save"),
        Binding("ctrl+t", "toggle_duplicates", "Skip duplicates", id="import-roster-dups"),
        Binding("escape", "cancel", "Close", id="import-roster-close"),
    ]
    ERROR_LINE: ClassVar[str] = "import-status"

    def __init__(self) -> None:
        super().__init__()
        self.preview: RosterPreview | None = None
        self.skip_duplicates = False
        self.path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "Add members from a spreadsheet (CSV) or vCard (.vcf) file",
                classes="import-title",
            )
            yield TextField(
                placeholder="the file's path, e.g. ~/Downloads/roster.csv, then Enter",
                id="import-path",
                compact=True,
            )
            with VerticalScroll(id="import-preview-scroll"):
                yield Static(
                    Text(
                        "Save your spreadsheet as CSV (any separator), or export contacts as "
                        "a .vcf file. Columns are recognised by their headings: Name or "
                        "First name + Surname, Known as, Mobile/Phone, Email, WhatsApp, "
                        "Notes... Nothing is added until you press ctrl+s and say yes."
                    ),
                    id="import-preview",
                )
            yield Static(id="import-status")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def number_region(self) -> str:
        app = coordinator_app(self)
        group = app.data().group
        return phone_region(app.store.settings(), group.timezone if group else None)

    def what_is_typed(self) -> str:
        return "the roster import"

    def field_submitted(self, field: Input) -> None:
        self._read()

    def _read(self) -> None:
        typed = self.query_one("#import-path", Input).value.strip()
        if not typed:
            self.say(Text("⚠ File: type the path of the file to read."))
            return
        self.path = Path(typed).expanduser()
        self.read_file()

    def read_file(self) -> None:
        """Read the file again (after a fix) and show the preview."""
        if self.path is None:
            return
        self.preview = None
        try:
            try:  # an ordinary file, at most MAX_BYTES of it: never a pipe or /dev/zero
                raw = read_input(self.path, MAX_BYTES, "a roster")
            except UnreadableFileError as error:
                raise RosterFileError(str(error)) from None
            app = coordinator_app(self)
            preview = read_roster(
                raw,
                app.data().members,
                self.number_region(),
                lambda: new_id("m"),
                skip_duplicates=self.skip_duplicates,
            )
        except FileNotFoundError:
            self.show_preview(Text("There is no file at that path."))
            self.say(Text("⚠ File: not found. Check the path and press Enter."))
            return
        except IsADirectoryError:
            self.say(Text("⚠ File: that is a folder; type the path of a file."))
            return
        except OSError as error:
            self.say(Text(f"⚠ File: could not be read ({error.strerror or 'error'})."))
            return
        except RosterFileError as error:
            self.show_preview(Text(str(error)))
            self.say(Text("⚠ Nothing can be imported from this file."))
            return
        self.preview = preview
        lines = preview_lines(preview, self.number_region())
        body = Text()
        for line in lines[:-1]:
            body.append_text(safe(line, "bold" if "⚠" in line else ""))
            body.append("\n")
        self.show_preview(body)
        status = Text(lines[-1], style="bold")
        if preview.ready:
            status.append(" Press ctrl+s to import them.")
        else:
            status.append(" Fix the file, then press Enter to read it again.")
        if preview.problems and any("same " in p.problem for p in preview.problems):
            status.append(" ctrl+t leaves out the duplicates.")
        self.say(status)

    def show_preview(self, text: Text) -> None:
        self.query_one("#import-preview", Static).update(text)

    def say(self, text: Text) -> None:
        self.query_one("#import-status", Static).update(text)

    def action_toggle_duplicates(self) -> None:
        self.skip_duplicates = not self.skip_duplicates
        self.notify(
            "Rows matching someone already on the roster will be left out."
            if self.skip_duplicates
            else "Rows matching someone already on the roster stop the import again."
        )
        self.read_file()

    def action_save(self) -> None:
        """Import what the preview shows (after a yes)."""
        preview = self.preview
        if preview is None:
            self.say(Text("⚠ Read a file first: type its path and press Enter."))
            return
        if not preview.ready:
            self.say(Text("⚠ Nothing imported: fix the problems listed first.", style="bold"))
            return
        app = coordinator_app(self)
        count = len(preview.members)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from coordinator.application.roster_import import import_roster

            added = app.save(
                lambda: import_roster(app.store, preview, app.today()),
                done=f"Added {count} members to the roster.",
            )
            if added is not None:
                self.dismiss(None)

        body = Text(f"Add {count} new members to the roster, all together?")
        if preview.duplicates:
            body.append(f" ({preview.duplicates} duplicate rows left out.)")
        app.push_screen(ConfirmModal("Import the roster?", body, yes="Import"), answered)
