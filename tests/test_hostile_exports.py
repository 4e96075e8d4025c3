"""Every report format and every export of a group full of hostile text: markup, terminal
escapes, bidi overrides, spreadsheet formulas, HTML and Markdown syntax, iCalendar line
breaks. Each format neutralises them its own way, and none passes on a control character.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings, strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt

from coordinator.bundle import dumps, export_bundle, import_bundle
from coordinator.invites.ics import (
    MAX_ALARM_MINUTES,
    ExportKind,
    ExportRequest,
    IcsError,
    make_export,
    parse_alarm,
)
from coordinator.model import GroupData, Member
from coordinator.reports import ReportFormat, ReportKind, ReportRequest, build_report, render_report
from coordinator.user_text import strip_controls, visible
from tests.hostile_data import (
    ANN,
    EVIL,
    GROUP_NAME,
    MARKUP_TOPIC,
    PLACE,
    TOPIC,
    VENUE,
    hostile_group,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example","x")'
HTML_NAME = "<script>alert(1)</script> & <b>Bo</b>"
MD_NAME = "# Big | *star* `tick` [l](http://evil.example)"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\x00")


def group() -> GroupData:
    """The hostile group plus members whose names attack CSV, HTML and Markdown, and a
    group name and venue that try to break iCalendar lines."""
    data = hostile_group()
    assert data.group is not None
    extra = (
        Member(id="m4", name=FORMULA),
        Member(id="m5", name=HTML_NAME),
        Member(id="m6", name=MD_NAME),
    )
    meetings = tuple(
        replace(m, attendance={**m.attendance, "m4": m.attendance["m1"]})
        if m.attendance.get("m1") is not None
        else m
        for m in data.meetings
    )
    return replace(
        data,
        group=replace(data.group, name=GROUP_NAME + "\r\nBEGIN:VEVENT;x=y,z\\"),
        members=(*data.members, *extra),
        meetings=meetings,
    )


def assert_no_raw_controls(text: str) -> None:
    found = [repr(ch) for ch in RAW_CONTROLS if ch in text]
    assert not found, f"raw control characters in the output: {found}"


def report(kind: ReportKind, fmt: ReportFormat) -> str:
    request = ReportRequest(kind=kind, start=date(2026, 8, 1), end=TODAY)
    return render_report(build_report(group(), request, TODAY), fmt)


NAMED_KINDS = [ReportKind.SUMMARY, ReportKind.SIGN_IN]


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_no_report_passes_on_a_control_character(kind: ReportKind, fmt: ReportFormat) -> None:
    assert_no_raw_controls(report(kind, fmt))


@pytest.mark.parametrize("kind", NAMED_KINDS)
@pytest.mark.parametrize("fmt", [ReportFormat.RICH, ReportFormat.TEXT])
def test_terminal_and_text_reports_show_markup_and_escapes_literally(
    kind: ReportKind, fmt: ReportFormat
) -> None:
    text = report(kind, fmt)
    # Short names, so a narrow column never wraps them.
    for name in (ANN, EVIL):
        assert visible(name) in text, name
    assert visible(GROUP_NAME).upper() in text.upper()  # plain text capitalises titles


def test_summary_topics_are_literal_in_text() -> None:
    text = report(ReportKind.SUMMARY, ReportFormat.TEXT)
    assert visible(TOPIC) in text and MARKUP_TOPIC in text


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for key, value in attrs if key == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _html(source: str) -> _Html:
    parser = _Html()
    parser.feed(source)
    return parser


@pytest.mark.parametrize("kind", NAMED_KINDS)
def test_html_reports_show_names_as_text_never_as_tags(kind: ReportKind) -> None:
    page = _html(report(kind, ReportFormat.HTML))
    text = "".join(page.text)
    assert "script" not in page.tags
    assert not [link for link in page.links if "evil" in link]
    for name in (ANN, EVIL, HTML_NAME, MD_NAME):
        assert visible(name) in text, name


@pytest.mark.parametrize("kind", NAMED_KINDS)
def test_markdown_reports_show_names_literally_once_rendered(kind: ReportKind) -> None:
    source = report(kind, ReportFormat.MARKDOWN)
    page = _html(MarkdownIt("commonmark").enable("table").render(source))
    text = "".join(page.text)
    for name in (ANN, EVIL, MD_NAME, HTML_NAME):
        assert visible(name) in text, name
    assert "script" not in page.tags and "b" not in page.tags
    assert not [link for link in page.links if "evil" in link]
    assert page.tags.count("h1") <= 1  # the report's own title, never a member's name


@pytest.mark.parametrize("kind", NAMED_KINDS)
def test_csv_reports_neutralise_formulas_and_keep_names_literal(kind: ReportKind) -> None:
    cells = [
        cell for row in csv.reader(io.StringIO(report(kind, ReportFormat.CSV))) for cell in row
    ]
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert visible(ANN) in cells and visible(EVIL) in cells


def test_service_summary_names_nobody_in_any_format() -> None:
    for fmt in ReportFormat:
        text = report(ReportKind.SERVICE, fmt)
        for name in ("Ann", "Escape", "Maggie", "Mags", "Margaret", "HYPERLINK", "alert"):
            assert name not in text, (fmt, name)


EXPORTS = [
    ExportRequest(ExportKind.UPCOMING, count=5),
    ExportRequest(ExportKind.SERIES),
    ExportRequest(ExportKind.MEETING, meeting_id="g3"),
    ExportRequest(ExportKind.CANCELLATION, meeting_id="g3"),
]


@pytest.mark.parametrize("request_", EXPORTS, ids=lambda r: r.kind.value)
def test_calendar_files_drop_controls_and_keep_lines_whole(request_: ExportRequest) -> None:
    data = group()
    made = make_export(data, NOW, request_, {})
    raw = made.content.decode("utf-8")
    assert_no_raw_controls(raw)
    # Every line break is a CRLF that icalendar wrote: the hostile CR LF in the group's
    # name never starts a line of its own.
    assert "\r\nBEGIN:VEVENT;" not in raw
    calendar = Calendar.from_ical(made.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == made.events
    summaries = [str(event.get("SUMMARY")) for event in events]
    assert summaries and all(strip_controls(GROUP_NAME) in s for s in summaries)
    locations = {str(event.get("LOCATION", "")) for event in events}
    assert locations & {strip_controls(PLACE), strip_controls(VENUE)} or not locations
    # Invites carry no member's name (privacy), hostile or not.
    for name in ("Ann", "Escape", "Mags", "HYPERLINK", "alert"):
        assert name not in raw


def test_the_bundle_keeps_every_character_and_writes_no_raw_control() -> None:
    data = group()
    text = dumps(export_bundle(data, NOW))
    # JSON escapes C0 controls (ESC, BEL, NUL); C1 and bidi characters are legal JSON
    # text and are kept as they are.
    assert not [ch for ch in text if ord(ch) < 0x20 and ch not in "\n"]
    assert "\\u001b" in text  # the escape survives, written as JSON's \u001b
    again = import_bundle(text)
    assert again.group == data.group
    assert again.members == data.members
    assert again.meetings == data.meetings
    assert again.venues == data.venues
    assert again.contacts == data.contacts
    assert data.group is not None
    assert json.loads(text)["group"]["name"] == data.group.name


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(["²", "1²", "٣٠", "¼", "-5", "99999999"]),
        st.text(min_size=200, max_size=2000),
    )
)
def test_a_typed_reminder_is_minutes_or_a_clear_refusal(text: str) -> None:
    """The reminder field (Settings, calendar export, ``coordinator ics --alarm``) turns any
    typing into minutes, none, or an IcsError naming the field; never another error, and
    never more than about 80 characters of the typing repeated back."""
    try:
        minutes = parse_alarm(text)
    except IcsError as error:
        assert str(error).startswith("Reminder:")
        assert len(str(error)) < 500  # typing of up to 2,000 characters, cut
        return
    assert minutes is None or 0 <= minutes <= MAX_ALARM_MINUTES


def test_superscript_digits_are_refused_as_a_reminder() -> None:
    with pytest.raises(IcsError, match="Reminder"):
        parse_alarm("²")
