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

import re
from collections.abc import Iterable, Sequence
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


# --- reading ---------------------------------------------------------------------------

DAY_NAMES: dict[str, Weekday] = {}
for _day, _full in WEEKDAY_NAMES.items():
    _low = _full.lower()
    for _name in (_low, _low + "s", _low + "'s", _day.value):
        DAY_NAMES[_name] = _day
DAY_NAMES.update(
    tues=Weekday.TUE,
    weds=Weekday.WED,
    wednes=Weekday.WED,
    thur=Weekday.THU,
    thurs=Weekday.THU,
    tue=Weekday.TUE,
    tu=Weekday.TUE,
    th=Weekday.THU,
)
_DAY_GROUPS: dict[str, frozenset[Weekday]] = {
    "weekday": WEEKDAYS,
    "weekdays": WEEKDAYS,
    "weekend": WEEKEND,
    "weekends": WEEKEND,
}
_PARTS: dict[str, frozenset[Part]] = {
    "morning": frozenset({Part.MORNING}),
    "mornings": frozenset({Part.MORNING}),
    "afternoon": frozenset({Part.AFTERNOON}),
    "afternoons": frozenset({Part.AFTERNOON}),
    "evening": frozenset({Part.EVENING}),
    "evenings": frozenset({Part.EVENING}),
    "night": frozenset({Part.EVENING}),
    "nights": frozenset({Part.EVENING}),
    "daytime": frozenset({Part.MORNING, Part.AFTERNOON}),
    "daytimes": frozenset({Part.MORNING, Part.AFTERNOON}),
}
_NEG = {
    "not", "no", "never", "cant", "can't", "cannot", "dont", "don't", "won't", "wont",
    "couldn't", "couldnt", "unable", "busy", "avoid", "isn't", "isnt", "aren't", "arent",
}  # fmt: skip
_ONLY = {"only", "just", "exclusively"}
# Said after what they apply to: "mornings are hard", "Fridays are out".
_HARD = {"hard", "difficult", "tricky", "bad", "tough", "impossible", "out", "awkward", "no-go"}
_BEFORE = {"before", "until", "till", "til", "by"}
_AFTER = {"after", "from", "past"}
_TO = {"to"}
_OR = {"or", "either", "/"}
_ANY = {"anytime", "flexible", "whenever", "anyday"}
_TIME_WORDS = {"noon": 12 * 60, "midday": 12 * 60, "lunchtime": 12 * 60}
# Words that carry no rule of their own; they belong to the piece they are in.
_FILLER = {
    "i", "i'm", "im", "am", "is", "are", "be", "can", "could", "do", "does", "on", "the",
    "a", "an", "at", "in", "of", "for", "me", "my", "ok", "okay", "fine", "free", "good",
    "best", "better", "available", "prefer", "preferably", "ideally", "please", "usually",
    "generally", "normally", "mostly", "works", "suits", "day", "days", "time", "times",
    "o'clock", "oclock", "start", "starting", "starts", "finish", "finished", "finishing",
    "end", "ending", "home", "back", "leave", "need", "needs", "have", "has", "must",
    "would", "will", "should", "it", "meetings", "meeting", "every", "any", "all",
    "with", "really", "s", "that", "ish", "around", "about", "pref", "thanks", "so",
    "there", ":",
}  # fmt: skip
# Phrases read as one word (first words, then what they stand for).
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "later", "than"), "before"),
    (("not", "later", "than"), "before"),
    (("no", "earlier", "than"), "after"),
    (("not", "earlier", "than"), "after"),
    (("later", "than"), "after"),
    (("earlier", "than"), "before"),
    (("not", "until"), "after"),
    (("not", "till"), "after"),
    (("up", "to"), "before"),
    (("any", "time"), "anytime"),
    (("any", "day"), "anyday"),
    (("any", "days"), "anyday"),
    (("week", "days"), "weekdays"),
    (("week", "day"), "weekday"),
    (("week", "ends"), "weekends"),
    (("week", "end"), "weekend"),
    (("apart", "from"), "except"),
    (("other", "than"), "except"),
    (("can", "not"), "cannot"),
)
# Words that end one piece and start the next; the next is negated after these.
_JOINERS = {"and", "also", "plus", "&", "+", "then"}
_NEGATING_JOINERS = {"except", "excluding", "bar"}

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[:.]\d\d)?(?:\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<dash>[-–—])"
    r"|(?P<punct>[,;.!?()\[\]{}\n])"
    r"|(?P<colon>:)"
    r"|(?P<sym>[/&+])"
    r"|(?P<other>[^\s\w,;.!?()\[\]{}:/&+\-–—]+|_+|\d+)",
    re.IGNORECASE,
)


@dataclass
class _Token:
    kind: str  # day, days, part, neg, only, before, after, to, or, any, time, dash,
    # between, and, filler, joiner, negjoin, punct, unknown
    start: int
    end: int
    days: frozenset[Weekday] = frozenset()
    parts: frozenset[Part] = frozenset()
    minutes: int = 0


def _read_number_time(raw: str) -> int | None:
    """A time typed as a number: "4pm", "4:30 pm", "16:00", "10.30", "930", "2"
    (bare hours 1-7 are read as afternoon, 8-12 as morning or noon)."""
    low = raw.lower().replace(" ", "").replace(".m", "m").replace("a.", "a").replace("p.", "p")
    m = re.fullmatch(r"(\d{1,4})(?:[:.](\d\d))?(am|pm)?\.?", low)
    if m is None:
        return None
    digits, minute_text, half = m[1], m[2], m[3]
    if minute_text is None and len(digits) >= 3:
        digits, minute_text = digits[:-2], digits[-2:]
    if len(digits) > 2:
        return None
    hour, minute = int(digits), int(minute_text or 0)
    if minute >= 60:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23 or (hour == 0 and minute_text is None):
        return None
    elif not digits.startswith("0") and 1 <= hour <= 7:
        hour += 12  # "after 2", "not before 4:30": nobody meets at 2 in the morning
    return hour * 60 + minute


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup or "other"
        if kind == "num":
            minutes = _read_number_time(m.group())
            found.append(_Token("time" if minutes is not None else "unknown", start, end))
            found[-1].minutes = minutes or 0
        elif kind == "word":
            found.append(_word_token(m.group().lower().replace("’", "'"), start, end))
        elif kind == "dash":
            found.append(_Token("dash", start, end))
        elif kind == "punct":
            found.append(_Token("punct", start, end))
        elif kind == "colon":
            found.append(_Token("filler", start, end))  # "Fridays: after 2"
        elif kind == "sym":
            sym = m.group()
            found.append(_Token("or" if sym == "/" else "joiner", start, end))
        else:
            found.append(_Token("unknown", start, end))
    return _join_phrases(text, found)


def _word_token(word: str, start: int, end: int) -> _Token:
    if word in DAY_NAMES:
        return _Token("day", start, end, days=frozenset({DAY_NAMES[word]}))
    if word in _DAY_GROUPS:
        return _Token("day", start, end, days=_DAY_GROUPS[word])
    if word in _PARTS:
        return _Token("part", start, end, parts=_PARTS[word])
    if word in _TIME_WORDS:
        return _Token("time", start, end, minutes=_TIME_WORDS[word])
    for kind, words in (
        ("neg", _NEG),
        ("only", _ONLY),
        ("before", _BEFORE),
        ("after", _AFTER),
        ("to", _TO),
        ("or", _OR),
        ("any", _ANY),
        ("but", {"but"}),
        ("joiner", _JOINERS),
        ("negjoin", _NEGATING_JOINERS | {"except"}),
        ("between", {"between"}),
        ("onwards", {"onwards", "onward", "earliest"}),
        ("hard", _HARD),
        ("latest", {"latest"}),
        ("filler", _FILLER),
    ):
        if word in words:
            return _Token(kind, start, end)
    return _Token("unknown", start, end)


_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _word_hour(word: str) -> int | None:
    """An hour in words ("four"), or a bare number as typed ("4"), read as a time."""
    if word in _NUMBERS:
        return _read_number_time(str(_NUMBERS[word]))
    if word.isdigit():
        return _read_number_time(word)
    return None


def _spoken_time(words: list[str], i: int) -> tuple[int, int] | None:
    """A time said the British way from ``words[i]``: "four", "half four", "half past
    four", "quarter past 4", "quarter to five". Returns (minutes, words used)."""
    first = words[i]
    if first in _NUMBERS:
        found = _word_hour(first)
        return (found, 1) if found is not None else None
    shifts = (("half", "past", 30), ("quarter", "past", 15), ("quarter", "to", -15))
    for lead, link, shift in shifts:
        if first != lead or i + 1 >= len(words):
            continue
        j = i + 1
        if words[j] == link and j + 1 < len(words):
            j += 1
        elif lead != "half":
            continue
        hour = _word_hour(words[j])
        if hour is not None and 0 <= hour + shift < DAY_MINUTES:
            return hour + shift, j - i + 1
    return None


def _join_phrases(text: str, tokens: list[_Token]) -> list[_Token]:
    words = [text[t.start : t.end].lower().replace("’", "'") for t in tokens]
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        spoken = _spoken_time(words, i)
        if spoken is not None:
            minutes, used = spoken
            out.append(_Token("time", tokens[i].start, tokens[i + used - 1].end, minutes=minutes))
            i += used
            continue
        for phrase, meaning in _PHRASES:
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                merged = _word_token(meaning, tokens[i].start, tokens[i + n - 1].end)
                out.append(merged)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _chunks(tokens: list[_Token]) -> list[tuple[list[_Token], bool, bool]]:
    """Split into pieces at punctuation and joining words. Each chunk comes with whether
    it follows "except" (negated) and whether it follows "but" after "any time"."""
    chunks: list[tuple[list[_Token], bool, bool]] = []
    current: list[_Token] = []
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


def _is_between_and(current: list[_Token], tokens: list[_Token], i: int) -> bool:
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


def _read_days(tokens: list[_Token], i: int) -> tuple[frozenset[Weekday], int]:
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


def _read_parts(tokens: list[_Token], i: int) -> tuple[frozenset[Part], int]:
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


def _read_chunk(tokens: list[_Token], neg: bool) -> tuple[_Reading, bool]:
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
    tokens = _tokens(text)
    spans: list[tuple[int, int, tuple[Rule, ...]]] = []
    previous_days_neg: bool | None = None
    previous_any = False
    for chunk, negated, after_but in _chunks(tokens):
        neg = negated or (after_but and previous_any)
        read = _read_with_unknowns(text, chunk, neg, previous_days_neg)
        spans.extend(read[0])
        previous_days_neg, previous_any = read[1], read[2]
    return Availability(text, _pieces(text, spans))


def _read_with_unknowns(
    text: str, chunk: list[_Token], neg: bool, previous_days_neg: bool | None
) -> tuple[list[tuple[int, int, tuple[Rule, ...]]], bool | None, bool]:
    """One chunk read: parts between unknown words are read on their own, and what
    cannot be read (with its filler) is kept as not understood."""
    spans: list[tuple[int, int, tuple[Rule, ...]]] = []
    segments: list[list[_Token]] = [[]]
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
