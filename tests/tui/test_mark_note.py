"""A note on one mark (register: n), and the reason "other" asked for in words."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from coordinator.clock import FixedClock
from coordinator.model import APOLOGY_REASONS, Mark, Reason
from coordinator.store import Store
from coordinator.tui.modals.mark_note import MarkNoteModal
from coordinator.tui.modals.unsaved import DiscardModal

from .conftest import SIZE, AppFactory, reopen


async def test_a_note_on_one_mark_is_kept_with_it(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        # The latest held meeting (g2): Maggie is marked present there.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MarkNoteModal)
        await pilot.press(*"came late, bus", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MarkNoteModal)
    with reopen(db_path, clock) as fresh:
        meeting = fresh.meeting("g2")
        assert meeting is not None
        mark = meeting.attendance["m1"]
        assert (mark.status, mark.note) == (Mark.PRESENT, "came late, bus")


async def apologies_for_other(pilot: Pilot[None]) -> None:
    """On the Register, apologies from the second member with the reason "other": the
    form asking for the words is open."""
    await pilot.press("g")
    await pilot.pause()
    await pilot.press("down", "a")
    await pilot.pause()
    await pilot.press(str(APOLOGY_REASONS.index(Reason.OTHER) + 1))  # other
    await pilot.pause()
    assert isinstance(pilot.app.screen, MarkNoteModal)


async def test_other_as_a_reason_asks_for_words(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await apologies_for_other(pilot)
        await pilot.press(*"hospital appointment", "enter")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        meeting = fresh.meeting("g2")
        assert meeting is not None
        marks = [m for m in meeting.attendance.values() if m.reason is Reason.OTHER]
        assert [m.note for m in marks] == ["hospital appointment"]


async def test_other_with_no_words_is_refused_naming_the_field(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """ "Other" says nothing by itself: Enter on empty words (or spaces) keeps the form
    open with the field named, and nothing is saved; Esc leaves the mark as it was."""
    before = store.meeting("g2")
    assert before is not None
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await apologies_for_other(pilot)
        for typed in ("", "   "):
            await pilot.press(*typed, "enter")
            await pilot.pause()
            assert isinstance(app.screen, MarkNoteModal)
            assert "⚠ Note:" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, DiscardModal):  # spaces were typed: it asks first
            await pilot.press("y")
            await pilot.pause()
        assert not isinstance(app.screen, (MarkNoteModal, DiscardModal))
    with reopen(db_path, clock) as fresh:
        assert fresh.meeting("g2") == before


def test_other_reason_is_said_in_its_own_words_wherever_a_mark_is_shown() -> None:
    """ "Other" says nothing by itself: a mark shown with its reason (the member's
    history, the register grid's title, the dashboard) gives the words given with it,
    literally and cut short; the register's table, which shows the note beside the mark,
    says "other"."""
    from coordinator.model import AttendanceMark, Mark, Reason
    from coordinator.tui.widgets.marks import mark_text

    words = "  [b]my daughter's\nwedding[/b] in Leeds, back on the 9th "
    other = AttendanceMark(Mark.APOLOGIES, Reason.OTHER, words)
    assert other.reason_words() == "[b]my daughter's wedding[/b]…"
    assert mark_text(other, {}, with_reason=True).plain.endswith("([b]my daughter's wedding[/b]…)")
    assert mark_text(other, {}, with_reason=True, own_words=False).plain.endswith("(other)")
    assert AttendanceMark(Mark.APOLOGIES, Reason.OTHER).reason_words() == "other"
    assert AttendanceMark(Mark.APOLOGIES, Reason.WORK, "busy").reason_words() == "work"
    assert AttendanceMark(Mark.PRESENT).reason_words() == ""
