"""Add or edit a member, and add a planned away period.

Every field a coordinator keeps (DESIGN.md §1.2) except the away periods, which have
their own small form on the member page. Input is checked by the model's own parse and
check functions, so the messages are the same everywhere and name the field.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from coordinator.besttime.access import read_access_needs
from coordinator.besttime.availability import read_availability
from coordinator.model import (
    CHANNEL_LABELS,
    MAX_NOTES,
    REASON_LABELS,
    AwayPeriod,
    Channel,
    Consent,
    MeetingStatus,
    Member,
    MemberStatus,
    Reason,
    ValidationError,
    channel_gap,
    check_channel,
    parse_date,
)
from coordinator.store import new_id
from coordinator.tui.frame import coordinator_app
from coordinator.tui.modals.form import FormModal, TickBox
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible

STATUS_WORDS: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "active",
    MemberStatus.PAUSED: "paused (taking a break)",
    MemberStatus.LEFT: "left the group",
}


JOINED_HINT = "Leave empty if they have been coming from the start."


def availability_read(typed: str) -> Text:
    """What the availability field was read as, one line, literal text."""
    if not typed.strip():
        return Text("")
    return Text(visible("  Read as: " + read_availability(typed).summary()))


def phone_read(typed: str, region: str) -> Text:
    """What the phone field holds, said as it is typed: why it cannot be used, a doubt
    about it, or the number as it will be dialled (literal text, one line)."""
    if not typed.strip():
        return Text("")
    from coordinator.reach.phones import check_number  # phonenumbers: on the first key

    checked = check_number(typed, region)
    if checked.problem is not None:
        return Text(visible(f"  ⚠ Phone {checked.problem}"))
    if checked.warning is not None:
        return Text(visible(f"  ⚠ {checked.national or typed.strip()}: {checked.warning}"))
    return Text(visible(f"  ✓ {checked.national or typed.strip()}"))


def needs_read(typed: str) -> Text:
    """What the access needs field was read as."""
    if not typed.strip():
        return Text("")
    return Text(visible("  Read as: " + read_access_needs(typed).summary(needs=True)))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class MemberFormModal(FormModal[Member | None]):
    """Add a member (``member`` None) or edit one; dismisses with the member to save."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Name": "name",
        "Known as": "known_as",
        "Phone": "phone",
        "Email": "email",
        "Preferred channel": "channel",
        "Availability": "availability",
        "Access needs": "access_needs",
        "Joined on": "joined_on",
        "Status": "status",
        "Status since": "status_since",
        "Reason": "status_reason",
        "Consent recorded on": "consent_on",
        "Contact checked on": "checked_on",
        "Notes": "notes",
    }
    first_field = "name"
    DEFAULT_CSS = """
    MemberFormModal .joined-hint {
        width: 1fr;
        text-align: right;
    }
    """

    def __init__(self, member: Member | None, today: date) -> None:
        super().__init__()
        self.member = member
        self.today = today
        self.phone_doubt: str | None = None  # set by build(): a number kept in doubt
        # Set by build(): the preferred channel cannot be used yet (no phone, no email).
        self.no_way: str | None = None

    def form_title(self) -> Text:
        if self.member is None:
            return Text("Add a member")
        title = Text("Edit ")
        title.append(visible(self.member.name), style="bold")
        return title

    def compose_fields(self) -> ComposeResult:
        m = self.member
        # A member with no join date counts from the start. While a group is being set
        # up (no meeting held yet) that is the usual case; later, a new member has
        # usually just joined, but the hint says how to count them from the start.
        held = any(g.status is MeetingStatus.HELD for g in coordinator_app(self).data().meetings)
        joined = m.joined_on if m else (self.today if held else None)
        yield self.labelled("Name", self.text_input("name", m.name if m else ""))
        yield self.labelled("Known as", self.text_input("known_as", m.known_as if m else ""))
        yield self.labelled("Phone", self.text_input("phone", m.phone if m else "", "07700 900123"))
        yield Static("", id="phone-read", classes="form-hint")
        yield self.labelled(
            "Email", self.text_input("email", m.email if m else "", "name@example.org")
        )
        yield self.labelled(
            "Preferred channel",
            Select(
                [(CHANNEL_LABELS[c], c) for c in Channel],
                value=m.channel if m else Channel.SMS,
                allow_blank=False,
                id="channel",
                compact=True,
            ),
        )
        yield self.labelled(
            "Availability",
            self.text_input(
                "availability", m.availability if m else "", "e.g. not after 4pm, not Mondays"
            ),
        )
        yield Static(
            availability_read(m.availability if m else ""),
            id="availability-read",
            classes="form-hint",
        )
        yield self.labelled(
            "Access needs",
            self.text_input("access_needs", m.access_needs if m else "", "e.g. step-free, parking"),
        )
        yield Static(needs_read(m.access_needs if m else ""), id="access-read", classes="form-hint")
        yield self.labelled(
            "Joined on",
            TextField(
                _day(joined),
                id="joined_on",
                placeholder="empty: from the start" if not held else "2025-03-04",
                compact=True,
            ),
        )
        if held:
            yield Static(Text(JOINED_HINT), classes="form-hint joined-hint")
        yield self.labelled(
            "Status",
            Select(
                [(STATUS_WORDS[s], s) for s in MemberStatus],
                value=m.status if m else MemberStatus.ACTIVE,
                allow_blank=False,
                id="status",
                compact=True,
            ),
        )
        yield self.labelled(
            "Status since",
            TextField(
                _day(m.status_since if m else self.today),
                id="status_since",
                placeholder="2025-03-04",
                compact=True,
            ),
        )
        yield self.labelled(
            "Reason (paused/left)",
            Select(
                [(REASON_LABELS[r], r) for r in Reason],
                value=m.status_reason if m and m.status_reason else Select.NULL,
                prompt="(none)",
                id="status_reason",
                compact=True,
            ),
        )
        yield self.labelled(
            "Consent recorded on",
            TextField(
                _day(m.consent.recorded_on if m else None),
                id="consent_on",
                placeholder="blank if not yet",
                compact=True,
            ),
        )
        yield self.labelled(
            "Share contact",
            TickBox(
                "may share contact with the group",
                m.consent.share_contact_with_group if m else False,
                id="share",
                compact=True,
            ),
        )
        yield self.labelled(
            "Contact checked on",
            TextField(
                _day(m.contact_checked_on if m else None),
                id="checked_on",
                placeholder="when details were last checked",
                compact=True,
            ),
        )
        yield self.labelled("Notes", self.text_area("notes", m.notes if m else ""))

    @on(Input.Changed, "#availability")
    def _availability_typed(self, event: Input.Changed) -> None:
        # What is understood, shown as it is typed ("✓ not on Mondays · ? 'x' ...").
        self.query_one("#availability-read", Static).update(availability_read(event.value))

    @on(Input.Changed, "#phone")
    def _phone_typed(self, event: Input.Changed) -> None:
        # Checked as it is typed; saving checks it again and refuses what cannot be used.
        if self.member is not None and event.value == self.member.phone:
            self.query_one("#phone-read", Static).update("")  # as saved: not judged again
            return
        self.query_one("#phone-read", Static).update(phone_read(event.value, self._region()))

    def _region(self) -> str:
        from coordinator.reach.phones import phone_region

        app = coordinator_app(self)
        group = app.data().group
        return phone_region(app.store.settings(), group.timezone if group else None)

    @on(Input.Changed, "#access_needs")
    def _needs_typed(self, event: Input.Changed) -> None:
        self.query_one("#access-read", Static).update(needs_read(event.value))

    def build(self) -> Member | None:
        status = MemberStatus(str(self.choice("status")))
        reason_value = self.choice("status_reason")
        reason = Reason(str(reason_value)) if reason_value is not None else None
        since = parse_date(self.text("status_since"), "Status since", required=False)
        old = self.member
        if old is not None and status is not old.status and since == old.status_since:
            # A change of status starts today unless another day was typed.
            since = self.today
        if status is MemberStatus.ACTIVE:
            reason = None
        notes = self.text("notes")
        if len(notes) > MAX_NOTES:
            raise ValidationError("Notes", f"is too long ({len(notes)} characters)")
        consent = Consent(
            recorded_on=parse_date(self.text("consent_on"), "Consent recorded on", required=False),
            share_contact_with_group=self.ticked("share"),
            extra=old.consent.extra if old else {},
        )
        fields = {
            "name": self.text("name").strip(),
            "known_as": self.text("known_as").strip(),
            "phone": self.text("phone").strip(),
            "email": self.text("email").strip(),
            "channel": Channel(str(self.choice("channel"))),
            "status": status,
            "status_since": since,
            "status_reason": reason,
            "joined_on": parse_date(self.text("joined_on"), "Joined on", required=False),
            "availability": self.text("availability").strip(),
            "access_needs": self.text("access_needs").strip(),
            "consent": consent,
            "contact_checked_on": parse_date(
                self.text("checked_on"), "Contact checked on", required=False
            ),
            "notes": notes,
        }
        if old is None or fields["phone"] != old.phone:
            # Checked as typed (a number saved before this check is only flagged).
            from coordinator.reach.phones import check_number, validate_phone

            region = self._region()
            validate_phone(str(fields["phone"]), region)
            doubt = check_number(str(fields["phone"]), region).warning
        else:
            doubt = None
        built = (
            Member(id=new_id("m"), **fields)  # type: ignore[arg-type]
            if old is None
            else replace(old, **fields)  # type: ignore[arg-type]
        )
        no_way = None
        reach = (built.channel, built.phone, built.email)
        if old is None or reach != (old.channel, old.phone, old.email):
            # Checked as entered (a member saved before this check is read as ever).
            check_channel(*reach)
            no_way = channel_gap(*reach)
        self.phone_doubt = doubt  # said when it is saved (building stays free of the screen)
        self.no_way = no_way
        return built

    def action_save(self) -> None:
        """As every form saves, then a gentle word when the number is kept in doubt or
        the preferred channel cannot be used yet."""
        self.phone_doubt = self.no_way = None
        try:
            result = self.build()
        except ValidationError as error:
            self.show_error(error)
            return
        self.dismiss(result)
        if self.phone_doubt is not None:
            self.app.notify(f"The phone number {self.phone_doubt}.", title="Phone", markup=False)
        if self.no_way is not None:
            self.app.notify(
                f"No phone number or email yet: {self.no_way}. The roster marks them "
                "⚠ no way until one is added.",
                title="No way to reach them",
                markup=False,
            )


class AwayPeriodModal(FormModal[AwayPeriod | None]):
    """A planned absence (holiday, operation): from, to and a note."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Away from": "away_from",
        "Away until": "away_to",
        "Away note": "away_note",
        "Away dates": "away_from",
    }
    first_field = "away_from"

    def __init__(self, member: Member, today: date) -> None:
        super().__init__()
        self.member = member
        self.today = today

    def form_title(self) -> Text:
        title = Text("Planned time away for ")
        title.append(visible(self.member.display_name), style="bold")
        return title

    def compose_fields(self) -> ComposeResult:
        yield self.labelled(
            "Away from",
            TextField(
                self.today.isoformat(),
                id="away_from",
                placeholder=self.today.isoformat(),
                compact=True,
            ),
        )
        # Examples from today on: time away being planned is still to come.
        until = self.today + timedelta(days=14)
        yield self.labelled(
            "Away until",
            TextField("", id="away_to", placeholder=f"e.g. {until:%Y-%m-%d}", compact=True),
        )
        yield self.labelled("Note", self.text_input("away_note", "", "e.g. holiday"))

    def build(self) -> AwayPeriod | None:
        start = parse_date(self.text("away_from"), "Away from")
        end = parse_date(self.text("away_to"), "Away until")
        assert start is not None and end is not None  # required dates are never None
        return AwayPeriod(start=start, end=end, note=self.text("away_note").strip())
