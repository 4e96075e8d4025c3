"""The sweep as an SVG, written by hand (no plotting library: nothing new to install).

One panel per level: recall against false alarms per member-year for every setting in the
sweep (grey dots), the best recall at each false-alarm rate (the line), every anchor rule
(a labelled square) and the defaults (a star, labelled).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Point:
    x: float  # false alarms per member-year
    y: float  # recall


@dataclass(frozen=True)
class Curve:
    title: str
    points: list[Point]
    default: Point
    anchors: dict[str, Point]


W, H = 460, 360  # one panel
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 46


def frontier(points: list[Point]) -> list[Point]:
    """The best recall reached at or under each false-alarm rate."""
    best: list[Point] = []
    for p in sorted(points, key=lambda p: (p.x, -p.y)):
        if not best or p.y > best[-1].y:
            best.append(p)
    return best


def _panel(curve: Curve, dx: int) -> list[str]:
    every = [*curve.points, curve.default, *curve.anchors.values()]
    x_max = max(1.0, max(p.x for p in every) * 1.05)
    y_min = min(0.5, min(p.y for p in every) - 0.05)
    y_min = max(0.0, int(y_min * 10) / 10)

    def at(p: Point) -> tuple[float, float]:
        x = dx + LEFT + (W - LEFT - RIGHT) * p.x / x_max
        y = TOP + (H - TOP - BOTTOM) * (1 - (p.y - y_min) / (1 - y_min))
        return round(x, 1), round(y, 1)

    out = [f'<text x="{dx + LEFT}" y="20" class="title">{escape(curve.title)}</text>']
    x0, y0 = at(Point(0, y_min))
    x1, y1 = at(Point(x_max, 1.0))
    out.append(f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" class="frame"/>')
    steps = 10
    for i in range(steps + 1):
        y_value = y_min + (1 - y_min) * i / steps
        _, y = at(Point(0, y_value))
        out.append(f'<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" class="grid"/>')
        out.append(
            f'<text x="{x0 - 4}" y="{y + 4}" class="tick" text-anchor="end">'
            f"{100 * y_value:.0f}%</text>"
        )
    tick = 0.2 if x_max <= 2 else 0.5
    value = 0.0
    while value <= x_max + 1e-9:
        x, _ = at(Point(value, y_min))
        out.append(f'<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" class="grid"/>')
        out.append(
            f'<text x="{x}" y="{y0 + 14}" class="tick" text-anchor="middle">{value:.1f}</text>'
        )
        value += tick
    out.append(
        f'<text x="{(x0 + x1) / 2}" y="{H - 10}" class="axis" text-anchor="middle">'
        "false alarms per member-year</text>"
    )
    out.append(
        f'<text x="{dx + 14}" y="{(y0 + y1) / 2}" class="axis" text-anchor="middle" '
        f'transform="rotate(-90 {dx + 14} {(y0 + y1) / 2})">recall</text>'
    )
    for p in curve.points:
        x, y = at(p)
        out.append(f'<circle cx="{x}" cy="{y}" r="1.6" class="dot"/>')
    line = " ".join(f"{x},{y}" for x, y in (at(p) for p in frontier(curve.points)))
    out.append(f'<polyline points="{line}" class="front"/>')
    right = dx + W - RIGHT
    for i, (name, p) in enumerate(curve.anchors.items()):
        x, y = at(p)
        out.append(f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" class="anchor"/>')
        dy = 14 if i % 2 else -8
        # Labels near the right edge end at the point instead of running off the panel.
        end = x > right - 150
        anchor = ' text-anchor="end"' if end else ""
        out.append(
            f'<text x="{x - 6 if end else x + 6}" y="{y + dy}" class="label"{anchor}>'
            f"{escape(name)}</text>"
        )
    x, y = at(curve.default)
    star = " ".join(
        f"{x + r * _cos(k)},{y + r * _sin(k)}"
        for k, r in ((k, 7 if k % 2 == 0 else 3) for k in range(10))
    )
    out.append(f'<polygon points="{star}" class="default"/>')
    out.append(
        f'<text x="{x - 9}" y="{y - 8}" class="label strong" text-anchor="end">defaults</text>'
    )
    return out


def _cos(k: int) -> float:
    from math import cos, pi

    return round(cos(pi / 2 + k * pi / 5), 3)


def _sin(k: int) -> float:
    from math import pi, sin

    return round(-sin(pi / 2 + k * pi / 5), 3)


def svg(curves: list[Curve]) -> str:
    width = W * len(curves)
    body: list[str] = []
    for i, curve in enumerate(curves):
        body.extend(_panel(curve, i * W))
    style = (
        "text{font-family:sans-serif;fill:#222}.title{font-size:13px;font-weight:bold}"
        ".tick{font-size:10px}.axis{font-size:11px}.label{font-size:10px}"
        ".strong{font-weight:bold}.frame{fill:#fff;stroke:#444}.grid{stroke:#ddd}"
        ".dot{fill:#999}.front{fill:none;stroke:#1f5fa8;stroke-width:2}"
        ".anchor{fill:#c0392b}.default{fill:#f1c40f;stroke:#222}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{H}" '
        f'viewBox="0 0 {width} {H}"><style>{style}</style>'
        f'<rect width="{width}" height="{H}" fill="#fff"/>' + "".join(body) + "</svg>\n"
    )
