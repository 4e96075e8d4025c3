"""The page a browser tab gets: textual-serve's terminal, and nothing from the internet.

textual-serve's own page fetches a font from Google on every load (a privacy leak, and
a stall when offline); this one serves the fonts textual-serve ships, has a title,
puts the keyboard in the terminal as soon as the app is up, and says calmly when the
app has closed. Its script and style are files of this package (``static/``), so the
content security policy needs no inline code.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
TITLE = "Coordinator"
FONT_SIZE = 16
CLOSED = "Closed. Everything is saved."


def render(websocket_url: str, title: str = TITLE) -> str:
    """The page, with the websocket it connects to (this server's own address)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf" as="font"
  type="font/ttf" crossorigin>
<link rel="stylesheet" href="/static/css/xterm.css">
<link rel="stylesheet" href="/page/page.css">
<script src="/page/page.js"></script>
<script src="/static/js/textual.js"></script>
</head>
<body>
<div class="dialog opening" aria-live="polite"><p>Opening {escape(title)}…</p></div>
<div class="dialog closed" role="status">
  <p>{escape(CLOSED)}</p>
  <p>You can close this tab.</p>
  <p><button type="button" id="open-again">Open again</button></p>
</div>
<div id="terminal" class="textual-terminal"
  data-session-websocket-url="{escape(websocket_url)}"
  data-font-size="{FONT_SIZE}"></div>
</body>
</html>
"""
