"""``coordinator web`` refuses plainly, before serving anything: a damaged group file, a
port in use, a port out of range, a folder for ``--db``. No traceback, no server left."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from coordinator.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_damaged_group_file_is_said_before_any_tab_opens(tmp_path: Path) -> None:
    bad = tmp_path / "group.json"
    bad.write_text('{"broken', encoding="utf-8")
    code, said = run("web", "--db", str(bad), "--no-browser")
    assert code == 1
    assert "is damaged" in said and "no backups" in said
    assert "Open this link" not in said


def test_a_port_in_use_or_out_of_range_is_said(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, said = run("--db", str(tmp_path / "g.json"), "web", "--port", str(port))
    assert code == 1
    assert f"Port {port} is already in use. Leave out --port to use a free one." in said
    code, said = run("web", "--port", "70000")
    assert code == 2 and "--port" in said


def test_a_folder_for_the_group_file_is_refused(tmp_path: Path) -> None:
    code, said = run("web", "--db", str(tmp_path), "--no-browser")
    assert code == 2 and "--db" in said and "directory" in said
