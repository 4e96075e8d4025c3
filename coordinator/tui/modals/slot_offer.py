"""Offering a chosen slot: change the rhythm and move the planned meetings there (or only
the next one), then show the change notice. Used by the Best time screen and the tally."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from rich.text import Text
from textual.screen import Screen

from coordinator.application.rhythm import KEEP, change_rhythm, move_one, moves_for, rhythm_on
from coordinator.besttime.notice import draft_change_notice
from coordinator.model import MeetingStatus, ValidationError, Weekday
from coordinator.tui.frame import coordinator_app, safe
from coordinator.tui.modals.slot_choice import (
    CHANGE_ALL,
    ONLY_NEXT,
    NoticeModal,
    SlotChoiceModal,
)
from coordinator.user_text import plural


def offer_slot(
    screen: Screen[Any],
    weekday: Weekday,
    start: time,
    venue_id: str | None,
    first_day: date | None = None,
) -> None:
    """Offer to change the rhythm to ``weekday`` at ``start`` (and the usual venue to
    ``venue_id``) and move the planned meetings there, from ``first_day`` when a date
    was chosen; or, for a date, to move only the next planned meeting. Then show the
    change notice to send."""
    app = coordinator_app(screen)
    data = app.data()
    group = data.group
    if group is None:
        return
    rhythm = rhythm_on(group.rhythm, weekday, start, first_day)
    # No venue named (a tally's "usual venue"): the usual one stays.
    venue = KEEP if venue_id is None or venue_id == group.default_venue_id else venue_id
    now = app.clock.now()
    try:
        moves = moves_for(data, rhythm, now, first_day=first_day, venue_id=venue)
    except ValidationError as error:
        app.notify(str(error), title="Not changed", severity="error", markup=False)
        return
    named = data.venue(venue_id)
    place = named.name if named is not None else ""
    title = Text(f"Meet {rhythm.describe()}")
    if place:
        title.append(" at ")
        title.append_text(safe(place))
    title.append("?")
    body = Text()
    if rhythm == group.rhythm and venue == KEEP:
        body.append("This is the group's rhythm already.\n")
    else:
        body.append(f"The rhythm changes from {group.rhythm.describe()}.\n")
    if moves:
        body.append(f"{plural(len(moves), 'planned meeting')} move:\n")
        for move in moves:
            old, new = move.before.starts_at, move.after.starts_at
            body.append(f"  {old:%a %d %b %H:%M} → {new:%a %d %b %H:%M}\n")
        body.append(
            "Their calendar invites are updated (sequence raised): export them again "
            "(Meetings, e) to send the new times."
        )
    else:
        body.append("No planned meetings need to move.")
    upcoming = [
        m
        for m in data.meetings
        if m.status is MeetingStatus.PLANNED and m.starts_at > now.astimezone(m.starts_at.tzinfo)
    ]
    can_move_one = first_day is not None and bool(upcoming)
    if can_move_one and first_day is not None:
        body.append(
            f"\n\nOr keep the rhythm and move only the next meeting "
            f"({upcoming[0].starts_at:%a %d %b}) to {first_day:%a %d %b} {start:%H:%M}."
        )

    def chosen(answer: str | None) -> None:
        if answer == CHANGE_ALL:
            done = app.save(
                lambda: change_rhythm(
                    app.store, rhythm, app.clock.now(), first_day=first_day, venue_id=venue
                ),
                done=f"The group now meets {rhythm.describe()}; "
                f"{plural(len(moves), 'planned meeting')} moved.",
            )
            if done is not None:
                notice = draft_change_notice(app.data(), done.moves)
                app.push_screen(NoticeModal("The new time is saved", notice))
        elif answer == ONLY_NEXT and first_day is not None:
            target = datetime.combine(first_day, start, tzinfo=group.zone)
            moved = app.save(
                lambda: move_one(app.store, upcoming[0].id, target),
                done=f"The next meeting is now on {first_day:%a %d %b} at {start:%H:%M}.",
            )
            if moved is not None:
                notice = draft_change_notice(app.data(), [moved])
                app.push_screen(NoticeModal("The meeting is moved", notice))

    app.push_screen(SlotChoiceModal(title, body, can_move_one=can_move_one), chosen)
