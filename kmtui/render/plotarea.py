"""Plot area: the scatter's size, data rectangle and axes, and data ↔ cell queries.

This module owns :class:`PlotArea`, the projection stage of the scatter: the
area's size in cells, the data rectangle shown (fixed by the caller, or fitted
to the points until then), the axis titles, and from them the
:class:`~kmtui.render.layout.Layout` and the two layers every other layer is
drawn over — the opaque base (blanks, axes, ticks, titles) and the background
colour ids (which the regions overwrite inside the plot). The layout is
computed lazily, once per change of size, bounds, titles, theme or glyph set.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.render.layout import Bounds, Layout, bounds_for, draw_axes, widen
from kmtui.render.palette import Theme
from kmtui.render.raster import Layer, StyleTable


class PlotArea:
    """The area's size, the data rectangle shown, its layout, base layer and backgrounds.

    Setters return whether anything changed; a change means the caller must
    redraw every layer (see :meth:`invalidate` and :meth:`ensure`).
    """

    def __init__(self) -> None:
        self.width = 0
        self.height = 0
        self.bounds = Bounds(0.0, 1.0, 0.0, 1.0)
        self.auto_bounds = True
        """True until :meth:`set_bounds`: the bounds follow the points (:meth:`fit`)."""
        self.x_label = ""
        self.y_label = ""
        self.layout = Layout(0, 0, 0, 0, 0, 0, False)
        self.stale = True
        self.alloc()

    @property
    def shape(self) -> tuple[int, int]:
        """``(height, width)``: the shape of every layer."""
        return self.height, self.width

    def alloc(self) -> None:
        """Fresh base layer (all blanks) and backgrounds for the current size."""
        self.base = Layer.blank(self.shape, " ")
        self.bg: NDArray[np.int64] = np.zeros(self.shape, dtype=np.int64)

    def invalidate(self) -> None:
        """Lay out and draw the axes again at the next :meth:`ensure`."""
        self.stale = True

    def resize(self, width: int, height: int) -> bool:
        """Set the size in cells (negative counts as 0). True when it changed."""
        width, height = max(0, int(width)), max(0, int(height))
        if (width, height) == (self.width, self.height):
            return False
        self.width, self.height = width, height
        return True

    def set_bounds(self, bounds: Sequence[float], x_label: str, y_label: str) -> bool:
        """Fix the data rectangle (widened where empty) and the titles. True when either changed."""
        xmin, xmax = widen(float(bounds[0]), float(bounds[1]))
        ymin, ymax = widen(float(bounds[2]), float(bounds[3]))
        new = Bounds(xmin, xmax, ymin, ymax)
        self.auto_bounds = False
        if new == self.bounds and x_label == self.x_label and y_label == self.y_label:
            return False
        self.bounds = new
        self.x_label, self.y_label = x_label, y_label
        return True

    def fit(self, points: NDArray[np.float64]) -> bool:
        """Fit the bounds to new points unless they were fixed. True when they were fitted."""
        if not self.auto_bounds:
            return False
        self.bounds = bounds_for(points)
        return True

    def ensure(self, theme: Theme, styles: StyleTable, *, ascii: bool) -> bool:
        """Lay out and draw the axes if stale. True when it did (every layer must be reallocated)."""
        if not self.stale:
            return False
        self.stale = False
        self.alloc()
        self.layout = draw_axes(self.base, self.bg, self.bounds, (self.x_label, self.y_label), theme, styles,
                                ascii=ascii)
        return True

    # Queries (the layout is current: the caller ensured it).

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(col, row)`` of a data point, or None outside the bounds."""
        return self.layout.cell_of(self.bounds, x, y)

    def data_at(self, col: int, row: int) -> tuple[float, float] | None:
        """The data coordinates of a cell's centre, or None off the plot area."""
        return self.layout.data_at(self.bounds, col, row)

    def nearest(self, points: NDArray[np.float64], col: int, row: int, radius: float) -> int | None:
        """The index of the point nearest a cell within ``radius`` cell widths, or None."""
        return self.layout.nearest(self.bounds, points, col, row, radius)

    def plot_area(self) -> tuple[int, int, int, int]:
        """``(left, top, width, height)`` of the plot area in cells."""
        lay = self.layout
        return lay.left, lay.top, lay.pw, lay.ph
