"""``coordinator best-time`` (which slots and venues suit most members, and why not for
the others) and ``coordinator rhythm`` (change the usual day and time, and move the
planned meetings to it). Importing this module registers them on
:func:`coordinator.cli.main`.
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

import click

from coordinator.cli.context import Context, now_utc, parse_day, pass_context, print_data
from coordinator.launch import fail

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coordinator.besttime.slots import Ranking

TEXT_ROWS = 10


def _time(value: str | None, label: str) -> time | None:
    if value is None:
        return None
    from coordinator.model import ValidationError, parse_time

    try:
        return parse_time(value, label)
    except ValidationError as error:
        fail(str(error))


@click.command("best-time")
@click.option(
    "--days", metavar="DAYS", help="Days to consider, e.g. mon,tue,thu (default mon-fri)."
)
@click.option("--from", "start", metavar="HH:MM", help="Earliest start (default 09:00).")
@click.option("--to", "end", metavar="HH:MM", help="Latest end (default 20:00).")
@click.option(
    "--length",
    type=click.IntRange(15, 720),
    help="Meeting length in minutes (default: the group's usual length).",
)
@click.option(
    "--week-of",
    "week_of",
    metavar="DATE",
    help="Check the dates of the week starting on DATE against planned time away.",
)
@click.option("--top", type=click.IntRange(1, 1000), help="Show only the best N (default 10).")
@click.option("--json", "as_json", is_flag=True, help="Every slot as JSON, best first.")
@pass_context
def best_time(
    context: Context,
    days: str | None,
    start: str | None,
    end: str | None,
    length: int | None,
    week_of: str | None,
    top: int | None,
    as_json: bool,
) -> None:
    """Which day, time and venue most members can come to, and why not for the others.

    Reads each active member's availability ("not Mondays, not after 4pm") and access
    needs ("needs step-free") as written on the roster, and each venue's access notes.
    The group's current slot is shown for comparison. Nothing is changed.

    \b
    Examples:
      coordinator best-time
      coordinator best-time --days tue,wed,thu --from 10:00 --to 16:00
      coordinator best-time --week-of 2026-07-06 --json
    """
    import json

    from coordinator.besttime.slots import WEEKDAYS, SlotRequest, parse_days, rank_slots
    from coordinator.clock import today_in
    from coordinator.model import ValidationError

    first = _time(start, "--from")
    last = _time(end, "--to")
    week = parse_day(week_of, "--week-of")
    try:
        request = SlotRequest(
            days=parse_days(days) if days is not None else WEEKDAYS,
            earliest=first or time(9, 0),
            latest=last or time(20, 0),
            length=length,
            week_of=week,
        )
    except ValidationError as error:
        fail(str(error))
    with context.store(read_only=True) as store:
        data = store.load()
    if data.group is None:
        fail("The group is not set up yet: run `coordinator` to set it up.")
    ranking = rank_slots(data, request, today_in(context.clock, data.group.zone))
    if not ranking.members and not as_json:
        click.echo("Nobody is active on the roster yet: add members (and their availability).")
        return
    if not ranking.options:
        fail("No meeting of that length fits between --from and --to.")
    if as_json:
        chosen = ranking.options[:top] if top else ranking.options
        print_data(json.dumps([o.to_json() for o in chosen], indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console

    Console(highlight=False).print(ranking_table(ranking, top or TEXT_ROWS))


def ranking_table(ranking: Ranking, rows: int) -> RenderableType:
    """The best slots as a table that fits 80 columns, then the current slot."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from coordinator.besttime.slots import SlotOption, cannot_words, nobody_words
    from coordinator.user_text import visible

    total = len(ranking.members)
    table = Table(
        title=f"Best times for the {total} active members (best first)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("#", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Where", max_width=16)
    table.add_column("Can\ncome", no_wrap=True)
    table.add_column("Who cannot, and why", ratio=1, min_width=20)

    def who_cannot(option: SlotOption) -> Text:
        lines = [f"{visible(c.name)}: {visible(c.why)}" for c in option.cannot]
        lines += [f"{visible(c.name)} (check): {visible(c.why)}" for c in option.check]
        return Text("\n".join(lines) if lines else cannot_words(option, ranking))

    for index, option in enumerate(ranking.options[:rows], start=1):
        mark = " (now)" if option.is_current else ""
        table.add_row(
            Text(str(index)),
            Text(option.when + mark),
            Text(visible(option.venue_name)),
            Text(f"{len(option.can_come)} of {total}"),
            who_cannot(option),
        )
    parts: list[RenderableType] = [table]
    nobody = nobody_words(ranking)
    if nobody:
        parts.insert(0, Text(nobody, style="bold"))
    current = ranking.current
    if current is not None:
        line = Text("Now: ", style="bold")
        line.append(f"{current.when} at {visible(current.venue_name)}: ")
        line.append(f"{len(current.can_come)} of {total} can come.")
        parts.append(line)
        if current.cannot or current.check:
            parts.append(who_cannot(current))
    return Group(*parts)


@click.group("rhythm")
def rhythm_group() -> None:
    """The group's usual day and time, and moving the planned meetings to it."""


@rhythm_group.command("set")
@click.option("--weekday", metavar="DAY", help="mon, tue, ... (default: as now).")
@click.option("--time", "at", metavar="HH:MM", help="Usual start time (default: as now).")
@click.option("--every", type=click.IntRange(1, 12), help="Every N weeks or months.")
@click.option("--unit", type=click.Choice(["week", "month"]), help="Weeks or months.")
@click.option(
    "--nth", type=click.Choice(["1", "2", "3", "4", "last"]), help="Monthly: which weekday."
)
@click.option("--length", type=click.IntRange(15, 720), help="Usual length in minutes.")
@click.option("--venue", "venue_id", metavar="ID", help="Usual venue (its id).")
@click.option("--first", "first_day", metavar="DATE", help="The first meeting on the new slot.")
@click.option(
    "--no-move", is_flag=True, help="Change the rhythm only; leave planned meetings where they are."
)
@click.option("--notice", is_flag=True, help="Print the change notice to send the group.")
@pass_context
def rhythm_set(
    context: Context,
    weekday: str | None,
    at: str | None,
    every: int | None,
    unit: str | None,
    nth: str | None,
    length: int | None,
    venue_id: str | None,
    first_day: str | None,
    no_move: bool,
    notice: bool,
) -> None:
    """Change the usual day, time or rhythm, and move the planned meetings to it.

    Only regular meetings still planned (not held or cancelled, not yet begun) move;
    each moved meeting's update count (SEQUENCE) goes up, so calendars that imported it
    update when you export again (`coordinator ics --next 5`).

    \b
    Examples:
      coordinator rhythm set --weekday thu --time 10:00
      coordinator rhythm set --weekday thu --time 10:00 --first 2026-12-10 --notice
    """
    from dataclasses import replace

    from coordinator.application.rhythm import KEEP, change_rhythm
    from coordinator.besttime.notice import draft_change_notice
    from coordinator.besttime.slots import parse_days
    from coordinator.model import RhythmUnit, ValidationError

    first = parse_day(first_day, "--first")
    new_time = _time(at, "--time")
    with context.store() as store:
        data = store.load()
        group = data.group
        if group is None:
            fail("The group is not set up yet: run `coordinator` to set it up.")
        rhythm = group.rhythm
        try:
            changes: dict[str, object] = {}
            if weekday is not None:
                changes["weekday"] = parse_days(weekday)[0]
            if new_time is not None:
                changes["time"] = new_time
            if every is not None:
                changes["every"] = every
            if unit is not None:
                changes["unit"] = RhythmUnit(unit)
                if unit == "week":
                    changes["nth"] = None
                elif nth is None and rhythm.nth is None:
                    changes["nth"] = 1
            if nth is not None:
                changes["nth"] = -1 if nth == "last" else int(nth)
            if length is not None:
                changes["duration_minutes"] = length
            new_rhythm = replace(rhythm, **changes)  # type: ignore[arg-type]
            if venue_id is not None and data.venue(venue_id) is None:
                raise ValidationError("--venue", f"there is no venue {venue_id!r}")
            done = change_rhythm(
                store,
                new_rhythm,
                now_utc(context),
                move=not no_move,
                first_day=first,
                venue_id=KEEP if venue_id is None else venue_id,
            )
        except ValidationError as error:
            fail(str(error))
        after = store.load()
    click.echo(f"The group now meets {done.rhythm.describe()}.")
    if done.moves:
        click.echo(f"Moved {len(done.moves)} planned meetings:")
        for move in done.moves:
            click.echo(
                f"  {move.before.starts_at:%a %d %b %Y %H:%M} -> "
                f"{move.after.starts_at:%a %d %b %Y %H:%M} (update {move.after.sequence})"
            )
    elif not no_move:
        click.echo("No planned meetings needed moving.")
    if notice:
        click.echo("")
        click.echo(draft_change_notice(after, done.moves))
