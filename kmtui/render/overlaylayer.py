"""Overlay layers: the state behind what the scatter draws around its points.

This module owns :class:`OverlayLayers`: the centroids and their trails, the
Voronoi regions switch, the point → centroid lines, and the cursor (the
inspected point, or the placing crosshair), each with its own layer and its
own staleness, so a centroid glide frame repaints the centroid and trail
layers (and the regions when shown) and nothing else. The painting itself is
in :mod:`kmtui.render.overlays` and :mod:`kmtui.render.lines`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render.layout import Bounds, Layout
from kmtui.render.lines import LineLayer, Segments
from kmtui.render.overlays import paint_centroids, paint_regions, paint_trails
from kmtui.render.palette import Theme
from kmtui.render.points import same_values
from kmtui.render.raster import Layer, StyleTable


class OverlayLayers:
    """Centroids, trails, regions, lines and the cursor: inputs, staleness and layers.

    Setters return True when anything drawn changed.
    """

    def __init__(self) -> None:
        self.centroids: NDArray[np.float64] | None = None
        self.trails: tuple[NDArray[np.float64], ...] = ()
        self.regions = False
        self.cursor: int | None = None
        self.cursor_at: tuple[float, float] | None = None
        self.cursor_cell: tuple[int, int] | None = None
        """The cell drawn in reverse video for the cursor, or None."""
        self.lines = LineLayer()
        self.trail_layer = Layer.blank((0, 0))
        self.centroid_layer = Layer.blank((0, 0))
        self.invalidate()

    def alloc(self, shape: tuple[int, int]) -> None:
        """Fresh layers of ``shape``."""
        self.trail_layer = Layer.blank(shape)
        self.centroid_layer = Layer.blank(shape)
        self.lines.alloc(shape)

    def invalidate(self) -> None:
        """Repaint everything at the next :meth:`repaint`."""
        self.stale_trails = True
        self.stale_centroids = True
        self.stale_regions = True
        self.stale_cursor = True
        self.lines.stale = True

    def points_moved(self) -> None:
        """The points changed: the cursor's cell is found again."""
        self.stale_cursor = True

    def set_centroids(self, centroids: ArrayLike | None, trails: Sequence[ArrayLike]) -> bool:
        """New centroids (rows with NaN not drawn) and trails of past positions, oldest first."""
        cen = None if centroids is None else np.asarray(centroids, dtype=np.float64).reshape(-1, 2)
        tr = tuple(np.asarray(t, dtype=np.float64).reshape(-1, 2) for t in trails)
        changed = False
        if not same_values(cen, self.centroids):
            self.centroids = cen
            self.stale_centroids = True
            self.stale_trails = True  # the path ends at the current position
            self.stale_regions = True
            changed = True
        if len(tr) != len(self.trails) or not all(same_values(a, b) for a, b in zip(tr, self.trails, strict=False)):
            self.trails = tr
            self.stale_trails = True
            changed = True
        return changed

    def set_regions(self, on: bool) -> bool:
        """Show or hide the Voronoi regions."""
        if bool(on) == self.regions:
            return False
        self.regions = bool(on)
        self.stale_regions = True
        return True

    def set_lines(self, segments: Segments | None) -> bool:
        """Point → centroid lines, or None for none."""
        return self.lines.set(segments)

    def set_cursor(self, index: int | None) -> bool:
        """The inspected point (a checked index), or None."""
        if index == self.cursor:
            return False
        self.cursor = index
        self.stale_cursor = True
        return True

    def set_cursor_at(self, at: tuple[float, float] | None) -> bool:
        """The placing crosshair in data coordinates, or None."""
        if at == self.cursor_at:
            return False
        self.cursor_at = at
        self.stale_cursor = True
        return True

    def repaint(self, bg: NDArray[np.int64], lay: Layout, b: Bounds, points: NDArray[np.float64], theme: Theme,
                styles: StyleTable, *, ascii: bool) -> None:
        """Repaint the stale overlays; the regions go into the background ids ``bg``."""
        if self.stale_regions:
            self.stale_regions = False
            paint_regions(bg, lay, b, self.centroids, theme, styles, on=self.regions)
        if self.lines.stale:
            self.lines.paint(lay, b, theme, styles, ascii=ascii)
        if self.stale_trails:
            self.stale_trails = False
            paint_trails(self.trail_layer, lay, b, self.trails, self.centroids, theme, styles, ascii=ascii)
        if self.stale_centroids:
            self.stale_centroids = False
            paint_centroids(self.centroid_layer, lay, b, self.centroids, theme, styles, ascii=ascii)
        if self.stale_cursor:
            self.stale_cursor = False
            self.cursor_cell = None
            if self.cursor is not None and self.cursor < points.shape[0]:
                x, y = points[self.cursor]
                self.cursor_cell = lay.cell_of(b, float(x), float(y))
            elif self.cursor_at is not None:
                self.cursor_cell = lay.cell_of(b, *self.cursor_at)

