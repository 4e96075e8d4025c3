"""The summary for the pain service: how the group is doing, with nobody identifiable.

It never holds a member's name, known-as, initials, phone, email, notes, the places the
group meets or free-text topics (which could name someone): it is built only from
counts, and the rule below keeps every figure too coarse to point at anyone.

The small-number rule (also printed at the end of the report, as :data:`RULE_TEXT`): no
figure about people may rest on fewer than 5 different people, and none may let a reader
work out such a count by subtraction.

- A count of people (members at the end, joiners, leavers, guest visits) from 1 to 4 is
  shown as "fewer than 5"; 0 is "none".
- The attendance figures (average attendance, the share of places filled, the trend and
  the split of missed places) are shown only when at least 5 different members were
  expected at the period's meetings, and the members who came and the members who did
  not come are each either none or at least 5 different people (so neither a figure nor
  its remainder is a small count). With one meeting that also means the head-count
  itself is at least 5. The trend needs the same of the period before. The split of
  missed places needs at least 5 different members behind the apologies and behind the
  absences without word (or none). Otherwise the figure is not shown, and the report
  says why in a plain sentence.
- A reason (for apologies, or for leaving) is listed on its own only when it was given
  at least 5 times by at least 5 different members. Reasons below that are merged into
  "other reasons"; if that merged group is itself below the rule, the smallest listed
  reason is merged into it too, and so on. If even all reasons together are below the
  rule, the breakdown is left out and the report says so.
- Attendance is never given per meeting, since a meeting's head-count could be matched
  to a person.
- Topics are counted by meeting (not by person), and only the suggested topics are
  named; tags the coordinator typed are counted together as "other topics".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from coordinator import trends
from coordinator.model import (
    REASON_LABELS,
    SUGGESTED_TOPICS,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    MemberStatus,
    Reason,
    active_on,
)
from coordinator.reports.document import (
    Align,
    Column,
    Facts,
    Paragraph,
    Report,
    ReportKind,
    Section,
    Table,
    day_label,
    percent,
)
from coordinator.reports.summary import trend_words

# The smallest count of people shown as a number, and the fewest different members any
# shown figure may rest on.
SMALLEST_SHOWN = 5
FEWEST_PEOPLE = SMALLEST_SHOWN
UNSUITABLE_HINT = (
    "The time or venue not suiting is the most common reason. It is the one the group can "
    "fix, by asking members what day, time and place would suit them."
)

RULE_TEXT = (
    f"How small numbers are kept private: no figure about people rests on fewer than "
    f"{FEWEST_PEOPLE} different people. Counts of people from 1 to {SMALLEST_SHOWN - 1} are "
    f'shown as "fewer than {SMALLEST_SHOWN}". Average attendance, the share of places '
    f"filled, the trend and the split of missed places are shown only when at least "
    f"{FEWEST_PEOPLE} different members were expected, and those who came and those who "
    f"did not are each none or at least {FEWEST_PEOPLE} different members; otherwise the "
    f"report says they are not shown. A reason is listed on its own only when given at "
    f"least {SMALLEST_SHOWN} times by at least {FEWEST_PEOPLE} different members; smaller "
    'ones are merged into "other reasons" (with the smallest listed reason too, if needed), '
    "and left out when even all together are below that. Attendance is never given per "
    "meeting. No names, initials, contact details, notes or places are included."
)


def people_count(count: int) -> str:
    """A count of people, with small numbers hidden."""
    if count <= 0:
        return "none"
    if count < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    return str(count)


@dataclass(frozen=True)
class ReasonCell:
    """How often a reason was given, and by which members (ids stay inside here)."""

    label: str
    times: int
    members: frozenset[str]

    @property
    def shareable(self) -> bool:
        return self.times >= SMALLEST_SHOWN and len(self.members) >= FEWEST_PEOPLE


def _merge(cells: Iterable[ReasonCell], label: str) -> ReasonCell:
    cells = list(cells)
    members: frozenset[str] = frozenset().union(*(c.members for c in cells))
    return ReasonCell(label, sum(c.times for c in cells), members)


def protect_reasons(cells: Sequence[ReasonCell]) -> list[ReasonCell]:
    """The reasons that may be shown, with small ones merged as the rule says. An empty
    list means nothing can be shown without pointing at someone."""
    ordered = sorted((c for c in cells if c.times), key=lambda c: (-c.times, c.label))
    shown = [c for c in ordered if c.shareable]
    rest = [c for c in ordered if not c.shareable]
    while rest:
        other = _merge(rest, "other reasons" if shown else "all reasons together")
        if other.shareable:
            return [*shown, other]
        if not shown:
            return []
        rest.append(shown.pop())
    return shown


def reason_cells(data: GroupData, start: date, end: date) -> tuple[list[ReasonCell], ...]:
    """Apology reasons and leaving reasons in the period, each with who gave them (the
    rule needs to know how many different members a count comes from)."""
    apologies: dict[str, set[str]] = {}
    apology_times: dict[str, int] = {}
    for meeting in data.held_meetings(end):
        if meeting.day < start:
            continue
        for member_id, mark in meeting.attendance.items():
            if mark.status is Mark.APOLOGIES:
                label = _reason_label(mark.reason)
                apologies.setdefault(label, set()).add(member_id)
                apology_times[label] = apology_times.get(label, 0) + 1
    leaving: dict[str, set[str]] = {}
    for member in data.members:
        since = member.status_since
        if member.status is MemberStatus.LEFT and since is not None and start <= since <= end:
            leaving.setdefault(_reason_label(member.status_reason), set()).add(member.id)
    return (
        [ReasonCell(k, apology_times[k], frozenset(v)) for k, v in apologies.items()],
        [ReasonCell(k, len(v), frozenset(v)) for k, v in leaving.items()],
    )


def _reason_label(reason: Reason | None) -> str:
    return trends.reason_label(reason)


def _at_least_rule(people: frozenset[str]) -> bool:
    """None, or enough different people that a figure resting on them points at nobody."""
    return not people or len(people) >= FEWEST_PEOPLE


@dataclass(frozen=True)
class Turnout:
    """Attendance over some held meetings, with the members behind each figure (ids stay
    inside here, for the rule; they are never shown)."""

    meetings: int
    came: int
    places: int
    filled: int  # places taken by a member expected then (a mark before joining is not)
    apologised: int
    silent: int
    expected: frozenset[str]
    came_people: frozenset[str]
    not_came_people: frozenset[str]
    apology_people: frozenset[str]
    silent_people: frozenset[str]

    @property
    def average(self) -> float | None:
        """Members present a meeting, on average (None with no meetings)."""
        return self.came / self.meetings if self.meetings else None

    def why_hidden(self) -> str | None:
        """Why the average and share may not be shown under the rule (None: they may)."""
        few = f"fewer than {FEWEST_PEOPLE}"
        if len(self.expected) < FEWEST_PEOPLE:
            return (
                f"not shown: {few} members were expected at these meetings, so an average "
                "or a share would show how many came"
            )
        if not _at_least_rule(self.came_people):
            return (
                f"not shown: {few} different members came, so an average or a share would "
                "show how many"
            )
        if not _at_least_rule(self.not_came_people):
            return (
                f"not shown: {few} different members missed a meeting, so an average or a "
                "share would show how many"
            )
        return None

    @property
    def split_shown(self) -> bool:
        """Whether the split of missed places (apologies or no word) may be shown."""
        return (
            self.why_hidden() is None
            and self.apologised + self.silent > 0
            and _at_least_rule(self.apology_people)
            and _at_least_rule(self.silent_people)
        )


def turnout(data: GroupData, meetings: Sequence[Meeting]) -> Turnout:
    """Attendance at ``meetings`` (held ones), counted the way the trends count it."""
    came = places = filled = apologised = silent = 0
    expected: set[str] = set()
    came_people: set[str] = set()
    not_came: set[str] = set()
    apology_people: set[str] = set()
    silent_people: set[str] = set()
    for meeting in meetings:
        due = {m.id for m in active_on(data.members, meeting.day)}
        present = {i for i, mark in meeting.attendance.items() if mark.status is Mark.PRESENT}
        expected |= due
        places += len(due)
        came += len(present)
        filled += len(present & due)
        came_people |= present
        not_came |= due - present
        for member_id, mark in meeting.attendance.items():
            if mark.status is Mark.APOLOGIES:
                apologised += 1
                apology_people.add(member_id)
            elif mark.status is Mark.ABSENT:
                silent += 1
                silent_people.add(member_id)
    return Turnout(
        meetings=len(meetings),
        came=came,
        places=places,
        filled=filled,
        apologised=apologised,
        silent=silent,
        expected=frozenset(expected),
        came_people=frozenset(came_people),
        not_came_people=frozenset(not_came),
        apology_people=frozenset(apology_people),
        silent_people=frozenset(silent_people),
    )


def _attendance_facts(now: Turnout, before: Turnout) -> list[tuple[str, str]]:
    """Average, share filled, trend and missed-place split, each only where the rule
    allows, with a plain sentence where it does not."""
    if now.average is None:
        return [("Trend", trend_words(None, None))]
    why = now.why_hidden()
    if why is not None:
        return [("Attendance", why)]
    facts = [
        ("Average attendance", f"{now.average:.1f} members a meeting"),
        ("Places filled", f"{percent(now.filled, now.places)} of members on the roster"),
    ]
    if before.average is not None and before.why_hidden() is not None:
        facts.append(
            (
                "Trend",
                f"not shown: the period before rests on fewer than {FEWEST_PEOPLE} "
                "different members, so a comparison would show how many came",
            )
        )
    else:
        facts.append(("Trend", trend_words(now.average, before.average)))
    if now.split_shown:
        missed = now.apologised + now.silent
        facts.append(
            (
                "Missed places",
                f"{percent(now.apologised, missed)} with apologies, "
                f"{percent(now.silent, missed)} without word",
            )
        )
    return facts


def _reasons_table(title: str, cells: Sequence[ReasonCell]) -> Table:
    shown = protect_reasons(cells)
    total = sum(c.times for c in shown)
    rows = tuple((c.label, str(c.times), percent(c.times, total)) for c in shown)
    if not any(c.times for c in cells):
        empty = "None in this period."
    else:
        empty = "Too few to show without pointing at someone (see the note below)."
    columns = (
        Column("Reason", wrap=True),
        Column("Times", Align.RIGHT),
        Column("Share", Align.RIGHT),
    )
    return Table(columns, rows, title=title, empty=empty)


def _topics(data: GroupData, start: date, end: date) -> Table:
    meetings = [m for m in data.held_meetings(end) if m.day >= start]
    suggested = {t.casefold(): t for t in SUGGESTED_TOPICS}
    counts: dict[str, int] = {}
    for meeting in meetings:
        named = {suggested.get(t.casefold(), "other topics") for t in meeting.topics}
        for topic in named:
            counts[topic] = counts.get(topic, 0) + 1
    order = [*SUGGESTED_TOPICS, "other topics"]
    ranked = sorted(counts, key=lambda topic: (-counts[topic], order.index(topic)))
    rows = tuple(
        (topic, str(counts[topic]), percent(counts[topic], len(meetings))) for topic in ranked
    )
    columns = (Column("Topic"), Column("Meetings", Align.RIGHT), Column("Share", Align.RIGHT))
    return Table(columns, rows, empty="No topics were recorded.")


def build_service_summary(data: GroupData, start: date, end: date, today: date) -> Report:
    """The name-free summary for the pain service for ``start``..``end``.

    Every figure follows the small-number rule in the module docstring (and printed at
    the end as :data:`RULE_TEXT`): nothing shown rests on fewer than 5 different people;
    where a figure would, the report says in a plain sentence that it is not shown."""
    assert data.group is not None
    group = data.group
    all_held = data.held_meetings(end)
    held = [m for m in all_held if m.day >= start]
    cancelled = sum(
        1 for m in data.meetings if m.status is MeetingStatus.CANCELLED and start <= m.day <= end
    )
    # The trend compares with as many meetings just before the period.
    earlier = [m for m in all_held if m.day < start]
    before = earlier[-len(held) :] if held else []
    meeting_facts: list[tuple[str, str]] = [
        ("Meetings held", str(len(held))),
        ("Meetings cancelled", str(cancelled)),
        *_attendance_facts(turnout(data, held), turnout(data, before)),
        ("Guest visits", people_count(sum(m.guests for m in held))),
    ]

    joined = sum(1 for m in data.members if m.joined_on is not None and start <= m.joined_on <= end)
    apology_cells, leaving_cells = reason_cells(data, start, end)
    # The size at the start is given only as a direction: with both sizes exact, the
    # number who left could be worked out from the number who joined.
    at_start, at_end = len(active_on(data.members, start)), len(active_on(data.members, end))
    change = "more" if at_end > at_start else "fewer" if at_end < at_start else "the same"
    size = people_count(at_end)
    membership = Facts(
        (
            (
                "Members at the end",
                f"{size} ({change} {'as' if change == 'the same' else 'than'} at the start)"
                if at_start
                else size,
            ),
            ("Joined in the period", people_count(joined)),
            ("Left in the period", people_count(sum(c.times for c in leaving_cells))),
        )
    )
    reasons: list[Table | Paragraph] = [
        _reasons_table("Apologies: reasons given", apology_cells),
        _reasons_table("Leaving: reasons given", leaving_cells),
    ]
    # Trends' own hint quotes exact counts, so it is said here without them, and only
    # when the reason is shown on its own anyway.
    unsuitable = {REASON_LABELS[Reason.TIME_UNSUITABLE], REASON_LABELS[Reason.VENUE_UNSUITABLE]}
    shown = protect_reasons(apology_cells) + protect_reasons(leaving_cells)
    if (
        any(c.label in unsuitable for c in shown)
        and trends.reasons_breakdown(data, start, end).hint
    ):
        reasons.append(Paragraph(UNSUITABLE_HINT))

    return Report(
        kind=ReportKind.SERVICE,
        title=f"{group.name}: summary for the pain service",
        lines=(
            f"{day_label(start)} to {day_label(end)}",
            f"Meets {group.rhythm.describe()}",
            "No names or contact details; small numbers are hidden (see the note at the end).",
        ),
        sections=(
            Section("Meetings and attendance", (Facts(tuple(meeting_facts)),)),
            Section("Membership", (membership,)),
            Section("Reasons", tuple(reasons)),
            Section("Topics covered", (_topics(data, start, end),)),
            Section("About this summary", (Paragraph(RULE_TEXT, small=True),)),
        ),
        footer=(f"Made on {day_label(today)} with the group's coordinator app.",),
        made_on=today,
        slug=f"service-summary-{start.isoformat()}-to-{end.isoformat()}",
    )
