"""``found(x)``: a record a test knows is there (looked up by an id it saved, or the next
meeting of a fixed group), typed as found; the test fails on the spot if it is not."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def found(value: T | None) -> T:
    """``value``, which the test expects to exist (an assertion, not a None check)."""
    assert value is not None, "expected to be there"
    return value
