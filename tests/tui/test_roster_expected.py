"""What a coordinator expected on the roster: a warning when a new member's name is
already there, and members with no way to reach them marked as such (mark and words)."""

from __future__ import annotations

from coordinator.model import Channel, Member
from coordinator.store import Store
from coordinator.tui.screens.roster import contact_by, no_way_to_reach, same_name

from .conftest import SIZE, AppFactory


def test_no_way_to_reach_needs_no_phone_no_email_and_a_channel_that_needs_one() -> None:
    assert no_way_to_reach(Member(id="a", name="A"))
    assert not no_way_to_reach(Member(id="a", name="A", phone="07700 900123"))
    assert not no_way_to_reach(Member(id="a", name="A", email="a@example.org"))
    assert not no_way_to_reach(Member(id="a", name="A", channel=Channel.POST))
    assert contact_by(Member(id="a", name="A")).plain == "⚠ no way"
    assert contact_by(Member(id="a", name="A", phone="0117 496 0000")).plain == "SMS"


def test_same_name_ignores_case_and_spaces_and_the_member_itself() -> None:
    members = [
        Member(id="m1", name="Margaret Ellis", known_as="Maggie"),
        Member(id="m2", name="Sam Jones"),
    ]
    assert same_name(members, Member(id="n", name="margaret  ellis")) == [members[0]]
    assert same_name(members, Member(id="n", name="M. Ellis", known_as="MAGGIE")) == [members[0]]
    assert same_name(members, Member(id="n", name="Ann Other")) == []
    assert same_name(members, members[1]) == []


async def test_adding_a_member_with_a_name_on_the_roster_warns(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        await pilot.press(*"margaret ellis", "ctrl+s")
        await pilot.pause()
        said = [n for n in app._notifications if n.title == "Same name"]
        assert said and "Maggie" in said[0].message
        assert len([m for m in store.members() if m.name == "margaret ellis"]) == 1
