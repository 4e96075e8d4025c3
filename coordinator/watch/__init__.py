"""The drift watch: who to check in with, and why, in plain words
(:mod:`.drift`), and its thresholds as the coordinator sets them (:mod:`.settings`).
Pure: it takes the group's data and an explicit ``today``. Import the names from here
(``from coordinator.watch import check_ins, WatchSettings``)."""

from coordinator.watch.drift import (
    LEVEL_MARKS,
    LEVEL_WORDS,
    SETTINGS_KEY,
    UNSUITABLE,
    Assessment,
    DriftFlag,
    Level,
    Outcome,
    Usual,
    WatchSettings,
    assess,
    check_ins,
    drift_score,
    evidence,
    level_label,
    long_gap,
    member_outcomes,
    reasons,
    usual_pattern,
    weeks_unseen,
)

__all__ = [
    "LEVEL_MARKS",
    "LEVEL_WORDS",
    "SETTINGS_KEY",
    "UNSUITABLE",
    "Assessment",
    "DriftFlag",
    "Level",
    "Outcome",
    "Usual",
    "WatchSettings",
    "assess",
    "check_ins",
    "drift_score",
    "evidence",
    "level_label",
    "long_gap",
    "member_outcomes",
    "reasons",
    "usual_pattern",
    "weeks_unseen",
]
