"""How big and how deep a value coming in may be, checked before anything uses it.

Bundles and group files are JSON a person or another program may have written. Our own
fields are checked by the model; this checks the whole value first, without recursion,
so a value nested a thousand deep, a number of thousands of digits or a megabyte of
text gets a message naming where it is, instead of breaking something later (Python's
recursion limit on a save, its 4,300-digit limit on printing a number, a message that
repeats a megabyte back).

- nesting: at most :data:`MAX_DEPTH` levels in a whole file or bundle, and
  :data:`MAX_KEPT_DEPTH` inside a field we do not know (kept for a newer version);
- whole numbers: within 64 bits (what the file's JSON reader keeps exact);
- text: at most :data:`MAX_TEXT` characters in any one string or key (the model's own
  limits for our fields are far lower: 200 for a line, 5,000 for notes).

:func:`quote` shows a value in a message: ``repr`` cut to about 80 characters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from coordinator.model.fields import ValidationError
from coordinator.model.quoting import INT_RANGE, QUOTE_LIMIT, clip, quote

__all__ = [
    "INT_RANGE",
    "MAX_DEPTH",
    "MAX_KEPT_DEPTH",
    "MAX_TEXT",
    "QUOTE_LIMIT",
    "check_value",
    "clip",
    "quote",
]

MAX_DEPTH = 32
MAX_KEPT_DEPTH = 16
MAX_TEXT = 100_000


def check_value(value: object, label: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse ``value`` (parsed JSON) if it nests deeper than ``max_depth``, holds a whole
    number beyond 64 bits, a number that is not finite, or text longer than
    :data:`MAX_TEXT`. ``label`` names it; a problem names the path inside it (a
    :class:`~coordinator.model.fields.ValidationError`)."""
    stack: list[tuple[object, str, int]] = [(value, label, 1)]
    while stack:
        item, where, depth = stack.pop()
        if depth > max_depth:
            raise ValidationError(_short(where), f"is nested more than {max_depth} levels deep")
        if item is None or isinstance(item, bool):
            continue
        if isinstance(item, str):
            if len(item) > MAX_TEXT:
                raise ValidationError(
                    _short(where), f"is too long ({len(item):,} characters; at most {MAX_TEXT:,})"
                )
        elif isinstance(item, int):
            if item not in INT_RANGE:
                raise ValidationError(_short(where), "holds a number too large to keep")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ValidationError(
                    _short(where), "holds a number that is not finite (NaN or infinity)"
                )
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                if isinstance(key, str) and len(key) > MAX_TEXT:
                    raise ValidationError(_short(where), "has a field name far too long")
                stack.append((inner, f"{where}.{key}", depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((inner, where, depth + 1) for inner in item)
        else:
            raise ValidationError(_short(where), f"holds a {type(item).__name__}, not JSON")


def _short(where: str) -> str:
    """A field path for a message, at most about 80 characters."""
    return where if len(where) <= QUOTE_LIMIT else where[:60] + "…" + where[-19:]
