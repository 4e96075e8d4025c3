"""One member lookup for every command that takes a member (coordinator/cli/context.py):
the same answer for `coordinator message --member` and `coordinator check-in`, whatever
the case, accents or spaces; several matches are a "which one?" naming each by id."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings, strategies as st

from coordinator.cli import root as cli
from coordinator.cli.context import find_member, folded, member_matches, member_problem
from coordinator.clock import FixedClock
from coordinator.model import Member
from coordinator.store import Store
from tests.reach.fixtures import NOW, reach_group

FIRST = st.sampled_from(["Ann", "Zoë", "José", "Siân", "Anne", "Chloé", "Ray", "Åsa"])
LAST = st.sampled_from(["Smith", "Ó Briain", "Müller", "Okafor", "Nørgaard", "Smith-Jones"])
KNOWN = st.sampled_from(["", "", "Annie", "Jo", "Big Z"])
ROSTER = st.lists(st.tuples(FIRST, LAST, KNOWN), min_size=1, max_size=8)


def roster(people: list[tuple[str, str, str]]) -> tuple[Member, ...]:
    return tuple(
        Member(id=f"m{i}", name=f"{first} {last}", known_as=known)
        for i, (first, last, known) in enumerate(people, start=1)
    )


def bare(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


TYPINGS = st.sampled_from(
    [str.lower, str.upper, str.title, bare, lambda t: f"  {t}  ", lambda t: t.replace(" ", "   ")]
)


@settings(max_examples=150)
@given(people=ROSTER, pick=st.integers(min_value=0), typing=TYPINGS, by=st.sampled_from([0, 1, 2]))
def test_typed_any_way_finds_the_same_people(
    people: list[tuple[str, str, str]], pick: int, typing: object, by: int
) -> None:
    members = roster(people)
    member = members[pick % len(members)]
    typed = [member.name, member.name.split(" ")[0], member.id][by]
    shown = typing(typed) if by < 2 else typed  # type: ignore[operator]
    found = member_matches(members, shown)
    assert member in found
    # Case, accents and spaces never change the answer.
    assert found == member_matches(members, typed)
    problem = member_problem(members, shown, "--member")
    if len(found) == 1:
        assert problem is None
    else:
        assert problem is not None and problem.startswith("--member: which one? ")
        assert f"That fits {len(found)} people" in problem
        for each in found:
            assert f"{each.id} (" in problem
        assert problem.endswith("Give the id.")


@given(people=ROSTER)
def test_an_id_always_wins_and_duplicates_are_asked_about(
    people: list[tuple[str, str, str]],
) -> None:
    members = roster(people)
    for member in members:
        assert member_matches(members, member.id) == [member]
        same = [m for m in members if folded(m.name) == folded(member.name)]
        found = member_matches(members, member.name)
        assert found == same or (member.known_as and member in found)


@given(typed=st.text(max_size=30))
def test_anything_typed_gives_an_answer_or_a_clear_word_never_an_error(typed: str) -> None:
    members = roster([("Ann", "Smith", ""), ("Ann", "Smith", ""), ("Zoë", "Müller", "Big Z")])
    assume(typed.strip() not in {"m1", "m2", "m3"})
    problem = member_problem(members, typed, "MEMBER")
    found = member_matches(members, typed)
    assert (problem is None) == (len(found) == 1)
    if problem is not None:
        assert problem.startswith("MEMBER: ")
        assert "\x1b" not in problem


def test_both_commands_take_the_same_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "ann"-style typing (lower case, no accent, a part) reaches the same member through
    `message --member` and `check-in`; an ambiguous name is the same question in both."""
    db = tmp_path / "group.json"
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    store = Store.open(db, FixedClock(NOW))
    data = reach_group()
    extra = (Member("m5", "Zoë Müller"), Member("m6", "Jean Bloggs", email="jb@example.org"))
    store.replace_all(replace(data, members=data.members + extra))
    store.close()

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli.main, ["--db", str(db), *args])
        return result.exit_code, result.output

    for typed in ("zoe", "ZOË MÜLLER", "  zoe   muller ", "müll", "m5"):
        code, said = run("message", "short", "--member", typed, "--format", "json")
        assert code == 0 and '"Hi Zoë' in said, (typed, said)
        code, said = run("check-in", typed, "--outcome", "no-reply")
        assert code == 0 and "Zoë Müller" in said, (typed, said)
    for args in (("message", "short", "--member", "jean"), ("check-in", "jean")):
        code, said = run(*args)
        assert code == 1 and "which one? That fits 2 people: m2 (Jean Morris)" in said
        assert "m6 (Jean Bloggs)" in said and "Traceback" not in said


def test_find_member_stops_with_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    data = reach_group()
    assert find_member(data, "SAMMY", "--member").id == "m1"
    with pytest.raises(SystemExit):
        find_member(data, "nobody", "--member")
    assert "--member: nobody on the roster has that id or name" in capsys.readouterr().err
