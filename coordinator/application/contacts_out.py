"""Write the roster's contact details to a file: shared by ``coordinator contacts`` and
the app's contacts-out form (roster, ``x``).

Where the file goes is decided by the project's output-path guard
(:mod:`coordinator.store.output_paths`): never the group file, a backup or another group file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from coordinator.model import GroupData
from coordinator.reach.contacts_out import contact_members, to_csv, to_text, to_vcard
from coordinator.reach.phones import phone_region

FORMATS: dict[str, str] = {"vcard": ".vcf", "csv": ".csv", "text": ".txt"}


def default_file_name(fmt: str, *, shareable: bool) -> str:
    """The name a contacts file gets when none is typed (in the one output folder)."""
    return f"{'contacts-shareable' if shareable else 'contacts'}{FORMATS[fmt]}"


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
    """Why ``target`` may not be written (the project's output-path guard decides), or
    None."""
    from coordinator.store.output_paths import OutputRefused, check_output

    try:
        check_output(target, db, what="Contacts")
    except OutputRefused as error:
        return str(error)
    return None


def write_contacts(target: Path, db: Path, body: str) -> tuple[str, str | None]:
    """Write ``body`` to ``target`` through the output-path guard (a regular file
    atomically and readable only by you; ``-`` is standard output); returns where it
    went, in words, and a note when that is not the path given (a link followed)."""
    from coordinator.store.output_paths import OutputRefused, save

    try:
        saved = save(target, db, body, what="Contacts")
    except OutputRefused as error:
        raise ContactsOutError(str(error)) from None
    return saved.shown, saved.note
