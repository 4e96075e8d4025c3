"""User text is data, never markup or terminal control.

Names, notes and places come from people and files. Before they reach a terminal they
pass through :func:`visible`, which turns control characters (including the ESC that
starts a terminal escape sequence) into visible symbols. Rich markup is never parsed
from user text: renderers put it in ``rich.text.Text`` objects, which show it as it is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# U+2400 block: a visible picture for each C0 control character, and U+2421 for DEL.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol.

    C1 controls and the bidi override characters (which can reorder what a reader sees)
    become ``\\uXXXX`` so they are seen, not obeyed. Right-to-left letters, emoji and
    joiners are left alone.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if keep_newlines and ch in "\n\t":
            out.append(ch)
        elif code in _PICTURES:
            out.append(_PICTURES[code])
        elif 0x80 <= code <= 0x9F or code in _BIDI_CONTROLS or unicodedata.category(ch) == "Cs":
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def strip_controls(text: str) -> str:
    """``text`` without control characters (for file formats such as .ics)."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, links
    r"|\x1b[@-Z\\-_]"  # two-character escapes
)


def clean_pasted(text: str, *, one_line: bool) -> str:
    """Text pasted from elsewhere, made plain: CR and CRLF line breaks become ``\n``
    (one space in a one-line field), a tab becomes a space, and terminal escape sequences
    and other control characters are dropped (not kept as visible symbols). Letters,
    emoji and joiners are left alone; bidi overrides go (they reorder what a reader
    sees)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    if one_line:
        text = " ".join(line.strip() for line in text.split("\n") if line.strip())
    text = text.replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n" or not (unicodedata.category(ch) in ("Cc", "Cs") or ord(ch) in _BIDI_CONTROLS)
    )


def day_words(day: date) -> str:
    """A date as every screen shows it: "01 Dec 2026" (the same on the roster, a
    member's page, the check-ins and the lists; with the weekday where there is room)."""
    return f"{day:%d %b %Y}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``count`` with the word to match: "1 meeting", "2 meetings", "1 backup"; ``words``
    is the plural when it is not ``word`` + "s" ("1 person", "3 people")."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
