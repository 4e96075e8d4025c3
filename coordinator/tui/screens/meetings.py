"""Meetings: what is coming up and what has been, planned from the group's rhythm.

Plan the next few in one go, add a one-off, edit, move, cancel or put back on
(calendars are told: the meeting's sequence goes up), mark as held, open its register,
export it to calendars. Every change goes through coordinator/application/meetings.py,
the code the `coordinator meeting` commands run.
"""

from __future__ import annotations

import importlib
from datetime import date, time
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from coordinator.application import meetings as flows
from coordinator.model import (
    MARK_SYMBOLS,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
)
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.meeting_form import (
    KIND_WORDS,
    MEETING_STATUS_WORDS,
    MeetingFormModal,
    MoveMeetingModal,
    PlanCountModal,
)
from coordinator.tui.widgets.keep_place import key_at_cursor, refill_table
from coordinator.tui.widgets.whole_words import WholeWordsTable
from coordinator.user_text import visible

TABLES = ("#meetings-upcoming", "#meetings-past")
HEADINGS = {"meetings-upcoming": "Coming up", "meetings-past": "Past, newest first"}


def is_upcoming(meeting: Meeting, today: date) -> bool:
    """Still to come: today or later and not yet held."""
    return meeting.day >= today and meeting.status is not MeetingStatus.HELD


def when(meeting: Meeting) -> str:
    """ "Tue 01 Dec 2026 14:00"."""
    return f"{meeting.starts_at:%a %d %b %Y %H:%M}"


def tally(meeting: Meeting) -> Text:
    """Marks so far as counts with symbols: "6● 2◐ 1○"."""
    counts = {mark: 0 for mark in Mark}
    for entry in meeting.attendance.values():
        counts[entry.status] += 1
    parts = [f"{counts[mark]}{MARK_SYMBOLS[mark]}" for mark in Mark if counts[mark]]
    return Text(" ".join(parts) if parts else "-")


def meeting_summary(data: GroupData, meeting: Meeting) -> Text:
    """The selected meeting in words: when, place (in full), topics, guests, notes."""
    text = Text("▶ ", style="bold")
    text.append(when(meeting), style="bold")
    text.append(f": {MEETING_STATUS_WORDS[meeting.status]}, {KIND_WORDS[meeting.kind]}, ")
    text.append(f"{meeting.duration_minutes} min, guests {meeting.guests}")
    text.append("\nAt ")
    text.append_text(safe(data.place_of(meeting)))
    text.append(". Topics: ")
    text.append_text(safe(", ".join(meeting.topics) if meeting.topics else "none recorded"))
    if meeting.notes.strip():
        text.append("  Notes: ")
        text.append_text(safe(meeting.notes.strip().replace("\n", " ")))
    return text


class MeetingList(WholeWordsTable):
    """One of the two lists. Down on its last row goes on into the list below, up on
    its first row back into the list above, so both read as one list."""

    # Enter edits; said here (not only on the screen) so that help and the command
    # palette find it while a list has the focus and the key.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit_meeting", "Edit", show=False, id="meetings-list-edit"),
    ]

    def __init__(self, list_id: str, before: str | None, after: str | None) -> None:
        super().__init__(id=list_id, cursor_type="row", stretch="where")
        self.before = before
        self.after = after

    def action_edit_meeting(self) -> None:
        screen = self.screen
        if isinstance(screen, MeetingsScreen):
            screen.action_edit()

    def action_cursor_down(self) -> None:
        if self.after is not None and self.cursor_row >= self.row_count - 1:
            following = self.screen.query_one(self.after, DataTable)
            if following.row_count:
                following.move_cursor(row=0)
                following.focus()
                return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.before is not None and self.cursor_row <= 0:
            previous = self.screen.query_one(self.before, DataTable)
            if previous.row_count:
                previous.move_cursor(row=previous.row_count - 1)
                previous.focus()
                return
        super().action_cursor_up()


class MeetingsScreen(CoordinatorScreen):
    """Upcoming and past meetings, with every change one key away."""

    DEFAULT_CSS = """
    MeetingsScreen .meetings-heading {
        color: $text-muted;
        height: 1;
    }
    MeetingsScreen .meetings-heading.-active {
        text-style: bold;
        color: $accent;
    }
    MeetingsScreen #meetings-upcoming {
        height: auto;
        max-height: 7;
    }
    MeetingsScreen #meetings-past {
        height: 1fr;
    }
    MeetingsScreen #meeting-details {
        height: auto;
        max-height: 3;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "plan", "Plan", id="meetings-plan", tooltip="Plan the next meetings"),
        Binding("a", "add", "Add", id="meetings-add", tooltip="Add a one-off meeting"),
        Binding("enter", "edit", "Edit", show=False, id="meetings-edit"),
        Binding("g", "register", "Register", id="meetings-register"),
        Binding("h", "held", "Held", id="meetings-held", tooltip="Mark as held"),
        Binding(
            "c",
            "cancel_meeting",
            "Cancel",
            id="meetings-cancel",
            tooltip="Cancel the meeting, or put a cancelled one back on",
        ),
        # In help and the command palette, not the footer (80 columns).
        Binding("v", "move", "Move", show=False, id="meetings-move"),
        Binding("e", "export", "Export .ics", show=False, id="meetings-export"),
        Binding("delete", "delete", "Delete", show=False, id="meetings-delete"),
    ]

    # One body container of its own; the key checks look at no widget, so the footer
    # shows its keys with the first frame.
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True

    # The list in use (its selector): the details line and the keys act on its cursor.
    _active: str = TABLES[0]
    # Coming up has the focus from the start (drawn once, focused, rather than again
    # when the focus arrives); the past list takes it when nothing is coming up.
    AUTO_FOCUS = TABLES[0]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(id="heading-meetings-upcoming", classes="meetings-heading")
            yield MeetingList("meetings-upcoming", None, "#meetings-past")
            yield Static(id="heading-meetings-past", classes="meetings-heading")
            yield MeetingList("meetings-past", "#meetings-upcoming", None)
            yield Static(id="meeting-details")

    def on_mount(self) -> None:
        for selector in TABLES:
            table = self.query_one(selector, DataTable)
            # Topics and the full place are on the details line below, for the one
            # selected: at 80 columns the place gets the room.
            table.add_column(Text("When"), key="when", width=21)
            table.add_column(Text("Where"), key="where", width=24)
            table.add_column(Text("Status"), key="status", width=9)
            table.add_column(Text("Marks"), key="marks", width=10)
        self._active = TABLES[0]
        self.refresh_data()
        upcoming = self.query_one("#meetings-upcoming", DataTable)
        if not upcoming.row_count:
            self.set_focus(self.query_one("#meetings-past", DataTable))
        self._show_active()

    # -- showing ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Rebuild both lists from the store, keeping each cursor on its meeting."""
        app = coordinator_app(self)
        data = app.data()
        today = app.today()
        upcoming = [m for m in data.meetings if is_upcoming(m, today)]
        past = [m for m in reversed(data.meetings) if not is_upcoming(m, today)]
        for selector, meetings in zip(TABLES, (upcoming, past), strict=True):
            plan = "press n to plan the next ones" if selector == TABLES[0] else ""
            refill_table(
                self.query_one(selector, DataTable),
                (
                    (
                        meeting.id,
                        [
                            Text(when(meeting)),
                            one_line(safe(data.place_of(meeting))),
                            Text(MEETING_STATUS_WORDS[meeting.status]),
                            tally(meeting),
                        ],
                    )
                    for meeting in meetings
                ),
                empty=[Text("None yet."), Text(plan), Text(""), Text("")],
            )
        self._show_details()

    @staticmethod
    def _key_at_cursor(table: DataTable[Any]) -> str | None:
        return key_at_cursor(table)

    @staticmethod
    def _move_in(table: DataTable[Any], meeting_id: str) -> bool:
        try:
            index = table.get_row_index(meeting_id)
        except Exception:  # not in this table
            return False
        table.move_cursor(row=index)
        return True

    def _active_table(self) -> DataTable[Any]:
        """The list last in use. Remembered rather than read from the focus, so the
        details line and the keys (g, Enter, c, ...) always mean the same meeting, even
        while the focus is elsewhere (a closed form, the command palette)."""
        return self.query_one(self._active, DataTable)

    def _show_active(self) -> None:
        """Say which list is in use in words and a mark, not by shade alone; only that
        list shows its cursor."""
        for selector in TABLES:
            table = self.query_one(selector, DataTable)
            active = selector == self._active
            table.show_cursor = active
            heading = self.query_one(f"#heading-{table.id}", Static)
            heading.set_class(active, "-active")
            label = HEADINGS[table.id or ""]
            heading.update(Text(f"▶ {label} (in use)" if active else f"  {label}"))

    def selected(self) -> Meeting | None:
        """The meeting under the cursor of the list in use."""
        meeting_id = self._key_at_cursor(self._active_table())
        meeting = coordinator_app(self).data().meeting(meeting_id) if meeting_id else None
        if meeting is None:
            self.notify("No meeting selected. Press n to plan the next ones, a to add one.")
        return meeting

    def show_meeting(self, meeting_id: str) -> None:
        """Select ``meeting_id`` in whichever list holds it."""
        for selector in TABLES:
            table = self.query_one(selector, DataTable)
            if self._move_in(table, meeting_id):
                self._active = selector
                table.focus()
                self._show_active()
                self._show_details()
                return
        self.notify("That meeting is no longer on record.")

    def _show_details(self) -> None:
        app = coordinator_app(self)
        meeting_id = self._key_at_cursor(self._active_table())
        meeting = app.data().meeting(meeting_id) if meeting_id else None
        details = self.query_one("#meeting-details", Static)
        if meeting is None:
            details.update(Text("Plan meetings from the group's rhythm with n."))
        else:
            details.update(meeting_summary(app.data(), meeting))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_details()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, MeetingList) and f"#{event.widget.id}" in TABLES:
            self._active = f"#{event.widget.id}"
            self._show_active()
        self._show_details()

    # -- changes ---------------------------------------------------------------------

    def _saved(self, done: flows.Done | None) -> None:
        """Say what a flow did (and anything to know), and show its meeting."""
        if done is None:
            return
        for note in done.notes:
            self.notify(visible(note), markup=False, timeout=10)
        if done.meetings:
            self.show_meeting(done.meeting.id)

    def action_plan(self) -> None:
        app = coordinator_app(self)
        group = app.data().group
        if group is None:
            self.notify("Set up the group's rhythm in Settings first (s).")
            return

        def chosen(count: int | None) -> None:
            if count is None:
                return
            done = app.save(lambda: flows.plan(app.store, app.clock.now(), count))
            if done is not None:
                self.notify(visible(done.message), markup=False)
            self._saved(done)

        app.push_screen(PlanCountModal(group.rhythm.describe()), chosen)

    def action_add(self) -> None:
        self._open_form(None, "date")

    def action_edit(self) -> None:
        meeting = self.selected()
        if meeting is not None:
            focus = "topics" if meeting.status is MeetingStatus.HELD else "date"
            self._open_form(meeting, focus)

    def action_move(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        if meeting.status is MeetingStatus.HELD:
            self.notify("This meeting was held; it stays where it was.")
            return
        app = coordinator_app(self)

        def chosen(when_to: tuple[date, time] | None) -> None:
            if when_to is None:
                return
            day, at = when_to
            done = app.save(lambda: flows.move(app.store, meeting.id, day, at))
            if done is not None:
                self.notify(
                    visible(done.message + ". Export it again (e) so calendars update."),
                    markup=False,
                )
            self._saved(done)

        app.push_screen(MoveMeetingModal(meeting), chosen)

    def _open_form(self, meeting: Meeting | None, focus: str) -> None:
        app = coordinator_app(self)

        def saved(changed: Meeting | None) -> None:
            if changed is None:
                return
            self._saved(app.save(lambda: flows.save_edit(app.store, changed), done="Meeting saved"))

        app.push_screen(MeetingFormModal(meeting, app.data(), app.today(), focus), saved)

    def action_cancel_meeting(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        if meeting.status is MeetingStatus.HELD:
            self.notify("This meeting was held; it cannot be cancelled.")
            return
        app = coordinator_app(self)
        if meeting.status is MeetingStatus.CANCELLED:

            def back_on(yes: bool | None) -> None:
                if yes:
                    done = app.save(lambda: flows.uncancel(app.store, meeting.id))
                    if done is not None:
                        self.notify(
                            visible(done.message + ". Export it again (e) for calendars."),
                            markup=False,
                        )

            back = Text(f"The meeting of {when(meeting)} is cancelled. Put it back on (planned)?")
            app.push_screen(
                ConfirmModal("Put it back on?", back, yes="Put it back on", no="Keep it off"),
                back_on,
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                app.save(
                    lambda: flows.cancel(app.store, meeting.id),
                    done="Cancelled. Export it again (e) so calendars remove it.",
                )

        body = Text(f"Cancel the meeting of {when(meeting)} at ")
        body.append_text(safe(app.data().place_of(meeting)))
        body.append(
            "?\nIt stays on record as cancelled; exporting it again tells calendars to remove it."
        )
        question = ConfirmModal(
            "Cancel this meeting?", body, yes="Cancel the meeting", no="Keep it"
        )
        app.push_screen(question, confirmed)

    def action_held(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        app = coordinator_app(self)
        if meeting.day > app.today():
            self.notify("This meeting has not happened yet.")
            return
        if meeting.status is MeetingStatus.HELD:
            self.notify("Already marked as held. Press g to take the register.")
            return
        app.save(
            lambda: flows.held(app.store, meeting.id, app.today()),
            done="Marked as held; g takes the register",
        )

    def action_delete(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        app = coordinator_app(self)
        if meeting.attendance:
            self.notify("This meeting has attendance marks; cancel it (c) instead of deleting.")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                app.save(lambda: app.store.delete_meeting(meeting.id), done="Meeting deleted")

        body = Text(
            f"Delete the meeting of {when(meeting)} from the record? If it was already sent "
            "to calendars, cancel it (c) instead so calendars remove it."
        )
        app.push_screen(ConfirmModal("Delete this meeting?", body, yes="Delete"), confirmed)

    def action_register(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        app = coordinator_app(self)
        meeting_id = meeting.id
        app.action_go("register")

        def select() -> None:
            show = getattr(app.screen, "show_meeting", None)
            if show is not None:
                show(meeting_id)

        app.call_after_refresh(select)

    def action_export(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        try:
            module = importlib.import_module("coordinator.tui.modals.ics_export")
        except ModuleNotFoundError:
            self.notify("Calendar export is not available in this installation.")
            return
        modal: ModalScreen[Any] = module.IcsExportModal(meeting.id)
        self.app.push_screen(modal)
