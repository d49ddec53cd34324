"""Scatter: kmtui's own rasterizer for the main plot.

This module owns turning a plot model — points with cluster labels, centroids
and their trails, optional Voronoi regions, axes — into rows of styled cells
(:mod:`kmtui.render.cells`) for a ``width × height`` area. It is the app's
hottest path, so:

- every per-point step is a numpy operation (binning with ``bincount``), never
  a Python loop; loops run over rows, runs and centroids only;
- each layer (axes, regions, points, trails, centroids, cursor) is cached as
  numpy arrays of codepoints and packed style keys and is recomputed only when
  its inputs change, so a centroid glide frame redraws the centroid layer (and
  the regions when shown) and nothing else;
- :meth:`ScatterRenderer.render` recomposes the layers (a few array ops on
  ``width × height`` cells), rebuilds the runs of only the rows whose cells
  changed and reports those rows in :meth:`ScatterRenderer.dirty_rows`, so the
  widget repaints — and sends over SSH — only those lines.

Coordinates: ``(col, row)`` are cell coordinates in the whole area, row 0 at
the top. Data space maps onto the plot area (right of the y axis, above the
x axis) through fixed ``bounds`` the caller chooses, so the view does not
jump while centroids move. Distances for Voronoi regions are Euclidean in the
drawn 2-D plane, as the engine's.

Arrays passed in are treated as read-only: passing the same points again
(the same object or equal values) with new labels skips re-binning them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render import palette
from kmtui.render.cells import CellStyle, Row
from kmtui.render.palette import DARK, Theme
from kmtui.render.ticks import nice_ticks, tick_labels

Mode = Literal["auto", "glyph", "braille"]

#: In ``auto`` mode, braille is used once points outnumber this share of the
#: plot's cells: beyond it single glyphs overlap so much that shape is lost,
#: while 2×4 dots per cell still show the density.
AUTO_BRAILLE_RATIO = 0.6

#: Labels must be below this: per-cell counts take one slot per cluster.
MAX_CLUSTERS = 1024

# Points are binned this many at a time (see _bin_points).
_CHUNK = 1 << 16

#: Below this size there is no room for axes: the whole area is plot.
MIN_AXES_WIDTH = 16
MIN_AXES_HEIGHT = 6
#: From this height on, the top row carries the y axis title.
MIN_TITLE_HEIGHT = 9

# Style keys pack a cell's whole style into one int64 so layers compose and
# rows diff with plain array operations: fg colour id in bits 0-15, bg colour
# id in bits 16-31, attribute flags from bit 32.
_BG_SHIFT = 16
_FLAG_SHIFT = 32
BOLD = 1
DIM = 2
REVERSE = 4



class Bounds(NamedTuple):
    """The data rectangle the plot area shows."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float


def _widen(lo: float, hi: float) -> tuple[float, float]:
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
        lo, hi = _widen(lo, hi)
        margin = (hi / 2 - lo / 2) * 2 * pad
        out.extend((max(lo - margin, -big), min(hi + margin, big)))
    return Bounds(out[0], out[1], out[2], out[3])


@dataclass(frozen=True)
class _Layout:
    """Where the parts of the area are, for one size, bounds and labels."""

    width: int
    height: int
    left: int  # first plot column
    top: int  # first plot row
    pw: int  # plot width in cells
    ph: int  # plot height in cells
    axes: bool

    @property
    def plot(self) -> tuple[slice, slice]:
        return slice(self.top, self.top + self.ph), slice(self.left, self.left + self.pw)


class ScatterRenderer:
    """Draws a K-Means scatter into a ``width × height`` cell area.

    Parameters
    ----------
    theme : Theme, default=DARK
        Colours.
    ascii : bool, default=False
        Only ASCII glyphs (``--ascii``): shapes ``o ^ # * + @ x %``,
        centroids ``X``, density characters instead of braille.
    mode : {'auto', 'glyph', 'braille'}, default='auto'
        One shape per cell, braille dots (2×4 per cell), or braille once
        points outnumber ``AUTO_BRAILLE_RATIO`` of the plot's cells.

    Notes
    -----
    Typical use by a widget::

        r = ScatterRenderer(DARK)
        r.resize(w, h)
        r.set_bounds(bounds_for(X), "sepal length", "sepal width")
        r.set_points(X, labels)
        r.set_centroids(C, trails)
        rows = r.render()          # list of Row, one per line
        for y in r.dirty_rows():   # lines that differ from the last render
            ...refresh line y...
    """

    def __init__(self, theme: Theme = DARK, *, ascii: bool = False, mode: Mode = "auto") -> None:
        self._theme = theme
        self._ascii = ascii
        self._mode: Mode = _check_mode(mode)
        self._width = 0
        self._height = 0
        self._bounds = Bounds(0.0, 1.0, 0.0, 1.0)
        self._auto_bounds = True
        self._x_label = ""
        self._y_label = ""
        self._points: NDArray[np.float64] = np.empty((0, 2))
        self._labels: NDArray[np.integer] | None = None
        self._label_range = (-1, -1)  # min and max of the labels
        self._highlight: NDArray[np.bool_] | None = None
        self._centroids: NDArray[np.float64] | None = None
        self._trails: tuple[NDArray[np.float64], ...] = ()
        self._regions = False
        self._cursor: int | None = None

        # Colour table: id 0 is "no colour" (None).
        self._colors: list[str | None] = [None]
        self._color_ids: dict[str | None, int] = {None: 0}
        self._styles: dict[int, CellStyle] = {}

        # Which layers need recomputing before the next render: all of them.
        self._invalidate_all()

        self._layout = _Layout(0, 0, 0, 0, 0, 0, False)
        self._alloc()
        # Binned points: the cell (row-major over ph × pw; ph × pw for points
        # not drawn) of each point, and per cell the braille bits of the dots
        # its points cover.
        self._cell: NDArray[np.int32] = np.empty(0, dtype=np.int32)
        self._bits: NDArray[np.int64] = np.zeros((0, 0), dtype=np.int64)
        self._cursor_cell: tuple[int, int] | None = None

        self._rows: list[Row] = []
        self._prev_ch: NDArray[np.uint32] | None = None
        self._prev_key: NDArray[np.int64] | None = None
        self._dirty: set[int] = set()

    # ------------------------------------------------------------------ inputs

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in cells."""
        return self._width, self._height

    @property
    def bounds(self) -> Bounds:
        return self._bounds

    @property
    def effective_mode(self) -> Literal["glyph", "braille"]:
        """The point mode in use after resolving ``auto``."""
        if self._mode != "auto":
            return self._mode
        self._ensure_layout()
        lay = self._layout
        cells = max(1, lay.pw * lay.ph)
        return "braille" if self._points.shape[0] > AUTO_BRAILLE_RATIO * cells else "glyph"

    def resize(self, width: int, height: int) -> None:
        """Set the area's size in cells (the whole widget, axes included)."""
        width, height = max(0, int(width)), max(0, int(height))
        if (width, height) != (self._width, self._height):
            self._width, self._height = width, height
            self._invalidate_all()

    def set_theme(self, theme: Theme) -> None:
        """Change colours; everything is redrawn."""
        if theme != self._theme:
            self._theme = theme
            self._invalidate_all()

    def set_ascii(self, ascii: bool) -> None:
        """Switch ASCII-only glyphs on or off."""
        if ascii != self._ascii:
            self._ascii = ascii
            self._invalidate_all()

    def set_mode(self, mode: Mode) -> None:
        """``'auto'``, ``'glyph'`` or ``'braille'`` for the points."""
        mode = _check_mode(mode)
        if mode != self._mode:
            self._mode = mode
            self._stale_points = True
            self._changed = True

    def set_bounds(self, bounds: Sequence[float], x_label: str = "", y_label: str = "") -> None:
        """Fix the data rectangle shown and name the axes.

        Parameters
        ----------
        bounds : (xmin, xmax, ymin, ymax)
            Kept until the next call, whatever the centroids do; see
            :func:`bounds_for`.
        x_label, y_label : str
            Axis titles (feature names).
        """
        xmin, xmax = _widen(float(bounds[0]), float(bounds[1]))
        ymin, ymax = _widen(float(bounds[2]), float(bounds[3]))
        new = Bounds(xmin, xmax, ymin, ymax)
        self._auto_bounds = False
        if new != self._bounds or x_label != self._x_label or y_label != self._y_label:
            self._bounds = new
            self._x_label, self._y_label = x_label, y_label
            self._invalidate_all()

    def set_points(
        self,
        points: ArrayLike,
        labels: ArrayLike | None = None,
        highlight: ArrayLike | None = None,
    ) -> None:
        """Set the data points and their clusters.

        Parameters
        ----------
        points : array-like of shape (n_points, 2)
            Data coordinates. Points outside the bounds are not drawn.
        labels : array-like of shape (n_points,) of int, or None
            Cluster of each point; None or ``-1`` means not assigned (grey).
        highlight : array-like of shape (n_points,) of bool, or None
            Points drawn emphasised (bold, reverse): those that just changed
            cluster, for a one-frame flash.
        """
        pts = np.asarray(points, dtype=np.float64)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise ValueError(f"points must have shape (n, 2), got {pts.shape}")
        n = pts.shape[0]
        lab = None if labels is None else np.asarray(labels)
        if lab is not None and (lab.dtype.kind not in "iu" or lab.dtype == np.uint64):
            lab = lab.astype(np.int64)  # any integer dtype is kept: the same object stays the same
        if lab is not None and lab.shape != (n,):
            raise ValueError(f"labels must have shape ({n},), got {lab.shape}")
        hi = None if highlight is None else np.asarray(highlight, dtype=bool)
        if hi is not None and hi.shape != (n,):
            raise ValueError(f"highlight must have shape ({n},), got {hi.shape}")

        same_labels = _same(lab, self._labels)
        label_range = self._label_range
        if lab is None or lab.size == 0:
            label_range = (-1, -1)
        elif not same_labels:
            # Checked once per new labelling; painting reuses the range.
            label_range = (int(lab.min()), int(lab.max()))
            if label_range[1] >= MAX_CLUSTERS:
                raise ValueError(f"cluster labels must be below {MAX_CLUSTERS}, got {label_range[1]}")
        same_points = pts is self._points or (
            pts.shape == self._points.shape and np.array_equal(pts, self._points, equal_nan=True)
        )

        if not same_points:
            self._points = pts
            self._stale_bins = True
            self._stale_cursor = True
            if self._auto_bounds:
                self._bounds = bounds_for(pts)
                self._invalidate_all()
        if not (same_points and same_labels and _same(hi, self._highlight)):
            self._stale_points = True
            self._changed = True
        self._label_range = label_range
        self._labels, self._highlight = lab, hi

    def set_centroids(
        self,
        centroids: ArrayLike | None,
        trails: Sequence[ArrayLike] = (),
    ) -> None:
        """Set the centroids and the trail of their past positions.

        Parameters
        ----------
        centroids : array-like of shape (k, 2), or None
            Current positions (mid-glide positions during an animation).
            Rows with NaN are not drawn. Outside the bounds a centroid is
            clamped to the edge and drawn as an arrow pointing its way.
        trails : sequence of array-like of shape (k_t, 2)
            Past positions, oldest first. Drawn as faint dots along the
            path through them to the current position.
        """
        cen = None if centroids is None else np.asarray(centroids, dtype=np.float64).reshape(-1, 2)
        tr = tuple(np.asarray(t, dtype=np.float64).reshape(-1, 2) for t in trails)
        if not _same(cen, self._centroids):
            self._centroids = cen
            self._stale_centroids = True
            self._stale_trails = True  # the path ends at the current position
            self._stale_regions = True
            self._changed = True
        if len(tr) != len(self._trails) or not all(
            _same(a, b) for a, b in zip(tr, self._trails, strict=False)
        ):
            self._trails = tr
            self._stale_trails = True
            self._changed = True

    def set_regions(self, on: bool) -> None:
        """Show or hide the Voronoi regions (background tint by nearest centroid)."""
        if bool(on) != self._regions:
            self._regions = bool(on)
            self._stale_regions = True
            self._changed = True

    def set_cursor(self, index: int | None) -> None:
        """Mark one point (the inspected one) with reverse video, or none."""
        if index is not None:
            index = int(index)
            if not 0 <= index < self._points.shape[0]:
                raise IndexError(f"cursor {index} is not a point index (0..{self._points.shape[0] - 1})")
        if index != self._cursor:
            self._cursor = index
            self._stale_cursor = True
            self._changed = True

    # ----------------------------------------------------------------- queries

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(col, row)`` of a data point, or None outside the bounds."""
        self._ensure_layout()
        lay, b = self._layout, self._bounds
        if lay.pw <= 0 or lay.ph <= 0:
            return None
        fx = (x - b.xmin) * (lay.pw / (b.xmax - b.xmin))
        fy = (b.ymax - y) * (lay.ph / (b.ymax - b.ymin))
        if not (0.0 <= fx <= lay.pw and 0.0 <= fy <= lay.ph):
            return None
        return lay.left + min(int(fx), lay.pw - 1), lay.top + min(int(fy), lay.ph - 1)

    def data_at(self, col: int, row: int) -> tuple[float, float] | None:
        """The data coordinates of a cell's centre, or None off the plot area."""
        self._ensure_layout()
        lay, b = self._layout, self._bounds
        c, r = col - lay.left, row - lay.top
        if not (0 <= c < lay.pw and 0 <= r < lay.ph):
            return None
        x = b.xmin + (c + 0.5) * (b.xmax - b.xmin) / lay.pw
        y = b.ymax - (r + 0.5) * (b.ymax - b.ymin) / lay.ph
        return x, y

    def point_at(self, col: int, row: int, *, radius: float = 3.0) -> int | None:
        """The point nearest a cell (for a mouse click), or None.

        Distance is measured on screen, in cell widths, counting a cell as
        twice as tall as wide.

        Parameters
        ----------
        col, row : int
            Cell coordinates.
        radius : float, default=3.0
            Farther points than this (in cell widths) do not count.
        """
        self._ensure_layout()
        lay, b = self._layout, self._bounds
        if self._points.shape[0] == 0 or lay.pw <= 0 or lay.ph <= 0:
            return None
        px = (self._points[:, 0] - b.xmin) * (lay.pw / (b.xmax - b.xmin)) + lay.left
        py = (b.ymax - self._points[:, 1]) * (lay.ph / (b.ymax - b.ymin)) + lay.top
        d2 = (px - (col + 0.5)) ** 2 + (2.0 * (py - (row + 0.5))) ** 2
        d2[~np.isfinite(d2)] = np.inf
        i = int(np.argmin(d2))
        return i if d2[i] <= radius * radius else None

    def plot_area(self) -> tuple[int, int, int, int]:
        """``(left, top, width, height)`` of the plot area in cells."""
        self._ensure_layout()
        lay = self._layout
        return lay.left, lay.top, lay.pw, lay.ph

    # ----------------------------------------------------------------- output

    def render(self) -> list[Row]:
        """The area as rows of styled runs, one per line, each ``width`` cells.

        Recomputes only the layers whose inputs changed and rebuilds only the
        rows whose cells changed; :meth:`dirty_rows` then names those rows.
        """
        if not self._changed and self._prev_ch is not None:
            return list(self._rows)
        self._ensure_layout()
        if self._stale_bins:
            self._bin_points()
        if self._stale_points:
            self._paint_points()
        if self._stale_regions:
            self._paint_regions()
        if self._stale_trails:
            self._paint_trails()
        if self._stale_centroids:
            self._paint_centroids()
        if self._stale_cursor:
            self._locate_cursor()
        self._changed = False

        ch, key = self._compose()
        prev_ch, prev_key = self._prev_ch, self._prev_key
        if prev_ch is None or prev_key is None or prev_ch.shape != ch.shape:
            dirty = np.arange(self._height)
            self._rows = [()] * self._height
        else:
            dirty = np.flatnonzero((ch != prev_ch).any(axis=1) | (key != prev_key).any(axis=1))
        if dirty.size:
            for r, row in zip(dirty.tolist(), self._build_rows(ch[dirty], key[dirty]), strict=False):
                self._rows[r] = row
        self._prev_ch, self._prev_key = ch, key
        self._dirty.update(dirty.tolist())
        return list(self._rows)

    def dirty_rows(self) -> set[int]:
        """Rows whose cells changed in the renders since the last call, then forgets them.

        After one :meth:`render` this is the rows that differ from the render
        before (every row after a resize, theme or bounds change). Should two
        renders happen without a call in between, it is the union of both, so
        a widget that refreshes these rows is never left showing a stale line.
        """
        dirty = {r for r in self._dirty if r < self._height}
        self._dirty = set()
        return dirty

    # --------------------------------------------------------------- internals

    def _invalidate_all(self) -> None:
        self._stale_layout = True
        self._stale_bins = True
        self._stale_points = True
        self._stale_trails = True
        self._stale_centroids = True
        self._stale_regions = True
        self._stale_cursor = True
        self._changed = True

    def _color(self, color: str | None) -> int:
        cid = self._color_ids.get(color)
        if cid is None:
            cid = len(self._colors)
            if cid >= 1 << _BG_SHIFT:
                raise RuntimeError("too many colours")
            self._colors.append(color)
            self._color_ids[color] = cid
        return cid

    def _fg(self, color: str | None, flags: int = 0) -> int:
        """A style key with only foreground and flags (bg is added at compose)."""
        return self._color(color) | (flags << _FLAG_SHIFT)

    def _style(self, key: int) -> CellStyle:
        style = self._styles.get(key)
        if style is None:
            flags = key >> _FLAG_SHIFT
            style = CellStyle(
                fg=self._colors[key & 0xFFFF],
                bg=self._colors[(key >> _BG_SHIFT) & 0xFFFF],
                bold=bool(flags & BOLD),
                dim=bool(flags & DIM),
                reverse=bool(flags & REVERSE),
            )
            self._styles[key] = style
        return style

    def _alloc(self) -> None:
        shape = (self._height, self._width)
        self._base_ch = np.full(shape, ord(" "), dtype=np.uint32)
        self._base_st = np.zeros(shape, dtype=np.int64)
        self._bg = np.zeros(shape, dtype=np.int64)
        self._pt_ch = np.zeros(shape, dtype=np.uint32)
        self._pt_st = np.zeros(shape, dtype=np.int64)
        self._tr_ch = np.zeros(shape, dtype=np.uint32)
        self._tr_st = np.zeros(shape, dtype=np.int64)
        self._ce_ch = np.zeros(shape, dtype=np.uint32)
        self._ce_st = np.zeros(shape, dtype=np.int64)

    def _ensure_layout(self) -> None:
        if not self._stale_layout:
            return
        self._stale_layout = False
        self._alloc()
        self._prev_ch = self._prev_key = None
        self._layout_axes()

    def _layout_axes(self) -> None:
        """Place gutter, axes, ticks and titles; draw them into the base layer."""
        w, h, b, th = self._width, self._height, self._bounds, self._theme
        glyphs = palette.ASCII_AXIS_GLYPHS if self._ascii else palette.AXIS_GLYPHS
        vert, horiz, corner, ytick, xtick = glyphs
        ellipsis = palette.ASCII_ELLIPSIS if self._ascii else palette.ELLIPSIS
        fg_plain = self._fg(th.foreground)
        fg_grid = self._fg(th.grid)
        fg_axis = self._fg(th.axis)
        self._base_st[:] = fg_plain
        self._bg[:] = self._color(th.background)

        if w < MIN_AXES_WIDTH or h < MIN_AXES_HEIGHT:
            self._layout = _Layout(w, h, 0, 0, w, h, False)
            return

        top = 1 if (h >= MIN_TITLE_HEIGHT and self._y_label) else 0
        ph = h - top - 2  # the axis line and the tick label row below the plot
        yticks = nice_ticks(b.ymin, b.ymax, max(1, min(10, ph // 3)))
        ylabels = tick_labels(yticks)
        gutter = min(max((len(s) for s in ylabels), default=1), max(1, w // 3))
        left = gutter + 1  # labels, then the axis column
        pw = w - left
        lay = _Layout(w, h, left, top, pw, ph, True)
        self._layout = lay
        axis_row, label_row = top + ph, top + ph + 1

        def put(row: int, col: int, text: str, style: int) -> None:
            text = text[: max(0, w - col)]
            if col < 0 or not text:
                return
            self._base_ch[row, col : col + len(text)] = np.frombuffer(
                text.encode("utf-32-le"), dtype=np.uint32
            )
            self._base_st[row, col : col + len(text)] = style

        def fit(text: str, room: int) -> str:
            if len(text) <= room:
                return text
            return text[: room - 1] + ellipsis if room > 1 else text[:room]

        # y axis: the line, a mark and a right-aligned label per tick.
        self._base_ch[top:axis_row, gutter] = ord(vert)
        self._base_st[top:axis_row, gutter] = fg_grid
        used_rows: set[int] = set()
        for value, text in zip(yticks, ylabels, strict=False):
            r = self._row_of(value)
            if r is None or r in used_rows:
                continue
            used_rows.add(r)
            self._base_ch[r, gutter] = ord(ytick)
            text = fit(text, gutter)
            put(r, gutter - len(text), text, fg_axis)

        # x axis: the line with a corner, marks, and labels that do not collide.
        self._base_ch[axis_row, gutter] = ord(corner)
        self._base_ch[axis_row, left:] = ord(horiz)
        self._base_st[axis_row, gutter:] = fg_grid
        x_title = fit(self._x_label, max(4, pw // 3)) if self._x_label else ""
        limit = w - len(x_title) - 1 if x_title else w  # labels end before the title
        placed: list[tuple[int, str]] = []
        for n_ticks in range(max(1, min(12, pw // 8)), 0, -1):
            xticks = nice_ticks(b.xmin, b.xmax, n_ticks)
            placed = []
            ok = True
            end = 0
            for value, text in zip(xticks, tick_labels(xticks), strict=False):
                c = self._col_of(value)
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
            self._base_ch[axis_row, c] = ord(xtick)
            start = min(max(c - (len(text) - 1) // 2, 0), w - len(text))
            if start + len(text) <= limit and start >= end:
                put(label_row, start, text, fg_axis)
                end = start + len(text) + 1
        if x_title:
            put(label_row, w - len(x_title), x_title, fg_plain)
        if top:
            put(0, 0, fit(self._y_label, w), fg_plain)

    def _col_of(self, x: float) -> int | None:
        lay, b = self._layout, self._bounds
        fx = (x - b.xmin) * (lay.pw / (b.xmax - b.xmin))
        if not 0.0 <= fx <= lay.pw:
            return None
        return lay.left + min(int(fx), lay.pw - 1)

    def _row_of(self, y: float) -> int | None:
        lay, b = self._layout, self._bounds
        fy = (b.ymax - y) * (lay.ph / (b.ymax - b.ymin))
        if not 0.0 <= fy <= lay.ph:
            return None
        return lay.top + min(int(fy), lay.ph - 1)

    def _bin_points(self) -> None:
        """Bin the points into cells once; labels and highlights reuse the bins.

        Keeps the cell of every point (row-major over ``ph × pw``; points
        outside the bounds or not finite get the extra cell ``ph × pw``, which
        is never drawn), and for every cell the braille bit pattern of the 2×4
        dots its points fall on.
        """
        self._stale_bins = False
        lay, b = self._layout, self._bounds
        pw, ph = lay.pw, lay.ph
        w2, h4 = 2 * pw, 4 * ph
        pts = self._points
        n = pts.shape[0]
        self._cell = np.empty(0, dtype=np.int32)
        self._bits = np.zeros((max(ph, 0), max(pw, 0)), dtype=np.int64)
        if n == 0 or w2 <= 0 or h4 <= 0:
            return
        trash = ph * pw
        sx = w2 / (b.xmax - b.xmin)
        sy = h4 / (b.ymax - b.ymin)
        cell = np.empty(n, dtype=np.int32)
        dots = np.zeros(w2 * h4, dtype=bool)
        # Work through the points in cache-sized chunks with reused buffers:
        # several times faster at a million points than whole-array passes,
        # which pay for fresh memory and read each column from DRAM.
        size = min(n, _CHUNK)
        fx_buf, fy_buf = np.empty(size), np.empty(size)
        ix_buf, iy_buf = np.empty(size, dtype=np.int32), np.empty(size, dtype=np.int32)
        sub_buf = np.empty(size, dtype=np.intp)
        with np.errstate(over="ignore", invalid="ignore"):
            for c0 in range(0, n, size):
                c1 = min(n, c0 + size)
                m = c1 - c0
                fx, fy, ix, iy, sub = fx_buf[:m], fy_buf[:m], ix_buf[:m], iy_buf[:m], sub_buf[:m]
                np.subtract(pts[c0:c1, 0], b.xmin, out=fx)
                fx *= sx
                np.subtract(b.ymax, pts[c0:c1, 1], out=fy)
                fy *= sy
                hi_x, hi_y = fx.max(), fy.max()
                # NaN fails every comparison, so a NaN point takes the slow path.
                outside = None
                if not (fx.min() >= 0.0 and hi_x <= w2 and fy.min() >= 0.0 and hi_y <= h4):
                    outside = ~((fx >= 0.0) & (fx <= w2) & (fy >= 0.0) & (fy <= h4))
                    fx[outside] = 0.0
                    fy[outside] = 0.0
                    hi_x, hi_y = w2, h4
                ix[...] = fx  # truncation is floor here: all values are >= 0
                iy[...] = fy
                if hi_x >= w2:  # x == xmax belongs to the last column
                    np.minimum(ix, w2 - 1, out=ix)
                if hi_y >= h4:
                    np.minimum(iy, h4 - 1, out=iy)
                np.multiply(iy, w2, out=sub)
                sub += ix
                dots[sub if outside is None else sub[~outside]] = True
                ix >>= 1
                iy >>= 2
                iy *= pw
                out = cell[c0:c1]
                np.add(iy, ix, out=out)
                if outside is not None:
                    out[outside] = trash
        grid = dots.reshape(ph, 4, pw, 2)
        bits = np.zeros((ph, pw), dtype=np.int64)
        # Eight slice operations beat numpy's multi-axis reductions here.
        for d in range(4):
            for s in range(2):
                bits[grid[:, d, :, s]] |= palette.BRAILLE_BITS[d][s]
        self._bits = bits
        self._cell = cell

    def _paint_points(self) -> None:
        self._stale_points = False
        self._pt_ch[:] = 0
        self._pt_st[:] = 0
        lay = self._layout
        if self._cell.size == 0 or lay.pw <= 0 or lay.ph <= 0:
            return
        ph, pw = lay.ph, lay.pw
        n_cells = ph * pw  # the cell after the last one holds the undrawn points

        # Cluster code per point: 0..L-1 the clusters, L "not assigned".
        if self._labels is None:
            n_clusters = 0
            counts = np.bincount(self._cell, minlength=n_cells + 1)[:n_cells, None]
        else:
            lab = self._labels
            lo, top = self._label_range
            n_clusters = top + 1
            if lo < 0:
                lab = np.where(lab < 0, n_clusters, lab)
            slots = n_clusters + 1
            key = np.multiply(self._cell, slots, dtype=np.intp)
            key += lab
            counts = np.bincount(key, minlength=(n_cells + 1) * slots)
            counts = counts[: n_cells * slots].reshape(n_cells, slots)
        occupied = counts.any(axis=1).reshape(ph, pw)
        majority = counts.argmax(axis=1).reshape(ph, pw)

        th, asc = self._theme, self._ascii
        fg_lut = np.array(
            [self._fg(th.cluster_color(j)) for j in range(n_clusters)] + [self._fg(th.unassigned)],
            dtype=np.int64,
        )
        if self.effective_mode == "braille":
            if asc:
                density = np.array([ord(c) for c in palette.ASCII_DENSITY], dtype=np.uint32)
                chars = density[_popcount8(self._bits)]
            else:
                chars = (palette.BRAILLE_BASE + self._bits).astype(np.uint32)
        else:
            shape_lut = np.array(
                [ord(palette.cluster_shape(j, ascii=asc)) for j in range(n_clusters)]
                + [ord(palette.ASCII_UNASSIGNED_GLYPH if asc else palette.UNASSIGNED_GLYPH)],
                dtype=np.uint32,
            )
            chars = shape_lut[majority]
        chars = np.where(occupied, chars, 0).astype(np.uint32)
        styles = np.where(occupied, fg_lut[majority], 0)

        if self._highlight is not None:
            flag = self._highlight
            if flag.any():
                hot = np.bincount(self._cell[flag], minlength=n_cells + 1)[:n_cells]
                hot = hot.reshape(ph, pw) > 0
                styles = np.where(hot, styles | ((BOLD | REVERSE) << _FLAG_SHIFT), styles)

        rows, cols = lay.plot
        self._pt_ch[rows, cols] = chars
        self._pt_st[rows, cols] = styles

    def _paint_regions(self) -> None:
        self._stale_regions = False
        lay, b = self._layout, self._bounds
        rows, cols = lay.plot
        bg = self._color(self._theme.background)
        self._bg[rows, cols] = bg
        cen = self._centroids
        if not self._regions or cen is None or cen.shape[0] == 0 or lay.pw <= 0 or lay.ph <= 0:
            return
        finite = np.isfinite(cen).all(axis=1)
        if not finite.any():
            return
        # Cell centres in data space; the nearest centroid by Euclidean
        # distance in the drawn plane, as the engine's assign step.
        xs = b.xmin + (np.arange(lay.pw) + 0.5) * ((b.xmax - b.xmin) / lay.pw)
        ys = b.ymax - (np.arange(lay.ph) + 0.5) * ((b.ymax - b.ymin) / lay.ph)
        best = np.full((lay.ph, lay.pw), np.inf)
        nearest = np.zeros((lay.ph, lay.pw), dtype=np.intp)
        # A loop over centroids (few) of whole-grid operations; ties go to the
        # lower index, as np.argmin in the assign step.
        with np.errstate(over="ignore", invalid="ignore"):
            for j in np.flatnonzero(finite).tolist():
                d2 = (ys[:, None] - cen[j, 1]) ** 2 + (xs[None, :] - cen[j, 0]) ** 2
                closer = d2 < best
                best[closer] = d2[closer]
                nearest[closer] = j
        lut = np.array(
            [self._color(self._theme.region_color(j)) for j in range(cen.shape[0])], dtype=np.int64
        )
        self._bg[rows, cols] = lut[nearest]

    def _paint_trails(self) -> None:
        self._stale_trails = False
        self._tr_ch[:] = 0
        self._tr_st[:] = 0
        lay, b = self._layout, self._bounds
        path = list(self._trails)
        if self._centroids is not None:
            path.append(self._centroids)
        if len(path) < 2 or lay.pw <= 0 or lay.ph <= 0:
            return
        k = max(p.shape[0] for p in path)
        stacked = np.full((len(path), k, 2), np.nan)
        for t, p in enumerate(path):
            stacked[t, : p.shape[0]] = p
        # Positions in cell units (fractional), then segments between
        # consecutive positions of the same cluster.
        with np.errstate(over="ignore", invalid="ignore"):
            fx = (stacked[..., 0] - b.xmin) * (lay.pw / (b.xmax - b.xmin))
            fy = (b.ymax - stacked[..., 1]) * (lay.ph / (b.ymax - b.ymin))
        x0, x1 = fx[:-1].ravel(), fx[1:].ravel()
        y0, y1 = fy[:-1].ravel(), fy[1:].ravel()
        cluster = np.tile(np.arange(k), len(path) - 1)
        ok = np.isfinite(x0) & np.isfinite(x1) & np.isfinite(y0) & np.isfinite(y1)
        if not ok.any():
            return
        x0, x1, y0, y1, cluster = x0[ok], x1[ok], y0[ok], y1[ok], cluster[ok]
        # One sample per cell crossed; a far off-screen end is capped.
        span = np.maximum(np.abs(x1 - x0), np.abs(y1 - y0))
        steps = np.minimum(np.ceil(span), 2 * (lay.pw + lay.ph)).astype(np.int64) + 1
        seg = np.repeat(np.arange(steps.size), steps)
        starts = np.cumsum(steps) - steps
        t = (np.arange(seg.size) - starts[seg]) / np.maximum(steps[seg] - 1, 1)
        sx = x0[seg] + (x1[seg] - x0[seg]) * t
        sy = y0[seg] + (y1[seg] - y0[seg]) * t
        inside = (sx >= 0) & (sx <= lay.pw) & (sy >= 0) & (sy <= lay.ph)
        c = np.minimum(sx[inside].astype(np.int64), lay.pw - 1) + lay.left
        r = np.minimum(sy[inside].astype(np.int64), lay.ph - 1) + lay.top
        lut = np.array(
            [self._fg(self._theme.trail_color(j)) for j in range(k)], dtype=np.int64
        )
        glyph = palette.ASCII_TRAIL_GLYPH if self._ascii else palette.TRAIL_GLYPH
        self._tr_ch[r, c] = ord(glyph)
        self._tr_st[r, c] = lut[cluster[seg[inside]]]

    def _paint_centroids(self) -> None:
        self._stale_centroids = False
        self._ce_ch[:] = 0
        self._ce_st[:] = 0
        lay, b = self._layout, self._bounds
        cen = self._centroids
        if cen is None or lay.pw <= 0 or lay.ph <= 0:
            return
        arrows = palette.ASCII_EDGE_ARROWS if self._ascii else palette.EDGE_ARROWS
        cross = palette.ASCII_CENTROID_GLYPH if self._ascii else palette.CENTROID_GLYPH
        sx = lay.pw / (b.xmax - b.xmin)
        sy = lay.ph / (b.ymax - b.ymin)
        # Drawn in reverse so that where two coincide, the lower index shows.
        for j in range(cen.shape[0] - 1, -1, -1):
            x, y = float(cen[j, 0]), float(cen[j, 1])
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            fx, fy = (x - b.xmin) * sx, (b.ymax - y) * sy
            dx = -1 if fx < 0 else (1 if fx > lay.pw else 0)
            dy = 1 if fy < 0 else (-1 if fy > lay.ph else 0)
            col = min(max(int(fx) if math.isfinite(fx) else 0, 0), lay.pw - 1) if dx == 0 else (
                0 if dx < 0 else lay.pw - 1
            )
            row = min(max(int(fy) if math.isfinite(fy) else 0, 0), lay.ph - 1) if dy == 0 else (
                0 if dy > 0 else lay.ph - 1
            )
            glyph = arrows[(dx, dy)] if (dx, dy) != (0, 0) else cross
            self._ce_ch[lay.top + row, lay.left + col] = ord(glyph)
            self._ce_st[lay.top + row, lay.left + col] = self._fg(self._theme.cluster_color(j), BOLD)

    def _locate_cursor(self) -> None:
        self._stale_cursor = False
        self._cursor_cell = None
        if self._cursor is None or self._cursor >= self._points.shape[0]:
            return
        x, y = self._points[self._cursor]
        self._cursor_cell = self.cell_of(float(x), float(y))

    def _compose(self) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
        """Stack the layers: base < points < trails < centroids; cursor; regions as bg."""
        ch = self._base_ch.copy()
        st = self._base_st.copy()
        for lch, lst in ((self._pt_ch, self._pt_st), (self._tr_ch, self._tr_st), (self._ce_ch, self._ce_st)):
            on = lch != 0
            np.copyto(ch, lch, where=on)
            np.copyto(st, lst, where=on)
        if self._cursor_cell is not None:
            c, r = self._cursor_cell
            st[r, c] |= REVERSE << _FLAG_SHIFT
        st |= self._bg << _BG_SHIFT
        return ch, st

    def _build_rows(self, chars: NDArray[np.uint32], keys: NDArray[np.int64]) -> list[Row]:
        """Runs for a block of rows: shape (n_rows, width) → n_rows Rows."""
        n_rows, width = chars.shape
        if width == 0:
            return [()] * n_rows
        text = chars.astype("<u4", copy=False).tobytes().decode("utf-32-le")
        # A run starts at each row's first cell and wherever the style changes.
        starts_mask = np.ones((n_rows, width), dtype=bool)
        np.not_equal(keys[:, 1:], keys[:, :-1], out=starts_mask[:, 1:])
        starts = np.flatnonzero(starts_mask)
        run_keys = keys.ravel()[starts]
        styles = self._styles
        for k in np.unique(run_keys).tolist():
            if k not in styles:
                self._style(k)
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1] = n_rows * width
        runs = [
            (text[a:z], styles[k])
            for a, z, k in zip(starts.tolist(), ends.tolist(), run_keys.tolist(), strict=False)
        ]
        # Every row starts a run, so row r's runs lie between consecutive row starts.
        bounds = np.searchsorted(starts, np.arange(n_rows + 1) * width).tolist()
        return [tuple(runs[bounds[i] : bounds[i + 1]]) for i in range(n_rows)]


def _popcount8(bits: NDArray[np.int64]) -> NDArray[np.int64]:
    """Number of set bits in each value of 0..255."""
    table = np.array([bin(v).count("1") for v in range(256)], dtype=np.int64)
    return table[bits]


def _check_mode(mode: str) -> Mode:
    if mode not in ("auto", "glyph", "braille"):
        raise ValueError(f"mode must be 'auto', 'glyph' or 'braille', got {mode!r}")
    return mode  # type: ignore[return-value]


def _same(a: NDArray | None, b: NDArray | None) -> bool:
    """Whether two optional arrays hold the same values (cheap when identical)."""
    if a is None or b is None:
        return a is b
    return a is b or (a.shape == b.shape and np.array_equal(a, b))
