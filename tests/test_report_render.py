"""The renderers: one document, five formats, user text always literal."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

from hypothesis import given, strategies as st
from rich.cells import cell_len

from coordinator.reports import (
    Align,
    Chart,
    ChartPoint,
    Column,
    Facts,
    Paragraph,
    Report,
    ReportFormat,
    ReportKind,
    Section,
    Table,
    about,
    format_for,
    render_report,
    split_columns,
)
from coordinator.reports.to_csv import neutralise, to_csv
from coordinator.reports.to_html import to_html
from coordinator.reports.to_rich import to_plain_rich
from coordinator.reports.to_text import md_escape, to_markdown, to_text, wrap
from coordinator.user_text import visible

MARKUP = "[bold]Bob[/bold]"
ESCAPE = "Eve \x1b[31mred"


def document(names: list[str], meetings: int = 6) -> Report:
    days = tuple(Column(f"{day:02d}/10", Align.CENTER) for day in range(1, meetings + 1))
    grid_columns = (Column("Member", wrap=True), *days)
    grid = Table(grid_columns, tuple((name, *("●" * meetings)) for name in names), grid=True)
    why = Table(
        (Column("Member", wrap=True), Column("Why", wrap=True), Column("N", Align.RIGHT)),
        tuple((name, "missed the last 3 meetings without word; " * 3, "3") for name in names),
    )
    chart = Chart(
        "Attendance",
        tuple(ChartPoint(date(2026, 10, day), 5, 7, 5.5) for day in range(1, meetings + 1)),
    )
    return Report(
        ReportKind.SUMMARY,
        "Tuesday Crew: attendance summary",
        ("Tue 1 Sep 2026 to Mon 30 Nov 2026",),
        (
            Section("At a glance", (Facts((("Meetings held", "6"), ("Trend", "steady"))), chart)),
            Section("Register", (grid, Paragraph("legend", small=True))),
            Section("Why", (why,)),
            Section("Empty", (Table((Column("A"),), (), empty="Nobody."),)),
        ),
        ("Made on Mon 23 Nov 2026.",),
    )


def test_text_fits_80_columns_and_splits_a_wide_register() -> None:
    text = to_text(document(["Margaret Ellis", "Sam Okafor"], meetings=26))
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    # Every meeting column is still there, each part repeating the member column.
    for day in range(1, 27):
        assert f"{day:02d}/10" in text
    assert text.count("Margaret Ellis") >= 3
    assert "Nobody." in text


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=4))
def test_text_never_wider_than_asked(names: list[str]) -> None:
    for width in (40, 80):
        text = to_text(document(names), width)
        # Only the grid's fixed-width mark columns may force a line past narrow widths.
        assert all(cell_len(line) <= max(width, 40) for line in text.splitlines())


def test_wrap_cuts_long_words_and_keeps_the_text() -> None:
    lines = wrap("a " + "x" * 25 + " end", 10)
    assert all(cell_len(line) <= 10 for line in lines)
    # A cut word says it goes on ("-"), never split silently mid-word.
    assert lines == ["a", "xxxxxxxxx-", "xxxxxxxxx-", "xxxxxxx", "end"]
    assert "".join(line.removesuffix("-") for line in lines) == "a" + "x" * 25 + "end"


def test_a_long_name_breaks_at_its_own_hyphen_first() -> None:
    assert wrap("Anna Smith-Jonesworthington", 20) == ["Anna", "Smith-", "Jonesworthington"]


def test_user_text_is_literal_in_text_and_rich() -> None:
    report = document([MARKUP, ESCAPE])
    for rendered in (to_text(report), to_plain_rich(report, 100)):
        assert MARKUP in rendered
        assert "\x1b" not in rendered
        assert "Eve ␛[31mred" in rendered


def test_markdown_escapes_user_text() -> None:
    md = to_markdown(document(["*Bob* | [x](http://a)"]))
    assert r"\*Bob\* \| \[x\](http://a)" in md
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("- not a list") == r"\- not a list"
    assert md_escape("12. not numbered") == r"12\. not numbered"
    assert md_escape("Tom & <b>Jerry</b>") == r"Tom \& \<b\>Jerry\</b\>"
    # Our own numbers and words stay readable.
    assert md_escape("4.2 members (71%)") == "4.2 members (71%)"
    # Tables keep one cell per column even when a name holds a pipe.
    row = next(line for line in md.splitlines() if "Bob" in line)
    assert row.count(" | ") == 6


def test_csv_neutralises_formula_cells() -> None:
    assert neutralise("=1+2") == "'=1+2"
    assert neutralise("+44 7700") == "'+44 7700"
    assert neutralise("-3") == "'-3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("  =cmd") == "'  =cmd"
    assert neutralise("\t=x") == "'\t=x"
    assert neutralise("Margaret") == "Margaret"
    assert neutralise("07700 900123") == "07700 900123"
    names = ['=HYPERLINK("http://x","y")', "+1", "-cmd", "@x"]
    rows = list(csv.reader(io.StringIO(to_csv(document(names)))))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert '\'=HYPERLINK("http://x","y")' in cells


@given(st.text(max_size=30))
def test_no_csv_cell_can_start_a_formula(text: str) -> None:
    rows = csv.reader(io.StringIO(to_csv(document([text]))))
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_escaped_and_made_for_a4() -> None:
    html = to_html(document(["<script>alert(1)</script>", MARKUP, "Tom & Jerry"]))
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags
    assert "&lt;script&gt;" in html
    assert "Tom &amp; Jerry" in html
    assert "svg" in parser.tags
    assert "size: A4 portrait" in html
    assert "break-inside: avoid" in html
    # Nothing is fetched from anywhere when it opens.
    assert not re.search(r"(src|href)\s*=", html)
    assert "@import" not in html and "url(" not in html


@given(st.text(min_size=1, max_size=40))
def test_html_shows_any_name_literally(name: str) -> None:
    parser = _Collect()
    parser.feed(to_html(document([name])))
    assert parser.tags.count("script") == 0
    assert visible(name) in parser.text


def test_rich_splits_a_wide_register_to_fit() -> None:
    rendered = to_plain_rich(document(["Margaret Ellis"], meetings=26), 80)
    assert all(cell_len(line) <= 80 for line in rendered.splitlines())
    for day in range(1, 27):
        assert f"{day:02d}/10" in rendered


def test_html_chart_has_one_bar_pair_per_meeting_and_a_legend() -> None:
    html = to_html(document(["A"], meetings=5))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<rect") == 5 * 2 + 2
    assert "present" in svg and "expected" in svg and "average of the last 4" in svg


def test_split_columns_repeats_the_key_column() -> None:
    table = document(["A"], meetings=20).sections[1].blocks[0]
    assert isinstance(table, Table)
    parts = split_columns(table, 8)
    assert [len(p.columns) for p in parts] == [9, 9, 5]
    assert all(p.columns[0].title == "Member" and p.rows[0][0] == "A" for p in parts)


def test_every_format_renders_the_empty_table_message() -> None:
    report = document(["A"])
    for fmt in ReportFormat:
        assert "Nobody" in render_report(report, fmt)


def test_format_for_prefers_the_option_then_the_file_ending() -> None:
    assert format_for("csv", ".html") is ReportFormat.CSV
    assert format_for(None, ".HTML") is ReportFormat.HTML
    assert format_for(None, ".md") is ReportFormat.MARKDOWN
    assert format_for(None, ".csv") is ReportFormat.CSV
    assert format_for(None, ".txt") is ReportFormat.TEXT
    assert format_for(None, ".prn") is ReportFormat.TEXT
    assert format_for(None, None) is ReportFormat.RICH
    assert format_for(None, None, open_it=True) is ReportFormat.HTML


def test_table_titles_stay_on_one_line_over_narrow_tables() -> None:
    # Rich wraps a table's own title to the table's width; the title is drawn apart.
    narrow = Table(
        (Column("Reason", wrap=True), Column("Times", Align.RIGHT)),
        (("work", "6"),),
        title="Left the group: reasons",
    )
    report = Report(ReportKind.SUMMARY, "T", (), (Section("Reasons", (narrow,)),))
    for fmt in (ReportFormat.RICH, ReportFormat.TEXT):
        lines = [line.rstrip() for line in render_report(report, fmt, 80).splitlines()]
        assert "Left the group: reasons" in lines, fmt


def test_about_never_shows_fractional_people() -> None:
    assert about(2.0) == "2"
    assert about(7.6) == "about 8"
    assert about(5.8) == "about 6"


def test_every_table_of_the_summary_keeps_every_word_at_80_columns() -> None:
    """The terminal view wraps what wraps and crops nothing: every word of every cell of
    every table in the demo group's summary is on screen at 80 columns, long names and a
    "reach out" flag included (the check-ins table lost its last column)."""
    from dataclasses import replace

    from coordinator.demo import build_demo
    from coordinator.reports import ReportRequest, build_report

    today = date(2026, 12, 2)
    data = build_demo(today)
    long = tuple(
        replace(m, name=f"{m.name} Featherstonehaugh-Smythe", known_as="") for m in data.members
    )
    data = replace(data, members=long)
    report = build_report(data, ReportRequest(), today)
    rendered = to_plain_rich(report, 80)
    assert all(cell_len(line) <= 80 for line in rendered.splitlines())
    words_on_screen = set(re.findall(r"[\w']+", rendered))
    tables = [b for s in report.sections for b in s.blocks if isinstance(b, Table)]
    assert any(t.rows for t in tables)
    for table in tables:
        for row in table.rows:
            for cell in row:
                for word in re.findall(r"[\w']+", cell):
                    # a word longer than its column is folded onto two lines, not lost
                    assert word in words_on_screen or len(word) > 12, (word, cell)
