"""The folder every file the app makes goes to cannot always be made: a broken link to
an unplugged drive, a file where the folder should be. Each command that saves there says
so, naming the folder, and the app's export windows open with another place to change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.store import Store
from tests.test_ics import NOW, sample_data


def _a_file(folder: Path) -> None:
    folder.write_text("not a folder")


def _a_broken_link(folder: Path) -> None:
    folder.symlink_to(folder.parent / "unplugged-drive" / "reports")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(sample_data())
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return path


@pytest.mark.parametrize("block", [_a_file, _a_broken_link])
@pytest.mark.parametrize(
    "args",
    [
        ["contacts", "--save"],
        ["ics", "--next", "2", "--save"],
    ],
)
def test_saving_to_the_usual_folder_says_which_folder_cannot_be_made(
    db: Path, tmp_home: Path, block: Callable[[Path], None], args: list[str]
) -> None:
    block(tmp_home / "reports")
    result = CliRunner().invoke(cli.main, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Sorry" not in result.output
    assert "reports" in result.stderr and "not a folder" in result.stderr, result.stderr
