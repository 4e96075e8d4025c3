"""The one-line field every form and screen uses: typing never replaces what is there by
surprise, and Esc leaves the field.

Textual's :class:`~textual.widgets.Input` selects all its text when it gets the focus, so
the first letter typed after Tab (or after a form put the cursor on the field at fault)
replaced the whole field: Tab into "Group name", press ``m``, and the name was ``m``;
typing ``.org`` to fix ``pat@example`` left ``.org``. A :class:`TextField` puts the
cursor at the end instead. On a screen (not in a modal form, where Esc closes the form)
Esc leaves the field, so the screen's own keys work again.

Each letter typed also makes the text a little wider, and Textual's Input says so by
changing its *virtual size*, which Textual treats as a change of the whole screen's
layout: every key laid the screen out again, half the work of a key press in a form. A
field's own size is set by the form (a width and one line), so the width of its text
never moves anything else: a :class:`TextField`'s virtual size only repaints the field
(it still scrolls long text: the scroll limits are read from it).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, TextArea


class TextField(Input):
    """An :class:`Input` that keeps its text when it gets the focus (cursor at the end)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_field", "Leave the field", show=False),
    ]

    # Widget's is ``Reactive(Size(0, 0), layout=True)``: see the module's note.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if not self.select_on_focus:
            self.cursor_position = len(self.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a modal form Esc belongs to the form (close without saving).
        if action == "leave_field":
            return not isinstance(self.screen, ModalScreen)
        return super().check_action(action, parameters)

    def action_leave_field(self) -> None:
        """Give the keys back to the screen (its letters act again)."""
        self.screen.set_focus(None)


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now, if it has one that may run.

    Textual puts a typed letter in at once, in the field, but runs the field's own
    editing keys (backspace, the arrows, ctrl+u, Enter) only once the key has bubbled up
    to the app; keys that come together (a fast typist, keys sent in one go) then ran out
    of order: "Ann", backspace, "e" gave "Anne", and ctrl+u cleared what was typed after
    it (Textual issue #6605). Run here, they keep the order they were typed in."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # the app ran those before the key reached the field
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class TextBox(TextArea):
    """A :class:`TextArea` whose own editing keys keep the order they were typed in (see
    :func:`run_own_binding`): every multi-line field of the app."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)
