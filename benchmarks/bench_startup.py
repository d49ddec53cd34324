"""Benchmark: CPU-seconds from exec to kmtui's first full frame, one copy at a time, in a pseudo-terminal.

Issue "Classroom-proof", item 8: at most 0.5 CPU-seconds from exec to the
first full frame. Thirty copies on two cores wait for each other's CPU, so
CPU-seconds (utime + stime of the child, read from ``/proc/PID/stat`` as soon
as the frame is seen) say more than wall time on a loaded machine.

Each run spawns ``python -m kmtui`` (the built-in blobs, animation on, as a
student starts it) in a pty at 80×24 (``TERM=xterm-256color``), emulates the
screen with pyte (:class:`bench_app.PtyApp`) and waits for the first full
frame: header, the step line, the centroid's mark, the axes, the narration and
the footer. Anchors, measured the same way, in the same sitting:

- ``hello``: a Textual hello world (``benchmarks/anchors/hello.py``) to its first frame;
- ``import textual``: ``python -c "import textual.app"`` (CPU from ``getrusage`` of the child);
- ``--help``: ``python -m kmtui --help`` (the interpreter, the CLI, argparse).

``--root DIR`` runs another checkout's kmtui (``PYTHONPATH`` and working
directory); ``--compare DIR`` runs a second one alternately with it, run by
run, so that a branch and main are measured in the same sitting:
``python benchmarks/bench_startup.py --compare ../main``.

``--elbow`` also reports the CPU from the first frame until the automatic elbow
is drawn (its sweep, the chart, the progress bar), which a class pays too.

Run: ``python benchmarks/bench_startup.py [-r 7] [--root DIR] [--compare DIR] [--anchors] [--elbow]
[--json PATH]``.
kmtui's bytecode is compiled first (``compileall``, as ``pip install`` does), so
``PYTHONDONTWRITEBYTECODE`` in the environment does not add compiling to every run.
The clock tick is 10 ms (``SC_CLK_TCK`` = 100): take medians of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_app  # noqa: E402
from bench_app import HELLO, PY, PtyApp, elbow_done, hello_first_frame, machine  # noqa: E402

COLS, ROWS = 80, 24


def first_frame(t: PtyApp) -> bool:
    """The whole first frame at 80×24 (header, step line, centroid mark, axes, narration, footer)."""
    return t.has("kmtui ·", "Step 0 · init", "Step 0 — init", "Quit", "└", "┤") and (t.has("✖") or t.has("X"))


def once(argv: list[str], pred: Any, root: Path, timeout: float = 60.0,
         elbow: list[float] | None = None) -> tuple[float, float]:
    """(wall seconds from spawn to the frame, the child's CPU seconds by then).

    With ``elbow``, also waits for the automatic elbow to be drawn and quiet, and
    appends the CPU seconds spent from the first frame until then.
    """
    bench_app.ROOT = root  # PtyApp puts ROOT first on PYTHONPATH
    with PtyApp(argv, cols=COLS, rows=ROWS, cwd=root) as t:
        _, arrival = t.expect(pred, timeout)
        cpu = t.cpu_seconds()
        if elbow is not None:
            t.expect(elbow_done, timeout)
            t.quiet(0.5, timeout=timeout)
            elbow.append(t.cpu_seconds() - cpu)
        return arrival - t.t_spawn, cpu


def child_cpu(argv: list[str], root: Path) -> float:
    """CPU seconds (user + sys) of one child run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(argv, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _line(name: str, cpu: list[float], wall: list[float]) -> str:
    med_wall = f"; wall {statistics.median(wall):.2f} s" if wall else ""
    return (f"  {name:<22} CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f}, "
            f"max {max(cpu):.3f}){med_wall}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("-r", "--runs", type=int, default=7, help="repetitions (median reported)")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                    help="the checkout whose kmtui runs (default: this one)")
    ap.add_argument("--compare", type=Path, default=None, metavar="DIR",
                    help="another checkout, run alternately with --root in the same sitting")
    ap.add_argument("--anchors", action="store_true", help="also the hello world, import textual and --help")
    ap.add_argument("--elbow", action="store_true",
                    help="also the CPU from the first frame until the automatic elbow is drawn")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH")
    args = ap.parse_args(argv)
    roots = [args.root.resolve()] + ([args.compare.resolve()] if args.compare else [])
    load_before = os.getloadavg()
    kmtui = [PY, "-m", "kmtui"]
    for root in roots:
        # as pip install does: without it (PYTHONDONTWRITEBYTECODE) every run compiles kmtui again (~0.3 CPU-s)
        subprocess.run([PY, "-m", "compileall", "-q", str(root / "kmtui")], check=True)
        once(kmtui, first_frame, root)  # warm the bytecode and page caches
    frames: dict[Path, list[tuple[float, float]]] = {root: [] for root in roots}
    elbows: dict[Path, list[float]] = {root: [] for root in roots}
    anchors: dict[str, list[tuple[float, float]]] = {"hello world": [], "import textual.app": [],
                                                     "kmtui --help": []}
    for i in range(args.runs):
        for root in (roots if i % 2 == 0 else roots[::-1]):
            frames[root].append(once(kmtui, first_frame, root, elbow=elbows[root] if args.elbow else None))
        if args.anchors:
            anchors["hello world"].append(once(HELLO, hello_first_frame, roots[0]))
            anchors["import textual.app"].append(
                (float("nan"), child_cpu([PY, "-c", "import textual.app"], roots[0])))
            anchors["kmtui --help"].append((float("nan"), child_cpu([PY, "-m", "kmtui", "--help"], roots[0])))
    info = machine()
    print(f"kmtui start-up to the first full frame at {COLS}x{ROWS}: {args.runs} runs; "
          f"load average {', '.join(f'{x:.1f}' for x in load_before)} before, "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} after")
    report: dict[str, Any] = {"machine": info, "runs": args.runs, "load_average_before": load_before,
                              "roots": {}, "anchors": {}}
    for root in roots:
        cpu, wall = [c for _, c in frames[root]], [w for w, _ in frames[root]]
        print(f" {root}")
        print(_line("first frame", cpu, wall))
        entry: dict[str, Any] = {"cpu_s": cpu, "wall_s": wall}
        if args.elbow:
            print(_line("then the elbow", elbows[root], []))
            entry["elbow_cpu_s"] = elbows[root]
        report["roots"][str(root)] = entry
    for name, xs in anchors.items():
        if xs:
            cpu, wall = [c for _, c in xs], [w for w, _ in xs if w == w]
            print(_line(name, cpu, wall))
            report["anchors"][name] = {"cpu_s": cpu, "wall_s": wall}
    report["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0 if statistics.median(c for _, c in frames[roots[0]]) <= 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
