"""``python -m tests.robustness [--full]``: run the robustness suite and print its summary.

Without ``--full``: one seed × 500 inputs at 80×24 and a few signal cases (as
the light pytest run). With it: seeded fuzzing at 40×12, 80×24 and 160×48 in
every phase (idle, play, glide, the elbow worker), resize storms, every
signal in every phase (loading a large CSV included), odd standard inputs,
screenshots through dangling symlinks and into a deleted folder, odd
environments and memory over long sessions. Exit status 1 when any case
found a problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .cases import ENVIRONMENTS, environment_case, memory_case, screenshot_case, stdin_case
from .fuzz import PHASES, Result, fuzz_case, resize_storm, signal_case

SIZES = ((40, 12), (80, 24), (160, 48))
SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
BIG_ROWS = 2_000_000


def big_csv(folder: Path, rows: int) -> Path:
    path = folder / "big.csv"
    X = np.random.default_rng(0).normal(size=(rows, 2))
    np.savetxt(path, X, delimiter=",", header="x,y", comments="", fmt="%.4f")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.robustness")
    parser.add_argument("--full", action="store_true", help="every size, phase, signal and input")
    parser.add_argument("--keys", type=int, default=None, help="inputs per fuzz case")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per size and phase")
    args = parser.parse_args(argv)
    keys = args.keys or (1500 if args.full else 500)
    seeds = args.seeds or 1
    results: list[Result] = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kmtui-robust-") as tmp:
        root = Path(tmp)
        n = [0]

        def run(case: Callable[[Path], Result]) -> None:
            n[0] += 1
            cwd = root / f"case{n[0]}"
            cwd.mkdir()
            try:
                result = case(cwd)
            except Exception as err:  # a harness failure is a finding too
                result = Result(f"case {n[0]}", problems=[f"{type(err).__name__}: {err}"[:400]])
            results.append(result)
            mark = "ok " if result.ok else "BAD"
            print(f"{mark} {result.name}: {result.keys} inputs, status {result.status}, "
                  f"{result.rss_mb:.0f} MB" + ("" if result.ok else f"  {result.problems}"), flush=True)

        sizes = SIZES if args.full else ((80, 24),)
        phases = PHASES if args.full else ("play",)
        for size in sizes:
            for phase in phases:
                for seed in range(seeds):
                    run(lambda cwd, s=seed, z=size, p=phase: fuzz_case(
                        cwd, 1000 * s + z[0] + len(p), z, p, keys, "iris" if s % 2 else "blobs"))
        run(lambda cwd: resize_storm(cwd, (80, 24), "play"))
        rows = BIG_ROWS  # read for about two seconds: the signal lands while it loads
        csv = big_csv(root, rows)
        signal_phases = ("loading", *PHASES) if args.full else ("loading", "idle")
        for name in SIGNALS:
            for phase in signal_phases:
                run(lambda cwd, s=name, p=phase: signal_case(cwd, s, p, csv))
        if args.full:
            run(lambda cwd: resize_storm(cwd, (80, 24), "elbow"))
            for how in ("closed", "/dev/null", "/dev/zero", "endless", "fifo"):
                run(lambda cwd, h=how: stdin_case(cwd, h))
            for how in ("dangling symlinks", "deleted folder"):
                run(lambda cwd, h=how: screenshot_case(cwd, h))
            for env in ENVIRONMENTS:
                run(lambda cwd, e=env: environment_case(cwd, e))
            run(lambda cwd: memory_case(cwd, b"?", "help", 300))
            run(lambda cwd: memory_case(cwd, b"\x10", "palette", 60))
            run(lambda cwd: fuzz_case(cwd, 99, (80, 24), "play", keys * 4))  # a long session
    bad = [r for r in results if not r.ok]
    fuzz = [r for r in results if r.name.startswith("fuzz")]
    signals = [r for r in results if r.name.startswith("SIG")]
    print()
    print(f"kmtui robustness ({'full' if args.full else 'light'}): {len(results)} cases, "
          f"{sum(r.keys for r in fuzz):,} inputs fuzzed in {len(fuzz)} runs "
          f"({', '.join(f'{w}x{h}' for w, h in sizes)}; phases {', '.join(phases)}), "
          f"{len(signals)} signal cases ({len(SIGNALS)} signals x {len(signal_phases)} phases), "
          f"largest input {rows:,} rows, peak memory {max(r.rss_mb for r in results):.0f} MB, "
          f"{len(bad)} problems, {time.monotonic() - t0:.0f} s")
    mem = [r.name for r in results if r.name.startswith("memory")]
    if mem:
        print("memory: " + "; ".join(mem))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
