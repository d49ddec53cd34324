"""The line layer: point → centroid segments rasterized into the scatter's cells."""

from __future__ import annotations

import numpy as np

from kmtui.render.lines import ASCII_GLYPHS, Segments, to_centroids, to_own
from kmtui.render.palette import DARK
from kmtui.render.scatter import ScatterRenderer


def _renderer(ascii: bool = False) -> ScatterRenderer:
    r = ScatterRenderer(DARK, ascii=ascii)
    r.resize(40, 20)
    r.set_bounds((0, 10, 0, 10))
    return r


def test_horizontal_and_vertical_segments_get_their_glyphs() -> None:
    r = _renderer()
    xy = np.array([[1.0, 5.0, 9.0, 5.0], [5.0, 1.0, 5.0, 9.0]])
    r.set_lines(Segments(xy, np.array([0, 1]), np.array([True, False])))
    r.render()
    ch = r.overlays.lines.layer.ch
    assert (ch == ord("─")).sum() >= 20 and (ch == ord("│")).sum() >= 10
    assert set(np.unique(ch)) <= {0, ord("─"), ord("│")}


def test_diagonals_follow_the_slope_on_screen_and_ascii_has_its_own() -> None:
    for ascii, (up, down) in ((False, ("╱", "╲")), (True, ASCII_GLYPHS[2:])):
        r = _renderer(ascii)
        # rising to the right, then falling to the right (a cell is twice as tall: dy counts double)
        xy = np.array([[1.0, 1.0, 5.0, 9.0], [5.0, 9.0, 9.0, 1.0]])
        r.set_lines(Segments(xy, np.array([0, 0]), np.array([False, False])))
        r.render()
        ch = r.overlays.lines.layer.ch
        assert (ch == ord(up)).sum() > 3 and (ch == ord(down)).sum() > 3


def test_the_ends_stay_free_for_the_point_and_the_centroid() -> None:
    r = _renderer()
    r.set_lines(Segments(np.array([[1.0, 5.0, 9.0, 5.0]]), np.array([0]), np.array([False])))
    r.render()
    x0, y0 = r.cell_of(1.0, 5.0)  # type: ignore[misc]
    x1, y1 = r.cell_of(9.0, 5.0)  # type: ignore[misc]
    ch = r.overlays.lines.layer.ch
    assert ch[y0, x0] == 0 and ch[y1, x1] == 0 and ch[y0, x0 + 1] == ord("─")


def test_to_centroids_and_to_own_build_the_segments() -> None:
    C = np.array([[0.0, 0.0], [4.0, 4.0], [8.0, 0.0]])
    segs = to_centroids(np.array([1.0, 1.0]), C, nearest=0)
    assert segs.xy.tolist() == [[1, 1, 0, 0], [1, 1, 4, 4], [1, 1, 8, 0]]
    assert segs.strong.tolist() == [True, False, False]
    pts = np.array([[1.0, 1.0], [7.0, 1.0]])
    own = to_own(pts, np.array([0, 2]), C)
    assert own.xy.tolist() == [[1, 1, 0, 0], [7, 1, 8, 0]] and own.cluster.tolist() == [0, 2]


def test_no_lines_no_layer() -> None:
    r = _renderer()
    r.set_lines(Segments(np.array([[1.0, 5.0, 9.0, 5.0]]), np.array([0]), np.array([False])))
    r.render()
    r.set_lines(None)
    r.render()
    assert not r.overlays.lines.layer.ch.any()
