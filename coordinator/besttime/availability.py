"""Availability as the coordinator wrote it, read into rules.

"not Mondays, not after 4pm; school run" reads as two rules (not on Mondays; finished
by 16:00) and one piece not understood ('school run'). Nothing is dropped: every word
typed is in exactly one piece, understood or not, so the member form can show what
was read ("✓ not on Mondays · ✓ not after 16:00 · ? 'school run' not understood").

What is read:
- days: "not Mondays", "no Tues", "can't do Fridays", "Thursdays only", "Tue or Thu",
  "weekdays only", "Mon-Thu", "any day except Fridays";
- times: "not after 4pm" (finished by 16:00), "before noon", "not before 10:30",
  "after 2" (bare hours 1-7 are afternoon), "between 10 and 2", "10am-2pm",
  "not between 3 and 4";
- parts of the day: "mornings only" (finished by 12:00), "afternoons" (12:00-17:00),
  "no evenings" (nothing after 17:00);
- a day with a time or part of day applies to that day only: "Fridays after 2",
  "not Monday mornings";
- combinations separated by commas, semicolons, full stops, "and", "but", "also".

Pure and total: :func:`read_availability` never raises, whatever it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coordinator.besttime.rules import (
    DAY_MINUTES as DAY_MINUTES,
    ORDER,
    Availability as Availability,
    Conflict as Conflict,
    Part as Part,
    Piece,
    Rule as Rule,
    RuleKind,
    days_words as days_words,
    hhmm as hhmm,
    parts_of as parts_of,
)
from coordinator.besttime.words import DAY_NAMES as DAY_NAMES, Token, tokens
from coordinator.model import Weekday


def _chunks(tokens: list[Token]) -> list[tuple[list[Token], bool, bool]]:
    """Split into pieces at punctuation and joining words. Each chunk comes with whether
    it follows "except" (negated) and whether it follows "but" after "any time"."""
    chunks: list[tuple[list[Token], bool, bool]] = []
    current: list[Token] = []
    negate_next = False
    after_but = False
    for i, token in enumerate(tokens):
        if token.kind == "joiner" and _is_between_and(current, tokens, i):
            token.kind = "and"
            current.append(token)
            continue
        if token.kind in ("punct", "joiner", "negjoin", "but"):
            if current:
                chunks.append((current, negate_next, after_but))
                current = []
                negate_next = after_but = False
            negate_next = negate_next or token.kind == "negjoin"
            after_but = after_but or token.kind == "but"
            continue
        current.append(token)
    if current:
        chunks.append((current, negate_next, after_but))
    return chunks


def _is_between_and(current: list[Token], tokens: list[Token], i: int) -> bool:
    meaningful = [t for t in current if t.kind != "filler"]
    return (
        len(meaningful) >= 2
        and meaningful[-1].kind == "time"
        and meaningful[-2].kind == "between"
        and i + 1 < len(tokens)
        and tokens[i + 1].kind == "time"
    )


class _NotRead(Exception):
    """A stretch of words that is not one of the shapes understood."""


def _read_days(tokens: list[Token], i: int) -> tuple[frozenset[Weekday], int]:
    """Days from ``tokens[i]``: "Tue or Thu", "Mon-Thu", "Monday to Friday"."""
    days: set[Weekday] = set()
    while i < len(tokens) and tokens[i].kind == "day":
        first = tokens[i]
        if (
            i + 2 < len(tokens)
            and tokens[i + 1].kind in ("dash", "to")
            and tokens[i + 2].kind == "day"
            and len(first.days) == 1
            and len(tokens[i + 2].days) == 1
        ):
            a = ORDER.index(next(iter(first.days)))
            b = ORDER.index(next(iter(tokens[i + 2].days)))
            span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            days |= {ORDER[k] for k in span}
            i += 3
        else:
            days |= first.days
            i += 1
        if i + 1 < len(tokens) and tokens[i].kind == "or" and tokens[i + 1].kind == "day":
            i += 1
    return frozenset(days), i


def _read_parts(tokens: list[Token], i: int) -> tuple[frozenset[Part], int]:
    parts: set[Part] = set()
    while i < len(tokens) and tokens[i].kind == "part":
        parts |= tokens[i].parts
        i += 1
        if i + 1 < len(tokens) and tokens[i].kind == "or" and tokens[i + 1].kind == "part":
            i += 1
    return frozenset(parts), i


@dataclass
class _Reading:
    neg: bool = False
    only: bool = False
    any_time: bool = False
    days: frozenset[Weekday] = frozenset()
    days_neg: bool = False
    # (kind, start, end, parts) before the days are known
    limits: list[tuple[RuleKind, int, int, frozenset[Part]]] = field(default_factory=list)


def _limit(reading: _Reading, kind: RuleKind, start: int = 0, end: int = DAY_MINUTES) -> None:
    reading.limits.append((kind, start, end, frozenset()))
    reading.neg = False


def _read_chunk(tokens: list[Token], neg: bool) -> tuple[_Reading, bool]:
    """Rules from one piece's meaningful tokens (no filler). Raises :class:`_NotRead`.
    Also says whether the piece is days alone (so "and Fridays" can follow "not Mondays")."""
    kinds = [t.kind for t in tokens]
    if kinds and kinds[-1] == "hard":
        # "mornings are hard", "Fridays are out": what comes before, the other way round
        if "hard" in kinds[:-1] or "neg" in kinds:
            raise _NotRead
        reading, days_alone = _read_chunk(tokens[:-1], neg)
        return _flipped(reading), days_alone
    r = _Reading(neg=neg)
    i = 0
    n = len(tokens)
    while i < n:
        kind = kinds[i]
        if kind == "neg":
            r.neg = True
            i += 1
        elif kind == "only":
            r.only = True
            i += 1
        elif kind == "any":
            r.any_time = True
            i += 1
        elif kind == "day":
            if r.days:
                raise _NotRead
            r.days, i = _read_days(tokens, i)
            r.days_neg = r.neg
        elif kind == "part":
            parts, i = _read_parts(tokens, i)
            rule = RuleKind.NOT_PARTS if r.neg else RuleKind.ONLY_PARTS
            r.limits.append((rule, 0, DAY_MINUTES, parts))
            r.neg = False
        elif kind in ("between", "time", "after") and _is_range(kinds, i):
            skip = 1 if kind in ("between", "after") else 0
            first, second = tokens[i + skip], tokens[i + skip + 2]
            if r.neg:
                _limit(r, RuleKind.NOT_DURING, first.minutes, second.minutes)
            else:
                _limit(r, RuleKind.NOT_BEFORE, start=first.minutes)
                _limit(r, RuleKind.NOT_AFTER, end=second.minutes)
            i += skip + 3
        elif kind == "time" and i + 1 < n and kinds[i + 1] in ("onwards", "latest"):
            # "9.30 onwards", "10 at the earliest", "3pm latest"
            if (kinds[i + 1] == "latest") != r.neg:
                _limit(r, RuleKind.NOT_AFTER, end=tokens[i].minutes)
            else:
                _limit(r, RuleKind.NOT_BEFORE, start=tokens[i].minutes)
            i += 2
        elif kind == "to":
            i += 1  # "need to be home by 3": a "to" that is not in a range says nothing
        elif kind in ("before", "after") and i + 1 < n and kinds[i + 1] == "time":
            minutes = tokens[i + 1].minutes
            ends_by = (kind == "before") != r.neg
            if ends_by:
                _limit(r, RuleKind.NOT_AFTER, end=minutes)
            else:
                _limit(r, RuleKind.NOT_BEFORE, start=minutes)
            i += 2
        else:
            raise _NotRead
    if r.neg and not r.days_neg:
        raise _NotRead  # "not" with nothing to apply to
    if not (r.days or r.limits or r.any_time):
        raise _NotRead
    if r.days_neg and r.limits:
        r.days_neg = False  # "not Monday mornings": the "not" went to the mornings
    days_alone = bool(r.days) and not r.limits and not r.any_time
    return r, days_alone


_FLIPS = {
    RuleKind.ONLY_PARTS: RuleKind.NOT_PARTS,
    RuleKind.NOT_PARTS: RuleKind.ONLY_PARTS,
    RuleKind.NOT_BEFORE: RuleKind.NOT_AFTER,
    RuleKind.NOT_AFTER: RuleKind.NOT_BEFORE,
}


def _flipped(reading: _Reading) -> _Reading:
    if reading.any_time or reading.only or len(reading.limits) > 1:
        raise _NotRead
    if not reading.limits:
        reading.days_neg = not reading.days_neg
        return reading
    kind, start, end, parts = reading.limits[0]
    if kind not in _FLIPS:
        raise _NotRead
    # "after 4 is hard": not after 16:00; "before 10 is hard": not before 10:00
    flipped = _FLIPS[kind]
    if flipped is RuleKind.NOT_AFTER:
        start, end = 0, start
    elif flipped is RuleKind.NOT_BEFORE:
        start, end = end, DAY_MINUTES
    reading.limits = [(flipped, start, end, parts)]
    return reading


def _is_range(kinds: list[str], i: int) -> bool:
    skip = 1 if kinds[i] in ("between", "after") else 0
    window = kinds[i + skip : i + skip + 3]
    if len(window) < 3 or window[0] != "time" or window[2] != "time":
        return False
    joiner = window[1]
    return joiner in ("and", "dash", "to", "before") and (kinds[i] != "after" or joiner != "and")


def _rules(reading: _Reading, words: str) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    if reading.days and not reading.limits:
        kind = RuleKind.NOT_ON if reading.days_neg else RuleKind.ONLY_ON
        rules.append(Rule(kind, words, days=reading.days))
    elif reading.days and reading.only:
        rules.append(Rule(RuleKind.ONLY_ON, words, days=reading.days))
    scope = reading.days
    for kind, start, end, parts in reading.limits:
        rules.append(Rule(kind, words, days=scope, start=start, end=end, parts=parts))
    if reading.any_time and not rules:
        rules.append(Rule(RuleKind.ANY_TIME, words))
    return tuple(rules)


def read_availability(text: str) -> Availability:
    """Read ``text`` (anything at all) into rules; never raises."""
    if not isinstance(text, str):
        return Availability("", ())
    found = tokens(text)
    spans: list[tuple[int, int, tuple[Rule, ...]]] = []
    previous_days_neg: bool | None = None
    previous_any = False
    for chunk, negated, after_but in _chunks(found):
        neg = negated or (after_but and previous_any)
        read = _read_with_unknowns(text, chunk, neg, previous_days_neg)
        spans.extend(read[0])
        previous_days_neg, previous_any = read[1], read[2]
    return Availability(text, _pieces(text, spans))


def _read_with_unknowns(
    text: str, chunk: list[Token], neg: bool, previous_days_neg: bool | None
) -> tuple[list[tuple[int, int, tuple[Rule, ...]]], bool | None, bool]:
    """One chunk read: parts between unknown words are read on their own, and what
    cannot be read (with its filler) is kept as not understood."""
    spans: list[tuple[int, int, tuple[Rule, ...]]] = []
    segments: list[list[Token]] = [[]]
    for token in chunk:
        if token.kind == "unknown":
            segments.append([token])
            segments.append([])
        else:
            segments[-1].append(token)
    days_neg: bool | None = None
    any_time = False
    for segment in segments:
        if not segment:
            continue
        start, end = segment[0].start, segment[-1].end
        meaningful = [t for t in segment if t.kind != "filler"]
        if not meaningful or meaningful[0].kind == "unknown":
            spans.append((start, end, ()))
            continue
        words = " ".join(text[meaningful[0].start : meaningful[-1].end].split())
        try:
            first_neg = neg
            only_days = all(t.kind in ("day", "or", "dash", "to") for t in meaningful)
            if only_days and not neg and previous_days_neg:
                first_neg = True  # "not Mondays and Fridays"
            reading, days_alone = _read_chunk(meaningful, first_neg)
            rules = _rules(reading, words)
        except _NotRead:
            spans.append((start, end, ()))
            continue
        spans.append((start, end, rules))
        days_neg = reading.days_neg if days_alone else None
        any_time = any_time or reading.any_time
    return spans, days_neg, any_time


def _pieces(text: str, spans: Sequence[tuple[int, int, tuple[Rule, ...]]]) -> tuple[Piece, ...]:
    """Pieces in order; neighbouring pieces not understood are joined into one (the
    words between them included), so "school run" is one piece, not two."""
    merged: list[tuple[int, int, tuple[Rule, ...]]] = []
    for start, end, rules in spans:
        if merged and not rules and not merged[-1][2] and _only_spaces(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], end, ())
        else:
            merged.append((start, end, rules))
    return tuple(
        Piece(" ".join(text[start:end].split()), rules, start, end) for start, end, rules in merged
    )


def _only_spaces(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()
