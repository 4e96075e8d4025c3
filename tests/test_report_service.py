"""The summary for the pain service: nobody identifiable, no small numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import TODAY, small_group

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
)
from coordinator.report import (
    Facts,
    Report,
    ReportFormat,
    ReportKind,
    ReportRequest,
    Table,
    build_report,
    render_report,
)
from coordinator.report_service import (
    RULE_TEXT,
    SMALLEST_SHOWN,
    ReasonCell,
    build_service_summary,
    people_count,
    protect_reasons,
)

ZONE = ZoneInfo("Europe/London")
START, END = date(2026, 6, 2), date(2026, 11, 23)


def cell(label: str, times: int, people: int) -> ReasonCell:
    return ReasonCell(label, times, frozenset(f"m{i}" for i in range(people)))


def test_people_counts_under_five_are_hidden() -> None:
    assert people_count(0) == "none"
    assert [people_count(n) for n in range(1, 5)] == ["fewer than 5"] * 4
    assert people_count(5) == "5"
    assert people_count(12) == "12"


def test_reasons_that_pass_the_rule_are_shown_as_they_are() -> None:
    shown = protect_reasons([cell("work", 6, 3), cell("transport", 5, 4)])
    assert [(c.label, c.times) for c in shown] == [("work", 6), ("transport", 5)]


def test_small_reasons_are_merged_into_other() -> None:
    cells = [cell("work", 9, 4), cell("family", 3, 3), cell("transport", 2, 2)]
    assert [(c.label, c.times) for c in protect_reasons(cells)] == [
        ("work", 9),
        ("other reasons", 5),
    ]


def test_a_reason_from_one_member_is_never_shown_however_often() -> None:
    # Twelve apologies all from one person point straight at them.
    cells = [cell("flare-up", 12, 1), cell("work", 6, 3), cell("family", 5, 3)]
    shown = protect_reasons(cells)
    assert "flare-up" not in [c.label for c in shown]
    assert sum(c.times for c in shown) == 23


def test_when_other_is_too_small_the_smallest_shown_reason_joins_it() -> None:
    cells = [cell("work", 9, 4), cell("family", 6, 3), cell("transport", 2, 1)]
    assert [(c.label, c.times) for c in protect_reasons(cells)] == [
        ("work", 9),
        ("other reasons", 8),
    ]


def test_when_nothing_passes_nothing_is_shown() -> None:
    assert protect_reasons([cell("work", 4, 4)]) == []
    assert protect_reasons([cell("work", 9, 2)]) == []
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
    facts = dict(report.sections[0].blocks[0].items)  # type: ignore[union-attr]
    assert facts["Meetings held"] == "12"
    assert facts["Meetings cancelled"] == "1"
    membership = dict(report.sections[1].blocks[0].items)  # type: ignore[union-attr]
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
def rosters(draw: st.DrawFn) -> GroupData:
    count = draw(st.integers(1, 12))
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
    for number in range(draw(st.integers(0, 14))):
        day = START + timedelta(days=14 * number + 1)
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_no_count_small_enough_to_point_at_someone(data: GroupData) -> None:
    report = build_service_summary(data, START, END, TODAY)
    membership = report.sections[1].blocks[0]
    assert isinstance(membership, Facts)
    for _, shown in membership.items:
        value = shown.split(" (")[0]
        assert value in ("none", f"fewer than {SMALLEST_SHOWN}") or int(value) >= SMALLEST_SHOWN
    facts = dict(report.sections[0].blocks[0].items)  # type: ignore[union-attr]
    guests = facts["Guest visits"]
    assert guests in ("none", f"fewer than {SMALLEST_SHOWN}") or int(guests) >= SMALLEST_SHOWN
    for block in report.sections[2].blocks:
        if isinstance(block, Table):
            for row in block.rows:
                assert int(row[1]) >= SMALLEST_SHOWN
    # Per-meeting head-counts never appear: only whole-period averages.
    text = render_report(report, ReportFormat.TEXT)
    assert not re.search(r"\b\d+/\d+\b", text)
