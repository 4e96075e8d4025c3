"""Hypothesis strategies for valid version-1 bundles (as plain dicts), in the canonical
form an export writes: every field present, meetings and contacts in date order, unknown
keys sprinkled through every level. Shared by the bundle and the CLI tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import strategies as st

ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata"]
REASONS = [
    "ill_health",
    "work",
    "family",
    "transport",
    "time_unsuitable",
    "venue_unsuitable",
    "away",
    "lost_contact",
    "not_for_me",
    "moved",
    "other",
]
CHANNELS = ["sms", "whatsapp", "phone", "email", "facebook", "post", "other"]

# Any text a person might type, including markup-looking and odd characters, but no
# lone surrogates (they cannot be written as UTF-8 at all).
_chars = st.characters(codec="utf-8")
text = st.text(_chars, max_size=30)
required_text = text.filter(lambda s: bool(s.strip()))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
iso_day = days.map(date.isoformat)
opt_iso_day = st.none() | iso_day
phone = st.just("") | st.from_regex(r"\+?[0-9]{3,5}( [0-9]{3,6}){0,2}", fullmatch=True)
email = st.just("") | st.from_regex(r"[a-z0-9.]{1,8}@[a-z]{1,8}\.(org|com|uk)", fullmatch=True)
hhmm = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
wall_time = st.builds(
    lambda d, t: f"{d.isoformat()}T{t}",
    st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    hhmm,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
# Unknown keys a newer version might add; the prefix keeps them clear of known ones.
extra = st.dictionaries(text.map(lambda k: f"x-{k}"), json_values, max_size=2)
ids = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)


def with_extra(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, **draw(extra)}


@st.composite
def rhythms(draw: st.DrawFn) -> dict[str, Any]:
    unit = draw(st.sampled_from(["week", "month"]))
    return with_extra(
        draw,
        {
            "every": draw(st.integers(1, 12)),
            "unit": unit,
            "weekday": draw(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
            "nth": None if unit == "week" else draw(st.sampled_from([1, 2, 3, 4, -1])),
            "time": draw(hhmm),
            "duration_minutes": draw(st.integers(15, 720)),
        },
    )


@st.composite
def member_docs(draw: st.DrawFn, member_id: str) -> dict[str, Any]:
    status = draw(st.sampled_from(["active", "paused", "left"]))
    away = draw(st.lists(st.tuples(days, st.integers(0, 60), text), max_size=2))
    return with_extra(
        draw,
        {
            "id": member_id,
            "name": draw(required_text),
            "known_as": draw(text),
            "phone": draw(phone),
            "email": draw(email),
            "channel": draw(st.sampled_from(CHANNELS)),
            "status": status,
            "status_since": draw(opt_iso_day),
            "status_reason": draw(st.none() | st.sampled_from(REASONS)),
            "joined_on": draw(opt_iso_day),
            "availability": draw(text),
            "access_needs": draw(text),
            "consent": with_extra(
                draw,
                {
                    "recorded_on": draw(opt_iso_day),
                    "share_contact_with_group": draw(st.booleans()),
                },
            ),
            "contact_checked_on": draw(opt_iso_day),
            "away": [
                with_extra(
                    draw,
                    {
                        "from": start.isoformat(),
                        "to": date.fromordinal(start.toordinal() + length).isoformat(),
                        "note": note,
                    },
                )
                for start, length, note in away
            ],
            "notes": draw(text),
        },
    )


@st.composite
def bundles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid bundle whose every reference points at a record in it."""
    venue_ids = draw(st.lists(ids.map(lambda s: f"v{s}"), unique=True, max_size=3))
    member_ids = draw(st.lists(ids.map(lambda s: f"m{s}"), unique=True, max_size=5))
    meeting_ids = draw(st.lists(ids.map(lambda s: f"g{s}"), unique=True, max_size=5))
    contact_ids = (
        draw(st.lists(ids.map(lambda s: f"c{s}"), unique=True, max_size=3)) if member_ids else []
    )
    opt_venue = st.none() | st.sampled_from(venue_ids) if venue_ids else st.none()
    opt_member = st.none() | st.sampled_from(member_ids) if member_ids else st.none()
    group = with_extra(
        draw,
        {
            "name": draw(required_text),
            "timezone": draw(st.sampled_from(ZONES)),
            "rhythm": draw(rhythms()),
            "started_on": draw(opt_iso_day),
            "default_venue_id": draw(opt_venue),
            "coordinator": with_extra(
                draw, {"name": draw(text), "phone": draw(phone), "email": draw(email)}
            ),
            "deputy_member_id": draw(opt_member),
            "support_line": with_extra(
                draw, {"label": draw(text), "phone": draw(phone), "note": draw(text)}
            ),
        },
    )
    venues = [
        with_extra(
            draw,
            {
                "id": vid,
                "name": draw(required_text),
                "address": draw(text),
                "access_notes": draw(text),
            },
        )
        for vid in venue_ids
    ]
    members = [draw(member_docs(mid)) for mid in member_ids]
    meetings = []
    for gid in meeting_ids:
        marked = draw(st.lists(st.sampled_from(member_ids), unique=True)) if member_ids else []
        meetings.append(
            with_extra(
                draw,
                {
                    "id": gid,
                    "starts_at": draw(wall_time),
                    "duration_minutes": draw(st.integers(15, 24 * 60)),
                    "venue_id": draw(opt_venue),
                    "location": draw(st.none() | text),
                    "kind": draw(st.sampled_from(["regular", "social", "special"])),
                    "status": draw(st.sampled_from(["planned", "held", "cancelled"])),
                    "topics": draw(st.lists(required_text.map(lambda s: s[:40]), max_size=3)),
                    "guests": draw(st.integers(0, 500)),
                    "notes": draw(text),
                    "sequence": draw(st.integers(0, 50)),
                    "attendance": {
                        mid: with_extra(
                            draw,
                            {
                                "status": draw(st.sampled_from(["present", "apologies", "absent"])),
                                "reason": draw(st.none() | st.sampled_from(REASONS)),
                                "note": draw(text),
                            },
                        )
                        for mid in marked
                    },
                },
            )
        )
    contacts = [
        with_extra(
            draw,
            {
                "id": cid,
                "member_id": draw(st.sampled_from(member_ids)),
                "on": draw(iso_day),
                "channel": draw(st.sampled_from(CHANNELS)),
                "outcome": draw(st.sampled_from(["reached", "no_reply", "left_message"])),
                "note": draw(text),
            },
        )
        for cid in contact_ids
    ]
    # The order an export writes: meetings by start (wall time sorts as time does within
    # one zone), contacts by date, ties by id.
    meetings.sort(key=lambda m: (datetime.fromisoformat(m["starts_at"]), m["id"]))
    contacts.sort(key=lambda c: (c["on"], c["id"]))
    bundle: dict[str, Any] = {
        "format": "coordinator-bundle",
        "version": 1,
        "exported_at": "2026-05-01T10:00:00Z",
        "group": group,
        "venues": venues,
        "members": members,
        "meetings": meetings,
        "contacts": contacts,
    }
    bundle.update(draw(extra))
    return bundle
