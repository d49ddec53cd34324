"""Benchmark: the main scatter's rasterizer, model → rows of styled cells.

Times :class:`kmtui.render.scatter.ScatterRenderer` against the design's
budgets (design.md, "Budgets") at 160×48 cells:

- a full frame (fresh renderer: layout, binning, every layer, every row)
  at 3 000 points (≤ 4 ms) and 1 000 000 points (≤ 16 ms);
- an assign step (same points, new labels and centroids, every row rebuilt);
- a centroid glide frame with the points unchanged at 100 000 points
  (≤ 2 ms), with and without Voronoi regions;
- as an anchor, plotext 5 building the same scatter as text (what
  textual-plotext's PlotextPlot does every refresh), when plotext is installed.

Run: ``python benchmarks/bench_render.py [--repeat N]``. Prints the median of
N runs (``time.perf_counter``) in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from kmtui.render.palette import DARK
from kmtui.render.scatter import ScatterRenderer, bounds_for

WIDTH, HEIGHT = 160, 48
K = 5


def make_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blobs around K centres: points (n, 2), labels (n,), centroids (K, 2)."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(K, 2))
    labels = rng.integers(0, K, size=n)
    points = centres[labels] + rng.normal(0.0, 1.5, size=(n, 2))
    return points, labels, centres


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def full_frame(n: int, repeat: int, *, regions: bool = False, mode: str = "auto") -> float:
    points, labels, centres = make_data(n)
    bounds = bounds_for(points)
    trails = [centres + 0.5 * i for i in range(3, 0, -1)]

    def frame() -> None:
        r = ScatterRenderer(DARK, mode=mode)  # type: ignore[arg-type]
        r.resize(WIDTH, HEIGHT)
        r.set_bounds(bounds, "x", "y")
        r.set_points(points, labels)
        r.set_centroids(centres, trails)
        r.set_regions(regions)
        r.render()

    return median_ms(frame, repeat)


def assign_frame(n: int, repeat: int, *, regions: bool = False) -> float:
    """Same points, alternating labelings and centroids: every layer but the bins."""
    points, labels, centres = make_data(n)
    other = (labels + 1) % K
    r = ScatterRenderer(DARK)
    r.resize(WIDTH, HEIGHT)
    r.set_bounds(bounds_for(points), "x", "y")
    r.set_regions(regions)
    state = [0]

    def frame() -> None:
        state[0] ^= 1
        r.set_points(points, labels if state[0] else other)
        r.set_centroids(centres + state[0], [centres - 1])
        r.render()

    return median_ms(frame, repeat)


def glide_frame(n: int, repeat: int, *, regions: bool = False) -> tuple[float, float]:
    """Centroids move a little each frame; points and labels unchanged.

    Returns the median time and the mean number of dirty rows per frame.
    """
    points, labels, centres = make_data(n)
    trails = [centres - 2.0, centres - 1.0]
    r = ScatterRenderer(DARK)
    r.resize(WIDTH, HEIGHT)
    r.set_bounds(bounds_for(points), "x", "y")
    r.set_points(points, labels)
    r.set_regions(regions)
    r.set_centroids(centres, trails)
    r.render()
    frames = [centres + 0.05 * (i % 40) for i in range(40)]
    state = [0]
    dirty: list[int] = []

    def frame() -> None:
        state[0] = (state[0] + 1) % len(frames)
        r.set_centroids(frames[state[0]], trails)
        r.render()
        dirty.append(len(r.dirty_rows()))

    ms = median_ms(frame, repeat)
    return ms, float(np.mean(dirty))


def plotext_frame(n: int, repeat: int) -> float | None:
    try:
        import plotext as plt
    except ImportError:
        return None
    points, labels, centres = make_data(n)

    def frame() -> None:
        plt.clear_figure()
        plt.plotsize(WIDTH, HEIGHT)
        for j in range(K):
            sel = labels == j
            plt.scatter(points[sel, 0].tolist(), points[sel, 1].tolist(), marker="dot")
        plt.scatter(centres[:, 0].tolist(), centres[:, 1].tolist(), marker="x")
        plt.build()

    return median_ms(frame, repeat, warmup=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-plotext", action="store_true", help="skip the plotext anchor")
    args = parser.parse_args()
    rep = args.repeat

    print(f"scatter renderer at {WIDTH}x{HEIGHT}, K={K}, median of {rep} (ms)")
    rows = [
        ("full frame, 3 000 points (auto)", full_frame(3_000, rep), 4.0),
        ("full frame, 3 000 points, glyphs", full_frame(3_000, rep, mode="glyph"), 4.0),
        ("full frame, 3 000 points, regions", full_frame(3_000, rep, regions=True), 4.0),
        ("full frame, 1 000 000 points", full_frame(1_000_000, max(5, rep // 3)), 16.0),
        ("assign step, 100 000 points", assign_frame(100_000, rep), None),
        ("assign step, 1 000 000 points", assign_frame(1_000_000, max(5, rep // 3)), None),
    ]
    for label, ms, budget in rows:
        verdict = "" if budget is None else f"  budget {budget:g}  {'ok' if ms <= budget else 'OVER'}"
        print(f"  {label:<40} {ms:8.3f}{verdict}")
    for regions in (False, True):
        ms, dirty = glide_frame(100_000, rep * 3, regions=regions)
        label = f"glide frame, 100 000 points{', regions' if regions else ''}"
        print(f"  {label:<40} {ms:8.3f}  budget 2  {'ok' if ms <= 2.0 else 'OVER'}"
              f"  ({dirty:.1f} of {HEIGHT} rows dirty)")
    if not args.no_plotext:
        anchor = plotext_frame(3_000, max(5, rep // 3))
        if anchor is not None:
            ours = full_frame(3_000, rep)
            print(f"  {'plotext build, 3 000 points (anchor)':<40} {anchor:8.3f}"
                  f"  kmtui is {anchor / ours:.0f}x faster")


if __name__ == "__main__":
    main()
