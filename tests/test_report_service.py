"""The summary for the pain service: nobody identifiable, no small numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings, strategies as st

from coordinator.model import (
    AttendanceMark,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    Reason,
    active_on,
)
from coordinator.reports import (
    Facts,
    Report,
    ReportFormat,
    ReportKind,
    ReportRequest,
    Table,
    build_report,
    render_report,
)
from coordinator.reports.pain_service import (
    RULE_TEXT,
    SMALLEST_SHOWN,
    ReasonCell,
    build_service_summary,
    people_count,
    protect_reasons,
)
from coordinator.trends import reason_label
from tests.report_fixtures import TODAY, facts_in, small_group

ZONE = ZoneInfo("Europe/London")
START, END = date(2026, 6, 2), date(2026, 11, 23)


def cell(label: str, times: int, people: int) -> ReasonCell:
    # Each reason's members are different people from every other reason's.
    return ReasonCell(label, times, frozenset(f"{label}-{i}" for i in range(people)))


def test_people_counts_under_five_are_hidden() -> None:
    assert people_count(0) == "none"
    assert [people_count(n) for n in range(1, 5)] == ["fewer than 5"] * 4
    assert people_count(5) == "5"
    assert people_count(12) == "12"


def test_reasons_that_pass_the_rule_are_shown_as_they_are() -> None:
    shown = protect_reasons([cell("work", 6, 5), cell("transport", 5, 5)])
    assert [(c.label, c.times) for c in shown] == [("work", 6), ("transport", 5)]


def test_small_reasons_are_merged_into_other() -> None:
    cells = [cell("work", 9, 5), cell("family", 3, 3), cell("transport", 2, 2)]
    assert [(c.label, c.times) for c in protect_reasons(cells)] == [
        ("work", 9),
        ("other reasons", 5),
    ]


def test_a_reason_from_one_member_is_never_shown_however_often() -> None:
    # Twelve apologies all from one person point straight at them.
    cells = [cell("flare-up", 12, 1), cell("work", 6, 5), cell("family", 5, 5)]
    shown = protect_reasons(cells)
    assert "flare-up" not in [c.label for c in shown]
    assert sum(c.times for c in shown) == 23


def test_when_other_is_too_small_the_smallest_shown_reason_joins_it() -> None:
    cells = [cell("work", 9, 5), cell("family", 6, 5), cell("transport", 2, 1)]
    assert [(c.label, c.times) for c in protect_reasons(cells)] == [
        ("work", 9),
        ("other reasons", 8),
    ]


def test_when_nothing_passes_nothing_is_shown() -> None:
    assert protect_reasons([cell("work", 4, 4)]) == []
    assert protect_reasons([cell("work", 9, 2)]) == []
    # Many times from four members is still four people.
    assert protect_reasons([cell("work", 12, 4)]) == []
    assert protect_reasons([]) == []


@given(
    st.lists(
        st.tuples(st.integers(0, 15), st.integers(1, 6)),
        max_size=8,
    )
)
def test_protected_reasons_always_pass_the_rule_and_add_up(pairs: list[tuple[int, int]]) -> None:
    cells = [
        cell(f"r{i}", times, min(people, times) or 1) for i, (times, people) in enumerate(pairs)
    ]
    shown = protect_reasons(cells)
    assert all(c.shareable for c in shown)
    if shown:
        # Nothing is dropped, so no hidden count can be worked out by subtraction.
        assert sum(c.times for c in shown) == sum(c.times for c in cells)


def test_the_fixed_group_summary() -> None:
    report = build_service_summary(small_group(), START, END, TODAY)
    text = render_report(report, ReportFormat.TEXT)
    facts = facts_in(report.sections[0].blocks[0])
    assert facts["Meetings held"] == "12"
    assert facts["Meetings cancelled"] == "1"
    membership = facts_in(report.sections[1].blocks[0])
    assert membership["Left in the period"] == "fewer than 5"
    assert membership["Members at the end"] == "6 (the same as at the start)"
    # Jean's six flare-up apologies come from her alone: not shown on their own.
    assert "flare-up / ill health" not in text
    assert "Nell's birthday" not in text and "other topics" in text
    assert RULE_TEXT.split(":")[0] in text
    for member in small_group().members:
        assert member.name not in text


# --- random rosters -----------------------------------------------------------------

_first = st.from_regex(r"[A-Z][a-z]{3,8}", fullmatch=True)
_phone = st.from_regex(r"07[0-9]{3} [0-9]{6}", fullmatch=True)
_mark = st.one_of(
    st.none(),
    st.just(AttendanceMark(Mark.PRESENT)),
    st.just(AttendanceMark(Mark.ABSENT)),
    st.builds(AttendanceMark, st.just(Mark.APOLOGIES), st.sampled_from(list(Reason))),
)


@st.composite
def rosters(
    draw: st.DrawFn, people: tuple[int, int] = (1, 12), held: tuple[int, int] = (0, 14)
) -> GroupData:
    """A random group; its meetings are fortnightly from four weeks before the period,
    so the trend has a period before to compare with."""
    count = draw(st.integers(*people))
    members = []
    for index in range(count):
        first, last = draw(_first), draw(_first)
        left = draw(st.booleans()) and draw(st.booleans())
        members.append(
            Member(
                id=f"m{index}",
                name=f"{first} {last}",
                known_as=draw(st.sampled_from(["", first, f"{first[:2]}z"])),
                phone=draw(st.one_of(st.just(""), _phone)),
                email=draw(st.sampled_from(["", f"{first.lower()}.{last.lower()}@example.org"])),
                joined_on=START - timedelta(days=draw(st.integers(-90, 200))),
                status=MemberStatus.LEFT if left else MemberStatus.ACTIVE,
                status_since=START + timedelta(days=draw(st.integers(0, 170))) if left else None,
                status_reason=draw(st.sampled_from(list(Reason))) if left else None,
            )
        )
    meetings = []
    first_day = START - timedelta(days=27) if held[0] == 0 else START + timedelta(days=1)
    for number in range(draw(st.integers(*held))):
        day = first_day + timedelta(days=14 * number)
        marks = {m.id: mark for m in members if (mark := draw(_mark)) is not None}
        topics = draw(
            st.lists(st.sampled_from(["pacing", "catch-up", members[0].name]), max_size=2)
        )
        meetings.append(
            Meeting(
                id=f"g{number}",
                starts_at=datetime.combine(day, time(14), ZONE),
                status=MeetingStatus.HELD,
                topics=tuple(dict.fromkeys(topics)),
                guests=draw(st.integers(0, 3)),
                attendance=marks,
                notes=f"{members[-1].name} brought cake",
            )
        )
    return GroupData(Group(name="Test Group"), members=tuple(members), meetings=tuple(meetings))


def anonymised(data: GroupData) -> GroupData:
    """The same group with every name, phone and email replaced."""
    members = tuple(
        replace(m, name=f"Person {i}", known_as="", phone="", email="")
        for i, m in enumerate(data.members)
    )
    return replace(data, members=members)


def renderings(report: Report) -> list[str]:
    return [render_report(report, fmt, 80) for fmt in ReportFormat]


# Tiny groups are where small numbers hide: 1 to 6 members, 1 to 3 meetings.
tiny_rosters = rosters(people=(1, 6), held=(1, 3))
any_roster = st.one_of(rosters(), tiny_rosters)
_checks = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_checks
@given(any_roster)
def test_never_names_or_contacts_anyone(data: GroupData) -> None:
    request = ReportRequest(ReportKind.SERVICE, START, END)
    report = build_report(data, request, TODAY)
    outputs = renderings(report)
    # The report does not depend on who people are at all...
    assert outputs == renderings(build_report(anonymised(data), request, TODAY))
    # ...and so none of their names, phones or emails (or a free topic naming one) show.
    for member in data.members:
        for private in (member.name, member.phone, member.email, member.known_as):
            if len(private) >= 4:
                for output in outputs:
                    assert private not in output
    for output in outputs:
        assert "@example.org" not in output
        assert "brought cake" not in output
        assert not re.search(r"07[0-9]{3} [0-9]{6}", output)


def people_behind(data: GroupData, meetings: list[Meeting]) -> dict[str, set[str]]:
    """Worked out here, apart from the code under test: which members are behind each
    attendance figure over ``meetings``."""
    behind: dict[str, set[str]] = {
        k: set() for k in ("expected", "came", "not came", "apologies", "no word")
    }
    for meeting in meetings:
        due = {m.id for m in active_on(data.members, meeting.day)}
        came = {i for i, mark in meeting.attendance.items() if mark.status is Mark.PRESENT}
        behind["expected"] |= due
        behind["came"] |= came
        behind["not came"] |= due - came
        for i, mark in meeting.attendance.items():
            if mark.status is Mark.APOLOGIES:
                behind["apologies"].add(i)
            elif mark.status is Mark.ABSENT:
                behind["no word"].add(i)
    return behind


def safe(people: set[str]) -> bool:
    """No one, or enough people that a figure resting on them points at nobody."""
    return not people or len(people) >= SMALLEST_SHOWN


def _reasons_behind(data: GroupData) -> dict[str, dict[str, set[str]]]:
    apologies: dict[str, set[str]] = {}
    for meeting in data.held_meetings(END):
        if meeting.day >= START:
            for i, mark in meeting.attendance.items():
                if mark.status is Mark.APOLOGIES:
                    apologies.setdefault(reason_label(mark.reason), set()).add(i)
    leaving: dict[str, set[str]] = {}
    for member in data.members:
        since = member.status_since
        if member.status is MemberStatus.LEFT and since is not None and START <= since <= END:
            leaving.setdefault(reason_label(member.status_reason), set()).add(member.id)
    return {"Apologies: reasons given": apologies, "Leaving: reasons given": leaving}


@_checks
@given(any_roster)
def test_no_shown_number_rests_on_fewer_than_five_people(data: GroupData) -> None:
    report = build_service_summary(data, START, END, TODAY)
    held = [m for m in data.held_meetings(END) if m.day >= START]
    earlier = [m for m in data.held_meetings(END) if m.day < START]
    now = people_behind(data, held)
    before = people_behind(data, earlier[-len(held) :] if held else [])
    attendance_allowed = (
        len(now["expected"]) >= SMALLEST_SHOWN and safe(now["came"]) and safe(now["not came"])
    )

    facts = facts_in(report.sections[0].blocks[0])
    shown_figures = {"Average attendance", "Places filled", "Missed places"} & set(facts)
    if shown_figures:
        assert attendance_allowed
    elif held:
        assert facts["Attendance"].startswith("not shown: fewer than 5 ")
    if "Missed places" in facts:
        assert safe(now["apologies"]) and safe(now["no word"])
    if re.search(r"\d", facts.get("Trend", "").replace("fewer than 5", "")):
        assert attendance_allowed
        assert len(before["expected"]) >= SMALLEST_SHOWN
        assert safe(before["came"]) and safe(before["not came"])
    guests = facts["Guest visits"]
    assert guests in ("none", "fewer than 5") or int(guests) >= SMALLEST_SHOWN

    membership = report.sections[1].blocks[0]
    assert isinstance(membership, Facts)
    for _, shown in membership.items:
        value = shown.split(" (")[0]
        assert value in ("none", f"fewer than {SMALLEST_SHOWN}") or int(value) >= SMALLEST_SHOWN

    # Each reason listed rests on at least five members; merged rows on the members of
    # every reason not listed on its own.
    behind = _reasons_behind(data)
    for block in report.sections[2].blocks:
        if isinstance(block, Table):
            by_label = behind[block.title]
            listed = {row[0] for row in block.rows}
            for label, times, _ in block.rows:
                if label in ("other reasons", "all reasons together"):
                    people = set().union(*(v for k, v in by_label.items() if k not in listed))
                else:
                    people = by_label[label]
                assert len(people) >= SMALLEST_SHOWN
                assert int(times) >= SMALLEST_SHOWN

    # Per-meeting head-counts never appear: only whole-period figures.
    text = render_report(report, ReportFormat.TEXT)
    assert not re.search(r"\b\d+/\d+\b", text)


@_checks
@given(tiny_rosters)
def test_a_group_under_five_shows_no_figure_about_people(data: GroupData) -> None:
    # With fewer than five members ever, every number shown about members would rest on
    # fewer than five of them: only meeting counts, guest visits, topics and dates may
    # appear.
    if len(data.members) >= SMALLEST_SHOWN:
        return
    report = build_service_summary(data, START, END, TODAY)
    # Guest visits are not about members (and follow the count rule, checked above).
    about_meetings = {"Meetings held", "Meetings cancelled", "Guest visits"}
    for section in report.sections[:2]:
        for block in section.blocks:
            assert isinstance(block, Facts)
            for label, shown in block.items:
                if label not in about_meetings:
                    assert not re.search(r"\d", shown.replace("fewer than 5", "")), label
    for block in report.sections[2].blocks:
        if isinstance(block, Table):
            assert not block.rows


def test_one_meeting_two_members_gives_nothing_away() -> None:
    # The newcomer's case: one meeting, one of the two members came.
    members = (Member(id="a", name="Ann Lee"), Member(id="b", name="Bob Ray"))
    meeting = Meeting(
        id="g1",
        starts_at=datetime.combine(date(2026, 11, 10), time(14), ZONE),
        status=MeetingStatus.HELD,
        attendance={"a": AttendanceMark(Mark.PRESENT), "b": AttendanceMark(Mark.ABSENT)},
    )
    data = GroupData(Group(name="Two"), members=members, meetings=(meeting,))
    text = render_report(build_service_summary(data, START, END, TODAY), ReportFormat.TEXT)
    assert "1.0" not in text and "50%" not in text
    assert "Average attendance:" not in text and "Places filled:" not in text
    assert "Attendance:         not shown: fewer than 5 members were expected" in text


def test_one_meeting_with_one_member_missing_hides_the_share() -> None:
    # Six on the roster and five came: "83%" would say exactly one stayed away.
    members = tuple(Member(id=f"m{i}", name=f"Member {i}") for i in range(6))
    marks = {f"m{i}": AttendanceMark(Mark.PRESENT) for i in range(5)}
    meeting = Meeting(
        id="g1",
        starts_at=datetime.combine(date(2026, 11, 10), time(14), ZONE),
        status=MeetingStatus.HELD,
        attendance={**marks, "m5": AttendanceMark(Mark.ABSENT)},
    )
    data = GroupData(Group(name="Six"), members=members, meetings=(meeting,))
    facts = facts_in(build_service_summary(data, START, END, TODAY).sections[0].blocks[0])
    assert "Places filled" not in facts
    assert facts["Attendance"].startswith("not shown: fewer than 5 different members missed")
    # With all six there, nobody is left out and the figures may show.
    everyone = replace(
        meeting, attendance={f"m{i}": AttendanceMark(Mark.PRESENT) for i in range(6)}
    )
    data = replace(data, meetings=(everyone,))
    facts = facts_in(build_service_summary(data, START, END, TODAY).sections[0].blocks[0])
    assert facts["Average attendance"] == "6.0 members a meeting"
    assert facts["Places filled"] == "100% of members on the roster"
