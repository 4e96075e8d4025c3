"""The words availability is read from: day names and abbreviations (Mon, Tues,
Thurs), parts of the day, times as typed ("4pm", "10.30", "half four", "noon"), and the
little words that join or turn them round ("not", "only", "before", "and", "except").

:func:`tokens` turns text into tokens, each knowing where it is in the text, so every
word typed can be accounted for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coordinator.besttime.rules import DAY_MINUTES, WEEKDAYS, WEEKEND, Part
from coordinator.model import WEEKDAY_NAMES, Weekday

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
class Token:
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


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup or "other"
        if kind == "num":
            minutes = _read_number_time(m.group())
            found.append(Token("time" if minutes is not None else "unknown", start, end))
            found[-1].minutes = minutes or 0
        elif kind == "word":
            found.append(_word_token(m.group().lower().replace("’", "'"), start, end))
        elif kind == "dash":
            found.append(Token("dash", start, end))
        elif kind == "punct":
            found.append(Token("punct", start, end))
        elif kind == "colon":
            found.append(Token("filler", start, end))  # "Fridays: after 2"
        elif kind == "sym":
            sym = m.group()
            found.append(Token("or" if sym == "/" else "joiner", start, end))
        else:
            found.append(Token("unknown", start, end))
    return _join_phrases(text, found)


def _word_token(word: str, start: int, end: int) -> Token:
    if word in DAY_NAMES:
        return Token("day", start, end, days=frozenset({DAY_NAMES[word]}))
    if word in _DAY_GROUPS:
        return Token("day", start, end, days=_DAY_GROUPS[word])
    if word in _PARTS:
        return Token("part", start, end, parts=_PARTS[word])
    if word in _TIME_WORDS:
        return Token("time", start, end, minutes=_TIME_WORDS[word])
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
            return Token(kind, start, end)
    return Token("unknown", start, end)


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


def _join_phrases(text: str, tokens: list[Token]) -> list[Token]:
    words = [text[t.start : t.end].lower().replace("’", "'") for t in tokens]
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        spoken = _spoken_time(words, i)
        if spoken is not None:
            minutes, used = spoken
            out.append(Token("time", tokens[i].start, tokens[i + used - 1].end, minutes=minutes))
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
