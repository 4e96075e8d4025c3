"""What a calendar export changes in the group file, saved before the file is shared.

Making an ``.ics`` file is pure (:func:`coordinator.invites.ics.make_export`); two kinds
also change the group's records. A cancellation marks the meeting cancelled, so the app
and people's calendars agree and the store's sequence number matches the file's; this
must be saved first, or no file is written. The standing series remembers its update
count (in the group record, so they travel with the bundle), so exporting it again
updates calendars instead of adding a second series; a read-only window cannot save
that, which it says, and the file is still written. ``coordinator ics`` and the app's
export modal both call
:func:`save_export_changes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from coordinator.invites.ics import series_state, with_series_state
from coordinator.store import ReadOnlyError

if TYPE_CHECKING:
    from coordinator.invites.ics import IcsFile
    from coordinator.store import Store

READ_ONLY_SERIES = (
    "This window is read-only, so the series' update count was not saved; "
    "export the series again after closing the other window."
)


class ExportSaved(NamedTuple):
    """What saving an export's changes did: whether any record changed (the app then
    refreshes its screens), and sentences to tell the coordinator."""

    changed: bool
    notes: tuple[str, ...]


def save_export_changes(store: Store, made: IcsFile) -> ExportSaved:
    """Save what ``made`` changes (a meeting now cancelled, the series' update count),
    before its file is written.

    Raises :class:`~coordinator.store.StoreError` when the cancellation cannot be saved
    (in a read-only window too): then no file may be written."""
    changed = False
    notes: list[str] = []
    if made.cancel is not None:
        if store.read_only:
            raise ReadOnlyError(
                f"{store.read_only_reason or 'This window is read-only.'} "
                "The meeting was not cancelled; no file was written."
            )
        store.save_meeting(made.cancel)
        changed = True
        notes.append(f"Marked the meeting on {made.cancel.starts_at:%a %d %b %Y} cancelled.")
    state = made.series_state
    data = store.load()
    group = data.group
    if state is not None and group is not None and series_state(data, store.settings()) != state:
        if store.read_only:
            notes.append(READ_ONLY_SERIES)
        else:
            store.save_group(with_series_state(group, state))
            changed = True
    return ExportSaved(changed, tuple(notes))
