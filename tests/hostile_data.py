"""A group whose every kind of user text holds Rich markup, terminal escapes and other
hostile characters: shared by the screen tests and the export tests."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date

from rich.console import Console

from coordinator.model import (
    AwayPeriod,
    Channel,
    ContactOutcome,
    CoordinatorContact,
    GroupData,
    OutreachNote,
    SupportLine,
    Venue,
)
from coordinator.tui.app import CoordinatorApp
from tests.tui.conftest import small_group

GROUP_NAME = "[b]Crew[/b]\x1b]0;title\x07"
SUPPORT_LABEL = "[i]Line[/i]\x1b[5m"
SUPPORT_NOTE = "[u]note[/u]\x1b[2J"
COORDINATOR = "[red]Co[/]\x1b[1m"
VENUE = "[blink]Cafe[/]\x1b[7m"
ADDRESS = "[s]1 Quay[/s]\x1b[8m"
ACCESS = "[dim]steps[/]\x9b9m"
KNOWN_AS = "[i]Mags[/i]\x1b[3m"
NOTES = "[b]note1[/b]\x1b[4m"
AWAY_NOTE = "[red]away[/]\x07"
TOPIC = "x\x1b[6my"
MARKUP_TOPIC = "[b]pace[/b]"
MEETING_NOTES = "[link=https://evil.example]mnote[/link]"
PLACE = "[u]Park[/u]\x1b[1m"
CONTACT_NOTE = "[red]texted[/]\u202eevil"
ANN = "[red]Ann[/]"
EVIL = "Evil \x1b[31mEscape"


def hostile_group() -> GroupData:
    """:func:`small_group` with markup and escapes in every kind of text a person types."""
    data = small_group()
    assert data.group is not None
    group = replace(
        data.group,
        name=GROUP_NAME,
        support_line=SupportLine(SUPPORT_LABEL, "0117 496 0000", SUPPORT_NOTE),
        coordinator=CoordinatorContact(COORDINATOR, "07700 900123", "ann@example.org"),
    )
    members = list(data.members)
    members[0] = replace(
        members[0],
        known_as=KNOWN_AS,
        notes=NOTES,
        away=(AwayPeriod(date(2026, 12, 1), date(2026, 12, 20), AWAY_NOTE),),
    )
    meetings = list(data.meetings)
    meetings[0] = replace(meetings[0], topics=(MARKUP_TOPIC, TOPIC), notes=MEETING_NOTES)
    meetings[2] = replace(meetings[2], venue_id=None, location=PLACE)
    contact = OutreachNote(
        "c1", "m3", date(2026, 11, 20), Channel.SMS, ContactOutcome.REACHED, CONTACT_NOTE
    )
    return replace(
        data,
        group=group,
        venues=(Venue("v1", VENUE, ADDRESS, ACCESS),),
        members=tuple(members),
        meetings=tuple(meetings),
        contacts=(contact,),
    )


def screen_text(app: CoordinatorApp) -> str:
    """Exactly the characters the terminal would be sent for the current screen (and
    the screens under a modal), without colours and cursor moves."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


def assert_no_controls(text: str) -> None:
    """No character a terminal would obey: C0/C1 controls (ESC, BEL, CSI) or bidi overrides."""
    bad = sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if ch != "\n"
            and (unicodedata.category(ch) == "Cc" or ch in "\u202a\u202b\u202c\u202d\u202e")
        }
    )
    assert not bad, f"control characters reached the screen: {bad}"
