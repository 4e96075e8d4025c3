"""Best time: which day, time and venue most members can come to, and why not for the
others (in their own words), with the group's current slot for comparison.

Opened with ``b`` from anywhere (or "Best time" in the command palette), on top of the
Meetings screen. ``c`` (or Enter) chooses the highlighted slot: it offers to change the rhythm and
move the planned meetings, then drafts the change notice. ``a`` adds the slot's next
date to the tally of replies, ``t`` opens the tally, ``f`` picks the days and hours, ``w``
shows how each member's availability and access needs were read.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from coordinator.application.rhythm import KEEP, change_rhythm, move_one, moves_for, rhythm_on
from coordinator.besttime.access import read_access_needs, read_venue_access
from coordinator.besttime.notice import draft_change_notice
from coordinator.besttime.slots import WEEKDAYS, Ranking, SlotOption, SlotRequest, rank_slots
from coordinator.besttime.tally import SETTING, Tally, TallyOption
from coordinator.model import MeetingStatus, ValidationError, Weekday
from coordinator.text import plural
from coordinator.tui.base import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.slot_choice import (
    CHANGE_ALL,
    ONLY_NEXT,
    NoticeModal,
    SlotChoiceModal,
    SlotFilterModal,
)

ROWS = 40


def next_date(today: date, weekday: Weekday) -> date:
    """The first ``weekday`` after ``today``."""
    return today + timedelta(days=(weekday.number - today.weekday() - 1) % 7 + 1)


def offer_slot(
    screen: Screen[Any],
    weekday: Weekday,
    start: time,
    venue_id: str | None,
    first_day: date | None = None,
) -> None:
    """Offer to change the rhythm to ``weekday`` at ``start`` (and the usual venue to
    ``venue_id``) and move the planned meetings there, from ``first_day`` when a date
    was chosen; or, for a date, to move only the next planned meeting. Then show the
    change notice to send."""
    app = coordinator_app(screen)
    data = app.data()
    group = data.group
    if group is None:
        return
    rhythm = rhythm_on(group.rhythm, weekday, start, first_day)
    # No venue named (a tally's "usual venue"): the usual one stays.
    venue = KEEP if venue_id is None or venue_id == group.default_venue_id else venue_id
    now = app.clock.now()
    try:
        moves = moves_for(data, rhythm, now, first_day=first_day, venue_id=venue)
    except ValidationError as error:
        app.notify(str(error), title="Not changed", severity="error", markup=False)
        return
    named = data.venue(venue_id)
    place = named.name if named is not None else ""
    title = Text(f"Meet {rhythm.describe()}")
    if place:
        title.append(" at ")
        title.append_text(safe(place))
    title.append("?")
    body = Text()
    if rhythm == group.rhythm and venue == KEEP:
        body.append("This is the group's rhythm already.\n")
    else:
        body.append(f"The rhythm changes from {group.rhythm.describe()}.\n")
    if moves:
        body.append(f"{plural(len(moves), 'planned meeting')} move:\n")
        for move in moves:
            old, new = move.before.starts_at, move.after.starts_at
            body.append(f"  {old:%a %d %b %H:%M} → {new:%a %d %b %H:%M}\n")
        body.append(
            "Their calendar invites are updated (sequence raised): export them again "
            "(Meetings, e) to send the new times."
        )
    else:
        body.append("No planned meetings need to move.")
    upcoming = [
        m
        for m in data.meetings
        if m.status is MeetingStatus.PLANNED and m.starts_at > now.astimezone(m.starts_at.tzinfo)
    ]
    can_move_one = first_day is not None and bool(upcoming)
    if can_move_one and first_day is not None:
        body.append(
            f"\n\nOr keep the rhythm and move only the next meeting "
            f"({upcoming[0].starts_at:%a %d %b}) to {first_day:%a %d %b} {start:%H:%M}."
        )

    def chosen(answer: str | None) -> None:
        if answer == CHANGE_ALL:
            done = app.save(
                lambda: change_rhythm(
                    app.store, rhythm, app.clock.now(), first_day=first_day, venue_id=venue
                ),
                done=f"The group now meets {rhythm.describe()}; "
                f"{plural(len(moves), 'planned meeting')} moved.",
            )
            if done is not None:
                notice = draft_change_notice(app.data(), done.moves)
                app.push_screen(NoticeModal("The new time is saved", notice))
        elif answer == ONLY_NEXT and first_day is not None:
            target = datetime.combine(first_day, start, tzinfo=group.zone)
            moved = app.save(
                lambda: move_one(app.store, upcoming[0].id, target),
                done=f"The next meeting is now on {first_day:%a %d %b} at {start:%H:%M}.",
            )
            if moved is not None:
                notice = draft_change_notice(app.data(), [moved])
                app.push_screen(NoticeModal("The meeting is moved", notice))

    app.push_screen(SlotChoiceModal(title, body, can_move_one=can_move_one), chosen)


class BestTimeScreen(CoordinatorScreen):
    """Candidate slots ranked by who can come; Enter chooses one."""

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
        Binding("f", "filter", "Days/times", id="best-filter", tooltip="Days, hours and length"),
        Binding("w", "readings", "Read as", id="best-readings", tooltip="What was read"),
        Binding("escape", "back", "Back", id="best-back", tooltip="Back to the meetings"),
    ]
    FOOTER_KEYS_AT_ONCE = True
    AUTO_FOCUS = "#best-slots"

    def __init__(self) -> None:
        super().__init__()
        self.request = SlotRequest()
        self.ranking: Ranking | None = None
        self.show_readings = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="best-head")
        yield Static(id="best-now")
        table: DataTable[Text] = DataTable(id="best-slots", cursor_type="row", zebra_stripes=True)
        table.add_column("#", width=3)
        table.add_column("When", width=21)
        table.add_column("Where", width=16)
        table.add_column("Come", width=6)
        table.add_column("Who cannot", width=26)
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
            now.append(f": {len(current.can_come)} of {total} can come (◆)")
        self.query_one("#best-now", Static).update(one_line(now))
        table = self.query_one("#best-slots", DataTable)
        keep = table.cursor_row
        table.clear()
        for index, option in enumerate(ranking.options[:ROWS], start=1):
            names = ", ".join(c.name for c in option.cannot) or "everyone can come"
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
        option = self._selected()
        if option is None:
            detail.update(Text("No slot of that length fits: press f to widen the hours."))
            return
        text = Text()
        text.append_text(safe(f"{option.when} at {option.venue_name}"))
        text.append(" (◆ the group's slot now)\n" if option.is_current else "\n")
        if not option.cannot and not option.check:
            text.append("Everyone can come.\n")
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
