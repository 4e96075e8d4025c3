"""Settings for calendar reminders and the drift watch's long-gap rule, as a form.

Only the settings a coordinator can judge in their own words are here: how long before
a meeting calendars remind people, after how many misses in a row (and how long unseen)
someone is always worth a check-in, and whether a miss without word on someone's return
from time away is (on by default, for those who usually come at least 7 times in 10).
The drift watch's other thresholds come from its benchmark and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from coordinator.invites import ics
from coordinator.model import ValidationError, parse_int, parse_yes_no
from coordinator.model.fields import minutes_words, parse_minutes_before
from coordinator.tui.field_warning import FieldWarning
from coordinator.tui.text_field import TextField
from coordinator.tui.widgets.group_form import row, section
from coordinator.watch import SETTINGS_KEY, WatchSettings

FIELDS: dict[str, str] = {
    "Reminder": "reminder-minutes",
    "Misses in a row": "watch-gap-misses",
    "Weeks not seen": "watch-gap-weeks",
    "After time away": "watch-after-away",
}
# "yes" turns the rule on at the default share (someone who usually comes at least 7
# times in 10), unless a share of its own is saved already.
AFTER_AWAY_ON = WatchSettings().away_usual
AFTER_AWAY_OFF = 1.01


def shown_reminder_values(settings: dict[str, Any]) -> dict[str, str]:
    """What each field shows for ``settings`` (defaults where none are saved)."""
    minutes = ics.alarm_minutes(settings)
    try:
        watch = WatchSettings.from_settings(settings)
    except ValidationError:
        watch = WatchSettings()
    return {
        "reminder-minutes": minutes_words(minutes),
        "watch-gap-misses": str(watch.long_gap_misses),
        "watch-gap-weeks": str(watch.long_gap_weeks),
        "watch-after-away": "yes" if watch.away_usual <= 1.0 else "no",
    }


def read_reminders(typed: Mapping[str, str], settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with the reminder and the long-gap rule as typed (widget id -> text,
    for each of :data:`FIELDS`' widgets); raises :class:`ValidationError` naming the
    field. The same code as saving the form, with no screen needed."""
    minutes = parse_minutes_before(typed["reminder-minutes"], "Reminder", ics.MAX_ALARM_MINUTES)
    misses = parse_int(typed["watch-gap-misses"], "Misses in a row", 1, 50)
    weeks = parse_int(typed["watch-gap-weeks"], "Weeks not seen", 1, 520)
    after_away = parse_yes_no(typed["watch-after-away"], "After time away")
    try:
        watch = WatchSettings.from_settings(settings)
    except ValidationError:
        watch = WatchSettings()
    away_usual = watch.away_usual
    if after_away != (away_usual <= 1.0):
        away_usual = AFTER_AWAY_ON if after_away else AFTER_AWAY_OFF
    watch = replace(watch, long_gap_misses=misses, long_gap_weeks=weeks, away_usual=away_usual)
    return {**settings, ics.ALARM_SETTING: minutes, SETTINGS_KEY: watch.to_settings()}


class RemindersForm(Vertical):
    """Calendar reminder and the long-gap rule."""

    DEFAULT_CSS = """
    RemindersForm {
        height: auto;
    }
    RemindersForm Horizontal.form-row {
        height: auto;
    }
    RemindersForm .form-label {
        width: 24;
        color: $text-muted;
    }
    RemindersForm .form-hint {
        color: $text-muted;
        margin-left: 1;
    }
    RemindersForm Horizontal.form-row > Input {
        width: 12;
    }
    RemindersForm .form-section {
        margin-top: 1;
        color: $accent;
    }
    RemindersForm .explain {
        color: $text-muted;
        height: auto;
    }
    RemindersForm .-invalid {
        text-style: reverse;
    }
    """

    def __init__(self, settings: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values = shown_reminder_values(settings)
        self.warning = FieldWarning()

    def compose(self) -> ComposeResult:
        values = self._values
        yield section("Calendar invites")
        yield row(
            "Reminder",
            TextField(
                values["reminder-minutes"], id="reminder-minutes", compact=True, max_length=12
            ),
            "before: e.g. 1 day, 2 hours, or none",
        )
        yield section("Drift watch: a long gap")
        yield Static(
            "However someone usually comes, this many misses in a row (time away not "
            "counted) with this many weeks unseen puts them on the check-in list.",
            classes="explain",
        )
        yield row(
            "Misses in a row",
            TextField(
                values["watch-gap-misses"],
                id="watch-gap-misses",
                compact=True,
                restrict=r"[0-9]*",
                max_length=2,
            ),
        )
        yield row(
            "Weeks not seen",
            TextField(
                values["watch-gap-weeks"],
                id="watch-gap-weeks",
                compact=True,
                restrict=r"[0-9]*",
                max_length=3,
            ),
        )
        yield section("Drift watch: back from time away")
        yield Static(
            "yes: a miss without word straight after someone's time away (written down, "
            "or apologies saying they were away) puts them on the list, if they usually "
            "come at least 7 times in 10. no: such a miss counts like any other.",
            classes="explain",
        )
        yield row(
            "After time away",
            TextField(
                values["watch-after-away"], id="watch-after-away", compact=True, max_length=3
            ),
            "yes or no",
        )

    def _input(self, widget_id: str) -> Input:
        return self.query_one(f"#{widget_id}", Input)

    def fill(self, settings: dict[str, Any]) -> None:
        """Show the saved settings (defaults where none are saved)."""
        for widget_id, value in shown_reminder_values(settings).items():
            self._input(widget_id).value = value

    def read(self, settings: dict[str, Any]) -> dict[str, Any]:
        """``settings`` with the form's values put in; raises :class:`ValidationError`
        naming the field at fault."""
        typed = {widget_id: self._input(widget_id).value for widget_id in FIELDS.values()}
        return read_reminders(typed, settings)

    def show_error(self, error: ValidationError, message: Static) -> None:
        """Say what is wrong in ``message`` and put the cursor on that field (the
        warning goes as soon as that field is changed)."""
        self.warning.show_error(self, message, error, FIELDS)

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        self.warning.field_changed(event.control)
