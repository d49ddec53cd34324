"""Scatter: kmtui's own rasterizer for the main plot, the façade over its layers.

This module owns :class:`ScatterRenderer`: the state of one plot model —
points with cluster labels, centroids and their trails, optional Voronoi
regions, axes — and the bookkeeping that turns it into rows of styled cells
(:mod:`kmtui.render.cells`) for a ``width × height`` area, redrawing as
little as possible. The drawing itself lives in one module per layer:

- :mod:`kmtui.render.layout` — bounds, axes and ticks, data ↔ cell mapping;
- :mod:`kmtui.render.points` — binning points into cells, glyphs or braille;
- :mod:`kmtui.render.overlays` — regions, trails and centroids;
- :mod:`kmtui.render.raster` — layers, packed style keys, layers → rows.

It is the app's hottest path, so every per-point step is a numpy operation;
each layer is cached and recomputed only when its inputs change (a centroid
glide frame redraws the centroid layer, and the regions when shown, nothing
else); and :meth:`ScatterRenderer.render` rebuilds the runs of only the rows
whose cells changed and names them in :meth:`ScatterRenderer.dirty_rows`, so
the widget repaints — and sends over SSH — only those lines.

Coordinates: ``(col, row)`` are cell coordinates in the whole area, row 0 at
the top; data space maps onto the plot area through fixed ``bounds`` the
caller chooses, so the view does not jump while centroids move.

Arrays passed in are treated as read-only: passing the same points again
(the same object or equal values) with new labels skips re-binning them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render.cells import Row
from kmtui.render.layout import Bounds, Layout, bounds_for, draw_axes, widen
from kmtui.render.lines import LineLayer, Segments
from kmtui.render.overlays import paint_centroids, paint_regions, paint_trails
from kmtui.render.palette import DARK, Theme
from kmtui.render.points import (
    AUTO_BRAILLE_RATIO,
    MAX_CLUSTERS,
    Mode,
    bin_points,
    check_mode,
    check_points,
    label_range,
    paint_points,
    resolve_mode,
)
from kmtui.render.raster import Layer, RowCache, StyleTable, compose

__all__ = ["AUTO_BRAILLE_RATIO", "MAX_CLUSTERS", "Bounds", "Mode", "ScatterRenderer", "bounds_for"]


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
        self._mode: Mode = check_mode(mode)
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
        self._marked = False
        self._centroids: NDArray[np.float64] | None = None
        self._trails: tuple[NDArray[np.float64], ...] = ()
        self._regions = False
        self._cursor: int | None = None
        self._cursor_at: tuple[float, float] | None = None
        self._lines = LineLayer()

        self._styles = StyleTable()

        # Which layers need recomputing before the next render: all of them.
        self._invalidate_all()

        self._layout = Layout(0, 0, 0, 0, 0, 0, False)
        self._alloc()
        # Binned points: the cell (row-major over ph × pw; ph × pw for points
        # not drawn) of each point, and per cell the braille bits of the dots
        # its points cover.
        self._cell: NDArray[np.int32] = np.empty(0, dtype=np.int32)
        self._bits: NDArray[np.int64] = np.zeros((0, 0), dtype=np.int64)
        self._cursor_cell: tuple[int, int] | None = None

        self._rows = RowCache(self._styles)

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
        return resolve_mode(self._mode, self._points.shape[0], self._layout)

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
        mode = check_mode(mode)
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
        xmin, xmax = widen(float(bounds[0]), float(bounds[1]))
        ymin, ymax = widen(float(bounds[2]), float(bounds[3]))
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
        *,
        marked: bool = False,
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
        marked : bool
            Draw ``highlight`` as a lasting mark instead (bold, underlined), so
            that the centroids stay the only reverse-video marks.
        """
        pts, lab, hi = check_points(points, labels, highlight)
        same_labels = _same(lab, self._labels)
        lab_range = self._label_range
        if lab is None or lab.size == 0:
            lab_range = (-1, -1)
        elif not same_labels:
            lab_range = label_range(lab)  # checked once per new labelling; painting reuses it
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
        if not (same_points and same_labels and _same(hi, self._highlight) and marked == self._marked):
            self._stale_points = True
            self._changed = True
        self._label_range = lab_range
        self._labels, self._highlight, self._marked = lab, hi, marked

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

    def set_lines(self, segments: Segments | None) -> None:
        """Point → centroid lines (:mod:`kmtui.render.lines`), drawn under the points; None for none."""
        if self._lines.set(segments):
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

    def set_cursor_at(self, at: tuple[float, float] | None) -> None:
        """Mark the cell of a spot in data coordinates (the placing crosshair), or none."""
        if at != self._cursor_at:
            self._cursor_at = at
            self._stale_cursor = True
            self._changed = True

    # ----------------------------------------------------------------- queries

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(col, row)`` of a data point, or None outside the bounds."""
        self._ensure_layout()
        return self._layout.cell_of(self._bounds, x, y)

    def data_at(self, col: int, row: int) -> tuple[float, float] | None:
        """The data coordinates of a cell's centre, or None off the plot area."""
        self._ensure_layout()
        return self._layout.data_at(self._bounds, col, row)

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
        return self._layout.nearest(self._bounds, self._points, col, row, radius)

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
        if not self._changed and self._rows.valid:
            return self._rows.rows
        self._ensure_layout()
        self._repaint()
        self._changed = False

        ch, key = compose(self._base, (self._lines.layer, self._pts, self._trs, self._cen), self._bg,
                          self._cursor_cell)
        return self._rows.update(ch, key)

    def dirty_rows(self) -> set[int]:
        """Rows whose cells changed in the renders since the last call, then forgets them.

        After one :meth:`render` this is the rows that differ from the render
        before (every row after a resize, theme or bounds change). Should two
        renders happen without a call in between, it is the union of both, so
        a widget that refreshes these rows is never left showing a stale line.
        """
        return self._rows.take_dirty(self._height)

    # --------------------------------------------------------------- internals

    def _invalidate_all(self) -> None:
        self._stale_layout = True
        self._stale_bins = True
        self._stale_points = True
        self._stale_trails = True
        self._stale_centroids = True
        self._stale_regions = True
        self._stale_cursor = True
        self._lines.stale = True
        self._changed = True

    def _alloc(self) -> None:
        shape = (self._height, self._width)
        self._base = Layer.blank(shape, " ")
        self._bg = np.zeros(shape, dtype=np.int64)
        self._pts = Layer.blank(shape)
        self._trs = Layer.blank(shape)
        self._cen = Layer.blank(shape)
        self._lines.alloc(shape)

    def _ensure_layout(self) -> None:
        if not self._stale_layout:
            return
        self._stale_layout = False
        self._alloc()
        self._rows.forget()
        self._layout = draw_axes(
            self._base, self._bg, self._bounds, (self._x_label, self._y_label), self._theme, self._styles,
            ascii=self._ascii,
        )

    def _repaint(self) -> None:
        """Recompute the stale layers (the layout is current: see :meth:`_ensure_layout`)."""
        if self._stale_bins:
            self._bin_points()
        if self._stale_points:
            self._paint_points()
        lay, b, th, styles, asc = self._layout, self._bounds, self._theme, self._styles, self._ascii
        if self._stale_regions:
            self._stale_regions = False
            paint_regions(self._bg, lay, b, self._centroids, th, styles, on=self._regions)
        if self._lines.stale:
            self._lines.paint(lay, b, th, styles, ascii=asc)
        if self._stale_trails:
            self._stale_trails = False
            paint_trails(self._trs, lay, b, self._trails, self._centroids, th, styles, ascii=asc)
        if self._stale_centroids:
            self._stale_centroids = False
            paint_centroids(self._cen, lay, b, self._centroids, th, styles, ascii=asc)
        if self._stale_cursor:
            self._stale_cursor = False
            self._cursor_cell = None
            if self._cursor is not None and self._cursor < self._points.shape[0]:
                x, y = self._points[self._cursor]
                self._cursor_cell = lay.cell_of(b, float(x), float(y))
            elif self._cursor_at is not None:
                self._cursor_cell = lay.cell_of(b, *self._cursor_at)

    # The two costly steps are methods of their own, so tests can count them.

    def _bin_points(self) -> None:
        self._stale_bins = False
        self._cell, self._bits = bin_points(self._points, self._layout, self._bounds)

    def _paint_points(self) -> None:
        self._stale_points = False
        paint_points(
            self._pts, self._layout, self._cell, self._bits, self._labels, self._label_range, self._highlight,
            self._theme, self._styles, braille=self.effective_mode == "braille", ascii=self._ascii,
            marked=self._marked,
        )


def _same(a: NDArray[Any] | None, b: NDArray[Any] | None) -> bool:
    """Whether two optional arrays hold the same values (cheap when identical)."""
    if a is None or b is None:
        return a is b
    return a is b or (a.shape == b.shape and np.array_equal(a, b))
