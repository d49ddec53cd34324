"""Points: binning the data points into cells and painting them, glyphs or braille.

This module owns the scatter's hottest path. :func:`bin_points` maps every
point to its cell (and to one of the cell's 2×4 braille dots) once per set of
points and bounds; :func:`paint_points` then paints a labelling from those
bins — per cell the majority cluster's shape, or the braille pattern of the
dots covered, coloured by the majority cluster — with ``bincount``, never a
Python loop over points. Wide points (``--projector``) pair the plot's
columns: each pair of cells shows its majority cluster's shape twice, a mark
about as wide as it is tall, visible from the back of a room.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.render import palette
from kmtui.render.layout import Bounds, Layout
from kmtui.render.palette import Theme
from kmtui.render.raster import BOLD, FLAG_SHIFT, REVERSE, UNDERLINE, Layer, StyleTable

Mode = Literal["auto", "glyph", "braille"]
_MODES: tuple[Mode, ...] = ("auto", "glyph", "braille")

#: In ``auto`` mode, braille is used once points outnumber this share of the
#: plot's cells: beyond it single glyphs overlap so much that shape is lost,
#: while 2×4 dots per cell still show the density.
AUTO_BRAILLE_RATIO = 0.6

#: In ``auto`` mode, up to this many points keep one shape per cell whatever the plot's size:
#: a teaching dataset keeps its shapes (the legend's, and the only way to tell clusters apart
#: without colour) when a panel makes the plot small (the code panel at 80×24 turned 300 points
#: into braille).
AUTO_GLYPH_POINTS = 1_000

#: Labels must be below this: per-cell counts take one slot per cluster.
MAX_CLUSTERS = 1024

# Points are binned this many at a time (see bin_points).
_CHUNK = 1 << 16

# Set bits of every value 0..255 (ASCII density from braille patterns).
_POPCOUNT8 = np.array([bin(v).count("1") for v in range(256)], dtype=np.int64)


def check_mode(mode: str) -> Mode:
    """``mode`` if it is a point mode; ValueError otherwise."""
    for known in _MODES:
        if mode == known:
            return known
    raise ValueError(f"mode must be 'auto', 'glyph' or 'braille', got {mode!r}")


def check_points(
    points: ArrayLike, labels: ArrayLike | None, highlight: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.integer] | None, NDArray[np.bool_] | None]:
    """Points, labels and highlight as arrays of checked shapes; ValueError otherwise.

    Labels of any integer dtype but uint64 are kept as they are (the same
    object stays the same object, so unchanged labels are cheap to detect);
    others become int64.
    """
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {pts.shape}")
    n = pts.shape[0]
    lab = None if labels is None else np.asarray(labels)
    if lab is not None and (lab.dtype.kind not in "iu" or lab.dtype == np.uint64):
        lab = lab.astype(np.int64)
    if lab is not None and lab.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), got {lab.shape}")
    hi = None if highlight is None else np.asarray(highlight, dtype=bool)
    if hi is not None and hi.shape != (n,):
        raise ValueError(f"highlight must have shape ({n},), got {hi.shape}")
    return pts, lab, hi


def same_values(a: NDArray[Any] | None, b: NDArray[Any] | None) -> bool:
    """Whether two optional arrays hold the same values (cheap when identical)."""
    if a is None or b is None:
        return a is b
    return a is b or (a.shape == b.shape and np.array_equal(a, b))


def label_range(labels: NDArray[np.integer]) -> tuple[int, int]:
    """``(min, max)`` of non-empty labels; ValueError when max reaches :data:`MAX_CLUSTERS`."""
    lo, hi = int(labels.min()), int(labels.max())
    if hi >= MAX_CLUSTERS:
        raise ValueError(f"cluster labels must be below {MAX_CLUSTERS}, got {hi}")
    return lo, hi


def resolve_mode(mode: Mode, n_points: int, lay: Layout) -> Literal["glyph", "braille"]:
    """The point mode in use for ``n_points`` on ``lay`` after resolving ``auto``."""
    if mode != "auto":
        return mode
    if n_points <= AUTO_GLYPH_POINTS:
        return "glyph"
    cells = max(1, lay.pw * lay.ph)
    return "braille" if n_points > AUTO_BRAILLE_RATIO * cells else "glyph"


def bin_points(points: NDArray[np.float64], lay: Layout, b: Bounds) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
    """Bin the points into cells once; labels and highlights reuse the bins.

    Parameters
    ----------
    points : ndarray of shape (n_points, 2)
    lay : Layout
    b : Bounds

    Returns
    -------
    cell : ndarray of shape (n_points,) of int32
        Each point's cell, row-major over ``ph × pw``; points outside the
        bounds or not finite get the extra cell ``ph × pw``, never drawn.
        Empty when nothing can be drawn.
    bits : ndarray of shape (ph, pw) of int64
        Per cell, the braille bit pattern of the 2×4 dots its points fall on.
    """
    pw, ph = lay.pw, lay.ph
    w2, h4 = 2 * pw, 4 * ph
    pts = points
    n = pts.shape[0]
    empty_cell = np.empty(0, dtype=np.int32)
    if n == 0 or w2 <= 0 or h4 <= 0:
        return empty_cell, np.zeros((max(ph, 0), max(pw, 0)), dtype=np.int64)
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
    return cell, bits


def paint_points(
    layer: Layer,
    lay: Layout,
    cell: NDArray[np.int32],
    bits: NDArray[np.int64],
    labels: NDArray[np.integer] | None,
    label_range: tuple[int, int],
    highlight: NDArray[np.bool_] | None,
    theme: Theme,
    styles: StyleTable,
    *,
    braille: bool,
    ascii: bool,
    marked: bool = False,
    wide: bool = False,
) -> None:
    """Paint binned points into ``layer`` (cleared first).

    Parameters
    ----------
    layer : Layer
        The points layer, of the area's shape.
    lay : Layout
    cell, bits : ndarray
        From :func:`bin_points` for the same points, layout and bounds.
    labels : ndarray of shape (n_points,) of int, or None
        Cluster of each point; None or ``-1`` is "not assigned" (grey).
    label_range : (min, max)
        Of ``labels``, checked below :data:`MAX_CLUSTERS` by the caller.
    highlight : ndarray of shape (n_points,) of bool, or None
        Points whose cells are drawn bold and reversed (a flash), or, with
        ``marked``, bold and underlined (a mark that stays without competing
        with the centroids' reverse-video cells).
    theme : Theme
    styles : StyleTable
    braille : bool
        Braille dots (or ASCII density) instead of one shape per cell.
    ascii : bool
        ASCII-only glyphs.
    marked : bool, default=False
        See ``highlight``.
    wide : bool, default=False
        In glyph mode, points take two cells: the plot's columns are paired
        (from its left edge; an odd last column stays single) and each pair
        shows its majority cluster's shape in both cells, marked when any of
        its points is. Braille is not widened: its dots already fill a cell.
    """
    layer.clear()
    if cell.size == 0 or lay.empty:
        return
    ph, pw = lay.ph, lay.pw
    n_cells = ph * pw  # the cell after the last one holds the undrawn points

    # Cluster code per point: 0..L-1 the clusters, L "not assigned".
    if labels is None:
        n_clusters = 0
        counts = np.bincount(cell, minlength=n_cells + 1)[:n_cells, None]
    else:
        lab = labels
        lo, top = label_range
        n_clusters = top + 1
        if lo < 0:
            lab = np.where(lab < 0, n_clusters, lab)
        slots = n_clusters + 1
        key = np.multiply(cell, slots, dtype=np.intp)
        key += lab
        counts = np.bincount(key, minlength=(n_cells + 1) * slots)
        counts = counts[: n_cells * slots].reshape(n_cells, slots)
    pair = wide and not braille and pw > 1
    if pair:
        counts = _paired(counts.reshape(ph, pw, -1)).reshape(n_cells, -1)
    occupied = counts.any(axis=1).reshape(ph, pw)
    majority = counts.argmax(axis=1).reshape(ph, pw)

    fg_lut = np.array(
        [styles.fg(theme.cluster_color(j)) for j in range(n_clusters)] + [styles.fg(theme.unassigned)],
        dtype=np.int64,
    )
    chars: NDArray[np.uint32]
    if braille:
        if ascii:
            density = np.array([ord(c) for c in palette.ASCII_DENSITY], dtype=np.uint32)
            chars = density[_POPCOUNT8[bits]]
        else:
            chars = (palette.BRAILLE_BASE + bits).astype(np.uint32)
    else:
        shape_lut = np.array(
            [ord(palette.cluster_shape(j, ascii=ascii, wide=pair)) for j in range(n_clusters)]
            + [ord(palette.ASCII_UNASSIGNED_GLYPH if ascii else palette.UNASSIGNED_GLYPH)],
            dtype=np.uint32,
        )
        chars = shape_lut[majority]
    chars = np.where(occupied, chars, 0).astype(np.uint32)
    keys = np.where(occupied, fg_lut[majority], 0)

    if highlight is not None and highlight.any():
        hot_count = np.bincount(cell[highlight], minlength=n_cells + 1)[:n_cells]
        if pair:
            hot_count = _paired(hot_count.reshape(ph, pw, 1))
        hot = hot_count.reshape(ph, pw) > 0
        flags = (BOLD | UNDERLINE) if marked else (BOLD | REVERSE)
        keys = np.where(hot, keys | (flags << FLAG_SHIFT), keys)

    rows, cols = lay.plot
    layer.ch[rows, cols] = chars
    layer.st[rows, cols] = keys


def _paired(grid: NDArray[np.intp]) -> NDArray[np.intp]:
    """Sum each pair of columns of a ``(ph, pw, s)`` grid of counts into both of its cells.

    Columns pair from the left, (0, 1), (2, 3), …; an odd last column keeps its own values.
    """
    pw = grid.shape[1]
    even = pw - pw % 2
    out = grid.copy()
    both = grid[:, 0:even:2] + grid[:, 1:even:2]
    out[:, 0:even:2] = both
    out[:, 1:even:2] = both
    return out
