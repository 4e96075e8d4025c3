"""What availability was read into: rules about days and times, each keeping the
member's own words, and :class:`Availability`, which judges a meeting against them.

Times are minutes after midnight. Reading the words is :mod:`.availability`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from coordinator.model import WEEKDAY_NAMES, Weekday

DAY_MINUTES = 24 * 60
WEEKDAYS = frozenset((Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI))
WEEKEND = frozenset((Weekday.SAT, Weekday.SUN))
ORDER = tuple(Weekday)


class Part(StrEnum):
    """A part of the day."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


# Where each part of the day begins and ends, in minutes after midnight.
PART_SPANS: dict[Part, tuple[int, int]] = {
    Part.MORNING: (0, 12 * 60),
    Part.AFTERNOON: (12 * 60, 17 * 60),
    Part.EVENING: (17 * 60, DAY_MINUTES),
}
PART_PLURALS = {Part.MORNING: "mornings", Part.AFTERNOON: "afternoons", Part.EVENING: "evenings"}


def parts_of(start: int, end: int) -> frozenset[Part]:
    """The parts of the day a meeting from ``start`` to ``end`` (minutes) runs into."""
    return frozenset(p for p, (lo, hi) in PART_SPANS.items() if start < hi and end > lo)


class RuleKind(StrEnum):
    NOT_ON = "not_on"
    ONLY_ON = "only_on"
    NOT_BEFORE = "not_before"
    NOT_AFTER = "not_after"
    NOT_DURING = "not_during"
    ONLY_PARTS = "only_parts"
    NOT_PARTS = "not_parts"
    ANY_TIME = "any_time"


def hhmm(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM`` (24:00 for the end of the day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_words(days: Iterable[Weekday]) -> str:
    """Days in words, in week order: "Mondays", "Tuesdays or Thursdays", "weekdays"."""
    chosen = [d for d in ORDER if d in set(days)]
    if set(chosen) == WEEKDAYS:
        return "weekdays"
    if set(chosen) == WEEKEND:
        return "weekends"
    names = [f"{WEEKDAY_NAMES[d]}s" for d in chosen]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _parts_words(parts: Iterable[Part]) -> str:
    chosen = [PART_PLURALS[p] for p in Part if p in set(parts)]
    return " or ".join(chosen)


@dataclass(frozen=True)
class Rule:
    """One thing understood. ``days`` are the days of NOT_ON / ONLY_ON, and for the other
    kinds the days the rule applies on (empty: every day). Times are minutes after
    midnight. ``words`` are the member's own words it was read from."""

    kind: RuleKind
    words: str
    days: frozenset[Weekday] = frozenset()
    start: int = 0
    end: int = DAY_MINUTES
    parts: frozenset[Part] = frozenset()

    def applies_on(self, weekday: Weekday) -> bool:
        """Does this rule say anything about ``weekday``?"""
        if self.kind in (RuleKind.NOT_ON, RuleKind.ONLY_ON):
            return True
        return not self.days or weekday in self.days

    def describe(self) -> str:
        """What was understood, in plain words: "not after 16:00"."""
        kind = self.kind
        if kind is RuleKind.NOT_ON:
            return f"not on {days_words(self.days)}"
        if kind is RuleKind.ONLY_ON:
            return f"only on {days_words(self.days)}"
        if kind is RuleKind.NOT_BEFORE:
            said = f"not before {hhmm(self.start)}"
        elif kind is RuleKind.NOT_AFTER:
            said = f"not after {hhmm(self.end)}"
        elif kind is RuleKind.NOT_DURING:
            said = f"not between {hhmm(self.start)} and {hhmm(self.end)}"
        elif kind is RuleKind.ONLY_PARTS:
            said = f"{_parts_words(self.parts)} only"
        elif kind is RuleKind.NOT_PARTS:
            said = f"no {_parts_words(self.parts)}"
        else:
            said = "any time"
        if self.days and kind is not RuleKind.ANY_TIME:
            return f"on {days_words(self.days)}: {said}"
        return said

    def conflict(self, weekday: Weekday, start: int, end: int) -> str | None:
        """Why a meeting on ``weekday`` from ``start`` to ``end`` breaks this rule (the
        facts of the meeting), or None when it does not. ONLY_ON and ONLY_PARTS are
        judged together with their like (see :meth:`Availability.conflicts`)."""
        if not self.applies_on(weekday):
            return None
        kind = self.kind
        if kind is RuleKind.NOT_ON and weekday in self.days:
            return f"it is on a {WEEKDAY_NAMES[weekday]}"
        if kind is RuleKind.NOT_BEFORE and start < self.start:
            return f"it starts at {hhmm(start)}"
        if kind is RuleKind.NOT_AFTER and end > self.end:
            return f"it ends at {hhmm(min(end, DAY_MINUTES))}"
        if kind is RuleKind.NOT_DURING and start < self.end and end > self.start:
            return f"it runs {hhmm(start)}-{hhmm(min(end, DAY_MINUTES))}"
        if kind is RuleKind.NOT_PARTS and parts_of(start, end) & self.parts:
            return f"it runs {hhmm(start)}-{hhmm(min(end, DAY_MINUTES))}"
        return None


@dataclass(frozen=True)
class Piece:
    """A stretch of what was typed (``text``, exactly as typed) and the rules read from
    it; no rules means it was not understood."""

    text: str
    rules: tuple[Rule, ...] = ()
    # Where it is in what was typed (``Availability.text[start:end]``).
    start: int = 0
    end: int = 0

    @property
    def understood(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class Conflict:
    """A rule a meeting breaks: the member's own words and the fact that breaks it."""

    words: str
    fact: str

    def __str__(self) -> str:
        return f"'{self.words}' ({self.fact})"


@dataclass(frozen=True)
class Availability:
    """Availability as written (``text``) and as read (``pieces``, in the order typed)."""

    text: str
    pieces: tuple[Piece, ...] = field(default=())

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule for piece in self.pieces for rule in piece.rules)

    @property
    def not_understood(self) -> tuple[str, ...]:
        return tuple(piece.text for piece in self.pieces if not piece.understood)

    def summary_items(self) -> list[tuple[bool, str]]:
        """Each understood rule and each piece not understood, in the order typed:
        (True, "not on Mondays"), (False, "school run")."""
        items: list[tuple[bool, str]] = []
        for piece in self.pieces:
            if piece.understood:
                items.extend((True, rule.describe()) for rule in piece.rules)
            else:
                items.append((False, piece.text))
        return items

    def summary(self) -> str:
        """ "✓ not on Mondays · ✓ not after 16:00 · ? 'school run' not understood";
        "no limits given" for empty availability."""
        items = self.summary_items()
        if not items:
            return "no limits given"
        return " · ".join(
            f"✓ {said}" if understood else f"? '{said}' not understood"
            for understood, said in items
        )

    def conflicts(self, weekday: Weekday, start: int, end: int) -> list[Conflict]:
        """Every rule a meeting on ``weekday`` from ``start`` to ``end`` (minutes after
        midnight; ``end`` may pass midnight) breaks, in the member's words. Days named
        as "only" in several places count together ("Tuesdays, Thursdays"), and so do
        parts of the day ("mornings only" and "evenings only")."""
        found: list[Conflict] = []
        rules = self.rules
        only_days = [r for r in rules if r.kind is RuleKind.ONLY_ON]
        # A day named with a time ("Mon-Thu any time, Fridays after 2") is a day they
        # can come too, on those terms.
        named = {d for r in rules if r.kind is not RuleKind.NOT_ON for d in r.days}
        if only_days and weekday not in named:
            words = ", ".join(r.words for r in only_days)
            found.append(Conflict(words, f"it is on a {WEEKDAY_NAMES[weekday]}"))
        only_parts = [r for r in rules if r.kind is RuleKind.ONLY_PARTS and r.applies_on(weekday)]
        allowed: set[Part] = set()
        for rule in only_parts:
            allowed |= rule.parts
        if only_parts and not parts_of(start, end) <= allowed:
            words = ", ".join(r.words for r in only_parts)
            found.append(Conflict(words, f"it runs {hhmm(start)}-{hhmm(min(end, DAY_MINUTES))}"))
        for rule in rules:
            fact = rule.conflict(weekday, start, end)
            if fact is not None:
                found.append(Conflict(rule.words, fact))
        return found
