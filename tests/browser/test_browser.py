"""kmtui in a real browser: Debian's chromium, headless, driven by Playwright for Python.

The page is loaded with every request that would leave the machine blocked
(and counted: there must be none), space is pressed twice, and the screen must
show the assign step, read from xterm.js's own buffer. A screenshot is saved to
``$KMTUI_ARTIFACTS`` (default: a temporary folder) for CI to keep.

Skips, saying why, when Playwright or the system chromium is missing (CI's
``.ci/run`` installs both). Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pyte
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

CHROMIUM = os.environ.get("KMTUI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START = 30.0

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed "
                               "(pip install playwright; no 'playwright install' needed: the system chromium is used)")
pytest.importorskip("textual_serve", reason="kmtui serve needs textual-serve (pip install '.[serve]')")
pytest.importorskip("aiohttp", reason="the serve tests need aiohttp")
if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip(f"no chromium at {CHROMIUM} (as root: apt-get install -y chromium; or set KMTUI_CHROMIUM)",
                allow_module_level=True)

from wsclient import Server  # noqa: E402


def artifacts() -> Path:
    """Where screenshots go: $KMTUI_ARTIFACTS, or a fresh temporary folder."""
    folder = os.environ.get("KMTUI_ARTIFACTS") or tempfile.mkdtemp(prefix="kmtui-artifacts-")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server("--seed", "3", "--no-animation")
    try:
        yield srv
    finally:
        srv.kill()


class Screen:
    """What the browser's terminal shows: the websocket frames the page received, fed into pyte.

    xterm.js draws on a canvas, so its text is not in the DOM; the frames are
    exactly what it was given, at the size the page asked for.
    """

    def __init__(self) -> None:
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None
        self.pending: list[bytes] = []

    def sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            if self.screen is None:
                self.screen = pyte.Screen(int(size["width"]), int(size["height"]))
                self.stream = pyte.ByteStream(self.screen)
                for chunk in self.pending:
                    self.stream.feed(chunk)
            else:
                self.screen.resize(int(size["height"]), int(size["width"]))

    def received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            if self.stream is None:
                self.pending.append(payload)
            else:
                self.stream.feed(payload)

    def text(self) -> str:
        return "" if self.screen is None else "\n".join(self.screen.display)

    def wait_for(self, page: object, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert time.monotonic() < deadline, f"{needle!r} not on screen after {timeout} s:\n{self.text()}"
            page.wait_for_timeout(50)  # type: ignore[attr-defined]  # lets Playwright deliver events


def test_kmtui_draws_and_steps_in_chromium_with_nothing_fetched_from_outside(server: Server) -> None:
    outside: list[str] = []
    errors: list[str] = []
    uncaught: list[str] = []

    def only_loopback(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(request.url)
            route.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("pageerror", lambda error: uncaught.append(str(error)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.route("**/*", only_loopback)
            screen = Screen()

            def watch(ws: object) -> None:
                ws.on("framesent", screen.sent)  # type: ignore[attr-defined]
                ws.on("framereceived", screen.received)  # type: ignore[attr-defined]

            page.on("websocket", watch)
            page.goto(server.url)
            screen.wait_for(page, "Step 0 · init", START)
            # the page took the keyboard at once: the footer shows the keys without a click
            screen.wait_for(page, "space Step", 10)
            page.keyboard.press("Space")
            screen.wait_for(page, "Step 1 · assign", 10)
            page.keyboard.press("Space")
            screen.wait_for(page, "Step 2 · update", 10)
            page.keyboard.press("Space")  # and back to an assign
            screen.wait_for(page, "Step 3 · assign", 10)
            assert "seed 3" in screen.text()
            assert page.evaluate("document.body.classList.contains('-first-byte')"), "xterm.js drew nothing"
            time.sleep(0.3)  # let xterm.js paint the last frame
            shot = artifacts() / "kmtui-browser.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            print(f"screenshot: {shot}")
            [pid] = server.sessions()
            page.close()  # the tab closes: its kmtui ends
            deadline = time.monotonic() + 3
            while server.sessions() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert server.sessions() == [], "the tab's kmtui outlived the tab"
        finally:
            browser.close()
    assert outside == [], f"requests that would have left the machine: {outside}"
    assert uncaught == [], uncaught
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_an_idle_tab_says_why_its_session_ended() -> None:
    server = Server("--seed", "3", "--no-animation", "--idle-timeout", "2")
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1024, "height": 640})
                page.route("**/*", lambda route: route.continue_()
                           if (urlsplit(route.request.url).hostname or "") in ("127.0.0.1", "localhost")
                           else route.abort())
                page.goto(server.url)
                page.wait_for_selector("body.-first-byte", timeout=START * 1000)
                page.wait_for_selector(".ended", state="visible", timeout=10_000)
                assert page.inner_text("#ended-why") == (
                    "No key was pressed for 2 seconds, so this session ended to free its place.")
                assert server.sessions() == [] or wait_gone(server)
            finally:
                browser.close()
    finally:
        server.kill()


def wait_gone(server: Server, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while server.sessions() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.sessions() == []
