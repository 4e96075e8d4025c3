"""A preferred channel needs the detail it reaches someone through: "SMS needs a phone
number". Checked once (``model.check_channel``) where members are entered: the member
form and the roster import. Refused when another way to reach them is kept (a slip:
SMS left as it was for someone with only an email); accepted with a word when there is
no phone and no email at all (nobody can be reached yet; the roster marks them). A
stored member is read whatever their channel: the check is on input, not on reading.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

from hypothesis import given, strategies as st

from coordinator.clock import FixedClock
from coordinator.model import (
    CHANNEL_LABELS,
    CHANNEL_NEEDS,
    Channel,
    GroupData,
    Member,
    ValidationError,
    channel_gap,
    check_channel,
)
from coordinator.reach.roster_in import read_roster
from coordinator.store import Store
from tests.tui.conftest import NOW, small_group

phones = st.sampled_from(["", "  ", "07700 900123", "+44 117 496 0000"])
emails = st.sampled_from(["", " ", "ann@example.org"])
channels = st.sampled_from(list(Channel))


@given(channel=channels, phone=phones, email=emails)
def test_a_channel_is_refused_only_when_its_detail_is_missing_but_another_is_kept(
    channel: Channel, phone: str, email: str
) -> None:
    needs = CHANNEL_NEEDS.get(channel)
    missing = needs is not None and not (
        email.strip() if channel is Channel.EMAIL else phone.strip()
    )
    something = bool(phone.strip() or email.strip())
    assert (channel_gap(channel, phone, email) is not None) == missing
    try:
        assert check_channel(channel, phone, email) is channel
    except ValidationError as error:
        assert missing and something, error
        assert error.field == "Preferred channel"
        assert error.problem.startswith(f"{CHANNEL_LABELS[channel]} needs {needs}")
        return
    assert not (missing and something)


def test_the_message_says_what_is_missing_and_how_to_fix_it() -> None:
    try:
        check_channel(Channel.SMS, "", "ann@example.org")
    except ValidationError as error:
        said = str(error)
    assert said.startswith("Preferred channel: SMS needs a phone number")
    assert "choose email" in said


def test_a_stored_member_whose_channel_cannot_be_used_still_opens(tmp_path: Path) -> None:
    odd = Member(id="m9", name="Only Email", email="ann@example.org", channel=Channel.SMS)
    base = small_group()
    clock = FixedClock(NOW)
    path = tmp_path / "group.json"
    store = Store.open(path, clock)
    store.replace_all(GroupData(base.group, base.venues, (*base.members, odd), base.meetings))
    store.close()
    with Store.open(path, clock, read_only=True) as again:
        assert again.member("m9") == odd


# -- the member form ------------------------------------------------------------------


class _Offstage:
    """What the member form asks of the app (the group and its settings), with no app."""

    store = SimpleNamespace(settings=dict)

    def data(self) -> GroupData:
        return small_group()


TYPED: dict[str, object] = {
    "name": "Probe",
    "known_as": "",
    "phone": "",
    "email": "",
    "channel": Channel.SMS,
    "status": "active",
    "status_reason": None,
    "status_since": "",
    "joined_on": "",
    "availability": "",
    "access_needs": "",
    "consent_on": "",
    "share": False,
    "checked_on": "",
    "notes": "",
}


@given(channel=channels, phone=phones, email=emails)
def test_the_member_form_refuses_a_channel_it_cannot_use_naming_the_field(
    channel: Channel, phone: str, email: str
) -> None:
    from coordinator.tui.modals.member_form import MemberFormModal

    form = MemberFormModal(None, date(2026, 11, 23))
    typed = {**TYPED, "channel": channel, "phone": phone, "email": email}
    with patch("coordinator.tui.modals.member_form.coordinator_app", lambda _: _Offstage()):
        try:
            member = form.build_from(typed)
        except ValidationError as error:
            assert error.field == "Preferred channel", error
            assert "Preferred channel" in form.FIELDS  # the cursor goes to the choice
            assert phone.strip() or email.strip()
            return
    assert member is not None and member.channel is channel
    # Accepted with nothing to reach them by: said when saved, not silent.
    nothing = not (phone.strip() or email.strip())
    assert (form.no_way is not None) == (nothing and channel in CHANNEL_NEEDS)


def test_editing_an_old_member_elsewhere_is_not_refused_for_their_channel() -> None:
    from coordinator.tui.modals.member_form import MemberFormModal

    old = Member(id="m9", name="Only Email", email="ann@example.org", channel=Channel.SMS)
    form = MemberFormModal(old, date(2026, 11, 23))
    typed = {**TYPED, "name": "Only Email", "email": "ann@example.org", "notes": "new note"}
    with patch("coordinator.tui.modals.member_form.coordinator_app", lambda _: _Offstage()):
        member = form.build_from(typed)
        assert member is not None and member.notes == "new note"
        try:
            form.build_from({**typed, "channel": Channel.WHATSAPP})
        except ValidationError as error:
            assert str(error).startswith("Preferred channel: WhatsApp needs a phone number")
        else:
            raise AssertionError("a newly chosen channel that cannot be used was accepted")


# -- the roster import (CLI import-roster and the app's i) ----------------------------


def read(text: str) -> object:
    ids = itertools.count(100)
    return read_roster(text.encode(), (), "GB", lambda: f"m{next(ids)}")


def test_an_imported_row_whose_channel_cannot_be_used_is_a_problem_named_by_column() -> None:
    preview = read(
        "Name,Email,Mobile,Contact by\r\n"
        "Ann,ann@example.org,,SMS\r\n"
        "Bob,,07700 900123,email\r\n"
        "Cat,,,SMS\r\n"
        "Dan,dan@example.org,,\r\n"
    )
    problems = [str(p) for p in preview.problems]  # type: ignore[attr-defined]
    assert len(problems) == 2, problems
    assert problems[0].startswith("row 2, Contact by: SMS needs a phone number")
    assert problems[1].startswith("row 3, Contact by: email needs an email address")
    members = {row.row: row.member for row in preview.rows}  # type: ignore[attr-defined]
    assert members[4] is not None and members[4].channel is Channel.SMS  # no details: kept
    assert members[5] is not None and members[5].channel is Channel.EMAIL
