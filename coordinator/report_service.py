"""The summary for the pain service: how the group is doing, with nobody identifiable.

It never holds a member's name, known-as, initials, phone, email, notes, the places the
group meets or free-text topics (which could name someone): it is built only from
counts, and the rule below keeps every count too large to point at one person.

The small-number rule (also printed at the end of the report):

- A count of people (members, joiners, leavers, guest visits) from 1 to 4 is shown as
  "fewer than 5"; 0 is "none".
- A reason (for apologies, or for leaving) is listed on its own only when it was given at
  least 5 times by at least 3 different members. Reasons below that are merged into
  "other reasons"; if that merged group is itself below the rule, the smallest listed
  reason is merged into it too, and so on. If even all reasons together are below the
  rule, the breakdown is left out and the report says so.
- Attendance is given only as averages and shares over the whole period, never per
  meeting, since a meeting's small head-count could be matched to a person.
- Topics are counted by meeting, and only the suggested topics are named; tags the
  coordinator typed are counted together as "other topics".
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
    MeetingStatus,
    MemberStatus,
    Reason,
    active_on,
)
from coordinator.report import (
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
from coordinator.report_summary import ROLLING_WINDOW, average, trend_words

# The smallest count we show as a number, and the fewest members a listed reason must
# come from.
SMALLEST_SHOWN = 5
FEWEST_PEOPLE = 3
UNSUITABLE_HINT = (
    "The time or venue not suiting is the most common reason. It is the one the group can "
    "fix, by asking members what day, time and place would suit them."
)

RULE_TEXT = (
    f"How small numbers are kept private: counts of people from 1 to {SMALLEST_SHOWN - 1} "
    f'are shown as "fewer than {SMALLEST_SHOWN}". A reason is listed on its own only when '
    f"given at least {SMALLEST_SHOWN} times by at least {FEWEST_PEOPLE} different members; "
    'smaller ones are merged into "other reasons" (with the smallest listed reason too, if '
    "needed), and left out when even all together are below that. Attendance is given as "
    "averages over the period, never per meeting. No names, initials, contact details, "
    "notes or places are included."
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
    """The name-free summary for the pain service for ``start``..``end``."""
    assert data.group is not None
    group = data.group
    held = [m for m in data.held_meetings(end) if m.day >= start]
    cancelled = sum(
        1 for m in data.meetings if m.status is MeetingStatus.CANCELLED and start <= m.day <= end
    )
    tallies = trends.attendance_by_meeting(data, until=end, window=ROLLING_WINDOW)
    in_period = [t for t in tallies if t.day >= start]
    before = [t for t in tallies if t.day < start][-len(in_period) :] if in_period else []
    now_avg = average([t.present for t in in_period])
    places = sum(t.expected for t in in_period)
    came = sum(t.present for t in in_period)
    apologised = sum(t.apologies for t in in_period)
    silent = sum(t.absent for t in in_period)
    missed = apologised + silent

    meeting_facts: list[tuple[str, str]] = [
        ("Meetings held", str(len(held))),
        ("Meetings cancelled", str(cancelled)),
    ]
    if now_avg is not None:
        meeting_facts.append(("Average attendance", f"{now_avg:.1f} members a meeting"))
        meeting_facts.append(("Places filled", f"{percent(came, places)} of members on the roster"))
    meeting_facts.append(("Trend", trend_words(now_avg, average([t.present for t in before]))))
    meeting_facts.append(("Guest visits", people_count(sum(t.guests for t in in_period))))
    if missed >= SMALLEST_SHOWN:
        meeting_facts.append(
            (
                "Missed places",
                f"{percent(apologised, missed)} with apologies, "
                f"{percent(silent, missed)} without word",
            )
        )

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
