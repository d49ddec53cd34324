"""``kmtui serve`` driven over its websocket: sessions start, step, and always end.

Each test starts the real server (``python -m kmtui.serve --port 0``) and
talks to it as textual.js does (see ``wsclient.py``); the screen is a pyte
screen. A session's process group must be gone within a few seconds of its
tab closing, of the server being stopped, or of an idle timeout — including a
kmtui hung in start-up (issue 9), which only SIGKILL ends.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
from pathlib import Path

import aiohttp
import pytest
from wsclient import ROOT, Server, Tab, group_alive

START = 25.0
"""Seconds a kmtui may take to draw on a loaded 2-core machine."""
GONE = 3.0
"""A session's process group must be gone this many seconds after its end began."""
DRAWN = r"Step 0 · init"
APP = ("--seed", "3", "--no-animation")


async def gone_within(pgids: list[int], timeout: float) -> float:
    """Seconds until every group in ``pgids`` is gone; fails if one outlives ``timeout``."""
    start = time.monotonic()
    while any(group_alive(g) for g in pgids):
        elapsed = time.monotonic() - start
        assert elapsed < timeout, f"process group(s) {[g for g in pgids if group_alive(g)]} alive after {elapsed:.1f} s"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


async def test_a_tab_steps_and_its_process_group_ends_when_it_closes(start_server, http) -> None:
    server: Server = start_server(*APP)
    page = await (await http.get(server.url)).text()
    assert 'id="terminal"' in page
    tab = await Tab(http, server.ws_url).open()
    assert await tab.wait_for(DRAWN, START), tab.text()
    assert "seed 3" in tab.text()
    # the page focuses the app at once: the footer shows the keys without a click
    assert await tab.wait_for(r"space Step", 5), tab.text()
    [pid] = server.sessions()
    assert os.getpgid(pid) == pid, "each session leads its own process group"
    await tab.key(" ")
    assert await tab.wait_for(r"Step 1 · assign", 10), tab.text()
    await tab.key(" ")
    assert await tab.wait_for(r"Step 2 · update", 10), tab.text()
    await tab.close()
    await gone_within([pid], GONE)
    assert server.sessions() == []


async def test_quitting_the_app_closes_the_tab(start_server, http) -> None:
    server: Server = start_server(*APP)
    tab = await Tab(http, server.ws_url).open()
    assert await tab.wait_for(DRAWN, START), tab.text()
    [pid] = server.sessions()
    await tab.key("q")
    await asyncio.wait_for(tab.closed.wait(), 5)
    await gone_within([pid], GONE)


@pytest.mark.parametrize("how, status", [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
async def test_stopping_the_server_ends_every_session_within_3_s(start_server, http, how, status) -> None:
    server: Server = start_server(*APP)
    tabs = [await Tab(http, server.ws_url).open() for _ in range(2)]
    for tab in tabs:
        assert await tab.wait_for(DRAWN, START), tab.text()
    pids = server.sessions()
    assert len(pids) == 2
    start = time.monotonic()
    assert server.terminate(how, timeout=3.0) == status
    await gone_within(pids, 3.0 - (time.monotonic() - start))
    assert time.monotonic() - start < 3.0
    for tab in tabs:
        await asyncio.wait_for(tab.closed.wait(), 1)
        assert tab.close_code == aiohttp.WSCloseCode.GOING_AWAY and tab.close_reason == "kmtui serve stopped"
    assert "kmtui serve: stopped" in server.proc.stdout.read()  # type: ignore[union-attr]


async def test_a_tab_closed_while_kmtui_starts_still_ends(start_server, http) -> None:
    """Issue 9: a resize and a quit during start-up can hang Textual's web driver; SIGKILL ends it."""
    server: Server = start_server(*APP)
    pgids: list[int] = []
    for size in (90, 70):
        tab = await Tab(http, server.ws_url).open()
        deadline = time.monotonic() + 5
        while not (new := [p for p in server.sessions() if p not in pgids]) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert new, "no child started"
        pgids += new
        await tab.send(["resize", {"width": size, "height": 20}])
        await tab.close()
    await gone_within(pgids, GONE + 1.0)
    assert server.sessions() == []


async def test_beyond_max_sessions_a_page_says_the_class_is_full(start_server, http) -> None:
    server: Server = start_server("--max-sessions", "1", *APP)
    first = await Tab(http, server.ws_url).open()
    assert await first.wait_for(DRAWN, START), first.text()
    response = await http.get(server.url)
    assert response.status == 503
    body = await response.text()
    assert "The class is full" in body and "All 1 kmtui sessions" in body
    second = await Tab(http, server.ws_url).open()
    await asyncio.wait_for(second.closed.wait(), 5)
    assert second.close_code == aiohttp.WSCloseCode.TRY_AGAIN_LATER
    assert "class is full" in second.close_reason
    assert len(server.sessions()) == 1, "a refused tab starts no process"
    [pid] = server.sessions()
    await first.close()
    await gone_within([pid], GONE)
    # the place is free once the child is gone (the server may still be finishing its relay)
    deadline = time.monotonic() + 1.0
    while (response := await http.get(server.url)).status != 200 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert response.status == 200 and 'id="terminal"' in await response.text()


async def test_an_idle_session_ends_after_the_idle_timeout(start_server, http) -> None:
    server: Server = start_server("--idle-timeout", "2", *APP)
    tab = await Tab(http, server.ws_url).open()
    assert await tab.wait_for(DRAWN, START), tab.text()
    [pid] = server.sessions()
    await tab.key(" ")  # a key resets the clock
    pressed = time.monotonic()
    assert await tab.wait_for(r"Step 1 · assign", 10), tab.text()
    await asyncio.wait_for(tab.closed.wait(), 2 + GONE + 2)
    idle = time.monotonic() - pressed
    assert idle >= 1.9, f"ended after {idle:.1f} s, before the timeout"
    assert "No key was pressed for 2 seconds" in tab.close_reason
    await gone_within([pid], GONE)


async def test_the_command_line_is_never_run_through_a_shell(start_server, http, tmp_path: Path) -> None:
    """A data file whose name is shell syntax is one argument to the child, and nothing is executed."""
    name = "iris $(touch pwned); `touch pwned2` 'q\".csv"
    shutil.copy(ROOT / "kmtui" / "data" / "iris.csv", tmp_path / name)
    server: Server = start_server(str(tmp_path / name), "--label", "species", *APP)
    page = await (await http.get(server.url)).text()
    assert "<title>kmtui · iris $(touch pwned); `touch pwned2` &#x27;q&quot;.csv</title>" in page
    tab = await Tab(http, server.ws_url).open()
    assert await tab.wait_for(DRAWN, START), tab.text()
    assert "kmtui · iris $(touch pwned); `touch pwned2` 'q\" (150" in tab.text(), tab.text()
    for cwd in (tmp_path, ROOT):
        assert not (cwd / "pwned").exists() and not (cwd / "pwned2").exists()
    await tab.close()


async def test_s_in_a_browser_delivers_the_screenshot_to_the_browser(start_server, http) -> None:
    """In a tab, s hands the SVG to the browser (a download) instead of saving it on the server."""
    before = set(ROOT.glob("kmtui-*.svg"))  # the server's folder (its children run there)
    server: Server = start_server(*APP)
    tab = await Tab(http, server.ws_url).open()
    assert await tab.wait_for(DRAWN, START), tab.text()
    await tab.key("s")
    deadline = time.monotonic() + 10
    while not any(t and t[0] == "deliver_file_start" for t in tab.texts) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    [(_, key)] = [t for t in tab.texts if t and t[0] == "deliver_file_start"]
    assert await tab.wait_for(r"sent to your browser", 10), tab.text()
    async with http.get(f"{server.url}download/{key}") as reply:
        assert reply.status == 200
        body = await reply.read()
    assert body.startswith(b"<svg") and b"kmtui" in body
    assert set(ROOT.glob("kmtui-*.svg")) == before, "nothing is saved on the server"
    await tab.close()
