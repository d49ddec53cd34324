"""Benchmark: the real kmtui app in a pseudo-terminal, beside its anchors in the same run.

Measures the terminal-side budgets of the design (design.md, "Budgets") at
160×48 (``TERM=xterm-256color``, no ``COLORTERM``: 256 colours, as over ssh):

a. start → first full frame of ``python -m kmtui --seed 3 --no-animation``
   against a Textual hello world (``anchors/hello.py``): time from spawning the
   process until the screen shows the whole first frame (header, the scatter
   with its axes and centroids, the side panel, the narration and the footer;
   the hello world: its text). Runs interleaved. Budget ≤ 1.5× the hello world.
b. keypress → screen updated at 10 000 points (a CSV of three blobs in a
   temporary file, ``kmtui FILE --seed 3 --no-animation``): time from writing
   ``space`` (or ``b``) to the master side until the bytes that change the side
   panel's step counter arrive; also until the end of that burst of output
   (the whole frame). Textual's own floor, the hello world's counter bumped
   by ``space``, is measured the same way. Budget ≤ 20 ms median.
c. bytes written to the terminal by kmtui (animation on) per glide frame (one
   update step's bytes divided by its frames) and per second of play (``p``
   to convergence), against ``anchors/plotext_anim.py``, a naive
   textual-plotext app animating the same scene at 30 fps. Budget ≤ 1/10.
d. CPU seconds (``/proc/PID/stat`` utime + stime) used during 10 idle seconds
   by kmtui and by the hello world, and the bytes written meanwhile.
   Budget ≈ 0 (here: ≤ 0.05 s, half a percent of a core).
e. resident memory (``VmRSS``, ``VmHWM``) at 100 000 points after a few
   steps; the hello world's for scale. Budget ≤ 150 MB.

How it reads the terminal: a thread does nothing but ``os.read`` on the
master side and stamps each chunk with ``time.perf_counter()`` as it
arrives; a second thread feeds the chunks to a ``pyte`` screen (slow: about
2 µs a byte) and checks what the benchmark waits for, crediting the arrival
time of the chunk that made it true. So a slow emulator delays the check, not
the measurement, and never back-pressures the app. Frames are counted as
bursts of output separated by at least ``FRAME_GAP`` seconds of silence.

Run: ``python benchmarks/bench_app.py [--quick] [--only a,b,c,d,e] [--json PATH] [--profile DIR]``.
``--profile DIR`` runs kmtui under pyinstrument (quitting it with ``q`` so the
profile gets written), to see where the time of a part goes, e.g.
``--only b --quick --profile /tmp/prof``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import queue
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import print_table  # noqa: E402

import numpy as np
import pyte

ROOT = Path(__file__).resolve().parents[1]
ANCHORS = Path(__file__).resolve().parent / "anchors"
PY = sys.executable
COLS, ROWS = 160, 48
FRAME_GAP = 0.008
"""Silence (s) that separates two frames; Textual writes one frame in one go, at most every 1/60 s."""
QUIET = 0.25
"""Silence (s) before each timed key: the previous key's work (a footer rebuild, say) is over."""
CLK_TCK = os.sysconf("SC_CLK_TCK")

KMTUI = [PY, "-m", "kmtui"]
PROFILE_DIR: Path | None = None
"""Set by ``--profile``: kmtui runs under pyinstrument, one text profile per process here."""
_profiles = 0


def kmtui_cmd() -> list[str]:
    """The command that starts kmtui (under pyinstrument with ``--profile``)."""
    global _profiles
    if PROFILE_DIR is None:
        return list(KMTUI)
    _profiles += 1
    out = PROFILE_DIR / f"kmtui-{_profiles:02d}.txt"
    return [PY, "-m", "pyinstrument", "-r", "text", "--show-all", "-o", str(out), *KMTUI[1:]]
HELLO = [PY, str(ANCHORS / "hello.py")]
PLOTEXT_ANIM = [PY, str(ANCHORS / "plotext_anim.py")]

STEP_RE = re.compile(r"Step (\d+) · (init|assign|update)")


# ---------------------------------------------------------------- the terminal


class Timeout(Exception):
    """What the benchmark waited for did not appear in time."""


@dataclass
class _Watch:
    pred: Callable[[PtyApp], bool]
    time: float | None = None


@dataclass
class PtyApp:
    """A program on the slave side of a pty, its output read eagerly and emulated with pyte."""

    argv: list[str]
    cols: int = COLS
    rows: int = ROWS
    cwd: Path = ROOT
    feed: bool = True
    """Whether to emulate the screen (off: only count bytes, for floods pyte cannot keep up with)."""
    keep: bool = False
    """Keep the raw output in ``raw`` as (arrival time, bytes) (for looking into frames)."""
    chunks: list[tuple[float, int]] = field(default_factory=list)
    """(arrival time, bytes) of every read, in order."""
    raw: list[tuple[float, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TEXTUAL", "PYTEST")) and k not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR")}
        env.update(TERM="xterm-256color", COLUMNS=str(self.cols), LINES=str(self.rows),
                   PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=self.cwd, start_new_session=True, close_fds=True)
        os.close(slave)
        self.screen = pyte.Screen(self.cols, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self.lines = [""] * self.rows
        self.nbytes = 0
        self.fed_upto = 0.0
        self.closed = False
        self._backlog = bytearray()
        self._queue: queue.SimpleQueue[tuple[float, bytes] | None] = queue.SimpleQueue()
        self._cond = threading.Condition()
        self._watch: _Watch | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._reader.start()
        self._feeder.start()

    # ------------------------------------------------------------ threads

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the slave side closed
                break
            if not data:
                break
            t = time.perf_counter()
            self.chunks.append((t, len(data)))
            if self.keep:
                self.raw.append((t, data))
            self.nbytes += len(data)
            self._queue.put((t, data))
        self._queue.put(None)

    def _feed(self) -> None:
        while True:
            item = self._queue.get()
            with self._cond:
                if item is None:
                    self.closed = True
                    self._cond.notify_all()
                    return
                t, data = item
                if self.feed:
                    if self._backlog:
                        self._emulate(bytes(self._backlog))
                        self._backlog.clear()
                    self._emulate(data)
                else:
                    self._backlog.extend(data)
                self.fed_upto = t
                w = self._watch
                if w is not None and w.time is None and self.feed and w.pred(self):
                    w.time = t
                self._cond.notify_all()

    def _emulate(self, data: bytes) -> None:
        self.stream.feed(data)
        buf, cols = self.screen.buffer, self.cols
        for y in self.screen.dirty:
            if 0 <= y < self.rows:
                line = buf[y]
                self.lines[y] = "".join(line[x].data for x in range(cols))
        self.screen.dirty.clear()

    # ------------------------------------------------------------ waiting

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def has(self, *needles: str) -> bool:
        return all(any(n in line for line in self.lines) for n in needles)

    def expect(self, pred: Callable[[PtyApp], bool], timeout: float,
               action: Callable[[], float] | None = None) -> tuple[float, float]:
        """Wait until ``pred`` holds; run ``action`` (which returns its own start time) first.

        Returns ``(start, arrival)``: when the action (or the wait) began, and
        when the chunk arrived after which ``pred`` first held.
        """
        w = _Watch(pred)
        with self._cond:
            self._watch = w
        start = action() if action is not None else time.perf_counter()
        deadline = time.monotonic() + timeout
        try:
            with self._cond:
                if w.time is None and action is None and pred(self):
                    w.time = self.fed_upto
                while w.time is None:
                    left = deadline - time.monotonic()
                    if left <= 0 or self.closed:
                        status = "exited" if self.closed else f"timed out after {timeout} s"
                        raise Timeout(f"{' '.join(self.argv[-4:])}: {status}; screen:\n{self.text}")
                    self._cond.wait(min(left, 0.5))
        finally:
            with self._cond:
                self._watch = None
        return start, w.time

    def quiet(self, seconds: float = 0.15, timeout: float = 10.0) -> float:
        """Wait until nothing has arrived for ``seconds`` and the screen has caught up."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.perf_counter()
            last = self.chunks[-1][0] if self.chunks else self.t_spawn
            if now - last >= seconds and self.fed_upto >= last and self._queue.empty():
                return last
            if time.monotonic() > deadline:
                raise Timeout(f"output did not settle within {timeout} s")
            time.sleep(0.01)

    def press(self, keys: bytes) -> float:
        t = time.perf_counter()
        os.write(self.master, keys)
        return t

    def burst_end(self, t: float) -> float:
        """Arrival time of the last chunk of the burst that contains the chunk at ``t``."""
        times = [c[0] for c in self.chunks]
        i = times.index(t)
        while i + 1 < len(times) and times[i + 1] - times[i] < FRAME_GAP:
            i += 1
        return times[i]

    def bytes_between(self, t0: float, t1: float) -> int:
        return sum(n for t, n in self.chunks if t0 <= t <= t1)

    def frames_between(self, t0: float, t1: float) -> list[int]:
        """Bytes of each burst (frame) that arrived between t0 and t1."""
        frames: list[int] = []
        last = None
        for t, n in self.chunks:
            if not t0 <= t <= t1:
                continue
            if last is None or t - last >= FRAME_GAP:
                frames.append(0)
            frames[-1] += n
            last = t
        return frames

    # ------------------------------------------------------------ the process

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)

    def memory(self) -> dict[str, float]:
        out = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024  # kB → MiB
        return out

    def close(self) -> None:
        if self.proc.poll() is None and "pyinstrument" in self.argv:
            os.write(self.master, b"q")  # a profiler writes its report only on a clean exit
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        self._feeder.join(timeout=5)
        os.close(self.master)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- predicates


def kmtui_first_frame(t: PtyApp) -> bool:
    """Header, scatter (axes and centroids), side panel, narration and footer are all there."""
    return t.has("kmtui ·", "K=3", "Step 0 · init", "Step 0 — init", "Quit", "✖", "└", "┤")


def hello_first_frame(t: PtyApp) -> bool:
    return t.has("Hello, world! presses: 0")


def elbow_done(t: PtyApp) -> bool:
    return t.has("knee at K=") or t.has("no clear knee") or t.has("Elbow failed") or t.has("press e to compute")


def step_counter(t: PtyApp) -> int | None:
    for line in t.lines:
        m = STEP_RE.search(line)
        if m:
            return int(m.group(1))
    return None


# ---------------------------------------------------------------- helpers


def summary(xs: list[float]) -> dict[str, Any]:
    ts = sorted(xs)
    if not ts:
        return {"median": None, "p95": None, "min": None, "max": None, "n": 0}
    p95 = ts[min(len(ts) - 1, max(0, int(np.ceil(0.95 * len(ts))) - 1))]
    return {"median": statistics.median(ts), "p95": p95, "min": ts[0], "max": ts[-1], "n": len(ts)}


def blobs_csv(path: Path, n: int, seed: int = 0) -> Path:
    """Three gaussian blobs, ``n`` rows of ``x,y`` with a header."""
    rng = np.random.default_rng(seed)
    centres = np.array([(-5.0, -3.0), (5.0, -3.0), (0.0, 5.0)])
    X = centres[rng.integers(0, 3, n)] + rng.normal(0.0, 1.2, size=(n, 2))
    with path.open("w") as fh:
        fh.write("x,y\n")
        np.savetxt(fh, X, fmt="%.5f", delimiter=",")
    return path


def row(what: str, unit: str, kmtui: float | None, anchor: float | None, anchor_name: str | None,
        budget: str, met: bool | None, **extra: Any) -> dict[str, Any]:
    ratio = None if kmtui is None or not anchor else kmtui / anchor
    return {"what": what, "unit": unit, "kmtui": kmtui, "anchor": anchor, "anchor_name": anchor_name,
            "ratio": ratio, "budget": budget, "met": met, **extra}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- a. start-up


def start_once(argv: list[str], pred: Callable[[PtyApp], bool], timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from spawn to the first full frame, and the CPU seconds the process had used by then.

    The CPU time (all its threads) is read as soon as the frame is seen: it
    varies less than the wall time on a busy machine, so it shows where a
    difference comes from.
    """
    with PtyApp(argv) as t:
        _, arrival = t.expect(pred, timeout)
        return arrival - t.t_spawn, t.cpu_seconds()


def bench_startup(runs: int) -> dict[str, Any]:
    kmtui_argv = [*kmtui_cmd(), "--seed", "3", "--no-animation"]
    start_once(kmtui_argv, kmtui_first_frame)  # warm the bytecode and page caches
    start_once(HELLO, hello_first_frame)
    km: list[tuple[float, float]] = []
    hello: list[tuple[float, float]] = []
    for i in range(runs):
        pair = [(kmtui_argv, kmtui_first_frame, km), (HELLO, hello_first_frame, hello)]
        for argv, pred, out in (pair if i % 2 == 0 else pair[::-1]):
            out.append(start_once(argv, pred))
    k, h = summary([w for w, _ in km]), summary([w for w, _ in hello])
    kc, hc = summary([c for _, c in km]), summary([c for _, c in hello])
    ratio = k["median"] / h["median"]
    log(f"a. start → first full frame: kmtui {k['median'] * 1e3:.0f} ms, hello world {h['median'] * 1e3:.0f} ms "
        f"({ratio:.2f}x); CPU by then {kc['median'] * 1e3:.0f} ms vs {hc['median'] * 1e3:.0f} ms")
    return {
        "kmtui_s": [w for w, _ in km], "hello_s": [w for w, _ in hello],
        "kmtui_cpu_s": [c for _, c in km], "hello_cpu_s": [c for _, c in hello],
        "kmtui": k, "hello": h, "kmtui_cpu": kc, "hello_cpu": hc,
        "rows": [
            row(f"start → first full frame (s, median of {runs})", "s", k["median"], h["median"],
                "Textual hello world", "≤ 1.5× anchor", ratio <= 1.5, kmtui_p95=k["p95"], anchor_p95=h["p95"]),
            row("  CPU used by the first full frame (s, median)", "s", kc["median"], hc["median"],
                "Textual hello world", "(shows why)", None),
        ],
    }


# ---------------------------------------------------------------- b. keypress


def _press_and_time(t: PtyApp, key: bytes, want: Callable[[PtyApp], bool], timeout: float = 3.0
                    ) -> tuple[float, float] | None:
    """(to the counter's change, to the end of that frame) in seconds, after a quiet screen.

    None when nothing changed within ``timeout`` (the key did nothing: the run had ended).
    """
    t.quiet(QUIET)
    try:
        start, arrival = t.expect(want, timeout, action=lambda: t.press(key))
    except Timeout:
        if t.closed:
            raise
        return None
    end = t.burst_end(arrival)
    return arrival - start, end - start


def _at_end(t: PtyApp) -> bool:
    return t.has("run finished") or t.has("converged after")


def bench_keypress(presses: int, n_points: int, tmp: Path) -> dict[str, Any]:
    csv = blobs_csv(tmp / f"blobs-{n_points}.csv", n_points)
    space: list[tuple[float, float]] = []
    back: list[tuple[float, float]] = []
    with PtyApp([*kmtui_cmd(), str(csv), "--seed", "3", "--no-animation"]) as t:
        t.expect(kmtui_first_frame, 60)
        t.expect(elbow_done, 120)  # the auto elbow runs in a thread: let it finish first
        t.quiet(0.3)
        n_steps = None
        while len(space) < presses:
            s = step_counter(t)
            assert s is not None, t.text
            got = None if _at_end(t) else _press_and_time(t, b" ", lambda tt, s=s: step_counter(tt) == s + 1)
            if got is not None:
                space.append(got)
                continue
            # The run has ended: go back to the start with b, timing each, then step again.
            if s == 0:
                raise Timeout(f"space does nothing at step 0; screen:\n{t.text}")
            n_steps = s
            while s > 0 and len(back) < presses:
                got = _press_and_time(t, b"b", lambda tt, s=s: step_counter(tt) == s - 1)
                if got is None:
                    break
                back.append(got)
                s -= 1
            if s > 0:
                t.quiet(0.12)
                t.expect(lambda tt: step_counter(tt) == 0, 5, action=lambda: t.press(b"\x1b[H"))  # home
    with PtyApp(HELLO) as h:
        h.expect(hello_first_frame, 30)
        floor = [got for i in range(max(10, presses // 2))
                 if (got := _press_and_time(h, b" ", lambda tt, i=i: tt.has(f"presses: {i + 1}"))) is not None]
    sp, sp_end = summary([a for a, _ in space]), summary([b for _, b in space])
    bk, bk_end = summary([a for a, _ in back]), summary([b for _, b in back])
    fl, fl_end = summary([a for a, _ in floor]), summary([b for _, b in floor])
    log(f"b. keypress → screen at {n_points:,} points: space {sp['median'] * 1e3:.1f} ms median, "
        f"p95 {sp['p95'] * 1e3:.1f} (frame end {sp_end['median'] * 1e3:.1f}); b {bk['median'] * 1e3:.1f} ms; "
        f"hello world {fl['median'] * 1e3:.1f} ms")
    def ms(v: float | None) -> float | None:
        return None if v is None else v * 1e3
    return {
        "points": n_points, "space_s": space, "back_s": back, "hello_s": floor, "last_step": n_steps,
        "space": sp, "space_frame_end": sp_end, "back": bk, "back_frame_end": bk_end,
        "hello": fl, "hello_frame_end": fl_end,
        "rows": [
            row(f"keypress space → step counter, {n_points:,} pts (ms, median)", "ms", ms(sp["median"]),
                ms(fl["median"]), "hello world counter (Textual's floor)", "≤ 20 ms median",
                sp["median"] <= 0.020, kmtui_p95=ms(sp["p95"]), anchor_p95=ms(fl["p95"]),
                frame_end_median=ms(sp_end["median"]), frame_end_p95=ms(sp_end["p95"]), n=sp["n"]),
            row(f"keypress b → step counter, {n_points:,} pts (ms, median)", "ms", ms(bk["median"]),
                ms(fl["median"]), "hello world counter (Textual's floor)", "≤ 20 ms median",
                None if bk["median"] is None else bk["median"] <= 0.020, kmtui_p95=ms(bk["p95"]),
                anchor_p95=ms(fl["p95"]), frame_end_median=ms(bk_end["median"]),
                frame_end_p95=ms(bk_end["p95"]), n=bk["n"]),
        ],
    }


# ---------------------------------------------------------------- c. bytes


def bench_bytes(glides: int, anchor_seconds: float) -> dict[str, Any]:
    res: dict[str, Any] = {}
    with PtyApp([*kmtui_cmd(), "--seed", "3"]) as t:
        t.expect(kmtui_first_frame, 60)
        t.expect(elbow_done, 60)
        t.quiet(0.3)
        # Play to convergence: it has ended when the output has been quiet for longer than
        # play's pause between steps (0.45 s at normal speed).
        s0 = step_counter(t)
        t0 = t.press(b"p")
        t1 = t.quiet(1.5, timeout=120)
        assert step_counter(t) != s0, "p did not play"
        play_bytes = t.bytes_between(t0, t1)
        play_frames = t.frames_between(t0, t1)
        res["play"] = {"seconds": t1 - t0, "bytes": play_bytes, "frames": len(play_frames),
                       "bytes_per_s": play_bytes / (t1 - t0), "last_step": step_counter(t)}
        # Glides: from the first step, step forward through the computed run; every update glides.
        t.press(b"\x1b[H")  # home
        t.expect(lambda tt: step_counter(tt) == 0, 5)
        t.quiet(0.3)
        per_update: list[dict[str, Any]] = []
        while len(per_update) < glides:
            s = step_counter(t)
            try:
                if _at_end(t) or s is None:
                    raise Timeout("at the end")
                start, _ = t.expect(lambda tt, s=s: step_counter(tt) == s + 1, 3, action=lambda: t.press(b" "))
            except Timeout:
                if t.closed:
                    raise
                t.expect(lambda tt: step_counter(tt) == 0, 5, action=lambda: t.press(b"\x1b[H"))
                t.quiet(0.3)
                continue
            end = t.quiet(0.25)
            phase = STEP_RE.search(next(line for line in t.lines if STEP_RE.search(line))).group(2)  # type: ignore[union-attr]
            if phase != "update":
                continue
            frames = t.frames_between(start, end)
            per_update.append({"bytes": sum(frames), "frames": len(frames), "frame_bytes": frames,
                               "seconds": end - start})
        total_b = sum(u["bytes"] for u in per_update)
        total_f = sum(u["frames"] for u in per_update)
        inner = [b for u in per_update for b in u["frame_bytes"][1:]]
        res["glide"] = {"updates": per_update, "bytes_per_frame": total_b / total_f,
                        "frames_per_update": total_f / len(per_update),
                        "first_frame_bytes": statistics.median(u["frame_bytes"][0] for u in per_update),
                        "later_frame_bytes_median": statistics.median(inner) if inner else None}
    # The anchor: wait for its first frames, then count without emulating (pyte cannot keep up).
    with PtyApp([*PLOTEXT_ANIM]) as a:
        a.expect(lambda tt: tt.has("K-Means, K=3") and tt.has("frame "), 60)
        a.feed = False
        a.quiet(0.0)
        t0 = time.perf_counter()
        time.sleep(anchor_seconds)
        t1 = time.perf_counter()
        frames = a.frames_between(t0, t1)
        nbytes = a.bytes_between(t0, t1)
        per_frame = nbytes / max(1, len(frames))
        res["anchor"] = {"seconds": t1 - t0, "bytes": nbytes, "frames": len(frames),
                         "bytes_per_s": nbytes / (t1 - t0), "bytes_per_frame": per_frame,
                         "fps": len(frames) / (t1 - t0),
                         # what it would send if the machine kept up with its timer
                         "bytes_per_s_at_30fps": per_frame * 30}
    g, p, an = res["glide"], res["play"], res["anchor"]
    log(f"c. bytes: kmtui {g['bytes_per_frame']:.0f} B/glide frame ({g['frames_per_update']:.1f} frames/update), "
        f"{p['bytes_per_s'] / 1e3:.1f} kB/s of play; plotext anim {an['bytes_per_frame']:.0f} B/frame, "
        f"{an['bytes_per_s'] / 1e3:.1f} kB/s at {an['fps']:.1f} fps")
    res["rows"] = [
        row("bytes per glide frame (B)", "B", g["bytes_per_frame"], an["bytes_per_frame"],
            "naive textual-plotext animation, per frame", "≤ 1/10 of anchor",
            g["bytes_per_frame"] <= an["bytes_per_frame"] / 10,
            frames_per_update=g["frames_per_update"], later_frame_bytes_median=g["later_frame_bytes_median"]),
        row("bytes per second of play (B/s)", "B/s", p["bytes_per_s"], an["bytes_per_s"],
            f"naive textual-plotext animation at {an['fps']:.0f} fps", "≤ 1/10 of anchor",
            p["bytes_per_s"] <= an["bytes_per_s"] / 10, play_seconds=p["seconds"]),
    ]
    return res


# ---------------------------------------------------------------- d. idle CPU, e. memory


def bench_idle(seconds: float) -> dict[str, Any]:
    with PtyApp([*kmtui_cmd(), "--seed", "3"]) as k, PtyApp(HELLO) as h:
        k.expect(kmtui_first_frame, 60)
        h.expect(hello_first_frame, 60)
        k.expect(elbow_done, 60)
        k.quiet(1.0)
        h.quiet(0.2)
        c0k, c0h, b0k, b0h = k.cpu_seconds(), h.cpu_seconds(), k.nbytes, h.nbytes
        time.sleep(seconds)
        ck, ch = k.cpu_seconds() - c0k, h.cpu_seconds() - c0h
        bk, bh = k.nbytes - b0k, h.nbytes - b0h
        hello_mem = h.memory()
    log(f"d. idle {seconds:g} s: kmtui {ck:.2f} CPU s, {bk} bytes; hello world {ch:.2f} CPU s, {bh} bytes")
    return {"seconds": seconds, "kmtui_cpu_s": ck, "hello_cpu_s": ch, "kmtui_bytes": bk, "hello_bytes": bh,
            "hello_memory_mib": hello_mem,
            "rows": [row(f"CPU while idle for {seconds:g} s (CPU s)", "s", ck, ch, "Textual hello world",
                         "≈ 0 (≤ 0.05 s)", ck <= 0.05, kmtui_bytes=bk, anchor_bytes=bh)]}


def bench_memory(n_points: int, steps: int, tmp: Path, hello_mem: dict[str, float] | None) -> dict[str, Any]:
    csv = blobs_csv(tmp / f"blobs-{n_points}.csv", n_points)
    with PtyApp([*kmtui_cmd(), str(csv), "--seed", "3", "--no-animation"]) as t:
        t.expect(kmtui_first_frame, 120)
        t.quiet(0.3)
        for _ in range(steps):
            s = step_counter(t)
            if _at_end(t) or s is None:
                break
            try:
                t.expect(lambda tt, s=s: step_counter(tt) == s + 1, 10, action=lambda: t.press(b" "))
            except Timeout:
                if t.closed:
                    raise
                break
        t.quiet(0.3)
        mem = t.memory()
        last = step_counter(t)
    if hello_mem is None:
        with PtyApp(HELLO) as h:
            h.expect(hello_first_frame, 60)
            h.quiet(0.2)
            hello_mem = h.memory()
    log(f"e. memory at {n_points:,} points after {last} steps: VmRSS {mem['VmRSS']:.0f} MiB, "
        f"VmHWM {mem['VmHWM']:.0f} MiB (hello world {hello_mem['VmRSS']:.0f} MiB)")
    return {"points": n_points, "steps": last, "kmtui_mib": mem, "hello_mib": hello_mem,
            "rows": [row(f"memory at {n_points:,} points, VmHWM (MiB)", "MiB", mem["VmHWM"], hello_mem["VmHWM"],
                         "Textual hello world", "≤ 150 MB", mem["VmHWM"] * 1.048576 <= 150,
                         kmtui_rss=mem["VmRSS"], anchor_rss=hello_mem["VmRSS"])]}


# ---------------------------------------------------------------- output


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str | None] = {"python": platform.python_version()}
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("kmtui", "textual", "rich", "numpy", "plotext", "textual-plotext", "pyte"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "platform": platform.platform(), "versions": versions, "load_average": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (start-up 5 each, 20 presses, 3 s idle)")
    ap.add_argument("--only", default="a,b,c,d,e", help="which parts to run, e.g. a,c")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--profile", type=Path, default=None, metavar="DIR",
                    help="run kmtui under pyinstrument, a text profile per process in DIR "
                         "(the times measured then include the profiler's overhead)")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",")}
    if args.profile is not None:
        import importlib.util

        if importlib.util.find_spec("pyinstrument") is None:  # else every part "fails" to start kmtui
            sys.exit("bench_app.py: --profile runs kmtui under pyinstrument: pip install pyinstrument")
        global PROFILE_DIR
        args.profile.mkdir(parents=True, exist_ok=True)
        PROFILE_DIR = args.profile
        log(f"profiling kmtui into {args.profile}: the numbers below include the profiler's overhead")
    sys.setswitchinterval(0.0002)  # the reader thread must get the GIL back from pyte at once
    started = dt.datetime.now(dt.UTC)
    info = machine()
    print(f"kmtui app benchmark at {COLS}x{ROWS}, TERM=xterm-256color, {started:%Y-%m-%d %H:%M} UTC")
    print(f"{info['cpu']}, {info['usable_cores']} usable cores; load average {info['load_average']}", flush=True)
    report: dict[str, Any] = {"command": " ".join([Path(PY).name, *sys.argv]), "date": started.isoformat(),
                              "size": [COLS, ROWS], "machine": info, "results": {}}
    res = report["results"]
    failed = False
    with tempfile.TemporaryDirectory(prefix="kmtui-bench-") as tmpdir:
        tmp = Path(tmpdir)
        q = args.quick
        benches: list[tuple[str, str, Callable[[], dict[str, Any]]]] = [
            ("a", "startup", lambda: bench_startup(5 if q else 10)),
            ("b", "keypress", lambda: bench_keypress(20 if q else 40, 10_000, tmp)),
            ("c", "bytes", lambda: bench_bytes(3 if q else 5, 2.0 if q else 3.0)),
            ("d", "idle", lambda: bench_idle(3.0 if q else 10.0)),
            ("e", "memory", lambda: bench_memory(100_000, 6, tmp, res.get("idle", {}).get("hello_memory_mib"))),
        ]
        for key, name, bench in benches:
            if key not in parts:
                continue
            try:
                res[name] = bench()
            except Exception as err:  # noqa: BLE001 - one broken part must not lose the others
                failed = True
                first = str(err).splitlines()[0] if str(err) else type(err).__name__
                log(f"{key}. {name} FAILED: {type(err).__name__}: {first}")
                res[name] = {"error": f"{type(err).__name__}: {err}",
                             "rows": [row(f"{name}: FAILED ({first[:60]})", "s", None, None, None, "—", None)]}
    rows = [r for part in res.values() for r in part["rows"]]
    report["rows"] = rows
    report["load_average_after"] = os.getloadavg()
    print()
    print_table(rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"wrote {args.json}")
    if failed:
        return 2
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
