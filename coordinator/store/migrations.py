"""Schema migrations: each takes the raw tables at version N and returns them at N + 1.
They run forward only, after a backup of the file as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
# The table holding the file's schema version.
_META = "meta"


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Files from before versioning: same tables, now with a version stamp."""
    data[_META] = {"1": {"schema_version": 1}}
    return data


# Each migration takes the raw tables at version N and returns them at N + 1. They run
# forward only, after a backup of the file as it was.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}
