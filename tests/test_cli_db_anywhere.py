"""``--db FILE`` works before or after the command's name, for every command (the README
says every command takes it): one rule on the ``coordinator`` group, tested over all."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coordinator import cli


def _commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if path:
            found.append(path)
        if isinstance(command, click.Group):
            # list_commands/get_command: the commands are loaded when first asked for.
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                walk(sub, (*path, name))

    walk(cli.main, ())
    return found


COMMANDS = _commands()


def test_every_command_is_found() -> None:
    assert ("at-risk",) in COMMANDS and ("locate",) in COMMANDS and ("report",) in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_db_after_the_command_names_the_file(path: tuple[str, ...], tmp_path: Path) -> None:
    # A path that cannot be a group file is refused by name: the option was read and used
    # before the command did anything.
    bad = tmp_path / ("x" * 300) / "group.json"
    result = CliRunner().invoke(cli.main, [*path, "--db", str(bad), "--help"])
    assert result.exit_code == 0 and "--db FILE" in result.output
    result = CliRunner().invoke(cli.main, [*path, "--db", str(bad)])
    assert result.exit_code != 0
    assert "cannot be used" in result.output and "--db" in result.output


def test_locate_prints_the_file_given_after_it(tmp_path: Path) -> None:
    target = tmp_path / "after.json"
    result = CliRunner().invoke(cli.main, ["locate", "--db", str(target)])
    assert result.output.splitlines()[0] == str(target)


def test_the_same_file_twice_is_fine_and_two_files_are_refused(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    same = CliRunner().invoke(cli.main, ["--db", str(one), "locate", "--db", str(one)])
    assert same.exit_code == 0 and str(one) in same.output
    both = CliRunner().invoke(cli.main, ["--db", str(one), "locate", "--db", str(two)])
    assert both.exit_code != 0 and "two different files" in both.output


def test_at_risk_reads_the_file_given_after_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    result = CliRunner().invoke(cli.main, ["at-risk", "--db", str(missing)])
    assert result.exit_code != 0 and f"There is no group file at {missing}" in result.output
