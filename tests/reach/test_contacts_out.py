from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import vobject
from hypothesis import given, settings, strategies as st

from coordinator.model import Member, ValidationError
from coordinator.reach.contacts_out import contact_members, to_csv, to_text, to_vcard
from tests.reach.fixtures import reach_group


def test_vcard_has_one_card_per_active_member() -> None:
    data = reach_group()
    members = contact_members(data.members, shareable=False)
    assert [m.id for m in members] == ["m2", "m3", "m1"]  # by name; Old Friend has left
    cards = list(vobject.readComponents(to_vcard(members, "GB", "Tuesday Crew")))
    assert len(cards) == 3
    by_name = {card.fn.value: card for card in cards}
    sam = by_name["Sam Jones"]
    assert sam.version.value == "3.0"
    assert sam.tel.value == "+447911123456"
    assert sam.email.value == "sam@example.org"
    assert sam.nickname.value == "Sammy"
    assert sam.n.value.family == "Jones" and sam.n.value.given == "Sam"
    assert not hasattr(by_name["Ray Patel"], "tel")


def test_shareable_keeps_only_those_who_agreed() -> None:
    data = reach_group()
    assert [m.id for m in contact_members(data.members, shareable=True)] == ["m1"]
    text = to_text(
        contact_members(data.members, shareable=True),
        "GB",
        "Crew",
        date(2026, 1, 2),
        shareable=True,
    )
    assert "Sam Jones (Sammy)" in text and "Jean" not in text
    assert "agreed to share" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_csv_neutralises_formulas() -> None:
    member = Member(id="m9", name='=HYPERLINK("http://x")', known_as="@SUM(A1)")
    rows = list(csv.reader(io.StringIO(to_csv([member], "GB"))))
    assert rows[0] == ["Name", "Known as", "Phone", "Email", "Preferred channel"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][1] == "'@SUM(A1)"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(max_size=20))
def test_any_name_makes_a_readable_card(name: str, known: str) -> None:
    try:
        member = replace(reach_group().members[0], name=name, known_as=known)
    except ValidationError:
        return
    cards = list(vobject.readComponents(to_vcard([member], "GB", "[b]Crew[/b]")))
    assert len(cards) == 1
    assert cards[0].tel.value == "+447911123456"
