"""One folder for every file the app makes (coordinator.paths.output_folder): reports,
calendar files and contacts out, from the app's windows and from the command line, go to
the same place when no other is named: Documents/coordinator reports (inside the data
folder when COORDINATOR_HOME moves it), never the home folder."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator import paths
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.reports import printing
from coordinator.store import Store
from coordinator.store.output_paths import REPORTS_FOLDER, check_output
from coordinator.tui.modals.contacts_out import default_target
from coordinator.tui.modals.ics_export import default_folder
from tests.test_ics import NOW, sample_data


def test_every_default_is_the_one_folder(tmp_home: Path) -> None:
    folder = paths.output_folder()
    assert folder == tmp_home / REPORTS_FOLDER == tmp_home / paths.DATA_OUTPUT_FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert printing.reports_folder() == folder  # reports (save, open, print)
    assert default_folder() == folder  # the calendar window
    for fmt in ("vcard", "csv", "text"):  # the contacts window
        assert default_target(fmt, shareable=False).parent == folder
    # The output guard allows it although it is inside the data folder.
    assert check_output(folder / "x.ics", tmp_home / "group.json", what="Output").real


def test_without_coordinator_home_it_is_in_documents_not_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COORDINATOR_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    folder = paths.output_folder(make=False)
    assert folder == tmp_path / "Documents" / "coordinator reports"
    assert not folder.exists()
    assert paths.output_folder() == folder and folder.is_dir()
    assert default_folder() == folder


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(sample_data())
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    return path


def test_the_commands_save_there_too(db: Path, tmp_home: Path) -> None:
    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli.main, ["--db", str(db), *args])
        return result.exit_code, result.output

    folder = tmp_home / REPORTS_FOLDER
    code, said = run("ics", "--next", "2", "--save")
    assert code == 0, said
    [calendar] = folder.glob("*.ics")
    assert calendar.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert f"to {calendar}." in said
    code, said = run("contacts", "--save", "--format", "csv")
    assert code == 0, said
    assert (folder / "contacts.csv").read_text().startswith("Name,")
    for args in (("ics", "--save", "-o", "x.ics"), ("contacts", "--save", "-o", "x.vcf")):
        code, said = run(*args)
        assert code == 1 and "Choose one of -o FILE and --save." in said


# --- when the folder cannot be made: a broken link to an unplugged drive, a file in its
# place. Each command that saves there says which folder and why.


def _a_file(folder: Path) -> None:
    folder.write_text("not a folder")


def _a_broken_link(folder: Path) -> None:
    folder.symlink_to(folder.parent / "unplugged-drive" / "reports")


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
