"""Point layer: the scatter's data points, their clusters and marks, binned and painted.

This module owns :class:`PointLayer`, the state behind the points drawn: the
points, their labels (and the labels' range), the highlighted or marked
points, the point mode, the bins of :func:`kmtui.render.points.bin_points`
and the painted layer. It re-bins only when the points or the layout change
and repaints only when the labels, marks or mode change, so a new labelling
of the same points costs one ``bincount``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render.layout import Bounds, Layout
from kmtui.render.palette import Theme
from kmtui.render.points import (
    Mode,
    bin_points,
    check_mode,
    check_points,
    label_range,
    paint_points,
    resolve_mode,
    same_values,
)
from kmtui.render.raster import Layer, StyleTable


class PointLayer:
    """The points, their labels and marks, their bins and their layer.

    Parameters
    ----------
    mode : {'auto', 'glyph', 'braille'}
        See :class:`kmtui.render.scatter.ScatterRenderer`.
    wide : bool, default=False
        Points take two cells in glyph mode (see :func:`kmtui.render.points.paint_points`).
    """

    def __init__(self, mode: Mode, *, wide: bool = False) -> None:
        self.mode: Mode = check_mode(mode)
        self.wide = wide
        self.points: NDArray[np.float64] = np.empty((0, 2))
        self.labels: NDArray[np.integer] | None = None
        self.label_range = (-1, -1)  # min and max of the labels
        self.highlight: NDArray[np.bool_] | None = None
        self.marked = False
        # Binned points: the cell (row-major over ph × pw; ph × pw for points
        # not drawn) of each point, and per cell the braille bits of the dots
        # its points cover.
        self.cell: NDArray[np.int32] = np.empty(0, dtype=np.int32)
        self.bits: NDArray[np.int64] = np.zeros((0, 0), dtype=np.int64)
        self.layer = Layer.blank((0, 0))
        self.stale_bins = True
        self.stale_paint = True

    def alloc(self, shape: tuple[int, int]) -> None:
        """A fresh layer of ``shape``."""
        self.layer = Layer.blank(shape)

    def invalidate(self) -> None:
        """Bin and paint again at the next :meth:`repaint`."""
        self.stale_bins = True
        self.stale_paint = True

    def set_mode(self, mode: Mode) -> bool:
        """``'auto'``, ``'glyph'`` or ``'braille'``. True when it changed."""
        mode = check_mode(mode)
        if mode == self.mode:
            return False
        self.mode = mode
        self.stale_paint = True
        return True

    def set_wide(self, wide: bool) -> bool:
        """Points two cells wide in glyph mode, or one. True when it changed."""
        if wide == self.wide:
            return False
        self.wide = wide
        self.stale_paint = True
        return True

    def effective_mode(self, lay: Layout) -> Literal["glyph", "braille"]:
        """The point mode in use on ``lay`` after resolving ``auto``."""
        return resolve_mode(self.mode, self.points.shape[0], lay)

    def set(
        self, points: ArrayLike, labels: ArrayLike | None, highlight: ArrayLike | None, *, marked: bool
    ) -> tuple[bool, bool]:
        """New points, labels and marks (see :meth:`ScatterRenderer.set_points`).

        Returns
        -------
        new_points : bool
            The points differ from the last ones (they will be re-binned).
        changed : bool
            Anything drawn differs (the layer will be repainted).
        """
        pts, lab, hi = check_points(points, labels, highlight)
        same_labels = same_values(lab, self.labels)
        lab_range = self.label_range
        if lab is None or lab.size == 0:
            lab_range = (-1, -1)
        elif not same_labels:
            lab_range = label_range(lab)  # checked once per new labelling; painting reuses it
        same_points = pts is self.points or (
            pts.shape == self.points.shape and np.array_equal(pts, self.points, equal_nan=True)
        )
        if not same_points:
            self.points = pts
            self.stale_bins = True
        changed = not (same_points and same_labels and same_values(hi, self.highlight) and marked == self.marked)
        if changed:
            self.stale_paint = True
        self.label_range = lab_range
        self.labels, self.highlight, self.marked = lab, hi, marked
        return not same_points, changed

    def repaint(self, lay: Layout, b: Bounds, theme: Theme, styles: StyleTable, *, ascii: bool) -> None:
        """Re-bin and repaint what is stale."""
        if self.stale_bins:
            self.bin(lay, b)
        if self.stale_paint:
            self.paint(lay, theme, styles, ascii=ascii)

    # The two costly steps are methods of their own, so tests can count them.

    def bin(self, lay: Layout, b: Bounds) -> None:
        """Bin the points into ``lay``'s cells."""
        self.stale_bins = False
        self.cell, self.bits = bin_points(self.points, lay, b)

    def paint(self, lay: Layout, theme: Theme, styles: StyleTable, *, ascii: bool) -> None:
        """Paint the binned points into the layer."""
        self.stale_paint = False
        paint_points(
            self.layer, lay, self.cell, self.bits, self.labels, self.label_range, self.highlight,
            theme, styles, braille=self.effective_mode(lay) == "braille", ascii=ascii, marked=self.marked,
            wide=self.wide,
        )

