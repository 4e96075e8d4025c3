"""Fuzz: mutated bundles imported through the real command, then every read command on
whatever was accepted; not one traceback (issue 14). The suite runs a modest number of
examples; ``benchmarks/faults/fuzz_imports.py`` runs the big count recorded in
docs/reliability.md (``COORDINATOR_FUZZ_EXAMPLES`` sets the count here too)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from tests.fuzz_reads import Tally, check, mutated_bundles

EXAMPLES = int(os.environ.get("COORDINATOR_FUZZ_EXAMPLES", "12"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_bundles())
def test_mutated_bundles_never_give_a_traceback(text: str) -> None:
    tally = Tally()
    check(text, tally)
    assert tally.tracebacks == []
