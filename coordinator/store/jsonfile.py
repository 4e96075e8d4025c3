"""The group file's JSON, read and written quickly.

orjson parses the file about twice as fast as the standard library and writes it about
ten times as fast, which is most of what a durable attendance mark costs on a long
history (docs/performance.md). The standard library stays the reference: whatever orjson
declines to read (NaN, lone surrogates, very deep nesting, broken UTF-8) or to write (a
number beyond 64 bits, a lone surrogate, anything that is not plain JSON) goes through
:mod:`json` exactly as before, so the same files read and the same errors are reported.

One difference is left, and kept out by the codec: orjson reads a whole number beyond
64 bits as a float. Such numbers can only come from fields we do not know (our own are
checked), and :func:`coordinator.store.codec.check_kept` refuses them on the way in.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# orjson would write dates, dataclasses and str subclasses its own way; leave them to the
# standard library, which refuses what is not plain JSON, as it always has.
_STRICT = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def loads(raw: bytes) -> Any:
    """The JSON value in ``raw``; raises what :func:`json.loads` raises on bad input
    (:class:`UnicodeDecodeError`, :class:`json.JSONDecodeError`, :class:`RecursionError`)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw.decode("utf-8"))


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON for ``data`` (text kept as it is, not \\u-escaped); raises
    :class:`UnicodeEncodeError` for text that cannot be written (a lone surrogate)."""
    try:
        return orjson.dumps(data, option=_STRICT)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
