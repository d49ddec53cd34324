"""The web server of ``kmtui serve``: pages, one websocket per tab, limits, shutdown.

Built on textual-serve's :class:`~textual_serve.server.Server` for its static
files (xterm.js, the font) and file downloads; the page, the websocket handler
and the process supervision are kmtui's:

- ``/`` is :mod:`kmtui.serve.page`'s offline page, or the "class is full" page
  (HTTP 503) when ``--max-sessions`` tabs are open;
- ``/ws`` starts one :class:`~kmtui.serve.sessions.Session` per websocket and
  ends it when the socket closes, when it has been idle for
  ``--idle-timeout`` seconds, or when the server stops;
- SIGTERM and SIGINT end every session (at most about 2.5 s, hung ones
  included), close the sockets and stop listening.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import sys
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.server import Server

from kmtui.errors import InputError
from kmtui.serve import ServeConfig
from kmtui.serve.page import full_page, index_page
from kmtui.serve.sessions import KILL_WAIT, QUIT_GRACE, TERM_GRACE, Session

log = logging.getLogger("kmtui.serve")

STOP_BUDGET = QUIT_GRACE + TERM_GRACE + KILL_WAIT + 0.2
"""Seconds the server waits for all sessions to end when it stops (well under 3)."""

_MIN_SIZE, _MAX_SIZE = 2, 1000  # terminal cells a browser may ask for


def _cells(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(_MIN_SIZE, min(_MAX_SIZE, number))


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} seconds"


class KmtuiServer(Server):
    """Serve one kmtui per browser tab.

    Parameters
    ----------
    config : ServeConfig
        The checked options and the children's command line.
    """

    def __init__(self, config: ServeConfig) -> None:
        from shlex import join

        super().__init__(join(config.argv), host=config.host, port=config.port, title=config.title,
                         public_url=config.public_url)
        self.config = config
        self.sessions: set[Session] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.stopping = False

    # ---------------------------------------------------------------- URLs

    def static_url(self) -> str:
        """Where the static files are, as the page refers to them."""
        if self.config.public_url is not None:
            return self.config.public_url + "/static/"
        return "static/"  # relative to the page, so a proxy's path prefix is kept

    def websocket_url(self) -> str:
        """The websocket's URL for the page; ``""`` lets the browser derive it from the page's."""
        url = self.config.public_url
        if url is None:
            return ""
        scheme, rest = url.split(":", 1)
        return ("wss:" if scheme == "https" else "ws:") + rest + "/ws"

    def full(self) -> bool:
        """Whether every session is taken."""
        return sum(session.holds_a_place for session in self.sessions) >= self.config.max_sessions

    # ---------------------------------------------------------------- routes

    def make_app(self) -> web.Application:
        """The aiohttp application with kmtui's routes."""
        app = web.Application()
        app.add_routes([
            web.get("/", self.handle_page, name="index"),
            web.get("/ws", self.handle_session, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        return app

    async def handle_page(self, request: web.Request) -> web.Response:
        """The terminal page, or the "class is full" page."""
        headers = {"Cache-Control": "no-store", "Content-Security-Policy": _CSP}
        if self.full() or self.stopping:
            return web.Response(text=full_page(max_sessions=self.config.max_sessions, static_url=self.static_url()),
                                status=503, content_type="text/html", headers={**headers, "Retry-After": "30"})
        size = _cells(request.query.get("fontsize", "16"), 16)
        html = index_page(title=self.config.title, static_url=self.static_url(),
                          websocket_url=self.websocket_url(), font_size=max(8, min(48, size)))
        return web.Response(text=html, content_type="text/html", headers=headers)

    async def handle_session(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: start its kmtui, relay until either side ends, then end the process group."""
        ws = web.WebSocketResponse(heartbeat=15, timeout=1.0, max_msg_size=1 << 16)
        await ws.prepare(request)
        if self.stopping:
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"kmtui serve is stopping")
            return ws
        if self.full():
            why = f"The class is full: all {self.config.max_sessions} sessions are in use. Try again later."
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=why.encode())
            return ws
        width = _cells(request.query.get("width", "80"), 80)
        height = _cells(request.query.get("height", "24"), 24)

        async def close() -> None:
            await ws.close()

        session = Session(self.config.argv, write_bytes=ws.send_bytes, write_str=ws.send_str, close=close,
                          download_manager=self.download_manager, env=self.config.env)
        self.sessions.add(session)
        self.sockets.add(ws)
        idle: asyncio.Task[None] | None = None
        try:
            await session.start(width, height)
            log.info("session started: pid %s, %d of %d in use", session.pid, len(self.sessions),
                     self.config.max_sessions)
            if self.config.idle_timeout > 0:
                idle = asyncio.create_task(self._end_when_idle(session, ws))
            await self._relay(ws, session)
        except Exception as error:  # a child that cannot start must not take the server down
            log.error("session failed: %s", error)
        finally:
            if idle is not None:
                idle.cancel()
            how = await asyncio.shield(session.end())
            self.sessions.discard(session)
            self.sockets.discard(ws)
            if not ws.closed:
                await ws.close()
            log.info("session ended: pid %s (%s), %d in use", session.pid, how, len(self.sessions))
        return ws

    async def _relay(self, ws: web.WebSocketResponse, session: Session) -> None:
        """The browser's messages to the child, like textual-serve's, but tolerant of bad ones."""
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                session.touch()
                await session.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                session.touch()
                await session.set_terminal_size(_cells(data.get("width"), 80), _cells(data.get("height"), 24))
            elif kind == "ping":
                await ws.send_json(["pong", data])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    async def _end_when_idle(self, session: Session, ws: web.WebSocketResponse) -> None:
        timeout = self.config.idle_timeout
        while (left := timeout - session.idle_for()) > 0:
            await asyncio.sleep(left)
        log.info("session idle for %s: ending pid %s", _duration(timeout), session.pid)
        # Closing the socket ends the relay; the handler then ends the process group.
        why = f"No key was pressed for {_duration(timeout)}, so this session ended to free its place."
        await ws.close(code=WSCloseCode.OK, message=why.encode()[:120])

    # ---------------------------------------------------------------- stop

    async def stop_all(self) -> None:
        """End every session (hung ones too) and close every socket, within :data:`STOP_BUDGET`."""
        self.stopping = True
        # Say why first: once a child quits, its "exit" would close the socket without a reason.
        closing = [asyncio.ensure_future(ws.close(code=WSCloseCode.GOING_AWAY, message=b"kmtui serve stopped"))
                   for ws in list(self.sockets)]
        endings = [session.end() for session in list(self.sessions)]
        if endings or closing:
            await asyncio.wait([*endings, *closing], timeout=STOP_BUDGET)


# Only this server's own files, scripts and sockets: nothing else can be fetched.
_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:")


def _display_url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kmtui serve: %(message)s"))
    for name, level in (("kmtui.serve", logging.INFO), ("textual-serve", logging.WARNING)):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False


async def serve(config: ServeConfig) -> int:
    """Listen, serve until SIGTERM or SIGINT, end every session; the exit status.

    Raises
    ------
    InputError
        The address cannot be listened on.
    """
    _configure_logging()
    server = KmtuiServer(config)
    runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port, shutdown_timeout=0.5)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        if isinstance(error, socket.gaierror) or not error.errno:
            why = (error.strerror or str(error)).lower()
        else:  # asyncio's message repeats the address; the errno's own words are enough
            why = os.strerror(error.errno).lower()
        hint = " (is another kmtui serve running? choose another --port)" if "in use" in why else ""
        raise InputError(f"cannot listen on {config.host} port {config.port}: {why}{hint}") from None
    port = config.port
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            port = int(address[1])
            break
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    received: list[int] = []

    def request_stop(signum: int) -> None:
        received.append(signum)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop, signum)
    url = config.public_url + "/" if config.public_url else _display_url(config.host, port)
    print(f"kmtui serve: open {url} in a browser (listening on {config.host} port {port}; "
          f"up to {config.max_sessions} sessions; ctrl+c stops)", flush=True)
    if config.public_url:
        print(f"kmtui serve: the reverse proxy forwards {url} to {_display_url(config.host, port)}", flush=True)
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await server.stop_all()
        await runner.cleanup()
    print("kmtui serve: stopped", flush=True)
    return 130 if received and received[0] == signal.SIGINT else 0
