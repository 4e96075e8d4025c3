"""The group's details as a form: used by first-run setup and by Settings.

The form reads what is typed into a :class:`~coordinator.model.Group`, or raises the
model's :class:`~coordinator.model.ValidationError` naming the field; the screen then
shows the message and moves the cursor there. Nothing here saves: screens do that
through the app.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from coordinator.model import (
    CoordinatorContact,
    Group,
    Rhythm,
    RhythmUnit,
    SupportLine,
    ValidationError,
    Venue,
    Weekday,
    check_text,
    check_timezone,
    parse_int,
    parse_time,
)
from coordinator.text import visible

FALLBACK_ZONE = "Europe/London"
_UNSET_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"})
_NTH_CHOICES: list[tuple[str, int]] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("last", -1),
]

# The model's name for each field (as in its error messages) -> the widget holding it.
FIELDS: dict[str, str] = {
    "Group name": "group-name",
    "Timezone": "group-timezone",
    "Every how many": "rhythm-every",
    "Rhythm unit": "rhythm-unit",
    "Weekday": "rhythm-weekday",
    "Which weekday of the month": "rhythm-nth",
    "Usual time": "rhythm-time",
    "Length (minutes)": "rhythm-length",
    "Venue name": "venue-name",
    "Address": "venue-address",
    "Coordinator's name": "coordinator-name",
    "Coordinator's phone": "coordinator-phone",
    "Coordinator's email": "coordinator-email",
    "Support line name": "support-label",
    "Support line phone": "support-phone",
    "Support line note": "support-note",
}


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    # Read once, only when a typed zone is not found: it scans the zone database.
    return tuple(sorted(available_timezones()))


def zone_suggestions(typed: str, limit: int = 3) -> list[str]:
    """Zone names close to ``typed``: "London" or "new york" finds the zone whose last
    part is that city first, then names that are spelt nearly the same."""
    wanted = typed.strip().lower().replace(" ", "_")
    if not wanted:
        return []
    names = _zone_names()
    found = [n for n in names if n.lower().rsplit("/", 1)[-1] == wanted]
    by_city = {n.lower().rsplit("/", 1)[-1]: n for n in names}
    for city in difflib.get_close_matches(wanted, list(by_city), n=limit, cutoff=0.75):
        found.append(by_city[city])
    by_name = {n.lower(): n for n in names}
    for name in difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=0.75):
        found.append(by_name[name])
    unique: list[str] = []
    for name in found:
        if name not in unique:
            unique.append(name)
    return unique[:limit]


def read_timezone(typed: str) -> str:
    """A zone name as typed: exact, or the same name in other capitals ("europe/london");
    otherwise :class:`ValidationError` suggesting close names ("did you mean
    Europe/London?")."""
    value = typed.strip()
    if not value:
        return check_timezone(value)
    try:
        return check_timezone(value)
    except ValidationError:
        pass
    for name in _zone_names():
        if name.lower() == value.lower():
            return name
    close = zone_suggestions(value)
    if close:
        hint = "did you mean " + " or ".join(close) + "?"
    else:
        hint = "type a name like Europe/London or America/New_York"
    raise ValidationError("Timezone", f"{visible(value)!r} is not a known timezone; {hint}")


def system_zone_name() -> str:
    """The computer's timezone name (``TZ``, else /etc/localtime), else Europe/London."""
    candidates: list[str] = []
    if tz := os.environ.get("TZ", "").lstrip(":"):
        candidates.append(tz)
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        # A laptop clock on UTC usually means "never set", not a group that meets in UTC.
        if name in _UNSET_ZONES:
            continue
        try:
            return check_timezone(name)
        except ValidationError:
            continue
    return FALLBACK_ZONE


@dataclass(frozen=True)
class GroupFormResult:
    """What the form holds: the group, and at first run the usual venue (if typed)."""

    group: Group
    venue: Venue | None


def row(label: str, widget: Widget, hint: str = "") -> Horizontal:
    """A labelled row; ``hint`` is said after the field in muted text."""
    parts: list[Widget] = [Label(label, classes="form-label"), widget]
    if hint:
        parts.append(Label(hint, classes="form-hint"))
    return Horizontal(*parts, classes="form-row")


def section(title: str) -> Static:
    """A heading inside a form."""
    return Static(Text(title, style="bold"), classes="form-section")


class GroupForm(Vertical):
    """The group's name, zone, rhythm, coordinator and support line (and, at first run,
    the usual venue)."""

    DEFAULT_CSS = """
    GroupForm {
        height: auto;
    }
    GroupForm Horizontal.form-row {
        height: auto;
    }
    GroupForm .form-label {
        width: 24;
        color: $text-muted;
    }
    GroupForm .form-hint {
        color: $text-muted;
        margin-left: 1;
    }
    GroupForm Horizontal.form-row > Input {
        width: 1fr;
    }
    GroupForm Horizontal.form-row > Select {
        width: 24;
    }
    GroupForm .form-section {
        margin-top: 1;
        color: $accent;
    }
    GroupForm .-invalid {
        text-style: reverse;
    }
    """

    def __init__(self, *, with_venue: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.with_venue = with_venue
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield row(
            "Group name",
            Input(id="group-name", compact=True, placeholder="for example: Tuesday Crew"),
        )
        yield row(
            "Timezone",
            Input(system_zone_name(), id="group-timezone", compact=True),
        )
        yield section("When you meet")
        yield row(
            "Every how many",
            Input("2", id="rhythm-every", compact=True, restrict=r"[0-9]*", max_length=2),
        )
        yield row(
            "Weeks or months",
            Select(
                [("weeks", RhythmUnit.WEEK), ("months", RhythmUnit.MONTH)],
                value=RhythmUnit.WEEK,
                allow_blank=False,
                id="rhythm-unit",
                compact=True,
            ),
        )
        yield row(
            "Weekday",
            Select(
                [(day.label, day) for day in Weekday],
                value=Weekday.TUE,
                allow_blank=False,
                id="rhythm-weekday",
                compact=True,
            ),
        )
        yield row(
            "Which one (monthly)",
            Select(_NTH_CHOICES, value=1, allow_blank=False, id="rhythm-nth", compact=True),
            "months only",
        )
        yield row("Usual time", Input("14:00", id="rhythm-time", compact=True))
        yield row(
            "Length (minutes)",
            Input("120", id="rhythm-length", compact=True, restrict=r"[0-9]*", max_length=3),
        )
        if self.with_venue:
            yield section("Usual venue (optional; more in Settings)")
            yield row("Venue name", Input(id="venue-name", compact=True))
            yield row("Address", Input(id="venue-address", compact=True))
        yield section("You, the coordinator")
        yield row("Coordinator's name", Input(id="coordinator-name", compact=True))
        yield row("Coordinator's phone", Input(id="coordinator-phone", compact=True))
        yield row("Coordinator's email", Input(id="coordinator-email", compact=True))
        yield section("Support line (always shown at the top)")
        yield row(
            "Support line name",
            Input(SupportLine().label, id="support-label", compact=True),
        )
        yield row("Support line phone", Input(id="support-phone", compact=True))
        yield row(
            "Support line note",
            Input(
                id="support-note",
                compact=True,
                placeholder="for example: Mon-Fri 9-5; out of hours 111",
            ),
        )

    # -- filling and reading ---------------------------------------------------------

    def _input(self, widget_id: str) -> Input:
        return self.query_one(f"#{widget_id}", Input)

    def _select(self, widget_id: str) -> Select[Any]:
        return self.query_one(f"#{widget_id}", Select)

    def _choice(self, widget_id: str) -> str:
        # Every select here has allow_blank=False, so it always holds a value.
        return str(self._select(widget_id).value)

    def _show(self, widget_id: str, value: str) -> None:
        """Put saved text in a field with control characters as visible symbols."""
        self._shown[widget_id] = value
        self._input(widget_id).value = visible(value)

    def _typed(self, widget_id: str) -> str:
        """What the field holds; a field left as shown keeps the saved text exactly
        (not rewritten with the symbols that stood in for control characters)."""
        typed = self._input(widget_id).value
        original = self._shown.get(widget_id)
        if original is not None and typed == visible(original):
            return original
        return typed

    def fill(self, group: Group) -> None:
        """Show ``group``'s saved details in the fields."""
        self._show("group-name", group.name)
        self._input("group-timezone").value = group.timezone
        rhythm = group.rhythm
        self._input("rhythm-every").value = str(rhythm.every)
        self._select("rhythm-unit").value = rhythm.unit
        self._select("rhythm-weekday").value = rhythm.weekday
        self._select("rhythm-nth").value = rhythm.nth if rhythm.nth is not None else 1
        self._input("rhythm-time").value = rhythm.time.strftime("%H:%M")
        self._input("rhythm-length").value = str(rhythm.duration_minutes)
        self._show("coordinator-name", group.coordinator.name)
        self._show("coordinator-phone", group.coordinator.phone)
        self._show("coordinator-email", group.coordinator.email)
        self._show("support-label", group.support_line.label)
        self._show("support-phone", group.support_line.phone)
        self._show("support-note", group.support_line.note)

    def read(self, saved: Group | None, new_venue_id: str) -> GroupFormResult:
        """The group as typed (keeping what the form does not show from ``saved``);
        raises :class:`ValidationError` naming the first field at fault."""
        name = check_text(self._typed("group-name").strip(), "Group name", required=True)
        timezone = read_timezone(self._input("group-timezone").value)
        unit = RhythmUnit(self._choice("rhythm-unit"))
        rhythm = Rhythm(
            every=parse_int(self._input("rhythm-every").value, "Every how many", 1, 12),
            unit=unit,
            weekday=Weekday(self._choice("rhythm-weekday")),
            nth=int(self._choice("rhythm-nth")) if unit is RhythmUnit.MONTH else None,
            time=parse_time(self._input("rhythm-time").value, "Usual time"),
            duration_minutes=parse_int(
                self._input("rhythm-length").value, "Length (minutes)", 15, 12 * 60
            ),
        )
        venue: Venue | None = None
        if self.with_venue:
            venue_name = self._input("venue-name").value.strip()
            address = self._input("venue-address").value.strip()
            if venue_name or address:
                venue = Venue(id=new_venue_id, name=venue_name, address=address)
        coordinator = CoordinatorContact(
            name=self._typed("coordinator-name").strip(),
            phone=self._typed("coordinator-phone").strip(),
            email=self._typed("coordinator-email").strip(),
            extra=saved.coordinator.extra if saved else {},
        )
        support = SupportLine(
            label=self._typed("support-label").strip(),
            phone=self._typed("support-phone").strip(),
            note=self._typed("support-note").strip(),
            extra=saved.support_line.extra if saved else {},
        )
        if saved is None:
            group = Group(
                name=name,
                timezone=timezone,
                rhythm=rhythm,
                coordinator=coordinator,
                support_line=support,
                default_venue_id=venue.id if venue else None,
            )
        else:
            group = replace(
                saved,
                name=name,
                timezone=timezone,
                rhythm=rhythm,
                coordinator=coordinator,
                support_line=support,
            )
        return GroupFormResult(group, venue)

    def show_error(self, error: ValidationError, message: Static) -> None:
        """Say what is wrong in ``message`` and put the cursor on that field."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        text = Text("⚠ ")
        text.append(visible(f"{error.field}: {error.problem}"))
        message.update(text)
        widget_id = FIELDS.get(error.field)
        if widget_id is not None and self.query(f"#{widget_id}"):
            target = self.query_one(f"#{widget_id}")
            target.add_class("-invalid")
            target.focus()
