"""A test client for ``kmtui serve``: the server as a process, tabs as websockets.

:class:`Server` starts ``python -m kmtui.serve --port 0 ...`` in its own
process group and reads the URL it prints. :class:`Tab` is what a browser tab
does, without a browser: it opens ``/ws`` with aiohttp, feeds every binary
message into a :mod:`pyte` screen, and sends keys as ``["stdin", ...]``
envelopes, as textual-serve's ``textual.js`` does. Also used by
``benchmarks/bench_serve.py``.

Every wait has a deadline; :meth:`Server.kill` ends whatever is left.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pyte

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"listening on (\S+) port (\d+);")


def children_of(pid: int) -> list[int]:
    """The pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def group_alive(pgid: int) -> bool:
    """Whether any live (not zombie) process is in process group ``pgid``."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def pss_kib(pid: int) -> int:
    """Proportional set size of ``pid`` in KiB (from /proc/PID/smaps_rollup)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise ValueError(f"no Pss line for pid {pid}")


def wait_until(condition: Any, timeout: float, step: float = 0.05) -> bool:
    """Poll ``condition()`` until true or ``timeout`` seconds pass; whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


class Server:
    """``python -m kmtui.serve`` on a free loopback port."""

    def __init__(self, *args: str, timeout: float = 15.0) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kmtui.serve", "--port", "0", *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # the server prints the URL once it listens
        match = URL_LINE.search(line)
        if match is None:
            self.kill()
            raise RuntimeError(f"kmtui serve did not start: {line!r} {self.stderr()!r}")
        host = match.group(1)
        self.url = f"http://{f'[{host}]' if ':' in host else host}:{match.group(2)}/"
        self.ws_url = "ws" + self.url[4:] + "ws"

    def sessions(self) -> list[int]:
        """The pids of the kmtui children (one per open tab)."""
        return children_of(self.proc.pid)

    def stderr(self) -> str:
        """What the server wrote on standard error (only after it ended)."""
        if self.proc.poll() is None or self.proc.stderr is None or self.proc.stderr.closed:
            return ""
        return self.proc.stderr.read()

    def terminate(self, sig: int = signal.SIGTERM, timeout: float = 5.0) -> int | None:
        """Send ``sig`` to the server alone; its exit status, or None if still running after ``timeout``."""
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """End the server and anything left of its children, whatever state they are in."""
        pids = self.sessions() if self.proc.poll() is None else []
        for pgid in [self.proc.pid, *pids]:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.proc.wait(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


class Tab:
    """One browser tab, spoken to over the websocket protocol; its screen is a pyte screen."""

    def __init__(self, http: aiohttp.ClientSession, ws_url: str, cols: int = 100, rows: int = 32) -> None:
        self.http = http
        self.ws_url = ws_url
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.texts: list[Any] = []
        self.bytes_in = 0
        self.close_code: int | None = None
        self.close_reason = ""
        """The code and reason the server gave when it closed the socket."""
        self.closed = asyncio.Event()
        self.changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def open(self, focus: bool = True) -> Tab:
        """Connect and send the size, as textual.js does on open, then focus (kmtui's page focuses at once)."""
        self.ws = await self.http.ws_connect(f"{self.ws_url}?width={self.cols}&height={self.rows}")
        self._reader = asyncio.create_task(self._read())
        await self.send(["resize", {"width": self.cols, "height": self.rows}])
        if focus:
            await self.send(["focus"])
        return self

    async def _read(self) -> None:
        assert self.ws is not None
        while True:
            message = await self.ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self.bytes_in += len(message.data)
                self.stream.feed(message.data)
                self.changed.set()
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            else:  # CLOSE (with the server's code and reason), CLOSING, CLOSED or ERROR
                if message.type == aiohttp.WSMsgType.CLOSE:
                    self.close_code, self.close_reason = int(message.data), str(message.extra or "")
                break
        self.closed.set()
        self.changed.set()

    async def send(self, envelope: list[Any]) -> None:
        assert self.ws is not None
        await self.ws.send_str(json.dumps(envelope))

    async def key(self, text: str) -> None:
        """Type ``text`` (a space is the step key)."""
        await self.send(["stdin", text])

    def text(self) -> str:
        """The screen as text, one line per row."""
        return "\n".join(self.screen.display)

    async def wait_for(self, pattern: str, timeout: float) -> re.Match[str] | None:
        """Wait until the screen matches the regular expression ``pattern``; the match or None."""
        regex = re.compile(pattern)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = regex.search(self.text())
            if found or self.closed.is_set():
                return found
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return None
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def close(self) -> None:
        """Close the tab (what a browser does when the tab is closed)."""
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.wait([self._reader], timeout=2)
