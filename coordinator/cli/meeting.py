"""``coordinator meeting ...``: a meeting's life from the command line (plan, add, move,
cancel, put back on, mark held, list), through the same application flows the app's
Meetings screen runs (:mod:`coordinator.application.meetings`)."""

from __future__ import annotations

import json
from datetime import UTC, date, time
from typing import Any

import click

from coordinator.cli.context import Context, parse_day, pass_context, print_data
from coordinator.launch import fail


def required_day(value: str, label: str) -> date:
    """A required date option as typed, or a clear message naming it."""
    day = parse_day(value, label)
    assert day is not None  # click makes the option required
    return day


def _time(value: str | None, label: str) -> time | None:
    """A time option as typed (14:00, 2pm), or a clear message naming it."""
    if value is None:
        return None
    from coordinator.model import ValidationError, parse_time

    try:
        return parse_time(value, label)
    except ValidationError as error:
        fail(str(error))


def _report(done: Any) -> None:
    from coordinator.user_text import visible

    click.echo(visible(done.message) + ".")
    for note in done.notes:
        click.echo(visible(note), err=True)


def _run(context: Context, flow: Any, *args: Any, **kwargs: Any) -> None:
    """Open the file for changes, run one flow, say what it did (or what is wrong)."""
    from coordinator.model import ValidationError
    from coordinator.user_text import visible

    with context.store() as store:
        if store.read_only:
            fail(f"{store.read_only_reason} Nothing was changed.")
        try:
            done = flow(store, *args, **kwargs)
        except ValidationError as error:
            fail(visible(str(error)) + ". Nothing was changed.")
    _report(done)


@click.group("meeting")
def meeting_group() -> None:
    """Plan, add, move, cancel and mark meetings (what the app's Meetings screen does).

    A meeting is named by its id (see `coordinator meeting list`) or by its date when
    only one meeting is on it. Every change raises the meeting's update count, so the
    next calendar export (`coordinator ics`) updates what people imported before.

    \b
    Examples:
      coordinator meeting plan 3
      coordinator meeting add --date 2026-12-19 --time 11:00 --kind social --place "Garden cafe"
      coordinator meeting move g12 --to 2027-01-21
      coordinator meeting move 2027-01-14 --to 2027-01-14 --time 15:30
      coordinator meeting cancel g13
      coordinator meeting held g11
      coordinator meeting list --json
    """


@meeting_group.command("plan")
@click.argument("count", required=False, default="3", metavar="[N]")
@pass_context
def plan_command(context: Context, count: str) -> None:
    """Plan the next N meetings (default 3) from the group's rhythm."""
    from coordinator.application import meetings
    from coordinator.model import ValidationError, parse_int

    try:
        how_many = parse_int(count, "N (how many)", 1, meetings.MAX_PLAN)
    except ValidationError as error:
        fail(str(error))
    _run(context, meetings.plan, context.clock.now(), how_many)


@meeting_group.command("add")
@click.option("--date", "day", required=True, metavar="DATE", help="The day (2026-12-19).")
@click.option("--time", "at", metavar="HH:MM", help="Start time (default: the usual time).")
@click.option("--length", metavar="MINUTES", help="Length in minutes (default: the usual).")
@click.option("--venue", "venue_id", metavar="ID", help="A venue's id (default: the usual venue).")
@click.option("--place", metavar="TEXT", help="A one-off place instead of a venue.")
@click.option(
    "--kind",
    type=click.Choice(["regular", "social", "special"]),
    default="regular",
    show_default=True,
    help="Kind of meeting.",
)
@click.option("--notes", default="", help="Notes (never in calendar invites).")
@pass_context
def add_command(
    context: Context,
    day: str,
    at: str | None,
    length: str | None,
    venue_id: str | None,
    place: str | None,
    kind: str,
    notes: str,
) -> None:
    """Add one meeting (a past date is recorded as held)."""
    from coordinator.application import meetings
    from coordinator.clock import today_in
    from coordinator.model import MeetingKind, ValidationError, parse_int

    when_day = required_day(day, "--date")
    start = _time(at, "--time")
    minutes = None
    if length is not None:
        try:
            minutes = parse_int(length, "--length", 15, 24 * 60)
        except ValidationError as error:
            fail(str(error))
    with context.store(read_only=True) as store:
        group = store.group()
    zone = group.zone if group else UTC
    _run(
        context,
        meetings.add,
        today_in(context.clock, zone),
        day=when_day,
        at=start,
        length=minutes,
        venue_id=venue_id,
        place=place,
        kind=MeetingKind(kind),
        notes=notes,
    )


@meeting_group.command("move")
@click.argument("meeting_id", metavar="ID|DATE")
@click.option("--to", "to", required=True, metavar="DATE", help="The new day.")
@click.option("--time", "at", metavar="HH:MM", help="The new start time (default: as it was).")
@pass_context
def move_command(context: Context, meeting_id: str, to: str, at: str | None) -> None:
    """Move a meeting to another day (and time). Calendars update it in place."""
    from coordinator.application import meetings

    day = required_day(to, "--to")
    _run(context, meetings.move, meeting_id, day, _time(at, "--time"))


@meeting_group.command("cancel")
@click.argument("meeting_id", metavar="ID|DATE")
@pass_context
def cancel_command(context: Context, meeting_id: str) -> None:
    """Cancel a meeting (it stays on record as cancelled)."""
    from coordinator.application import meetings

    _run(context, meetings.cancel, meeting_id)


@meeting_group.command("uncancel")
@click.argument("meeting_id", metavar="ID|DATE")
@pass_context
def uncancel_command(context: Context, meeting_id: str) -> None:
    """Put a cancelled meeting back on."""
    from coordinator.application import meetings

    _run(context, meetings.uncancel, meeting_id)


@meeting_group.command("held")
@click.argument("meeting_id", metavar="ID|DATE")
@pass_context
def held_command(context: Context, meeting_id: str) -> None:
    """Mark a meeting as held (it happened)."""
    from coordinator.application import meetings
    from coordinator.clock import today_in

    with context.store(read_only=True) as store:
        group = store.group()
    zone = group.zone if group else UTC
    _run(context, meetings.held, meeting_id, today_in(context.clock, zone))


@meeting_group.command("list")
@click.option("--all", "everything", is_flag=True, help="Past meetings too (default: upcoming).")
@click.option("--json", "as_json", is_flag=True, help="JSON, for scripts.")
@pass_context
def list_command(context: Context, everything: bool, as_json: bool) -> None:
    """List the meetings still to come (or all of them) with their ids."""
    from coordinator.model import MeetingStatus
    from coordinator.store.codec import local_wall_time
    from coordinator.user_text import visible

    with context.store(read_only=True) as store:
        data = store.load()
    now = context.clock.now()
    shown = [
        m
        for m in data.meetings
        if everything or (m.ends_at > now and m.status is not MeetingStatus.HELD)
    ]
    if as_json:
        rows = [
            {
                "id": m.id,
                "starts_at": local_wall_time(m.starts_at),
                "starts_at_utc": m.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "ends_at_utc": m.ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "duration_minutes": m.duration_minutes,
                "venue_id": m.venue_id,
                "place": data.place_of(m),
                "kind": m.kind.value,
                "status": m.status.value,
                "sequence": m.sequence,
                "series_slot": m.series_slot.isoformat() if m.series_slot else None,
            }
            for m in shown
        ]
        print_data(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not shown:
        click.echo(
            "No meetings to come. `coordinator meeting plan 3` plans the next three."
            if not everything
            else "No meetings on record yet."
        )
        return
    width = max(len(m.id) for m in shown)
    for m in shown:
        place = visible(data.place_of(m))
        click.echo(
            f"{m.id:<{width}}  {m.starts_at:%a %d %b %Y %H:%M}  {m.status.value:<9}  {place}"
        )
