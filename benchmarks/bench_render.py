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
N runs (``time.perf_counter``) in milliseconds, and the fastest run beside it:
on a shared machine the gap between the two is other people's load.

``--widgets`` adds the comparison the budget is about, frame for frame as
Textual gets it, at 300, 3 000, 30 000 and 1 000 000 points (``--sizes``):

- kmtui: a cold frame (fresh renderer: model → rows of cells) plus the
  Strips, ``ScatterView.render_line`` for every line of a mounted 160×48
  ScatterView;
- textual-plotext: ``PlotextPlot.render()`` of a mounted 160×48 PlotextPlot
  holding the same scatter (it rebuilds the plotext figure and parses its ANSI
  output into a Text) plus the conversion Textual does next
  (``visualize`` → ``Visual.to_strips``);
- a glide frame through the widget at 100 000 points: ``ScatterView.show_frame``
  with moved centroids plus ``render_line`` for the lines it refreshes.

``--json PATH`` writes every number (median, p95, fastest, runs) as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

# Run from a checkout without installing: the repository root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kmtui.render.palette import DARK
from kmtui.render.scatter import Bounds, ScatterRenderer, bounds_for

WIDTH, HEIGHT = 160, 48
K = 5



def _frame(labels: np.ndarray, centres: np.ndarray, trails: list[np.ndarray]):  # type: ignore[no-untyped-def]
    """A still frame (no glide, no flash) for the widget."""
    from kmtui.engine.state import Phase
    from kmtui.render.frame import Frame

    return Frame(index=1, phase=Phase.ASSIGN, iteration=1, labels=labels, centroids=centres,
                 trails=tuple(trails), glide_from=None, flash=None)

def make_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blobs around K centres: points (n, 2), labels (n,), centroids (K, 2)."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(K, 2))
    labels = rng.integers(0, K, size=n)
    points = centres[labels] + rng.normal(0.0, 1.5, size=(n, 2))
    return points, labels, centres


class Timing(float):
    """A median in milliseconds that also carries the fastest run."""

    best: float

    def __new__(cls, median: float, best: float) -> "Timing":
        obj = super().__new__(cls, median)
        obj.best = best
        return obj


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> Timing:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return Timing(statistics.median(times) * 1e3, min(times) * 1e3)


def full_frame(n: int, repeat: int, *, regions: bool = False, mode: str = "auto") -> Timing:
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


def assign_frame(n: int, repeat: int, *, regions: bool = False) -> Timing:
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


def glide_frame(n: int, repeat: int, *, regions: bool = False) -> tuple[Timing, float]:
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


def plotext_frame(n: int, repeat: int) -> Timing | None:
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


# ------------------------------------------------- widgets: kmtui vs textual-plotext

WIDGET_SIZES = (300, 3_000, 30_000, 1_000_000)
GLIDE_POINTS = 100_000


def sample_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Run ``fn`` ``warmup + repeat`` times; the last ``repeat`` durations in ms."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def summary(times: list[float]) -> dict[str, Any]:
    """Median, p95 (nearest rank), fastest and count of a list of ms."""
    ts = sorted(times)
    p95 = ts[min(len(ts) - 1, max(0, int(np.ceil(0.95 * len(ts))) - 1))]
    return {"median_ms": statistics.median(ts), "p95_ms": p95, "best_ms": ts[0], "runs": len(ts)}


def _repeats(n: int, base: int) -> int:
    """Fewer runs for big scenes, whose frames take long and vary little."""
    if n >= 1_000_000:
        return max(5, base // 4)
    if n >= 30_000:
        return max(5, base // 2)
    return base


async def _kmtui_widget(sizes: tuple[int, ...], repeat: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.geometry import Region

    from kmtui.ui.widgets.scatter import ScatterView

    class RecordingScatter(ScatterView):
        """ScatterView that remembers which lines it asked Textual to repaint."""

        refreshed: ClassVar[list[int | None]] = []

        def refresh(self, *regions: Region, **kwargs: Any) -> Any:  # type: ignore[override]
            if regions:
                self.refreshed.extend(r.y for r in regions)
            else:
                self.refreshed.append(None)  # the whole widget
            return super().refresh(*regions, **kwargs)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield RecordingScatter(DARK, id="scatter")

    out: dict[str, Any] = {"frames": {}, "glide": None}
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        view = app.query_one(RecordingScatter)
        w, h = view.size
        out["widget_size"] = [w, h]
        for n in sizes:
            points, labels, centres = make_data(n)
            bounds = bounds_for(points)
            trails = [centres + 0.5 * i for i in range(3, 0, -1)]
            rep = _repeats(n, repeat)

            def model_to_rows(points: np.ndarray = points, labels: np.ndarray = labels, centres: np.ndarray = centres,
                              bounds: Bounds = bounds, trails: list[np.ndarray] = trails) -> None:
                r = ScatterRenderer(DARK)  # fresh: every layer and every row from scratch
                r.resize(w, h)
                r.set_bounds(bounds, "x", "y")
                r.set_points(points, labels)
                r.set_centroids(centres, trails)
                r.render()

            view.set_data(points, "x", "y")
            view.show_frame(_frame(labels, centres, trails))

            def strips() -> None:
                for y in range(h):
                    view.render_line(y)

            rows_ms = sample_ms(model_to_rows, rep)
            strips_ms = sample_ms(strips, rep)
            total_ms = [a + b for a, b in zip(rows_ms, strips_ms)]
            out["frames"][n] = {
                "model_to_rows": summary(rows_ms),
                "strips": summary(strips_ms),
                "total": summary(total_ms),
                "mode": view.renderer.effective_mode,
            }

        # Glide: centroids move, points and labels stay; only refreshed lines are rebuilt.
        points, labels, centres = make_data(GLIDE_POINTS)
        trails = [centres - 2.0, centres - 1.0]
        view.set_data(points, "x", "y")
        view.show_frame(_frame(labels, centres, trails))
        frames = [centres + 0.05 * (i % 40) for i in range(40)]
        state = {"i": 0, "lines": 0, "frames": 0}

        def glide() -> None:
            state["i"] = (state["i"] + 1) % len(frames)
            RecordingScatter.refreshed = []
            view.show_frame(_frame(labels, frames[state["i"]], trails))
            ys = RecordingScatter.refreshed
            lines = range(h) if None in ys else sorted(set(ys))
            for y in lines:
                view.render_line(y)
            state["lines"] += len(lines)
            state["frames"] += 1

        glide_ms = sample_ms(glide, repeat * 3, warmup=3)
        out["glide"] = {**summary(glide_ms), "points": GLIDE_POINTS,
                        "lines_per_frame": state["lines"] / max(1, state["frames"])}
    return out


async def _plotext_widget(sizes: tuple[int, ...], repeat: int, max_points: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.visual import Visual, visualize
    from textual_plotext import PlotextPlot

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield PlotextPlot(id="plot")

    out: dict[str, Any] = {"frames": {}}
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        plot = app.query_one(PlotextPlot)
        w, h = plot.size
        out["widget_size"] = [w, h]
        for n in sizes:
            if n > max_points:
                continue
            points, labels, centres = make_data(n)
            plt = plot.plt
            plt.clear_figure()
            # As a textual-plotext user writes it: one series per cluster, then the centroids.
            for j in range(K):
                sel = labels == j
                plt.scatter(points[sel, 0].tolist(), points[sel, 1].tolist())
            plt.scatter(centres[:, 0].tolist(), centres[:, 1].tolist(), marker="x")
            rendered: list[Any] = []

            def render(rendered: list[Any] = rendered) -> None:
                rendered.append(plot.render())

            def strips(rendered: list[Any] = rendered) -> None:
                Visual.to_strips(plot, visualize(plot, rendered[-1]), w, h, plot.visual_style)

            rep = max(2, _repeats(n, repeat) // (3 if n >= 30_000 else 1))
            render_ms: list[float] = []
            strips_ms: list[float] = []
            # Interleaved, so that one is always timed on the other's output.
            render()
            strips()
            for _ in range(rep if n < 1_000_000 else 2):
                render_ms += sample_ms(render, 1, warmup=0)
                strips_ms += sample_ms(strips, 1, warmup=0)
                rendered.clear()
                rendered.append(plot.render())
            total_ms = [a + b for a, b in zip(render_ms, strips_ms)]
            out["frames"][n] = {"render": summary(render_ms), "strips": summary(strips_ms),
                                "total": summary(total_ms)}
    return out


def widget_frames(sizes: tuple[int, ...], repeat: int, *, plotext_max: int = 1_000_000) -> dict[str, Any]:
    """kmtui's ScatterView frames against textual-plotext's PlotextPlot, same data and size."""
    kmtui = asyncio.run(_kmtui_widget(sizes, repeat))
    try:
        import textual_plotext  # noqa: F401
    except ImportError:
        return {"kmtui": kmtui, "plotext": None}
    plotext = asyncio.run(_plotext_widget(sizes, repeat, plotext_max))
    return {"kmtui": kmtui, "plotext": plotext}


def print_widget_table(res: dict[str, Any]) -> list[dict[str, Any]]:
    """Print the widget comparison; returns its budget rows."""
    km, pt = res["kmtui"], res["plotext"]
    print(f"\nwidget frames at {WIDTH}x{HEIGHT} (ScatterView vs PlotextPlot), median / p95 ms")
    print(f"  {'points':>9}  {'kmtui rows':>12} {'+strips':>9} {'=frame':>14}   "
          f"{'plotext render':>15} {'+strips':>9} {'=frame':>16}   {'speed-up':>8}")
    rows: list[dict[str, Any]] = []
    for n, f in km["frames"].items():
        a = f["total"]
        line = (f"  {n:>9,}  {f['model_to_rows']['median_ms']:12.2f} {f['strips']['median_ms']:9.2f} "
                f"{a['median_ms']:7.2f}/{a['p95_ms']:6.2f}")
        p = (pt or {}).get("frames", {}).get(n)
        ratio = None
        if p is not None:
            b = p["total"]
            ratio = b["median_ms"] / a["median_ms"]
            line += (f"   {p['render']['median_ms']:15.1f} {p['strips']['median_ms']:9.1f} "
                     f"{b['median_ms']:8.1f}/{b['p95_ms']:7.1f}   {ratio:7.1f}x")
        print(line + f"   ({f['mode']})")
        rows.append({
            "what": f"scatter frame + strips, {n:,} points, 160x48",
            "unit": "ms", "kmtui": a["median_ms"], "kmtui_p95": a["p95_ms"],
            "kmtui_model_to_rows": f["model_to_rows"]["median_ms"],
            "anchor": None if p is None else p["total"]["median_ms"],
            "anchor_name": "textual-plotext PlotextPlot render() + strips",
            "ratio": None if ratio is None else a["median_ms"] / p["total"]["median_ms"],
            "budget": "anchor/kmtui >= 10x",
            "met": None if ratio is None else bool(ratio >= 10.0),
        })
    g = km["glide"]
    print(f"  glide frame through the widget, {g['points']:,} points: {g['median_ms']:.3f} / {g['p95_ms']:.3f} ms"
          f"  ({g['lines_per_frame']:.1f} lines repainted)  budget 2  {'ok' if g['median_ms'] <= 2 else 'OVER'}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-plotext", action="store_true", help="skip the plotext anchor")
    parser.add_argument("--widgets", action="store_true",
                        help="also compare ScatterView with textual-plotext's PlotextPlot (needs textual)")
    parser.add_argument("--sizes", default=",".join(str(n) for n in WIDGET_SIZES),
                        help="point counts for --widgets, comma-separated")
    parser.add_argument("--plotext-max", type=int, default=1_000_000,
                        help="largest point count given to PlotextPlot (a 1 000 000-point build takes seconds)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the numbers as JSON")
    args = parser.parse_args()
    rep = args.repeat
    report: dict[str, Any] = {"size": [WIDTH, HEIGHT], "k": K, "repeat": rep, "renderer": {}}

    def keep(label: str, ms: Timing, budget: float | None, **extra: Any) -> None:
        report["renderer"][label] = {"median_ms": float(ms), "best_ms": ms.best, "budget_ms": budget, **extra}

    print(f"scatter renderer at {WIDTH}x{HEIGHT}, K={K}: median (fastest) of {rep} runs, ms")
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
        print(f"  {label:<40} {ms:8.3f} ({ms.best:6.3f}){verdict}")
        keep(label, ms, budget)
    for regions in (False, True):
        ms, dirty = glide_frame(100_000, rep * 3, regions=regions)
        label = f"glide frame, 100 000 points{', regions' if regions else ''}"
        print(f"  {label:<40} {ms:8.3f} ({ms.best:6.3f})  budget 2  {'ok' if ms <= 2.0 else 'OVER'}"
              f"  ({dirty:.1f} of {HEIGHT} rows dirty)")
        keep(label, ms, 2.0, dirty_rows=dirty)
    if not args.no_plotext:
        anchor = plotext_frame(3_000, max(5, rep // 3))
        if anchor is not None:
            ours = full_frame(3_000, rep)
            print(f"  {'plotext build, 3 000 points (anchor)':<40} {anchor:8.3f} ({anchor.best:6.3f})"
                  f"  kmtui is {anchor / ours:.0f}x faster")
            keep("plotext build, 3 000 points (anchor)", anchor, None, kmtui_full_frame_ms=float(ours))
    if args.widgets:
        sizes = tuple(int(v) for v in args.sizes.split(",") if v.strip())
        res = widget_frames(sizes, max(3, rep // 2),
                            plotext_max=-1 if args.no_plotext else args.plotext_max)
        report["widgets"] = res
        report["widget_rows"] = print_widget_table(res)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
