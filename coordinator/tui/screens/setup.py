"""First run: a short form for the group; everything can be changed later in Settings."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from coordinator.clock import today_in
from coordinator.model import ValidationError
from coordinator.store import new_id
from coordinator.tui.field_scroll import FieldScroll
from coordinator.tui.frame import ReadOnlyBanner, coordinator_app
from coordinator.tui.modals.unsaved import field_values
from coordinator.tui.widgets.group_form import GroupForm, GroupFormResult


class SetupScreen(Screen[None]):
    """Asks for the group's details once, then opens the dashboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save and start", id="setup-save"),
    ]
    DEFAULT_CSS = """
    SetupScreen .setup-title {
        text-style: bold;
        padding: 0 1;
        background: $primary-background;
    }
    SetupScreen .setup-hint {
        color: $text-muted;
        padding: 0 1;
    }
    SetupScreen VerticalScroll {
        height: 1fr;
        padding: 0 1;
    }
    SetupScreen .setup-error {
        color: $error;
        text-style: bold;
        padding: 0 1;
        height: auto;
    }
    SetupScreen Horizontal.setup-buttons {
        height: auto;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Welcome! Set up your group", style="bold"), classes="setup-title")
        yield ReadOnlyBanner(classes="read-only-banner")
        yield Static(
            # One line at 80 columns.
            "Enter: next field (the last saves) · ctrl+s: save · edit it later in Settings",
            classes="setup-hint",
        )
        with FieldScroll():
            yield GroupForm(with_venue=True, id="setup-form")
        yield Static("", id="setup-error", classes="setup-error")
        with Horizontal(classes="setup-buttons"):
            yield Button(
                "Save and start (ctrl+s)", variant="primary", id="setup-save", compact=True
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#group-name", Input).focus()
        self.call_after_refresh(self._remember_fields)

    def _remember_fields(self) -> None:
        self._opened_with = field_values(self)

    def unsaved_typing(self) -> str | None:
        """The group being set up, once anything is typed (quitting asks first)."""
        opened = getattr(self, "_opened_with", None)
        if opened is None or field_values(self) == opened:
            return None
        return "the new group's details"

    def action_save(self) -> None:
        """Check the form, save the group (and its usual venue) and open the dashboard."""
        app = coordinator_app(self)
        form = self.query_one(GroupForm)
        try:
            result = form.read(None, new_id("v"))
        except ValidationError as error:
            form.show_error(error, self.query_one("#setup-error", Static))
            return
        started = today_in(app.clock, result.group.zone)
        result = GroupFormResult(replace(result.group, started_on=started), result.venue)

        def write() -> bool:
            with app.store.batch():
                if result.venue is not None:
                    app.store.save_venue(result.venue)
                app.store.save_group(result.group)
            return True

        if app.save(write, done="Your group is set up.") is None:
            return
        self.dismiss(None)

    @on(Button.Pressed, "#setup-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on through the form, as people expect from paper-like forms, and
        # on the last field saves, as in every other form.
        event.stop()
        fields = list(self.query_one(GroupForm).query(Input))
        if fields and event.input is fields[-1]:
            self.action_save()
        else:
            self.focus_next()
