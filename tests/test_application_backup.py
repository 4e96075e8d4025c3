"""One backup flow for `coordinator backup` and the app's "Back up now": a manual copy in
the backups folder beside the group file, said by path (by name in a browser tab), and a
clear message instead of a traceback when it cannot be taken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coordinator.application.backup import BackupError, back_up_now, backup_said
from coordinator.store import list_backups

DAY = date(2026, 11, 23)


def test_a_backup_is_a_private_manual_copy_beside_the_file(tmp_path: Path) -> None:
    group = tmp_path / "group.json"
    group.write_text('{"hello": "there"}', encoding="utf-8")
    taken = back_up_now(group, DAY)
    assert taken.parent == tmp_path / "backups"
    assert taken.read_bytes() == group.read_bytes()
    assert taken.stat().st_mode & 0o777 == 0o600
    assert [(b.path, b.kind) for b in list_backups(group)] == [(taken, "manual")]
    # A second one the same day is kept beside the first, not over it.
    again = back_up_now(group, DAY)
    assert again != taken and len(list_backups(group)) == 2


def test_no_group_file_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"There is no group file at .* to back up"):
        back_up_now(tmp_path / "none.json", DAY)


def test_a_backups_file_in_the_way_is_said_and_the_group_file_left_alone(
    tmp_path: Path,
) -> None:
    group = tmp_path / "group.json"
    group.write_text("{}", encoding="utf-8")
    (tmp_path / "backups").write_text("not a folder", encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        back_up_now(group, DAY)
    message = str(caught.value)
    assert message.startswith("Could not take a backup:")
    assert "move it aside" in message and message.endswith("The group file is unchanged.")
    assert group.read_text(encoding="utf-8") == "{}"


def test_where_it_went_is_a_path_in_a_terminal_and_a_name_in_a_tab(tmp_path: Path) -> None:
    taken = tmp_path / "backups" / "group.2026-11-23.manual.json"
    assert backup_said(taken) == f"Backed up to {taken}"
    in_tab = backup_said(taken, in_browser=True)
    assert "group.2026-11-23.manual.json" in in_tab
    assert str(tmp_path) not in in_tab
    assert "backups folder" in in_tab
