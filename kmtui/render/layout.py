"""Layout: where the scatter's plot area and axes go, and data ↔ cell mapping.

This module owns the geometry of the main plot: the data rectangle shown
(:class:`Bounds`, :func:`bounds_for`), the split of a ``width × height`` area
into a gutter with y tick labels, the plot area, the x axis and titles
(:func:`draw_axes`, which also draws them into the base layer), and the
mapping between data coordinates and cells (:class:`Layout` methods).

Coordinates: ``(col, row)`` are cell coordinates in the whole area, row 0 at
the top. Data space maps onto the plot area (right of the y axis, above the
x axis) through fixed bounds, so the view does not jump while centroids move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render import palette
from kmtui.render.palette import Theme
from kmtui.render.raster import Layer, StyleTable
from kmtui.render.ticks import nice_ticks, tick_labels

#: Below this size there is no room for axes: the whole area is plot.
MIN_AXES_WIDTH = 16
MIN_AXES_HEIGHT = 6
#: From this height on, the top row carries the y axis title.
MIN_TITLE_HEIGHT = 9


class Bounds(NamedTuple):
    """The data rectangle the plot area shows."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float


def widen(lo: float, hi: float) -> tuple[float, float]:
    """A usable axis range from ``[lo, hi]``: ordered, finite, not empty."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"bounds must be finite, got [{lo}, {hi}]")
    if lo > hi:
        lo, hi = hi, lo
    centre = lo / 2 + hi / 2
    # A range below float resolution would give ticks like 1.0000000000000002.
    if hi - lo <= 1e-9 * max(abs(lo), abs(hi)) or hi == lo:
        half = abs(centre) * 0.1 if centre != 0.0 else 1.0
        lo, hi = centre - half, centre + half
    return lo, hi


def bounds_for(points: ArrayLike, pad: float = 0.05) -> Bounds:
    """Bounds that show every finite point, with a margin.

    Parameters
    ----------
    points : array-like of shape (n_points, 2)
        Data coordinates; rows with NaN or infinity are ignored.
    pad : float, default=0.05
        Margin on each side as a share of the range.

    Returns
    -------
    Bounds
        ``(0, 1, 0, 1)`` when there is no finite point; a range around the
        value when all points share it.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if pts.shape[0] == 0:
        return Bounds(0.0, 1.0, 0.0, 1.0)
    # Column by column: reductions over an (n, 2) array's first axis are slow.
    ranges = [(float(pts[:, j].min()), float(pts[:, j].max())) for j in (0, 1)]
    if not all(math.isfinite(v) for r in ranges for v in r):
        keep = np.isfinite(pts[:, 0]) & np.isfinite(pts[:, 1])
        if not keep.any():
            return Bounds(0.0, 1.0, 0.0, 1.0)
        ranges = [(float(pts[keep, j].min()), float(pts[keep, j].max())) for j in (0, 1)]
    out: list[float] = []
    big = np.finfo(np.float64).max
    for lo, hi in ranges:
        lo, hi = widen(lo, hi)
        margin = (hi / 2 - lo / 2) * 2 * pad
        out.extend((max(lo - margin, -big), min(hi + margin, big)))
    return Bounds(out[0], out[1], out[2], out[3])


@dataclass(frozen=True)
class Layout:
    """Where the parts of the area are, for one size, bounds and labels.

    Attributes
    ----------
    width, height : int
        The whole area, in cells.
    left, top : int
        First plot column and row.
    pw, ph : int
        Plot width and height in cells.
    axes : bool
        Whether axes are drawn (False: the whole area is plot).
    """

    width: int
    height: int
    left: int
    top: int
    pw: int
    ph: int
    axes: bool

    @property
    def plot(self) -> tuple[slice, slice]:
        """``(rows, cols)`` slices of the plot area."""
        return slice(self.top, self.top + self.ph), slice(self.left, self.left + self.pw)

    @property
    def empty(self) -> bool:
        """True when the plot area has no cell."""
        return self.pw <= 0 or self.ph <= 0

    def col_of(self, b: Bounds, x: float) -> int | None:
        """The column of data ``x``, or None outside the bounds."""
        fx = (x - b.xmin) * (self.pw / (b.xmax - b.xmin))
        if not 0.0 <= fx <= self.pw:
            return None
        return self.left + min(int(fx), self.pw - 1)

    def row_of(self, b: Bounds, y: float) -> int | None:
        """The row of data ``y``, or None outside the bounds."""
        fy = (b.ymax - y) * (self.ph / (b.ymax - b.ymin))
        if not 0.0 <= fy <= self.ph:
            return None
        return self.top + min(int(fy), self.ph - 1)

    def cell_of(self, b: Bounds, x: float, y: float) -> tuple[int, int] | None:
        """The ``(col, row)`` of a data point, or None outside the bounds."""
        if self.empty:
            return None
        fx = (x - b.xmin) * (self.pw / (b.xmax - b.xmin))
        fy = (b.ymax - y) * (self.ph / (b.ymax - b.ymin))
        if not (0.0 <= fx <= self.pw and 0.0 <= fy <= self.ph):
            return None
        return self.left + min(int(fx), self.pw - 1), self.top + min(int(fy), self.ph - 1)

    def data_at(self, b: Bounds, col: int, row: int) -> tuple[float, float] | None:
        """The data coordinates of a cell's centre, or None off the plot area."""
        c, r = col - self.left, row - self.top
        if not (0 <= c < self.pw and 0 <= r < self.ph):
            return None
        x = b.xmin + (c + 0.5) * (b.xmax - b.xmin) / self.pw
        y = b.ymax - (r + 0.5) * (b.ymax - b.ymin) / self.ph
        return x, y

    def nearest(self, b: Bounds, points: NDArray[np.float64], col: int, row: int, radius: float) -> int | None:
        """The point nearest a cell on screen (a cell counts twice as tall as wide), or None."""
        if points.shape[0] == 0 or self.empty:
            return None
        px = (points[:, 0] - b.xmin) * (self.pw / (b.xmax - b.xmin)) + self.left
        py = (b.ymax - points[:, 1]) * (self.ph / (b.ymax - b.ymin)) + self.top
        d2 = (px - (col + 0.5)) ** 2 + (2.0 * (py - (row + 0.5))) ** 2
        d2[~np.isfinite(d2)] = np.inf
        i = int(np.argmin(d2))
        return i if d2[i] <= radius * radius else None


def draw_axes(
    base: Layer,
    bg: NDArray[np.int64],
    b: Bounds,
    labels: tuple[str, str],
    theme: Theme,
    styles: StyleTable,
    *,
    ascii: bool,
) -> Layout:
    """Place gutter, axes, ticks and titles for ``base``'s size; draw them into ``base``.

    Parameters
    ----------
    base : Layer
        A fresh base layer (all spaces) of the area's shape; drawn into.
    bg : ndarray of shape (height, width) of int64
        Background colour ids; set to the theme's background.
    b : Bounds
        The data rectangle shown.
    labels : (x_label, y_label)
        Axis titles.
    theme : Theme
    styles : StyleTable
    ascii : bool
        ASCII-only glyphs.

    Returns
    -------
    Layout
        Where the plot area is; the whole area when it is too small for axes.
    """
    h, w = base.ch.shape
    x_label, y_label = labels
    glyphs = palette.ASCII_AXIS_GLYPHS if ascii else palette.AXIS_GLYPHS
    vert, horiz, corner, ytick, xtick = glyphs
    ellipsis = palette.ASCII_ELLIPSIS if ascii else palette.ELLIPSIS
    fg_plain = styles.fg(theme.foreground)
    fg_grid = styles.fg(theme.grid)
    fg_axis = styles.fg(theme.axis)
    base_ch, base_st = base.ch, base.st
    base_st[:] = fg_plain
    bg[:] = styles.color(theme.background)

    if w < MIN_AXES_WIDTH or h < MIN_AXES_HEIGHT:
        return Layout(w, h, 0, 0, w, h, False)

    top = 1 if (h >= MIN_TITLE_HEIGHT and y_label) else 0
    ph = h - top - 2  # the axis line and the tick label row below the plot
    yticks = nice_ticks(b.ymin, b.ymax, max(1, min(10, ph // 3)))
    ylabels = tick_labels(yticks)
    gutter = min(max((len(s) for s in ylabels), default=1), max(1, w // 3))
    left = gutter + 1  # labels, then the axis column
    pw = w - left
    lay = Layout(w, h, left, top, pw, ph, True)
    axis_row, label_row = top + ph, top + ph + 1

    def put(row: int, col: int, text: str, style: int) -> None:
        text = text[: max(0, w - col)]
        if col < 0 or not text:
            return
        base_ch[row, col : col + len(text)] = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        base_st[row, col : col + len(text)] = style

    def fit(text: str, room: int) -> str:
        if len(text) <= room:
            return text
        return text[: room - 1] + ellipsis if room > 1 else text[:room]

    # y axis: the line, a mark and a right-aligned label per tick.
    base_ch[top:axis_row, gutter] = ord(vert)
    base_st[top:axis_row, gutter] = fg_grid
    used_rows: set[int] = set()
    for value, text in zip(yticks, ylabels, strict=False):
        r = lay.row_of(b, value)
        if r is None or r in used_rows:
            continue
        used_rows.add(r)
        base_ch[r, gutter] = ord(ytick)
        text = fit(text, gutter)
        put(r, gutter - len(text), text, fg_axis)

    # x axis: the line with a corner, marks, and labels that do not collide.
    base_ch[axis_row, gutter] = ord(corner)
    base_ch[axis_row, left:] = ord(horiz)
    base_st[axis_row, gutter:] = fg_grid
    x_title = fit(x_label, max(4, pw // 3)) if x_label else ""
    limit = w - len(x_title) - 1 if x_title else w  # labels end before the title
    placed: list[tuple[int, str]] = []
    for n_ticks in range(max(1, min(12, pw // 8)), 0, -1):
        xticks = nice_ticks(b.xmin, b.xmax, n_ticks)
        placed = []
        ok = True
        end = 0
        for value, text in zip(xticks, tick_labels(xticks), strict=False):
            c = lay.col_of(b, value)
            if c is None:
                continue
            start = min(max(c - (len(text) - 1) // 2, 0), w - len(text))
            if start < end + (1 if placed else 0):
                ok = False
                break
            placed.append((c, text))
            end = start + len(text)
        if ok:
            break
    end = 0
    for c, text in placed:
        base_ch[axis_row, c] = ord(xtick)
        start = min(max(c - (len(text) - 1) // 2, 0), w - len(text))
        if start + len(text) <= limit and start >= end:
            put(label_row, start, text, fg_axis)
            end = start + len(text) + 1
    if x_title:
        put(label_row, w - len(x_title), x_title, fg_plain)
    if top:
        put(0, 0, fit(y_label, w), fg_plain)
    return lay
