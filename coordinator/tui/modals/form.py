"""What the member, meeting, away-period, venue and contact forms share: labelled
compact rows, one error line that names the field, Enter / ctrl+s to save, and Escape to
close without saving.

A form never loses what was typed: on a problem it shows the message beside the
fields and moves the cursor to the field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from coordinator.model import ValidationError
from coordinator.tui.modals.unsaved import ask_before_discarding, field_values
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible

_R = TypeVar("_R")

CLOSE_LABEL = "Close without saving (Esc)"
SAVE_LABEL = "Save (ctrl+s)"


class TickBox(Checkbox):
    """A checkbox that says its state in marks and words ("[x] yes" / "[ ] no"), not
    by colour alone: Textual's own draws the same X ticked or not."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("[x] yes" if self.value else "[ ] no ", style)


class FormModal(ModalScreen[_R], Generic[_R]):
    """A modal form. Subclasses write :meth:`compose_fields` (using :meth:`labelled`) and
    :meth:`build`, which returns the result or raises :class:`ValidationError`.

    ``FIELDS`` maps a field's label, as the model names it in errors, to the widget
    id, so the cursor can go to the field at fault.
    """

    DEFAULT_CSS = """
    FormModal {
        align: center middle;
    }
    FormModal > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    FormModal .form-title {
        text-style: bold;
        height: auto;
    }
    FormModal .form-hint {
        color: $text-muted;
        height: auto;
    }
    FormModal VerticalScroll {
        height: auto;
        max-height: 16;
    }
    FormModal Horizontal.form-row {
        height: auto;
        margin-bottom: 0;
    }
    FormModal .form-label {
        width: 22;
        color: $text-muted;
    }
    FormModal Horizontal.form-row > Input,
    FormModal Horizontal.form-row > Select,
    FormModal Horizontal.form-row > TextArea,
    FormModal Horizontal.form-row > Checkbox {
        width: 1fr;
    }
    FormModal TickBox > .toggle--button {
        text-style: bold;
    }
    FormModal Horizontal.form-row > TextArea {
        height: 3;
    }
    FormModal .form-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    FormModal Horizontal.form-buttons {
        height: auto;
        align-horizontal: right;
    }
    FormModal Horizontal.form-buttons Button {
        margin-left: 1;
    }
    FormModal .-invalid {
        text-style: reverse;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close without saving"),
        Binding("ctrl+s", "save", "Save"),
    ]

    # This form changes the group's records: a read-only window refuses to open it.
    EDITS_DATA: ClassVar[bool] = True
    FIELDS: ClassVar[dict[str, str]] = {}
    TITLE_TEXT: ClassVar[str] = ""
    HINT_TEXT: ClassVar[str] = "Enter or ctrl+s saves · Esc closes without saving · Tab: next field"
    # The field to put the cursor in when the form opens (widget id).
    first_field: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}
        # Set only while build_from() runs: the fields' contents, instead of the widgets.
        self._typed: Mapping[str, object] | None = None
        # The field named by the last error shown (its warning goes when it changes).
        self._invalid_field: str | None = None
        # What the fields held once the form was open (see unsaved_typing).
        self._opened_with: dict[str, object] | None = None

    def form_title(self) -> Text:
        """The title line (override to include a name; build it with safe text)."""
        return Text(self.TITLE_TEXT)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title(), classes="form-title")
            yield Static(Text(self.HINT_TEXT), classes="form-hint")
            with VerticalScroll():
                yield from self.compose_fields()
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(SAVE_LABEL, variant="primary", id="form-save", compact=True)
                yield Button(CLOSE_LABEL, id="form-cancel", compact=True)

    def compose_fields(self) -> ComposeResult:
        """The labelled rows of the form."""
        yield from ()

    def labelled(self, label: str, widget: Widget) -> Horizontal:
        """A labelled row holding ``widget``."""
        return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")

    def on_mount(self) -> None:
        if self.first_field is not None:
            self.query_one(f"#{self.first_field}").focus()
        self.call_after_refresh(self._remember_fields)

    def _remember_fields(self) -> None:
        self._opened_with = field_values(self)

    def unsaved_typing(self) -> str | None:
        """What closing the form now would lose, if anything was typed or chosen."""
        if self._opened_with is None or field_values(self) == self._opened_with:
            return None
        title = visible(self.form_title().plain).strip() or "this form"
        return f"the form “{title}”" if len(title) <= 60 else "the open form"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A form that cannot build its result could only fail when someone saves it:
        # refuse it when its class is made instead.
        super().__init_subclass__(**kwargs)
        if cls.build is FormModal.build:
            raise TypeError(f"{cls.__name__} must say how its result is built (def build)")

    def build(self) -> _R:
        """The result from what is typed; raises :class:`ValidationError`. Every form
        writes its own (checked when the form's class is made)."""
        raise TypeError(f"{type(self).__name__} has no build()")

    def build_from(self, typed: Mapping[str, object]) -> _R:
        """What :meth:`build` makes of ``typed`` (widget id -> the text in a field, the
        value chosen in a Select, whether a box is ticked), with no screen on show: the
        same code as saving the form, so hostile values can be checked by the thousand
        without driving the app. Every field the form reads must be in ``typed``."""
        self._typed = typed
        try:
            return self.build()
        finally:
            self._typed = None

    # -- reading fields ------------------------------------------------------------

    def text_input(self, widget_id: str, value: str, placeholder: str = "") -> Input:
        """A one-line field showing ``value`` safely (control characters as symbols)."""
        self._shown[widget_id] = value
        return TextField(visible(value), id=widget_id, placeholder=placeholder, compact=True)

    def text_area(self, widget_id: str, value: str) -> TextArea:
        """A few lines of notes, shown safely."""
        self._shown[widget_id] = value
        shown = visible(value, keep_newlines=True)
        return TextArea(shown, id=widget_id, compact=True, soft_wrap=True)

    def text(self, widget_id: str) -> str:
        """The text typed in an Input or TextArea.

        Fields show control characters as visible symbols; when such a field is left
        as it was, the saved text is kept exactly rather than rewritten with symbols."""
        if self._typed is not None:
            typed = str(self._typed[widget_id])
        else:
            widget = self.query_one(f"#{widget_id}")
            if isinstance(widget, Input):
                typed = widget.value
            elif isinstance(widget, TextArea):
                typed = widget.text
            else:
                raise TypeError(f"#{widget_id} holds no text")
        original = self._shown.get(widget_id)
        if original is not None and typed == visible(original, keep_newlines=True):
            return original
        return typed

    def choice(self, widget_id: str) -> Any:
        """The value chosen in a Select (None when blank)."""
        if self._typed is not None:
            return self._typed[widget_id]
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    def ticked(self, widget_id: str) -> bool:
        """Whether the checkbox ``widget_id`` is ticked."""
        if self._typed is not None:
            return bool(self._typed[widget_id])
        return self.query_one(f"#{widget_id}", Checkbox).value

    # -- saving --------------------------------------------------------------------

    def show_error(self, error: ValidationError) -> None:
        """Say what is wrong beside the form and put the cursor on that field."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        message = Text("⚠ ")
        message.append(visible(f"{error.field}: {error.problem}"))
        self.query_one("#form-error", Static).update(message)
        widget_id = self.FIELDS.get(error.field)
        self._invalid_field = widget_id
        if widget_id is not None:
            target = self.query_one(f"#{widget_id}")
            target.add_class("-invalid")
            target.focus()

    def action_save(self) -> None:
        try:
            result = self.build()
        except ValidationError as error:
            self.show_error(error)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without saving; if something was typed, ask first (nothing typed is
        thrown away by a stray Esc)."""
        lost = self.unsaved_typing()
        ask_before_discarding(self.app, [lost] if lost else [], "Close", self._close)

    def _close(self) -> None:
        self.dismiss(None)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        """A field marked wrong that the coordinator then changes loses its warning at
        once (it is checked again on save), so no stale warning sits beside a fixed
        field."""
        field = event.control
        # Input keeps its own -invalid/-valid classes up to date as it changes, so the
        # field named by the last error is remembered by id.
        if field is not None and field.id is not None and field.id == self._invalid_field:
            self._invalid_field = None
            field.remove_class("-invalid")
            self.query_one("#form-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
