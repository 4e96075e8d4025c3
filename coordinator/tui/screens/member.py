"""One member's page: their details, attendance history (marks with words), planned
time away and the check-ins. ``o`` then Enter logs a contact in two keys; in the check-ins
list, Enter or ``e`` edits the highlighted one and delete removes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from coordinator.application import contacts
from coordinator.besttime.access import read_access_needs
from coordinator.besttime.availability import read_availability
from coordinator.model import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    AwayPeriod,
    GroupData,
    Member,
    MemberStatus,
)
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, one_line, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.member_form import AwayPeriodModal, MemberFormModal
from coordinator.tui.modals.outreach import open_check_in
from coordinator.tui.widgets.keep_place import refill_options, refill_table
from coordinator.tui.widgets.marks import history, mark_styles, mark_text
from coordinator.tui.widgets.whole_words import WholeWordsTable
from coordinator.user_text import day_words


def _day(value: date | None) -> str:
    return day_words(value) if value else "not recorded"


def member_details(data: GroupData, member: Member, region: str = "GB") -> Text:
    """Who they are and how to reach them, in a few lines of literal text. A phone
    number that would not work in a link is flagged with why (``region`` is where
    numbers without a ``+`` are from)."""
    text = safe(member.name, "bold")
    if member.known_as.strip():
        text.append(" known as ")
        text.append_text(safe(member.known_as, "bold"))
    status = f"  {member.status.value}"
    if member.status is not MemberStatus.ACTIVE:
        if member.status_since:
            status += f" since {day_words(member.status_since)}"
        if member.status_reason:
            status += f" ({REASON_LABELS[member.status_reason]})"
    text.append(status)
    if data.group is not None and data.group.deputy_member_id == member.id:
        text.append("  deputy coordinator")
    text.append("\nContact by ")
    text.append(CHANNEL_LABELS[member.channel])
    if member.phone.strip():
        from coordinator.reach.phones import check_number  # phonenumbers: only when needed

        checked = check_number(member.phone, region)
        text.append("  phone ")
        text.append_text(safe(checked.shown))
        if checked.problem is not None:
            text.append(f" ⚠ {checked.problem}", style="bold")
        elif checked.warning is not None:
            text.append(f" ⚠ {checked.warning}")
    if member.email.strip():
        text.append("  email ")
        text.append_text(safe(member.email))
    text.append(f"\nJoined {_day(member.joined_on)}")
    text.append(f"  details checked {_day(member.contact_checked_on)}")
    consent = member.consent
    shares = "may share contact" if consent.share_contact_with_group else "contact not shared"
    text.append(f"  consent {_day(consent.recorded_on)}, {shares}")
    extras = [
        ("Availability", member.availability),
        ("Access needs", member.access_needs),
        ("Notes", member.notes),
    ]
    for label, value in extras:
        if value.strip():
            text.append(f"\n{label}: ")
            text.append_text(safe(value.strip().replace("\n", " ")))
            if label == "Availability":
                text.append("\n  read as: ")  # our line break, not the member's text
                text.append_text(safe(read_availability(value).summary()))
            elif label == "Access needs":
                text.append("\n  read as: ")
                text.append_text(safe(read_access_needs(value).summary(needs=True)))
    return text


def away_label(period: AwayPeriod) -> Text:
    text = Text(f"{day_words(period.start)} to {day_words(period.end)}")
    if period.note.strip():
        text.append("  ")
        text.append_text(safe(period.note))
    return one_line(text)


class MemberScreen(CoordinatorScreen):
    """A member's page, pushed over the roster. Escape goes back."""

    DEFAULT_CSS = """
    MemberScreen #member-details {
        height: auto;
        max-height: 10;  /* room for availability and access needs with how each was read */
    }
    MemberScreen #member-columns {
        height: 1fr;
    }
    MemberScreen #member-left {
        width: 3fr;
        height: 1fr;
    }
    MemberScreen #member-right {
        width: 2fr;
        height: 1fr;
    }
    MemberScreen .member-heading {
        text-style: bold;
        color: $accent;
        height: 1;
    }
    MemberScreen #member-history {
        height: 1fr;
    }
    MemberScreen #member-away {
        height: auto;
        max-height: 5;
    }
    MemberScreen #member-contacts {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="member-back"),
        Binding("r", "back", "Roster", show=False, id="member-roster"),
        Binding("o", "log_contact", "Check-in", id="member-contact", tooltip="Log a contact"),
        Binding(
            "c",
            "message",
            "Message",
            show=False,
            id="member-message",
            tooltip="A message for them from your templates: text, link and QR code",
        ),
        Binding("w", "add_away", "Away", id="member-away", tooltip="Add time away"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="member-edit",
            tooltip="Edit the member, or the highlighted check-in when in the check-ins list",
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            show=False,  # in Help and the palette: the footer's room (80 columns) is full
            id="member-remove",
            tooltip="Remove the highlighted time away or check-in",
        ),
    ]

    # One body container of its own; no key check looks at a widget, so the footer
    # shows its keys with the first frame; the history has the focus from the start.
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True
    AUTO_FOCUS = "#member-history"

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(id="member-details")
            with Horizontal(id="member-columns"):
                with Vertical(id="member-left"):
                    yield Static("History, newest first", classes="member-heading")
                    table: DataTable[Text] = WholeWordsTable(
                        id="member-history", cursor_type="row", stretch="mark"
                    )
                    yield table
                with Vertical(id="member-right"):
                    yield Static("Time away (w adds)", classes="member-heading")
                    yield OptionList(id="member-away")
                    yield Static("Check-ins (o logs, Enter edits)", classes="member-heading")
                    yield OptionList(id="member-contacts")

    def on_mount(self) -> None:
        table = self.query_one("#member-history", DataTable)
        table.add_column(Text("Meeting"), key="day", width=11)
        table.add_column(Text("Mark"), key="mark", width=31)
        self.refresh_data()
        # Mark colours come from the theme: redraw when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_data())

    def member(self) -> Member | None:
        return coordinator_app(self).data().member(self.member_id)

    def refresh_data(self) -> None:
        """Show the member as saved now; leave the page if they were erased."""
        app = coordinator_app(self)
        data = app.data()
        member = data.member(self.member_id)
        if member is None:
            if self.is_current:
                self.app.pop_screen()
            return
        from coordinator.reach.phones import phone_region

        region = phone_region(app.store.settings(), data.group.timezone if data.group else None)
        self.query_one("#member-details", Static).update(member_details(data, member, region))
        styles = mark_styles(app)
        rows = []
        for meeting, mark in history(data, member, app.today()):
            shown = mark_text(mark, styles, with_reason=True)
            if mark is None and member.is_away(meeting.day):
                shown.append(" (planned time away)")
            rows.append((meeting.id, [Text(day_words(meeting.day)), one_line(shown)]))
        refill_table(
            self.query_one("#member-history", DataTable),
            rows,
            empty=[Text("None yet"), Text("no meetings held since joining")],
        )
        refill_options(
            self.query_one("#member-away", OptionList),
            (
                Option(away_label(period), id=f"away-{index}")
                for index, period in enumerate(member.away)
            ),
            empty=Option(Text("none planned"), disabled=True),
        )
        options = []
        for note in reversed(data.contacts_for(member.id)):
            line = Text(f"{day_words(note.on)} {CHANNEL_LABELS[note.channel]}, ")
            line.append(OUTCOME_LABELS[note.outcome])
            if note.try_again_on is not None:
                line.append(f", try again {note.try_again_on.isoformat()}")
            if note.note.strip():
                line.append(": ")
                line.append_text(safe(note.note.replace("\n", " ")))
            options.append(Option(one_line(line), id=note.id))
        refill_options(
            self.query_one("#member-contacts", OptionList),
            options,
            empty=Option(Text("none logged yet"), disabled=True),
        )

    # -- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_log_contact(self) -> None:
        member = self.member()
        if member is not None:
            open_check_in(self, member)

    def edit_check_in(self) -> None:
        """Open the highlighted check-in in the form, to change what was logged."""
        member = self.member()
        options = self.query_one("#member-contacts", OptionList)
        index = options.highlighted
        if member is None or index is None:
            return
        contact_id = options.get_option_at_index(index).id
        note = next((c for c in coordinator_app(self).data().contacts if c.id == contact_id), None)
        if note is not None:
            open_check_in(self, member, note)

    @on(OptionList.OptionSelected, "#member-contacts")
    def _check_in_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit_check_in()

    def action_message(self) -> None:
        from coordinator.tui.modals.message import open_message

        member = self.member()
        if member is not None:
            open_message(self, member)

    def action_edit(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "member-contacts":
            self.edit_check_in()
            return
        member = self.member()
        if member is None:
            return
        app = coordinator_app(self)

        def edited(changed: Member | None) -> None:
            if changed is not None:
                app.save(lambda: app.store.save_member(changed), done="Saved")

        app.push_screen(MemberFormModal(member, app.today()), edited)

    def action_add_away(self) -> None:
        member = self.member()
        if member is None:
            return
        app = coordinator_app(self)

        def added(period: AwayPeriod | None) -> None:
            current = self.member()
            if period is None or current is None:
                return
            away = tuple(sorted((*current.away, period), key=lambda p: (p.start, p.end)))
            changed = replace(current, away=away)
            app.save(lambda: app.store.save_member(changed), done="Time away added")

        app.push_screen(AwayPeriodModal(member, app.today()), added)

    def action_remove(self) -> None:
        """Remove the highlighted away period or outreach note (after a yes)."""
        focused = self.focused
        member = self.member()
        if member is None:
            return
        if isinstance(focused, OptionList) and focused.id == "member-away":
            self._remove_away(member, focused)
        elif isinstance(focused, OptionList) and focused.id == "member-contacts":
            self._remove_contact(focused)
        else:
            self.notify("Move to the time away or contacts list (Tab), then press delete.")

    def _remove_away(self, member: Member, options: OptionList) -> None:
        index = options.highlighted
        if index is None or not member.away or index >= len(member.away):
            return
        period = member.away[index]
        app = coordinator_app(self)

        def confirmed(yes: bool | None) -> None:
            current = self.member()
            if not yes or current is None:
                return
            away = tuple(p for p in current.away if p != period)
            changed = replace(current, away=away)
            app.save(lambda: app.store.save_member(changed), done="Time away removed")

        body = Text("Remove the planned time away ")
        body.append_text(away_label(period))
        body.append("?")
        app.push_screen(ConfirmModal("Remove time away?", body, yes="Remove"), confirmed)

    def _remove_contact(self, options: OptionList) -> None:
        index = options.highlighted
        if index is None:
            return
        option = options.get_option_at_index(index)
        if option.id is None:
            return
        contact_id = option.id
        app = coordinator_app(self)

        def confirmed(yes: bool | None) -> None:
            if yes:
                said = app.save(lambda: contacts.delete_check_in(app.store, contact_id))
                if said:
                    app.notify(said, markup=False)

        body = Text("Remove this check-in? ")
        body.append_text(Text(str(option.prompt)))
        app.push_screen(ConfirmModal("Remove check-in?", body, yes="Remove"), confirmed)
