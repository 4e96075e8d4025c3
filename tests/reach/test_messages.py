from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import Channel, GroupData, MeetingStatus, Member, ValidationError
from coordinator.reach.links import mailto_link, sms_link, whatsapp_link
from coordinator.reach.messages import compose, next_meeting, say_time
from coordinator.reach.templates import MessageKind
from tests.reach.fixtures import NOW, SAM_E164, reach_group


def _member(data: GroupData, member_id: str) -> Member:
    member = data.member(member_id)
    assert member is not None
    return member


def test_reminder_for_a_whatsapp_member_links_to_their_number() -> None:
    data = reach_group()
    meeting = next_meeting(data, NOW, MessageKind.REMINDER)
    made = compose(data, {}, MessageKind.REMINDER, member=_member(data, "m1"), meeting=meeting)
    assert made.text.startswith("Hi Sammy, just a reminder that Tuesday Crew meets on ")
    assert "Tuesday 1 December at 2:30pm, at Riverside Cafe, 1 Quay Street" in made.text
    assert "Access: step-free." in made.text
    assert made.text.endswith("Ann Whitfield")
    assert made.link is not None
    parts = urlsplit(made.link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://wa.me/" + SAM_E164[1:]
    assert parse_qs(parts.query)["text"] == [made.text]
    assert made.as_json() == {"text": made.text, "channel": "whatsapp", "link": made.link}


def test_sms_and_email_links() -> None:
    data = reach_group()
    jean = compose(data, {}, MessageKind.CHECK_IN, member=_member(data, "m2"), meeting=None)
    assert jean.link is not None and jean.link.startswith("sms:+441174960123?body=")
    assert unquote(jean.link.split("body=", 1)[1]) == jean.text
    ray = compose(data, {}, MessageKind.WELCOME, member=_member(data, "m3"), meeting=None)
    assert ray.link is not None and ray.link.startswith("mailto:ray@example.org?subject=")
    query = parse_qs(urlsplit(ray.link).query)
    assert query["subject"] == ["Welcome to Tuesday Crew"]
    assert query["body"] == [ray.text.replace("\n", "\r\n")]
    assert "the date of the next meeting is still to be arranged" in ray.text


def test_no_usable_number_means_no_link_and_says_why() -> None:
    data = reach_group(phone="07911 12", email="")
    made = compose(data, {}, MessageKind.CHECK_IN, member=_member(data, "m1"), meeting=None)
    assert made.link is None
    assert made.no_link is not None and "too short" in made.no_link
    assert made.as_json()["link"] is None
    facebook = reach_group(channel=Channel.FACEBOOK)
    made = compose(facebook, {}, MessageKind.DETAILS, member=_member(facebook, "m1"), meeting=None)
    assert made.link is None and "Facebook" in (made.no_link or "")
    assert "07911 123456 and sam@example.org" in made.text


def test_group_message_names_nobody() -> None:
    data = reach_group()
    meeting = next_meeting(data, NOW, MessageKind.REMINDER)
    made = compose(data, {}, MessageKind.REMINDER, member=None, meeting=meeting)
    assert made.text.startswith("Hi everyone")
    for member in data.members:
        assert member.name not in made.text
        assert not member.known_as or member.known_as not in made.text
        assert "7911 123" not in made.text
    assert made.link is not None and made.link.startswith("https://wa.me/?text=")
    assert made.channel is None and made.as_json()["channel"] == "group"


def test_what_cannot_be_made_is_said() -> None:
    data = reach_group()
    with pytest.raises(ValidationError, match="Member"):
        compose(data, {}, MessageKind.CHECK_IN, member=None, meeting=None)
    with pytest.raises(ValidationError, match="no meeting is planned"):
        compose(data, {}, MessageKind.REMINDER, member=_member(data, "m1"), meeting=None)


def test_change_notice_for_a_cancelled_meeting() -> None:
    from dataclasses import replace

    data = reach_group()
    cancelled = replace(data.meetings[0], status=MeetingStatus.CANCELLED)
    data = replace(data, meetings=(cancelled,))
    assert next_meeting(data, NOW, MessageKind.REMINDER) is None
    meeting = next_meeting(data, NOW, MessageKind.CHANGE)
    made = compose(data, {}, MessageKind.CHANGE, member=None, meeting=meeting)
    assert "the meeting on Tuesday 1 December at 2:30pm is cancelled" in made.text


def test_own_template_with_a_typo_still_makes_a_message() -> None:
    data = reach_group()
    settings_ = {"messages": {"check-in": "Hello {nmae}! {name}"}}
    made = compose(data, settings_, MessageKind.CHECK_IN, member=_member(data, "m1"), meeting=None)
    assert made.text == "Hello {nmae}! Sammy"
    assert made.unknown == ("nmae",)


def test_times_as_people_write_them() -> None:
    from datetime import time

    assert [say_time(time(h, m)) for h, m in ((14, 0), (9, 30), (12, 0), (0, 15))] == [
        "2pm",
        "9:30am",
        "noon",
        "12:15am",
    ]


hostile = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=80, deadline=None)
@given(hostile, hostile, hostile)
def test_hostile_names_stay_literal_in_text_and_links(name: str, known: str, venue: str) -> None:
    from dataclasses import replace

    from coordinator.model import Venue
    from coordinator.user_text import strip_controls

    data = reach_group()
    try:
        data = replace(
            reach_group(name=name, known_as=known),
            venues=(Venue("v1", venue, "", ""),),
        )
    except ValidationError:
        return
    member = _member(data, "m1")
    made = compose(data, {}, MessageKind.REMINDER, member=member, meeting=data.meetings[0])
    shown = " ".join(strip_controls(known).replace("\n", " ").split()) if known.strip() else ""
    if shown and "{" not in shown:
        assert shown in " ".join(made.text.split())
    assert made.link is not None
    assert parse_qs(urlsplit(made.link).query)["text"] == [made.text]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_links_carry_any_text_exactly(text: str) -> None:
    for link, key in (
        (whatsapp_link("+447911123456", text), "text"),
        (sms_link("+447911123456", text), "body"),
    ):
        assert " " not in link and "\n" not in link
        query = parse_qs(urlsplit(link).query, keep_blank_values=True)
        assert query.get(key, [""]) == [text] or (not text and key not in query)
    mail = mailto_link("a@example.org", "S&b=c", text)
    query = parse_qs(urlsplit(mail).query, keep_blank_values=True)
    assert query["subject"] == ["S&b=c"]


def test_a_number_not_known_in_use_still_gets_its_link_with_the_doubt_said() -> None:
    data = reach_group(phone="07700 900123")
    made = compose(data, {}, MessageKind.CHECK_IN, member=_member(data, "m1"), meeting=None)
    assert made.link is not None and made.link.startswith("https://wa.me/447700900123")
    assert made.warning == "Their number may not be in use: check the digits."
    assert made.as_json()["warning"] == made.warning
    fine = reach_group()
    made = compose(fine, {}, MessageKind.CHECK_IN, member=_member(fine, "m1"), meeting=None)
    assert made.warning is None and "warning" not in made.as_json()


PHONES = st.sampled_from(["", "07911 12", "07911 123456"])
EMAILS = st.sampled_from(["", "sam@example.org"])


@settings(max_examples=80)
@given(channel=st.sampled_from(list(Channel)), phone=PHONES, email=EMAILS)
def test_the_way_that_exists_is_offered_and_said(channel: Channel, phone: str, email: str) -> None:
    """Their preferred way when we have what it needs; else the other way they gave us
    (said plainly); a link only ever to their own number or address; none (and why)
    only when there is no way, or they chose Facebook or post."""
    data = reach_group(channel=channel, phone=phone, email=email)
    member = _member(data, "m1")
    made = compose(data, {}, MessageKind.CHECK_IN, member=member, meeting=None)
    good_phone = phone == "07911 123456"
    if channel in (Channel.FACEBOOK, Channel.POST) or not (good_phone or email):
        assert made.link is None and made.no_link and made.instead is None
        return
    assert made.link is not None and made.no_link is None
    scheme = made.link.split(":", 1)[0]
    if scheme == "mailto":
        assert made.channel is Channel.EMAIL
        assert made.link.startswith(f"mailto:{email}?") and email
        assert ("reply to this email") in made.text or "email" not in made.text
    else:
        assert good_phone and SAM_E164[1:] in made.link.replace("+", "")
    preferred = {
        Channel.EMAIL: "mailto",
        Channel.WHATSAPP: "https",
        Channel.SMS: "sms",
        Channel.PHONE: "tel",
    }.get(channel)
    if preferred is None or scheme == preferred:
        assert made.instead is None
    else:
        assert made.instead is not None and "instead" in made.instead
        assert made.as_json()["instead"] == made.instead
