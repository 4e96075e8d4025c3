"""Best time: which day, time and venue most members can come to, and why not for the
others (in their own words), with the group's current slot for comparison.

Opened with ``b`` from anywhere (or "Best time" in the command palette), on top of the
Meetings screen. ``c`` (or Enter) chooses the highlighted slot: it offers to change the rhythm and
move the planned meetings, then drafts the change notice. ``a`` adds the slot's next
date to the tally of replies, ``t`` opens the tally, ``f`` picks the days and hours, ``w``
shows how each member's availability and access needs were read.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from coordinator.besttime.access import read_access_needs, read_venue_access
from coordinator.besttime.slots import (
    WEEKDAYS,
    Ranking,
    SlotOption,
    SlotRequest,
    can_come_words,
    cannot_words,
    nobody_words,
    rank_slots,
)
from coordinator.besttime.tally import SETTING, Tally, TallyOption
from coordinator.model import ValidationError, Weekday
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.slot_choice import (
    SlotFilterModal,
)
from coordinator.tui.modals.slot_offer import offer_slot
from coordinator.tui.widgets.whole_words import WholeWordsTable
from coordinator.user_text import plural

ROWS = 40


def next_date(today: date, weekday: Weekday) -> date:
    """The first ``weekday`` after ``today``."""
    return today + timedelta(days=(weekday.number - today.weekday() - 1) % 7 + 1)


class BestTimeScreen(CoordinatorScreen):
    """Candidate slots ranked by who can come; Enter chooses one."""

    CLOSES_WHEN_LEFT = True

    DEFAULT_CSS = """
    BestTimeScreen #best-head, BestTimeScreen #best-now {
        height: 1;
    }
    BestTimeScreen #best-slots {
        height: 1fr;
        min-height: 5;
    }
    BestTimeScreen #best-detail {
        height: 7;
        border-top: solid $primary;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose", "Choose", id="best-choose", tooltip="Choose this slot (or Enter)"),
        Binding(
            "a", "add_to_tally", "To tally", id="best-add", tooltip="Add its next date to the tally"
        ),
        Binding("t", "tally", "Tally", id="best-tally", tooltip="The tally of replies"),
        # Out of the footer at 80 columns (in Help and the palette; the screen says "f changes").
        Binding(
            "f",
            "filter",
            "Days/times",
            id="best-filter",
            tooltip="Days, hours and length",
            show=False,
        ),
        Binding(
            "w", "readings", "Read as", id="best-readings", tooltip="What was read", show=False
        ),
        Binding("escape", "back", "Back", id="best-back", tooltip="Back to the meetings"),
    ]
    FOOTER_KEYS_AT_ONCE = True
    MARKS_MODE = False
    AUTO_FOCUS = "#best-slots"

    def __init__(self) -> None:
        super().__init__()
        self.request = SlotRequest()
        self.ranking: Ranking | None = None
        self.show_readings = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="best-head")
        yield Static(id="best-now")
        table: DataTable[Text] = WholeWordsTable(
            id="best-slots", cursor_type="row", zebra_stripes=True, stretch="cannot"
        )
        table.add_column("#", width=3)
        table.add_column("When", width=21)
        table.add_column("Where", width=16)
        table.add_column("Come", width=6)
        table.add_column("Who cannot", key="cannot")
        yield table
        with VerticalScroll(id="best-detail"):
            yield Static(id="best-detail-text")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Rank the slots again from the saved data."""
        app = coordinator_app(self)
        data = app.data()
        if data.group is None:
            return
        try:
            self.ranking = rank_slots(data, self.request, app.today())
        except ValidationError as error:
            self.query_one("#best-head", Static).update(Text(str(error)))
            return
        ranking = self.ranking
        total = len(ranking.members)
        length = self.request.length or data.group.rhythm.duration_minutes
        days = self.request.days
        said_days = "Mon-Fri" if set(days) == set(WEEKDAYS) else ",".join(d.value for d in days)
        head = Text(
            f"{plural(total, 'active member')} · {length} min · {said_days} "
            f"{self.request.earliest:%H:%M}-{self.request.latest:%H:%M} (f changes)"
        )
        self.query_one("#best-head", Static).update(one_line(head))
        now = Text("Now: ", style="bold")
        current = ranking.current
        if current is not None:
            now.append_text(safe(f"{current.when} at {current.venue_name}"))
            if total:
                now.append(f": {len(current.can_come)} of {total} can come (◆)")
            else:
                now.append(": nobody on the roster yet (◆)")
        self.query_one("#best-now", Static).update(one_line(now))
        table = self.query_one("#best-slots", DataTable)
        keep = table.cursor_row
        table.clear()
        # Nobody to rank for: no list of slots that all look alike, only what to do.
        options = ranking.options[:ROWS] if ranking.members else ()
        for index, option in enumerate(options, start=1):
            names = cannot_words(option, ranking)
            when = option.when + (" ◆" if option.is_current else "")
            table.add_row(
                Text(str(index)),
                Text(when),
                one_line(safe(option.venue_name)),
                Text(f"{len(option.can_come)}/{total}"),
                one_line(safe(names)),
                key=str(index - 1),
            )
        if table.row_count:
            table.move_cursor(row=min(max(keep, 0), table.row_count - 1))
        self._show_detail()

    def _selected(self) -> SlotOption | None:
        table = self.query_one("#best-slots", DataTable)
        if self.ranking is None or not table.row_count:
            return None
        row = table.cursor_row
        return self.ranking.options[row] if 0 <= row < len(self.ranking.options) else None

    @on(DataTable.RowHighlighted, "#best-slots")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#best-detail-text", Static)
        if self.show_readings:
            detail.update(self._readings())
            return
        nobody = nobody_words(self.ranking) if self.ranking is not None else None
        option = self._selected()
        if option is None or self.ranking is None:
            detail.update(
                Text(nobody or "No slot of that length fits: press f to widen the hours.")
            )
            return
        text = Text()
        if nobody:
            text.append(nobody + "\n", "bold")
        text.append_text(safe(f"{option.when} at {option.venue_name}"))
        text.append(" (◆ the group's slot now)\n" if option.is_current else "\n")
        said = can_come_words(option, self.ranking)
        if said and not nobody:
            text.append_text(safe(said))
            text.append("\n")
        for person in option.cannot:
            text.append("✗ ")
            text.append_text(safe(f"{person.name}: {person.why}"))
            text.append("\n")
        for person in option.check:
            text.append("? ")
            text.append_text(safe(f"{person.name}, to check: {person.why}"))
            text.append("\n")
        if option.came_before:
            text.append(
                f"{len(option.came_before)} of them came when the group met at this time before.\n"
            )
        text.append("c or Enter chooses it · a adds its next date to the tally · w what was read")
        detail.update(text)

    def _readings(self) -> Text:
        """How each active member's availability and access needs were read."""
        app = coordinator_app(self)
        text = Text("What was read from the roster (edit a member to change it):\n", "bold")
        for member in app.data().members:
            if self.ranking is None or member.id not in self.ranking.readings:
                continue
            said = self.ranking.readings[member.id].summary()
            needs = read_access_needs(member.access_needs)
            text.append_text(safe(member.display_name, "bold"))
            text.append(": ")
            text.append_text(safe(said))
            if needs.pieces:
                text.append(" · ")
                text.append_text(safe(needs.summary(needs=True)))
            text.append("\n")
        venues = app.data().venues
        if venues:
            text.append("Venues (Settings, Venues tab, to change):\n", "bold")
        for venue in venues:
            text.append_text(safe(venue.name, "bold"))
            text.append(": ")
            text.append_text(safe(read_venue_access(venue.access_notes).summary(needs=False)))
            text.append("\n")
        return text

    def action_readings(self) -> None:
        """Show how availability and access needs were read (w again: the slot)."""
        self.show_readings = not self.show_readings
        detail = self.query_one("#best-detail", VerticalScroll)
        detail.styles.height = 12 if self.show_readings else 7
        self._show_detail()

    def action_choose(self) -> None:
        """Choose the highlighted slot: offer to change the rhythm and move meetings."""
        option = self._selected()
        if option is None:
            return
        offer_slot(self, option.weekday, option.start, option.venue_id)

    @on(DataTable.RowSelected, "#best-slots")
    def _row_chosen(self) -> None:
        self.action_choose()

    def action_add_to_tally(self) -> None:
        """Add the highlighted slot's next date to the tally of replies."""
        option = self._selected()
        if option is None:
            return
        app = coordinator_app(self)
        try:
            tally = Tally.from_settings(app.store.settings())
            proposal = TallyOption(
                option.weekday,
                option.start,
                next_date(app.today(), option.weekday),
                option.venue_id,
            )
            tally = tally.with_option(proposal)
        except ValidationError as error:
            app.notify(str(error), title="Not added", severity="error", markup=False)
            return
        app.save(
            lambda: app.store.save_settings({**app.store.settings(), SETTING: tally.to_setting()}),
            done=f"Added {proposal.label()} to the tally ({len(tally.options)} proposed: t).",
        )

    def action_back(self) -> None:
        """Back to the meetings."""
        self.app.pop_screen()

    def action_tally(self) -> None:
        """Open the tally of replies."""
        from coordinator.tui.screens.tally import TallyScreen

        self.app.push_screen(TallyScreen())

    def action_filter(self) -> None:
        """Choose the days, hours and length to look at."""
        data = coordinator_app(self).data()
        length = data.group.rhythm.duration_minutes if data.group else 120

        def chosen(request: SlotRequest | None) -> None:
            if request is not None:
                self.request = request
                self.refresh_data()

        self.app.push_screen(SlotFilterModal(self.request, length), chosen)
