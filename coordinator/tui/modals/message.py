"""A message for one member, ready to leave the laptop: the text to copy, the link for
their preferred channel and a QR code of it to scan with the phone (DESIGN.md §7).

Nothing is sent. Keys: 1-6 choose the template (6: a short note whose QR code fits
80x24), c copies the text, k copies the link, r shows the QR code, l logs the check-in
(never automatic), Esc closes.

Terminals copy through an escape code that some (macOS Terminal) ignore: the text is
always on show, selectable, and the note after copying says what to do if nothing pastes.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from coordinator.model import CHANNEL_LABELS, Member, ValidationError
from coordinator.reach.messages import Message, compose, next_meeting
from coordinator.reach.templates import KIND_LABELS, MessageKind
from coordinator.tui.frame import coordinator_app, one_line, safe
from coordinator.tui.text_field import TextBox

if TYPE_CHECKING:
    pass

KIND_KEYS: dict[str, MessageKind] = {
    "1": MessageKind.REMINDER,
    "2": MessageKind.CHANGE,
    "3": MessageKind.CHECK_IN,
    "4": MessageKind.WELCOME,
    "5": MessageKind.DETAILS,
    "6": MessageKind.SHORT,
}
SHORT_LABELS: dict[MessageKind, str] = {
    MessageKind.REMINDER: "Reminder",
    MessageKind.CHANGE: "Change",
    MessageKind.CHECK_IN: "Check-in",
    MessageKind.WELCOME: "Welcome",
    MessageKind.DETAILS: "Details?",
    MessageKind.SHORT: "Short",
}
CANNOT_COPY_TERMINALS = frozenset({"Apple_Terminal"})


def copy_note(what: str) -> str:
    """What to say after copying: terminals that ignore the copy code get told so."""
    if os.environ.get("TERM_PROGRAM", "") in CANNOT_COPY_TERMINALS:
        return (
            f"This terminal cannot copy for the app. Select the {what} on screen with the "
            "mouse and copy it with cmd+C."
        )
    return (
        f"Copied the {what}. If nothing pastes, your terminal cannot copy for the app: "
        f"select the {what} on screen with the mouse (shift+drag in most terminals)."
    )


def log_check_in(node: DOMNode, member: Member) -> None:
    """Log a contact with ``member`` after sending (one key, never automatic), through
    the app's one log-a-contact flow (:func:`coordinator.tui.modals.outreach.open_check_in`).
    """
    from coordinator.tui.modals.outreach import open_check_in

    open_check_in(node, member)


def open_message(node: DOMNode, member: Member | None, kind: MessageKind | None = None) -> None:
    """Open the message modal for ``member`` (a check-in unless ``kind`` says), or for
    the whole group's WhatsApp chat (``member`` None: the reminder unless ``kind`` says)."""
    default = MessageKind.CHECK_IN if member is not None else MessageKind.REMINDER
    coordinator_app(node).push_screen(MessageModal(member, kind or default))


GROUP_KINDS = (MessageKind.REMINDER, MessageKind.CHANGE)


class MessageModal(ModalScreen[None]):
    """The message for one member (or, with ``member`` None, for the group's WhatsApp
    chat, naming nobody): choose the template, copy, scan, log."""

    DEFAULT_CSS = """
    MessageModal {
        align: center middle;
    }
    MessageModal > Vertical {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    MessageModal .message-title {
        text-style: bold;
        height: 1;
    }
    MessageModal #message-kinds {
        height: 1;
    }
    MessageModal #message-text {
        height: 9;
        min-height: 4;
    }
    MessageModal #message-link {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    MessageModal #message-note {
        height: auto;
        max-height: 3;
        color: $text-muted;
    }
    MessageModal Footer {
        dock: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"choose('{kind.value}')", KIND_LABELS[kind], show=False)
            for key, kind in KIND_KEYS.items()
        ),
        Binding("c", "copy_text", "Copy text", id="message-copy"),
        Binding("k", "copy_link", "Copy link", id="message-copy-link"),
        Binding("r", "qr", "QR code", id="message-qr", tooltip="Scan it with your phone"),
        Binding("l", "log", "Log check-in", id="message-log", tooltip="After sending"),
        Binding("escape", "close", "Close", id="message-close"),
    ]

    def __init__(self, member: Member | None, kind: MessageKind) -> None:
        super().__init__()
        self.member = member
        self.kind = kind
        self.message: Message | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(one_line(self._title(None)), classes="message-title")
            yield Static(id="message-kinds")
            yield TextBox(
                "", id="message-text", read_only=True, soft_wrap=True, show_line_numbers=False
            )
            yield Static(id="message-link")
            yield Static(id="message-note")
            yield Footer()

    def _title(self, made: Message | None) -> Text:
        """Who it is for and by which way: the way the link goes, which is not their
        preferred one when we lack what that needs (the note below says why)."""
        if self.member is None:
            return Text("Message for the group's WhatsApp chat (nothing is sent)")
        channel = made.channel if made is not None and made.channel else self.member.channel
        title = Text("Message for ")
        title.append_text(safe(self.member.display_name, "bold"))
        title.append(f" by {CHANNEL_LABELS[channel]} (nothing is sent)")
        return title

    def on_mount(self) -> None:
        self.show_kind(self.kind)
        self.query_one("#message-text", TextArea).focus()

    def show_kind(self, kind: MessageKind) -> None:
        """Make and show the ``kind`` message."""
        self.kind = kind
        kinds = Text()
        for key, each in KIND_KEYS.items():
            if self.member is None and each not in GROUP_KINDS:
                continue
            label = f"{key} {SHORT_LABELS[each]}"
            if each is kind:
                kinds.append(f"[{label}]", style="bold reverse")
            else:
                kinds.append(f" {label} ")
            kinds.append(" ")
        self.query_one("#message-kinds", Static).update(one_line(kinds))
        app = coordinator_app(self)
        data = app.data()
        member = None
        if self.member is not None:
            member = data.member(self.member.id) or self.member
        now = app.clock.now()
        note = Text()
        try:
            made = compose(
                data,
                app.store.settings(),
                kind,
                member=member,
                meeting=next_meeting(data, now, kind),
            )
        except ValidationError as error:
            self.message = None
            self.query_one("#message-text", TextArea).load_text("")
            self.query_one("#message-link", Static).update(Text(""))
            self.query_one("#message-note", Static).update(Text(f"⚠ {error}"))
            return
        self.message = made
        self.query_one(".message-title", Static).update(one_line(self._title(made)))
        self.query_one("#message-text", TextArea).load_text(made.text)
        link = Text("Link: ", style="bold")
        link.append(made.link if made.link is not None else (made.no_link or "none"))
        self.query_one("#message-link", Static).update(link)
        if made.unknown:
            names = ", ".join("{" + name + "}" for name in made.unknown)
            note.append(f"⚠ Not placeholders, left as written: {names}. ")
        if made.instead:  # not their preferred way: said first, it is what to check
            note.append(f"↪ {made.instead} ", style="bold")
        if made.warning:  # said before the keys: the link line is cut at 80 columns
            note.append(f"⚠ {made.warning} ")
        if self.member is None:
            note.append("c copies the text, r shows a QR code; WhatsApp asks which chat.")
        else:
            note.append("c copies the text, r shows a QR code; after sending, l logs it.")
        self.query_one("#message-note", Static).update(note)

    def action_choose(self, kind: str) -> None:
        self.show_kind(MessageKind(kind))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A group message has no check-in to log and only the group's kinds."""
        if self.member is None:
            if action == "log":
                return False
            if action == "choose" and MessageKind(str(parameters[0])) not in GROUP_KINDS:
                return False
        return True

    def action_copy_text(self) -> None:
        if self.message is None:
            self.notify("There is no message to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(self.message.text)
        self.notify(copy_note("text"), title="Copy")

    def action_copy_link(self) -> None:
        if self.message is None or self.message.link is None:
            self.notify("There is no link for this member.", severity="warning")
            return
        self.app.copy_to_clipboard(self.message.link)
        self.notify(copy_note("link"), title="Copy")

    def action_qr(self) -> None:
        from coordinator.tui.modals.qr import QrScreen

        if self.message is None or self.message.link is None:
            why = self.message.no_link if self.message else None
            self.notify(why or "There is no link for a QR code.", severity="warning")
            return
        who = self.member.display_name if self.member else "the group's chat"
        has_short = self.member is not None  # the group message has 1 and 2 only
        self.app.push_screen(QrScreen(self.message.link, who, short_note=has_short))

    def action_log(self) -> None:
        if self.member is None:
            return
        member = coordinator_app(self).data().member(self.member.id)
        if member is None:
            return
        self.dismiss(None)
        log_check_in(self.app, member)

    def action_close(self) -> None:
        self.dismiss(None)
