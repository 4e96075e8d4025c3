"""One range of dates (1900-01-01 to 2200-12-31) for every date the app accepts.

Checked in the model, so every record's every date field, every date typed in a form,
every date in an imported bundle and every date option of every command refuses a date
outside it with a message naming the field, instead of a traceback later (year 9999 ended
`ics` and reports in OverflowError; year 3000 made `ics --next 5` take seconds).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from coordinator import cli, model
from coordinator.bundle import BundleError, import_bundle
from coordinator.clock import FixedClock
from coordinator.demo import build_demo
from coordinator.model import EARLIEST_DAY, LATEST_DAY, ValidationError, group_data, parse_date
from coordinator.model.frozen import FrozenRecord
from coordinator.reports import document as report
from coordinator.store import Store
from tests.test_bundle import sample

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/London")

outside = st.one_of(
    st.dates(max_value=EARLIEST_DAY - timedelta(days=1)),
    st.dates(min_value=LATEST_DAY + timedelta(days=1)),
)
inside = st.dates(min_value=EARLIEST_DAY, max_value=LATEST_DAY)


def _records(value: object) -> Iterator[FrozenRecord]:
    """Every record reachable from ``value`` (the demo group holds one of each kind)."""
    if isinstance(value, FrozenRecord):
        yield value
        for f in fields(value):
            yield from _records(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _records(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records(item)


def _date_fields() -> list[tuple[Any, str]]:
    """(an example record, a field holding a date) for every date field of every record
    class the model and reports define. A new class with a date field and no example
    fails here, so no date field can be missed."""
    examples: dict[type, Any] = {}
    for found in _records(build_demo(TODAY)):
        examples.setdefault(type(found), found)
    examples[report.ReportRequest] = report.ReportRequest(start=TODAY, end=TODAY)
    cases = []
    for module in (group_data, report):
        for cls in vars(module).values():
            if not (isinstance(cls, type) and is_dataclass(cls)):
                continue
            for f in fields(cls):
                if "date" in str(f.type):  # date, date | None, datetime
                    assert cls in examples, f"no example {cls.__name__} for {f.name}"
                    cases.append((examples[cls], f.name))
    return cases


DATE_FIELDS = _date_fields()


def test_the_walk_finds_every_kind_of_date_field() -> None:
    names = {(type(r).__name__, name) for r, name in DATE_FIELDS}
    assert ("Meeting", "starts_at") in names
    assert ("Member", "joined_on") in names
    assert ("AwayPeriod", "end") in names
    assert ("OutreachNote", "on") in names
    assert ("ReportRequest", "start") in names
    assert ("Group", "started_on") in names


def _as_field_value(example: Any, name: str, day: date) -> object:
    if isinstance(getattr(example, name), datetime):
        return datetime.combine(day, time(14, 0), tzinfo=ZONE)
    return day


@pytest.mark.parametrize(
    ("example", "name"), DATE_FIELDS, ids=[f"{type(r).__name__}.{n}" for r, n in DATE_FIELDS]
)
@settings(max_examples=25, deadline=None)
@given(day=outside)
def test_every_date_field_refuses_a_date_outside_the_range(
    example: Any, name: str, day: date
) -> None:
    with pytest.raises(ValidationError) as caught:
        replace(example, **{name: _as_field_value(example, name, day)})
    assert "1900 to 2200" in str(caught.value)
    assert caught.value.field  # named in the coordinator's words


@pytest.mark.parametrize(
    ("example", "name"), DATE_FIELDS, ids=[f"{type(r).__name__}.{n}" for r, n in DATE_FIELDS]
)
def test_every_date_field_takes_the_first_and_last_day(example: Any, name: str) -> None:
    for day in (EARLIEST_DAY, LATEST_DAY):
        values: dict[str, object] = {name: _as_field_value(example, name, day)}
        if isinstance(example, model.AwayPeriod):  # start and end stay in order
            values = {"start": day, "end": day}
        if isinstance(example, model.OutreachNote):  # "try again on" is not before it
            values = {"on": day, "try_again_on": day}
        replace(example, **values)


@settings(max_examples=50, deadline=None)
@given(day=st.one_of(outside, inside))
def test_a_typed_date_is_read_only_within_the_range(day: date) -> None:
    typed = day.strftime("%d/%m/") + f"{day.year:04d}"
    if EARLIEST_DAY <= day <= LATEST_DAY:
        assert parse_date(typed, "Joined on") == day
    else:
        with pytest.raises(ValidationError, match=r"Joined on: .*1900 to 2200"):
            parse_date(typed, "Joined on")


@pytest.mark.parametrize(
    ("where", "value", "field"),
    [
        (("meetings", 0, "starts_at"), "9999-12-31T14:00", "Starts at"),
        (("members", 0, "joined_on"), "0001-01-01", "Joined on"),
        (("group", "started_on"), "3000-01-01", "Started on"),
        (("contacts", 0, "on"), "1899-12-31", "Date"),
    ],
)
def test_an_import_with_a_date_outside_the_range_is_refused(
    where: tuple[Any, ...], value: str, field: str
) -> None:
    bundle = sample()
    spot: Any = bundle
    for step in where[:-1]:
        spot = spot[step]
    spot[where[-1]] = value
    with pytest.raises(BundleError) as caught:
        import_bundle(json.dumps(bundle))
    assert field in str(caught.value) and "1900 to 2200" in str(caught.value)


def _date_options() -> list[tuple[tuple[str, ...], str]]:
    """(command path with any required arguments filled in, option) for every option of
    every command that takes a date."""
    found = []

    def needed(command: click.Command) -> tuple[str, ...]:
        filled = []
        for param in command.params:
            if isinstance(param, click.Argument) and param.required:
                kind = param.type
                # A choice: its first; anything else: the demo's first member (m1).
                filled.append(kind.choices[0] if isinstance(kind, click.Choice) else "m1")
        return tuple(str(value) for value in filled)

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        for param in command.params:
            if isinstance(param, click.Option) and "DATE" in (param.metavar or ""):
                found.append(((*path, *needed(command)), param.opts[0]))
        if isinstance(command, click.Group):
            # list_commands/get_command: the commands are loaded when first asked for.
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                walk(sub, (*path, name))

    walk(cli.main, ())
    return found


DATE_OPTIONS = _date_options()


def test_the_date_options_are_all_found() -> None:
    options = {(p, o) for p, o in DATE_OPTIONS}
    assert (("at-risk",), "--as-of") in options
    assert (("report",), "--from") in options
    assert (("ics",), "--to") in options


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("range") / "group.json"
    store = Store.open(path, FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC)))
    store.replace_all(build_demo(TODAY))
    store.close()
    return path


@pytest.mark.parametrize(("path", "option"), DATE_OPTIONS)
@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_every_date_option_refuses_a_date_outside_the_range(
    demo_file: Path, path: tuple[str, ...], option: str, typed: str
) -> None:
    args = ["--db", str(demo_file), *path, option, typed]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if option in ("--meeting", "--cancel"):  # an id or a date: no meeting has either
        assert "there is no meeting" in result.output or "1900 to 2200" in result.output
    else:
        assert "1900 to 2200" in result.output
    assert "Traceback" not in result.output
