"""The entry point: plain ``coordinator`` opens the app without the command-line parser,
and everything else still goes through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from coordinator.__main__ import app_request


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "g.json"], (True, "g.json")),
        (["--db=g.json"], (True, "g.json")),
        (["--db", "~/groups/tuesday crew.json"], (True, "~/groups/tuesday crew.json")),
        # Left to the parser: commands, help, version, and anything unusual about --db.
        (["demo"], (False, None)),
        (["--help"], (False, None)),
        (["-h"], (False, None)),
        (["--version"], (False, None)),
        (["--db"], (False, None)),
        (["--db", ""], (False, None)),
        (["--db="], (False, None)),
        (["--db", "-h"], (False, None)),
        (["--db=--version"], (False, None)),
        (["--db", "g.json", "at-risk"], (False, None)),
        (["--db", "a.json", "--db", "b.json"], (False, None)),
        (["--dbx", "g.json"], (False, None)),
        (["g.json"], (False, None)),
    ],
)
def test_only_the_plainest_app_requests_skip_the_parser(
    args: list[str], expected: tuple[bool, str | None]
) -> None:
    assert app_request(args) == expected


@given(st.lists(st.text(max_size=12), max_size=4))
def test_an_app_request_is_exactly_what_the_parser_reads_as_the_app(args: list[str]) -> None:
    """Whatever the arguments, a shortcut is only taken for the app with a usable --db."""
    is_app, db = app_request(args)
    if is_app:
        assert args == [] or db is not None
        assert db is None or (db and not db.startswith("-"))
        assert args in ([], ["--db", db], [f"--db={db}"])


def _launch(args: list[str], tmp_path: Path) -> dict[str, object]:
    """Run the entry point with ``args`` in a fresh interpreter, the app replaced by a
    recorder, and say what it opened and whether click was loaded."""
    script = f"""
        import json, sys
        from coordinator import __main__ as entry, launch
        opened = []
        launch.open_app = lambda db, clock, settings=None: opened.append(str(db))
        sys.argv = ["coordinator", *{args!r}]
        code = 0
        try:
            entry.main()
        except SystemExit as stop:
            code = stop.code or 0
        print(json.dumps({{"opened": opened, "click": "click" in sys.modules, "code": code}}))
    """
    out, stderr = _run_fresh(script, tmp_path)
    out["stderr"] = stderr
    return out


def _run_fresh(script: str, tmp_path: Path) -> tuple[dict[str, object], str]:
    """Run ``script`` in a fresh interpreter with its own data folder; the JSON object it
    prints last, and what it wrote to standard error."""
    env = {**os.environ, "COORDINATOR_HOME": str(tmp_path / "home")}
    env.pop("COORDINATOR_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return out, result.stderr


def test_plain_coordinator_opens_the_default_file_without_click(tmp_path: Path) -> None:
    out = _launch([], tmp_path)
    assert out["opened"] == [str(tmp_path / "home" / "group.json")]
    assert out["click"] is False


def test_coordinator_with_a_file_opens_it_without_click(tmp_path: Path) -> None:
    out = _launch(["--db", str(tmp_path / "g.json")], tmp_path)
    assert out["opened"] == [str(tmp_path / "g.json")]
    assert out["click"] is False


def test_a_folder_as_the_file_is_a_message_not_the_app(tmp_path: Path) -> None:
    out = _launch(["--db", str(tmp_path)], tmp_path)
    assert out["opened"] == []
    assert out["code"] == 1
    assert "is a folder; --db needs the group file itself" in str(out["stderr"])


def test_commands_still_go_through_the_parser(tmp_path: Path) -> None:
    out = _launch(["--db", str(tmp_path / "g.json"), "locate"], tmp_path)
    assert out["opened"] == []
    assert out["click"] is True
    assert out["code"] == 0


def test_the_collector_waits_while_the_app_starts_and_runs_once_it_is_up(
    tmp_path: Path,
) -> None:
    """Start-up makes objects that all live on: the cycle collector is held until the
    app runs (docs/performance.md), and must be running again inside the app."""
    script = f"""
        import gc, json, sys
        import textual.app
        from coordinator import __main__ as entry
        from coordinator.store import Store

        seen = {{"before": gc.isenabled()}}
        real_open = Store.open.__func__

        def spy_open(cls, *args, **kwargs):
            seen["opening the file"] = gc.isenabled()
            return real_open(cls, *args, **kwargs)

        def fake_run(app, *args, **kwargs):
            seen["in the app"] = gc.isenabled()

        Store.open = classmethod(spy_open)
        textual.app.App.run = fake_run
        sys.argv = ["coordinator", "--db", {str(tmp_path / "g.json")!r}]
        entry.main()
        print(json.dumps(seen))
    """
    seen, _ = _run_fresh(script, tmp_path)
    assert seen == {"before": True, "opening the file": False, "in the app": True}


def test_a_command_leaves_what_it_made_out_of_the_collection_at_exit(tmp_path: Path) -> None:
    """Python collects once more as it exits, over everything still alive, even with the
    collector off: a one-shot command freezes what it made first (docs/performance.md),
    whether it ended well or with a message."""
    script = f"""
        import gc, json, sys
        from coordinator import __main__ as entry

        frozen = {{}}
        for name, args in (("done", ["locate"]), ("refused", ["at-risk"])):
            gc.unfreeze()
            sys.argv = ["coordinator", "--db", {str(tmp_path / "g.json")!r}, *args]
            try:
                entry.main()
            except SystemExit as stop:
                frozen[name] = [stop.code or 0, gc.get_freeze_count() > 0]
        print(json.dumps(frozen))
    """
    frozen, _ = _run_fresh(script, tmp_path)
    assert frozen == {"done": [0, True], "refused": [1, True]}
