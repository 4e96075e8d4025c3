"""Hostile values everywhere: very long, empty, emoji, right-to-left, control characters,
Rich markup, terminal escapes, 31 February, wrong types. Building records, decoding
documents and importing bundles may refuse them only with ValidationError (BundleError is
one); nothing invalid reaches the file; the command line answers with a clear message;
``visible()`` shows escapes instead of obeying them."""

from __future__ import annotations

import copy
import json
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from rich.console import Console
from rich.text import Text

from coordinator.bundle import BundleError, import_bundle
from coordinator.cli import main
from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Consent,
    CoordinatorContact,
    Group,
    GroupData,
    Meeting,
    Member,
    OutreachNote,
    Rhythm,
    SupportLine,
    ValidationError,
    Venue,
    parse_date,
    parse_int,
    parse_time,
)
from coordinator.store import Store, codec
from coordinator.user_text import visible
from tests.bundle_strategies import bundles

CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
LONDON = ZoneInfo("Europe/London")

NASTY_STRINGS = [
    "",
    " ",
    "\t\n",
    "x" * 10_000,
    "😀" * 300,
    "👩‍👩‍👧‍👦 family",
    "שלום עליכם",
    "مرحبا",
    "\u202egnp.exe",  # right-to-left override
    "\u2066isolated\u2069",
    "[bold red]shout[/]",
    "[link=https://evil.example]click[/link]",
    "[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;new title\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m",  # C1 CSI
    "a\x00b",
    "\r\rback",
    "\x7f",
    "31 February 2025",
    "2025-02-31",
    "2025-13-01",
    "0000-00-00",
    "-1",
    "99999999999999999999",
    "NaN",
    "null",
    "{}",
    "../../etc/passwd",
    "=1+1",
    "\ud800",  # a lone surrogate: cannot be written as UTF-8
    "😀\ud83d",  # half an emoji
]
nasty_text = (
    st.sampled_from(NASTY_STRINGS) | st.text(max_size=60) | st.text(min_size=190, max_size=400)
)
scalar = (
    nasty_text
    | st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
)
json_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
)
any_value = (
    json_value
    | st.dates()
    | st.datetimes()
    | st.datetimes(timezones=st.just(UTC))
    | st.times()
    | st.tuples(nasty_text)
)


def refused_only_with_validation_error(build: Any, *args: Any, **kwargs: Any) -> Any:
    """``build(...)``, or None if it raised ValidationError; anything else fails."""
    try:
        return build(*args, **kwargs)
    except ValidationError:
        return None


# --- model construction -----------------------------------------------------------------


@given(
    id=any_value,
    name=any_value,
    known_as=any_value,
    phone=any_value,
    email=any_value,
    channel=any_value,
    status=any_value,
    status_since=any_value,
    status_reason=any_value,
    notes=any_value,
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_members_from_hostile_values(**fields: Any) -> None:
    member = refused_only_with_validation_error(Member, **fields)
    if member is not None:
        assert isinstance(member.name, str) and member.name.strip()
        assert len(member.notes) <= 5000


@given(
    id=any_value,
    starts_at=any_value,
    duration_minutes=any_value,
    venue_id=any_value,
    location=any_value,
    kind=any_value,
    status=any_value,
    topics=st.lists(any_value, max_size=3),
    guests=any_value,
    notes=any_value,
    attendance=st.dictionaries(nasty_text, st.builds(AttendanceMark, st.just("present"))),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_meetings_from_hostile_values(**fields: Any) -> None:
    refused_only_with_validation_error(Meeting, **fields)


@given(a=any_value, b=any_value, c=any_value, d=any_value, e=any_value, f=any_value)
@settings(max_examples=150)
def test_other_records_from_hostile_values(a: Any, b: Any, c: Any, d: Any, e: Any, f: Any) -> None:
    for build, args in [
        (Group, (a, b)),
        (Rhythm, (a, b, c, d, e, f)),
        (Venue, (a, b, c, d)),
        (AwayPeriod, (a, b, c)),
        (Consent, (a, b)),
        (AttendanceMark, (a, b, c)),
        (OutreachNote, (a, b, c, d, e, f)),
        (CoordinatorContact, (a, b, c)),
        (SupportLine, (a, b, c)),
    ]:
        refused_only_with_validation_error(build, *args)


@given(text=nasty_text)
def test_parsing_typed_text_never_crashes(text: str) -> None:
    refused_only_with_validation_error(parse_date, text, "Date")
    refused_only_with_validation_error(parse_time, text, "Time")
    refused_only_with_validation_error(parse_int, text, "Guests", 0, 500)


def test_31_february_is_named_as_not_a_real_date() -> None:
    for typed in ("31 February 2025", "31/2/2025", "2025-02-31"):
        with pytest.raises(ValidationError, match="not a real date"):
            parse_date(typed, "Joined on")


def test_overlong_and_empty_names_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError, match=r"Name: is required"):
        Member(id="m1", name="   ")
    with pytest.raises(ValidationError, match=r"Name: is too long \(10000 characters"):
        Member(id="m1", name="x" * 10_000)
    with pytest.raises(ValidationError, match="Phone: has letters in it"):
        Member(id="m1", name="Sam", phone="call me")


# --- codec: documents from a file or a bundle -----------------------------------------------

member_doc = st.fixed_dictionaries(
    {},
    optional={
        key: json_value
        for key in (
            "id",
            "name",
            "known_as",
            "phone",
            "email",
            "channel",
            "status",
            "status_since",
            "status_reason",
            "joined_on",
            "consent",
            "contact_checked_on",
            "away",
            "notes",
        )
    },
)
meeting_doc = st.fixed_dictionaries(
    {},
    optional={
        key: json_value
        for key in (
            "id",
            "starts_at",
            "duration_minutes",
            "venue_id",
            "location",
            "kind",
            "status",
            "topics",
            "guests",
            "notes",
            "sequence",
            "attendance",
        )
    },
)


@given(doc=member_doc | json_value)
@settings(max_examples=150)
def test_member_documents_decode_or_are_refused(doc: Any) -> None:
    member = refused_only_with_validation_error(codec.member_from_doc, doc)
    if member is not None:
        assert codec.member_from_doc(codec.member_to_doc(member)) == member


@given(doc=meeting_doc | json_value)
@settings(max_examples=150)
def test_meeting_documents_decode_or_are_refused(doc: Any) -> None:
    meeting = refused_only_with_validation_error(codec.meeting_from_doc, doc, LONDON)
    if meeting is not None:
        assert codec.meeting_from_doc(codec.meeting_to_doc(meeting), LONDON) == meeting


@given(doc=json_value)
def test_other_documents_decode_or_are_refused(doc: Any) -> None:
    refused_only_with_validation_error(codec.group_from_doc, doc)
    refused_only_with_validation_error(codec.venue_from_doc, doc)
    refused_only_with_validation_error(codec.contact_from_doc, doc)
    refused_only_with_validation_error(codec.mark_from_doc, doc)


def test_31_february_in_a_document_names_the_record() -> None:
    doc = {"id": "g1", "starts_at": "2025-02-31T14:00"}
    with pytest.raises(ValidationError, match="meeting g1: Starts at"):
        codec.meeting_from_doc(doc, LONDON)


# --- bundle import ---------------------------------------------------------------------------


def _import(source: Any) -> GroupData | None:
    try:
        return import_bundle(source)
    except BundleError:
        return None
    except ValidationError as error:  # pragma: no cover - the contract says BundleError
        pytest.fail(f"import raised a plain ValidationError, not a BundleError: {error}")


@given(raw=st.binary(max_size=200) | nasty_text | json_value)
@settings(max_examples=150)
def test_importing_garbage_is_refused_with_a_bundle_error(raw: Any) -> None:
    source = raw if isinstance(raw, bytes | str) else json.dumps(raw)
    assert _import(source) is None or isinstance(_import(source), GroupData)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += _paths(value, (*prefix, i))
    return found


@given(bundle=bundles(), data=st.data())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_a_bundle_with_one_hostile_value_imports_or_is_refused(bundle: Any, data: Any) -> None:
    hostile = copy.deepcopy(bundle)
    paths = _paths(hostile)
    path = data.draw(st.sampled_from(paths))
    target = hostile
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(json_value)
    imported = _import(json.dumps(hostile))
    if imported is not None:
        assert isinstance(imported, GroupData)


# --- nothing invalid gets saved ----------------------------------------------------------------


@given(name=nasty_text, notes=nasty_text, place=nasty_text, topic=nasty_text)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_what_the_store_accepts_always_reads_back(
    tmp_path_factory: pytest.TempPathFactory, name: str, notes: str, place: str, topic: str
) -> None:
    db = tmp_path_factory.mktemp("hostile") / "group.json"
    member = refused_only_with_validation_error(Member, id="m1", name=name, notes=notes)
    meeting = refused_only_with_validation_error(
        Meeting,
        id="g1",
        starts_at=datetime(2026, 2, 28, 14, tzinfo=LONDON),
        location=place,
        topics=(topic,),
        notes=notes,
    )
    with Store.open(db, CLOCK) as store:
        store.save_group(Group(name="Hostile"))
        if member is not None:
            store.save_member(member)
        if meeting is not None:
            store.save_meeting(meeting)
    with Store.open(db, CLOCK) as again:
        assert again.member("m1") == member
        assert again.meeting("g1") == meeting


@given(bundle=bundles())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_imported_bundle_round_trips_through_the_file(
    tmp_path_factory: pytest.TempPathFactory, bundle: Any
) -> None:
    data = import_bundle(json.dumps(bundle))
    db = tmp_path_factory.mktemp("bundle") / "group.json"
    with Store.open(db, CLOCK) as store:
        store.replace_all(data)
    with Store.open(db, CLOCK) as again:
        # Top-level unknown keys live in settings (the bundle module keeps them there).
        assert again.load() == replace(data, extra={})


def test_a_record_cannot_be_made_invalid_by_replace() -> None:
    member = Member(id="m1", name="Sam")
    with pytest.raises(ValidationError):
        replace(member, name="")
    meeting = Meeting(id="g1", starts_at=datetime(2026, 3, 3, 14, tzinfo=LONDON))
    with pytest.raises(ValidationError):
        replace(meeting, starts_at=datetime(2026, 3, 3, 14))  # noqa: DTZ001 - naive on purpose


# --- the command line -----------------------------------------------------------------------------


HOSTILE_ARGS = [
    "😀",
    "\x1b[31mred",
    "[bold]x[/]",
    "שלום",
    "x" * 5000,
    "31 February 2025",
    "-5",
    "",
]


@pytest.mark.parametrize("value", HOSTILE_ARGS)
def test_hostile_cli_arguments_get_clear_messages(tmp_path: Path, value: str) -> None:
    db = tmp_path / "group.json"
    with Store.open(db, CLOCK) as store:
        store.save_group(Group(name="Args"))
    runner = CliRunner()
    for args in (
        ["--db", str(db), "restore", "--yes", "--", value],
        ["--db", value, "doctor"],
        ["--db", value, "backup"],
        ["--db", str(db), "report", "--from", value],
    ):
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.output.strip(), args
        assert "\x1b" not in result.output  # escapes are shown, never obeyed


def test_31_february_as_a_cli_date(tmp_path: Path) -> None:
    db = tmp_path / "group.json"
    with Store.open(db, CLOCK) as store:
        store.save_group(Group(name="Args"))
    result = CliRunner().invoke(main, ["--db", str(db), "report", "--from", "31 February 2025"])
    assert result.exit_code == 1
    assert "not a real date" in result.output


# --- visible(): escapes are shown, not obeyed ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]0;title\x07", "␛]0;title␇"),
        ("a\x00b", "a␀b"),
        ("line\nbreak", "line␊break"),
        ("\r\rback", "␍␍back"),
        ("\x7f", "␡"),
        ("\x9b31m", "\\u009b31m"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
    ],
)
def test_visible_shows_control_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "text", ["שלום עליכם", "مرحبا", "😀👩‍👩‍👧‍👦", "Zoë Ångström", "[bold]x[/]"]
)
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text


def test_visible_can_keep_newlines_for_notes() -> None:
    assert visible("one\ntwo\x1b", keep_newlines=True) == "one\ntwo␛"


@given(text=st.text())
@settings(max_examples=500)
def test_visible_never_lets_a_control_character_through(text: str) -> None:
    shown = visible(text)
    for ch in shown:
        assert unicodedata.category(ch) not in ("Cc", "Cs"), repr(ch)
        assert ord(ch) not in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


@given(text=st.sampled_from([*NASTY_STRINGS, ":smile:", "[b]x"]) | st.text())
@settings(max_examples=200)
def test_user_text_renders_literally_in_rich(text: str) -> None:
    shown = visible(text)
    console = Console(width=100, force_terminal=True, color_system="truecolor", record=True)
    console.print(Text(shown), end="", soft_wrap=True)
    assert console.export_text() == shown


def test_a_terminal_receives_no_escape_from_user_text() -> None:
    console = Console(width=100, force_terminal=True, color_system=None)
    with console.capture() as captured:
        console.print(Text(visible("\x1b]0;pwned\x07\x1b[2J\x9b31m")), soft_wrap=True)
    assert "\x1b" not in captured.get()
    assert "\x9b" not in captured.get()


def test_times_and_zones_in_hostile_places() -> None:
    odd = timezone(timedelta(hours=13, minutes=45))
    refused_only_with_validation_error(Meeting, id="g1", starts_at=datetime(1, 1, 1, tzinfo=odd))
    refused_only_with_validation_error(
        Meeting, id="g1", starts_at=datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    )
    refused_only_with_validation_error(Rhythm, time=time(14, tzinfo=UTC))
    refused_only_with_validation_error(AwayPeriod, date(2025, 3, 1), date(2025, 2, 1))
    for zone in ("", "Mars/Olympus", "../../etc/passwd", "Europe/London\x00", "😀", "UTC" * 200):
        with pytest.raises(ValidationError):
            Group(name="x", timezone=zone)
