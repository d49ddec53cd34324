"""Benchmark: a class of N students starting kmtui at once on one server, each in a pseudo-terminal.

What a lab administrator wants to know before thirty students log in
(design.md, "Budgets"; issue "Classroom-proof", item 8):

- **drawn**: N copies of ``python -m kmtui --seed I`` (animation on, 80×24,
  ``TERM=xterm-256color``) are spawned at once; the time from the first spawn
  until every copy's screen shows its whole first frame (header, plot with
  axes and centroid, side panel, narration, footer). Goal: 30 within 10 s.
- **CPU to first frame**: each copy's CPU seconds (utime + stime) when its
  first frame arrived (read at once; slightly over on a crowded machine).
- **PSS per copy** (``/proc/PID/smaps_rollup``: shared pages counted once,
  divided among the processes sharing them), after the automatic elbow.
- **idle CPU**: CPU seconds all N copies use in ``--idle`` seconds of no input.
- **keypress latency while all step at once**: ``space`` written to every
  terminal in one go, ``--rounds`` times; per copy, time from its write until
  the bytes that change its step counter arrive. Goals: median < 100 ms,
  p95 < 300 ms. A copy at the run's end is sent back to step 0 (``home``,
  untimed) before the next round.
- **memory at 1 000 000 points** (``--memory-points``, one copy): VmRSS after
  the first frame, then after ``end`` (compute to convergence, jump there).
  Goal: at most twice.

The terminals are read by :class:`bench_app.PtyApp` (a reader thread per
copy stamps each chunk on arrival; pyte emulates on another thread, so a slow
emulator delays the check, not the time measured). The benchmark's own
process shares the machine with the class: on 2 cores it is part of the load.

Run: ``python benchmarks/bench_classroom.py [-n 30] [--rounds 8] [--idle 5] [--only class,memory]
[--memory-points 1000000] [--json PATH]``. Everything is bounded in time
(``--timeout``); every copy is killed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import (  # noqa: E402
    PY,
    STEP_RE,
    PtyApp,
    Timeout,
    _Watch,
    blobs_csv,
    machine,
    summary,
)

COLS, ROWS = 80, 24


def first_frame(t: PtyApp) -> bool:
    """The whole first frame at 80×24 (the centroid's mark, axes, side panel, narration, footer)."""
    return t.has("kmtui ·", "Step 0 · init", "Step 0 — init", "Quit", "✖", "└", "┤")


def settled(t: PtyApp) -> bool:
    return t.has("knee at K=") or t.has("no clear knee") or t.has("Elbow failed") or t.has("press e to compute")


def step_of(t: PtyApp) -> int | None:
    for line in t.lines:
        m = STEP_RE.search(line)
        if m:
            return int(m.group(1))
    return None


def at_end(t: PtyApp) -> bool:
    return t.has("Converged after") or t.has("converged after") or t.has("run finished")


def pss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no Pss in smaps_rollup")


def vm(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def wait_all(apps: list[PtyApp], watches: list[_Watch], deadline: float) -> None:
    """Until every watch has its arrival time, or the deadline (then the missing ones stay None)."""
    while time.monotonic() < deadline:
        if all(w.time is not None for w in watches):
            return
        time.sleep(0.005)


def arm(t: PtyApp, pred: Any) -> _Watch:
    """Watch ``t`` for ``pred`` from now on (credited with the arrival time of the chunk that made it true)."""
    w = _Watch(pred)
    with t._cond:
        t._watch = w
        if pred(t):
            w.time = t.fed_upto
    return w


def disarm(t: PtyApp) -> None:
    with t._cond:
        t._watch = None


def bench_class(n: int, rounds: int, idle: float, timeout: float) -> dict[str, Any]:
    apps: list[PtyApp] = []
    try:
        t0 = time.perf_counter()
        for i in range(n):
            apps.append(PtyApp([PY, "-m", "kmtui", "--seed", str(i)], cols=COLS, rows=ROWS))
        watches = [arm(t, first_frame) for t in apps]
        cpu_at_frame: list[float | None] = [None] * n
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(c is None for c in cpu_at_frame):
            for i, (t, w) in enumerate(zip(apps, watches, strict=True)):
                if w.time is not None and cpu_at_frame[i] is None:
                    cpu_at_frame[i] = t.cpu_seconds()
            time.sleep(0.01)
        for t in apps:
            disarm(t)
        missing = [i for i, w in enumerate(watches) if w.time is None]
        if missing:
            raise Timeout(f"{len(missing)} of {n} copies not drawn within {timeout} s; e.g.:\n{apps[missing[0]].text}")
        drawn = max(w.time for w in watches if w.time is not None) - t0
        first = min(w.time for w in watches if w.time is not None) - t0
        print(f"class: {n} copies drawn within {drawn:.1f} s (first after {first:.1f} s); CPU to first frame "
              f"median {statistics.median(c for c in cpu_at_frame if c is not None):.2f} s", flush=True)
        # the automatic elbow (a worker, after the first frame), then quiet
        for t in apps:
            t.expect(settled, max(5.0, deadline - time.monotonic()))
        settle = time.perf_counter() - t0
        for t in apps:
            t.quiet(0.3, timeout=max(5.0, deadline - time.monotonic()))
        pss = [pss_mib(t.proc.pid) for t in apps]
        rss = [vm(t.proc.pid)["VmRSS"] for t in apps]
        c0 = [t.cpu_seconds() for t in apps]
        time.sleep(idle)
        idle_cpu = [t.cpu_seconds() - c for t, c in zip(apps, c0, strict=True)]
        print(f"class: elbow done on all after {settle:.1f} s; PSS median {statistics.median(pss):.1f} MiB "
              f"(RSS {statistics.median(rss):.1f}); idle {idle:g} s: {sum(idle_cpu):.2f} CPU s for all", flush=True)
        # every copy presses space at once
        lat: list[float] = []
        lost = 0
        step_cpu: list[float] = []
        for r in range(rounds):
            for t in apps:
                if at_end(t):
                    t.press(b"\x1b[H")  # home: back to step 0 (untimed)
            time.sleep(0.2)
            for t in apps:
                t.quiet(0.25, timeout=30)
            before = [step_of(t) for t in apps]
            watches = [arm(t, lambda tt, s=s: step_of(tt) not in (s, None)) for t, s in zip(apps, before, strict=True)]
            cb = [t.cpu_seconds() for t in apps]
            pressed = [t.press(b" ") for t in apps]
            wait_all(apps, watches, time.monotonic() + 10)
            for t in apps:
                disarm(t)
            for w, p in zip(watches, pressed, strict=True):
                if w.time is None:
                    lost += 1
                else:
                    lat.append(w.time - p)
            for t in apps:
                t.quiet(0.25, timeout=30)
            step_cpu += [t.cpu_seconds() - c for t, c in zip(apps, cb, strict=True)]
            print(f"  round {r + 1}: median {statistics.median(lat[-n:]) * 1e3:.0f} ms", flush=True)
        ks = summary(lat)
        print(f"class: keypress while all {n} step at once: median {ks['median'] * 1e3:.0f} ms, "
              f"p95 {ks['p95'] * 1e3:.0f} ms, max {ks['max'] * 1e3:.0f} ms ({lost} lost); CPU per step and copy "
              f"median {statistics.median(step_cpu) * 1e3:.0f} ms", flush=True)
        return {
            "copies": n, "drawn_s": drawn, "first_drawn_s": first, "elbow_done_s": settle,
            "cpu_to_first_frame_s": summary([c for c in cpu_at_frame if c is not None]),
            "pss_mib": summary(pss), "rss_mib": summary(rss),
            "idle_seconds": idle, "idle_cpu_s_total": sum(idle_cpu), "idle_cpu_s": summary(idle_cpu),
            "keypress_s": ks, "keypress_lost": lost, "cpu_per_step_s": summary(step_cpu),
            "goals": {"drawn_10s": drawn <= 10.0, "median_100ms": ks["median"] < 0.1, "p95_300ms": ks["p95"] < 0.3},
        }
    finally:
        for t in apps:
            t.close()


def bench_memory(points: int, tmp: Path, timeout: float) -> dict[str, Any]:
    csv = blobs_csv(tmp / f"blobs-{points}.csv", points)
    with PtyApp([PY, "-m", "kmtui", str(csv), "--seed", "3", "--no-animation"], cols=120, rows=40) as t:
        t.expect(first_frame, timeout)
        t.quiet(0.5, timeout=timeout)
        first = vm(t.proc.pid)
        t.press(b"\x1b[F")  # end: compute to convergence and jump there
        t.expect(at_end, timeout)
        t.quiet(0.5, timeout=timeout)
        last = vm(t.proc.pid)
        steps = step_of(t)
    ratio = last["VmRSS"] / first["VmRSS"]
    print(f"memory at {points:,} points: VmRSS {first['VmRSS']:.0f} MiB after the first frame, "
          f"{last['VmRSS']:.0f} MiB at the end (step {steps}; {ratio:.2f}x; VmHWM {last['VmHWM']:.0f} MiB)", flush=True)
    return {"points": points, "first_frame_mib": first, "converged_mib": last, "steps": steps, "ratio": ratio,
            "goals": {"at_most_2x": ratio <= 2.0}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("-n", type=int, default=30, help="copies started at once (default 30)")
    ap.add_argument("--rounds", type=int, default=8, help="rounds of every copy pressing space at once")
    ap.add_argument("--idle", type=float, default=5.0, help="seconds of idle CPU measured")
    ap.add_argument("--timeout", type=float, default=180.0, help="a bound on every wait (s)")
    ap.add_argument("--memory-points", type=int, default=1_000_000)
    ap.add_argument("--only", default="class,memory")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH")
    args = ap.parse_args(argv)
    sys.setswitchinterval(0.0002)  # the reader threads must get the GIL back from pyte at once
    info = machine()
    print(f"kmtui classroom benchmark: {args.n} copies at {COLS}x{ROWS}; {info['cpu']}, "
          f"{info['usable_cores']} usable cores; load average {info['load_average']}", flush=True)
    parts = {p.strip() for p in args.only.split(",")}
    report: dict[str, Any] = {"command": " ".join([Path(PY).name, *sys.argv]), "machine": info}
    if "class" in parts:
        report["class"] = bench_class(args.n, args.rounds, args.idle, args.timeout)
    if "memory" in parts:
        with tempfile.TemporaryDirectory(prefix="kmtui-classroom-") as tmp:
            report["memory"] = bench_memory(args.memory_points, Path(tmp), args.timeout)
    report["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    goals = [g for part in ("class", "memory") if part in report for g in report[part]["goals"].values()]
    return 0 if all(goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
