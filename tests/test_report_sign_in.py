"""The sign-in sheet: members due that day, guests' blank rows, contact check column."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rich.cells import cell_len

from coordinator.model import ValidationError
from coordinator.reports import ReportFormat, ReportKind, ReportRequest, build_report, render_report
from coordinator.reports.sign_in import (
    GUEST_ROWS,
    build_sign_in,
    choose_meeting,
    contact_on_file,
    mask_email,
    mask_phone,
)
from tests.report_fixtures import TODAY, small_group, table_in


def test_defaults_to_the_next_planned_meeting() -> None:
    data = small_group()
    assert choose_meeting(data, TODAY, None).id == "g21"
    # With nothing planned ahead, the latest held meeting.
    assert choose_meeting(data, date(2026, 12, 2), None).id == "g12"
    assert choose_meeting(data, TODAY, "g3").id == "g3"
    assert choose_meeting(data, TODAY, "2026-11-17").id == "g12"
    assert choose_meeting(data, TODAY, "17/11/2026").id == "g12"


def test_an_unknown_meeting_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        build_report(small_group(), ReportRequest(ReportKind.SIGN_IN, meeting_id="g99"), TODAY)
    message = str(caught.value)
    assert "Meeting" in message and "g99" in message
    # It says which meetings there are, so the coordinator can pick one.
    assert "g21 (Tue 1 Dec 2026)" in message and "g12 (Tue 17 Nov 2026)" in message


def test_lists_members_due_that_day_with_blank_guest_rows() -> None:
    report = build_sign_in(small_group(), TODAY)
    members, guests = (table_in(s.blocks[-1]) for s in report.sections)
    names = [row[0] for row in members.rows]
    # Kit left in September and is not on the sheet; Chloe joined in October and is.
    assert names == [
        "[bold]Nell[/bold]",
        "Chloe Evans",
        "Jean Morris",
        "Linda Carter",
        "Margaret Ellis (Maggie)",
        "Sam Okafor",
    ]
    assert all(row[3] == "yes [ ] no [ ]" for row in members.rows)
    assert len(guests.rows) == GUEST_ROWS
    assert all(cell == "" for row in guests.rows for cell in row)
    assert report.lines[0] == "Tue 1 Dec 2026, 14:00 to 16:00"
    assert report.lines[1] == "At St Mark's Community Room, Church Lane"


def test_contact_details_are_only_partly_shown() -> None:
    assert mask_phone("07700 900123") == "phone ending 123"
    assert mask_email("ann@example.org") == "email a…@example.org"
    data = small_group()
    maggie = data.member("m1")
    linda = data.member("m4")
    nell = data.member("m5")
    assert maggie is not None and linda is not None and nell is not None
    assert contact_on_file(maggie) == ("phone ending 001; email m…@example.org (checked Mar 2026)")
    assert contact_on_file(linda) == "email l…@example.org"
    text = render_report(build_sign_in(data, TODAY), ReportFormat.TEXT)
    for member in data.members:
        if member.phone:
            assert member.phone not in text
        if member.email:
            assert member.email not in text


def test_a_member_away_that_day_is_marked() -> None:
    report = build_sign_in(small_group(), TODAY, "g10")
    names = [row[0] for row in table_in(report.sections[0].blocks[-1]).rows]
    assert "[bold]Nell[/bold] - away" in names


def test_plain_text_sheet_fits_a_printer_and_leaves_room_to_write() -> None:
    text = render_report(build_sign_in(small_group(), TODAY), ReportFormat.TEXT)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    assert text.count("____") >= 6 + GUEST_ROWS
    assert "Contact details we hold" in text and "Still right?" in text
    assert "Please hand this sheet back to Ann Whitfield" in text
    assert "0117 496 0000" in text


def test_a_meeting_without_a_place_says_so_plainly() -> None:
    data = small_group()
    meeting = choose_meeting(data, TODAY, "g12")
    bare = replace(meeting, venue_id=None, location=None)
    data = replace(data, meetings=tuple(bare if m.id == "g12" else m for m in data.meetings))
    report = build_sign_in(data, TODAY, "g12")
    assert "Place not set" in report.lines
    assert not any(line.startswith("At ") for line in report.lines)
