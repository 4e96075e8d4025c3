"""A scrolling box around fields that is never a Tab stop itself.

Textual's scroll containers take the focus whenever their content can scroll, so the
keyboard can scroll them. Around fields that is an invisible stop: the first Tab on
Settings, or in a form taller than the screen, landed on the box and showed nothing.
Here the fields take the focus, and the box scrolls to the one that has it. A box that
holds only text (help, a report preview) stays a plain ``VerticalScroll``, so its text
can still be scrolled by keyboard (``tests/tui/test_tab_stops.py`` checks both).
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class FieldScroll(VerticalScroll, can_focus=False):
    """A ``VerticalScroll`` for fields: the fields are the Tab stops, never the box."""
