"""The app's calendar export goes through the one output check: a link to the group file,
a file in its backups folder or a folder are refused in the modal, nothing is written and
no meeting is marked cancelled (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from coordinator.model import MeetingStatus
from coordinator.store import Store

from .conftest import SIZE, AppFactory
from .test_ics_export import modal_of, open_modal, pick, shown


async def test_the_group_file_by_any_name_is_refused(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    before = store.path.read_bytes()
    link = tmp_path / "calendar.ics"
    link.symlink_to(store.path)
    (store.path.parent / "backups").mkdir(exist_ok=True)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_modal(pilot, "g3", [])
        await pick(pilot, 3)  # a cancellation: refused before the meeting is marked
        for typed, said in (
            (str(link), "is the group file itself"),
            (str(store.path.parent / "backups" / "x.ics"), "backups folder"),
        ):
            modal_of(app).query_one("#ics-path", Input).value = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert said in shown(app, "ics-error").replace("\n", " ")
    assert store.path.read_bytes() == before
    assert link.is_symlink()
    with Store.open(store.path, store.clock, read_only=True) as check:
        meeting = check.meeting("g3")
        assert meeting is not None and meeting.status is not MeetingStatus.CANCELLED
