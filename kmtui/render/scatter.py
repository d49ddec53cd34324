"""Scatter: kmtui's own rasterizer for the main plot, the façade over its layers.

This module owns :class:`ScatterRenderer`: the state of one plot model —
points with cluster labels, centroids and their trails, optional Voronoi
regions, axes — and the bookkeeping that turns it into rows of styled cells
(:mod:`kmtui.render.cells`) for a ``width × height`` area, redrawing as
little as possible. It composes three stages, each holding its own inputs,
staleness and layers:

- :class:`~kmtui.render.plotarea.PlotArea` — size, bounds, axes, data ↔ cell
  (drawing in :mod:`kmtui.render.layout`);
- :class:`~kmtui.render.pointlayer.PointLayer` — points, labels and marks,
  binned and painted (drawing in :mod:`kmtui.render.points`);
- :class:`~kmtui.render.overlaylayer.OverlayLayers` — regions, lines, trails,
  centroids and the cursor (drawing in :mod:`kmtui.render.overlays` and
  :mod:`kmtui.render.lines`);

and stacks their layers into rows (:mod:`kmtui.render.raster`).

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
from typing import Literal

from numpy.typing import ArrayLike

from kmtui.render.cells import Row
from kmtui.render.layout import Bounds, bounds_for
from kmtui.render.lines import Segments
from kmtui.render.overlaylayer import OverlayLayers
from kmtui.render.palette import DARK, Theme
from kmtui.render.plotarea import PlotArea
from kmtui.render.pointlayer import PointLayer
from kmtui.render.points import AUTO_BRAILLE_RATIO, MAX_CLUSTERS, Mode
from kmtui.render.raster import RowCache, StyleTable, compose

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
    wide : bool, default=False
        Points two cells wide in glyph mode (``--projector``: visible from
        the back of the room): the plot's columns are paired and each pair
        shows its majority cluster's shape twice (``●●``, ASCII ``oo``). The
        centroid's three-cell reverse-video bar stays the strongest mark.

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

    def __init__(self, theme: Theme = DARK, *, ascii: bool = False, mode: Mode = "auto", wide: bool = False) -> None:
        self._theme = theme
        self._ascii = ascii
        self._styles = StyleTable()
        self._area = PlotArea()
        self._points = PointLayer(mode, wide=wide)
        self.overlays = OverlayLayers()
        """The overlay stage (tests read its layers and cursor cell)."""
        self._rows = RowCache(self._styles)
        self._changed = True

    # ------------------------------------------------------------------ inputs

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in cells."""
        return self._area.width, self._area.height

    @property
    def bounds(self) -> Bounds:
        return self._area.bounds

    @property
    def points_layer(self) -> PointLayer:
        """The point stage (tests count its binning and painting)."""
        return self._points

    @property
    def effective_mode(self) -> Literal["glyph", "braille"]:
        """The point mode in use after resolving ``auto``."""
        if self._points.mode != "auto":
            return self._points.mode
        self._ensure_layout()
        return self._points.effective_mode(self._area.layout)

    def resize(self, width: int, height: int) -> None:
        """Set the area's size in cells (the whole widget, axes included)."""
        if self._area.resize(width, height):
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
        if self._points.set_mode(mode):
            self._changed = True

    def set_wide(self, wide: bool) -> None:
        """Points two cells wide (glyph mode), or one."""
        if self._points.set_wide(wide):
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
        if self._area.set_bounds(bounds, x_label, y_label):
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
        new_points, changed = self._points.set(points, labels, highlight, marked=marked)
        if new_points:
            self.overlays.points_moved()
            if self._area.fit(self._points.points):
                self._invalidate_all()
        if changed:
            self._changed = True

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
        if self.overlays.set_centroids(centroids, trails):
            self._changed = True

    def set_regions(self, on: bool) -> None:
        """Show or hide the Voronoi regions (background tint by nearest centroid)."""
        if self.overlays.set_regions(on):
            self._changed = True

    def set_lines(self, segments: Segments | None) -> None:
        """Point → centroid lines (:mod:`kmtui.render.lines`), drawn under the points; None for none."""
        if self.overlays.set_lines(segments):
            self._changed = True

    def set_cursor(self, index: int | None) -> None:
        """Mark one point (the inspected one) with reverse video, or none."""
        n = self._points.points.shape[0]
        if index is not None:
            index = int(index)
            if not 0 <= index < n:
                raise IndexError(f"cursor {index} is not a point index (0..{n - 1})")
        if self.overlays.set_cursor(index):
            self._changed = True

    def set_cursor_at(self, at: tuple[float, float] | None) -> None:
        """Mark the cell of a spot in data coordinates (the placing crosshair), or none."""
        if self.overlays.set_cursor_at(at):
            self._changed = True

    # ----------------------------------------------------------------- queries

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(col, row)`` of a data point, or None outside the bounds."""
        self._ensure_layout()
        return self._area.cell_of(x, y)

    def data_at(self, col: int, row: int) -> tuple[float, float] | None:
        """The data coordinates of a cell's centre, or None off the plot area."""
        self._ensure_layout()
        return self._area.data_at(col, row)

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
        return self._area.nearest(self._points.points, col, row, radius)

    def plot_area(self) -> tuple[int, int, int, int]:
        """``(left, top, width, height)`` of the plot area in cells."""
        self._ensure_layout()
        return self._area.plot_area()

    # ----------------------------------------------------------------- output

    def render(self) -> list[Row]:
        """The area as rows of styled runs, one per line, each ``width`` cells.

        Recomputes only the layers whose inputs changed and rebuilds only the
        rows whose cells changed; :meth:`dirty_rows` then names those rows.
        """
        if not self._changed and self._rows.valid:
            return self._rows.rows
        self._ensure_layout()
        area, over, lay, b = self._area, self.overlays, self._area.layout, self._area.bounds
        self._points.repaint(lay, b, self._theme, self._styles, ascii=self._ascii)
        over.repaint(area.bg, lay, b, self._points.points, self._theme, self._styles, ascii=self._ascii)
        self._changed = False
        # trails under the points: a point (the one inspected among them) is never hidden by a
        # centroid's path; the centroids over everything
        layers = (over.lines.layer, over.trail_layer, self._points.layer, over.centroid_layer)
        ch, key = compose(area.base, layers, area.bg, over.cursor_cell)
        return self._rows.update(ch, key)

    def dirty_rows(self) -> set[int]:
        """Rows whose cells changed in the renders since the last call, then forgets them.

        After one :meth:`render` this is the rows that differ from the render
        before (every row after a resize, theme or bounds change). Should two
        renders happen without a call in between, it is the union of both, so
        a widget that refreshes these rows is never left showing a stale line.
        """
        return self._rows.take_dirty(self._area.height)

    def dirty_spans(self) -> dict[int, tuple[int, int]]:
        """As :meth:`dirty_rows`, each row with the half-open span of columns that changed.

        A widget that refreshes only these spans sends a centroid's glide frame as a few
        cells per row over SSH, not whole lines. Takes (forgets) them as :meth:`dirty_rows` does.
        """
        return self._rows.take_dirty_spans(self._area.height)

    # --------------------------------------------------------------- internals

    def _invalidate_all(self) -> None:
        self._area.invalidate()
        self._points.invalidate()
        self.overlays.invalidate()
        self._changed = True

    def _ensure_layout(self) -> None:
        """Lay out again if the size, bounds, theme or glyphs changed; then every layer is fresh."""
        if self._area.ensure(self._theme, self._styles, ascii=self._ascii):
            shape = self._area.shape
            self._points.alloc(shape)
            self.overlays.alloc(shape)
            self._rows.forget()
