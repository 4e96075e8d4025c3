from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import ValidationError
from coordinator.reach.phones import (
    check_number,
    check_region,
    phone_region,
    region_for_zone,
    validate_phone,
)


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("Europe/London", "GB"),
        ("America/New_York", "US"),
        ("Europe/Dublin", "IE"),
        ("Australia/Sydney", "AU"),
        ("Not/AZone", "GB"),
        ("", "GB"),
    ],
)
def test_region_comes_from_the_timezone(zone: str, region: str) -> None:
    assert region_for_zone(zone) == region


def test_a_saved_region_wins_over_the_timezone() -> None:
    assert phone_region({"phone_region": "ie"}, "Europe/London") == "IE"
    assert phone_region({"phone_region": "zz"}, "America/New_York") == "US"
    assert phone_region(None, None) == "GB"
    assert check_region(" us ") == "US"
    with pytest.raises(ValidationError, match="Phone region"):
        check_region("Britain")


def test_a_good_number_is_shown_nationally_and_linked_as_e164() -> None:
    checked = check_number("07911 123456", "GB")
    assert checked.e164 == "+447911123456"
    assert checked.shown == "07911 123456"
    assert check_number("+1 212 555 0100", "GB").shown == "+1 212-555-0100"
    assert check_number("(212) 555-0100", "US").e164 == "+12125550100"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("07911 12345678", "is too long for a Britain (UK) number"),
        ("0791", "is too short"),
        ("07700 900123", "is not a valid number for Britain (UK); check the digits"),
        ("call me", "has letters in it"),
        ("+999 123 4567", "starts with a country code that does not exist"),
        ("12", "needs at least 3 digits"),
        ("++--", "needs at least 3 digits"),
    ],
)
def test_a_bad_number_says_why(typed: str, problem: str) -> None:
    checked = check_number(typed, "GB")
    assert checked.e164 is None
    assert checked.problem is not None and checked.problem.startswith(problem)
    with pytest.raises(ValidationError) as error:
        validate_phone(typed, "GB", "Mobile")
    assert error.value.field == "Mobile"


def test_an_empty_number_is_fine_but_unusable() -> None:
    checked = check_number("  ", "GB")
    assert checked.problem is None and not checked.usable
    assert validate_phone(" ", "GB") == ""


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_any_text_gets_an_answer_never_an_exception(typed: str) -> None:
    checked = check_number(typed, "GB")
    assert checked.usable or checked.problem is not None or not typed.strip()
    if checked.e164 is not None:
        assert checked.e164.startswith("+") and checked.e164[1:].isdigit()


def test_a_saved_number_phonenumbers_dislikes_still_loads_and_is_flagged() -> None:
    from coordinator.model import Member
    from coordinator.store import codec
    from coordinator.tui.screens.member import member_details

    doc = codec.member_to_doc(Member(id="m1", name="Old Entry", phone="07700 900123"))
    member = codec.member_from_doc(doc)  # the model still accepts it as typed
    assert member.phone == "07700 900123"
    from dataclasses import replace

    from tests.reach.fixtures import reach_group

    data = replace(reach_group(), members=(member,))
    shown = member_details(data, member, "GB").plain
    assert "07700 900123 ⚠ is not a valid number for Britain (UK)" in shown
