"""The group's details as a form: used by first-run setup and by Settings.

:func:`read_group` makes a :class:`~coordinator.model.Group` of what is typed (no screen
needed, so hostile values are checked through it by the thousand), or raises the model's
:class:`~coordinator.model.ValidationError` naming the field; the screen then shows the
message and moves the cursor there, and the warning goes as soon as that field changes
(:class:`~coordinator.tui.field_warning.FieldWarning`). Nothing here saves: screens do
that through the app.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
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
from coordinator.model.quoting import quote
from coordinator.tui.field_warning import FieldWarning
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible

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
    raise ValidationError("Timezone", f"{quote(value)} is not a known timezone; {hint}")


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


# The one-line fields the form reads, by widget id (the venue's only at first run).
TEXT_FIELDS = (
    "group-name",
    "group-timezone",
    "rhythm-every",
    "rhythm-time",
    "rhythm-length",
    "coordinator-name",
    "coordinator-phone",
    "coordinator-email",
    "support-label",
    "support-phone",
    "support-note",
)
VENUE_FIELDS = ("venue-name", "venue-address")
# The choices, by widget id: a RhythmUnit, a Weekday, and which weekday of the month.
CHOICE_FIELDS = ("rhythm-unit", "rhythm-weekday", "rhythm-nth")


def read_group(
    typed: Mapping[str, object],
    saved: Group | None,
    *,
    with_venue: bool,
    new_venue_id: str,
) -> GroupFormResult:
    """The group as typed (keeping what the form does not show from ``saved``); raises
    :class:`ValidationError` naming the first field at fault.

    ``typed`` maps each widget id to what it holds: the text of each of
    :data:`TEXT_FIELDS` (and :data:`VENUE_FIELDS` when ``with_venue``), and the value
    chosen in each of :data:`CHOICE_FIELDS`. The same code as saving the form."""

    def text(widget_id: str) -> str:
        return str(typed[widget_id])

    name = check_text(text("group-name").strip(), "Group name", required=True)
    timezone = read_timezone(text("group-timezone"))
    unit = RhythmUnit(str(typed["rhythm-unit"]))
    rhythm = Rhythm(
        every=parse_int(text("rhythm-every"), "Every how many", 1, 12),
        unit=unit,
        weekday=Weekday(str(typed["rhythm-weekday"])),
        nth=int(str(typed["rhythm-nth"])) if unit is RhythmUnit.MONTH else None,
        time=parse_time(text("rhythm-time"), "Usual time"),
        duration_minutes=parse_int(text("rhythm-length"), "Length (minutes)", 15, 12 * 60),
    )
    venue: Venue | None = None
    if with_venue:
        venue_name = text("venue-name").strip()
        address = text("venue-address").strip()
        if venue_name or address:
            venue = Venue(id=new_venue_id, name=venue_name, address=address)
    coordinator = CoordinatorContact(
        name=text("coordinator-name").strip(),
        phone=text("coordinator-phone").strip(),
        email=text("coordinator-email").strip(),
        extra=saved.coordinator.extra if saved else {},
    )
    support = SupportLine(
        label=text("support-label").strip(),
        phone=text("support-phone").strip(),
        note=text("support-note").strip(),
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


def row(label: str, widget: Widget, hint: str = "") -> Horizontal:
    """A labelled row; ``hint`` is said after the field in muted text."""
    parts: list[Widget] = [Label(label, classes="form-label"), widget]
    if hint:
        parts.append(Label(hint, classes="form-hint"))
    return Horizontal(*parts, classes="form-row")


def section(title: str) -> Static:
    """A heading inside a form."""
    return Static(Text(title, style="bold"), classes="form-section")


def _saved_values(group: Group) -> dict[str, str]:
    """What each text field shows for ``group`` (user text with control characters made
    visible; see :meth:`GroupForm._typed`)."""
    rhythm = group.rhythm
    return {
        "group-name": group.name,
        "group-timezone": group.timezone,
        "rhythm-every": str(rhythm.every),
        "rhythm-time": rhythm.time.strftime("%H:%M"),
        "rhythm-length": str(rhythm.duration_minutes),
        "coordinator-name": group.coordinator.name,
        "coordinator-phone": group.coordinator.phone,
        "coordinator-email": group.coordinator.email,
        "support-label": group.support_line.label,
        "support-phone": group.support_line.phone,
        "support-note": group.support_line.note,
    }


# Fields whose saved text is the user's own (shown with control characters visible and
# kept exactly when left as shown); the others are typed values the form rewrites.
_USER_TEXT = frozenset(
    {
        "group-name",
        "coordinator-name",
        "coordinator-phone",
        "coordinator-email",
        "support-label",
        "support-phone",
        "support-note",
    }
)


class GroupForm(Container):
    """The group's name, zone, rhythm, coordinator and support line (and, at first run,
    the usual venue).

    One grid of labels and fields (no container per row): the form is built on every
    visit to Settings, and each widget fewer is less to style and lay out. ``extra``
    rows (label, field) go at the end of the same grid."""

    DEFAULT_CSS = """
    GroupForm {
        layout: grid;
        grid-size: 2;
        grid-columns: 24 1fr;
        grid-rows: auto;
        height: auto;
    }
    GroupForm > .form-label {
        color: $text-muted;
    }
    GroupForm .form-hint {
        color: $text-muted;
        margin-left: 1;
        width: auto;
    }
    GroupForm > Select, GroupForm > .form-field > Select {
        width: 24;
    }
    GroupForm > .form-field {
        height: auto;
    }
    GroupForm > .form-section {
        column-span: 2;
        height: 2;
        padding-top: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $accent;
    }
    GroupForm .-invalid {
        text-style: reverse;
    }
    """

    def __init__(
        self,
        *,
        with_venue: bool,
        id: str | None = None,
        group: Group | None = None,
        extra: Sequence[tuple[str, Widget]] = (),
    ) -> None:
        super().__init__(id=id)
        self.with_venue = with_venue
        self._group = group
        self._extra = tuple(extra)
        self._shown: dict[str, str] = {}
        self.warning = FieldWarning()

    def _text(self, widget_id: str, default: str = "", **options: Any) -> Input:
        """A text field showing the saved value (or ``default`` before setup)."""
        value = default
        if self._group is not None:
            saved = _saved_values(self._group)[widget_id]
            if widget_id in _USER_TEXT:
                self._shown[widget_id] = saved
                value = visible(saved)
            else:
                value = saved
        return TextField(value, id=widget_id, compact=True, **options)

    def compose(self) -> ComposeResult:
        rhythm = self._group.rhythm if self._group is not None else None

        def label(text: str) -> Label:
            return Label(text, classes="form-label")

        yield label("Group name")
        yield self._text("group-name", placeholder="for example: Tuesday Crew")
        yield label("Timezone")
        yield self._text("group-timezone", system_zone_name())
        yield section("When you meet")
        yield label("Every how many")
        yield self._text("rhythm-every", "2", restrict=r"[0-9]*", max_length=2)
        yield label("Weeks or months")
        yield Select(
            [("weeks", RhythmUnit.WEEK), ("months", RhythmUnit.MONTH)],
            value=rhythm.unit if rhythm else RhythmUnit.WEEK,
            allow_blank=False,
            id="rhythm-unit",
            compact=True,
        )
        yield label("Weekday")
        yield Select(
            [(day.label, day) for day in Weekday],
            value=rhythm.weekday if rhythm else Weekday.TUE,
            allow_blank=False,
            id="rhythm-weekday",
            compact=True,
        )
        yield label("Which one (monthly)")
        nth = rhythm.nth if rhythm is not None and rhythm.nth is not None else 1
        yield Horizontal(
            Select(_NTH_CHOICES, value=nth, allow_blank=False, id="rhythm-nth", compact=True),
            Label("months only", classes="form-hint"),
            classes="form-field",
        )
        yield label("Usual time")
        yield self._text("rhythm-time", "14:00")
        yield label("Length (minutes)")
        yield self._text("rhythm-length", "120", restrict=r"[0-9]*", max_length=3)
        if self.with_venue:
            yield section("Usual venue (optional; more in Settings)")
            yield label("Venue name")
            yield TextField(id="venue-name", compact=True)
            yield label("Address")
            yield TextField(id="venue-address", compact=True)
        yield section("You, the coordinator")
        yield label("Coordinator's name")
        yield self._text("coordinator-name")
        yield label("Coordinator's phone")
        yield self._text("coordinator-phone")
        yield label("Coordinator's email")
        yield self._text("coordinator-email")
        yield section("Support line (always shown at the top)")
        yield label("Support line name")
        yield self._text("support-label", SupportLine().label)
        yield label("Support line phone")
        yield self._text("support-phone")
        yield label("Support line note")
        yield self._text("support-note", placeholder="for example: Mon-Fri 9-5; out of hours 111")
        for text, widget in self._extra:
            yield label(text)
            yield widget

    # -- filling and reading ---------------------------------------------------------

    def _input(self, widget_id: str) -> Input:
        return self.query_one(f"#{widget_id}", Input)

    def _select(self, widget_id: str) -> Select[Any]:
        return self.query_one(f"#{widget_id}", Select)

    def _choice(self, widget_id: str, fallback: object) -> str:
        """A select's choice. Every select here has allow_blank=False, but one read in
        the moment it is being filled (leaving Settings straight after opening it) is
        still blank: then it holds what was shown, ``fallback``, not a crash."""
        value = self._select(widget_id).value
        return str(fallback if value is Select.NULL else value)

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
        for widget_id, value in _saved_values(group).items():
            if widget_id in _USER_TEXT:
                self._show(widget_id, value)
            else:
                self._input(widget_id).value = value
        rhythm = group.rhythm
        self._select("rhythm-unit").value = rhythm.unit
        self._select("rhythm-weekday").value = rhythm.weekday
        self._select("rhythm-nth").value = rhythm.nth if rhythm.nth is not None else 1

    def typed(self, saved: Group | None) -> dict[str, object]:
        """What every field holds, by widget id (as :func:`read_group` takes it)."""
        shown = saved.rhythm if saved is not None else Rhythm()
        fields = TEXT_FIELDS + (VENUE_FIELDS if self.with_venue else ())
        typed: dict[str, object] = {widget_id: self._typed(widget_id) for widget_id in fields}
        typed["rhythm-unit"] = self._choice("rhythm-unit", shown.unit)
        typed["rhythm-weekday"] = self._choice("rhythm-weekday", shown.weekday)
        typed["rhythm-nth"] = self._choice("rhythm-nth", shown.nth or 1)
        return typed

    def read(self, saved: Group | None, new_venue_id: str) -> GroupFormResult:
        """The group as typed (keeping what the form does not show from ``saved``);
        raises :class:`ValidationError` naming the first field at fault."""
        return read_group(
            self.typed(saved), saved, with_venue=self.with_venue, new_venue_id=new_venue_id
        )

    def show_error(self, error: ValidationError, message: Static) -> None:
        """Say what is wrong in ``message`` and put the cursor on that field (the
        warning goes as soon as that field is changed)."""
        self.warning.show_error(self, message, error, FIELDS)

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed) -> None:
        self.warning.field_changed(event.control)
