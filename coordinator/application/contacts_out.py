"""Write the roster's contact details to a file: shared by ``coordinator contacts`` and
the app's contacts-out form (roster, ``x``).

The output path is checked in one place, :func:`refuse_output` (never the group file or
another group file), until the project's output-path guard replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from coordinator.model import GroupData
from coordinator.reach.contacts_out import contact_members, to_csv, to_text, to_vcard
from coordinator.reach.phones import phone_region
from coordinator.text import visible

FORMATS: dict[str, str] = {"vcard": ".vcf", "csv": ".csv", "text": ".txt"}


class ContactsOutError(ValueError):
    """The contacts could not be written; said so a coordinator can act on it."""


def make_contacts(
    data: GroupData, settings: Mapping[str, Any], fmt: str, *, shareable: bool, today: date
) -> tuple[str, int]:
    """The file's text in ``fmt`` (vcard, csv or text) and how many members it holds."""
    group = data.group
    if group is None:
        raise ContactsOutError("The group is not set up yet.")
    if fmt not in FORMATS:
        raise ContactsOutError("Format should be vcard, csv or text.")
    region = phone_region(settings, group.timezone)
    members = contact_members(data.members, shareable=shareable)
    if fmt == "vcard":
        return to_vcard(members, region, group.name), len(members)
    if fmt == "csv":
        return to_csv(members, region), len(members)
    return to_text(members, region, group.name, today, shareable=shareable), len(members)


def refuse_output(target: Path, db: Path) -> str | None:
    """Why ``target`` may not be written (the group file, or any group file), or None."""
    from coordinator.store import UnreadableFileError, read_raw

    try:
        if target.resolve() == db.resolve():
            return f"{visible(str(target))} is the group file itself; choose another name."
    except OSError:
        return f"{visible(str(target))} is not a path that can be written."
    if target.is_dir():
        return f"{visible(str(target))} is a folder; give a file name."
    try:
        is_group_file = read_raw(target) is not None
    except UnreadableFileError:
        is_group_file = False
    if is_group_file:
        return f"{visible(str(target))} is a group file; writing over it would destroy it."
    return None


def write_contacts(target: Path, db: Path, body: str) -> None:
    """Write ``body`` to ``target`` (atomically, readable only by you)."""
    from coordinator.store import atomic_write

    refused = refuse_output(target, db)
    if refused is not None:
        raise ContactsOutError(refused)
    try:
        atomic_write(target, body.encode("utf-8"))
    except OSError as error:
        raise ContactsOutError(
            f"Could not write {visible(str(target))}: {error.strerror or error}."
        ) from None
