"""The calendar export modal, driven by keys through the real app (build_app)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioButton, Static

from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.model import MeetingStatus
from coordinator.store import Store
from coordinator.tui.modals.ics_export import IcsExportModal, default_folder
from coordinator.tui.modals.unsaved import DiscardModal

from .conftest import SIZE, AppFactory, reopen


async def open_modal(
    pilot: Pilot[None], meeting_id: str | None, results: list[Path | None]
) -> None:
    app = pilot.app
    app.push_screen(IcsExportModal(meeting_id), results.append)
    await pilot.pause()


async def open_by_keys(pilot: Pilot[None]) -> IcsExportModal:
    """The export window as a coordinator opens it: ``m``, then ``e``."""
    for key in ("m", "e"):
        await pilot.press(key)
        await pilot.pause()
    return modal_of(pilot.app)


def modal_of(app: App[Any]) -> IcsExportModal:
    screen = app.screen
    assert isinstance(screen, IcsExportModal)
    return screen


async def set_path(pilot: Pilot[None], path: Path) -> None:
    modal_of(pilot.app).query_one("#ics-path", Input).value = str(path)
    await pilot.pause()


async def pick(pilot: Pilot[None], steps: int) -> None:
    """Move down the list of choices by keyboard and choose."""
    modal_of(pilot.app).query_one("#ics-kind").focus()
    for _ in range(steps):
        await pilot.press("down")
    await pilot.press("enter")


async def export(pilot: Pilot[None], steps: int | None, path: Path) -> None:
    """Pick the kind ``steps`` down the list (None: as chosen), save to ``path``, export."""
    if steps is not None:
        await pick(pilot, steps)
    await set_path(pilot, path)
    await pilot.press("ctrl+s")
    await pilot.pause()


def shown(app: App[Any], widget_id: str) -> str:
    return str(modal_of(app).query_one(f"#{widget_id}", Static).render())


async def test_exports_this_meeting_and_shows_where(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(store)
    results: list[Path | None] = []
    target = tmp_path / "meeting.ics"
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", results)
        assert modal_of(app).chosen() is ics.ExportKind.MEETING
        await set_path(pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved the meeting on Tue 01 Dec 2026 14:00 to" in shown(app, "ics-done")
        # Where it went (a long path is shown shortened in the middle, as under xdist).
        assert target.name in shown(app, "ics-done").replace("\n", "")
        await pilot.press("escape")
        await pilot.pause()
    assert results == [target]
    content = target.read_bytes()
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"UID:meeting-g3@coordinator.invalid" in content
    assert b"METHOD:PUBLISH" in content


async def test_upcoming_next_n(store: Store, app_factory: AppFactory, tmp_path: Path) -> None:
    app = app_factory(store)
    results: list[Path | None] = []
    target = tmp_path / "next.ics"
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", results)
        await pick(pilot, 1)
        assert modal_of(app).chosen() is ics.ExportKind.UPCOMING
        await set_path(pilot, target)
        modal_of(app).query_one("#ics-next", Input).value = "1"
        modal_of(app).query_one("#ics-next", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "1 meeting, 01 Dec 2026" in shown(app, "ics-done")
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 1


async def test_series_saves_its_state(
    store: Store, app_factory: AppFactory, tmp_path: Path, db_path: Path
) -> None:
    app = app_factory(store)
    target = tmp_path / "series.ics"
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await pick(pilot, 2)
        assert modal_of(app).chosen() is ics.ExportKind.SERIES
        await set_path(pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the standing series" in shown(app, "ics-done")
    assert b"RRULE:FREQ=WEEKLY;UNTIL=" in target.read_bytes()
    # Saved in the group record, so it travels with the bundle.
    state = ics.series_state(store.load(), {})
    assert state is not None and state.sequence == 0


async def test_cancellation_marks_the_meeting_cancelled(
    store: Store, app_factory: AppFactory, tmp_path: Path, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    target = tmp_path / "cancel.ics"
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await pick(pilot, 3)
        assert modal_of(app).chosen() is ics.ExportKind.CANCELLATION
        assert (
            modal_of(app)
            .query_one("#ics-path", Input)
            .value.endswith("tuesday-crew-cancelled-2026-12-01.ics")
        )
        await set_path(pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "cancellation" in shown(app, "ics-done")
    content = target.read_bytes()
    assert b"METHOD:CANCEL" in content and b"SEQUENCE:1" in content
    with reopen(db_path, clock) as fresh:
        meeting = fresh.meeting("g3")
        assert meeting is not None
        assert meeting.status is MeetingStatus.CANCELLED and meeting.sequence == 1


async def test_a_held_meeting_offers_no_cancellation(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g1", [])
        assert modal_of(app).query_one("#kind-cancellation", RadioButton).disabled
        assert not modal_of(app).query_one("#kind-meeting", RadioButton).disabled


async def test_without_a_meeting_upcoming_is_the_choice(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, None, [])
        assert modal_of(app).chosen() is ics.ExportKind.UPCOMING
        assert modal_of(app).query_one("#kind-meeting", RadioButton).disabled


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ics-alarm", "soon", "Reminder: 'soon' should be a time before the meeting"),
        ("ics-path", "", "Save to: is required"),
    ],
)
async def test_bad_input_is_named_and_nothing_is_written(
    store: Store,
    app_factory: AppFactory,
    tmp_path: Path,
    field: str,
    value: str,
    message: str,
) -> None:
    app = app_factory(store)
    results: list[Path | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", results)
        await set_path(pilot, tmp_path / "x.ics")
        modal_of(app).query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message in shown(app, "ics-error")
        assert app.focused is modal_of(app).query_one(f"#{field}")
        await pilot.press("escape")  # something was typed: it asks first
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        await pilot.press("y")
        await pilot.pause()
    assert results == [None]
    assert not (tmp_path / "x.ics").exists()


async def test_bad_count_and_missing_folder(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await pick(pilot, 1)
        await set_path(pilot, tmp_path / "x.ics")
        modal_of(app).query_one("#ics-next", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Next N: 'lots' is not a whole number" in shown(app, "ics-error")
        modal_of(app).query_one("#ics-next", Input).value = "2"
        await set_path(pilot, tmp_path / "missing" / "x.ics")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "does not exist" in shown(app, "ics-error")


async def test_never_overwrites_a_file_that_is_not_a_calendar(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    precious = tmp_path / "letter.ics"
    precious.write_text("Dear Ann,")
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await set_path(pilot, precious)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a calendar" in shown(app, "ics-error")
    assert precious.read_text() == "Dear Ann,"


async def test_default_path_is_in_the_one_output_folder(
    store: Store, app_factory: AppFactory, tmp_path: Path, tmp_home: Path
) -> None:
    """Calendar files go where reports and contacts go (coordinator.paths.output_folder),
    never the home folder or Downloads."""
    from coordinator.paths import output_folder

    assert default_folder() == output_folder() == tmp_home / "reports"
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        path = modal_of(app).query_one("#ics-path", Input)
        assert path.value == str(tmp_home / "reports" / "tuesday-crew-meeting-2026-12-01.ics")
        await pick(pilot, 1)
        assert path.value == str(tmp_home / "reports" / "tuesday-crew-upcoming.ics")
        path.value = str(tmp_path / "mine.ics")
        await pick(pilot, 1)  # a typed path is kept when the choice changes
        assert path.value == str(tmp_path / "mine.ics")


async def test_fits_80_by_24(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        modal = modal_of(app)
        for widget_id in ("ics-kind", "ics-next", "ics-until", "ics-alarm", "ics-path"):
            region = modal.query_one(f"#{widget_id}").region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80
        button = modal.query_one("#ics-export", Button).region
        assert button.height > 0 and button.bottom <= 24


async def test_meetings_screen_key_e_opens_it(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_keys(pilot)


async def test_the_choice_shows_without_colour(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await pick(pilot, 2)
        marks = {
            widget_id: modal_of(app).query_one(f"#{widget_id}", RadioButton).BUTTON_INNER
            for widget_id in ("kind-meeting", "kind-upcoming", "kind-series")
        }
        assert marks == {"kind-meeting": " ", "kind-upcoming": " ", "kind-series": "●"}


async def test_read_only_window_exports_but_does_not_cancel(
    store: Store, app_factory: AppFactory, tmp_path: Path, db_path: Path, clock: FixedClock
) -> None:
    viewer = Store.open(db_path, clock, read_only=True)
    app = app_factory(viewer)
    target = tmp_path / "cancel.ics"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_modal(pilot, "g3", [])
            await pick(pilot, 3)
            await set_path(pilot, target)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "could not be marked cancelled" in shown(app, "ics-error")
            assert not target.exists()
            await pick(pilot, 1)
            await set_path(pilot, target)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Saved" in shown(app, "ics-done")
    finally:
        viewer.close()
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    meeting = store.meeting("g3")
    assert meeting is not None and meeting.status is MeetingStatus.PLANNED


async def test_only_the_fields_a_choice_uses_are_open(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        modal = modal_of(app)

        def open_fields() -> set[str]:
            ids = ("ics-next", "ics-until", "ics-alarm", "ics-path")
            return {i for i in ids if not modal.query_one(f"#{i}", Input).disabled}

        assert open_fields() == {"ics-alarm", "ics-path"}
        await pick(pilot, 1)
        assert open_fields() == {"ics-next", "ics-alarm", "ics-path"}
        await pick(pilot, 1)
        assert open_fields() == {"ics-until", "ics-alarm", "ics-path"}
        await pick(pilot, 1)
        assert open_fields() == {"ics-path"}


async def test_a_bare_file_name_goes_to_the_default_folder(
    store: Store, app_factory: AppFactory, tmp_home: Path
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        modal_of(app).query_one("#ics-path", Input).value = "for the group"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in shown(app, "ics-done")
        modal_of(app).query_one("#ics-path", Input).value = "bad\x00name"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Save to: that path cannot be used" in shown(app, "ics-error")
    saved = tmp_home / "reports" / "for the group.ics"
    assert saved.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("kind_steps", [0, 1, 3])  # this meeting, upcoming, a cancellation
async def test_after_a_long_result_done_is_still_on_an_80x24_screen(
    store: Store, app_factory: AppFactory, tmp_path: Path, kind_steps: int
) -> None:
    """Once the series was sent, a file of its dates carries a note; with a deep folder
    the result runs to many lines. The Done button stays on screen, and so does the note."""
    app = app_factory(store)
    deep = tmp_path / ("a-long-folder-name-" * 3) / ("and-another-" * 4)
    deep.mkdir(parents=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await export(pilot, 2, deep / "series.ics")
        await pilot.press("escape")
        await pilot.pause()
        await open_modal(pilot, "g3", [])
        await export(pilot, kind_steps, deep / "meetings.ics")
        modal = modal_of(app)
        assert "standing series you sent" in shown(app, "ics-done").replace("\n", " ")
        done = modal.query_one("#ics-close", Button)
        assert app.focused is modal.query_one("#ics-kind")  # arrows pick the next one
        assert done.region.height > 0 and done.region.bottom <= SIZE[1]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, IcsExportModal)


async def test_opens_when_the_usual_folder_cannot_be_made(
    store: Store, app_factory: AppFactory, tmp_home: Path
) -> None:
    """A file where the reports folder should be (or a link to an unplugged drive): the
    window opens with the home folder in "Save to", to be changed, instead of crashing."""
    (tmp_home / "reports").write_text("not a folder")
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_by_keys(pilot)
        typed = modal.query_one("#ics-path", Input).value
        assert typed.startswith(str(Path.home())), typed


async def test_after_an_export_arrows_pick_the_next_kind_to_export(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    """The hint says arrows and space pick in the list: after one export they still do,
    so the series can follow the upcoming meetings without closing the window."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await export(pilot, 1, tmp_path / "upcoming.ics")
        assert modal_of(app).chosen() is ics.ExportKind.UPCOMING
        await pilot.press("down", "space")
        await pilot.pause()
        assert modal_of(app).chosen() is ics.ExportKind.SERIES
        await export(pilot, None, tmp_path / "series.ics")
    assert b"RRULE" in (tmp_path / "series.ics").read_bytes()
