"""Benchmark: a classroom on ``kmtui serve`` — N tabs at once over the websocket, on loopback.

For each N (default 10 and 30) it starts ``python -m kmtui.serve --port 0
--max-sessions N --seed 3 --no-animation`` on 127.0.0.1 and then, as N browser
tabs would (the protocol of textual-serve's ``textual.js``; see
``tests/serve/wsclient.py``):

a. opens N websockets at the same moment (80×24 each, focused) and measures
   the time from opening until each tab has drawn its first full frame (the
   side panel's ``Step 0`` and the footer's ``Quit``); reports the last one
   (all drawn) and the median;
b. waits until every tab is quiet (the automatic elbow is computed after the
   first frame), then reads each child's memory: PSS from
   ``/proc/PID/smaps_rollup`` (shared pages divided among the processes that
   share them: the fair per-session figure) and RSS, plus the CPU seconds
   each child used so far (start-up and its elbow);
c. presses space in every tab at once, ``--steps`` times, and measures each
   key's latency: from sending ``["stdin", " "]`` until a message arrives whose
   text (escape sequences removed) shows the new ``Step k``;
d. stops the server with SIGTERM and measures until every child's process
   group is gone (must be < 3 s), counting any left (must be 0).

Screen text is found in the byte stream with one regular expression that drops
escape sequences, not with a terminal emulator, so that the client (on the same
two cores as the server) costs little. Every wait has a deadline, and the whole
run is bounded by ``--timeout``.

Run: ``python benchmarks/bench_serve.py [--sessions 10,30] [--steps 10] [--timeout 240] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "serve"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
from table import cpu_model  # noqa: E402
from wsclient import Server, group_alive, pss_kib  # noqa: E402

ESCAPES = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")
COLS, ROWS = 80, 24


def text_of(payload: bytes) -> str:
    """The characters in a chunk of terminal output, escape sequences removed."""
    return ESCAPES.sub(b"", payload).decode("utf-8", "replace")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rfind(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class BenchTab:
    """One tab: a websocket whose messages are stamped as they arrive and searched for text."""

    ws: aiohttp.ClientWebSocketResponse
    opened: float
    drawn_at: float | None = None
    last_message: float = 0.0
    bytes_in: int = 0
    seen: str = ""
    waiting: tuple[re.Pattern[str], asyncio.Future[float]] | None = None
    reader: asyncio.Task[None] | None = field(default=None, repr=False)

    async def read(self) -> None:
        while True:
            message = await self.ws.receive()
            now = time.perf_counter()
            if message.type != aiohttp.WSMsgType.BINARY:
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return
                continue
            self.last_message = now
            self.bytes_in += len(message.data)
            text = text_of(message.data)
            if self.drawn_at is None:
                self.seen += text
                if "Step 0" in self.seen and "Quit" in self.seen:
                    self.drawn_at = now
                    self.seen = ""
            elif self.waiting is not None:
                self.seen += text
                pattern, future = self.waiting
                if pattern.search(self.seen) and not future.done():
                    future.set_result(now)
                    self.waiting = None

    async def press(self, key: str, expect: str, timeout: float) -> float:
        """Send ``key``; seconds until the screen shows ``expect``."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.seen = ""
        self.waiting = (re.compile(re.escape(expect)), future)
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", key]))
        return await asyncio.wait_for(future, timeout) - sent


async def open_tab(http: aiohttp.ClientSession, url: str) -> BenchTab:
    opened = time.perf_counter()
    ws = await http.ws_connect(f"{url}?width={COLS}&height={ROWS}", max_msg_size=0)
    tab = BenchTab(ws=ws, opened=opened)
    tab.reader = asyncio.create_task(tab.read())
    await ws.send_str(json.dumps(["resize", {"width": COLS, "height": ROWS}]))
    await ws.send_str(json.dumps(["focus"]))
    return tab


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def classroom(n: int, steps: int, start_timeout: float) -> dict[str, Any]:
    server = Server("--max-sessions", str(n), "--seed", "3", "--no-animation")
    try:
        async with aiohttp.ClientSession() as http:
            t0 = time.perf_counter()
            tabs = list(await asyncio.gather(*(open_tab(http, server.ws_url) for _ in range(n))))
            deadline = time.perf_counter() + start_timeout
            while any(t.drawn_at is None for t in tabs):
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{sum(t.drawn_at is None for t in tabs)} of {n} tabs not drawn "
                                       f"after {start_timeout:.0f} s")
                await asyncio.sleep(0.02)
            drawn = [float(t.drawn_at) - t0 for t in tabs if t.drawn_at is not None]
            # quiet: the automatic elbow runs after the first frame
            quiet_deadline = time.perf_counter() + 60
            while time.perf_counter() < quiet_deadline:
                if all(time.perf_counter() - t.last_message > 1.0 for t in tabs):
                    break
                await asyncio.sleep(0.1)
            settled = time.perf_counter() - t0
            pids = server.sessions()
            pss = [pss_kib(p) / 1024 for p in pids]
            rss = [rss_kib(p) / 1024 for p in pids]
            cpu = [cpu_seconds(p) for p in pids]
            server_pss = pss_kib(server.proc.pid) / 1024
            startup_bytes = statistics.median(t.bytes_in for t in tabs)
            before = [t.bytes_in for t in tabs]
            latencies: list[float] = []
            for k in range(1, steps + 1):
                rounds = await asyncio.gather(*(t.press(" ", f"Step {k} ", 10.0) for t in tabs))
                latencies.extend(rounds)
                await asyncio.sleep(0.2)
            step_bytes = statistics.median(t.bytes_in - b for t, b in zip(tabs, before, strict=True)) / steps
            stop_start = time.perf_counter()
            status = server.terminate(signal.SIGTERM, timeout=10)
            while any(group_alive(p) for p in pids) and time.perf_counter() - stop_start < 10:
                await asyncio.sleep(0.02)
            stopped = time.perf_counter() - stop_start
            left = sum(group_alive(p) for p in pids)
            for t in tabs:
                if t.reader is not None:
                    t.reader.cancel()
    finally:
        server.kill()
    return {
        "sessions": n, "children": len(pids),
        "all_drawn_s": max(drawn), "drawn_median_s": statistics.median(drawn), "settled_s": settled,
        "pss_mib_median": statistics.median(pss), "pss_mib_max": max(pss), "pss_mib_total": sum(pss),
        "rss_mib_median": statistics.median(rss), "server_pss_mib": server_pss,
        "cpu_s_per_session_median": statistics.median(cpu),
        "key_ms_median": 1e3 * statistics.median(latencies), "key_ms_p90": 1e3 * pct(latencies, 0.9),
        "key_ms_max": 1e3 * max(latencies), "keys": len(latencies),
        "startup_bytes_median": startup_bytes, "bytes_per_step_median": step_bytes,
        "stop_s": stopped, "server_status": status, "processes_left": left,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sessions", default="10,30", help="classroom sizes, e.g. 10,30")
    ap.add_argument("--steps", type=int, default=10, help="space presses in every tab (default 10)")
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds for the whole run at most")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sessions.split(",") if s.strip()]
    print(f"kmtui serve classroom benchmark · {os.cpu_count()} CPUs · {cpu_model()} · {COLS}×{ROWS} · loopback")
    results: list[dict[str, Any]] = []
    end = time.monotonic() + args.timeout

    async def run_all() -> None:
        for n in sizes:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("out of time")
            results.append(await asyncio.wait_for(classroom(n, args.steps, min(120.0, left)), left))

    try:
        asyncio.run(run_all())
    except TimeoutError as error:
        print(f"stopped: {error}", file=sys.stderr)
    header = ("tabs", "all drawn", "median drawn", "PSS/session", "RSS/session", "CPU/session",
              "key median", "key p90", "key max", "bytes/step", "stop", "left")
    print("  ".join(f"{h:>12}" for h in header))
    for r in results:
        cells = (f"{r['sessions']}", f"{r['all_drawn_s']:.2f} s", f"{r['drawn_median_s']:.2f} s",
                 f"{r['pss_mib_median']:.1f} MiB", f"{r['rss_mib_median']:.1f} MiB",
                 f"{r['cpu_s_per_session_median']:.2f} s", f"{r['key_ms_median']:.0f} ms",
                 f"{r['key_ms_p90']:.0f} ms", f"{r['key_ms_max']:.0f} ms",
                 f"{r['bytes_per_step_median']:,.0f} B", f"{r['stop_s']:.2f} s", f"{r['processes_left']}")
        print("  ".join(f"{c:>12}" for c in cells))
    for r in results:
        print(f"{r['sessions']} tabs: server PSS {r['server_pss_mib']:.1f} MiB; all {r['children']} sessions "
              f"{r['pss_mib_total']:.0f} MiB PSS in total (max {r['pss_mib_max']:.1f}); quiet after "
              f"{r['settled_s']:.1f} s; {r['keys']} keys; first screen {r['startup_bytes_median']:,.0f} B/tab; "
              f"server exit status {r['server_status']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"cpu": cpu_model(), "results": results}, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0 if len(results) == len(sizes) and all(r["processes_left"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
