"""Reports as one self-contained HTML file, made to be printed on A4 portrait.

No scripts, no fonts or images fetched from anywhere: styles are inline and the
attendance chart is an inline SVG. It reads in black and white (marks are symbols, the
chart uses solid, hollow and dashed shapes with a legend), tables avoid breaking across
pages, and long tables repeat their header row. Every piece of user text is
HTML-escaped after control characters are made visible.
"""

from __future__ import annotations

from html import escape

from coordinator.reports.document import (
    Align,
    Block,
    Chart,
    Column,
    Facts,
    Paragraph,
    Report,
    Table,
    day_label,
    split_columns,
)
from coordinator.user_text import visible

# A grid wider than this many meeting columns is split so it fits A4 portrait.
GRID_COLUMNS_PER_TABLE = 14

_CSS = """
@page { size: A4 portrait; margin: 12mm 14mm 13mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; font-size: 10pt;
       line-height: 1.3; color: #000; background: #fff; margin: 0 auto; max-width: 190mm;
       padding: 8mm 0; }
@media print { body { padding: 0; max-width: none; } }
header { border-bottom: 2pt solid #000; margin-bottom: 4mm; padding-bottom: 2mm; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; }
header p { margin: 0.5mm 0; color: #222; }
h2 { font-size: 12.5pt; margin: 4mm 0 1.5mm 0; padding-bottom: 0.5mm;
     border-bottom: 0.75pt solid #555; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm 0; break-after: avoid; page-break-after: avoid; }
section { margin-bottom: 2mm; }
p { margin: 1.5mm 0; }
p.small { font-size: 8.5pt; color: #333; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 4mm; margin: 2mm 0;
           break-inside: avoid; page-break-inside: avoid; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.block { break-inside: avoid; page-break-inside: avoid; margin: 2mm 0 3mm 0; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; page-break-inside: avoid; }
table.long { break-inside: auto; page-break-inside: auto; }
table.compact { width: auto; min-width: 55%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.6pt solid #777; padding: 0.8mm 1.6mm; vertical-align: top; text-align: left; }
td.nowrap, th.nowrap { white-space: nowrap; }
th { background: #e8e8e8; font-weight: bold; }
td.right, th.right { text-align: right; }
td.center, th.center { text-align: center; }
tbody tr:nth-child(even) td { background: #f6f6f6; }
table.grid { width: auto; min-width: 50%; margin-bottom: 2mm; }
table.grid th, table.grid td { padding: 0.6mm 1.2mm; font-size: 9pt; vertical-align: middle; }
table.grid td.center { min-width: 7mm; }
table.grid th.center { font-size: 7.5pt; font-weight: normal; line-height: 1.1; }
table.grid td.center { font-size: 10.5pt; }
table.writing td { height: 10mm; vertical-align: middle; }
table.writing tbody tr:nth-child(even) td { background: #fff; }
figure { margin: 2mm 0 3mm 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
svg { width: 100%; height: auto; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; }
header .made { max-width: 60mm; font-size: 7.5pt; color: #333; text-align: right; }
header .made p { margin: 0 0 0.8mm 0; }
"""


def _e(text: str) -> str:
    return escape(visible(text))


def _cell_class(column: Column) -> str:
    """Alignment, and no wrapping for short fixed cells ("yes [ ] no [ ]", marks)."""
    names = [] if column.align is Align.LEFT else [column.align.value]
    if not column.wrap:
        names.append("nowrap")
    return f' class="{" ".join(names)}"' if names else ""


def _table(table: Table) -> str:
    out: list[str] = ['<div class="block">' if len(table.rows) <= 25 else "<div>"]
    if table.title:
        out.append(f"<h3>{_e(table.title)}</h3>")
    if not table.rows:
        out.append(f"<p>{_e(table.empty)}</p></div>")
        return "".join(out)
    parts = split_columns(table, GRID_COLUMNS_PER_TABLE) if table.grid else [table]
    classes = [
        c
        for c, on in (
            ("grid", table.grid),
            ("writing", table.writing_space),
            ("long", len(table.rows) > 25),
            ("compact", len(table.columns) <= 3 and not table.writing_space),
        )
        if on
    ]
    for part in parts:
        out.append(f'<table class="{" ".join(classes)}"><thead><tr>')
        for column in part.columns:
            align = "" if column.align is Align.LEFT else f' class="{column.align}"'
            wide = f' style="min-width: {column.min_width}ch"' if column.min_width else ""
            out.append(f'<th scope="col"{align}{wide}>{_e(column.title)}</th>')
        out.append("</tr></thead><tbody>")
        for row in part.rows:
            out.append("<tr>")
            for i, (column, cell) in enumerate(zip(part.columns, row, strict=True)):
                align = _cell_class(column)
                tag = "th" if i < part.key_columns and part.grid else "td"
                scope = ' scope="row"' if tag == "th" else ""
                out.append(f"<{tag}{scope}{align}>{_e(cell)}</{tag}>")
            out.append("</tr>")
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


def chart_svg(chart: Chart) -> str:
    """An inline SVG: a hollow bar for people expected, a solid bar for people present,
    and a dashed line for the rolling mean. Readable in black and white."""
    points = chart.points
    width, height = 680.0, 230.0
    left, right, top, bottom = 34.0, 10.0, 12.0, 46.0
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max([max(p.expected, p.present) for p in points] + [1])
    step = 1 if most <= 10 else 2 if most <= 20 else 5
    ceiling = ((most + step - 1) // step) * step
    slot = plot_w / max(len(points), 1)
    bar = min(slot * 0.7, 40.0)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / ceiling

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{_e(chart.title)}" font-family="DejaVu Sans, Arial, '
        'sans-serif" font-size="10">'
    ]
    for tick in range(0, ceiling + 1, step):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
            'stroke="#bbb" stroke-width="0.5"/>'
            f'<text x="{left - 5}" y="{y(tick) + 3.5:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, round(len(points) / 14))
    mean_points: list[str] = []
    for index, point in enumerate(points):
        centre = left + slot * index + slot / 2
        x = centre - bar / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y(point.expected):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(point.expected):.1f}" fill="#fff" stroke="#000" '
            'stroke-width="0.8"/>'
            f'<rect x="{x:.1f}" y="{y(point.present):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(point.present):.1f}" fill="#555" stroke="#000" '
            'stroke-width="0.8"/>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{centre:.1f}" y="{y(0) + 13:.1f}" text-anchor="middle">'
                f"{point.day.day} {point.day:%b}</text>"
            )
        if point.rolling_mean is not None:
            mean_points.append(f"{centre:.1f},{y(point.rolling_mean):.1f}")
    if len(mean_points) > 1:
        parts.append(
            f'<polyline points="{" ".join(mean_points)}" fill="none" stroke="#000" '
            'stroke-width="1.6" stroke-dasharray="5 3"/>'
        )
    for spot in mean_points:
        cx, cy = spot.split(",")
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.2" fill="#fff" stroke="#000"/>')
    parts.append(
        f'<line x1="{left}" y1="{y(0)}" x2="{width - right}" y2="{y(0)}" '
        'stroke="#000" stroke-width="1"/>'
    )
    legend_y = height - 10
    parts.append(
        f'<rect x="{left}" y="{legend_y - 8}" width="10" height="10" fill="#555" stroke="#000"/>'
        f'<text x="{left + 14}" y="{legend_y}">present</text>'
        f'<rect x="{left + 80}" y="{legend_y - 8}" width="10" height="10" fill="#fff" '
        'stroke="#000"/>'
        f'<text x="{left + 94}" y="{legend_y}">expected (members on the roster that day)</text>'
        f'<line x1="{left + 360}" y1="{legend_y - 3}" x2="{left + 390}" y2="{legend_y - 3}" '
        'stroke="#000" stroke-width="1.6" stroke-dasharray="5 3"/>'
        f'<text x="{left + 396}" y="{legend_y}">average of the last {chart.window} '
        "meetings</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in block.items)
        return f'<dl class="facts">{rows}</dl>'
    if isinstance(block, Paragraph):
        return (
            f'<p class="small">{_e(block.text)}</p>' if block.small else f"<p>{_e(block.text)}</p>"
        )
    if isinstance(block, Table):
        return _table(block)
    if not block.points:
        return f"<h3>{_e(block.title)}</h3><p>No meetings held in this period.</p>"
    summary = "; ".join(f"{day_label(p.day)}: {p.present} of {p.expected}" for p in block.points)
    return (
        f"<figure><figcaption>{_e(block.title)}</figcaption>{chart_svg(block)}"
        f'<p class="small">{_e("Present of expected: " + summary)}</p></figure>'
    )


def to_html(report: Report) -> str:
    """One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<header><div class="titles"><h1>{_e(report.title)}</h1>',
        *(f"<p>{_e(line)}</p>" for line in report.lines),
        "</div>",
    ]
    # The small print sits beside the title rather than after the last table, where it
    # would often spill onto a page of its own.
    if report.footer:
        out.append('<div class="made">')
        out.extend(f"<p>{_e(line)}</p>" for line in report.footer)
        out.append("</div>")
    out.append("</header>")
    for section in report.sections:
        out.append(f"<section><h2>{_e(section.heading)}</h2>")
        out.extend(_block(block) for block in section.blocks)
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
