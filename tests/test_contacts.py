"""Logging a check-in (coordinator/application/contacts.py) and its "try again on" day in
the file and the bundle."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coordinator.application import contacts
from coordinator.bundle import export_bundle, import_bundle
from coordinator.clock import FixedClock
from coordinator.demo import build_demo
from coordinator.model import Channel, ContactOutcome, Member, OutreachNote, ValidationError
from coordinator.store import Store, codec

TODAY = date(2026, 12, 3)
ANN = Member(id="m1", name="Ann")


def build(**changes: object) -> OutreachNote:
    values: dict[str, object] = {
        "today": TODAY,
        "on": "2026-12-03",
        "channel": "phone",
        "outcome": "no_reply",
        "note": "  rang, no answer  ",
        "try_again_on": "",
    }
    values.update(changes)
    return contacts.build_check_in(ANN, **values)  # type: ignore[arg-type]


def test_build_reads_what_was_typed() -> None:
    note = build(try_again_on="10/12/2026")
    assert (note.member_id, note.on, note.channel, note.outcome) == (
        "m1",
        TODAY,
        Channel.PHONE,
        ContactOutcome.NO_REPLY,
    )
    assert note.note == "rang, no answer"
    assert note.try_again_on == date(2026, 12, 10)
    assert build().try_again_on is None


def test_no_outcome_chosen_names_the_field() -> None:
    # The app's form has no default outcome: a quick save must not say "reached".
    with pytest.raises(ValidationError) as caught:
        build(outcome=None)
    assert (caught.value.field, caught.value.problem) == (
        "Outcome",
        "is needed: choose reached, no reply or left a message",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": "2026-12-04"}, "Date"),
        ({"on": ""}, "Date"),
        ({"on": "31/02/2026"}, "Date"),
        ({"try_again_on": "2026-12-02"}, "Try again on"),
        ({"try_again_on": "soon"}, "Try again on"),
        ({"try_again_on": "2028-01-01"}, "Try again on"),
        ({"channel": "pigeon"}, "How"),
        ({"outcome": "maybe"}, "Outcome"),
    ],
)
def test_bad_input_names_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build(**changes)
    assert caught.value.field == field


def test_editing_keeps_the_id_and_refuses_someone_elses(tmp_path: Path) -> None:
    first = build()
    edited = build(existing=first, outcome="reached", note="spoke at last")
    assert edited.id == first.id and edited.outcome is ContactOutcome.REACHED
    other = Member(id="m2", name="Bob")
    with pytest.raises(ValidationError, match="someone else"):
        contacts.build_check_in(
            other, today=TODAY, on=TODAY, channel="sms", outcome="reached", existing=first
        )


def test_log_edit_and_delete_through_the_store(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 12, 3, 10, tzinfo=UTC))
    store = Store.open(tmp_path / "group.json", clock)
    data = build_demo(TODAY)
    store.replace_all(data)
    member = data.members[0]
    note = contacts.build_check_in(
        member, today=TODAY, on=TODAY, channel="sms", outcome="no_reply", try_again_on="2026-12-08"
    )
    said = contacts.log_check_in(store, member, note)
    assert said.startswith(f"Logged a check-in with {member.display_name}")
    assert "Tue 08 Dec" in said
    changed = contacts.build_check_in(
        member, today=TODAY, on=TODAY, channel="sms", outcome="reached", existing=note
    )
    assert contacts.edit_check_in(store, member, changed).startswith("Saved the check-in")
    assert [c for c in store.contacts() if c.id == note.id] == [changed]
    assert contacts.delete_check_in(store, note.id) == "Check-in removed"
    assert note.id not in {c.id for c in store.contacts()}
    with pytest.raises(ValidationError, match="no longer there"):
        contacts.delete_check_in(store, note.id)
    with pytest.raises(ValidationError, match="no longer there"):
        contacts.edit_check_in(store, member, changed)
    store.close()


def test_try_again_on_in_the_file_and_the_bundle() -> None:
    note = OutreachNote("c1", "m1", TODAY, try_again_on=date(2026, 12, 10))
    doc = codec.contact_to_doc(note)
    assert doc["try_again_on"] == "2026-12-10"
    assert codec.contact_from_doc(doc) == note
    # Written only when set, so files without one read and write as before.
    plain = OutreachNote("c2", "m1", TODAY)
    assert "try_again_on" not in codec.contact_to_doc(plain)
    with pytest.raises(ValidationError, match="Try again on"):
        codec.contact_from_doc({**doc, "try_again_on": "next week"})
    data = build_demo(TODAY)
    with_note = replace(data, contacts=(note,))
    bundle = export_bundle(with_note, datetime(2026, 12, 3, tzinfo=UTC))
    assert bundle["contacts"][0]["try_again_on"] == "2026-12-10"
    assert import_bundle(bundle).contacts == (note,)


def test_check_in_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from click.testing import CliRunner

    from coordinator.cli import root as cli

    now = datetime(2026, 12, 3, 10, tzinfo=UTC)
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(now))
    db = tmp_path / "group.json"
    store = Store.open(db, FixedClock(now))
    store.replace_all(build_demo(TODAY))
    store.close()

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli.main, ["--db", str(db), *args])
        return result.exit_code, result.output

    code, said = run("check-in", "Linda", "--outcome", "no-reply", "--try-again-on", "2026-12-07")
    assert code == 0 and "stay on the check-in list" not in said and "Mon 07 Dec" in said
    code, out = run("at-risk", "--json")
    linda = next(f for f in json.loads(out) if f["member_id"] == "m6")
    assert linda["last_contact_outcome"] == "no_reply"
    assert linda["reasons"][-1] == "tried on 3 Dec, no reply yet; try again on 7 Dec"
    # Reached the same day: reached wins (the file keeps no time of day).
    assert run("check-in", "m6", "--how", "phone")[0] == 0
    assert "m6" not in {f["member_id"] for f in json.loads(run("at-risk", "--json")[1])}
    back = json.loads(run("at-risk", "--as-of", "2026-12-07", "--json")[1])
    assert back[0]["member_id"] == "m6"
    for args, words in (
        (("nobody-here",), "MEMBER: nobody on the roster has that id or name"),
        (("a",), "MEMBER: which one?"),
        (("m6", "--on", "2026-12-04"), "--on: is in the future"),
        (("m6", "--try-again-on", "31/02/2026"), "--try-again-on"),
        (("m6", "--outcome", "maybe"), "maybe"),
    ):
        code, said = run("check-in", *args)
        assert code != 0 and words in said and "Traceback" not in said
