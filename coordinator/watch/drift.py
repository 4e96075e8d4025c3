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
sends them. Two misses in a row flag someone for whom such a run is unusual (their own
chance of it: from how often they miss, and from how often they have really missed that many
in a row and come back), but not a flare-up like the ones they came back from (at either
level); three in a row that is rare for them is "reach out". A miss without word
straight after time away flags too (``away_usual``; Settings can turn it off). Time
counts: someone not seen for much longer than usual *for them in this group* (their
usual time between visits: the group's rhythm divided by how often they come) is
flagged, so a monthly or 6-weekly group is not two months late; and a long gap (several
misses, many weeks) flags anyone. Thresholds are settings; the defaults come from
``benchmarks/drift``, chosen on some simulated families and reported on others
(docs/drift-watch.md explains it all).

Contacts: a check-in that *reached* them, logged on or after the latest miss,
acknowledges the flag until the next miss; "no reply" and "left a message" do not (the
list says "tried on 3 Dec, no reply yet"). A check-in can carry a "try again on" day: on
that day they come back to the top of the list, unless they have come to a meeting since.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from itertools import islice, pairwise
from typing import Any, NamedTuple

from coordinator.model import (
    REASON_LABELS,
    ContactOutcome,
    GroupData,
    Mark,
    Meeting,
    Member,
    OutreachNote,
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
    since_seen_days: int | None = None
    last_contact_outcome: ContactOutcome | None = None
    try_again_on: date | None = None
    # The "try again on" day of their latest check-in has come.
    try_again_due: bool = False

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
            "since_seen_days": self.since_seen_days,
            "last_contact_outcome": (
                self.last_contact_outcome.value if self.last_contact_outcome else None
            ),
            "try_again_on": self.try_again_on.isoformat() if self.try_again_on else None,
        }


class Outcome(NamedTuple):
    """What happened for one member at one of the group's held meetings.

    ``counted`` is False for a miss with apologies saying they are away, or inside a
    planned away period (unless their apologies gave another reason): it is part of their
    usual pattern but never held against them.
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
    present, absent, away_reason = Mark.PRESENT, Mark.ABSENT, Reason.AWAY
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
            if member.on_roster(day):
                # Planned time away explains a miss, unless their apologies gave another
                # reason (work, ill health, ...): then they told us why, and it was not that.
                away = reason is away_reason or (
                    (reason is None or status is absent)
                    and bool(member.away)
                    and member.is_away(day)
                )
                outcomes.append(new(Outcome, (day, status, reason, not away)))
    return found


def usual_pattern(history: list[Outcome], settings: WatchSettings) -> Usual:
    """Someone's usual pattern from their earlier meetings, blended with the default.
    Time away is left out: a holiday does not make a regular look like an occasional
    visitor."""
    # The latest ones, found from the end: a history is every meeting since they joined.
    recent = list(islice((o for o in reversed(history) if o.counted), settings.usual_meetings))
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


class Contact(NamedTuple):
    """The latest logged check-in that matters to the list, in short."""

    on: date
    outcome: ContactOutcome
    try_again_on: date | None


class EarlierRun(NamedTuple):
    """A run of misses (time away left out) that someone came back from."""

    misses: int
    ill_health: int  # how many of them were apologies for ill health


def earlier_runs(history: Sequence[Outcome]) -> tuple[EarlierRun, ...]:
    """The runs of misses held against them in ``history`` that ended with a visit."""
    runs: list[EarlierRun] = []
    misses = ill = 0
    present, apologies, ill_health = Mark.PRESENT, Mark.APOLOGIES, Reason.ILL_HEALTH
    # Unpacked, not through Outcome's properties: this reads a member's whole history.
    for _day, mark, reason, counted in history:
        if mark is present:
            if misses:
                runs.append(EarlierRun(misses, ill))
            misses = ill = 0
        elif counted:
            misses += 1
            ill += mark is apologies and reason is ill_health
    return tuple(runs)


class Assessment(NamedTuple):
    """Everything the watch worked out about one member, flagged or not."""

    member: Member
    outcomes: tuple[Outcome, ...]
    usual: Usual
    score: float
    last_attended: date | None
    last_contact: Contact | None
    # Their usual time between visits in days: the group's usual time between meetings
    # divided by how often they come.
    usual_gap_days: float = 14.0
    # Their own history before the misses since they last came (time away left out):
    # how many meetings it holds, and each earlier run of misses they came back from.
    history: int = 0
    earlier_runs: tuple[EarlierRun, ...] = ()

    @property
    def run(self) -> tuple[Outcome, ...]:
        """The misses held against them since they last came."""
        since = self.outcomes[_last_came(self.outcomes) + 1 :]
        return tuple(o for o in since if o.counted)

    @property
    def misses_since_seen(self) -> int:
        """Every recorded miss since they last came, time away included."""
        return len(self.outcomes) - _last_came(self.outcomes) - 1

    def runs_as_long(self, misses: int) -> int:
        """How many times before they missed at least ``misses`` in a row and came back."""
        return sum(1 for r in self.earlier_runs if r.misses >= misses)

    def run_chance(self, misses: int, settings: WatchSettings) -> float:
        """The chance, a meeting, of a run of ``misses`` in a row under their own pattern:
        the likelier of what their usual share of misses implies (each miss on its own)
        and how often such a run has really happened to them (misses come in bunches:
        flare-ups, busy spells), blended with the first as ``default_weight`` meetings."""
        implied = (1.0 - self.usual.present) ** misses
        weight = settings.default_weight
        if self.history + weight <= 0:
            return implied
        seen = (self.runs_as_long(misses) + weight * implied) / (self.history + weight)
        return max(implied, seen)

    @property
    def usual_flare_up(self) -> bool:
        """Every miss since they last came was an apology for ill health, and they have
        come back after ill health before: from a run at least this long mostly of
        apologies for ill health, or (for one or two misses) after any such apology.
        A flare-up like their others, not a sign of drifting away."""
        run = self.run
        if not run or not all(
            o.mark is Mark.APOLOGIES and o.reason is Reason.ILL_HEALTH for o in run
        ):
            return False
        ill_runs = [r for r in self.earlier_runs if r.ill_health]
        return any(r.misses >= len(run) and 2 * r.ill_health >= r.misses for r in ill_runs) or (
            len(run) <= 2 and bool(ill_runs)
        )

    @property
    def away_since_seen(self) -> int:
        """Misses since they last came that time away explains."""
        return self.misses_since_seen - len(self.run)


def assess(
    data: GroupData,
    member: Member,
    as_of: date,
    settings: WatchSettings | None = None,
    held: Sequence[Meeting] | None = None,
) -> Assessment:
    """Work out one member's drift score as of ``as_of`` (``held``: the group's held
    meetings up to then, when the caller already has them)."""
    meetings = data.held_meetings(as_of) if held is None else held
    outcomes = member_outcomes(data, member, as_of, meetings)
    return _assess(
        data, member, as_of, settings or WatchSettings(), outcomes, group_gap_days(meetings)
    )


def group_gap_days(held: Sequence[Meeting]) -> float:
    """The group's usual time between held meetings, in days: the median of the last
    dozen gaps (14 when there are too few meetings to tell)."""
    days = [m.day for m in held[-13:]]
    gaps = sorted((b - a).days for a, b in pairwise(days))
    if not gaps:
        return 14.0
    return float(max(gaps[len(gaps) // 2], 1))


def _assess(
    data: GroupData,
    member: Member,
    as_of: date,
    settings: WatchSettings,
    outcomes: list[Outcome],
    gap_days: float = 14.0,
    contacts: Sequence[OutreachNote] | None = None,
) -> Assessment:
    last = _last_came(outcomes)
    # Their usual pattern is read from before the misses since they last came, so the
    # drift itself does not make them look "usually absent".
    history = outcomes[: last + 1]
    usual = usual_pattern(history, settings)
    notes = data.contacts_for(member.id) if contacts is None else contacts
    return Assessment(
        member=member,
        outcomes=tuple(outcomes),
        usual=usual,
        score=drift_score(outcomes, usual, settings),
        last_attended=outcomes[last].day if last >= 0 else None,
        last_contact=latest_contact(notes, as_of),
        usual_gap_days=gap_days / max(usual.present, 0.1),
        # Their earlier runs matter only once they miss (most came to the latest meeting).
        history=sum(o[3] for o in history) if last < len(outcomes) - 1 else 0,
        earlier_runs=earlier_runs(history) if last < len(outcomes) - 1 else (),
    )


def latest_contact(notes: Sequence[OutreachNote], as_of: date) -> Contact | None:
    """The latest check-in on or before ``as_of``. Several on that day (the file keeps no
    time of day): reached if any of them reached the member, and the latest "try again
    on" among them."""
    seen = [note for note in notes if note.on <= as_of]
    if not seen:
        return None
    day = max(note.on for note in seen)
    that_day = sorted((note for note in seen if note.on == day), key=lambda n: n.id)
    outcomes = {note.outcome for note in that_day}
    outcome = ContactOutcome.REACHED if ContactOutcome.REACHED in outcomes else that_day[-1].outcome
    agains = [note.try_again_on for note in that_day if note.try_again_on is not None]
    return Contact(day, outcome, max(agains) if agains else None)


def _last_came(outcomes: Sequence[Outcome]) -> int:
    """Where in ``outcomes`` they last came (-1 if they never have)."""
    for i in range(len(outcomes) - 1, -1, -1):
        if outcomes[i].mark is Mark.PRESENT:
            return i
    return -1


def assessments(
    data: GroupData, as_of: date, settings: WatchSettings | None = None
) -> list[Assessment]:
    """Every member on the roster on ``as_of``, assessed (one pass over the meetings)."""
    settings = settings or WatchSettings()
    members = [member for member in data.members if member.on_roster(as_of)]
    held = data.held_meetings(as_of)
    by_member = _outcomes_by_member(held, members)
    gap = group_gap_days(held)
    notes: dict[str, list[OutreachNote]] = {member.id: [] for member in members}
    for note in data.contacts:
        if note.member_id in notes:
            notes[note.member_id].append(note)
    return [
        _assess(data, member, as_of, settings, by_member[member.id], gap, notes[member.id])
        for member in members
    ]


def check_ins(
    data: GroupData, as_of: date, settings: WatchSettings | None = None
) -> list[DriftFlag]:
    """Who to check in with as of ``as_of``: anyone whose "try again on" day has come
    first, then ``reach_out``, then the most surprising. Members paused, left or not yet
    joined on ``as_of`` are never flagged, nor is anyone whose latest counted meeting they
    came to, nor anyone *reached* on or after their latest miss (until they miss again)."""
    settings = settings or WatchSettings()
    flags: list[DriftFlag] = []
    for found in assessments(data, as_of, settings):
        flag = _flag(found, as_of, settings)
        if flag is not None:
            flags.append(flag)
    flags.sort(
        key=lambda f: (
            not f.try_again_due,
            f.level is not Level.REACH_OUT,
            -f.score,
            f.name.casefold(),
        )
    )
    return flags


def at_risk_json(
    data: GroupData, as_of: date, settings: WatchSettings | None = None
) -> list[dict[str, Any]]:
    """What ``coordinator at-risk --as-of DAY --json`` prints, as plain values (the
    benchmark judges the watch through this very function)."""
    return [flag.to_json() for flag in check_ins(data, as_of, settings)]


def weeks_unseen(found: Assessment, as_of: date) -> int:
    """Whole weeks since they last came (or since they joined, if they never have)."""
    return unseen_days(found, as_of) // 7


def unseen_days(found: Assessment, as_of: date) -> int:
    """Days since they last came (or since they joined, or their first meeting)."""
    since = found.last_attended or found.member.joined_on
    if since is None:
        since = found.outcomes[0].day if found.outcomes else as_of
    return max((as_of - since).days, 0)


def long_gap(found: Assessment, as_of: date, settings: WatchSettings) -> bool:
    """Missed enough meetings in a row, over enough weeks, to check in anyway."""
    return (
        len(found.run) >= settings.long_gap_misses
        and weeks_unseen(found, as_of) >= settings.long_gap_weeks
    )


def overdue(found: Assessment, as_of: date, settings: WatchSettings) -> bool:
    """Not seen for much longer than usual for them, in this group's rhythm."""
    return unseen_days(found, as_of) >= settings.unseen_factor * found.usual_gap_days


def confident(found: Assessment, as_of: date, settings: WatchSettings) -> bool:
    """Sure enough to say "reach out": at least one of the misses since they last came
    was without word, or they have not been seen for much longer than usual for them.
    (Apologies alone, for a short while, are usually a flare-up or a busy spell.)"""
    return any(o.silent for o in found.run) or (
        unseen_days(found, as_of) >= settings.reach_out_unseen * found.usual_gap_days
    )


def level_of(found: Assessment, as_of: date, settings: WatchSettings) -> Level | None:
    """The level the watch gives someone on the marks alone (contacts aside)."""
    run = len(found.run)
    if not run:
        return None
    weeks = weeks_unseen(found, as_of)
    if found.usual_flare_up:
        return None  # a flare-up like the others they came back from, at either level
    if (
        found.score >= settings.reach_out_score
        or (run >= settings.reach_out_misses and weeks >= settings.reach_out_weeks)
        or (
            run >= settings.reach_out_run
            and found.run_chance(run, settings) <= settings.reach_out_run_chance
        )
    ) and confident(found, as_of, settings):
        return Level.REACH_OUT
    if (
        found.score >= settings.watch_score
        or unusual_run(found, settings)
        or after_time_away(found, settings)
        or (run >= settings.long_gap_misses and weeks >= settings.long_gap_weeks)
        or overdue(found, as_of, settings)
    ):
        return Level.WATCH
    return None


def unusual_run(found: Assessment, settings: WatchSettings) -> bool:
    """Missed enough in a row that, for them, it is unusual."""
    run = len(found.run)
    return (
        run >= settings.watch_misses
        and found.run_chance(run, settings) <= settings.watch_run_chance
    )


def after_time_away(found: Assessment, settings: WatchSettings) -> bool:
    """Time away since they last came, and a miss without word among the misses since:
    not back since. (Any, not all: an apology after a silent miss must not take the
    flag away; another miss never lowers the level.)"""
    run = found.run
    return (
        bool(run)
        and found.away_since_seen > 0
        and any(o.silent for o in run)
        and found.usual.present >= settings.away_usual
    )


def _flag(found: Assessment, as_of: date, settings: WatchSettings) -> DriftFlag | None:
    contact = found.last_contact
    level = level_of(found, as_of, settings)
    run = found.run
    due = (
        contact is not None
        and contact.try_again_on is not None
        and contact.try_again_on <= as_of
        and (found.last_attended is None or found.last_attended <= contact.on)
    )
    if (
        level is not None
        and not due
        and contact is not None
        and contact.outcome is ContactOutcome.REACHED
        and contact.on >= run[-1].day
    ):
        level = None  # acknowledged until the next miss
    if level is None and not due:
        return None
    said = reasons(found, as_of, settings) if run else []
    # A check-in that reached them is in "last contact" already; one that did not, or a
    # day to try again, is worth saying.
    if contact is not None and (
        contact.outcome is not ContactOutcome.REACHED or contact.try_again_on is not None
    ):
        said.append(contact_words(contact, as_of))
    return DriftFlag(
        member_id=found.member.id,
        name=found.member.name,
        level=level or Level.WATCH,
        reasons=tuple(said),
        missed_in_a_row=len(run),
        last_attended=found.last_attended,
        last_contact=contact.on if contact else None,
        score=found.score,
        since_seen_days=(as_of - found.last_attended).days if found.last_attended else None,
        last_contact_outcome=contact.outcome if contact else None,
        try_again_on=contact.try_again_on if contact else None,
        try_again_due=due,
    )


def _short_day(day: date, as_of: date) -> str:
    """ "3 Dec" (with the year when it is not this year's)."""
    shown = f"{day.day} {day:%b}"
    return shown if day.year == as_of.year else f"{shown} {day.year}"


def contact_words(contact: Contact, as_of: date) -> str:
    """The latest check-in in words: "tried on 3 Dec, no reply yet"."""
    on = _short_day(contact.on, as_of)
    if contact.outcome is ContactOutcome.NO_REPLY:
        said = f"tried on {on}, no reply yet"
    elif contact.outcome is ContactOutcome.LEFT_MESSAGE:
        said = f"left a message on {on}, no reply yet"
    else:
        said = f"last spoke on {on}"
    if contact.try_again_on is not None:
        again = _short_day(contact.try_again_on, as_of)
        said += (
            f"; planned to try again on {again}"
            if contact.try_again_on <= as_of
            else (f"; try again on {again}")
        )
    return said


def reasons(found: Assessment, as_of: date, settings: WatchSettings) -> list[str]:
    """Why someone is on the list, in the words a coordinator would use."""
    said: list[str] = []
    run = list(found.run)
    if run:
        said.append(_run_words(run))
    if after_time_away(found, settings):
        said.append("not back since their time away")
    elif unusual_run(found, settings) and found.history >= settings.recent_meetings:
        unusual = _unusual_words(found, len(run))
        if unusual:
            said.append(unusual)
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
            usual_weeks = round(found.usual_gap_days / 7)
            if weeks >= 2 * usual_weeks and usual_weeks >= 2:
                said.append(f"not seen for {weeks} weeks, usually every {usual_weeks}")
            else:
                said.append(f"not seen for {weeks} weeks")
    return said


def _unusual_words(found: Assessment, misses: int) -> str | None:
    """That they have seldom missed this many in a row before: "never missed 2 in a row
    before (in 30 meetings)", "missed 2 in a row only once before (in 30 meetings)".
    None when they have more often: the other reasons say it then."""
    times = found.runs_as_long(misses)
    if times > 1:
        return None
    before = "never missed" if not times else "missed"
    once = "" if not times else " only once"
    return f"{before} {misses} in a row{once} before (in {found.history} meetings)"


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
        if n >= 3:
            return f"sent apologies for each of {meetings}{why}"
        return f"sent apologies for {meetings}{why}"
    word = "was" if silent == 1 else "were"
    return f"missed {meetings}; {silent} {word} without word, the rest with apologies{why}"
