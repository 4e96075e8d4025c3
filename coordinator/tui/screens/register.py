"""The attendance register: take it for one meeting, or see the whole grid.

Taking the register: one row per member who was in the group that day; ``p`` present,
``a`` apologies (then why), ``x`` absent without word, ``u`` back to unknown. Every
mark is on disk the moment it is pressed. Only the changed row is redrawn, so a long
register keeps up with quick typing.

The grid (``v``): members x held meetings, as on the paper register.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from coordinator.application.attendance import mark_attendance, marks_it_held
from coordinator.model import (
    MARK_SYMBOLS,
    MARK_WORDS,
    MAX_GUESTS,
    AttendanceMark,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    Reason,
    active_on,
)
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.mark_note import MarkNoteModal
from coordinator.tui.modals.reason import ReasonModal
from coordinator.tui.widgets.keep_place import refill_table
from coordinator.tui.widgets.marks import mark_styles, mark_text
from coordinator.tui.widgets.register_grid import BLANK, RegisterGrid
from coordinator.tui.widgets.whole_words import WholeWordsTable

TAKE_ACTIONS = frozenset({"mark", "guests", "step", "note"})
GRID_LEGEND = "● present  ◐ apologies  ○ absent, no word  · unknown  blank: not a member"


def default_meeting(meetings: tuple[Meeting, ...], today: date) -> Meeting | None:
    """The meeting a coordinator most likely wants: today's, else the latest held one,
    else the next planned one."""
    for meeting in meetings:
        if meeting.day == today and meeting.status is not MeetingStatus.CANCELLED:
            return meeting
    held = [m for m in meetings if m.status is MeetingStatus.HELD and m.day <= today]
    if held:
        return held[-1]
    upcoming = [m for m in meetings if m.status is MeetingStatus.PLANNED and m.day >= today]
    return upcoming[0] if upcoming else None


def register_members(data: GroupData, meeting: Meeting) -> list[Member]:
    """Who belongs on this meeting's register: everyone in the group that day, plus
    anyone who has a mark for it anyway (so no mark is ever hidden)."""
    expected = {m.id for m in active_on(data.members, meeting.day)}
    return [m for m in data.members if m.id in expected or m.id in meeting.attendance]


def joined_after(data: GroupData, meeting: Meeting) -> list[Member]:
    """Current members left off this meeting's register because their "joined on" date
    is after it (often a date typed when the group was set up, not when they came)."""
    listed = {m.id for m in register_members(data, meeting)}
    return [
        m
        for m in data.members
        if m.id not in listed
        and m.status is not MemberStatus.LEFT
        and m.joined_on is not None
        and m.joined_on > meeting.day
    ]


def not_listed_line(members: list[Member]) -> Text:
    """One line saying who is not on the register because they joined after it."""
    if not members:
        return Text("")
    line = Text(f"Not listed: {len(members)} member(s) who joined after this meeting (")
    for index, member in enumerate(members):
        if index:
            line.append(", ")
        line.append_text(safe(member.display_name))
    line.append("). Change their 'joined on' date if they were members then.")
    return line


def grid_members(data: GroupData) -> list[Member]:
    """The grid's rows: current members first, then paused, then those who left."""
    order = {MemberStatus.ACTIVE: 0, MemberStatus.PAUSED: 1, MemberStatus.LEFT: 2}
    return sorted(data.members, key=lambda m: order[m.status])


class RegisterScreen(CoordinatorScreen):
    """Take attendance for one meeting, or browse the register grid."""

    DEFAULT_CSS = """
    RegisterScreen #register-title {
        height: 2;
    }
    RegisterScreen #register-table {
        height: 1fr;
    }
    RegisterScreen #register-grid {
        height: 1fr;
        display: none;
    }
    RegisterScreen #register-help {
        height: 1;
        color: $text-muted;
    }
    RegisterScreen #register-not-listed {
        height: auto;
        max-height: 2;
    }
    RegisterScreen #register-not-listed.-none, RegisterScreen.-grid #register-not-listed {
        display: none;
    }
    RegisterScreen.-grid #register-table {
        display: none;
    }
    RegisterScreen.-grid #register-grid {
        display: block;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('present')", "Present", id="register-present"),
        Binding("a", "mark('apologies')", "Apologies", id="register-apologies"),
        Binding("x", "mark('absent')", "Absent", id="register-absent"),
        Binding("v", "toggle_view", "Grid/take", id="register-view"),
        # Not in the footer (80 columns): on the line above it, in help and the palette.
        Binding("u", "mark('unknown')", "Unknown", show=False, id="register-unknown"),
        Binding(
            "n",
            "note",
            "Note on the mark",
            show=False,
            id="register-note",
            tooltip="A note kept with this member's mark at this meeting",
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Earlier",
            key_display="[",
            show=False,
            id="register-prev",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Later",
            key_display="]",
            show=False,
            id="register-next",
        ),
        Binding(
            "plus,equals_sign",
            "guests(1)",
            "Guest +1",
            key_display="+",
            show=False,
            id="register-guest",
        ),
        Binding(
            "minus", "guests(-1)", "Guest -1", key_display="-", show=False, id="register-guest-less"
        ),
    ]

    # One body container of its own; the key checks look at no widget, so the footer
    # shows its keys with the first frame.
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True
    # The register has the focus from the start (drawn once, focused).
    AUTO_FOCUS = "#register-table"

    def __init__(self) -> None:
        super().__init__()
        self.meeting_id: str | None = None
        self.grid_view = False
        # What the table shows now, so a refresh redraws only what changed.
        self._shown_meeting: str | None = None
        self._shown_rows: list[str] = []
        self._shown_marks: dict[str, AttendanceMark | None] = {}
        self._grid_stale = True

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(id="register-title")
            table: DataTable[Text] = WholeWordsTable(
                id="register-table", cursor_type="row", stretch="note"
            )
            yield table
            yield RegisterGrid(id="register-grid")
            yield Static(id="register-not-listed")
            yield Static(id="register-help")

    def on_mount(self) -> None:
        table = self.query_one("#register-table", DataTable)
        table.add_column(Text("Member"), key="name", width=18)
        table.add_column(Text("Mark"), key="mark", width=36)
        table.add_column(Text("Note"), key="note")
        self.refresh_data()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """Mark colours come from the theme: redraw every row."""
        self._shown_meeting = None
        self.refresh_data()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#register-table", DataTable)

    # -- which meeting ---------------------------------------------------------------

    def meeting(self, data: GroupData) -> Meeting | None:
        """The meeting on show (the default one until another is chosen)."""
        meeting = data.meeting(self.meeting_id) if self.meeting_id else None
        if meeting is None:
            meeting = default_meeting(data.meetings, coordinator_app(self).today())
            self.meeting_id = meeting.id if meeting else None
        return meeting

    def show_meeting(self, meeting_id: str) -> None:
        """Take the register for ``meeting_id``."""
        if coordinator_app(self).data().meeting(meeting_id) is None:
            self.notify("That meeting is no longer on record.")
            return
        self.meeting_id = meeting_id
        if self.grid_view:
            self.action_toggle_view()
        self.refresh_data()
        self.table.focus()

    def action_step(self, step: int) -> None:
        """The previous or next meeting that was not cancelled."""
        data = coordinator_app(self).data()
        current = self.meeting(data)
        meetings = [m for m in data.meetings if m.status is not MeetingStatus.CANCELLED]
        if current is None or not meetings:
            return
        ids = [m.id for m in meetings]
        if current.id in ids:
            index = ids.index(current.id) + step
        else:
            later = [i for i, m in enumerate(meetings) if m.starts_at > current.starts_at]
            index = (later[0] if later else len(meetings)) - (1 if step < 0 else 0)
        if not 0 <= index < len(meetings):
            self.notify("No earlier meeting." if step < 0 else "No later meeting.")
            return
        self.meeting_id = meetings[index].id
        self.refresh_data()

    # -- showing ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Show the store's data; when the same meeting and members are on show, only
        rows whose mark changed are redrawn."""
        app = coordinator_app(self)
        data = app.data()
        meeting = self.meeting(data)
        self._grid_stale = True
        if self.grid_view:
            self._fill_grid(data)
        if meeting is None:
            self.table.clear()
            self._shown_meeting, self._shown_rows, self._shown_marks = None, [], {}
            self.query_one("#register-title", Static).update(
                Text("No meetings yet. Plan some on the meetings screen (m, then n).")
            )
            self._show_not_listed([])
            self._show_help()
            return
        members = register_members(data, meeting)
        row_ids = [m.id for m in members]
        if meeting.id == self._shown_meeting and row_ids == self._shown_rows:
            for member in members:
                mark = meeting.attendance.get(member.id)
                if mark != self._shown_marks.get(member.id):
                    self._draw_mark(member, meeting, mark)
        else:
            self._rebuild(members, meeting)
        self._show_title(data, meeting)
        self._show_not_listed(joined_after(data, meeting))
        self._show_help()

    def _show_not_listed(self, members: list[Member]) -> None:
        # A class, not ``display``: an inline display would outrank the grid view's rule
        # that hides this line, and the grid would show a note about another meeting.
        note = self.query_one("#register-not-listed", Static)
        note.set_class(not members, "-none")
        note.update(not_listed_line(members))

    def _rebuild(self, members: list[Member], meeting: Meeting) -> None:
        table = self.table
        if self._shown_meeting != meeting.id and table.row_count:
            table.move_cursor(row=0)  # another meeting: start at the top of its list
        styles = mark_styles(coordinator_app(self))
        self._shown_marks = {m.id: meeting.attendance.get(m.id) for m in members}
        refill_table(
            table,
            (
                (
                    member.id,
                    [
                        one_line(safe(member.display_name)),
                        mark_text(
                            self._shown_marks[member.id], styles, with_reason=True, own_words=False
                        ),
                        one_line(self._note(member, meeting)),
                    ],
                )
                for member in members
            ),
            empty=[Text(""), Text("Nobody was in the group on this day."), Text("")],
        )
        self._shown_meeting = meeting.id
        self._shown_rows = [m.id for m in members]

    @staticmethod
    def _note(member: Member, meeting: Meeting) -> Text:
        notes = []
        if member.is_away(meeting.day):
            notes.append("away (planned)")  # fits the column at 80 columns
        if member.joined_on == meeting.day:
            notes.append("first meeting")
        if member.status is not MemberStatus.ACTIVE:
            notes.append(f"now {member.status.value}")
        mark = meeting.attendance.get(member.id)
        if mark is not None and mark.note.strip():
            notes.append(mark.note.strip())
        return safe("; ".join(notes))

    def _draw_mark(self, member: Member, meeting: Meeting, mark: AttendanceMark | None) -> None:
        """Redraw one row's mark (the only work a key press causes on screen), and its
        note when the mark's note changed with it (apologies for "other" with the reason
        in words; a mark cleared or replaced takes its note with it)."""
        styles = mark_styles(coordinator_app(self))
        self.table.update_cell(
            member.id, "mark", mark_text(mark, styles, with_reason=True, own_words=False)
        )
        before = self._shown_marks.get(member.id)
        if (before.note if before else "") != (mark.note if mark else ""):
            self.table.update_cell(member.id, "note", one_line(self._note(member, meeting)))
        self._shown_marks[member.id] = mark

    def _show_title(self, data: GroupData, meeting: Meeting) -> None:
        title = Text(f"{meeting.starts_at:%a %d %b %Y %H:%M} at ", style="bold")
        title.append_text(safe(data.place_of(meeting), "bold"))
        title.append(f"  {meeting.status.value}, guests {meeting.guests}")
        counts = {mark: 0 for mark in (*Mark, None)}
        for member_id in self._shown_rows:
            entry = meeting.attendance.get(member_id)
            counts[entry.status if entry else None] += 1
        title.append("\n")
        title.append(
            "  ".join(f"{counts[m]} {MARK_SYMBOLS[m]} {MARK_WORDS[m]}" for m in (*Mark, None))
        )
        self.query_one("#register-title", Static).update(one_line(title))

    def _show_help(self) -> None:
        if self.grid_view:
            text = Text(GRID_LEGEND)
        else:
            text = Text("u unknown  n note  [ ] earlier/later meeting  + - guests  v grid of all")
        self.query_one("#register-help", Static).update(one_line(text))

    # -- the grid ----------------------------------------------------------------------

    def action_toggle_view(self) -> None:
        self.grid_view = not self.grid_view
        self.set_class(self.grid_view, "-grid")
        if self.grid_view:
            data = coordinator_app(self).data()
            if self._grid_stale:
                self._fill_grid(data)
            self.query_one(RegisterGrid).focus()
            self._describe_cell()
        else:
            self.table.focus()
            self.refresh_data()
        self._show_help()
        self.refresh_bindings()

    def _fill_grid(self, data: GroupData) -> None:
        app = coordinator_app(self)
        self.query_one(RegisterGrid).set_register(
            grid_members(data), data.held_meetings(app.today())
        )
        self._grid_stale = False

    def _describe_cell(self) -> None:
        grid = self.query_one(RegisterGrid)
        row, meeting, cell = grid.cell_at_cursor()
        if row is None or meeting is None:
            text = Text("No held meetings yet.")
        else:
            text = Text(row.name, style="bold")
            text.append(f" at {meeting.starts_at:%a %d %b %Y}: ")
            if cell == BLANK:
                text.append("not a member then")
            else:
                mark = meeting.attendance.get(row.member_id)
                text.append_text(mark_text(mark, {}, with_reason=True))
            text.append("  (Enter takes this register)")
        self.query_one("#register-title", Static).update(one_line(text))

    @on(RegisterGrid.CellHighlighted)
    def _cell_highlighted(self) -> None:
        if self.grid_view:
            self._describe_cell()

    @on(RegisterGrid.MeetingChosen)
    def _meeting_chosen(self, event: RegisterGrid.MeetingChosen) -> None:
        self.show_meeting(event.meeting_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Marking keys belong to the take-the-register view, not the grid."""
        return not (action in TAKE_ACTIONS and self.grid_view)

    # -- marking -----------------------------------------------------------------------

    def _cursor_member(self, data: GroupData) -> Member | None:
        table = self.table
        if not self._shown_rows or table.cursor_row >= len(self._shown_rows):
            return None
        return data.member(self._shown_rows[table.cursor_row])

    def action_mark(self, status: str) -> None:
        """Mark the member under the cursor; apologies ask why first."""
        app = coordinator_app(self)
        data = app.data()
        meeting = self.meeting(data)
        member = self._cursor_member(data)
        if meeting is None or member is None:
            self.notify("Nobody to mark here.")
            return
        if meeting.status is MeetingStatus.CANCELLED:
            self.notify("This meeting was cancelled; there is no register to take.")
            return
        if status in (Mark.PRESENT, Mark.ABSENT) and meeting.day > app.today():
            self.notify("This meeting is still to come: only apologies can be taken now.")
            return
        if status == "unknown":
            self._save(meeting, member, None)
        elif status == Mark.APOLOGIES:
            current = meeting.attendance.get(member.id)
            title = Text("Apologies from ")
            title.append_text(safe(member.display_name, "bold"))
            title.append(": why?")

            def chosen(reason: Reason | None) -> None:
                if reason is None:
                    return
                note = current.note if current else ""
                if reason is not Reason.OTHER:
                    self._save(meeting, member, AttendanceMark(Mark.APOLOGIES, reason, note))
                    return
                # "Other" says nothing by itself: ask for the reason in words.
                asked = Text("Apologies from ")
                asked.append_text(safe(member.display_name, "bold"))
                asked.append(": the reason, in a few words")

                def worded(words: str | None) -> None:
                    if words is not None:
                        mark = AttendanceMark(Mark.APOLOGIES, reason, words)
                        self._save(meeting, member, mark)

                app.push_screen(MarkNoteModal(asked, note, required=True), worded)

            app.push_screen(ReasonModal(title, current=current.reason if current else None), chosen)
        else:
            self._save(meeting, member, AttendanceMark(Mark(status)))

    def action_note(self) -> None:
        """A note on the selected member's mark at this meeting (kept with the mark)."""
        app = coordinator_app(self)
        data = app.data()
        meeting = self.meeting(data)
        member = self._cursor_member(data)
        if meeting is None or member is None:
            self.notify("Nobody to add a note for here.")
            return
        mark = meeting.attendance.get(member.id)
        if mark is None:
            self.notify("Mark them first (p, a or x): the note goes with the mark.")
            return
        title = Text("Note on ")
        title.append_text(safe(member.display_name, "bold"))
        title.append(f"'s mark, {meeting.starts_at:%a %d %b %Y}")

        def written(note: str | None) -> None:
            if note is None or note == mark.note:
                return
            changed = replace(mark, note=note)
            saved = app.save(lambda: app.store.set_mark(meeting.id, member.id, changed))
            if saved is not None:
                self._shown_marks[member.id] = changed
                self.table.update_cell(member.id, "note", one_line(self._note(member, saved)))

        app.push_screen(MarkNoteModal(title, mark.note), written)

    def _save(self, meeting: Meeting, member: Member, mark: AttendanceMark | None) -> None:
        """Save one mark now. Marking someone present or absent at a planned meeting
        that has happened also records that it was held (one write)."""
        app = coordinator_app(self)
        store = app.store
        today = app.today()
        done = "Meeting marked as held" if marks_it_held(meeting, mark, today) else ""
        saved = app.save(lambda: mark_attendance(store, meeting, member.id, mark, today), done=done)
        if saved is None:
            return
        if self._shown_marks.get(member.id) != mark:
            self._draw_mark(member, saved, mark)
            self._show_title(app.data(), saved)
        table = self.table
        if table.cursor_row < len(self._shown_rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_guests(self, change: int) -> None:
        app = coordinator_app(self)
        meeting = self.meeting(app.data())
        if meeting is None:
            return
        guests = max(0, min(MAX_GUESTS, meeting.guests + change))
        if guests == meeting.guests:
            return
        updated = replace(meeting, guests=guests)
        app.save(lambda: app.store.save_meeting(updated))
