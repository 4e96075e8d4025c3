"""The tally of replies gathered by WhatsApp: members down the side, the proposed dates
or slots (A-E) across, one key per reply like the register: ``y`` yes, ``m`` maybe,
``n`` no, ``u`` back to no reply. Every reply is saved the moment it is pressed (in the
group file's settings). ``a`` proposes a date, ``x`` removes the one under the cursor,
``c`` chooses it (offering to change the rhythm and move the planned meetings),
``r`` starts a new tally.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from coordinator.besttime.availability import read_availability
from coordinator.besttime.slots import judge_slot
from coordinator.besttime.tally import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    REPLY_MARKS,
    REPLY_WORDS,
    SETTING,
    Reply,
    Tally,
    TallyOption,
)
from coordinator.model import Member, MemberStatus, ValidationError
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.slot_choice import TallyOptionModal
from coordinator.tui.modals.slot_offer import offer_slot
from coordinator.tui.widgets.whole_words import WholeWordsTable

LETTERS = "ABCDE"


class TallyScreen(CoordinatorScreen):
    """Who said yes, maybe or no to each proposed date; pick one."""

    DEFAULT_CSS = """
    TallyScreen #tally-grid {
        height: 1fr;
        min-height: 4;
    }
    TallyScreen #tally-options {
        height: auto;
        max-height: 8;
        border-top: solid $primary;
    }
    TallyScreen #tally-hint {
        height: auto;
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "reply('yes')", "Yes", id="tally-yes"),
        Binding("m", "reply('maybe')", "Maybe", id="tally-maybe"),
        Binding("n", "reply('no')", "No", id="tally-no"),
        Binding("u", "reply('')", "No reply", id="tally-clear", show=False),
        Binding(  # the screen's own words say "Propose ... with a"
            "a", "add", "Propose", id="tally-add", tooltip="Propose a date or slot", show=False
        ),
        Binding(  # out of the footer at 80 columns; in Help and the palette
            "x", "remove", "Remove", id="tally-remove", tooltip="Remove this option", show=False
        ),
        Binding("c", "choose", "Choose", id="tally-choose", tooltip="Choose this option"),
        Binding("r", "restart", "New tally", id="tally-restart", show=False),
        Binding("escape", "back", "Back", id="tally-back", tooltip="Back to the best times"),
    ]
    FOOTER_KEYS_AT_ONCE = True
    MARKS_MODE = False
    AUTO_FOCUS = "#tally-grid"

    def __init__(self) -> None:
        super().__init__()
        self.tally = Tally()
        self.problem = ""

    def compose_body(self) -> ComposeResult:
        yield Static(id="tally-hint")
        yield WholeWordsTable(
            id="tally-grid", cursor_type="cell", zebra_stripes=True, stretch="availability"
        )
        yield Static(id="tally-options")

    def on_mount(self) -> None:
        self.refresh_data()

    def members(self) -> list[Member]:
        """Who is asked: the active members, by name."""
        data = coordinator_app(self).data()
        active = [m for m in data.members if m.status is MemberStatus.ACTIVE]
        return sorted(active, key=lambda m: m.display_name.casefold())

    def refresh_data(self) -> None:
        """Show the tally as saved."""
        app = coordinator_app(self)
        try:
            self.tally = Tally.from_settings(app.store.settings())
            self.problem = ""
        except ValidationError as error:
            self.tally = Tally()
            self.problem = f"{error}. Press r to start a new tally."
        table = self.query_one("#tally-grid", DataTable)
        row, column = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Member", width=18)
        for index, _ in enumerate(self.tally.options):
            table.add_column(LETTERS[index], width=8)
        table.add_column("Availability", key="availability")
        data = app.data()
        # Who cannot come to each proposed date by their own words (availability, time
        # away, access needs): shown as "✗?" until they reply.
        unlikely = [
            {c.member_id for c in judge_slot(data, o.weekday, o.start, o.venue_id, o.day).cannot}
            for o in self.tally.options
        ]
        for member in self.members():
            cells: list[Text] = [one_line(safe(member.display_name))]
            for index, _ in enumerate(self.tally.options):
                reply = self.tally.reply(member.id, index)
                if reply is None and member.id in unlikely[index]:
                    cells.append(Text("· ✗?"))
                    continue
                cells.append(Text(f"{REPLY_MARKS[reply]} {REPLY_WORDS[reply] if reply else ''}"))
            said = read_availability(member.availability).summary() if member.availability else ""
            cells.append(one_line(safe(said)))
            table.add_row(*cells, key=member.id)
        if table.row_count and self.tally.options:
            table.move_cursor(
                row=min(row, table.row_count - 1),
                column=min(max(column, 1), len(self.tally.options)),
            )
        self._show_options()

    def _show_options(self) -> None:
        hint = self.query_one("#tally-hint", Static)
        options = self.query_one("#tally-options", Static)
        if self.problem:
            hint.update(Text(self.problem))
        elif len(self.tally.options) < MIN_OPTIONS:
            hint.update(
                Text(
                    f"Propose {MIN_OPTIONS}-{MAX_OPTIONS} dates or slots with a (or a on the "
                    "Best time screen), send them to the group, then note each reply here: "
                    "y yes · m maybe · n no · u no reply."
                )
            )
        else:
            hint.update(
                Text(
                    "y yes · m maybe · n no · u no reply · c chooses · » most yes · ★ chosen"
                    " · ✗? their words say no"
                )
            )
        asked = [m.id for m in self.members()]
        data = coordinator_app(self).data()
        text = Text()
        leading = self.tally.leading(asked)
        for index, option in enumerate(self.tally.options):
            counts = self.tally.counts(index, asked)
            mark = "★" if index == self.tally.chosen else ("»" if index == leading else " ")
            text.append(f"{mark}{LETTERS[index]} ", style="bold")
            text.append(option.label())
            venue = data.venue(option.venue_id)
            if venue is not None:
                text.append(" at ")
                text.append_text(safe(venue.name))
            text.append(f": {counts.words()}\n")
        if not self.tally.options:
            text.append("No dates proposed yet.")
        options.update(text)

    def _cursor(self) -> tuple[str, int] | None:
        """The member and option index under the cursor."""
        table = self.query_one("#tally-grid", DataTable)
        if not table.row_count or not self.tally.options:
            return None
        index = table.cursor_coordinate.column - 1
        if not 0 <= index < len(self.tally.options):
            self.app.notify("Move to a date's column (A-E) first.")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (str(key), index) if key is not None else None

    def _save(self, tally: Tally, done: str = "") -> bool:
        app = coordinator_app(self)

        def write() -> bool:
            app.store.save_settings({**app.store.settings(), SETTING: tally.to_setting()})
            return True  # save_settings returns None: True tells a save from a refusal

        return app.save(write, done=done) is not None

    def action_reply(self, reply: str) -> None:
        """Note the reply of the member under the cursor to the column's date."""
        at = self._cursor()
        if at is None:
            return
        member_id, index = at
        tally = self.tally.with_reply(member_id, index, Reply(reply) if reply else None)
        if self._save(tally):
            table = self.query_one("#tally-grid", DataTable)
            if table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)

    def action_add(self) -> None:
        """Propose another date or slot."""
        app = coordinator_app(self)
        data = app.data()
        group = data.group
        if group is None:
            return
        if len(self.tally.options) >= MAX_OPTIONS:
            app.notify(f"At most {MAX_OPTIONS} dates: remove one first (x).")
            return

        def added(option: TallyOption | None) -> None:
            if option is None:
                return
            try:
                tally = self.tally.with_option(option)
            except ValidationError as error:
                app.notify(str(error), title="Not added", severity="error", markup=False)
                return
            self._save(tally, done=f"Proposed {option.label()}.")

        self.app.push_screen(
            TallyOptionModal(data.venues, group.rhythm.time, group.default_venue_id), added
        )

    def action_remove(self) -> None:
        """Remove the option under the cursor (and its replies), after asking."""
        at = self._cursor()
        if at is None:
            return
        index = at[1]
        option = self.tally.options[index]

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(self.tally.without_option(index), done="Removed.")

        self.app.push_screen(
            ConfirmModal(
                f"Remove {LETTERS[index]}, {option.label()}?",
                "Its replies go too.",
                yes="Remove",
            ),
            answered,
        )

    def action_choose(self) -> None:
        """Choose the option under the cursor: offer to move the meetings to it."""
        at = self._cursor()
        if at is None:
            return
        index = at[1]
        option = self.tally.options[index]
        chosen = Tally(self.tally.options, self.tally.replies, index)
        if self._save(chosen):
            offer_slot(self, option.weekday, option.start, option.venue_id, option.day)

    def action_back(self) -> None:
        """Back to the screen underneath (the best times)."""
        self.app.pop_screen()

    def action_restart(self) -> None:
        """Start a new tally (after asking): the options and replies go."""

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(Tally(), done="A new tally: propose dates with a.")

        self.app.push_screen(
            ConfirmModal(
                "Start a new tally?", "The dates proposed and every reply go.", yes="Start"
            ),
            answered,
        )
