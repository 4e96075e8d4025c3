"""The version-1 bundle: round trips, refusals that name the field, unknown keys kept."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from coordinator.bundle import BundleError, dumps, export_bundle, import_bundle
from coordinator.model import GroupData, Mark, ValidationError
from tests.bundle_strategies import bundles

EXPORTED = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def sample() -> dict[str, Any]:
    """The example from DESIGN.md §3, with a second member for the deputy."""
    return {
        "format": "coordinator-bundle",
        "version": 1,
        "exported_at": "2026-05-01T10:00:00Z",
        "group": {
            "name": "Tuesday Crew",
            "timezone": "Europe/London",
            "rhythm": {
                "every": 2,
                "unit": "week",
                "weekday": "tue",
                "nth": None,
                "time": "14:00",
                "duration_minutes": 120,
            },
            "started_on": "2025-03-04",
            "default_venue_id": "v1",
            "coordinator": {"name": "Ann", "phone": "07700 900123", "email": "ann@example.org"},
            "deputy_member_id": "m2",
            "support_line": {"label": "Pain service", "phone": "0117 000 0000", "note": ""},
        },
        "venues": [
            {
                "id": "v1",
                "name": "Riverside Cafe",
                "address": "1 Quay St",
                "access_notes": "step-free",
            }
        ],
        "members": [
            {
                "id": "m1",
                "name": "Sam Jones",
                "known_as": "Sam",
                "phone": "",
                "email": "",
                "channel": "whatsapp",
                "status": "active",
                "status_since": "2025-03-04",
                "status_reason": None,
                "joined_on": "2025-03-04",
                "availability": "",
                "access_needs": "",
                "consent": {"recorded_on": "2025-03-04", "share_contact_with_group": True},
                "contact_checked_on": "2025-03-04",
                "away": [{"from": "2025-07-01", "to": "2025-07-20", "note": "holiday"}],
                "notes": "",
            },
            {
                "id": "m2",
                "name": "Priya Shah",
                "known_as": "",
                "phone": "07700 900456",
                "email": "",
                "channel": "sms",
                "status": "active",
                "status_since": None,
                "status_reason": None,
                "joined_on": None,
                "availability": "not Mondays",
                "access_needs": "",
                "consent": {"recorded_on": None, "share_contact_with_group": False},
                "contact_checked_on": None,
                "away": [],
                "notes": "",
            },
        ],
        "meetings": [
            {
                "id": "g1",
                "starts_at": "2025-03-04T14:00",
                "duration_minutes": 120,
                "venue_id": "v1",
                "location": None,
                "kind": "regular",
                "status": "held",
                "topics": ["catch-up", "pacing"],
                "guests": 0,
                "notes": "",
                "sequence": 0,
                "attendance": {"m1": {"status": "present", "reason": None, "note": ""}},
            }
        ],
        "contacts": [
            {
                "id": "c1",
                "member_id": "m1",
                "on": "2025-03-20",
                "channel": "sms",
                "outcome": "reached",
                "note": "flare-up, hopes to come next time",
            }
        ],
    }


def without_stamp(bundle: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bundle.items() if k != "exported_at"}


def refusal(bundle: object) -> str:
    with pytest.raises(BundleError) as caught:
        import_bundle(json.dumps(bundle) if isinstance(bundle, dict) else bundle)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValidationError)
    return str(caught.value)


# --- round trips ------------------------------------------------------------------


def test_the_design_example_round_trips() -> None:
    original = sample()
    data = import_bundle(json.dumps(original))
    assert data.group is not None and data.group.name == "Tuesday Crew"
    assert data.meetings[0].starts_at.hour == 14
    assert data.meetings[0].attendance["m1"].status is Mark.PRESENT
    again = export_bundle(data, EXPORTED)
    assert again == original


def test_exported_at_is_utc_with_z() -> None:
    data = import_bundle(sample())
    summer = timezone(timedelta(hours=1))
    out = export_bundle(data, datetime(2026, 5, 1, 11, 0, 30, tzinfo=summer))
    assert out["exported_at"] == "2026-05-01T10:00:30Z"
    assert list(out)[:3] == ["format", "version", "exported_at"]
    assert out["format"] == "coordinator-bundle" and out["version"] == 1


def test_dumps_reads_back_and_keeps_non_ascii() -> None:
    original = sample()
    original["members"][0]["name"] = "Zoë [bold]Ó Briain[/]"
    text = dumps(original)
    assert "Zoë" in text and text.endswith("\n")
    assert import_bundle(text.encode("utf-8")).members[0].name == "Zoë [bold]Ó Briain[/]"


def test_bytes_with_a_byte_order_mark_are_read() -> None:
    raw = b"\xef\xbb\xbf" + dumps(sample()).encode("utf-8")
    assert import_bundle(raw).group is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles())
def test_any_valid_bundle_round_trips(original: dict[str, Any]) -> None:
    data = import_bundle(dumps(original))
    out = export_bundle(data, EXPORTED)
    assert without_stamp(out) == without_stamp(original)
    # And the model objects themselves survive a second pass unchanged.
    assert import_bundle(out) == data


def test_export_needs_a_group() -> None:
    with pytest.raises(BundleError, match="Group"):
        export_bundle(GroupData(group=None), EXPORTED)


# --- unknown keys -----------------------------------------------------------------


def test_unknown_keys_survive_at_every_level() -> None:
    original = sample()
    original["from_version_2"] = {"anything": [1, 2, 3]}
    original["group"]["colour"] = "teal"
    original["group"]["rhythm"]["skip_bank_holidays"] = True
    original["group"]["support_line"]["hours"] = "24/7"
    original["venues"][0]["postcode"] = "BS1 4DJ"
    original["members"][0]["pronouns"] = "they/them"
    original["members"][0]["consent"]["withdrawn_on"] = None
    original["members"][0]["away"][0]["booked"] = True
    original["meetings"][0]["weather"] = "rain"
    original["meetings"][0]["attendance"]["m1"]["arrived"] = "14:10"
    original["contacts"][0]["duration"] = 5
    data = import_bundle(dumps(original))
    assert data.extra == {"from_version_2": {"anything": [1, 2, 3]}}
    assert data.members[0].extra == {"pronouns": "they/them"}
    assert without_stamp(export_bundle(data, EXPORTED)) == without_stamp(original)


# --- refusals ---------------------------------------------------------------------


def test_malformed_json_says_line_and_column() -> None:
    text = dumps(sample()).replace('"Tuesday Crew",', '"Tuesday Crew"', 1)
    message = refusal(text)
    assert "not valid JSON" in message
    assert "line 7" in message and "column" in message


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("", "empty"),
        ("[1, 2]", "not a bundle"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_not_a_bundle_at_all(source: str | bytes, words: str) -> None:
    assert words in refusal(source)


def test_wrong_format() -> None:
    bundle = sample()
    bundle["format"] = "something-else"
    assert "format" in refusal(bundle)
    del bundle["format"]
    assert "format: is missing" in refusal(bundle)


@pytest.mark.parametrize(
    ("version", "words"), [(2, "newer"), (0, "only version 1"), ("1", "whole")]
)
def test_wrong_version(version: object, words: str) -> None:
    bundle = sample()
    bundle["version"] = version
    message = refusal(bundle)
    assert message.startswith("version:")
    assert words in message


def test_missing_group() -> None:
    bundle = sample()
    del bundle["group"]
    assert refusal(bundle).startswith("group: is missing")


def test_records_must_be_lists() -> None:
    bundle = sample()
    bundle["members"] = {"m1": {}}
    assert refusal(bundle).startswith("members: should be a list")


@pytest.mark.parametrize("kind", ["venues", "members", "meetings", "contacts"])
def test_duplicate_ids(kind: str) -> None:
    bundle = sample()
    bundle[kind].append(copy.deepcopy(bundle[kind][0]))
    message = refusal(bundle)
    record_id = bundle[kind][0]["id"]
    assert f"{record_id!r} is used by more than one" in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda b: b["meetings"][0]["attendance"].update(
                m9={"status": "present", "reason": None, "note": ""}
            ),
            "meeting g1: attendance: has a mark for member 'm9'",
        ),
        (
            lambda b: b["contacts"][0].update(member_id="m9"),
            "contact c1: member_id: names member 'm9'",
        ),
        (
            lambda b: b["group"].update(deputy_member_id="m9"),
            "group: deputy_member_id: names member 'm9'",
        ),
        (
            lambda b: b["group"].update(default_venue_id="v9"),
            "group: default_venue_id: names venue 'v9'",
        ),
        (
            lambda b: b["meetings"][0].update(venue_id="v9"),
            "meeting g1: venue_id: names venue 'v9'",
        ),
    ],
)
def test_references_to_unknown_records(change: Any, words: str) -> None:
    bundle = sample()
    change(bundle)
    assert words in refusal(bundle)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda b: b["members"][1].update(phone="call me"), "member m2: Phone: has letters"),
        (lambda b: b["members"][0].update(email="sam at home"), "member m1: Email:"),
        (lambda b: b["members"][0].update(name="  "), "member m1: Name: is required"),
        (lambda b: b["members"][0].update(joined_on="2025-02-31"), "member m1: Joined on:"),
        (
            lambda b: b["members"][0]["away"][0].update(to="2025-06-01"),
            "member m1: Away until: is before",
        ),
        (lambda b: b["meetings"][0].update(starts_at="soon"), "meeting g1: Starts at:"),
        (lambda b: b["meetings"][0].update(status="done"), "meeting g1: Status: 'done'"),
        (lambda b: b["group"].update(timezone="Mars/Olympus"), "group: Timezone:"),
        (lambda b: b["group"]["rhythm"].update(time="25:00"), "group: Usual time:"),
        (lambda b: b["contacts"][0].update(on=None), "contact c1: Date: is required"),
    ],
)
def test_invalid_fields_name_record_and_field(change: Any, words: str) -> None:
    bundle = sample()
    change(bundle)
    assert words in refusal(bundle)


def test_refusal_is_all_or_nothing_for_a_late_error() -> None:
    # The last contact is bad: nothing at all comes back, not the records before it.
    bundle = sample()
    bundle["contacts"].append(dict(bundle["contacts"][0], id="c2", outcome="shouted"))
    assert "contact c2: Outcome" in refusal(bundle)


def test_dumps_writes_terminal_controls_and_bidi_overrides_as_escapes() -> None:
    """A bundle `cat` to a terminal or opened in an editor shows, never obeys, them."""
    hostile = {"name": "Ann\x9b31m \u202eevil\u2066 é 👩‍👩‍👧"}
    text = dumps(hostile)
    assert "\x9b" not in text and "\u202e" not in text and "\u2066" not in text
    assert "é 👩‍👩‍👧" in text
    assert json.loads(text) == hostile
