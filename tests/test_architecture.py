"""The layers stay honest (docs/architecture.md): only coordinator/tui imports Textual,
only coordinator/store/storage.py imports TinyDB, and commands other than the app never load
Textual (they start fast and work without a terminal)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coordinator"


def top_level_imports(path: Path) -> set[str]:
    """The top-level package names a module imports (anywhere in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_where_the_test_looks() -> None:
    assert (PACKAGE / "store" / "storage.py").exists()
    assert (PACKAGE / "tui" / "app.py").exists()


def test_only_the_tui_package_imports_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in modules()
        if "textual" in top_level_imports(path) and "tui" not in path.relative_to(PACKAGE).parts
    ]
    assert offenders == []


def test_only_the_store_imports_tinydb() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in modules()
        if "tinydb" in top_level_imports(path) and path != PACKAGE / "store" / "storage.py"
    ]
    assert offenders == []


def _run(script: str, env_home: Path) -> str:
    env = {**os.environ, "COORDINATOR_HOME": str(env_home)}
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
    return result.stdout


def test_every_module_outside_the_tui_imports_without_textual(tmp_path: Path) -> None:
    script = """
        import json, pkgutil, sys, importlib
        import coordinator
        names = [
            m.name for m in pkgutil.walk_packages(coordinator.__path__, "coordinator.")
            if not m.name.startswith("coordinator.tui")
        ]
        for name in names:
            importlib.import_module(name)
        print(json.dumps({"modules": names, "textual": "textual" in sys.modules}))
    """
    out = json.loads(_run(script, tmp_path).strip().splitlines()[-1])
    assert "coordinator.cli" in out["modules"]
    assert "coordinator.store" in out["modules"]
    assert out["textual"] is False


# Commands a script or the pain service might run, with arguments that work on the demo.
COMMANDS: list[list[str]] = [
    ["locate"],
    ["--help"],
    ["demo", "--no-open"],
    ["doctor"],
    ["backup"],
    ["export", "{tmp}/bundle.json"],
    ["report", "summary", "--format", "text"],
    ["report", "service", "--format", "md"],
    ["report", "sign-in", "--format", "text"],
    ["at-risk", "--json"],
    ["ics", "--next", "3", "-o", "{tmp}/meetings.ics"],
    ["ics", "--series", "-o", "{tmp}/series.ics"],
    ["message", "reminder", "--format", "json"],
    ["contacts", "--format", "vcard", "-o", "{tmp}/group.vcf"],
    ["message", "check-in", "--member", "m1", "--format", "text"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
def test_commands_other_than_the_app_never_load_textual(tmp_path: Path, args: list[str]) -> None:
    """Each command runs on the demo's file, in a fresh interpreter, without Textual."""
    db = tmp_path / "demo.json"
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    script = f"""
        import sys
        from coordinator.cli import main
        from coordinator.cli.root import COMMANDS
        known = set(main.commands) | set(COMMANDS) | {{"--help"}}
        if {args[0]!r} not in known:
            print("MISSING")
            raise SystemExit(0)
        if {args[0]!r} != "demo":
            main(["--db", {str(db)!r}, "demo", "--no-open"], standalone_mode=False)
        code = 0
        try:
            main(["--db", {str(db)!r}, *{args!r}], standalone_mode=False)
        except SystemExit as stop:
            code = stop.code or 0
        web = any(name in sys.modules for name in ("aiohttp", "textual_serve"))
        print("EXIT", code, "textual" in sys.modules, web)
    """
    # The data folder apart from the files written: nothing may be written inside it.
    last = _run(script, tmp_path / "home").strip().splitlines()[-1]
    assert last != "MISSING", f"`coordinator {args[0]}` does not exist yet"
    assert last == "EXIT 0 False False"


def test_only_coordinator_web_loads_the_web_server(tmp_path: Path) -> None:
    """The app, its screens that deliver files and the command line never load aiohttp or
    textual-serve: only `coordinator web` does, when it runs."""
    script = """
        import sys
        import coordinator.cli, coordinator.launch, coordinator.tui.app
        import coordinator.tui.screens.reports, coordinator.tui.modals.ics_export
        before = sorted(n for n in ("aiohttp", "textual_serve") if n in sys.modules)
        import coordinator.web.server
        after = sorted(n for n in ("aiohttp", "textual_serve") if n in sys.modules)
        print(before, after)
    """
    last = _run(script, tmp_path).strip().splitlines()[-1]
    assert last == "[] ['aiohttp', 'textual_serve']"


def test_reading_a_group_file_never_loads_tinydb_and_the_first_change_does(
    tmp_path: Path,
) -> None:
    """Commands and the app's first frame only read: TinyDB comes in with the first save."""
    db = tmp_path / "group.json"
    script = f"""
        import sys
        from dataclasses import replace
        from datetime import date
        from pathlib import Path
        from coordinator.clock import SystemClock
        from coordinator.store import Store
        path = Path({str(db)!r})
        if not path.exists():
            from coordinator.demo import build_demo
            with Store.open(path, SystemClock()) as store:
                store.replace_all(build_demo(date(2026, 11, 23)))
            print("WROTE")
            raise SystemExit(0)
        with Store.open(path, SystemClock()) as store:
            member = store.load().members[0]
            store.settings()
            before = "tinydb" in sys.modules
            store.save_member(replace(member, notes="changed"))
            after = "tinydb" in sys.modules
        with Store.open(path, SystemClock(), read_only=True) as store:
            saved = store.member(member.id).notes
        print(before, after, saved)
    """
    assert _run(script, tmp_path).strip().splitlines()[-1] == "WROTE"
    assert _run(script, tmp_path).strip().splitlines()[-1] == "False True changed"


def test_every_command_is_named_once_and_loads_only_when_run(tmp_path: Path) -> None:
    """The command list names each command's module; running one command imports its
    module and no other command's, and ``--help`` lists them all by their own names."""
    script = """
        import json, sys
        import click
        from coordinator.cli.root import COMMANDS, main
        before = {m for m in sys.modules if m.startswith("coordinator.cli.")}
        ctx = click.Context(main)
        main.get_command(ctx, "at-risk")
        after = {m for m in sys.modules if m.startswith("coordinator.cli.")}
        names = main.list_commands(ctx)
        wrong = [n for n in names if getattr(main.get_command(ctx, n), "name", None) != n]
        print(json.dumps([sorted(after - before), names, sorted(COMMANDS), wrong]))
    """
    loaded, names, named, wrong = json.loads(_run(script, tmp_path).strip().splitlines()[-1])
    assert loaded == ["coordinator.cli.outputs"]
    assert wrong == []
    assert sorted(names) == sorted([*named, "locate"])  # locate lives in root itself
