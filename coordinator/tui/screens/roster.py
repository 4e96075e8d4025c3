"""The roster: who is in the group, how to reach them, when they last came.

Add and edit members in a form; pause, mark as left with a reason, or erase someone
(after a confirmation that says what goes). Enter opens a member's page with their
history, away periods and outreach notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from coordinator.model import (
    CHANNEL_LABELS,
    REASON_LABELS,
    Channel,
    GroupData,
    Member,
    MemberStatus,
    Reason,
)
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.member_form import MemberFormModal
from coordinator.tui.modals.outreach import open_check_in
from coordinator.tui.modals.reason import LEAVING_REASONS, ReasonModal
from coordinator.tui.widgets.keep_place import key_at_cursor, refill_table
from coordinator.tui.widgets.marks import (
    SHORT_LEGEND,
    last_came,
    mark_styles,
    recent_marks,
    sparkline_text,
)
from coordinator.tui.widgets.whole_words import WholeWordsTable
from coordinator.user_text import day_words, visible

# The filter cycles through these with one key; the first is the everyday view.
FILTERS: tuple[tuple[str, frozenset[MemberStatus]], ...] = (
    ("active and paused", frozenset({MemberStatus.ACTIVE, MemberStatus.PAUSED})),
    ("active", frozenset({MemberStatus.ACTIVE})),
    ("paused", frozenset({MemberStatus.PAUSED})),
    ("left", frozenset({MemberStatus.LEFT})),
    ("everyone", frozenset(MemberStatus)),
)
STATUS_SHOWN: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "active",
    MemberStatus.PAUSED: "paused",
    MemberStatus.LEFT: "left",
}
RECENT = 8


def member_label(member: Member) -> Text:
    """ "Maggie (Margaret Ellis)" or just the name; always literal text."""
    label = safe(member.display_name)
    if member.known_as.strip() and member.known_as.strip() != member.name:
        label.append(" (")
        label.append_text(safe(member.name))
        label.append(")")
    return label


def matches(member: Member, search: str) -> bool:
    """Does ``member`` match what was typed in the search box (any part of a name,
    phone or email, ignoring case)?"""
    needle = search.strip().casefold()
    if not needle:
        return True
    haystack = " ".join((member.name, member.known_as, member.phone, member.email))
    return needle in haystack.casefold()


def erase_warning(data: GroupData, member: Member) -> Text:
    """What erasing ``member`` removes, in words, for the confirmation."""
    marks = sum(1 for m in data.meetings if member.id in m.attendance)
    notes = len(data.contacts_for(member.id))
    body = Text("This removes ")
    body.append_text(safe(member.name, "bold"))
    body.append(
        " from the group file: their contact details, notes, away periods and best-time "
        "replies, "
        f"{marks} attendance mark{'s' if marks != 1 else ''} and "
        f"{notes} outreach note{'s' if notes != 1 else ''}. It cannot be undone here.\n\n"
        "Backups made before now still hold the old data until you run "
        "`coordinator backup --purge`."
    )
    return body


class RosterScreen(CoordinatorScreen):
    """Members with status, preferred channel, when they last came and recent marks."""

    DEFAULT_CSS = """
    RosterScreen #roster-top {
        height: 1;
    }
    RosterScreen #roster-search {
        width: 1fr;
    }
    RosterScreen #roster-filter {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    RosterScreen #roster-table {
        height: 1fr;
    }
    RosterScreen #roster-legend {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="roster-add"),
        Binding("e", "edit", "Edit", id="roster-edit"),
        Binding("o", "log_contact", "Check-in", id="roster-contact"),
        Binding(
            "c",
            "message",
            "Message",
            show=False,
            id="roster-message",
            tooltip="A message for the selected member: text, link, QR code",
        ),
        Binding(
            "x",
            "contacts_out",
            "Contacts out",
            show=False,
            id="roster-contacts-out",
            tooltip="Names, phones and emails as a vCard, CSV or a phone list (consent kept)",
        ),
        Binding(
            "i",
            "import_roster",
            "Import",
            show=False,
            id="roster-import",
            tooltip="Add members from a spreadsheet (CSV) or vCard file, with a preview",
        ),
        # Less frequent: in help and the command palette, not the footer (80 columns).
        Binding("z", "pause", "Pause/resume", show=False, id="roster-pause"),
        Binding("l", "mark_left", "Left", show=False, id="roster-left"),
        Binding("delete", "erase", "Erase", show=False, id="roster-erase"),
        Binding("f", "next_filter", "Filter", id="roster-filter"),
        Binding("slash", "search", "Search", key_display="/", id="roster-search"),
        Binding("escape,down", "leave_search", "Back to the list", show=False),
    ]

    # One body container of its own; the key checks look at no widget, so the footer
    # shows its keys with the first frame; the list has the focus from the start (so
    # it is drawn once, focused, instead of again when the focus arrives).
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True
    AUTO_FOCUS = "#roster-table"

    def __init__(self) -> None:
        super().__init__()
        self.filter_index = 0

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body"):
            with Horizontal(id="roster-top"):
                yield Input(
                    placeholder="/ search names, phones, emails",
                    id="roster-search",
                    compact=True,
                )
                yield Static(id="roster-filter")
            table: DataTable[Text] = WholeWordsTable(
                id="roster-table", cursor_type="row", zebra_stripes=True, stretch="name"
            )
            yield table
            yield Static(id="roster-legend")

    def on_mount(self) -> None:
        table = self.query_one("#roster-table", DataTable)
        table.add_column(Text("Name"), key="name", width=27)
        table.add_column(Text("Status"), key="status", width=7)
        table.add_column(Text("Contact by"), key="channel", width=10)
        table.add_column(Text("Last came"), key="last", width=11)
        table.add_column(Text("Recent"), key="recent", width=RECENT)
        self.refresh_data()
        # Mark colours come from the theme: redraw when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_data())

    # -- showing ---------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#roster-table", DataTable)

    def shown_members(self, data: GroupData) -> list[Member]:
        """Members passing the status filter and the search, in roster order."""
        statuses = FILTERS[self.filter_index][1]
        search = self.query_one("#roster-search", Input).value
        return [m for m in data.members if m.status in statuses and matches(m, search)]

    def refresh_data(self) -> None:
        """Rebuild the table from the store, keeping the cursor on the same member."""
        app = coordinator_app(self)
        data = app.data()
        styles = mark_styles(app)
        held = data.held_meetings(app.today())
        members = self.shown_members(data)

        def row(member: Member) -> tuple[str, list[Text]]:
            came = last_came(held, member.id)
            return member.id, [
                one_line(member_label(member)),
                Text(STATUS_SHOWN[member.status]),
                contact_by(member),
                Text(day_words(came) if came else "never"),
                sparkline_text(recent_marks(held, member, RECENT), styles),
            ]

        # An empty list says why: nobody yet, or nobody under this filter and search.
        empty = "Nobody yet: press a" if not data.members else "Nobody shown: press f"
        refill_table(self.table, map(row, members), empty=[Text(empty), *[Text("")] * 4])
        name, _ = FILTERS[self.filter_index]
        total = len(data.members)
        self.query_one("#roster-filter", Static).update(
            Text(f"Showing {name}: {len(members)} of {total} (f)")
        )
        self.query_one("#roster-legend", Static).update(
            one_line(Text(f"Enter opens · Recent, oldest first: {SHORT_LEGEND}"))
        )

    def selected_id(self) -> str | None:
        """The id of the member under the cursor, if any."""
        return key_at_cursor(self.table)

    def selected_member(self) -> Member | None:
        member_id = self.selected_id()
        if member_id is None:
            self.notify("No member selected. Press a to add one.")
            return None
        return coordinator_app(self).data().member(member_id)

    def move_to(self, member_id: str) -> bool:
        """Put the cursor on ``member_id``'s row if it is shown."""
        table = self.table
        try:
            index = table.get_row_index(member_id)
        except Exception:  # not shown under this filter
            return False
        table.move_cursor(row=index)
        return True

    def show_member(self, member_id: str) -> None:
        """Select ``member_id`` (widening the filter if needed) and open their page."""
        data = coordinator_app(self).data()
        member = data.member(member_id)
        if member is None:
            self.notify("That member is no longer on the roster.")
            return
        search = self.query_one("#roster-search", Input)
        if not matches(member, search.value):
            search.value = ""
        if member.status not in FILTERS[self.filter_index][1]:
            self.filter_index = len(FILTERS) - 1
        self.refresh_data()
        self.move_to(member_id)
        self.open_member(member_id)

    def open_member(self, member_id: str) -> None:
        from coordinator.tui.screens.member import MemberScreen

        self.app.push_screen(MemberScreen(member_id))

    # -- search and filter -----------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#roster-search", Input).focus()

    def action_leave_search(self) -> None:
        """From the search box back to the list (the search stays applied)."""
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape and down leave the search box; elsewhere they do their usual job."""
        if action == "leave_search":
            focused = self.focused
            return focused is not None and focused.id == "roster-search"
        return True

    def action_next_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self.refresh_data()

    @on(Input.Changed, "#roster-search")
    def _search_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#roster-search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#roster-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_member(str(event.row_key.value))

    # -- changes ---------------------------------------------------------------------

    def action_add(self) -> None:
        app = coordinator_app(self)

        def added(member: Member | None) -> None:
            if member is not None:
                twins = same_name(app.data().members, member)
                app.save(lambda: app.store.save_member(member), done=_said("Added", member))
                self.move_to(member.id)
                if twins:
                    self.notify(
                        "Someone with this name is already on the roster: "
                        + ", ".join(visible(t.display_name) for t in twins)
                        + ". If it is the same person, erase the new entry (Delete) and "
                        "edit theirs.",
                        title="Same name",
                        severity="warning",
                        markup=False,
                    )

        app.push_screen(MemberFormModal(None, app.today()), added)

    def action_edit(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        app = coordinator_app(self)

        def edited(changed: Member | None) -> None:
            if changed is not None:
                app.save(lambda: app.store.save_member(changed), done=_said("Saved", changed))

        app.push_screen(MemberFormModal(member, app.today()), edited)

    def action_log_contact(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        open_check_in(self, member)

    def action_message(self) -> None:
        from coordinator.tui.modals.message import open_message

        member = self.selected_member()
        if member is not None:
            open_message(self, member)

    def action_contacts_out(self) -> None:
        from coordinator.tui.modals.contacts_out import ContactsOutModal

        def written(said: str | None) -> None:
            if said:
                self.app.notify(visible(said), markup=False)

        self.app.push_screen(ContactsOutModal(), written)

    def action_import_roster(self) -> None:
        from coordinator.tui.screens.roster_import import RosterImportScreen

        self.app.push_screen(RosterImportScreen())

    def action_pause(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        app = coordinator_app(self)
        today = app.today()
        if member.status is MemberStatus.ACTIVE:
            changed = replace(
                member, status=MemberStatus.PAUSED, status_since=today, status_reason=None
            )
            word = "Paused"
        else:
            changed = replace(
                member, status=MemberStatus.ACTIVE, status_since=today, status_reason=None
            )
            word = "Active again:"
        app.save(lambda: app.store.save_member(changed), done=_said(word, changed))

    def action_mark_left(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        app = coordinator_app(self)
        if member.status is MemberStatus.LEFT:
            self.notify("Already marked as left. Press z to make them active again.")
            return

        def chosen(reason: Reason | None) -> None:
            if reason is None:
                return
            changed = replace(
                member, status=MemberStatus.LEFT, status_since=app.today(), status_reason=reason
            )
            app.save(
                lambda: app.store.save_member(changed),
                done=f"{_said('Marked as left:', changed)} ({REASON_LABELS[reason]})",
            )

        title = Text("Why did ")
        title.append_text(safe(member.display_name, "bold"))
        title.append(" leave?")
        app.push_screen(ReasonModal(title, LEAVING_REASONS), chosen)

    def action_erase(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        app = coordinator_app(self)
        title = Text("Erase ")
        title.append_text(safe(member.name, "bold"))
        title.append("?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                app.save(
                    lambda: app.store.erase_member(member.id),
                    done=_said("Erased", member),
                )

        app.push_screen(
            ConfirmModal(title, erase_warning(app.data(), member), yes="Erase"), confirmed
        )


# Channels that need a phone number or an email address to reach someone by.
_NEEDS_DETAILS = {Channel.SMS, Channel.WHATSAPP, Channel.PHONE, Channel.EMAIL}


def no_way_to_reach(member: Member) -> bool:
    """No phone and no email, and a channel that needs one: nobody can reach them."""
    return (
        not member.phone.strip() and not member.email.strip() and member.channel in _NEEDS_DETAILS
    )


def contact_by(member: Member) -> Text:
    """The roster's "Contact by" cell: the channel, or a mark and words when there is
    no way to reach them (not colour alone)."""
    if no_way_to_reach(member):
        return Text("⚠ no way", style="bold")
    return Text(CHANNEL_LABELS[member.channel])


def same_name(members: Iterable[Member], new: Member) -> list[Member]:
    """Other members whose name (or known-as) is the new member's, ignoring case and
    spaces: a warning, not a refusal (two people can share a name)."""

    def key(text: str) -> str:
        return " ".join(text.casefold().split())

    names = {key(new.name)} | ({key(new.known_as)} if new.known_as.strip() else set())
    return [m for m in members if m.id != new.id and ({key(m.name), key(m.known_as)} & names)]


def _said(verb: str, member: Member) -> str:
    """A short confirmation such as "Saved Maggie" (shown as plain text)."""
    return f"{verb} {member.display_name}"
