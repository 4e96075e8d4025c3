"""Reports as plain text (fits a width, 80 columns for a printer) and as Markdown.

Widths are measured in terminal cells (``rich.cells.cell_len``), so names in wide
scripts still line up. User text is passed through :func:`coordinator.user_text.visible`, so
a name holding terminal escapes prints as symbols instead of being obeyed.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from coordinator.reports.document import (
    Align,
    Block,
    Chart,
    Facts,
    Paragraph,
    Report,
    Table,
    day_label,
    split_columns,
)
from coordinator.user_text import visible

_GAP = "  "
_MIN_WRAP = 8


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` cells; over-long words are cut."""
    width = max(width, 1)
    lines: list[str] = []
    current = ""
    for word in _one_line(text).split(" "):
        while cell_len(word) > width:
            if current:
                lines.append(current)
                current = ""
            line, used = _broken(word, width)
            lines.append(line)
            word = word[used:]
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _broken(word: str, width: int) -> tuple[str, int]:
    """The first line of a word too long for ``width``, and how much of the word it
    holds: up to a hyphen of its own ("Smith-" of "Smith-Jones") when there is one, else
    cut one short and ended with "-" so the reader sees it goes on; a column too narrow
    for that is cut plainly."""
    cut = _cut(word, width)
    own = word.rfind("-", 0, cut)
    if own > 0:
        return word[: own + 1], own + 1
    if width < 4:
        return word[:cut], cut
    shorter = _cut(word, width - 1)
    return word[:shorter] + "-", shorter


def _cut(word: str, width: int) -> int:
    used = 0
    for index, ch in enumerate(word):
        used += cell_len(ch)
        if used > width:
            return max(index, 1)
    return len(word)


def _pad(text: str, width: int, align: Align) -> str:
    space = max(width - cell_len(text), 0)
    if align is Align.RIGHT:
        return " " * space + text
    if align is Align.CENTER:
        left = space // 2
        return " " * left + text + " " * (space - left)
    return text + " " * space


def _fit_widths(table: Table, width: int) -> list[int]:
    cells = [
        [_one_line(c.title)] + [_one_line(r[i]) for r in table.rows]
        for i, c in enumerate(table.columns)
    ]
    widths = [
        max(column.min_width, *(cell_len(text) for text in texts))
        for column, texts in zip(table.columns, cells, strict=True)
    ]
    total = sum(widths) + len(_GAP) * (len(widths) - 1)
    # Shrink the wrappable columns, widest first, until the table fits.
    while total > width:
        candidates = [i for i, c in enumerate(table.columns) if c.wrap and widths[i] > _MIN_WRAP]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        total -= 1
    return widths


def _text_table(table: Table, width: int) -> list[str]:
    out: list[str] = []
    if table.title:
        out.append(_one_line(table.title))
    if not table.rows:
        out.append(_one_line(table.empty))
        return out
    parts = [table]
    if table.grid:
        # The register is split into runs of meetings that fit, each repeating the names.
        natural = [
            max([cell_len(_one_line(c.title)), *(cell_len(_one_line(r[i])) for r in table.rows)])
            for i, c in enumerate(table.columns)
        ]
        keys = sum(w + len(_GAP) for w in natural[: table.key_columns])
        widest = max(natural[table.key_columns :], default=1) + len(_GAP)
        parts = split_columns(table, max((width + len(_GAP) - keys) // widest, 1))
    for number, part in enumerate(parts):
        if number:
            out.append("")
        out.extend(_fitted_table(part, width))
    return out


def _fitted_table(table: Table, width: int) -> list[str]:
    out: list[str] = []
    widths = _fit_widths(table, width)
    aligns = [c.align for c in table.columns]
    header = [wrap(c.title, w) for c, w in zip(table.columns, widths, strict=True)]
    out.extend(_join_wrapped(header, widths, aligns))
    out.append(_GAP.join("-" * w for w in widths).rstrip())
    for row in table.rows:
        cells = [
            wrap(cell, w) if column.wrap else [_one_line(cell)]
            for cell, w, column in zip(row, widths, table.columns, strict=True)
        ]
        out.extend(_join_wrapped(cells, widths, aligns))
        if table.writing_space:
            out.append(_GAP.join("_" * w for w in widths).rstrip())
    return out


def _join_wrapped(cells: list[list[str]], widths: list[int], aligns: list[Align]) -> list[str]:
    height = max(len(lines) for lines in cells)
    lines = []
    for line in range(height):
        parts = [
            _pad(lines_[line] if line < len(lines_) else "", w, a)
            for lines_, w, a in zip(cells, widths, aligns, strict=True)
        ]
        lines.append(_GAP.join(parts).rstrip())
    return lines


def _text_chart(chart: Chart, width: int) -> list[str]:
    """Bars of ``#`` for people present, ``.`` up to the number expected."""
    out = [_one_line(chart.title)]
    if not chart.points:
        out.append("No meetings held in this period.")
        return out
    label_width = max(cell_len(day_label(p.day)) for p in chart.points)
    most = max(max(p.expected, p.present) for p in chart.points) or 1
    room = max(width - label_width - 12, 10)
    scale = min(1.0, room / most)
    for point in chart.points:
        present = round(point.present * scale)
        spare = max(round(point.expected * scale) - present, 0)
        bar = ("#" * present + "." * spare).ljust(round(most * scale))
        out.append(
            f"{_pad(day_label(point.day), label_width, Align.LEFT)}  {bar} "
            f"{point.present}/{point.expected}".rstrip()
        )
    out.extend(wrap("# present  . expected but not there  (n/m = present/expected)", width))
    return out


def _text_block(block: Block, width: int) -> list[str]:
    if isinstance(block, Facts):
        label_width = min(max(cell_len(_one_line(k)) for k, _ in block.items) + 1, width // 2)
        lines = []
        for key, value in block.items:
            label = _pad(_one_line(key) + ":", label_width, Align.LEFT)
            body = wrap(value, max(width - label_width - 1, 10))
            lines.append(f"{label} {body[0]}".rstrip())
            lines.extend((" " * (label_width + 1) + more).rstrip() for more in body[1:])
        return lines
    if isinstance(block, Paragraph):
        return wrap(block.text, width)
    if isinstance(block, Table):
        return _text_table(block, width)
    return _text_chart(block, width)


def to_text(report: Report, width: int = 80) -> str:
    """Plain text no wider than ``width`` cells (80 suits a printer through ``lp``)."""
    out = wrap(report.title.upper(), width)
    out.append("=" * min(cell_len(out[-1]), width))
    for line in report.lines:
        out.extend(wrap(line, width))
    for section in report.sections:
        out.append("")
        heading = wrap(section.heading, width)
        out.extend(heading)
        out.append("-" * min(max(cell_len(h) for h in heading), width))
        for index, block in enumerate(section.blocks):
            if index:
                out.append("")
            out.extend(_text_block(block, width))
    if report.footer:
        out.append("")
        for line in report.footer:
            out.extend(wrap(line, width))
    return "\n".join(line.rstrip() for line in out) + "\n"


# --- Markdown -----------------------------------------------------------------------------

# Characters that start Markdown anywhere in a line, and ones that only matter at its start
# (headings, list items, quotes, numbered lists).
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)](?:\s|$)))")


def md_escape(text: str) -> str:
    """User text shown literally in Markdown: markup characters are backslash-escaped
    (CommonMark allows escaping any ASCII punctuation), and so is anything that would
    start a heading or a list at the beginning of a line."""
    escaped = _MD_ANYWHERE.sub(r"\\\1", _one_line(text))
    match = _MD_LINE_START.match(escaped)
    if match is None:
        return escaped
    lead, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        cut = match.end()
        return escaped[:cut] + "\\" + escaped[cut:]
    return lead + "\\" + escaped[len(lead) :]


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Facts):
        return [f"- **{md_escape(k)}:** {md_escape(v)}" for k, v in block.items]
    if isinstance(block, Paragraph):
        text = md_escape(block.text)
        return [f"*{text}*" if block.small else text]
    if isinstance(block, Table):
        out = [f"**{md_escape(block.title)}**", ""] if block.title else []
        if not block.rows:
            return [*out, md_escape(block.empty)]
        align = {Align.LEFT: ":--", Align.RIGHT: "--:", Align.CENTER: ":-:"}
        out.append("| " + " | ".join(md_escape(c.title) or " " for c in block.columns) + " |")
        out.append("|" + "|".join(align[c.align] for c in block.columns) + "|")
        for row in block.rows:
            out.append("| " + " | ".join(md_escape(cell) or " " for cell in row) + " |")
        return out
    out = [f"**{md_escape(block.title)}**", ""]
    if not block.points:
        return [*out, "No meetings held in this period."]
    out.append("| Meeting | Present | Expected | Rolling mean |")
    out.append("|:--|--:|--:|--:|")
    for point in block.points:
        mean = "-" if point.rolling_mean is None else f"{point.rolling_mean:.1f}"
        out.append(
            f"| {md_escape(day_label(point.day))} | {point.present} | {point.expected} | {mean} |"
        )
    return out


def to_markdown(report: Report) -> str:
    """The report as a Markdown document (GitHub-flavoured tables)."""
    out = [f"# {md_escape(report.title)}", ""]
    for line in report.lines:
        out.extend([md_escape(line), ""])
    for section in report.sections:
        out.extend([f"## {md_escape(section.heading)}", ""])
        for block in section.blocks:
            out.extend([*_md_block(block), ""])
    for line in report.footer:
        out.extend([f"*{md_escape(line)}*", ""])
    return "\n".join(out).rstrip() + "\n"
