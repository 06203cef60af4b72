"""Provides the served page: textual-serve's terminal client with local fonts, a heartbeat, and nothing from elsewhere."""

from __future__ import annotations

import secrets

FONT = "static/fonts/RobotoMono-VariableFont_wght.ttf"  # shipped inside textual-serve: no font is fetched elsewhere

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>salesplan</title>
<link rel="icon" href="data:,">
<link rel="preload" href="{font}" as="font" type="font/ttf" crossorigin>
<link rel="stylesheet" href="static/css/xterm.css">
<style>
@font-face {{ font-family: "Roboto Mono"; src: url("{font}") format("truetype"); font-weight: 100 700; }}
body {{ background: #0c181f; margin: 0; }}
#ended {{ display: none; position: absolute; inset: 0; z-index: 10; align-items: center; justify-content: center;
  flex-direction: column; gap: 16px; background: #0c181f; color: #eee; font: 16px "Roboto Mono", monospace; }}
body.-closed #ended {{ display: flex; }}
#ended button {{ padding: 12px 28px; font: inherit; background: #5e0ba7; color: #fff; border: none; cursor: pointer; }}
</style>
<script nonce="{nonce}">
// The heartbeat: the page says it is alive every {every} s. A browser that stops (a frozen tab, a sleeping laptop,
// a lost tunnel) is silent, and the server ends its app after {limit} s, so it does not hold the workspace.
(() => {{
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {{
    constructor(...args) {{
      super(...args);
      const beat = setInterval(() => {{
        if (this.readyState === Native.OPEN) this.send(JSON.stringify(["ping", String(Date.now())]));
        else if (this.readyState > Native.OPEN) clearInterval(beat);
      }}, {every_ms});
    }}
  }};
  window.addEventListener("DOMContentLoaded", () => {{
    document.getElementById("again").addEventListener("click", () => window.location.reload());
  }});
}})();
</script>
<script src="static/js/textual.js"></script>
</head>
<body>
<div id="ended"><div>This session has ended.</div><button id="again" type="button">Open again</button></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{websocket}" data-font-size="16"></div>
</body>
</html>
"""


def page(websocket: str, heartbeat: float) -> tuple[str, str]:
    """The page and the nonce its own script carries (the Content-Security-Policy allows that script only)."""
    nonce = secrets.token_urlsafe(16)
    every = max(1.0, heartbeat / 4)
    return PAGE.format(font=FONT, nonce=nonce, websocket=websocket, every=f"{every:g}", every_ms=int(every * 1000),
                       limit=f"{heartbeat:g}"), nonce


def policy(nonce: str) -> str:
    """Nothing but this server: scripts, styles, fonts and the socket; no frame may hold the page."""
    return ("default-src 'none'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self' 'unsafe-inline'; "  # xterm.js sizes its rows with style elements it writes itself
            "font-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; "  # the socket (CSP 3: 'self' takes in ws: to the same host; an IPv6 host can't be named)
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
