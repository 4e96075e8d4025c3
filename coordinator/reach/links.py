"""Links that open a message ready to send on the phone: WhatsApp, SMS and email.

Every part is percent-encoded (spaces as ``%20``, never ``+``, which some apps show as a
plus sign), so any text, however odd, arrives as written.
"""

from __future__ import annotations

from urllib.parse import quote


def _encode(text: str) -> str:
    return quote(text, safe="")


def _digits(e164: str) -> str:
    return "".join(ch for ch in e164 if ch.isdigit())


def whatsapp_link(e164: str | None, text: str) -> str:
    """``https://wa.me/<digits>?text=...``; with no number, WhatsApp asks which chat
    (how a message goes to the group's WhatsApp group)."""
    number = _digits(e164) if e164 else ""
    query = f"?text={_encode(text)}" if text else ""
    return f"https://wa.me/{number}{query}"


def sms_link(e164: str, text: str) -> str:
    """``sms:<E.164>?body=...`` (RFC 5724), opened by Android and iOS Messages."""
    query = f"?body={_encode(text)}" if text else ""
    return f"sms:{e164}{query}"


def mailto_link(address: str, subject: str, body: str) -> str:
    """``mailto:<address>?subject=...&body=...`` (RFC 6068); line ends become CRLF."""
    parts = []
    if subject:
        parts.append(f"subject={_encode(subject)}")
    if body:
        parts.append(
            f"body={_encode(body.replace(chr(13), '').replace(chr(10), chr(13) + chr(10)))}"
        )
    query = "?" + "&".join(parts) if parts else ""
    return f"mailto:{quote(address, safe='@')}{query}"


def tel_link(e164: str) -> str:
    """``tel:<E.164>``: opens the phone's dialler."""
    return f"tel:{e164}"
