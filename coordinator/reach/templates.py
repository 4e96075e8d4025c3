"""The coordinator's message templates and the placeholder formatter.

A template is plain text with placeholders in braces: ``Hi {name}, ...``. The formatter
is not :meth:`str.format`: it replaces only the placeholders it knows, leaves any other
``{word}`` exactly as written and names it (so a typo shows in the preview instead of
raising), never looks inside the values it inserts, and reads ``{{`` and ``}}`` as
literal braces. Nothing a coordinator or member typed is ever interpreted.

Templates are kept in the store's settings under ``messages`` (only the ones changed from
the defaults); the defaults are plain British English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coordinator.model.fields import ValidationError, check_text

SETTINGS_KEY = "messages"
MAX_TEMPLATE = 2000


class MessageKind(StrEnum):
    REMINDER = "reminder"
    CHANGE = "change"
    CHECK_IN = "check-in"
    WELCOME = "welcome"
    DETAILS = "details"
    SHORT = "short"


KIND_LABELS: dict[MessageKind, str] = {
    MessageKind.REMINDER: "Reminder of the next meeting",
    MessageKind.CHANGE: "Change or cancellation",
    MessageKind.CHECK_IN: "Kind check-in",
    MessageKind.WELCOME: "Welcome",
    MessageKind.DETAILS: "Contact details still right?",
    MessageKind.SHORT: "Short note (a small QR code)",
}

# The subject line of an email (mailto: links).
SUBJECTS: dict[MessageKind, str] = {
    MessageKind.REMINDER: "Our next meeting",
    MessageKind.CHANGE: "A change to our meeting",
    MessageKind.CHECK_IN: "Hello from {group}",
    MessageKind.WELCOME: "Welcome to {group}",
    MessageKind.DETAILS: "Are your contact details still right?",
    MessageKind.SHORT: "Hello from {group}",
}

# Kind wording: no guilt, no "we noticed you missed" (DOMAIN.md, Care and risk).
DEFAULT_TEMPLATES: dict[MessageKind, str] = {
    MessageKind.REMINDER: (
        "Hi {name}, just a reminder that {group} meets on {date} at {time}, at {place}. "
        "{access}\n"
        "If you can't make it, no problem: {apologies}.\n"
        "{coordinator}"
    ),
    MessageKind.CHANGE: (
        "Hi {name}, a change to our meeting: {change}. Sorry for any bother.\n"
        "If you have any questions, just reply.\n"
        "{coordinator}"
    ),
    MessageKind.CHECK_IN: (
        "Hi {name}, I was thinking of you and wanted to say hello. I hope you're doing "
        "OK. There's no need to reply if you're not up to it. You're always welcome "
        "whenever it suits you; {next_meeting}.\n"
        "Take care, {coordinator}"
    ),
    MessageKind.WELCOME: (
        "Hi {name}, welcome to {group}! We meet {rhythm}, and {next_meeting}. {access}\n"
        "If you ever can't make it, {apologies}. Looking forward to seeing you.\n"
        "{coordinator}"
    ),
    MessageKind.DETAILS: (
        "Hi {name}, I'm checking I have the right contact details for everyone. "
        "I have {their_details} for you. Are these still right? "
        "If anything has changed, just reply with the new details.\n"
        "Thanks, {coordinator}"
    ),
    # Short enough that its WhatsApp link makes a QR code that fits an 80x24 terminal.
    MessageKind.SHORT: "Hi {name}, thinking of you. Take care, {coordinator}",
}

# Every placeholder, with what it becomes (shown beside the editor in Settings).
PLACEHOLDERS: dict[str, str] = {
    "name": 'their known-as or first name ("everyone" for the group)',
    "date": "the meeting's date, e.g. Tuesday 4 March",
    "time": "the meeting's time, e.g. 2pm",
    "place": "the venue's name and address",
    "venue": "the venue's name",
    "access": "the venue's access notes, as a sentence",
    "apologies": "how to send apologies",
    "change": "what changed: cancelled, or the new date, time and place",
    "next_meeting": '"the next meeting is on ..." (or "still to be arranged")',
    "rhythm": "how often the group meets",
    "group": "the group's name",
    "coordinator": "your name",
    "coordinator_phone": "your phone number",
    "their_details": "the phone and email you have for them",
}

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Filled:
    """A template with its placeholders filled, and the ones it did not know."""

    text: str
    unknown: tuple[str, ...] = ()

    def problem(self) -> str | None:
        """A sentence naming the unknown placeholders, or None."""
        if not self.unknown:
            return None
        names = ", ".join("{" + name + "}" for name in self.unknown)
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        return f"Not a placeholder (left as written): {names}. Placeholders: {known}."


def fill(template: str, values: Mapping[str, str]) -> Filled:
    """``template`` with each known ``{placeholder}`` replaced by its value.

    One pass, left to right: a value is never looked into again, unknown placeholders are
    kept as written and listed, ``{{`` and ``}}`` are braces. Never raises.
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name in values:
            return values[name]
        if name not in unknown:
            unknown.append(name)
        return token

    return Filled(tidy(_PLACEHOLDER.sub(replace, template)), tuple(unknown))


_SPACES = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Spaces left by empty placeholders tidied away: no double spaces, no trailing
    spaces, at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def templates_from(settings: Mapping[str, Any] | None) -> dict[MessageKind, str]:
    """The templates in use: the saved ones where valid, else the defaults."""
    saved = (settings or {}).get(SETTINGS_KEY)
    out = dict(DEFAULT_TEMPLATES)
    if isinstance(saved, Mapping):
        for kind in MessageKind:
            text = saved.get(kind.value)
            if isinstance(text, str) and text.strip() and len(text) <= MAX_TEMPLATE:
                out[kind] = text
    return out


def templates_problem(settings: Mapping[str, Any]) -> str | None:
    """What is wrong with the saved templates (which :func:`templates_from` would quietly
    replace with the default wording), or None."""
    saved = settings.get(SETTINGS_KEY)
    if saved is None:
        return None
    if not isinstance(saved, Mapping):
        return f"the message templates ({SETTINGS_KEY}) should be a set of named texts"
    for kind in MessageKind:
        text = saved.get(kind.value)
        if text is not None and not (
            isinstance(text, str) and text.strip() and len(text) <= MAX_TEMPLATE
        ):
            return (
                f"the {KIND_LABELS[kind].lower()} message ({SETTINGS_KEY}.{kind.value}) "
                f"should be text of at most {MAX_TEMPLATE} characters; the default "
                "wording is used instead"
            )
    return None


def check_template(text: str, kind: MessageKind) -> str:
    """A template as typed, or :class:`ValidationError` naming it."""
    label = f"{KIND_LABELS[kind]} message"
    check_text(text, label, required=True, limit=MAX_TEMPLATE)
    return text


def with_templates(
    settings: Mapping[str, Any], templates: Mapping[MessageKind, str]
) -> dict[str, Any]:
    """``settings`` with ``templates`` saved (only those that differ from the defaults)."""
    changed: dict[str, str] = {}
    for kind, text in templates.items():
        check_template(text, kind)
        if text != DEFAULT_TEMPLATES[kind]:
            changed[kind.value] = text
    out = dict(settings)
    if changed:
        out[SETTINGS_KEY] = changed
    else:
        out.pop(SETTINGS_KEY, None)
    return out


def parse_kind(text: str) -> MessageKind:
    """A message kind as typed on the command line (``check-in``, ``checkin``...)."""
    wanted = text.strip().lower().replace("_", "-")
    for kind in MessageKind:
        if wanted in (kind.value, kind.value.replace("-", "")):
            return kind
    names = ", ".join(kind.value for kind in MessageKind)
    raise ValidationError("Message", f"should be one of {names}")
