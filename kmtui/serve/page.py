"""The pages kmtui serve sends: the terminal page and the "class is full" page.

Both are self-contained: every URL in them is relative to the page (or under
``--public-url``), the font is the Roboto Mono that textual-serve bundles, and
xterm.js comes from textual-serve's static folder, so nothing is fetched from
outside the machine (textual-serve's own template loads Google Fonts).

Without ``--public-url`` the websocket URL is made in the browser from the
page's own address, so it is right behind a reverse proxy that keeps the path;
with it, it is ``ws(s)://<public-url>/ws``.
"""

from __future__ import annotations

from html import escape
from string import Template

_STYLE = """
  @font-face { font-family: "Roboto Mono"; font-weight: 100 700; font-style: normal;
               src: url("${static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
  @font-face { font-family: "Roboto Mono"; font-weight: 100 700; font-style: italic;
               src: url("${static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
  html, body { margin: 0; height: 100%; background: #0c181f; color: #f0f0f0;
               font-family: "Roboto Mono", ui-monospace, monospace; }
  .dialog { position: absolute; inset: 0; display: flex; align-items: center;
            justify-content: center; z-index: 10; }
  .box { max-width: 40em; padding: 2em 3em; background: #12232d; text-align: center; line-height: 1.5; }
  .box h1 { font-size: 1.3em; margin: 0 0 .6em 0; }
  button { padding: .8em 2em; margin-top: 1em; border: none; background: #0072B2; color: #fff;
           font: inherit; cursor: pointer; }
  button:hover { background: #56B4E9; }
"""

INDEX = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${static}css/xterm.css">
<style>${style}
  #terminal { position: absolute; inset: 0; opacity: 0; transition: opacity .3s ease-out; }
  body.-first-byte #terminal { opacity: 1; }
  body.-first-byte .starting { display: none; }
  .ended { display: none; }
  body.-closed .ended { display: flex; }
</style>
<script>
  // Keep the reason the server gives when it closes a session (idle, full,
  // stopped) so the "session ended" box can say it.
  (function () {
    var Native = window.WebSocket;
    function Tracked(url, protocols) {
      var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
      socket.addEventListener("close", function (event) {
        if (event.reason) { document.getElementById("ended-why").textContent = event.reason; }
      });
      socket.addEventListener("open", function () {
        // Take the keyboard once the socket is open (textual.js reports focus
        // over it), so keys work and the footer shows without a first click.
        var input = document.querySelector(".xterm-helper-textarea");
        if (!input) { return; }
        if (document.activeElement === input) { socket.send(JSON.stringify(["focus"])); } else { input.focus(); }
      });
      window.kmtuiSocket = socket;
      return socket;
    }
    Tracked.prototype = Native.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Tracked[k] = Native[k]; });
    window.WebSocket = Tracked;
  })();
</script>
<script src="${static}js/textual.js"></script>
</head>
<body>
<div class="dialog starting"><div class="box"><h1>kmtui</h1><div>starting ${title}…</div></div></div>
<div class="dialog ended"><div class="box">
  <h1>Session ended</h1><div id="ended-why">kmtui has stopped.</div>
  <button type="button" onclick="window.location.reload()">Start again</button>
</div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="${websocket_url}"
     data-font-size="${font_size}"></div>
<script>
  (function () {
    var terminal = document.getElementById("terminal");
    if (!terminal.dataset.sessionWebsocketUrl) {
      var base = window.location.pathname.replace(/[^\\/]*$$/, "");
      terminal.dataset.sessionWebsocketUrl =
        (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + base + "ws";
    }
  })();
</script>
</body>
</html>
""")

FULL = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kmtui: the class is full</title>
<style>${style}</style>
</head>
<body>
<div class="dialog"><div class="box">
  <h1>The class is full</h1>
  <div>All ${max_sessions} kmtui sessions on this server are in use.
  Try again when someone closes their tab, or ask your teacher to start
  <code>kmtui serve</code> with a larger <code>--max-sessions</code>.</div>
  <button type="button" onclick="window.location.reload()">Try again</button>
</div></div>
</body>
</html>
""")


def index_page(*, title: str, static_url: str, websocket_url: str, font_size: int) -> str:
    """The terminal page.

    Parameters
    ----------
    title : str
        Shown in the tab and while starting.
    static_url : str
        Where textual-serve's static folder is served, ending in ``/`` (may be relative).
    websocket_url : str
        The session websocket's absolute URL, or ``""`` to derive it in the browser.
    font_size : int
        Terminal font size in CSS pixels.
    """
    static = escape(static_url, quote=True)
    return INDEX.substitute(title=escape(title), static=static, style=Template(_STYLE).substitute(static=static),
                            websocket_url=escape(websocket_url, quote=True), font_size=int(font_size))


def full_page(*, max_sessions: int, static_url: str) -> str:
    """The page shown when every session is taken (``static_url`` as for :func:`index_page`)."""
    style = Template(_STYLE).substitute(static=escape(static_url, quote=True))
    return FULL.substitute(style=style, max_sessions=int(max_sessions))
