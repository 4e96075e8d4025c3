"""A QR code of a message link, drawn across the whole terminal to scan with a phone.

The code is drawn with half blocks in the theme's own colours, the darker of foreground
and background for the dark modules (a dark theme would otherwise draw it inverted,
which many phone cameras cannot read). A link with a message in it makes a large code:
when it does not fit the window, the screen says how big it must be and offers the code
of the chat alone (the phone opens the chat; paste the copied text).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Static

from coordinator.reach.qr import QrText, QrTooLong, darker_first, qr_text
from coordinator.tui.frame import safe

CAPTION_LINES = 3
SIDE_WIDTH = 30


def _rgb(colour: str) -> tuple[int, int, int] | None:
    if colour.startswith("#") and len(colour) >= 7:
        try:
            return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
        except ValueError:
            return None
    return None


def chat_only(link: str) -> str:
    """The link without the message: opens the chat (or a new message) only."""
    return link.split("?", 1)[0]


class QrScreen(ModalScreen[None]):
    """The QR code on its own, as large as the window allows. Esc goes back."""

    DEFAULT_CSS = """
    QrScreen {
        align: center middle;
        background: $background;
    }
    QrScreen #qr-row {
        width: auto;
        height: auto;
    }
    QrScreen #qr-code {
        width: auto;
        height: auto;
    }
    QrScreen #qr-side {
        width: 30;
        height: auto;
        padding-left: 2;
    }
    QrScreen #qr-caption {
        width: 100%;
        text-overflow: ellipsis;
        height: auto;
        max-height: 4;
        dock: bottom;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("c", "toggle_text", "With/without the text"),
    ]

    def __init__(self, link: str, who: str) -> None:
        super().__init__()
        self.link = link
        self.who = who
        self.with_text = "?" in link

    def compose(self) -> ComposeResult:
        with Horizontal(id="qr-row"):
            yield Static(id="qr-code")
            yield Static(id="qr-side")
        yield Static(id="qr-caption")

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self, event: events.Resize) -> None:
        self.draw()

    def chosen_link(self) -> str:
        return self.link if self.with_text else chat_only(self.link)

    def colours(self) -> tuple[str, str]:
        """(dark, light) from the theme."""
        variables = self.app.theme_variables
        fore, back = variables.get("foreground", "#000000"), variables.get("background", "#ffffff")
        fore_rgb, back_rgb = _rgb(fore), _rgb(back)
        if fore_rgb is None or back_rgb is None:
            return "#000000", "#ffffff"
        if darker_first(fore_rgb, back_rgb):
            return fore[:7], back[:7]
        return back[:7], fore[:7]

    def draw(self) -> None:
        link = self.chosen_link()
        width, height = self.app.size
        caption = Text()
        try:
            code: QrText | None = qr_text(link)
        except QrTooLong as error:
            code = None
            caption.append(str(error))
        shown = self.query_one("#qr-code", Static)
        side = self.query_one("#qr-side", Static)
        below = code is not None and code.fits(width, height - CAPTION_LINES)
        # A code too tall for a caption below may still fit with the words beside it.
        beside = (
            code is not None
            and not below
            and code.fits(width - SIDE_WIDTH, height)
            and height >= CAPTION_LINES
        )
        keys = "c: with/without the text  Esc: back" if "?" in self.link else "Esc: back"
        if code is not None and (below or beside):
            dark, light = self.colours()
            shown.update(Text("\n".join(code.lines), style=f"{dark} on {light}", no_wrap=True))
            shown.display = True
            caption.append("Scan with your phone's camera: ")
            caption.append_text(safe(self.who))
            caption.append(
                " (with the message)." if self.with_text else " (the chat only: paste the text)."
            )
        else:
            shown.display = False
            if code is not None:
                caption.append(
                    f"This QR code needs {code.width}x{code.height + CAPTION_LINES} characters; "
                    f"the window is {width}x{height}. Make the window bigger or the font "
                    "smaller"
                )
                caption.append(
                    ", press c for the chat alone, or use the short note (6) for a small code."
                    if self.with_text
                    else "."
                )
        caption.append("\n")
        caption.append(keys.replace("  ", "\n") if beside else keys, style="bold")
        side.display = beside
        self.query_one("#qr-caption", Static).display = not beside
        (side if beside else self.query_one("#qr-caption", Static)).update(caption)

    def action_toggle_text(self) -> None:
        if "?" not in self.link:
            return
        self.with_text = not self.with_text
        self.draw()

    def action_close(self) -> None:
        self.dismiss(None)
