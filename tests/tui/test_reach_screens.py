"""The reach features in the app: the message modal from the dashboard's check-in list,
the Messages tab in Settings, and the roster import screen (few Pilot tests; hostile
values go through the pure functions in tests/reach)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Input, TextArea

from coordinator.clock import FixedClock
from coordinator.demo import build_demo
from coordinator.model import Channel
from coordinator.store import Store
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.message import MessageModal
from coordinator.tui.modals.outreach import OutreachModal
from coordinator.tui.modals.qr import QrScreen
from coordinator.tui.screens.roster_import import RosterImportScreen
from tests.tui.conftest import NOW, SIZE, AppFactory, filled_store, reopen
from tests.tui.test_checkins import _checkins


def _demo_with_working_numbers(db_path: Path, clock: FixedClock) -> Store:
    data = build_demo(NOW.date())
    members = tuple(
        replace(
            m,
            phone=f"07400 1234{i:02d}" if m.phone else "",
            channel=Channel.WHATSAPP if m.id == "m6" else m.channel,
        )
        for i, m in enumerate(data.members)
    )
    return filled_store(db_path, clock, replace(data, members=members))


async def test_check_in_message_from_the_dashboard_then_qr_and_log(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    store = _demo_with_working_numbers(db_path, clock)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        checkins.focus()
        await pilot.press("c")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MessageModal)
        assert modal.member is not None and modal.member.id == "m6"
        assert modal.message is not None
        text = modal.query_one("#message-text", TextArea).text
        assert text.startswith("Hi Linda, I was thinking of you")
        assert "missed" not in text
        assert modal.message.link is not None
        assert modal.message.link.startswith("https://wa.me/447400123405?text=Hi%20Linda")
        await pilot.press("c")
        assert app.clipboard == text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QrScreen)
        await pilot.press("c")  # the full link does not fit 80x24: the chat alone does
        await pilot.pause()
        assert app.screen.chosen_link() == "https://wa.me/447400123405"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        assert modal.message is not None and modal.message.text.startswith("Hi Linda, just a")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, OutreachModal)
        assert app.screen.member.id == "m6"
    store.close()


async def test_settings_messages_tab_saves_a_template(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    store = _demo_with_working_numbers(db_path, clock)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        from textual.widgets import TabbedContent

        app.screen.query_one(TabbedContent).active = "tab-messages"
        await pilot.pause()
        editor = app.screen.query_one("#messages-editor", TextArea)
        editor.load_text("Hi {name} [b]x[/b] {nope}")
        await pilot.pause()
        preview = str(app.screen.query_one("#messages-preview").render())
        assert "Hi Maggie [b]x[/b] {nope}" in preview
        assert "{nope}" in str(app.screen.query_one("#messages-problem").render())
        await pilot.press("d")  # leaving with typing not saved is said
        await pilot.pause()
        assert any("not saved yet" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    store.close()
    saved = reopen(db_path, clock)
    try:
        assert saved.settings()["messages"] == {"reminder": "Hi {name} [b]x[/b] {nope}"}
    finally:
        saved.close()


async def test_roster_import_previews_then_imports_after_yes(
    db_path: Path, clock: FixedClock, app_factory: AppFactory, tmp_path: Path
) -> None:
    store = _demo_with_working_numbers(db_path, clock)
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(b"\xef\xbb\xbfName;Mobile\r\nNew Person;0791\r\nGrace Okoye;07723 456789\r\n")
    app = app_factory(store)
    before = len(store.members())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RosterImportScreen)
        screen.query_one("#import-path", Input).value = str(sheet)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.preview is not None and not screen.preview.ready
        assert "row 2: ⚠ Mobile: is too short" in str(screen.query_one("#import-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)  # nothing offered while wrong
        sheet.write_bytes(b"Name;Mobile\r\nNew Person;07912 345678\r\nGrace Okoye;\r\n")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.preview is not None and screen.preview.ready
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    store.close()
    saved = reopen(db_path, clock)
    try:
        names = [m.name for m in saved.members()]
    finally:
        saved.close()
    assert len(names) == before + 2 and {"New Person", "Grace Okoye"} <= set(names)


async def test_group_reminder_from_the_dashboard_names_nobody(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    store = _demo_with_working_numbers(db_path, clock)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _checkins(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MessageModal) and modal.member is None
        assert modal.message is not None
        assert modal.message.text.startswith("Hi everyone, just a reminder")
        assert modal.message.link is not None
        assert modal.message.link.startswith("https://wa.me/?text=Hi%20everyone")
        for member in store.members():
            assert member.name not in modal.message.text
        await pilot.press("3", "l")  # no check-in kind, nothing to log for a group
        await pilot.pause()
        assert app.screen is modal
        assert isinstance(modal, MessageModal) and modal.kind.value == "reminder"
        await pilot.press("2")
        assert modal.kind.value == "change"
    store.close()


async def test_contacts_out_from_the_roster_writes_a_vcard_and_refuses_the_group_file(
    db_path: Path, clock: FixedClock, app_factory: AppFactory, tmp_path: Path
) -> None:
    import vobject

    from coordinator.tui.modals.contacts_out import ContactsOutModal

    store = _demo_with_working_numbers(db_path, clock)
    app = app_factory(store)
    target = tmp_path / "phone.vcf"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactsOutModal)
        form.query_one("#contacts-path", Input).value = str(db_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "group file itself" in str(form.query_one("#form-error").render())
        form.query_one("#contacts-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    active = [m for m in store.members() if m.status.value == "active"]
    cards = list(vobject.readComponents(target.read_text()))
    assert len(cards) == len(active)
    store.close()


async def test_no_phone_for_a_text_offers_their_email_and_says_so(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    """Linda prefers texts but left only an email address: the message goes by email
    (a mailto: link to her own address), and the window says why it is not a text."""
    from textual.widgets import Static

    data = build_demo(NOW.date())
    members = tuple(
        replace(m, phone="", email="linda@example.org", channel=Channel.SMS) if m.id == "m6" else m
        for m in data.members
    )
    store = filled_store(db_path, clock, replace(data, members=members))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        checkins.focus()
        await pilot.press("c")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MessageModal) and modal.message is not None
        assert modal.message.link is not None
        assert modal.message.link.startswith("mailto:linda@example.org?subject=")
        title = str(modal.query_one(".message-title", Static).render())
        assert "Linda" in title and "by email" in title
        note = str(modal.query_one("#message-note", Static).render())
        assert "They prefer SMS, but there is no phone number for them: email instead." in note
    store.close()
