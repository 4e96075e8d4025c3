"""The warning a form shows about one field, and how it goes away: one mechanism for
every form (the modal forms, the calendar export window, first-run setup and Settings'
group, reminders and messages forms).

A problem is said on the form's message line ("⚠ Usual time: '25:00' is not a time I
can read"), the field at fault is marked (reverse, so it shows without colour) and the
cursor goes there. As soon as the coordinator changes that field the mark and the
message go: the field is checked again on the next save, so no stale warning sits
beside a field that was fixed.

The form calls :meth:`FieldWarning.show` when saving fails and passes every
``Input.Changed`` / ``Select.Changed`` / ``TextArea.Changed`` / ``RadioSet.Changed`` it
sees to :meth:`FieldWarning.field_changed`.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Static

from coordinator.model import ValidationError
from coordinator.user_text import visible

INVALID = "-invalid"


def warning_text(message: str) -> Text:
    """The message line's text: a mark, then the message as literal text (user text
    quoted in it is shown, never obeyed as markup or terminal escapes)."""
    text = Text("⚠ ")
    text.append(visible(message))
    return text


def error_message(error: ValidationError) -> str:
    """ "Field: problem", as every form says it."""
    return f"{error.field}: {error.problem}"


class FieldWarning:
    """The one warning a form shows at a time, and the field it is about."""

    def __init__(self) -> None:
        # The widget id of the field marked wrong (None: no field, or no warning).
        self.field_id: str | None = None
        self._line: Static | None = None
        self._marked: Widget | None = None

    @property
    def shown(self) -> bool:
        """Is a warning on show?"""
        return self._line is not None

    def show(
        self,
        root: DOMNode,
        line: Static,
        message: str,
        field_id: str | None,
        *,
        focus: bool = True,
    ) -> None:
        """Say ``message`` on ``line``, mark the field ``field_id`` under ``root`` (if
        it is there) and put the cursor in it."""
        self.clear()
        line.update(warning_text(message))
        self._line = line
        self.field_id = field_id
        if field_id is None:
            return
        found = root.query(f"#{field_id}")
        if not found:
            return
        target = found.first()
        target.add_class(INVALID)
        self._marked = target
        if focus:
            target.focus()

    def show_error(
        self, root: DOMNode, line: Static, error: ValidationError, fields: Mapping[str, str]
    ) -> None:
        """Show a :class:`ValidationError`, the field found by its label in ``fields``
        (the model's name for a field -> the widget id)."""
        self.show(root, line, error_message(error), fields.get(error.field))

    def clear(self) -> None:
        """Take the warning and the mark away."""
        if self._marked is not None:
            self._marked.remove_class(INVALID)
        if self._line is not None:
            self._line.update("")
        self._line = None
        self._marked = None
        self.field_id = None

    def field_changed(self, control: DOMNode | None) -> None:
        """A field changed: if it is the one marked wrong, the warning goes."""
        if control is None or self.field_id is None:
            return
        if control.id == self.field_id or control is self._marked:
            self.clear()
