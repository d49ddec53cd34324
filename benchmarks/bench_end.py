"""Benchmark: how long keys wait while ``end`` computes a long run in its worker (issue 8, deliver 6).

The app runs headless in this process (Textual's ``run_test``) on N points
(three Gaussian blobs, K=3 by default); ``end`` starts the worker, then
until the run has converged:

- a probe task sleeps 5 ms again and again and records how much later than
  asked it woke up (the event loop's stall: what any key would wait at most
  before Textual reads it);
- every 150 ms a key that does not stop the worker (``]`` or ``[``, the
  animation speed) is posted as the terminal driver posts it, and the time
  until its action has run is recorded (the key's wait).

When the loop stalls more than 30 ms, the line the worker thread is on is
noted (the Python line after the call that held the GIL). Reports CPU
seconds (the machine is shared: wall time is not CPU time), the first frame
and the peak RSS.

Run: ``python benchmarks/bench_end.py [--points 1000000] [--k 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import resource
import statistics
import sys
import threading
import time
from typing import Any

import numpy as np
from textual import events
from textual.app import App

from kmtui.data.dataset import Dataset
from kmtui.data.selection import select
from kmtui.ui.app import AppOptions, make_app


def blobs(n: int) -> Dataset:
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [6.0, 1.0], [2.0, 7.0]])
    X = centres[rng.integers(0, 3, n)] + rng.normal(size=(n, 2))
    return Dataset(name="big", X=X, feature_names=("x", "y"), y=None, target_names=(), source="<array>")


async def measure(n: int, k: int, sample: bool = False) -> dict[str, Any]:
    t_build = time.perf_counter()
    app = make_app(AppOptions(selection=select(blobs(n)), k=k, seed=1, animate=False, auto_elbow=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first_frame = time.perf_counter() - t_build
        stalls: list[float] = []
        key_waits: list[float] = []
        culprits: collections.Counter[str] = collections.Counter()
        spans: list[tuple[float, float]] = []
        main_thread = threading.main_thread().ident
        done = asyncio.Event()

        def worker_line() -> str:
            for ident, frame in sys._current_frames().items():
                if ident != main_thread and "kmtui" in frame.f_code.co_filename:
                    return f"{frame.f_code.co_filename.split('kmtui/')[-1]}:{frame.f_lineno} {frame.f_code.co_name}"
            return "?"

        async def probe() -> None:
            while not done.is_set():
                t = time.perf_counter()
                await asyncio.sleep(0.005)
                stall = time.perf_counter() - t - 0.005
                stalls.append(stall)
                if stall > 0.03:
                    culprits[worker_line()] += 1
                    spans.append((t, time.perf_counter()))

        handled: dict[int, float] = {}
        sent: list[events.Key] = []
        on_key = App._on_key

        async def timed(self: App[Any], event: events.Key) -> None:
            handled.setdefault(id(event), time.perf_counter())
            await on_key(self, event)

        App._on_key = timed  # type: ignore[method-assign]

        async def keys() -> None:
            while not done.is_set():
                await asyncio.sleep(0.15)
                event = events.Key("f12", None)  # a key bound to nothing: only its wait is read
                sent.append(event)  # kept alive: ids stay unique
                t = time.perf_counter()
                app.post_message(event)
                while id(event) not in handled and time.perf_counter() - t < 5:
                    await asyncio.sleep(0.001)
                key_waits.append(handled.get(id(event), time.perf_counter()) - t)

        samples: list[tuple[float, str]] = []

        def sampler() -> None:  # what the UI thread is doing, every 2 ms
            while not done.is_set():
                frame = sys._current_frames().get(main_thread)
                where = []
                while frame is not None and len(where) < 3:
                    name = frame.f_code.co_filename
                    if "kmtui/" in name and "benchmarks" not in name:
                        where.append(f"{name.split('kmtui/')[-1]}:{frame.f_lineno} {frame.f_code.co_name}")
                    frame = frame.f_back
                samples.append((time.perf_counter(), " < ".join(where) or "-"))
                time.sleep(0.002)

        if sample:
            threading.Thread(target=sampler, daemon=True).start()

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(probe()), asyncio.create_task(keys())]
        app.main.action_last_step()
        while not app.session.run.at_end:
            await asyncio.sleep(0.05)
        done.set()
        await asyncio.gather(*tasks)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        App._on_key = on_key  # type: ignore[method-assign]
        run = app.session.run
        q = statistics.quantiles(stalls, n=100)
        ui_at_stalls = collections.Counter(w for t, w in samples if any(a <= t <= b for a, b in spans))
        return {
            "points": n, "k": k, "steps": len(run.steps), "first_frame_s": round(first_frame, 2),
            "end_wall_s": round(wall, 1), "end_cpu_s": round(cpu, 1),
            "stall_max_ms": round(1000 * max(stalls), 1), "stall_p99_ms": round(1000 * q[98], 1),
            "key_wait_max_ms": round(1000 * max(key_waits), 1),
            "key_wait_median_ms": round(1000 * statistics.median(key_waits), 1), "keys": len(key_waits),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "worker_lines_at_stalls": culprits.most_common(6),
            "ui_thread_at_stalls": ui_at_stalls.most_common(6),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--sample", action="store_true", help="also sample what the UI thread does at stalls")
    args = parser.parse_args()
    for key, value in asyncio.run(measure(args.points, args.k, args.sample)).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
