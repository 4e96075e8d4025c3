"""Pasted text made plain: line breaks from any system, tabs, terminal escapes and other
control characters (coordinator.user_text.clean_pasted, used by the app for every paste)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from coordinator.user_text import clean_pasted

pieces = st.sampled_from(
    [
        "Sam",
        " ",
        "\r\n",
        "\r",
        "\n",
        "\t",
        "\x1b[31m",
        "\x1b]0;title\x07",
        "\x07",
        "\x00",
        "\x7f",
        "\x9b",
        "\u202e",
        "é",
        "👍🏽",
        "[b]x[/b]",
    ]
)
pasted = st.lists(pieces, max_size=20).map("".join) | st.text(max_size=60)


def _controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"]


@given(pasted)
def test_a_one_line_paste_has_no_line_breaks_tabs_or_controls(text: str) -> None:
    clean = clean_pasted(text, one_line=True)
    assert "\n" not in clean and "\r" not in clean and "\t" not in clean
    assert _controls(clean) == []
    assert "\u202e" not in clean


@given(pasted)
def test_a_notes_paste_keeps_its_lines_in_one_style(text: str) -> None:
    clean = clean_pasted(text, one_line=False)
    assert "\r" not in clean and "\t" not in clean
    assert _controls(clean) == []


def test_examples_from_the_walk() -> None:
    assert clean_pasted("first\rsecond\r\nthird", one_line=False) == "first\nsecond\nthird"
    assert clean_pasted("Sam\tJones", one_line=True) == "Sam Jones"
    assert clean_pasted("Bo\x1b[2J\x1b]0;pwned\x07b", one_line=True) == "Bob"
    assert clean_pasted("line one\r\nline two", one_line=True) == "line one line two"
    assert clean_pasted("[b]Ann[/b] 👍🏽 é", one_line=True) == "[b]Ann[/b] 👍🏽 é"
