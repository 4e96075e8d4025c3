from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import Channel
from coordinator.reach.contacts_out import to_vcard
from coordinator.reach.roster_in import RosterFileError, RosterPreview, preview_lines, read_roster
from tests.reach.fixtures import reach_group

SPREADSHEET = (
    "\ufeffFirst name;Surname;Known as;Mobile;E-mail;WhatsApp;Notes;Shoe size\r\n"
    'Priya;Shah;;07911 222333;priya@example.org;yes;"likes; tea\r\nand cake";9\r\n'
    "Bad;Phone;;0791 22;;;;\r\n"
    "Samuel;Jones;;07911 123456;;;;\r\n"
    ";;;;;;;\r\n"
    "=cmd|' /C calc'!A0;Smith;;'+44 7912 345678;;no;@note;\r\n"
)


def _ids() -> itertools.count[int]:
    return itertools.count(100)


def read(text: str | bytes, **kw: bool) -> RosterPreview:
    ids = _ids()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_roster(raw, reach_group().members, "GB", lambda: f"m{next(ids)}", **kw)


def test_a_spreadsheet_export_is_previewed_with_each_problem_named() -> None:
    preview = read(SPREADSHEET)
    uses = {use.heading: use.field.value if use.field else None for use in preview.columns}
    assert uses == {
        "First name": "First name",
        "Surname": "Surname",
        "Known as": "Known as",
        "Mobile": "Phone",
        "E-mail": "Email",
        "WhatsApp": "WhatsApp",
        "Notes": "Notes",
        "Shoe size": None,
    }
    assert [str(p) for p in preview.problems] == [
        "row 3, Mobile: is too short (is the area code missing?)",
        "row 4, Phone: same phone as Sam Jones already on the roster",
    ]
    assert not preview.ready
    rows = {row.row: row for row in preview.rows}
    assert set(rows) == {2, 3, 4, 6}  # the empty row 5 is left out
    priya = rows[2].member
    assert priya is not None and priya.name == "Priya Shah"
    assert priya.channel is Channel.WHATSAPP and priya.notes == "likes; tea\nand cake"
    hostile = rows[6].member
    assert hostile is not None
    assert hostile.name == "=cmd|' /C calc'!A0 Smith"  # data, kept literally
    assert hostile.phone == "+44 7912 345678" and hostile.notes == "@note"
    lines = preview_lines(preview, "GB")
    assert "  Shoe size -> (not used)" in lines
    assert any("nothing will be imported" in line for line in lines)


def test_fixed_file_is_ready_and_duplicates_can_be_skipped() -> None:
    fixed = SPREADSHEET.replace("0791 22", "07911 222444")
    preview = read(fixed, skip_duplicates=True)
    assert preview.problems == [] and preview.ready
    assert [m.name for m in preview.members] == [
        "Priya Shah",
        "Bad Phone",
        "=cmd|' /C calc'!A0 Smith",
    ]
    assert preview.duplicates == 1


def test_a_number_not_known_in_use_is_imported_with_a_warning_beside_it() -> None:
    preview = read("Name,Phone\nDrama Person,07700 900123\n")
    assert preview.problems == [] and preview.ready
    lines = preview_lines(preview, "GB")
    assert any("07700 900123 (⚠ may not be in use: check the digits)" in line for line in lines), (
        lines
    )


def test_duplicates_within_the_file() -> None:
    preview = read("Name,Phone\nAnn Lee,07723 456789\nann  lee,\n")
    assert [str(p) for p in preview.problems] == ["row 3, Name: same name as Ann Lee on row 2"]


def test_windows_1252_comma_file_and_no_name_column() -> None:
    preview = read("Name,Email\r\nZoë Brontë,zoe@example.org\r\n".encode("cp1252"))
    assert preview.ready and preview.members[0].name == "Zoë Brontë"
    assert any("Windows-1252" in note for note in preview.notes)
    nameless = read("Mobile,Email\n07723 456789,a@example.org\n")
    assert nameless.file_problems and not nameless.ready


def test_a_vcard_file_round_trips() -> None:
    members = [m for m in reach_group().members if m.id != "m4"]
    text = to_vcard(members, "GB", "Crew")
    ids = _ids()
    preview = read_roster(text.encode(), [], "GB", lambda: f"m{next(ids)}")
    assert preview.kind == "vCard" and preview.ready
    assert sorted(m.name for m in preview.members) == sorted(m.name for m in members)
    broken = text.replace("END:VCARD", "", 1)
    with pytest.raises(RosterFileError):
        read_roster(broken.encode(), [], "GB", lambda: "m1")


def test_not_a_roster() -> None:
    with pytest.raises(RosterFileError):
        read("")
    with pytest.raises(RosterFileError):
        read(b"x" * 2_000_001)


cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell), max_size=5), st.sampled_from([",", ";"]))
def test_any_cells_give_a_preview_and_names_stay_literal(
    rows: list[tuple[str, str, str]], delimiter: str
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Name", "Phone", "Notes"])
    writer.writerows(rows)
    try:
        preview = read(buffer.getvalue())
    except RosterFileError:
        return
    for row in preview.rows:
        if row.member is not None:
            typed = rows[row.row - 2][0]
            expected = " ".join(typed.strip().split())
            if expected.startswith("'") and expected[1:2] in ("=", "+", "-", "@"):
                expected = expected[1:]
            assert row.member.name == expected


def test_an_old_phones_vcard_2_1_with_soft_line_breaks() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Jo;;;\r\nFN:Jo Smith\r\n"
        "TEL;CELL:07912 345670\r\nEMAIL;PREF;INTERNET:jo@example.org\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Likes =\r\ntea\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Al Bo\r\nitem1.TEL;type=CELL:+44 7912 345671\r\n"
        "END:VCARD\r\n"
    )
    ids = _ids()
    preview = read_roster(text.encode(), [], "GB", lambda: f"m{next(ids)}")
    assert preview.ready
    assert [(m.name, m.phone, m.email, m.notes) for m in preview.members] == [
        ("Jo Smith", "07912 345670", "jo@example.org", "Likes tea"),
        ("Al Bo", "+44 7912 345671", "", ""),
    ]
    assert "  card 1: Jo Smith, 07912 345670, jo@example.org, by sms" in preview_lines(
        preview, "GB"
    )


def test_a_quote_left_open_is_named_not_read_as_one_long_name() -> None:
    raw = b'Name,Mobile\n"Anna Lee,07700 900123\nBob Hill,07700 900124\n'
    preview = read_roster(raw, (), "GB", iter(f"m{n}" for n in range(9)).__next__)
    problems = [p.problem for row in preview.rows for p in row.problems]
    assert any("more than one line" in p for p in problems), problems
    assert not preview.ready
