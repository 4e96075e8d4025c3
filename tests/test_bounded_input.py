"""Values that pass a first look and would break something later are refused where they
come in, with a short message naming the field; every exception parsing or saving can
raise becomes a StoreError or a BundleError (issue 14)."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coordinator.bundle import BundleError, dumps, export_bundle, import_bundle
from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.model import Member, ValidationError
from coordinator.model.fields import check_email, check_id, check_phone, check_timezone
from coordinator.store import (
    SaveFailedError,
    Store,
    UnreadableFileError,
    codec,
    jsonfile,
    repository as store_module,
)
from tests.report_fixtures import small_group

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"x": value}
    return value


@pytest.fixture
def bundle() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(dumps(export_bundle(small_group(), NOW)))
    return loaded


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "group.json"
    with Store.open(path, FixedClock(NOW)) as store:
        store.replace_all(small_group())
    return path


def edit(db: Path, change: Callable[[dict[str, Any]], None]) -> bytes:
    data = json.loads(db.read_bytes())
    change(data)
    raw = json.dumps(data).encode()
    db.write_bytes(raw)
    return raw


# --- bundles -------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [40, 970, 985, 5000])
def test_deep_unknown_values_are_refused_at_import(bundle: dict[str, Any], levels: int) -> None:
    bundle["x-deep"] = deep(levels)
    text = json.dumps(bundle) if levels < 900 else _deep_text(bundle, levels)
    with pytest.raises(BundleError, match="nested"):
        import_bundle(text)


def _deep_text(bundle: dict[str, Any], levels: int) -> str:
    bundle.pop("x-deep")
    head = json.dumps(bundle)[:-1]
    return head + ', "x-deep": ' + '{"x": ' * levels + "1" + "}" * levels + "}"


def test_deep_values_inside_a_record_are_refused(bundle: dict[str, Any]) -> None:
    bundle["members"][0]["x-deep"] = deep(20)
    with pytest.raises(BundleError, match="nested more than"):
        import_bundle(json.dumps(bundle))


@pytest.mark.parametrize("digits", [30, 4301, 10_000])
def test_huge_numbers_are_refused_at_import(bundle: dict[str, Any], digits: int) -> None:
    text = json.dumps(bundle)[:-1] + ', "x-big": ' + "9" * digits + "}"
    with pytest.raises(BundleError) as caught:
        import_bundle(text)
    assert len(str(caught.value)) < 200


def test_a_megabyte_value_is_quoted_short(bundle: dict[str, Any]) -> None:
    huge = "A" * 1_000_000
    for change in (
        lambda b: b.update(format=huge),
        lambda b: b["group"].update(timezone=huge),
        lambda b: b["members"][0].update(status=huge),
        lambda b: b["meetings"][0].update(starts_at=huge),
        lambda b: b.update(exported_at=huge),
        lambda b: b.update({"x-" + huge: 1}),
        lambda b: b.update({"x-text": huge}),
    ):
        copy = json.loads(json.dumps(bundle))
        change(copy)  # type: ignore[no-untyped-call]
        with pytest.raises(BundleError) as caught:
            import_bundle(json.dumps(copy))
        assert len(str(caught.value)) < 700, str(caught.value)[:300]


@pytest.mark.parametrize("stamp", ["x", "", "2026-13-01T00:00:00Z", "2026-01-01", 5])
def test_exported_at_must_be_a_moment(bundle: dict[str, Any], stamp: object) -> None:
    bundle["exported_at"] = stamp
    with pytest.raises(BundleError, match="exported_at"):
        import_bundle(json.dumps(bundle))


def test_a_good_exported_at_is_accepted(bundle: dict[str, Any]) -> None:
    for stamp in ("2026-01-01T00:00:00Z", "2026-01-01T00:00Z", "2026-01-01T10:00:00+01:00"):
        bundle["exported_at"] = stamp
        import_bundle(json.dumps(bundle))


@pytest.mark.parametrize("version", [-1, 0, 2, True, "1", 10**30])
def test_bundle_versions_out_of_range_are_refused_calmly(
    bundle: dict[str, Any], version: object
) -> None:
    bundle["version"] = version
    with pytest.raises(BundleError, match="version"):
        import_bundle(json.dumps(bundle))


# --- fields --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["m1\n", "m1\r\n", "\nm1", "m 1", "", "x" * 65])
def test_ids_with_a_trailing_newline_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        check_id(value, "Member id")


def test_phone_and_email_with_a_trailing_newline_are_refused() -> None:
    with pytest.raises(ValidationError):
        check_phone("07700 900123\n")
    with pytest.raises(ValidationError):
        check_email("a@example.org\n")


@pytest.mark.parametrize(
    "zone",
    [
        "localtime",
        "Factory",
        "posixrules",
        "right/Europe/London",
        "posix/Europe/London",
        "Europe/../Europe/London",
        "/usr/share/zoneinfo/Europe/London",
        "Europe/London\n",
        "europe/london ",
        "Mars/Olympus",
        "A" * 1_000_000,
    ],
)
def test_timezones_that_are_not_places_are_refused(zone: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_timezone(zone)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    "zone", ["Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Kolkata"]
)
def test_real_zones_are_accepted(zone: str) -> None:
    assert check_timezone(zone) == zone


# --- the group file ------------------------------------------------------------------


def _deep_file(db: Path) -> bytes:
    raw = db.read_bytes()[:-1] + b', "settings": {"1": {"x": ' + b"[" * 970 + b"]" * 970 + b"}}}"
    db.write_bytes(raw)
    return raw


HOSTILE_FILES: dict[str, Callable[[Path], bytes]] = {
    "deep settings": _deep_file,
    "deep unknown key in a member": lambda db: edit(
        db, lambda d: d["members"]["1"].update({"x-deep": deep(40)})
    ),
    "5000-digit number": lambda db: _raw(db, b', "settings": {"1": {"n": ' + b"9" * 5000 + b"}}}"),
    "schema_version -1": lambda db: edit(db, lambda d: d["meta"]["1"].update(schema_version=-1)),
    "schema_version true": lambda db: edit(
        db, lambda d: d["meta"]["1"].update(schema_version=True)
    ),
    "schema_version 99": lambda db: edit(db, lambda d: d["meta"]["1"].update(schema_version=99)),
    "duplicate member ids": lambda db: edit(
        db, lambda d: d["members"].update({"99": dict(d["members"]["1"])})
    ),
    "id with a newline": lambda db: edit(db, lambda d: d["members"]["1"].update(id="m1\n")),
    "timezone localtime": lambda db: edit(
        db, lambda d: d["group"]["1"].update(timezone="localtime")
    ),
    "a megabyte of text": lambda db: edit(db, lambda d: d["group"]["1"].update(name="N" * 10**6)),
}


def _raw(db: Path, tail: bytes) -> bytes:
    raw = db.read_bytes()[:-1] + tail
    db.write_bytes(raw)
    return raw


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_hostile_group_files_are_refused_by_every_command(
    db: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = HOSTILE_FILES[case](db)
    with pytest.raises(UnreadableFileError) as caught:
        Store.open(db, FixedClock(NOW)).close()
    assert len(str(caught.value)) < 700
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    runner = CliRunner()
    for args in (
        ["at-risk"],
        ["report", "summary", "--format", "text"],
        ["ics", "--next", "2"],
        ["export", "-"],
        ["doctor"],
        ["backup"],
        ["restore"],
    ):
        result = runner.invoke(cli.main, ["--db", str(db), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert len(result.output) < 3000
    assert db.read_bytes() == raw


# --- every exception class, forced ------------------------------------------------------

PARSE_ERRORS: list[BaseException] = [
    RecursionError("deep"),
    ValueError("Exceeds the limit (4300 digits)"),
    OverflowError("big"),
    MemoryError(),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
    json.JSONDecodeError("bad", "x", 0),
]


@pytest.mark.parametrize("error", PARSE_ERRORS, ids=lambda e: type(e).__name__)
def test_every_parse_error_becomes_unreadable(
    db: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(raw: bytes) -> Any:
        raise error

    monkeypatch.setattr(jsonfile, "loads", broken)
    with pytest.raises(UnreadableFileError):
        Store.open(db, FixedClock(NOW), read_only=True)


RECORD_ERRORS: list[BaseException] = [
    ValueError("x"),
    TypeError("x"),
    KeyError("x"),
    AttributeError("x"),
    OverflowError("x"),
    RecursionError("x"),
    MemoryError(),
    ValidationError("Name", "bad"),
]


@pytest.mark.parametrize("error", RECORD_ERRORS, ids=lambda e: type(e).__name__)
def test_every_record_error_becomes_unreadable_or_a_bundle_error(
    db: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch, bundle: dict[str, Any]
) -> None:
    def broken(doc: object) -> Member:
        raise error

    monkeypatch.setattr(codec, "member_from_doc", broken)
    with pytest.raises(UnreadableFileError):
        Store.open(db, FixedClock(NOW), read_only=True)
    with pytest.raises(BundleError):
        import_bundle(json.dumps(bundle))


SAVE_ERRORS: list[BaseException] = [
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EIO, "Input/output error"),
    PermissionError(errno.EACCES, "Permission denied"),
    ValueError("x"),
    TypeError("x"),
    OverflowError("x"),
    RecursionError("x"),
    MemoryError(),
]


@pytest.mark.parametrize("error", SAVE_ERRORS, ids=lambda e: f"{type(e).__name__}-{e}")
def test_every_save_error_becomes_save_failed(
    db: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = db.read_bytes()
    with Store.open(db, FixedClock(NOW)) as store:
        store.save_member(Member(id="first", name="First"))  # today's backup is taken
        saved = db.read_bytes()

        def broken(data: object) -> bytes:
            raise error

        monkeypatch.setattr(store_module, "encode", broken)
        with pytest.raises(SaveFailedError):
            store.save_member(Member(id="second", name="Second"))
        monkeypatch.undo()
        assert db.read_bytes() == saved != before
        assert store.member("second") is None
        store.save_member(Member(id="third", name="Third"))  # carries on afterwards
    assert b"Third" in db.read_bytes()


def test_a_lone_surrogate_in_a_kept_field_is_a_save_error(db: Path) -> None:
    with Store.open(db, FixedClock(NOW)) as store, pytest.raises(SaveFailedError):
        store.save_settings({"x": "\ud800"})


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.EIO, "Input/output error"),
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ELOOP, "Too many levels of symbolic links"),
        ValueError("embedded null byte"),
    ],
    ids=lambda e: str(e),
)
def test_every_read_error_becomes_unreadable(
    db: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise error

    monkeypatch.setattr("os.open", broken)
    with pytest.raises(UnreadableFileError):
        store_module.read_bytes(db)
