"""Wide points (``--projector``): each point two cells wide, the centroid still the strongest mark."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui.render import palette
from kmtui.render.cells import CellStyle, Row
from kmtui.render.palette import PROJECTOR, cluster_shape
from kmtui.render.scatter import Bounds, ScatterRenderer


def grid(rows: list[Row]) -> list[list[tuple[str, CellStyle]]]:
    """Rendered rows as one ``(char, style)`` per cell."""
    return [[(ch, st) for text, st in row for ch in text] for row in rows]


def wide(width: int = 40, height: int = 20, **kw: object) -> ScatterRenderer:
    r = ScatterRenderer(PROJECTOR, wide=True, mode="glyph", **kw)  # type: ignore[arg-type]
    r.resize(width, height)
    r.set_bounds(Bounds(0, 10, 0, 10), "x", "y")
    return r


def pair_of(r: ScatterRenderer, col: int) -> tuple[int, int]:
    """The two columns of the pair holding ``col`` (pairs start at the plot's left edge)."""
    left = r.plot_area()[0]
    first = left + (col - left) // 2 * 2
    return first, first + 1


@pytest.mark.parametrize("x", [0.0, 0.2, 0.4, 3.3, 5.0, 7.7])
def test_a_point_takes_both_cells_of_its_pair(x: float) -> None:
    r = wide()
    r.set_points([[x, 5.0]], [1])
    col, row = r.cell_of(x, 5.0)
    cells = grid(r.render())
    a, b = pair_of(r, col)
    assert col in (a, b)
    shape = (cluster_shape(1), CellStyle(PROJECTOR.cluster_color(1), PROJECTOR.background))
    assert cells[row][a] == cells[row][b] == shape
    # and nothing else in the plot area is drawn
    left, top, pw, ph = r.plot_area()
    drawn = [(c, y) for y in range(top, top + ph) for c in range(left, left + pw) if cells[y][c][0] != " "]
    assert drawn == [(a, row), (b, row)]


def test_the_pair_takes_its_majority_cluster() -> None:
    r = wide()
    left, _, pw, _ = r.plot_area()
    # two of cluster 0 in the pair's first cell, three of cluster 2 in its second
    x0 = r.data_at(left, 5)
    x1 = r.data_at(left + 1, 5)
    assert x0 is not None and x1 is not None
    r.set_points([x0, x0, x1, x1, x1], [0, 0, 2, 2, 2])
    cells = grid(r.render())
    # cluster 2's square, as the small square: "■■" would fuse into a bar like the centroid's
    assert cells[5][left][0] == cells[5][left + 1][0] == cluster_shape(2, wide=True) == "▪"
    assert cells[5][left][1].fg == cells[5][left + 1][1].fg == PROJECTOR.cluster_color(2)


def test_an_odd_last_column_stays_single() -> None:
    r = wide(41, 20)
    left, _, pw, _ = r.plot_area()
    assert pw % 2 == 1
    last = r.data_at(left + pw - 1, 5)
    assert last is not None
    r.set_points([last], [0])
    cells = grid(r.render())
    assert cells[5][left + pw - 1][0] == cluster_shape(0)
    assert cells[5][left + pw - 2][0] == " "


def test_ascii_pairs_are_doubled_ascii_shapes() -> None:
    r = wide(ascii=True)
    r.set_points([[2.0, 5.0], [6.0, 5.0], [8.0, 2.0]], [0, 5, -1])
    rows = r.render()
    text = ["".join(t for t, _ in row) for row in rows]
    assert all(ord(ch) < 128 for line in text for ch in line)
    joined = "\n".join(text)
    assert "oo" in joined and "@@" in joined and ".." in joined  # cluster 0, cluster 5, unassigned
    shapes = {cluster_shape(j, ascii=True) for j in range(8)}
    assert not shapes & {"x", "X"}


def test_the_centroid_stays_the_strongest_mark() -> None:
    rng = np.random.default_rng(0)
    pts = rng.uniform(0, 10, (400, 2))
    labels = (pts[:, 0] > 5).astype(int)
    r = wide()
    r.set_points(pts, labels)
    r.set_centroids([[2.5, 5.0], [7.5, 5.0]])
    cells = grid(r.render())
    reverse = [(c, y) for y, line in enumerate(cells) for c, (_, st) in enumerate(line) if st.reverse]
    for j, (x, y) in enumerate([(2.5, 5.0), (7.5, 5.0)]):
        col, row = r.cell_of(x, y)
        assert cells[row][col][0] == palette.CENTROID_GLYPH
        bar = [(col - 1, row), (col, row), (col + 1, row)]
        assert all(cells[yy][cc][1].reverse and cells[yy][cc][1].bold for cc, yy in bar)
        assert all(cells[yy][cc][1].fg == PROJECTOR.cluster_color(j) for cc, yy in bar)
        # the halo: two blank columns either side, and the rows above and below cleared
        assert cells[row][col - 2][0] == cells[row][col + 2][0] == " "
        assert all(cells[row + d][col + dc][0] == " " for d in (-1, 1) for dc in range(-2, 3))
    # the only reverse-video cells are the two three-cell bars: no point is as strong
    assert len(reverse) == 6


def test_flash_marks_the_whole_pair() -> None:
    r = wide()
    r.set_points([[5.0, 5.0], [1.0, 1.0]], [0, 1], [True, False])
    col, row = r.cell_of(5.0, 5.0)
    cells = grid(r.render())
    a, b = pair_of(r, col)
    assert cells[row][a][1].reverse and cells[row][b][1].reverse
    c2, r2 = r.cell_of(1.0, 1.0)
    assert not any(cells[r2][c][1].reverse for c in pair_of(r, c2))


def test_braille_is_not_widened_and_narrow_is_unchanged() -> None:
    rng = np.random.default_rng(1)
    pts = rng.uniform(0, 10, (300, 2))
    labels = rng.integers(0, 3, 300)
    for mode in ("braille", "glyph"):
        a = ScatterRenderer(PROJECTOR, mode=mode, wide=mode == "braille")
        b = ScatterRenderer(PROJECTOR, mode=mode)
        for r in (a, b):
            r.resize(50, 20)
            r.set_bounds(Bounds(0, 10, 0, 10))
            r.set_points(pts, labels)
        assert a.render() == b.render()


def test_set_wide_switches_and_repaints() -> None:
    r = ScatterRenderer(PROJECTOR, mode="glyph")
    r.resize(40, 20)
    r.set_bounds(Bounds(0, 10, 0, 10))
    r.set_points([[5.0, 5.0]], [0])
    narrow = r.render()
    r.dirty_rows()
    r.set_wide(True)
    widened = r.render()
    col, row = r.cell_of(5.0, 5.0)
    assert r.dirty_rows() == {row}
    assert sum(ch == cluster_shape(0) for ch, _ in grid(widened)[row]) == 2
    assert sum(ch == cluster_shape(0) for ch, _ in grid(narrow)[row]) == 1
    r.set_wide(False)
    assert r.render() == narrow
