"""The speed benchmarks reach into the code they time (the store's write, a screen's
action). When the code moves, a benchmark can go on "running" while measuring nothing:
after the layout move, benchmarks/perf/keys.py patched names the store no longer had.
This runs each in-process measurement a couple of times and checks it measured."""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

import pytest

PERF = Path(__file__).resolve().parent.parent / "benchmarks" / "perf"


@pytest.fixture
def perf_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(PERF))


def test_the_key_benchmark_times_every_mark_it_makes(perf_modules: None, tmp_path: Path) -> None:
    datasets = importlib.import_module("datasets")
    keys = importlib.import_module("keys")
    db = datasets.write(datasets.REALISTIC, tmp_path / "group.json")
    result = asyncio.run(keys.measure(db, 3))
    assert len(result.mark.seconds) == 3  # each mark's durable write was seen
    assert len(result.handler.seconds) == 3
    assert all(0 <= s < 10 for s in result.handler.seconds)
    sys.modules.pop("keys", None)
