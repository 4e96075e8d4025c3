"""Settings' Messages tab: the message templates in the coordinator's own words, with a
live preview, and the phone region for numbers typed without ``+``.

Each template is edited in turn (choose it above the editor); what is typed is kept
while moving between them and saved together with ctrl+s. The preview is the message
as it would be made now for the first active member and the next meeting; a placeholder
the app does not know is named under it, never an error.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from coordinator.model import Member, MemberStatus, ValidationError
from coordinator.reach.messages import compose, next_meeting
from coordinator.reach.phones import REGION_SETTING, check_region, phone_region
from coordinator.reach.templates import (
    DEFAULT_TEMPLATES,
    KIND_LABELS,
    MAX_TEMPLATE,
    PLACEHOLDERS,
    SETTINGS_KEY,
    MessageKind,
    templates_from,
    with_templates,
)
from coordinator.tui.field_warning import FieldWarning
from coordinator.tui.frame import coordinator_app
from coordinator.tui.text_field import TextBox, TextField
from coordinator.user_text import visible

SAMPLE = Member(id="preview", name="Sam Example")
REGION_FIELD = "Phone region"
# Each template's name in messages ("Reminder message") -> its kind.
TEMPLATE_FIELDS: dict[str, MessageKind] = {
    f"{KIND_LABELS[kind]} message": kind for kind in MessageKind
}


class MessagesForm(Vertical):
    """The templates, one at a time, with a live preview."""

    DEFAULT_CSS = """
    MessagesForm {
        height: 1fr;
    }
    MessagesForm #messages-top {
        height: 1;
    }
    MessagesForm #messages-kind {
        width: 40;
    }
    MessagesForm #messages-region-label {
        width: auto;
        padding: 0 1 0 2;
        color: $text-muted;
    }
    MessagesForm #messages-region {
        width: 8;
    }
    MessagesForm #messages-editor {
        height: 6;
    }
    MessagesForm .messages-heading {
        color: $accent;
        height: 1;
    }
    MessagesForm #messages-preview {
        height: 1fr;
        min-height: 3;
        border-left: thick $primary;
        padding-left: 1;
    }
    MessagesForm #messages-problem {
        height: auto;
        color: $warning;
        text-style: bold;
    }
    MessagesForm #messages-placeholders {
        height: auto;
        max-height: 2;
        color: $text-muted;
    }
    """

    def __init__(self, settings: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drafts: dict[MessageKind, str] = templates_from(settings)
        self.kind = MessageKind.REMINDER
        saved_region = settings.get(REGION_SETTING)
        self._region = saved_region if isinstance(saved_region, str) else ""
        self.warning = FieldWarning()

    def compose(self) -> ComposeResult:
        with Horizontal(id="messages-top"):
            yield Select(
                [(KIND_LABELS[kind], kind.value) for kind in MessageKind],
                value=self.kind.value,
                allow_blank=False,
                id="messages-kind",
                compact=True,
            )
            yield Label("Phone region", id="messages-region-label")
            yield TextField(
                self._region, id="messages-region", compact=True, max_length=2, placeholder="GB"
            )
        yield TextBox(
            self.drafts[self.kind],
            id="messages-editor",
            soft_wrap=True,
            show_line_numbers=False,
            max_checkpoints=50,
        )
        yield Static("Preview (nothing is sent)", classes="messages-heading")
        yield Static(id="messages-preview")
        yield Static(id="messages-problem")
        names = " ".join("{" + name + "}" for name in PLACEHOLDERS)
        yield Static(f"Placeholders: {names}", id="messages-placeholders")

    def on_mount(self) -> None:
        self.show_preview()

    @on(Select.Changed, "#messages-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        kind = MessageKind(str(event.value))
        if kind is self.kind:
            return
        self.drafts[self.kind] = self.query_one("#messages-editor", TextArea).text
        self.kind = kind
        self.query_one("#messages-editor", TextArea).load_text(self.drafts[kind])
        self.show_preview()

    @on(TextArea.Changed, "#messages-editor")
    def _typed(self, event: TextArea.Changed) -> None:
        self.drafts[self.kind] = self.query_one("#messages-editor", TextArea).text
        self.warning.field_changed(event.control)
        self.show_preview()

    @on(Input.Changed, "#messages-region")
    def _region_typed(self, event: Input.Changed) -> None:
        self.warning.field_changed(event.control)
        self.show_preview()

    def show_error(self, error: ValidationError, message: Static) -> None:
        """Say what is wrong in ``message`` and put the cursor there: in the region, or
        in the editor showing the template at fault (the warning goes once it changes)."""
        kind = TEMPLATE_FIELDS.get(error.field)
        if kind is not None and kind is not self.kind:
            self._show_kind(kind)
        field = "messages-region" if error.field == REGION_FIELD else None
        if kind is not None:
            field = "messages-editor"
        self.warning.show_error(self, message, error, {error.field: field} if field else {})

    def _show_kind(self, kind: MessageKind) -> None:
        """Put ``kind``'s template in the editor (as choosing it above does)."""
        editor = self.query_one("#messages-editor", TextArea)
        self.drafts[self.kind] = editor.text
        self.kind = kind
        with self.prevent(Select.Changed, TextArea.Changed):
            self.query_one("#messages-kind", Select).value = kind.value
            editor.load_text(self.drafts[kind])
        self.show_preview()

    def typed_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """``settings`` with the templates and region as typed; raises
        :class:`ValidationError` naming what is wrong."""
        self.drafts[self.kind] = self.query_one("#messages-editor", TextArea).text
        out = with_templates(settings, self.drafts)
        region = self.query_one("#messages-region", Input).value.strip()
        if region:
            out[REGION_SETTING] = check_region(region)
        else:
            out.pop(REGION_SETTING, None)
        return out

    def changed(self, settings: dict[str, Any]) -> bool:
        """Does the tab hold typing that is not saved?"""
        try:
            return self.typed_settings(settings) != settings
        except ValidationError:
            return True

    def show_preview(self) -> None:
        """The message as it would be made now, for the first active member."""
        app = coordinator_app(self)
        data = app.data()
        text = self.drafts[self.kind]
        problem = Text()
        if len(text) > MAX_TEMPLATE:
            problem.append(f"⚠ Too long: {len(text)} characters; at most {MAX_TEMPLATE}. ")
        if not text.strip():
            problem.append("⚠ Empty: the default wording will be used. ")
        settings: dict[str, Any] = {SETTINGS_KEY: {self.kind.value: text}}
        region = self.query_one("#messages-region", Input).value.strip()
        if region:
            try:
                settings[REGION_SETTING] = check_region(region)
            except ValidationError as error:
                problem.append(f"⚠ {error} ")
        member = next((m for m in data.members if m.status is MemberStatus.ACTIVE), SAMPLE)
        preview = Text()
        try:
            made = compose(
                data,
                settings,
                self.kind,
                member=member,
                meeting=next_meeting(data, app.clock.now(), self.kind),
            )
        except ValidationError as error:
            preview.append(f"(No preview: {visible(str(error))}.)")
        else:
            preview.append(visible(made.text, keep_newlines=True))
            if made.unknown:
                names = ", ".join("{" + name + "}" for name in made.unknown)
                problem.append(f"⚠ Not placeholders, left as written: {visible(names)}")
        self.query_one("#messages-preview", Static).update(preview)
        self.query_one("#messages-problem", Static).update(problem)
        region_now = phone_region(settings, data.group.timezone if data.group else None)
        self.query_one("#messages-region", Input).placeholder = region_now

    def reset_to_default(self) -> None:
        """Put the default wording back in the editor (saved with ctrl+s)."""
        self.query_one("#messages-editor", TextArea).load_text(DEFAULT_TEMPLATES[self.kind])
