"""The drift watch's thresholds, kept in the store's settings under the ``watch`` key.

The defaults were chosen with ``benchmarks/drift`` (see docs/drift-watch.md); the
watch itself is in :mod:`coordinator.watch`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from coordinator.model import ValidationError

SETTINGS_KEY = "watch"


@dataclass(frozen=True)
class WatchSettings:
    """The drift watch's thresholds. The defaults come from the benchmark."""

    # Score (powers of ten: how much more the recent meetings look like drifting away
    # than like their usual pattern) at which someone goes on the check-in list...
    watch_score: float = 1.0
    # ...and at which the list says "reach out".
    reach_out_score: float = 1.2
    # What drifting away looks like: how often a meeting passes without word, and how
    # often with apologies (the rest of the time they still come).
    drift_silent: float = 0.5
    drift_apologies: float = 0.4
    # The least likely we ever take a miss to be, for anyone: everyone misses now and
    # then, so even a perfect record does not make one miss alarming.
    rarest_miss: float = 0.12
    # This many misses in a row (not counting planned time away) from someone for whom a
    # run that long is unusual: "watch". Unusual means at most this chance a meeting,
    # judged from their own pattern: the likelier of what their usual misses imply
    # (a miss chance of 0.2 makes two in a row 0.04) and how often such a run has really
    # happened to them before (flare-ups and busy spells bunch misses together).
    watch_misses: int = 2
    watch_run_chance: float = 0.35
    # A miss without word straight after planned time away (they have not been back since)
    # from someone who usually comes at least this share of the time: "watch" (above 1:
    # never; the app's Settings says "After time away: yes / no").
    away_usual: float = 0.7
    # However usual their pattern, this many misses in a row (not counting planned time
    # away) with this many weeks since they last came is worth a check-in: in a group
    # that meets every 6 weeks, two misses means months without seeing them.
    long_gap_misses: int = 2
    long_gap_weeks: int = 8
    # Not seen for this many times their usual time between visits (the group's rhythm
    # divided by how often they come) is worth a check-in, whatever the evidence says.
    unseen_factor: float = 2.5
    # "Reach out" also for this many misses in a row (apologies count: apologies every
    # time for months is worth a kind call) over at least this many weeks...
    reach_out_misses: int = 2
    reach_out_weeks: int = 8
    # ...and for this many misses in a row (apologies count) from someone for whom such
    # a run has at most this chance a meeting, judged from their own pattern as for
    # "watch": 3 in a row is unusual for a regular, and for someone who comes 2 times in 3.
    reach_out_run: int = 3
    reach_out_run_chance: float = 0.15
    # "Reach out" only when a miss since they last came was without word, or they have
    # not been seen for this many times their usual time between visits.
    reach_out_unseen: float = 2.0
    # How many of their earlier meetings make up someone's usual pattern.
    usual_meetings: int = 12
    # How many meetings the "came to 2 of the last 6" reason looks back over.
    recent_meetings: int = 6
    # How many meetings' worth the gentle default weighs against their own record.
    default_weight: float = 3.0

    def __post_init__(self) -> None:
        checks: dict[str, tuple[float, float]] = {
            "watch_score": (0.1, 20.0),
            "reach_out_score": (0.1, 20.0),
            "drift_silent": (0.01, 0.98),
            "drift_apologies": (0.01, 0.98),
            "rarest_miss": (0.01, 0.9),
            "long_gap_misses": (1, 50),
            "watch_misses": (1, 50),
            "watch_run_chance": (0.0, 1.0),
            "away_usual": (0.0, 1.01),
            "reach_out_run": (1, 50),
            "reach_out_run_chance": (0.0, 1.0),
            "long_gap_weeks": (1, 520),
            "unseen_factor": (1.0, 50.0),
            "reach_out_misses": (1, 50),
            "reach_out_weeks": (0, 520),
            "reach_out_unseen": (0.0, 50.0),
            "usual_meetings": (2, 200),
            "recent_meetings": (2, 50),
            "default_weight": (0.0, 50.0),
        }
        for name, (low, high) in checks.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError(f"Drift watch {name}", "should be a number")
            if not low <= value <= high:
                raise ValidationError(f"Drift watch {name}", f"should be between {low} and {high}")
        whole = (
            "long_gap_misses",
            "long_gap_weeks",
            "watch_misses",
            "reach_out_run",
            "reach_out_misses",
            "reach_out_weeks",
            "usual_meetings",
            "recent_meetings",
        )
        for name in whole:
            if not isinstance(getattr(self, name), int):
                raise ValidationError(f"Drift watch {name}", "should be a whole number")
        if self.reach_out_score < self.watch_score:
            raise ValidationError(
                "Drift watch reach_out_score", "should be at least the watch_score"
            )
        if self.drift_silent + self.drift_apologies >= 1:
            raise ValidationError(
                "Drift watch drift_apologies", "and drift_silent should add up to less than 1"
            )

    @property
    def drift_present(self) -> float:
        """How often someone drifting away still comes."""
        return 1.0 - self.drift_silent - self.drift_apologies

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> WatchSettings:
        """The thresholds saved under the ``watch`` key of the store's settings, with
        defaults for anything not set. Raises :class:`ValidationError` naming the
        setting when a saved value is unusable."""
        saved = (settings or {}).get(SETTINGS_KEY) or {}
        if not isinstance(saved, Mapping):
            raise ValidationError("Drift watch settings", "should be a set of named values")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in saved.items() if k in known}
        return cls(**values)

    def to_settings(self) -> dict[str, Any]:
        """The thresholds that differ from the defaults, as a plain dict to save under
        the ``watch`` key (so better defaults still reach a group that kept them)."""
        default = WatchSettings()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }
