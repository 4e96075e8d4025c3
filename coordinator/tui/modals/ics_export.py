"""Export calendar invites (.ics): choose what, where, and see where the file went.

The modal only collects options and shows the outcome; :mod:`coordinator.invites.ics` makes the
file, :mod:`coordinator.application.calendar_export` saves what it changes first (a
cancellation marks the meeting cancelled, so the store's sequence and the file agree; the
standing series' identity and update count go in the group record, so they travel with
the bundle), and ``store.atomic_write`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from coordinator.application.calendar_export import save_export_changes
from coordinator.invites import ics
from coordinator.model import Meeting, MeetingStatus, ValidationError, parse_date, parse_int
from coordinator.model.fields import minutes_words, parse_minutes_before
from coordinator.store import StoreError
from coordinator.store.output_paths import Kind, OutputRefused, OutputTarget, check_output
from coordinator.tui.deliver import Delivered, deliver_file, suggested_name
from coordinator.tui.field_scroll import FieldScroll
from coordinator.tui.frame import coordinator_app, safe
from coordinator.tui.modals.form import InputModal
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible

_CHOICES: tuple[tuple[ics.ExportKind, str], ...] = (
    (ics.ExportKind.MEETING, "kind-meeting"),
    (ics.ExportKind.UPCOMING, "kind-upcoming"),
    (ics.ExportKind.SERIES, "kind-series"),
    (ics.ExportKind.CANCELLATION, "kind-cancellation"),
)
DEFAULT_NEXT = 3
# The one-line fields, by widget id.
_TYPED = ("ics-next", "ics-until", "ics-alarm", "ics-path")


def default_folder() -> Path:
    """Where calendar files go by default: the one folder for every file the app makes."""
    from coordinator.paths import output_folder

    try:
        return output_folder()
    except OSError:
        # That folder cannot be made (a broken link to an unplugged drive): the home
        # folder instead, shown in "Save to" where it can be changed.
        return Path.home()


class Choice(RadioButton):
    """A radio button whose dot shows only when chosen, so the choice is seen without
    colour (Textual's own shows the same dot in another colour)."""

    BUTTON_INNER = " "

    def __init__(self, label: Text, value: bool = False, **options: Any) -> None:
        super().__init__(label, value, **options)
        self._mark()

    def watch_value(self) -> None:
        super().watch_value()
        self._mark()

    def _mark(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "


class ChoiceList(RadioSet):
    """The list of what to export. Arrows move, space (or Enter) picks the one under the
    cursor; Enter on the one already picked exports, as Enter does in every form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick_or_export", "Pick, or export the one picked", show=False),
    ]

    def action_pick_or_export(self) -> None:
        highlighted = self._selected
        if highlighted is None or highlighted == self.pressed_index:
            screen = self.screen
            if isinstance(screen, InputModal):
                screen.action_save()
            return
        self.action_toggle_button()


# The model's name for each field (as in the messages) -> the widget holding it.
EXPORT_FIELDS: dict[str, str] = {
    "What to export": "ics-kind",
    "Next N": "ics-next",
    "Series until": "ics-until",
    "Reminder": "ics-alarm",
    "Save to": "ics-path",
}
MAX_NEXT = 500


def read_export(
    kind: ics.ExportKind, meeting_id: str | None, typed: Mapping[str, str]
) -> ics.ExportRequest:
    """What to export, from the choice and the fields as typed (widget id -> text; only
    the fields the choice uses are read). Raises :class:`ValidationError` naming the
    field ("Next N", "Series until", "Reminder"). No screen needed: hostile values are
    checked through here by the thousand."""
    count = until = None
    if kind is ics.ExportKind.UPCOMING:
        count = parse_int(typed["ics-next"], "Next N", 1, MAX_NEXT)
    if kind is ics.ExportKind.SERIES:
        until = parse_date(typed["ics-until"], "Series until")
    alarm = None
    if kind is not ics.ExportKind.CANCELLATION:
        alarm = parse_minutes_before(typed["ics-alarm"], "Reminder", ics.MAX_ALARM_MINUTES)
    return ics.ExportRequest(kind, meeting_id, count, None, until, alarm)


def read_save_to(typed: str, folder: Path, group_file: Path) -> OutputTarget:
    """Where to write, from the "Save to" field: a bare name goes in ``folder``, ``.ics``
    is added when missing; never the group file, its folder or a file that is not a
    calendar (:func:`check_output`). Raises :class:`ValidationError` for "Save to"."""
    typed = typed.strip()
    if not typed:
        raise ValidationError("Save to", "is required (a file name ending .ics).")
    try:
        path = Path(typed).expanduser()
        if not path.is_absolute():  # a bare name goes where the suggested file would
            path = folder / path
        if path.suffix.lower() != ".ics" and not path.is_dir():
            path = path.with_name(path.name + ".ics")
        checked = check_output(path, group_file, what="Save to")
    except OutputRefused as error:
        raise ValidationError("Save to", str(error).removeprefix("Save to: ")) from None
    except (OSError, ValueError, RuntimeError) as error:
        why = getattr(error, "strerror", None) or "it is not a path this computer can use"
        raise ValidationError("Save to", f"that path cannot be used ({why}).") from None
    real = checked.real
    existing = checked.kind is Kind.FILE and real is not None and real.exists()
    if existing and real is not None and not _is_calendar(real):
        raise ValidationError(
            "Save to", "a file with that name exists and is not a calendar; choose another."
        )
    return checked


class IcsExportModal(InputModal[Path | None]):
    """Collect what to export (this meeting, the next N, the standing series, or a
    cancellation of this meeting), a reminder and a file path; write the file and show
    where it went. Dismisses with the written path, or None if nothing was written."""

    DEFAULT_CSS = """
    IcsExportModal {
        align: center middle;
    }
    IcsExportModal > FieldScroll {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    IcsExportModal .ics-title {
        text-style: bold;
    }
    IcsExportModal .ics-hint {
        color: $text-muted;
        height: auto;
    }
    IcsExportModal RadioSet {
        width: 1fr;
        height: auto;
    }
    IcsExportModal Horizontal.ics-row {
        height: auto;
    }
    IcsExportModal .ics-label {
        width: 16;
        color: $text-muted;
    }
    IcsExportModal Horizontal.ics-row > Input {
        width: 1fr;
    }
    IcsExportModal .ics-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    IcsExportModal .ics-done {
        color: $success;
        text-style: bold;
        height: auto;
    }
    IcsExportModal Horizontal.ics-buttons {
        height: auto;
        align-horizontal: right;
    }
    IcsExportModal Horizontal.ics-buttons Button {
        margin-left: 1;
    }
    IcsExportModal .-invalid {
        text-style: reverse;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "save", "Export"),
    ]
    ERROR_LINE: ClassVar[str] = "ics-error"
    FIELDS: ClassVar[dict[str, str]] = EXPORT_FIELDS

    def __init__(self, meeting_id: str | None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.written: Path | None = None
        self.delivered: Delivered | None = None
        self._auto_path = ""

    # -- what is on offer ------------------------------------------------------------

    def _meeting(self) -> Meeting | None:
        if self.meeting_id is None:
            return None
        return coordinator_app(self).data().meeting(self.meeting_id)

    def _labels(self) -> dict[ics.ExportKind, str]:
        app = coordinator_app(self)
        group = app.data().group
        rhythm = group.rhythm.describe() if group is not None else "the group's rhythm"
        meeting = self._meeting()
        cancel = "A cancellation of this meeting (also marks it cancelled here)"
        this = "This meeting (none chosen)"
        if meeting is not None:
            when = f"{meeting.starts_at.astimezone(app.zone()):%a %d %b %Y %H:%M}"
            this = f"This meeting ({when})"
            if meeting.status is MeetingStatus.CANCELLED:
                cancel = "A cancellation of this meeting (it is cancelled)"
            elif meeting.status is MeetingStatus.HELD:
                cancel = "A cancellation (not for a meeting that was held)"
        return {
            ics.ExportKind.MEETING: this,
            ics.ExportKind.UPCOMING: "Upcoming meetings: the next N",
            ics.ExportKind.SERIES: f"The standing series ({rhythm})",
            ics.ExportKind.CANCELLATION: cancel,
        }

    def _enabled(self, kind: ics.ExportKind) -> bool:
        meeting = self._meeting()
        if kind is ics.ExportKind.MEETING:
            return meeting is not None
        if kind is ics.ExportKind.CANCELLATION:
            return meeting is not None and meeting.status is not MeetingStatus.HELD
        return True

    def compose(self) -> ComposeResult:
        app = coordinator_app(self)
        labels = self._labels()
        first = next(kind for kind, _ in _CHOICES if self._enabled(kind))
        reminder = ics.alarm_minutes(app.store.settings())
        until = app.today() + timedelta(days=365)
        with FieldScroll():
            yield Static(Text("Export calendar invites (.ics)"), classes="ics-title")
            yield Static(
                Text(
                    "People open the file to add the meetings to their calendar; exporting "
                    "again updates them. Send either upcoming meetings or the series."
                ),
                classes="ics-hint",
            )
            with ChoiceList(id="ics-kind"):
                for kind, widget_id in _CHOICES:
                    yield Choice(
                        safe(labels[kind]),
                        value=kind is first,
                        id=widget_id,
                        disabled=not self._enabled(kind),
                    )
            yield self._row("Next N", TextField(str(DEFAULT_NEXT), id="ics-next", compact=True))
            yield self._row(
                "Series until", TextField(until.isoformat(), id="ics-until", compact=True)
            )
            yield self._row(
                "Reminder",
                TextField(
                    minutes_words(reminder),
                    id="ics-alarm",
                    placeholder="before: 1 day, 2 hours, or none",
                    compact=True,
                ),
            )
            yield self._row("Save to", TextField("", id="ics-path", compact=True))
            yield Static("", id="ics-error", classes="ics-error")
            yield Static("", id="ics-done", classes="ics-done")
            yield Static(
                Text("Enter or ctrl+s exports · Esc closes · arrows and space pick in the list"),
                classes="ics-hint",
            )
            with Horizontal(classes="ics-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="ics-export", compact=True)
                yield Button("Close (Esc)", id="ics-close", compact=True)

    def _row(self, label: str, widget: Input) -> Horizontal:
        return Horizontal(Label(label, classes="ics-label"), widget, classes="ics-row")

    def on_mount(self) -> None:
        self._enable_fields()
        self._suggest_path()
        self.query_one("#ics-kind", RadioSet).focus()

    # -- reading the choices ---------------------------------------------------------

    def chosen(self) -> ics.ExportKind:
        """The kind of export picked in the list."""
        pressed = self.query_one("#ics-kind", RadioSet).pressed_button
        for kind, widget_id in _CHOICES:
            if pressed is not None and pressed.id == widget_id:
                return kind
        return ics.ExportKind.UPCOMING

    def _suggest_path(self) -> None:
        """Name the file after the group and the choice, unless a path was typed."""
        field = self.query_one("#ics-path", Input)
        data = coordinator_app(self).data()
        if data.group is None:
            return
        suggested = suggested_name(
            self.app, default_folder() / ics.default_filename(data, self.chosen(), self._meeting())
        )
        if field.value in ("", self._auto_path):
            field.value = suggested
        self._auto_path = suggested

    def _enable_fields(self) -> None:
        """Only the fields the choice uses can be reached (Tab skips the others)."""
        kind = self.chosen()
        self.query_one("#ics-next", Input).disabled = kind is not ics.ExportKind.UPCOMING
        self.query_one("#ics-until", Input).disabled = kind is not ics.ExportKind.SERIES
        self.query_one("#ics-alarm", Input).disabled = kind is ics.ExportKind.CANCELLATION

    @on(RadioSet.Changed)
    def _kind_changed(self) -> None:
        self._enable_fields()
        self._suggest_path()

    def typed(self) -> dict[str, str]:
        """What each field holds, by widget id."""
        return {widget_id: self.query_one(f"#{widget_id}", Input).value for widget_id in _TYPED}

    def what_is_typed(self) -> str:
        return "the calendar export's choices"

    # -- doing it --------------------------------------------------------------------

    def action_save(self) -> None:
        """Export: make the file, save what it changes, write it, and say where it went."""
        app = coordinator_app(self)
        self._clear()
        typed = self.typed()
        try:
            request = read_export(self.chosen(), self.meeting_id, typed)
            target = read_save_to(typed["ics-path"], default_folder(), app.store.path)
            made = ics.make_export(app.data(), app.clock.now(), request, app.store.settings())
        except ValidationError as error:
            self.show_error(error)
            return
        except ics.IcsError as error:
            self.show_problem(str(error), "ics-kind")
            return
        try:
            saved = save_export_changes(app.store, made)
        except (StoreError, ValidationError) as error:
            app.notify(visible(str(error)), title="Not saved", severity="error", markup=False)
            self.show_problem("The meeting could not be marked cancelled; no file.", "ics-kind")
            return
        if saved.changed:
            app.data_changed()
        try:
            self.delivered = delivered = deliver_file(self.app, target, made.content)
        except (OSError, ValueError, StoreError) as error:
            why = getattr(error, "strerror", None) or str(error)
            self.show_problem(f"Save to: could not write the file: {why}.", "ics-path")
            return
        self.written = None if delivered.downloaded else target.real
        done = Text(f"✓ {delivered.verb} ")
        done.append(visible(made.what))
        done.append(f" {delivered.preposition}\n")
        done.append(visible(delivered.where))
        if target.note and not delivered.downloaded:
            done.append("\n" + target.note)
        done.append("\nAttach it to a message, or open it to add it to a calendar.")
        if made.warning is not None:
            how = ' Pick "The standing series" above to write it.' if made.resend_series else ""
            done.append("\n⚠ " + visible(made.warning) + how)
        self.query_one("#ics-done", Static).update(done)
        close = self.query_one("#ics-close", Button)
        close.label = "Done (Esc)"
        # The list keeps the keys, as the hint says: arrows and space pick another kind
        # to export next (Esc is Done). Focused where it is, not scrolled to.
        self.query_one("#ics-kind").focus(scroll_visible=False)
        # Once the result is laid out: a long one scrolls the window to it and to Done.
        self.call_after_refresh(self.query_one(FieldScroll).scroll_end, animate=False)
        # What was chosen is used: closing now loses nothing.
        self.remember_fields()

    def close_modal(self) -> None:
        if self.delivered is not None:
            coordinator_app(self).notify(
                visible(f"Calendar file: {self.delivered.said}"), markup=False
            )
        self.dismiss(self.written)

    def _clear(self) -> None:
        self.warning.clear()
        self.query_one("#ics-done", Static).update("")

    @on(Button.Pressed, "#ics-export")
    def _export_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#ics-close")
    def _close_pressed(self) -> None:
        self.action_cancel()


def _is_calendar(path: Path) -> bool:
    """Does ``path`` hold a calendar file (safe to replace with a newer export)?"""
    try:
        with path.open("rb") as handle:
            return handle.read(15) == b"BEGIN:VCALENDAR"
    except OSError:
        return False
