"""Records are built, frozen, compared and shown as ``@dataclass(frozen=True)`` would do,
without the code it generates (coordinator.model.frozen; docs/performance.md)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from coordinator.model import (
    AttendanceMark,
    Mark,
    Meeting,
    MeetingStatus,
    Reason,
    ValidationError,
)
from coordinator.model.frozen import FrozenRecord, frozen_record

LONDON = ZoneInfo("Europe/London")


# The reference: what the generated code does, for a record with the same fields as a mark.
@dataclasses.dataclass(frozen=True)
class _GeneratedMark:
    status: Mark
    reason: Reason | None = None
    note: str = ""
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)


_FIELDS = ("status", "reason", "note", "extra")


def _build(cls: type[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        return cls(*args, **kwargs)
    except TypeError:
        return TypeError


@given(
    n_args=st.integers(0, 5),
    named=st.lists(st.sampled_from([*_FIELDS, "colour"]), unique=True, max_size=5),
)
def test_records_take_arguments_as_a_generated_dataclass_does(
    n_args: int, named: list[str]
) -> None:
    values: dict[str, Any] = {
        "status": Mark.PRESENT,
        "reason": Reason.WORK,
        "note": "late",
        "extra": {"x": 1},
        "colour": "red",
    }
    args = tuple(values[name] for name in _FIELDS[:n_args])
    if n_args == 5:
        args = (*args, "one too many")
    kwargs = {name: values[name] for name in named}
    ours = _build(AttendanceMark, args, dict(kwargs))
    theirs = _build(_GeneratedMark, args, dict(kwargs))
    if theirs is TypeError:
        assert ours is TypeError
    else:
        assert ours is not TypeError
        assert [getattr(ours, f) for f in _FIELDS] == [getattr(theirs, f) for f in _FIELDS]


def test_records_are_frozen_dataclasses_with_fresh_defaults() -> None:
    first, second = AttendanceMark(Mark.PRESENT), AttendanceMark(Mark.PRESENT)
    assert first.extra == {} and first.extra is not second.extra
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.note = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del first.note
    assert dataclasses.is_dataclass(first)
    assert [f.name for f in dataclasses.fields(first)] == list(_FIELDS)
    assert dataclasses.asdict(first) == {
        "status": Mark.PRESENT,
        "reason": None,
        "note": "",
        "extra": {},
    }
    with pytest.raises(TypeError, match="missing id, starts_at"):
        Meeting()  # type: ignore[call-arg]


def test_replace_checks_the_changed_record_again() -> None:
    mark = AttendanceMark(Mark.APOLOGIES)
    assert dataclasses.replace(mark, reason=Reason.WORK).reason is Reason.WORK
    assert dataclasses.replace(mark, status="present").status is Mark.PRESENT  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Attendance"):
        dataclasses.replace(mark, status="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Attendance note"):
        dataclasses.replace(mark, note=3)  # type: ignore[arg-type]


def test_records_survive_copying_and_pickling() -> None:
    meeting = Meeting(
        "g1",
        datetime(2025, 3, 4, 14, tzinfo=LONDON),
        status=MeetingStatus.HELD,
        attendance={"m1": AttendanceMark(Mark.PRESENT)},
    )
    for copied in (
        copy.copy(meeting),
        copy.deepcopy(meeting),
        pickle.loads(pickle.dumps(meeting)),
    ):
        assert copied == meeting
        with pytest.raises(dataclasses.FrozenInstanceError):
            copied.notes = "x"  # type: ignore[misc]


def test_field_options_the_records_do_not_honour_are_refused() -> None:
    with pytest.raises(TypeError, match="field options"):

        @frozen_record
        class Hidden(FrozenRecord):
            shown: str = ""
            hidden: str = dataclasses.field(default="", compare=False)

    with pytest.raises(TypeError, match="must derive from FrozenRecord"):

        @frozen_record
        class Plain:  # type: ignore[type-var]
            name: str = ""
