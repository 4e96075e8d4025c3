"""The tally of replies gathered by WhatsApp: the coordinator proposes 2-5 dates or
slots, notes each member's yes / maybe / no as replies come in, sees the counts and
picks one.

Kept in the group file's settings under :data:`SETTING` (settings are not part of the
bundle: a tally is work in progress, not the group's record), as plain JSON:
``{"options": [{"date": "2026-12-10" | null, "weekday": "thu", "time": "10:00",
"venue_id": "v2" | null}], "replies": {"m1": {"0": "yes", "2": "maybe"}},
"chosen": 1 | null}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from enum import StrEnum
from typing import Any

from coordinator.model import (
    WEEKDAY_NAMES,
    ValidationError,
    Weekday,
    check_id,
    parse_date,
    parse_time,
)

SETTING = "best_time_tally"
MIN_OPTIONS = 2
MAX_OPTIONS = 5


class Reply(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


REPLY_MARKS: dict[Reply | None, str] = {
    Reply.YES: "✓",
    Reply.MAYBE: "?",
    Reply.NO: "✗",
    None: "·",
}
REPLY_WORDS: dict[Reply | None, str] = {
    Reply.YES: "yes",
    Reply.MAYBE: "maybe",
    Reply.NO: "no",
    None: "no reply yet",
}


@dataclass(frozen=True)
class TallyOption:
    """A proposed date (``day`` set; its weekday follows) or a weekly slot."""

    weekday: Weekday
    start: time
    day: date | None = None
    venue_id: str | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.day.weekday() != self.weekday.number:
            raise ValidationError("Date", "does not fall on that weekday")

    def label(self) -> str:
        """ "Thu 10 Dec 10:00" for a date, "Thursdays 10:00" for a slot."""
        at = self.start.strftime("%H:%M")
        if self.day is not None:
            return f"{self.day:%a} {self.day.day} {self.day:%b} {at}"
        return f"{WEEKDAY_NAMES[self.weekday]}s {at}"

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat() if self.day else None,
            "weekday": self.weekday.value,
            "time": self.start.strftime("%H:%M"),
            "venue_id": self.venue_id,
        }

    @classmethod
    def from_json(cls, raw: object) -> TallyOption:
        if not isinstance(raw, Mapping):
            raise ValidationError("Tally", "an option is not a record")
        day_text = raw.get("date")
        day = parse_date(str(day_text), "Tally date") if day_text else None
        weekday_text = raw.get("weekday")
        if day is not None:
            weekday = list(Weekday)[day.weekday()]
        elif weekday_text in {d.value for d in Weekday}:
            weekday = Weekday(str(weekday_text))
        else:
            raise ValidationError("Tally", "an option has no day")
        venue = raw.get("venue_id")
        if venue is not None:
            check_id(venue, "Tally venue")
        return cls(weekday, parse_time(str(raw.get("time", "")), "Tally time"), day, venue)


def read_option(day_or_weekday: str, at: str, venue_id: str | None = None) -> TallyOption:
    """An option as typed: a date ("2026-12-10") or a weekday ("thu"), and a time."""
    from coordinator.besttime.availability import DAY_NAMES

    typed = day_or_weekday.strip()
    start = parse_time(at, "Time")
    weekday = DAY_NAMES.get(typed.lower())
    if weekday is not None:
        return TallyOption(weekday, start, None, venue_id)
    day = parse_date(typed, "Date or weekday")
    if day is None:
        raise ValidationError("Date or weekday", "type a date (2026-12-10) or a day (thu)")
    return TallyOption(list(Weekday)[day.weekday()], start, day, venue_id)


@dataclass(frozen=True)
class Counts:
    yes: int
    maybe: int
    no: int
    waiting: int

    def words(self) -> str:
        return f"{self.yes} yes · {self.maybe} maybe · {self.no} no · {self.waiting} waiting"


@dataclass(frozen=True)
class Tally:
    """Options proposed, each member's replies by option index, and the one chosen."""

    options: tuple[TallyOption, ...] = ()
    replies: Mapping[str, Mapping[int, Reply]] = field(default_factory=dict)
    chosen: int | None = None

    def reply(self, member_id: str, option: int) -> Reply | None:
        return self.replies.get(member_id, {}).get(option)

    def with_reply(self, member_id: str, option: int, reply: Reply | None) -> Tally:
        """A copy with one reply set (None clears it)."""
        if not 0 <= option < len(self.options):
            raise ValidationError("Tally", "there is no such option")
        theirs = dict(self.replies.get(member_id, {}))
        if reply is None:
            theirs.pop(option, None)
        else:
            theirs[option] = reply
        replies = {k: v for k, v in self.replies.items() if k != member_id}
        if theirs:
            replies[member_id] = theirs
        return replace(self, replies=replies)

    def with_option(self, option: TallyOption) -> Tally:
        if len(self.options) >= MAX_OPTIONS:
            raise ValidationError("Options", f"propose at most {MAX_OPTIONS}")
        if option in self.options:
            raise ValidationError("Options", f"{option.label()} is proposed already")
        return replace(self, options=(*self.options, option))

    def without_option(self, index: int) -> Tally:
        """A copy without option ``index``; replies to later options shift with them."""
        if not 0 <= index < len(self.options):
            raise ValidationError("Tally", "there is no such option")
        options = self.options[:index] + self.options[index + 1 :]
        replies: dict[str, dict[int, Reply]] = {}
        for member_id, theirs in self.replies.items():
            kept = {(i if i < index else i - 1): r for i, r in theirs.items() if i != index}
            if kept:
                replies[member_id] = kept
        chosen = self.chosen
        if chosen is not None:
            chosen = None if chosen == index else (chosen if chosen < index else chosen - 1)
        return Tally(options, replies, chosen)

    def counts(self, option: int, member_ids: list[str]) -> Counts:
        """Replies to one option among ``member_ids`` (those asked)."""
        got = [self.reply(m, option) for m in member_ids]
        return Counts(
            got.count(Reply.YES), got.count(Reply.MAYBE), got.count(Reply.NO), got.count(None)
        )

    def leading(self, member_ids: list[str]) -> int | None:
        """The option with most yes (then most maybe, then fewest no), if any reply."""
        if not self.options or not any(self.replies.get(m) for m in member_ids):
            return None
        scored = [
            (c.yes, c.maybe, -c.no, -i)
            for i, c in enumerate(self.counts(i, member_ids) for i in range(len(self.options)))
        ]
        best = max(scored)
        return -best[3]

    def to_setting(self) -> dict[str, Any]:
        return {
            "options": [o.to_json() for o in self.options],
            "replies": {
                m: {str(i): r.value for i, r in sorted(theirs.items())}
                for m, theirs in self.replies.items()
            },
            "chosen": self.chosen,
        }

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Tally:
        """The tally kept in the settings (an empty one if none); raises
        :class:`ValidationError` when what is kept cannot be read."""
        raw = settings.get(SETTING)
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise ValidationError("Tally", "the saved tally is not a record")
        options_raw = raw.get("options", [])
        if not isinstance(options_raw, list) or len(options_raw) > MAX_OPTIONS:
            raise ValidationError("Tally", "the saved options cannot be read")
        options = tuple(TallyOption.from_json(o) for o in options_raw)
        replies: dict[str, dict[int, Reply]] = {}
        replies_raw = raw.get("replies", {})
        if not isinstance(replies_raw, Mapping):
            raise ValidationError("Tally", "the saved replies cannot be read")
        for member_id, theirs in replies_raw.items():
            check_id(member_id, "Tally member")
            if not isinstance(theirs, Mapping):
                raise ValidationError("Tally", "the saved replies cannot be read")
            got: dict[int, Reply] = {}
            for index, value in theirs.items():
                if not str(index).isdigit() or int(index) >= len(options):
                    raise ValidationError("Tally", "a saved reply is for no option")
                if value not in {r.value for r in Reply}:
                    raise ValidationError("Tally", "a saved reply is not yes, maybe or no")
                got[int(index)] = Reply(value)
            if got:
                replies[member_id] = got
        chosen = raw.get("chosen")
        readable = isinstance(chosen, int) and not isinstance(chosen, bool)
        if chosen is not None and (not readable or not 0 <= chosen < len(options)):
            raise ValidationError("Tally", "the saved choice is for no option")
        return cls(options, replies, chosen)
