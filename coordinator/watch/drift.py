"""The drift watch: who to check in with, and why, in plain words.

A flag is a prompt for a kind check-in, never a verdict: nothing here changes a status
or sends anything. The watch reads only the group's own *held* meetings on or before
``as_of``, one member at a time, and leaves out meetings before they joined, meetings in
a planned away period and meetings with no mark for them (unknown is not absent).

Each member is compared with **their own usual pattern** (how often they come, send
apologies or miss without word, from their earlier meetings). Every meeting adds evidence
of drifting away, in powers of ten: how much likelier that mark is from someone drifting
away than from them on a usual day; coming to a meeting takes it down again (a CUSUM).
A silent miss from someone who always comes counts a lot; from someone who comes every
other time, little; apologies count less than silence, and nothing from someone who often
sends them. A long gap (several misses, many weeks) flags anyone. Thresholds are settings;
the defaults come from ``benchmarks/drift`` (docs/drift-watch.md explains it all).

A contact logged on or after the latest miss acknowledges the flag until the next miss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from coordinator.model import (
    REASON_LABELS,
    GroupData,
    Mark,
    Meeting,
    Member,
    MemberStatus,
    Reason,
)
from coordinator.watch.settings import SETTINGS_KEY as SETTINGS_KEY, WatchSettings as WatchSettings

# Apologies giving these reasons say the meeting itself does not suit them: the main
# fixable cause of drifting away (DOMAIN.md), so they count as fully as silence.
UNSUITABLE = frozenset({Reason.TIME_UNSUITABLE, Reason.VENUE_UNSUITABLE})

# What "usual" is before we know someone: comes about 3 times in 4, and misses are
# shared between apologies and silence (weighed as ``default_weight`` meetings' worth).
_DEFAULT_PRESENT = 0.75
_DEFAULT_APOLOGIES = 0.15
_DEFAULT_SILENT = 0.10


class Level(StrEnum):
    """How soon to check in."""

    WATCH = "watch"
    REACH_OUT = "reach_out"


LEVEL_WORDS: dict[Level, str] = {Level.WATCH: "watch", Level.REACH_OUT: "reach out"}
# A mark beside the word, so the level never rests on colour alone.
LEVEL_MARKS: dict[Level, str] = {Level.WATCH: "◇", Level.REACH_OUT: "▲"}


def level_label(level: Level) -> str:
    """The level as mark and word: "▲ reach out"."""
    return f"{LEVEL_MARKS[level]} {LEVEL_WORDS[level]}"


class DriftFlag(NamedTuple):
    """One member on the check-in list, with the reasons in plain words."""

    member_id: str
    name: str
    level: Level
    reasons: tuple[str, ...]
    missed_in_a_row: int
    last_attended: date | None
    last_contact: date | None
    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The flag as plain JSON values (dates as ISO text)."""
        return {
            "member_id": self.member_id,
            "name": self.name,
            "level": self.level.value,
            "reasons": list(self.reasons),
            "missed_in_a_row": self.missed_in_a_row,
            "last_attended": self.last_attended.isoformat() if self.last_attended else None,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "score": round(self.score, 2),
        }


class Outcome(NamedTuple):
    """What happened for one member at one of the group's held meetings.

    ``counted`` is False for a miss inside a planned away period or with apologies
    saying they are away: it is part of their usual pattern but never held against them.
    (A named tuple: the watch makes one per member per meeting, tens of thousands.)
    """

    day: date
    mark: Mark
    reason: Reason | None = None
    counted: bool = True

    @property
    def came(self) -> bool:
        return self.mark is Mark.PRESENT

    @property
    def silent(self) -> bool:
        """A miss without word (or with word that the time or place does not suit)."""
        return self.mark is Mark.ABSENT or (
            self.mark is Mark.APOLOGIES and self.reason in UNSUITABLE
        )


class Usual(NamedTuple):
    """Someone's usual pattern: the chance they come, send apologies or miss silently."""

    present: float
    apologies: float
    silent: float
    meetings: int


def member_outcomes(
    data: GroupData, member: Member, as_of: date, held: Sequence[Meeting] | None = None
) -> list[Outcome]:
    """The member's marks at the group's held meetings up to ``as_of``, oldest first.

    Left out: meetings before they joined, after they paused or left, and meetings with
    no mark for them (unknown is not absent). A "present" mark always counts, so a visit
    during an away period is still a visit."""
    meetings = data.held_meetings(as_of) if held is None else held
    return _outcomes_by_member(meetings, [member])[member.id]


def _outcomes_by_member(
    meetings: Sequence[Meeting], members: Sequence[Member]
) -> dict[str, list[Outcome]]:
    """:func:`member_outcomes` for each of ``members``, in one pass over the meetings.

    This runs over every mark the group has ever made (15,600 at the stressed size of
    docs/performance.md), so it makes as little as it can: a plain "came" is one shared
    outcome per meeting, and an outcome is a tuple made without ``Outcome``'s own
    Python-level ``__new__`` (3x quicker)."""
    by_id = {member.id: member for member in members}
    found: dict[str, list[Outcome]] = {member_id: [] for member_id in by_id}
    new = tuple.__new__
    present, away_reason = Mark.PRESENT, Reason.AWAY
    for meeting in meetings:
        day = meeting.day
        came: Outcome | None = None
        for member_id, mark in meeting.attendance.items():
            outcomes = found.get(member_id)
            if outcomes is None:
                continue
            status, reason = mark.status, mark.reason
            if status is present:
                if reason is not None:
                    outcomes.append(new(Outcome, (day, present, reason, True)))
                    continue
                if came is None:
                    came = new(Outcome, (day, present, None, True))
                outcomes.append(came)
                continue
            member = by_id[member_id]
            if _on_roster(member, day):
                away = reason is away_reason or (bool(member.away) and member.is_away(day))
                outcomes.append(new(Outcome, (day, status, reason, not away)))
    return found


def _on_roster(member: Member, day: date) -> bool:
    """Joined by ``day`` and not paused or left on it."""
    if not member.was_member_on(day):
        return False
    if member.status is MemberStatus.ACTIVE:
        return True
    return member.status_since is not None and member.status_since > day


def usual_pattern(history: list[Outcome], settings: WatchSettings) -> Usual:
    """Someone's usual pattern from their earlier meetings, blended with the default."""
    recent = history[-settings.usual_meetings :]
    n = len(recent)
    weight = settings.default_weight
    total = n + weight
    if total <= 0:
        return Usual(_DEFAULT_PRESENT, _DEFAULT_APOLOGIES, _DEFAULT_SILENT, 0)
    present = sum(o.came for o in recent)
    silent = sum(o.silent for o in recent)
    apologies = n - present - silent
    return Usual(
        present=(present + weight * _DEFAULT_PRESENT) / total,
        apologies=(apologies + weight * _DEFAULT_APOLOGIES) / total,
        silent=(silent + weight * _DEFAULT_SILENT) / total,
        meetings=n,
    )


def evidence(outcome: Outcome, usual: Usual, settings: WatchSettings) -> float:
    """How much more one meeting looks like drifting away than like their usual pattern
    (a power of ten; negative when they came). A miss never counts *against* drifting,
    and a miss that is not held against them counts nothing."""
    if outcome.came:
        return math.log10(settings.drift_present / max(usual.present, 1e-6))
    if not outcome.counted:
        return 0.0
    if outcome.silent:
        drift, usual_chance = settings.drift_silent, usual.silent
    else:
        drift, usual_chance = settings.drift_apologies, usual.apologies
    return max(0.0, math.log10(drift / max(usual_chance, settings.rarest_miss)))


def drift_score(outcomes: Sequence[Outcome], usual: Usual, settings: WatchSettings) -> float:
    """The evidence piled up since it was last back at zero (a CUSUM): misses add to it,
    coming to a meeting takes it down, and it never goes below zero. Someone who still
    comes now and then, but much less than they used to, climbs slowly; someone who
    stops coming without word climbs fast."""
    # The evidence of a meeting depends only on what kind of mark it was, so each kind's
    # is worked out once (this runs over every member's whole history).
    day = date.min
    came = evidence(Outcome(day, Mark.PRESENT), usual, settings)
    silent = evidence(Outcome(day, Mark.ABSENT), usual, settings)
    apologies = evidence(Outcome(day, Mark.APOLOGIES), usual, settings)
    present, absent = Mark.PRESENT, Mark.ABSENT
    score = 0.0
    for _day, mark, reason, counted in outcomes:
        if mark is present:
            score += came
            if score <= 0.0:  # max(0.0, ...) without a call: this runs for every visit
                score = 0.0
        elif counted:
            score += silent if mark is absent or reason in UNSUITABLE else apologies
    return score


class Assessment(NamedTuple):
    """Everything the watch worked out about one member, flagged or not."""

    member: Member
    outcomes: tuple[Outcome, ...]
    usual: Usual
    score: float
    last_attended: date | None
    last_contact: date | None

    @property
    def run(self) -> tuple[Outcome, ...]:
        """The misses held against them since they last came."""
        since = self.outcomes[_last_came(self.outcomes) + 1 :]
        return tuple(o for o in since if o.counted)


def assess(
    data: GroupData,
    member: Member,
    as_of: date,
    settings: WatchSettings | None = None,
    held: Sequence[Meeting] | None = None,
) -> Assessment:
    """Work out one member's drift score as of ``as_of`` (``held``: the group's held
    meetings up to then, when the caller already has them)."""
    outcomes = member_outcomes(data, member, as_of, held)
    return _assess(data, member, as_of, settings or WatchSettings(), outcomes)


def _assess(
    data: GroupData,
    member: Member,
    as_of: date,
    settings: WatchSettings,
    outcomes: list[Outcome],
) -> Assessment:
    last = _last_came(outcomes)
    # Their usual pattern is read from before the misses since they last came, so the
    # drift itself does not make them look "usually absent".
    usual = usual_pattern(outcomes[: last + 1], settings)
    contacts = [c.on for c in data.contacts_for(member.id) if c.on <= as_of]
    return Assessment(
        member=member,
        outcomes=tuple(outcomes),
        usual=usual,
        score=drift_score(outcomes, usual, settings),
        last_attended=outcomes[last].day if last >= 0 else None,
        last_contact=max(contacts) if contacts else None,
    )


def _last_came(outcomes: Sequence[Outcome]) -> int:
    """Where in ``outcomes`` they last came (-1 if they never have)."""
    for i in range(len(outcomes) - 1, -1, -1):
        if outcomes[i].mark is Mark.PRESENT:
            return i
    return -1


def check_ins(
    data: GroupData, as_of: date, settings: WatchSettings | None = None
) -> list[DriftFlag]:
    """Who to check in with as of ``as_of``: ``reach_out`` first, then the most
    surprising. Members paused, left or not yet joined on ``as_of`` are never flagged,
    nor is anyone whose latest counted meeting they came to, nor anyone contacted on or
    after their latest miss (until they miss again)."""
    settings = settings or WatchSettings()
    members = [member for member in data.members if _on_roster(member, as_of)]
    by_member = _outcomes_by_member(data.held_meetings(as_of), members)
    flags: list[DriftFlag] = []
    for member in members:
        found = _assess(data, member, as_of, settings, by_member[member.id])
        flag = _flag(found, as_of, settings)
        if flag is not None:
            flags.append(flag)
    flags.sort(key=lambda f: (f.level is not Level.REACH_OUT, -f.score, f.name.casefold()))
    return flags


def weeks_unseen(found: Assessment, as_of: date) -> int:
    """Whole weeks since they last came (or since they joined, if they never have)."""
    since = found.last_attended or found.member.joined_on
    if since is None:
        since = found.outcomes[0].day if found.outcomes else as_of
    return max((as_of - since).days // 7, 0)


def long_gap(found: Assessment, as_of: date, settings: WatchSettings) -> bool:
    """Missed enough meetings in a row, over enough weeks, to check in anyway."""
    return (
        len(found.run) >= settings.long_gap_misses
        and weeks_unseen(found, as_of) >= settings.long_gap_weeks
    )


def _flag(found: Assessment, as_of: date, settings: WatchSettings) -> DriftFlag | None:
    run = found.run
    if not run:
        return None
    if found.score < settings.watch_score and not long_gap(found, as_of, settings):
        return None
    latest_miss = run[-1].day
    if found.last_contact is not None and found.last_contact >= latest_miss:
        return None
    level = Level.WATCH
    if found.score >= settings.reach_out_score and any(o.silent for o in run):
        level = Level.REACH_OUT
    return DriftFlag(
        member_id=found.member.id,
        name=found.member.name,
        level=level,
        reasons=tuple(reasons(found, as_of, settings)),
        missed_in_a_row=len(run),
        last_attended=found.last_attended,
        last_contact=found.last_contact,
        score=found.score,
    )


def reasons(found: Assessment, as_of: date, settings: WatchSettings) -> list[str]:
    """Why someone is on the list, in the words a coordinator would use."""
    said: list[str] = []
    run = list(found.run)
    if run:
        said.append(_run_words(run))
    counted = [o for o in found.outcomes if o.came or o.counted]
    size = settings.recent_meetings
    usually = round(found.usual.present * size)
    if len(counted) >= size and found.usual.meetings >= size:
        came = sum(o.came for o in counted[-size:])
        if came < usually:
            said.append(f"came to {came} of the last {size}; usually {usually} of {size}")
    if found.last_attended is None:
        said.append("has not come to a meeting yet")
    else:
        weeks = (as_of - found.last_attended).days // 7
        if weeks >= 2:
            said.append(f"not seen for {weeks} weeks")
    return said


def _run_words(run: list[Outcome]) -> str:
    n = len(run)
    meetings = "the last meeting" if n == 1 else f"the last {n} meetings"
    silent = sum(o.mark is Mark.ABSENT for o in run)
    if silent == n:
        return f"missed {meetings} without word"
    said_why = sorted(
        {REASON_LABELS[o.reason] for o in run if o.mark is Mark.APOLOGIES and o.reason}
    )
    why = f" ({', '.join(said_why)})" if said_why else ""
    if silent == 0:
        return f"sent apologies for {meetings}{why}"
    word = "was" if silent == 1 else "were"
    return f"missed {meetings}; {silent} {word} without word, the rest with apologies{why}"
