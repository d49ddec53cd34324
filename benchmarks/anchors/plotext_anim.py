"""Anchor: a naive textual-plotext app animating kmtui's default scene.

The same 300 points as ``kmtui --seed 3`` (the built-in ``blobs``, coloured by
cluster) and 3 centroids gliding along the path K-Means gives them from the
same seed, drawn with textual-plotext's ``PlotextPlot`` the way its examples
animate: a timer at 30 fps clears the plot data, adds every series again and
refreshes the widget, so Textual repaints (and sends) the whole plot each
frame. A one-line Static under the plot counts the frames, like kmtui's
status line. ``q`` quits.

Run: ``python benchmarks/anchors/plotext_anim.py [--fps N] [--seconds S]``
(``--seconds`` quits after S seconds; default: run until q).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual_plotext import PlotextPlot

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kmtui import KMeans, load_dataset

GLIDE_SECONDS = 0.3
"""Time for the centroids to move from one update's position to the next (as kmtui's glide)."""


def scene(seed: int = 3) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Points (n, 2), final labels (n,), and the centroids (3, 2) at each update."""
    X = load_dataset("blobs").X
    km = KMeans(n_clusters=3, init="uniform", random_state=seed).fit(X)
    path = [s.centroids for s in km.history_ if s.phase.value in ("init", "update")]
    return X, km.labels_, path


class PlotextAnim(App[None]):
    """The scene in a PlotextPlot, rebuilt every frame."""

    CSS = "PlotextPlot { height: 1fr; } #status { height: 1; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, fps: float = 30.0, seconds: float | None = None) -> None:
        super().__init__()
        self.fps = fps
        self.seconds = seconds
        self.X, self.labels, self.path = scene()
        self.frames = 0
        self.began = 0.0

    def compose(self) -> ComposeResult:
        yield PlotextPlot(id="plot")
        yield Static("frame 0", id="status")

    def on_mount(self) -> None:
        self.began = time.monotonic()
        self.draw()
        self.set_interval(1 / self.fps, self.draw)
        if self.seconds is not None:
            self.set_timer(self.seconds, self.exit)

    def centroids_at(self, t: float) -> np.ndarray:
        """Where the centroids are at time t: glide, pause, glide… then start over."""
        legs = len(self.path) - 1
        if legs < 1:
            return self.path[0]
        period = GLIDE_SECONDS * 2  # a glide, then a pause as long
        leg, into = divmod(t / period, 1.0)
        leg = int(leg) % legs
        u = min(1.0, into * 2)
        u = 4 * u**3 if u < 0.5 else 1 - (-2 * u + 2) ** 3 / 2
        a, b = self.path[leg], self.path[leg + 1]
        return a + (b - a) * u

    def draw(self) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        for j in range(3):
            sel = self.labels == j
            plt.scatter(self.X[sel, 0].tolist(), self.X[sel, 1].tolist())
        c = self.centroids_at(time.monotonic() - self.began)
        plt.scatter(c[:, 0].tolist(), c[:, 1].tolist(), marker="x", color="red")
        plt.title("K-Means, K=3")
        plot.refresh()
        self.frames += 1
        self.query_one("#status", Static).update(f"frame {self.frames}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fps", type=float, default=30.0)
    ap.add_argument("--seconds", type=float, default=None)
    args = ap.parse_args()
    PlotextAnim(args.fps, args.seconds).run()


if __name__ == "__main__":
    main()
