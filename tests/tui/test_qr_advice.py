"""A QR code too big for the window: the advice offers the short note (6) only where
there is one (a member's message), never for the group message (templates 1 and 2)."""

from __future__ import annotations

from coordinator.tui.modals.qr import too_big_advice


def test_the_short_note_is_offered_only_where_it_exists() -> None:
    assert "short note (6)" in too_big_advice(with_text=True, short_note=True)
    group = too_big_advice(with_text=True, short_note=False)
    assert "(6)" not in group and "short note" not in group
    assert "press c for the chat alone" in group
    assert too_big_advice(with_text=False, short_note=False) == "."
