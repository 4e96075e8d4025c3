"""The demo group, "Tuesday Crew": a believable year of a fortnightly group to explore.

Everything is relative to ``today`` and drawn from a fixed seed, so the same day always
gives the same group (tests, screenshots and the docs rely on that). The cast is chosen
so every part of the app has something to show; in particular the drift watch should
flag Linda (m6), who stopped coming without a word, and nobody else, even though Jean
(m4) is often unwell, Dave (m5) was on holiday and Ray (m9) only ever comes every other
time. ``tests/test_demo.py`` checks the whole cast.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Channel,
    Consent,
    ContactOutcome,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    RhythmUnit,
    SupportLine,
    Venue,
    Weekday,
)

ZONE = ZoneInfo("Europe/London")
HELD_COUNT = 26  # a year of fortnightly meetings
PLANNED_COUNT = 3
SEED = 20250304
# Which of the year's meetings (0-based) were not ordinary ones.
SPECIAL_AT = 9
OUTING_AT = 17
UNRECORDED = (2, "m1")  # one mark the coordinator never filled in: shown as unknown

# Self-management skills from the PMP that meetings come back to (SUGGESTED_TOPICS).
SKILLS = ["pacing", "goal setting", "relaxation", "exercise", "flare-up plans", "GP appointments"]
NOTES = (
    "Maggie brought flapjacks. Lots of laughing.",
    "Talked about pacing over busy weeks: plan the big day, rest the day after.",
    "Sam led a short body-scan relaxation; everyone said it helped.",
    "Tips for GP appointments: write down the three things that matter most first.",
    "Quiet one; a few people having a rough week, so we kept it gentle.",
    "Goal check-in: Priya is walking to the post box and back twice a day now.",
    "Swapped flare-up plans. Jean's hot-water-bottle-and-box-set plan got a cheer.",
    "Talked about sleep and how a bad night knocks the whole week.",
    "Gentle chair exercises from the PMP booklet; kept it to ten minutes.",
    "Mostly a catch-up. Agreed to try the side room next time, it's quieter.",
)
# One check-in per member who had one; none for Linda since her misses began.
OUTREACH = {
    "m6": "Checked Linda's number still right; she's enjoying the group.",
    "m3": "Priya on new shifts at work; will come when she can and let us know.",
    "m7": "Rang Tom: 2-4pm is too much for him now. Would come to a morning meeting.",
    "m9": "Texted Ray about the outing to Ashton Court; no reply yet.",
    "m8": "Welcome message to Chloe with the time and place; she'll come next Tuesday.",
    "m5": "Dave off to Pembrokeshire, back for the meeting after.",
    "m4": "Texted Jean, flare-up, hopes to come next time.",
}
V2_NOTES = (
    "Riverside was shut for a private party, so we used St Mark's.",
    "Met at St Mark's: easier parking for those driving.",
)


def _last_tuesday(today: date) -> date:
    """The most recent Tuesday on or before ``today``."""
    return today - timedelta(days=(today.weekday() - Weekday.TUE.number) % 7)


def _at_two(day: date) -> datetime:
    return datetime.combine(day, time(14, 0), tzinfo=ZONE)


def _pick(rng: random.Random, weights: dict[Mark, float]) -> Mark:
    marks = list(weights)
    return rng.choices(marks, weights=[weights[m] for m in marks])[0]


def _venues() -> tuple[Venue, ...]:
    return (
        Venue("v1", "Riverside Cafe", "1 Quay Street", "step-free, accessible toilet"),
        Venue("v2", "St Mark's Community Room", "Church Lane", "parking, ramp at side door"),
    )


def _members(days: list[date], today: date) -> tuple[Member, ...]:
    start = days[0]
    left_on = _nearest(days, today - timedelta(days=150)) + timedelta(days=2)
    chloe_joined = _first_on_or_after(days, today - timedelta(days=91)) - timedelta(days=6)
    latest = len(days) - 1
    # Dave's holiday: from just after the meeting three before the latest one, back
    # just before the latest, so it covers the two meetings in between.
    away_from = days[latest - 3] + timedelta(days=3)
    away_to = days[latest] - timedelta(days=3)

    def founder(mid: str, name: str, phone: str, channel: Channel, **kw: Any) -> Member:
        member = Member(
            mid,
            name,
            phone=phone,
            channel=channel,
            joined_on=start,
            status_since=start,
            consent=Consent(start, True),
            contact_checked_on=start + timedelta(days=180),
        )
        return replace(member, **kw)

    return (
        founder(
            "m1",
            "Margaret Ellis",
            "07700 900201",
            Channel.PHONE,
            known_as="Maggie",
            availability="not Mondays; home by 4:30 for the school run",
            access_needs="parking close to the door",
            notes="Bakes for the group. Prefers a call to a text.",
        ),
        founder(
            "m2",
            "Sam Okafor",
            "07700 900202",
            Channel.WHATSAPP,
            email="sam.okafor@example.org",
            availability="any day but Wednesday",
            notes="Deputy: happy to run a meeting if Ann is unwell.",
        ),
        founder(
            "m3",
            "Priya Shah",
            "07700 900203",
            Channel.WHATSAPP,
            email="priya@example.org",
            availability="shifts change every few weeks",
        ),
        founder(
            "m4",
            "Jean Morris",
            "07700 900204",
            Channel.SMS,
            availability="afternoons best; mornings are hard",
            access_needs="step-free; a chair with arms",
            notes="Flare-ups come and go; always lets us know.",
        ),
        founder(
            "m5",
            "Dave Hughes",
            "07700 900205",
            Channel.SMS,
            away=(AwayPeriod(away_from, away_to, "holiday in Pembrokeshire"),),
        ),
        founder(
            "m6",
            "Linda Carter",
            "07700 900206",
            Channel.SMS,
            email="linda.carter@example.org",
            contact_checked_on=start + timedelta(days=120),
        ),
        founder(
            "m7",
            "Tom Reid",
            "07700 900207",
            Channel.PHONE,
            status=MemberStatus.LEFT,
            status_since=left_on,
            status_reason=Reason.TIME_UNSUITABLE,
            availability="not after 4pm",
            notes="Tired by mid-afternoon and can't drive then. Would come to a morning group.",
        ),
        Member(
            "m8",
            "Chloe Evans",
            phone="07700 900208",
            email="chloe.evans@example.org",
            channel=Channel.WHATSAPP,
            joined_on=chloe_joined,
            status_since=chloe_joined,
            consent=Consent(chloe_joined, True),
            contact_checked_on=chloe_joined,
            notes="Joined from the spring PMP.",
        ),
        founder(
            "m9",
            "Ray Patel",
            "07700 900209",
            Channel.SMS,
            consent=Consent(start, False),
            notes="Comes when he can, usually every other time.",
        ),
    )


def _nearest(days: list[date], target: date) -> date:
    return min(days, key=lambda d: abs((d - target).days))


def _first_on_or_after(days: list[date], target: date) -> date:
    return next((d for d in days if d >= target), days[-1])


def _marks_for(
    rng: random.Random, members: tuple[Member, ...], days: list[date]
) -> list[dict[str, AttendanceMark]]:
    """Each meeting's register, following each member's pattern in the cast."""
    latest = len(days) - 1
    registers: list[dict[str, AttendanceMark]] = [{} for _ in days]
    present = AttendanceMark(Mark.PRESENT)
    absent = AttendanceMark(Mark.ABSENT)

    def apologies(reason: Reason, note: str = "") -> AttendanceMark:
        return AttendanceMark(Mark.APOLOGIES, reason, note)

    rules: dict[str, Callable[[int, date], AttendanceMark]] = {}

    def regular(reasons: tuple[Reason, ...], miss: float) -> Callable[[int, date], AttendanceMark]:
        def mark(_: int, __: date) -> AttendanceMark:
            if rng.random() < miss:
                return apologies(rng.choice(reasons))
            return present

        return mark

    rules["m1"] = regular((Reason.FAMILY, Reason.ILL_HEALTH), 0.08)
    rules["m2"] = regular((Reason.FAMILY, Reason.TRANSPORT), 0.08)

    def priya(i: int, _: date) -> AttendanceMark:
        # About one in five, always with word: shifts at work.
        if i % 5 == 3:
            return apologies(Reason.WORK, rng.choice(["on a late shift", "", "work"]))
        return present

    def jean(i: int, _: date) -> AttendanceMark:
        if latest - i in (0, 2):  # two of the last three: flare-up, but in touch
            return apologies(Reason.ILL_HEALTH, "flare-up")
        if latest - i == 1:
            return present
        return apologies(Reason.ILL_HEALTH, "flare-up") if rng.random() < 0.4 else present

    dave_away = members[4].away[0]

    def dave(_: int, day: date) -> AttendanceMark:
        if dave_away.covers(day):
            return apologies(Reason.AWAY, "holiday")
        return apologies(Reason.FAMILY) if rng.random() < 0.08 else present

    def linda(i: int, _: date) -> AttendanceMark:
        if i > latest - 3:
            return absent  # the last three: no word at all
        return apologies(Reason.FAMILY) if i == 8 else present

    tom_left = members[6].status_since or days[-1]

    def tom(_: int, day: date) -> AttendanceMark:
        if (tom_left - day).days < 60:
            return apologies(Reason.TIME_UNSUITABLE, "too tired by 4")
        return apologies(Reason.TIME_UNSUITABLE) if rng.random() < 0.3 else present

    def chloe(i: int, _: date) -> AttendanceMark:
        return apologies(Reason.FAMILY, "childcare fell through") if i == latest - 2 else present

    def ray(i: int, _: date) -> AttendanceMark:
        # Every other meeting, as he always has; he missed the latest one.
        if (latest - i) % 2 == 1 or (i in (5, 6)):
            return present
        return apologies(Reason.WORK) if rng.random() < 0.3 else absent

    rules.update(m3=priya, m4=jean, m5=dave, m6=linda, m7=tom, m8=chloe, m9=ray)
    for i, day in enumerate(days):
        for member in members:
            if member.on_roster(day):
                registers[i][member.id] = rules[member.id](i, day)
    held_index, member_id = UNRECORDED
    registers[held_index].pop(member_id, None)
    return registers


def _meetings(
    rng: random.Random, members: tuple[Member, ...], days: list[date], planned: list[date]
) -> list[Meeting]:
    registers = _marks_for(rng, members, days)
    meetings = []
    for i, day in enumerate(days):
        venue = "v2" if rng.random() < 0.2 else "v1"
        topics = ["catch-up", *rng.sample(SKILLS, rng.choice([0, 1, 1, 2]))]
        guests = rng.choices([0, 1, 2], weights=[7, 2, 1])[0]
        notes = rng.choice(NOTES) if rng.random() < 0.4 else ""
        if venue == "v2":
            notes = rng.choice(V2_NOTES)
        kind = MeetingKind.REGULAR
        location: str | None = None
        if i == SPECIAL_AT:
            kind, venue, guests = MeetingKind.SPECIAL, "v2", 1
            topics = ["guest", "exercise", "flare-up plans"]
            notes = "A physio from the pain service talked about gentle exercise in a flare-up."
        elif i == OUTING_AT:
            kind, guests = MeetingKind.SOCIAL, 2
            venue, location = "", "Ashton Court: meet at the cafe by the mansion"
            topics = ["outing", "catch-up"]
            notes = "Short flat walk then tea. Two partners came along. Do it again in spring."
        meetings.append(
            Meeting(
                id=f"g{i + 1}",
                starts_at=_at_two(day),
                duration_minutes=120,
                venue_id=venue or None,
                location=location,
                kind=kind,
                status=MeetingStatus.HELD,
                topics=tuple(topics),
                guests=guests,
                notes=notes,
                attendance=registers[i],
            )
        )
    for j, day in enumerate(planned):
        meetings.append(
            Meeting(
                id=f"g{len(days) + j + 1}",
                starts_at=_at_two(day),
                venue_id="v1",
                notes="Bring ideas for the next outing." if j == 0 else "",
            )
        )
    return meetings


def _contacts(days: list[date], today: date, members: tuple[Member, ...]) -> list[OutreachNote]:
    latest = days[-1]
    dave_away = members[4].away[0]
    chloe_joined = members[7].joined_on or latest
    tom_left = members[6].status_since or latest
    plan = [
        ("m6", days[4] + timedelta(days=1), Channel.SMS, ContactOutcome.REACHED),
        ("m3", days[8] + timedelta(days=2), Channel.WHATSAPP, ContactOutcome.REACHED),
        ("m7", tom_left - timedelta(days=1), Channel.PHONE, ContactOutcome.REACHED),
        ("m9", days[OUTING_AT] - timedelta(days=4), Channel.SMS, ContactOutcome.NO_REPLY),
        ("m8", chloe_joined, Channel.WHATSAPP, ContactOutcome.REACHED),
        ("m5", dave_away.start - timedelta(days=1), Channel.SMS, ContactOutcome.REACHED),
        # After Jean's latest apologies, so her flag (if any) is acknowledged.
        ("m4", min(latest + timedelta(days=1), today), Channel.SMS, ContactOutcome.REACHED),
    ]
    plan.sort(key=lambda n: n[1])
    return [
        OutreachNote(f"c{i}", member_id, on, channel, outcome, OUTREACH[member_id])
        for i, (member_id, on, channel, outcome) in enumerate(plan, start=1)
    ]


def build_demo(today: date) -> GroupData:
    """The demo group as it would stand on ``today`` (the same day gives the same data)."""
    rng = random.Random(SEED)
    latest = _last_tuesday(today)
    days = [latest - timedelta(weeks=2 * k) for k in range(HELD_COUNT - 1, -1, -1)]
    planned = [latest + timedelta(weeks=2 * k) for k in range(1, PLANNED_COUNT + 1)]
    group = Group(
        name="Tuesday Crew",
        timezone="Europe/London",
        rhythm=Rhythm(2, RhythmUnit.WEEK, Weekday.TUE, None, time(14, 0), 120),
        started_on=days[0],
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann Whitfield", "07700 900123", "ann@example.org"),
        deputy_member_id="m2",
        support_line=SupportLine(
            "Pain service support line", "0117 496 0000", "Mon-Fri 9-5; out of hours call 111"
        ),
    )
    members = _members(days, today)
    return GroupData(
        group=group,
        venues=_venues(),
        members=members,
        meetings=tuple(_meetings(rng, members, days, planned)),
        contacts=tuple(_contacts(days, today, members)),
    )
