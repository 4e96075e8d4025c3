"""What every modal that collects input shares (:class:`InputModal`), and the modal form
built on it (:class:`FormModal`: the member, meeting, away-period, venue, contact and
other forms): Enter (in a field) or ctrl+s saves, Escape closes without saving but asks
first when anything was typed or chosen, and one error line names the field.

A form never loses what was typed: on a problem it shows the message beside the
fields and moves the cursor to the field at fault; the warning goes as soon as that
field changes (:mod:`coordinator.tui.field_warning`).

Every :class:`~textual.screen.ModalScreen` in the app that holds a field is an
:class:`InputModal` (tests/tui/test_every_form.py finds them all and checks it).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, Static, TextArea

from coordinator.model import ValidationError
from coordinator.tui.field_scroll import FieldScroll
from coordinator.tui.field_warning import FieldWarning
from coordinator.tui.modals.unsaved import ask_before_discarding, field_values
from coordinator.tui.text_field import TextBox, TextField
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


class InputModal(ModalScreen[_R], Generic[_R]):
    """A modal that collects input. The same keys and the same care in every one:

    - ctrl+s, or Enter in a one-line field, runs :meth:`action_save`;
    - Escape runs :meth:`action_cancel`: it closes at once when nothing was typed or
      chosen since the modal opened (or since :meth:`remember_fields`), and otherwise
      asks before throwing it away; quitting the app asks too (``unsaved_typing``);
    - a problem goes on the error line (``#{ERROR_LINE}``) with the field marked, and
      goes as soon as that field changes (:class:`FieldWarning`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close without saving"),
        Binding("ctrl+s", "save", "Save"),
    ]

    # The widget id of the Static that says what is wrong.
    ERROR_LINE: ClassVar[str] = "form-error"
    # The model's name for a field (as in its errors) -> the widget id holding it.
    FIELDS: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        super().__init__()
        self.warning = FieldWarning()
        # What the fields held once the modal was open (see unsaved_typing).
        self._opened_with: dict[str, object] | None = None

    def on_mount(self) -> None:
        # After the first refresh: subclasses fill fields in their own on_mount.
        self.call_after_refresh(self.remember_fields)

    def remember_fields(self) -> None:
        """What the fields hold now counts as nothing typed (on opening; after the
        modal has done what was asked, e.g. written a file)."""
        self._opened_with = field_values(self)

    def what_is_typed(self) -> str:
        """How the question before throwing typing away names this modal."""
        return "the open form"

    def unsaved_typing(self) -> str | None:
        """What closing the modal now would lose, if anything was typed or chosen."""
        if self._opened_with is None or field_values(self) == self._opened_with:
            return None
        return self.what_is_typed()

    @abstractmethod
    def action_save(self) -> None:
        """Do what the modal is for with what is typed: every input modal writes its own
        (mypy refuses to build one that does not)."""

    def action_cancel(self) -> None:
        """Close without saving; if something was typed, ask first (nothing typed is
        thrown away by a stray Esc)."""
        lost = self.unsaved_typing()
        ask_before_discarding(self.app, [lost] if lost else [], "Close", self.close_modal)

    def close_modal(self) -> None:
        """Close, with nothing to give back."""
        self.dismiss(None)

    # -- problems ------------------------------------------------------------------

    def show_problem(self, message: str, widget_id: str | None) -> None:
        """Say ``message`` on the error line, mark the field and put the cursor there."""
        line = self.query_one(f"#{self.ERROR_LINE}", Static)
        self.warning.show(self, line, message, widget_id)

    def show_error(self, error: ValidationError) -> None:
        """Say what is wrong beside the form and put the cursor on that field."""
        line = self.query_one(f"#{self.ERROR_LINE}", Static)
        self.warning.show_error(self, line, error, self.FIELDS)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    def _field_changed(
        self, event: Input.Changed | Select.Changed | TextArea.Changed | RadioSet.Changed
    ) -> None:
        """A field marked wrong that the coordinator then changes loses its warning at
        once (it is checked again on save)."""
        self.warning.field_changed(event.control)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.field_submitted(event.input)

    def field_submitted(self, field: Input) -> None:
        """Enter in a one-line field: save, as ctrl+s does (a modal whose first step is
        reading what was typed, such as the roster import, does that step instead)."""
        self.action_save()


class FormModal(InputModal[_R], Generic[_R]):
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

    # This form changes the group's records: a read-only window refuses to open it.
    EDITS_DATA: ClassVar[bool] = True
    TITLE_TEXT: ClassVar[str] = ""
    HINT_TEXT: ClassVar[str] = "Enter or ctrl+s saves · Esc closes without saving · Tab: next field"
    # The field to put the cursor in when the form opens (widget id).
    first_field: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}
        # Set only while build_from() runs: the fields' contents, instead of the widgets.
        self._typed: Mapping[str, object] | None = None

    def form_title(self) -> Text:
        """The title line (override to include a name; build it with safe text)."""
        return Text(self.TITLE_TEXT)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title(), classes="form-title")
            yield Static(Text(self.HINT_TEXT), classes="form-hint")
            with FieldScroll():
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

    def what_is_typed(self) -> str:
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
        return TextBox(shown, id=widget_id, compact=True, soft_wrap=True)

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

    def action_save(self) -> None:
        try:
            result = self.build()
        except ValidationError as error:
            self.show_error(error)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
