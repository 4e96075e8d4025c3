"""The attendance summary for a period: what a coordinator hands to a clinician.

Meetings held, average attendance and its trend, the chart, the register grid, each
member's present / apologies / no word and rate, reasons given, the drift watch's
check-in list and the topics covered. The tallies per meeting come from
:mod:`coordinator.trends` and the check-in list from :mod:`coordinator.watch`, so the
report always agrees with the Trends screen and ``coordinator at-risk``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from coordinator import trends, watch
from coordinator.model import (
    MARK_SYMBOLS,
    MARK_WORDS,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    active_on,
)
from coordinator.reports.document import (
    Align,
    Chart,
    ChartPoint,
    Column,
    Facts,
    Paragraph,
    Report,
    ReportKind,
    Section,
    Table,
    about,
    day_label,
    percent,
)

ROLLING_WINDOW = 4
# A change in average attendance smaller than this many people is "about the same".
STEADY_WITHIN = 0.5
AWAY_MARK = "-"


class MemberTally(NamedTuple):
    """One member's marks over the period's held meetings they were due at."""

    member: Member
    present: int
    apologies: int
    absent: int
    unknown: int

    @property
    def due(self) -> int:
        return self.present + self.apologies + self.absent + self.unknown


def due_at(member: Member, meeting: Meeting) -> bool:
    """Was ``member`` expected at ``meeting``: on the roster that day and not away (the
    one rule, shared with the reasons breakdown: trends.expected_at)."""
    return trends.expected_at(member, meeting.day)


def member_tally(member: Member, meetings: Sequence[Meeting]) -> MemberTally:
    """Count ``member``'s marks over ``meetings``; a visit always counts, even when they
    were away or not yet expected."""
    counts: Counter[Mark | None] = Counter()
    for meeting in meetings:
        mark = meeting.mark_for(member.id)
        status = mark.status if mark else None
        if status is Mark.PRESENT or due_at(member, meeting):
            counts[status] += 1
    return MemberTally(
        member, counts[Mark.PRESENT], counts[Mark.APOLOGIES], counts[Mark.ABSENT], counts[None]
    )


def grid_cell(member: Member, meeting: Meeting) -> str:
    """The register mark: ● ◐ ○ · as recorded, ``-`` away, blank when not a member."""
    mark = meeting.mark_for(member.id)
    present = mark is not None and mark.status is Mark.PRESENT
    if not present and member.is_away(meeting.day) and active_on([member], meeting.day):
        return AWAY_MARK  # planned time away: not counted, whatever was recorded
    if mark is not None:
        return MARK_SYMBOLS[mark.status]
    if not active_on([member], meeting.day):
        return ""
    return MARK_SYMBOLS[None]


def people_in(data: GroupData, meetings: Sequence[Meeting]) -> list[Member]:
    """Members who belong on the period's register: due at, or marked at, any meeting."""
    return [
        member
        for member in data.members
        if any(
            meeting.mark_for(member.id) is not None or active_on([member], meeting.day)
            for meeting in meetings
        )
    ]


def average(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def trend_words(now: float | None, before: float | None) -> str:
    """This period's average attendance compared with the period before, in words."""
    if now is None:
        return "no meetings held in this period"
    if before is None:
        return "no meetings in the period before to compare with"
    if now - before >= STEADY_WITHIN:
        return f"rising: {now:.1f} a meeting, up from {before:.1f} in the period before"
    if before - now >= STEADY_WITHIN:
        return f"falling: {now:.1f} a meeting, down from {before:.1f} in the period before"
    return f"steady: {now:.1f} a meeting, {before:.1f} in the period before"


def _register(members: Sequence[Member], meetings: Sequence[Meeting]) -> Table:
    columns = [Column("Member", wrap=True)]
    columns.extend(Column(f"{m.day.day:02d}/{m.day.month:02d}", Align.CENTER) for m in meetings)
    rows = tuple(
        (member.name, *(grid_cell(member, meeting) for meeting in meetings)) for member in members
    )
    return Table(tuple(columns), rows, grid=True, empty="No held meetings in this period.")


def _per_member(tallies: Sequence[MemberTally]) -> Table:
    columns = (
        Column("Member", wrap=True),
        Column("Present", Align.RIGHT),
        Column("Apologies", Align.RIGHT),
        Column("No word", Align.RIGHT),
        Column("Unknown", Align.RIGHT),
        Column("Rate", Align.RIGHT),
    )
    rows = []
    for t in tallies:
        name = t.member.name
        if t.member.status is not MemberStatus.ACTIVE:
            name += f" ({t.member.status.value})"
        rate = f"{t.present}/{t.due} {percent(t.present, t.due)}" if t.due else "-"
        counts = (t.present, t.apologies, t.absent, t.unknown)
        rows.append((name, *(str(c) for c in counts), rate))
    return Table(columns, tuple(rows), empty="No members were due at these meetings.")


def _reasons(data: GroupData, start: date, end: date) -> list[Paragraph | Table]:
    breakdown = trends.reasons_breakdown(data, start, end)
    blocks: list[Paragraph | Table] = []
    for title, counts in (
        ("Apologies: reasons given", breakdown.apologies),
        ("Left the group: reasons", breakdown.leaving),
    ):
        rows = tuple((trends.reason_label(reason), str(count)) for reason, count in counts)
        columns = (Column("Reason", wrap=True), Column("Times", Align.RIGHT))
        blocks.append(Table(columns, rows, title=title, empty="None in this period."))
    if breakdown.hint:
        blocks.append(Paragraph(breakdown.hint))
    return blocks


def _check_ins(flags: Sequence[watch.DriftFlag]) -> Table:
    rows = tuple(
        (
            flag.name,
            watch.LEVEL_WORDS[flag.level],
            "; ".join(flag.reasons),
            short_day(flag.last_attended) if flag.last_attended else "not yet",
            short_day(flag.last_contact) if flag.last_contact else "none logged",
        )
        for flag in flags
    )
    # The reasons are what the coordinator reads here: the dates stay on one line and
    # the reasons get the room (at 80 columns a reason took up to 9 lines at 13 wide).
    columns = (
        Column("Member", wrap=True),
        Column("Level"),
        Column("Why", wrap=True, min_width=20),
        Column("Last came"),
        Column("Last contact"),
    )
    return Table(columns, rows, empty="Nobody: no one's pattern suggests a check-in.")


def short_day(day: date) -> str:
    """A date in a narrow column: "20 Oct 2026"."""
    return f"{day.day} {day:%b %Y}"


def _topics(data: GroupData, start: date, end: date, held: int) -> Table:
    totals = trends.topic_totals(trends.topics_over_time(data, start, end))
    rows = tuple((topic, str(count), percent(count, held)) for topic, count in totals)
    columns = (
        Column("Topic", wrap=True),
        Column("Meetings", Align.RIGHT),
        Column("Share", Align.RIGHT),
    )
    return Table(columns, rows, empty="No topics were recorded for these meetings.")


def _places_filled(data: GroupData, meeting: Meeting) -> int:
    due = {m.id for m in active_on(data.members, meeting.day)}
    return sum(
        1
        for member_id, mark in meeting.attendance.items()
        if mark.status is Mark.PRESENT and member_id in due
    )


def build_summary(
    data: GroupData,
    start: date,
    end: date,
    today: date,
    settings: Mapping[str, Any] | None = None,
) -> Report:
    """The attendance summary for ``start``..``end`` (inclusive), made on ``today``."""
    assert data.group is not None
    group = data.group
    meetings = [m for m in data.held_meetings(end) if m.day >= start]
    cancelled = sum(
        1 for m in data.meetings if m.status is MeetingStatus.CANCELLED and start <= m.day <= end
    )
    # The period's meetings and as many before them (to compare with), no more.
    tallies = trends.attendance_by_meeting(
        data, until=end, window=ROLLING_WINDOW, last=2 * len(meetings)
    )
    in_period = [t for t in tallies if t.day >= start]
    before = [t for t in tallies if t.day < start][-len(in_period) or len(tallies) :]
    if not in_period:
        before = []
    now_avg = average([t.present for t in in_period])
    before_avg = average([t.present for t in before])
    expected_avg = average([t.expected for t in in_period])
    # Places filled: present marks of members on the roster that day, over the places;
    # a mark made before someone joined (or after they left) fills no place, so the
    # share never passes 100%.
    present_total = sum(_places_filled(data, meeting) for meeting in meetings)
    expected_total = sum(t.expected for t in in_period)
    members = people_in(data, meetings)
    on_roster = [m for m in active_on(data.members, end)]

    held = str(len(meetings)) + (f" ({cancelled} cancelled)" if cancelled else "")
    facts: list[tuple[str, str]] = [("Meetings held", held)]
    if now_avg is not None and expected_avg is not None:
        facts.append(
            (
                "Average attendance",
                f"{now_avg:.1f} members a meeting, of {about(expected_avg)} on the roster "
                f"({percent(present_total, expected_total)} of places filled)",
            )
        )
    facts.append(("Trend", trend_words(now_avg, before_avg)))
    facts.append(("Guests", str(sum(t.guests for t in in_period))))
    facts.append(("Members on the roster", f"{len(on_roster)} active on {day_label(end)}"))

    chart = Chart(
        "Attendance at each meeting",
        tuple(ChartPoint(t.day, t.present, t.expected, t.rolling_mean) for t in in_period),
        window=ROLLING_WINDOW,
    )
    legend = "; ".join(
        [
            *(
                f"{MARK_SYMBOLS[mark]} {MARK_WORDS[mark]}"
                for mark in (Mark.PRESENT, Mark.APOLOGIES, Mark.ABSENT, None)
            ),
            f"{AWAY_MARK} away (planned)",
            "blank: not a member then",
        ]
    )

    flags = watch.check_ins(data, min(end, today), watch.WatchSettings.from_settings(settings))
    sections = (
        Section("At a glance", (Facts(tuple(facts)), chart)),
        Section("Register", (_register(members, meetings), Paragraph(legend, small=True))),
        Section(
            "Each member",
            (
                _per_member([member_tally(m, meetings) for m in members]),
                Paragraph(
                    "Rate: meetings come to, of those the member was due at (planned time "
                    "away is not counted). Unknown: no mark recorded.",
                    small=True,
                ),
            ),
        ),
        Section("Reasons given", tuple(_reasons(data, start, end))),
        Section(
            "Check-ins suggested (drift watch)",
            (
                _check_ins(flags),
                Paragraph(
                    "A suggestion is a prompt for a kind check-in, never a verdict.", small=True
                ),
            ),
        ),
        Section("Topics covered", (_topics(data, start, end, len(meetings)),)),
    )
    support = group.support_line
    footer = [f"Made on {day_label(today)} by {group.coordinator.name or 'the coordinator'}."]
    if support.phone.strip():
        footer.append(f"{support.label}: {support.phone} {support.note}".strip())
    footer.append(
        "Holds names and attendance: keep it private and share only within the group "
        "or with the pain service team."
    )
    return Report(
        kind=ReportKind.SUMMARY,
        title=f"{group.name}: attendance summary",
        lines=(
            f"{day_label(start)} to {day_label(end)}",
            f"Meets {group.rhythm.describe()}",
        ),
        sections=sections,
        footer=tuple(footer),
        made_on=today,
        slug=f"summary-{start.isoformat()}-to-{end.isoformat()}",
    )
