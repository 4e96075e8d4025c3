"""A QR code of a link, as text the terminal can draw and a phone camera can scan.

The code is made by ``segno`` (pure Python, no dependencies, typed, strict to ISO/IEC
18004) with the lowest error correction, so a link fits the smallest code, and the
standard quiet zone of 4 modules. It is drawn with half-block characters: one character
cell holds two modules, one above the other, which keeps the modules square on a
terminal's tall cells. ``█`` is both dark, ``▀`` the upper, ``▄`` the lower, a space
neither; the caller colours the characters (dark modules in the darker of the theme's
foreground and background, so a dark theme never draws an inverted code).
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

QUIET_ZONE = 4
_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


@dataclass(frozen=True, slots=True)
class QrText:
    """A QR code drawn as lines of half blocks."""

    lines: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.lines[0]) if self.lines else 0

    @property
    def height(self) -> int:
        return len(self.lines)

    def fits(self, width: int, height: int) -> bool:
        return self.width <= width and self.height <= height

    def __str__(self) -> str:
        return "\n".join(self.lines)


class QrTooLong(ValueError):
    """The text is too long for any QR code."""


def qr_modules(data: str) -> list[list[bool]]:
    """The modules of a QR code of ``data`` (True is dark), quiet zone included."""
    try:
        code = segno.make(data, error="l", micro=False, boost_error=False)
    except segno.DataOverflowError:
        raise QrTooLong("The link is too long for a QR code; copy the text instead.") from None
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


def half_blocks(modules: list[list[bool]]) -> QrText:
    """Two rows of modules per line of text."""
    rows = [list(row) for row in modules]
    if len(rows) % 2:
        rows.append([False] * (len(rows[0]) if rows else 0))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        lines.append("".join(_CELLS[pair] for pair in zip(top, bottom, strict=True)))
    return QrText(tuple(lines))


def qr_text(data: str) -> QrText:
    """A QR code of ``data`` as half-block text (raises :class:`QrTooLong`)."""
    return half_blocks(qr_modules(data))


def darker_first(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> bool:
    """Is the foreground the darker colour (so it draws the dark modules)?"""

    def luminance(rgb: tuple[int, int, int]) -> float:
        red, green, blue = rgb
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    return luminance(foreground) <= luminance(background)
