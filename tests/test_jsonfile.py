"""The group file's JSON: orjson where it can, the standard library as the reference."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given, strategies as st

from coordinator.model import ValidationError
from coordinator.store import codec, jsonfile

# Plain JSON as our files hold it: text (any, but no lone surrogates), 64-bit whole
# numbers, finite floats, lists and objects.
_text = st.text(st.characters(codec="utf-8"), max_size=20)
_plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@given(_plain)
def test_writes_what_the_standard_library_reads_back_the_same(value: Any) -> None:
    written = jsonfile.dumps(value)
    assert json.loads(written.decode("utf-8")) == value
    assert jsonfile.loads(written) == value


@given(_plain)
def test_reads_what_the_standard_library_wrote(value: Any) -> None:
    written = json.dumps(value, ensure_ascii=False).encode("utf-8")
    assert jsonfile.loads(written) == json.loads(written.decode("utf-8"))


def test_text_is_written_as_it_is_not_escaped() -> None:
    assert jsonfile.dumps({"name": "Siân \u2028"}) == '{"name":"Siân \u2028"}'.encode()


def test_what_orjson_declines_to_read_goes_through_the_standard_library() -> None:
    assert math.isnan(jsonfile.loads(b'{"x": NaN}')["x"])
    assert jsonfile.loads(b'["\\ud800"]') == ["\ud800"]
    with pytest.raises(json.JSONDecodeError):
        jsonfile.loads(b'{"x": ')
    with pytest.raises(UnicodeDecodeError):
        jsonfile.loads(b'{"x": "\xff"}')


def test_what_is_not_plain_json_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        jsonfile.dumps({"on": date(2026, 1, 1)})
    with pytest.raises(UnicodeEncodeError):
        jsonfile.dumps({"name": "half an emoji \ud83d"})
    # A number beyond 64 bits is written exactly (by the standard library).
    assert jsonfile.dumps([2**70]) == b"[1180591620717411303424]"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (2**64, "too large"),
        (-(2**63) - 1, "too large"),
        ({"deep": [1, float("nan")]}, "not finite"),
        (float("inf"), "not finite"),
    ],
)
def test_unknown_fields_we_could_not_keep_exactly_are_refused(value: Any, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        codec.member_from_doc({"id": "m1", "name": "Ann", "x_kept": value})


def test_unknown_fields_we_can_keep_are_kept() -> None:
    kept = {"a": [1, 2**63, -3.5, "é", None, True]}
    member = codec.member_from_doc({"id": "m1", "name": "Ann", "x_kept": kept})
    assert member.extra == {"x_kept": kept}
