"""Overlays: what the scatter draws over and under the points.

This module owns three layers, each recomputed only when its inputs change:
the Voronoi regions (background tint of every plot cell by its nearest
centroid, Euclidean in the drawn plane as the engine's assign step), the
centroid trails (faint dots along each centroid's path) and the centroids
(a three-cell reverse-video bar with a cross in the middle and a halo of
cleared cells around it, or an edge arrow when one lies outside the bounds). Loops run
over centroids and trail segments, never over cells or points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.render import palette
from kmtui.render.layout import Bounds, Layout
from kmtui.render.palette import Theme
from kmtui.render.raster import BOLD, REVERSE, Layer, StyleTable


def paint_regions(
    bg: NDArray[np.int64],
    lay: Layout,
    b: Bounds,
    centroids: NDArray[np.float64] | None,
    theme: Theme,
    styles: StyleTable,
    *,
    on: bool,
) -> None:
    """Tint the plot area of ``bg`` by nearest centroid, or reset it to the background.

    Parameters
    ----------
    bg : ndarray of shape (height, width) of int64
        Background colour ids of the whole area; only the plot area is written.
    lay : Layout
    b : Bounds
    centroids : ndarray of shape (k, 2), or None
        Rows with NaN own no region.
    theme : Theme
    styles : StyleTable
    on : bool
        Whether regions are shown at all.
    """
    rows, cols = lay.plot
    bg[rows, cols] = styles.color(theme.background)
    cen = centroids
    if not on or cen is None or cen.shape[0] == 0 or lay.empty:
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
    lut = np.array([styles.color(theme.region_color(j)) for j in range(cen.shape[0])], dtype=np.int64)
    bg[rows, cols] = lut[nearest]


def paint_trails(
    layer: Layer,
    lay: Layout,
    b: Bounds,
    trails: Sequence[NDArray[np.float64]],
    centroids: NDArray[np.float64] | None,
    theme: Theme,
    styles: StyleTable,
    *,
    ascii: bool,
) -> None:
    """Paint each centroid's path through ``trails`` to ``centroids`` into ``layer`` (cleared first).

    Parameters
    ----------
    layer : Layer
    lay : Layout
    b : Bounds
    trails : sequence of ndarray of shape (k_t, 2)
        Past positions, oldest first; row ``j`` of each is cluster ``j``.
    centroids : ndarray of shape (k, 2), or None
        The current positions, where the paths end.
    theme : Theme
    styles : StyleTable
    ascii : bool
        ASCII-only glyphs.
    """
    layer.clear()
    path = list(trails)
    if centroids is not None:
        path.append(centroids)
    if len(path) < 2 or lay.empty:
        return
    k = max(p.shape[0] for p in path)
    stacked = np.full((len(path), k, 2), np.nan)
    for i, p in enumerate(path):
        stacked[i, : p.shape[0]] = p
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
    lut = np.array([styles.fg(theme.trail_color(j)) for j in range(k)], dtype=np.int64)
    glyph = palette.ASCII_TRAIL_GLYPH if ascii else palette.TRAIL_GLYPH
    layer.ch[r, c] = ord(glyph)
    layer.st[r, c] = lut[cluster[seg[inside]]]


def paint_centroids(
    layer: Layer,
    lay: Layout,
    b: Bounds,
    centroids: NDArray[np.float64] | None,
    theme: Theme,
    styles: StyleTable,
    *,
    ascii: bool,
) -> None:
    """Paint the centroids into ``layer`` (cleared first).

    Each centroid is the strongest mark on the screen: three cells in reverse
    video and bold (a bar of its cluster's colour with the cross in the
    middle and the centroid's number after it — ``✖0`` — in the background's
    colour; the narration and the quiz name centroids by number), inside a halo of blank cells (one
    column either side; on a projector also one row above and below) that
    hides the points around it. A centroid outside the bounds is clamped to the edge and drawn
    as a bold arrow pointing its way; rows with NaN are not drawn; where two
    coincide the lower index shows.
    """
    layer.clear()
    cen = centroids
    if cen is None or lay.empty:
        return
    arrows = palette.ASCII_EDGE_ARROWS if ascii else palette.EDGE_ARROWS
    cross = palette.ASCII_CENTROID_GLYPH if ascii else palette.CENTROID_GLYPH
    sx = lay.pw / (b.xmax - b.xmin)
    sy = lay.ph / (b.ymax - b.ymin)
    marks: list[tuple[int, int, int, str]] = []
    for j in range(cen.shape[0]):
        x, y = float(cen[j, 0]), float(cen[j, 1])
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        fx, fy = (x - b.xmin) * sx, (b.ymax - y) * sy
        dx = -1 if fx < 0 else (1 if fx > lay.pw else 0)
        dy = 1 if fy < 0 else (-1 if fy > lay.ph else 0)
        if dx == 0:
            col = min(max(int(fx) if math.isfinite(fx) else 0, 0), lay.pw - 1)
        else:
            col = 0 if dx < 0 else lay.pw - 1
        if dy == 0:
            row = min(max(int(fy) if math.isfinite(fy) else 0, 0), lay.ph - 1)
        else:
            row = 0 if dy > 0 else lay.ph - 1
        marks.append((j, lay.top + row, lay.left + col, arrows[(dx, dy)] if (dx, dy) != (0, 0) else ""))
    top, bottom = lay.top, lay.top + lay.ph  # the plot area, half-open
    left, right = lay.left, lay.left + lay.pw
    # The halos first, so that no halo hides another centroid's mark.
    # On a projector the halo also takes the rows above and below; elsewhere it keeps to the
    # centroid's own row, so that a glide repaints one row per centroid, not three (bytes over SSH).
    tall = 1 if theme.name.startswith("projector") else 0
    for _, r, c, arrow in marks:
        if not arrow:
            layer.ch[max(r - tall, top):min(r + 1 + tall, bottom), max(c - 2, left):min(c + 3, right)] = ord(" ")
    # Drawn in reverse so that where two coincide, the lower index shows.
    for j, r, c, arrow in reversed(marks):
        if arrow:
            layer.ch[r, c] = ord(arrow)
            layer.st[r, c] = styles.fg(theme.cluster_color(j), BOLD)
            continue
        c0, c1 = max(c - 1, left), min(c + 2, right)
        layer.ch[r, c0:c1] = ord(palette.CENTROID_SIDE)
        layer.ch[r, c] = ord(cross)
        if j < 10 and c + 1 < right:  # its number, as the narration and the quiz name it (one digit)
            layer.ch[r, c + 1] = ord(str(j))
        layer.st[r, c0:c1] = styles.fg(theme.cluster_color(j), BOLD | REVERSE)
