"""One backup flow for `coordinator backup` and the app's "Back up now": a manual copy in
the backups folder beside the group file, said by path (by name in a browser tab), and a
clear message instead of a traceback when it cannot be taken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator.application.backup import BackupError, back_up_now, backup_said
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.store import Store, list_backups
from tests.report_fixtures import small_group

DAY = date(2026, 11, 23)


def _group_file(path: Path) -> Path:
    store = Store.open(path, FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC)))
    store.replace_all(small_group())
    store.close()
    return path


def test_a_backup_is_a_private_manual_copy_beside_the_file(tmp_path: Path) -> None:
    group = _group_file(tmp_path / "group.json")
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
    group = _group_file(tmp_path / "group.json")
    before = group.read_bytes()
    (tmp_path / "backups").write_text("not a folder", encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        back_up_now(group, DAY)
    message = str(caught.value)
    assert message.startswith("Could not take a backup:")
    assert "move it aside" in message and message.endswith("The group file is unchanged.")
    assert group.read_bytes() == before


def test_where_it_went_is_a_path_in_a_terminal_and_a_name_in_a_tab(tmp_path: Path) -> None:
    taken = tmp_path / "backups" / "group.2026-11-23.manual.json"
    assert backup_said(taken) == f"Backed up to {taken}"
    in_tab = backup_said(taken, in_browser=True)
    assert "group.2026-11-23.manual.json" in in_tab
    assert str(tmp_path) not in in_tab
    assert "backups folder" in in_tab


# A group file that does not read (damaged, cut short, not ours, from a newer version).
UNREADABLE: dict[str, Callable[[bytes], bytes]] = {
    "cut short": lambda b: b[:100],
    "empty": lambda b: b"",
    "not JSON": lambda b: b"\x00\x01 not a group",
    "not a group file": lambda b: b'{"hello": "there"}',
}


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_group_file_that_does_not_read_never_pushes_out_a_good_backup(
    tmp_path: Path, damage: str
) -> None:
    group = _group_file(tmp_path / "group.json")
    good = [back_up_now(group, DAY) for _ in range(5)]  # the five kept by hand
    kept = {p: p.read_bytes() for p in good}
    group.write_bytes(UNREADABLE[damage](group.read_bytes()))
    for _ in range(6):
        with pytest.raises(BackupError, match=r"not backed up.*coordinator restore"):
            back_up_now(group, DAY)
    assert {p: p.read_bytes() for p in kept} == kept
    assert len(list_backups(group)) == 5
    # `backup` and `backup --purge --yes` refuse it too, with a message and no traceback.
    for args in (["backup"], ["backup", "--purge", "--yes"]):
        result = CliRunner().invoke(cli.main, ["--db", str(group), *args])
        assert result.exit_code == 1, result.output
        assert "the backups may be the only good copies" in result.stderr
        assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in kept} == kept
