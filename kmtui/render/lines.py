"""Lines: point → centroid segments, the scatter's layer under the points.

This module owns the line layer of :class:`~kmtui.render.scatter.ScatterRenderer`:
straight segments in data space (a point to a centroid), rasterized into the
plot's cells with one sample per cell crossed (a DDA line, like Bresenham's,
vectorised over every segment at once). Each cell gets a glyph for the
segment's slope on screen (a cell counts twice as tall as wide) — ``─ │ ╱ ╲``,
or ``- | / \\`` in ASCII — in its centroid's colour, bold for a strong line
(the nearest centroid of the inspected point) and dim otherwise.

Used for the inspected point (a line to every centroid, the nearest one
highlighted) and for the ``l`` view (every point's line to its own centroid,
as Orange's and the Imperial demo's K-Means widgets draw them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kmtui.render.layout import Bounds, Layout
from kmtui.render.palette import Theme
from kmtui.render.raster import BOLD, DIM, Layer, StyleTable

GLYPHS = ("─", "│", "╱", "╲")
ASCII_GLYPHS = ("-", "|", "/", "\\")
MAX_SAMPLES = 400_000
"""At most this many cell samples per paint (long lines on a big plot are thinned)."""


@dataclass(frozen=True, eq=False)
class Segments:
    """Segments to draw: ``xy`` rows ``(x0, y0, x1, y1)`` in data space, the centroid each goes to, strong or not."""

    xy: NDArray[np.float64]
    cluster: NDArray[np.intp]
    strong: NDArray[np.bool_]

    @classmethod
    def empty(cls) -> Segments:
        return cls(np.empty((0, 4)), np.empty(0, dtype=np.intp), np.empty(0, dtype=bool))

    @classmethod
    def join(cls, *parts: Segments) -> Segments:
        return cls(np.concatenate([p.xy for p in parts]), np.concatenate([p.cluster for p in parts]),
                   np.concatenate([p.strong for p in parts]))

    def __len__(self) -> int:
        return int(self.xy.shape[0])


def to_centroids(point: NDArray[np.float64], centroids: NDArray[np.float64], nearest: int | None) -> Segments:
    """One point's line to every centroid; the line to ``nearest`` is strong."""
    k = centroids.shape[0]
    xy = np.column_stack([np.tile(point[:2], (k, 1)), centroids[:, :2]])
    strong = np.arange(k) == (-1 if nearest is None else nearest)
    return Segments(xy, np.arange(k, dtype=np.intp), strong)


def to_own(points: NDArray[np.float64], labels: NDArray[np.integer], centroids: NDArray[np.float64]) -> Segments:
    """Each point's line to its own centroid (all faint)."""
    ok = (labels >= 0) & (labels < centroids.shape[0])
    pts, lab = points[ok], labels[ok].astype(np.intp)
    xy = np.column_stack([pts[:, :2], centroids[lab, :2]])
    return Segments(xy, lab, np.zeros(len(lab), dtype=bool))


def paint_lines(layer: Layer, lay: Layout, b: Bounds, segs: Segments, theme: Theme, styles: StyleTable,
                *, ascii: bool) -> None:
    """Rasterize ``segs`` into ``layer`` (cleared first); later segments win a shared cell, strong ones last."""
    layer.clear()
    if len(segs) == 0 or lay.empty:
        return
    order = np.argsort(segs.strong, kind="stable")  # strong lines drawn last, on top
    xy, cluster, strong = segs.xy[order], segs.cluster[order], segs.strong[order]
    with np.errstate(over="ignore", invalid="ignore"):
        fx0 = (xy[:, 0] - b.xmin) * (lay.pw / (b.xmax - b.xmin))
        fx1 = (xy[:, 2] - b.xmin) * (lay.pw / (b.xmax - b.xmin))
        fy0 = (b.ymax - xy[:, 1]) * (lay.ph / (b.ymax - b.ymin))
        fy1 = (b.ymax - xy[:, 3]) * (lay.ph / (b.ymax - b.ymin))
    ok = np.isfinite(fx0) & np.isfinite(fx1) & np.isfinite(fy0) & np.isfinite(fy1)
    if not ok.any():
        return
    fx0, fx1, fy0, fy1, cluster, strong = fx0[ok], fx1[ok], fy0[ok], fy1[ok], cluster[ok], strong[ok]
    dx, dy = fx1 - fx0, fy1 - fy0
    span = np.maximum(np.abs(dx), np.abs(dy))
    steps = np.minimum(np.ceil(span), 2 * (lay.pw + lay.ph)).astype(np.int64) + 1
    if int(steps.sum()) > MAX_SAMPLES:
        steps = np.maximum(1, (steps * (MAX_SAMPLES / steps.sum())).astype(np.int64))
    seg = np.repeat(np.arange(steps.size), steps)
    starts = np.cumsum(steps) - steps
    t = (np.arange(seg.size) - starts[seg]) / np.maximum(steps[seg] - 1, 1)
    # Leave both ends free: the point and the centroid keep their own glyphs.
    inner = (t > 0) & (t < 1)
    seg, t = seg[inner], t[inner]
    sx = fx0[seg] + dx[seg] * t
    sy = fy0[seg] + dy[seg] * t
    inside = (sx >= 0) & (sx < lay.pw) & (sy >= 0) & (sy < lay.ph)
    seg, sx, sy = seg[inside], sx[inside], sy[inside]
    c = sx.astype(np.int64) + lay.left
    r = sy.astype(np.int64) + lay.top
    # The slope on screen: a cell is about twice as tall as it is wide.
    sdx, sdy = dx[seg], 2.0 * dy[seg]
    kind = np.where(np.abs(sdy) < 0.41 * np.abs(sdx), 0,
                    np.where(np.abs(sdx) < 0.41 * np.abs(sdy), 1, np.where((sdx > 0) == (sdy < 0), 2, 3)))
    glyphs = np.array([ord(g) for g in (ASCII_GLYPHS if ascii else GLYPHS)], dtype=np.uint32)
    k = int(cluster.max()) + 1
    weak_lut = np.array([styles.fg(theme.cluster_color(j), DIM) for j in range(k)], dtype=np.int64)
    strong_lut = np.array([styles.fg(theme.cluster_color(j), BOLD) for j in range(k)], dtype=np.int64)
    keys = np.where(strong[seg], strong_lut[cluster[seg]], weak_lut[cluster[seg]])
    layer.ch[r, c] = glyphs[kind]
    layer.st[r, c] = keys


@dataclass(eq=False)
class LineLayer:
    """The renderer's line layer and its inputs: repainted only when they change."""

    segments: Segments = field(default_factory=Segments.empty)
    layer: Layer = field(default_factory=lambda: Layer.blank((0, 0)))
    stale: bool = True

    def alloc(self, shape: tuple[int, int]) -> None:
        self.layer = Layer.blank(shape)
        self.stale = True

    def set(self, segments: Segments | None) -> bool:
        """New segments (None: none). True when anything changed."""
        new = segments if segments is not None else Segments.empty()
        old = self.segments
        if (len(new) == len(old) and np.array_equal(new.xy, old.xy) and np.array_equal(new.cluster, old.cluster)
                and np.array_equal(new.strong, old.strong)):
            return False
        self.segments = new
        self.stale = True
        return True

    def paint(self, lay: Layout, b: Bounds, theme: Theme, styles: StyleTable, *, ascii: bool) -> None:
        self.stale = False
        paint_lines(self.layer, lay, b, self.segments, theme, styles, ascii=ascii)
