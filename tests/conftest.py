"""Shared test fixtures.

Every test runs with its own data folder: ``COORDINATOR_HOME`` points at a temporary
folder and ``COORDINATOR_DB`` is cleared, so no test can read or write the real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def tmp_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh, private data folder for each test (the real one is never touched)."""
    home = tmp_path_factory.mktemp("coordinator-home")
    monkeypatch.setenv("COORDINATOR_HOME", str(home))
    monkeypatch.delenv("COORDINATOR_DB", raising=False)
    yield home
