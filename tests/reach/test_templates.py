from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import ValidationError
from coordinator.reach.templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    MessageKind,
    fill,
    parse_kind,
    templates_from,
    with_templates,
)


def test_known_placeholders_are_filled_and_unknown_ones_named() -> None:
    filled = fill("Hi {name}, see you {date} {nmae} {0} {{name}}", {"name": "Sam", "date": "Tue"})
    assert filled.text == "Hi Sam, see you Tue {nmae} {0} {name}"
    assert filled.unknown == ("nmae",)
    assert filled.problem() is not None and "{nmae}" in (filled.problem() or "")


def test_values_are_never_looked_into() -> None:
    filled = fill("{name} {date}", {"name": "{date} [b]x[/b] %s {0}", "date": "D"})
    assert filled.text == "{date} [b]x[/b] %s {0} D"
    assert filled.unknown == ()


def test_empty_values_leave_no_double_spaces() -> None:
    assert fill("at {place}. {access}\nbye", {"place": "Cafe", "access": ""}).text == (
        "at Cafe.\nbye"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.dictionaries(st.sampled_from(sorted(PLACEHOLDERS)), st.text()))
def test_any_template_and_values_never_raise(template: str, values: dict[str, str]) -> None:
    filled = fill(template, values)
    assert isinstance(filled.text, str)
    for name in filled.unknown:
        assert name not in values


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=80))
def test_text_without_braces_stays_as_written(text: str) -> None:
    from coordinator.reach.templates import tidy

    assert fill(text, {"name": "x"}).text == tidy(text)


def test_defaults_know_every_placeholder_they_use_and_are_kind() -> None:
    every = dict.fromkeys(PLACEHOLDERS, "x")
    for kind, text in DEFAULT_TEMPLATES.items():
        assert fill(text, every).unknown == (), kind
    check_in = DEFAULT_TEMPLATES[MessageKind.CHECK_IN].lower()
    for guilt in ("missed", "noticed", "haven't seen", "where have you been", "absent"):
        assert guilt not in check_in


def test_templates_saved_in_settings_only_when_changed() -> None:
    changed = {**DEFAULT_TEMPLATES, MessageKind.WELCOME: "Welcome {name}!"}
    settings = with_templates({"theme": "x"}, changed)
    assert settings == {"theme": "x", "messages": {"welcome": "Welcome {name}!"}}
    assert templates_from(settings)[MessageKind.WELCOME] == "Welcome {name}!"
    assert templates_from({"messages": {"welcome": 3, "reminder": ""}}) == DEFAULT_TEMPLATES
    assert with_templates(settings, DEFAULT_TEMPLATES) == {"theme": "x"}
    with pytest.raises(ValidationError, match="Welcome message"):
        with_templates({}, {MessageKind.WELCOME: "  "})


def test_kinds_as_typed() -> None:
    assert parse_kind("checkin") is MessageKind.CHECK_IN
    assert parse_kind("Check_In") is MessageKind.CHECK_IN
    with pytest.raises(ValidationError):
        parse_kind("hello")
