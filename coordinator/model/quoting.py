"""Showing a value in a message without repeating it all back: :func:`quote` (``repr``
cut to about 80 characters) and :func:`clip`. A leaf: the field checks and the size
limits (:mod:`coordinator.model.limits`) both use it."""

from __future__ import annotations

from collections.abc import Mapping

INT_RANGE = range(-(2**63), 2**64)
QUOTE_LIMIT = 80


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, at most about ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value not in INT_RANGE:
        return "a number too large to show"
    if isinstance(value, list | tuple | Mapping) and len(value) > 8:
        return f"a {type(value).__name__} of {len(value):,} items"
    try:
        shown = repr(value)
    except (ValueError, RecursionError):  # a huge number or a very deep value
        return f"a {type(value).__name__} too large to show"
    return shown if len(shown) <= limit else shown[:limit] + "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (a message part that could be huge)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
