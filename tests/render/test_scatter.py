"""The main scatter's rasterizer: where things land, how they look, what is redrawn."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui.render import palette
from kmtui.render.cells import CellStyle, Row, row_text, row_width
from kmtui.render.palette import DARK, LIGHT, PROJECTOR, cluster_shape
from kmtui.render.points import AUTO_GLYPH_POINTS
from kmtui.render.scatter import Bounds, ScatterRenderer, bounds_for

# --------------------------------------------------------------------- helpers


def cell(rows: list[Row], col: int, row: int) -> tuple[str, CellStyle]:
    """The character and style of one cell of rendered rows."""
    x = 0
    for text, style in rows[row]:
        if x <= col < x + len(text):
            return text[col - x], style
        x += len(text)
    raise IndexError((col, row))


def blobs(n_per: int = 50, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [6.0, 6.0], [0.0, 7.0]])
    points = np.concatenate([rng.normal(c, 1.0, (n_per, 2)) for c in centres])
    labels = np.repeat(np.arange(3), n_per)
    return points, labels, centres


def renderer(width: int = 40, height: int = 20, bounds: Bounds = Bounds(0, 10, 0, 10), **kw) -> ScatterRenderer:
    r = ScatterRenderer(kw.pop("theme", DARK), **kw)
    r.resize(width, height)
    r.set_bounds(bounds, "x", "y")
    return r


# ------------------------------------------------------------ data → cells


def test_a_point_lands_in_its_cell() -> None:
    r = renderer(40, 20)
    left, top, pw, ph = r.plot_area()
    assert (left, top, pw, ph) == (4, 1, 36, 17)  # gutter "7.5" + axis; the title row
    for x, y in [(0.0, 0.0), (10.0, 10.0), (2.5, 7.5), (9.99, 0.01), (5.0, 5.0)]:
        expected = (left + min(int(x / 10 * pw), pw - 1), top + min(int((10 - y) / 10 * ph), ph - 1))
        assert r.cell_of(x, y) == expected
        r.set_points([[x, y]], [1])
        r.set_mode("glyph")
        rows = r.render()
        assert cell(rows, *expected) == ("▲", CellStyle(DARK.cluster_color(1), DARK.background))
    assert r.cell_of(-0.1, 5.0) is None and r.cell_of(5.0, 10.1) is None


def test_edges_of_the_bounds_are_the_edges_of_the_plot() -> None:
    r = renderer(40, 20)
    left, top, pw, ph = r.plot_area()
    assert r.cell_of(0.0, 10.0) == (left, top)
    assert r.cell_of(10.0, 0.0) == (left + pw - 1, top + ph - 1)


def test_data_at_is_the_cell_centre_and_round_trips() -> None:
    r = renderer(40, 20)
    left, top, pw, ph = r.plot_area()
    for col, row in [(left, top), (left + 5, top + 3), (left + pw - 1, top + ph - 1)]:
        x, y = r.data_at(col, row)
        assert r.cell_of(x, y) == (col, row)
    assert r.data_at(left, top) == pytest.approx((10 / pw / 2, 10 - 10 / ph / 2))
    assert r.data_at(0, top) is None  # the gutter
    assert r.data_at(left, top + ph) is None  # the axis line


@pytest.mark.parametrize("dx", [0, 1])
@pytest.mark.parametrize("dy", [0, 1, 2, 3])
def test_braille_dot_bit(dx: int, dy: int) -> None:
    # 10×5 has no axes: the plot is the whole area, one data unit per cell.
    r = renderer(10, 5, Bounds(0, 10, 0, 5), mode="braille")
    assert r.plot_area() == (0, 0, 10, 5)
    col, row = 3, 2
    x = col + 0.25 + 0.5 * dx
    y = (5 - row) - (dy + 0.5) / 4
    r.set_points([[x, y]], [0])
    rows = r.render()
    char, style = cell(rows, col, row)
    assert ord(char) == palette.BRAILLE_BASE + palette.BRAILLE_BITS[dy][dx]
    assert style.fg == DARK.cluster_color(0)


def test_braille_cell_ors_its_dots() -> None:
    r = renderer(10, 5, Bounds(0, 10, 0, 5), mode="braille")
    # All eight dots of cell (0, 0): a full braille block.
    pts = [[0.25 + 0.5 * dx, 5 - (dy + 0.5) / 4] for dx in (0, 1) for dy in range(4)]
    r.set_points(pts, [2] * 8)
    rows = r.render()
    assert cell(rows, 0, 0)[0] == "⣿"
    assert cell(rows, 1, 0)[0] == " "


@pytest.mark.parametrize("j", range(10))
def test_cluster_j_gets_colour_and_shape_j(j: int) -> None:
    r = renderer(mode="glyph")
    r.set_points([[5.0, 5.0]], [j])
    col, row = r.cell_of(5.0, 5.0)
    char, style = cell(r.render(), col, row)
    assert char == cluster_shape(j)
    assert style.fg == DARK.cluster_color(j)
    assert style.fg == palette.OKABE_ITO[j % 8]


def test_cell_takes_its_majority_cluster() -> None:
    r = renderer(mode="glyph")
    pts = [[5.0, 5.0]] * 4 + [[1.0, 1.0]] * 2
    r.set_points(pts, [2, 2, 0, 2, 0, 1])
    rows = r.render()
    assert cell(rows, *r.cell_of(5.0, 5.0)) == ("■", CellStyle(DARK.cluster_color(2), DARK.background))
    # a tie goes to the lower cluster index, as np.argmin
    assert cell(rows, *r.cell_of(1.0, 1.0))[0] == "●"


def test_braille_cell_is_coloured_by_its_majority() -> None:
    r = renderer(mode="braille")
    r.set_points([[5.0, 5.0], [5.01, 5.0], [5.0, 5.01]], [4, 1, 4])
    char, style = cell(r.render(), *r.cell_of(5.0, 5.0))
    assert 0x2800 < ord(char) <= 0x28FF
    assert style.fg == DARK.cluster_color(4)


@pytest.mark.parametrize("labels", [None, [-1, -1]])
def test_unassigned_points_are_grey(labels) -> None:
    r = renderer(mode="glyph")
    r.set_points([[2.0, 2.0], [8.0, 8.0]], labels)
    rows = r.render()
    for x, y in [(2.0, 2.0), (8.0, 8.0)]:
        char, style = cell(rows, *r.cell_of(x, y))
        assert char == palette.UNASSIGNED_GLYPH
        assert style.fg == DARK.unassigned


def test_unassigned_and_assigned_mix() -> None:
    r = renderer(mode="glyph")
    r.set_points([[2.0, 2.0], [8.0, 8.0]], [-1, 3])
    rows = r.render()
    assert cell(rows, *r.cell_of(2.0, 2.0))[1].fg == DARK.unassigned
    assert cell(rows, *r.cell_of(8.0, 8.0)) == ("◆", CellStyle(DARK.cluster_color(3), DARK.background))


def test_points_outside_or_nan_are_not_drawn() -> None:
    r = renderer(mode="glyph")
    r.set_points([[5.0, 5.0], [50.0, 5.0], [np.nan, 1.0], [5.0, -3.0]], [0, 1, 2, 3])
    text = "".join(row_text(row) for row in r.render())
    assert text.count("●") == 1
    assert not any(g in text for g in "▲■◆")


def test_auto_mode_switches_to_braille_for_many_points() -> None:
    r = renderer(40, 20)
    rng = np.random.default_rng(1)
    r.set_points(rng.uniform(0, 10, (50, 2)), np.zeros(50, dtype=int))
    assert r.effective_mode == "glyph"
    r.set_points(rng.uniform(0, 10, (5000, 2)), np.zeros(5000, dtype=int))
    assert r.effective_mode == "braille"
    text = "".join(row_text(row) for row in r.render())
    assert any(0x2800 < ord(c) <= 0x28FF for c in text)
    r.set_mode("glyph")
    text = "".join(row_text(row) for row in r.render())
    assert "●" in text and not any(0x2800 <= ord(c) <= 0x28FF for c in text)


def test_auto_mode_keeps_shapes_for_a_teaching_sized_dataset_on_a_small_plot() -> None:
    """300 points on a plot of 40×6 cells: beyond the braille ratio, but a teaching dataset keeps its
    shapes (the code panel at 80×24 used to turn blobs into braille)."""
    r = renderer(40, 8)
    rng = np.random.default_rng(1)
    r.set_points(rng.uniform(0, 10, (AUTO_GLYPH_POINTS, 2)), np.zeros(AUTO_GLYPH_POINTS, dtype=int))
    assert r.effective_mode == "glyph"
    r.set_points(rng.uniform(0, 10, (AUTO_GLYPH_POINTS + 1, 2)), np.zeros(AUTO_GLYPH_POINTS + 1, dtype=int))
    assert r.effective_mode == "braille"


def test_highlighted_points_flash() -> None:
    r = renderer(mode="glyph")
    r.set_points([[2.0, 2.0], [8.0, 8.0]], [0, 1], highlight=[False, True])
    rows = r.render()
    assert not cell(rows, *r.cell_of(2.0, 2.0))[1].reverse
    hot = cell(rows, *r.cell_of(8.0, 8.0))[1]
    assert hot.reverse and hot.bold and hot.fg == DARK.cluster_color(1)
    r.dirty_rows()
    r.set_points([[2.0, 2.0], [8.0, 8.0]], [0, 1])  # the flash ends
    rows = r.render()
    assert not cell(rows, *r.cell_of(8.0, 8.0))[1].reverse
    assert r.dirty_rows() == {r.cell_of(8.0, 8.0)[1]}


def test_cursor_is_reverse_video() -> None:
    r = renderer(mode="glyph")
    r.set_points([[2.0, 2.0], [8.0, 8.0]], [0, 1])
    r.set_cursor(1)
    rows = r.render()
    assert cell(rows, *r.cell_of(8.0, 8.0))[1].reverse
    assert not cell(rows, *r.cell_of(2.0, 2.0))[1].reverse
    r.set_cursor(None)
    assert not cell(r.render(), *r.cell_of(8.0, 8.0))[1].reverse
    with pytest.raises(IndexError):
        r.set_cursor(2)


def test_point_at_finds_the_nearest_point_to_a_click() -> None:
    r = renderer()
    r.set_points([[2.0, 2.0], [8.0, 8.0], [8.3, 8.0]], [0, 1, 1])
    assert r.point_at(*r.cell_of(2.0, 2.0)) == 0
    col, row = r.cell_of(8.0, 8.0)
    assert r.point_at(col, row) in (1, 2)
    assert r.point_at(col + 1, row) in (1, 2)
    left, top, _, _ = r.plot_area()
    assert r.point_at(left + 18, top) is None  # nothing within 3 cells
    assert renderer().point_at(5, 5) is None  # no points at all


# ------------------------------------------------------------ centroids, trails, regions


def test_centroid_is_drawn_above_points() -> None:
    r = renderer(mode="glyph")
    r.set_points([[5.0, 5.0]], [0])
    r.set_centroids([[5.0, 5.0], [1.0, 1.0]])
    rows = r.render()
    char, style = cell(rows, *r.cell_of(5.0, 5.0))
    assert char == "✖" and style.bold and style.fg == DARK.cluster_color(0)
    char, style = cell(rows, *r.cell_of(1.0, 1.0))
    assert char == "✖" and style.fg == DARK.cluster_color(1)


def test_a_point_on_a_trail_is_drawn_over_the_trail() -> None:
    """Trails lie under the points: the data stays visible where a centroid passed (and the
    inspect cursor shows the point, not a trail dot)."""
    r = renderer(mode="glyph")
    r.set_points([[5.0, 5.0]], [0])
    r.set_centroids([[8.0, 5.0]], trails=[np.array([[2.0, 5.0]])])
    rows = r.render()
    char, style = cell(rows, *r.cell_of(5.0, 5.0))
    assert char == cluster_shape(0) and style.fg == DARK.cluster_color(0)
    char, _ = cell(rows, *r.cell_of(4.0, 5.0))  # beside it, the trail is still drawn
    assert char == "·"


def test_centroid_outside_the_bounds_is_clamped_with_an_arrow() -> None:
    r = renderer()
    left, top, pw, ph = r.plot_area()
    r.set_centroids([[15.0, 5.0], [-3.0, 20.0], [5.0, -1.0], [np.nan, 1.0]])
    rows = r.render()
    assert cell(rows, left + pw - 1, r.cell_of(9.99, 5.0)[1])[0] == "→"
    assert cell(rows, left, top)[0] == "↖"
    assert cell(rows, r.cell_of(5.0, 0.0)[0], top + ph - 1)[0] == "↓"
    assert cell(rows, left + pw - 1, r.cell_of(9.99, 5.0)[1])[1].fg == DARK.cluster_color(0)


def test_trail_dots_lie_on_the_path_in_a_faded_colour() -> None:
    r = renderer()
    r.set_centroids([[8.0, 5.0]], trails=[np.array([[2.0, 5.0]])])
    rows = r.render()
    col0, row = r.cell_of(2.0, 5.0)
    col1, _ = r.cell_of(8.0, 5.0)
    assert cell(rows, col1, row)[0] == "✖"
    for col in range(col0, col1 - 2):  # up to the centroid's mark and halo
        char, style = cell(rows, col, row)
        assert char == "·" and style.fg == DARK.trail_color(0)
    assert DARK.trail_color(0) != DARK.cluster_color(0)


def test_regions_tint_cells_by_nearest_centroid() -> None:
    r = renderer()
    r.set_points([[1.0, 1.0]], [0])
    r.set_centroids([[2.0, 2.0], [8.0, 8.0], [2.0, 8.0]])
    r.set_regions(True)
    rows = r.render()
    for j, (x, y) in enumerate([(2.0, 2.0), (8.0, 8.0), (2.0, 8.0)]):
        col, row = r.cell_of(x, y)
        assert cell(rows, col + 1, row)[1].bg == DARK.region_color(j)  # next to centroid j
        assert cell(rows, col, row)[1].bg == DARK.region_color(j)  # under it
    assert cell(rows, *r.cell_of(1.0, 1.0))[1].bg == DARK.region_color(0)  # under a point
    assert cell(rows, 0, r.cell_of(2.0, 2.0)[1])[1].bg == DARK.background  # the gutter is not tinted
    r.set_regions(False)
    rows = r.render()
    col, row = r.cell_of(8.0, 8.0)
    assert cell(rows, col + 1, row)[1].bg == DARK.background


def test_region_boundary_follows_the_engine_distance() -> None:
    # Two centroids at x=2 and x=6: cells with centre x < 4 belong to 0.
    r = renderer(10, 5, Bounds(0, 10, 0, 5))
    r.set_centroids([[2.0, 2.5], [6.0, 2.5]])
    r.set_regions(True)
    rows = r.render()
    bgs = [cell(rows, c, 0)[1].bg for c in range(10)]
    assert bgs == [DARK.region_color(0)] * 4 + [DARK.region_color(1)] * 6


# ------------------------------------------------------------ output shape


@pytest.mark.parametrize("size", [(10, 5), (16, 6), (20, 8), (40, 12), (80, 24), (160, 48), (200, 60), (1, 1)])
@pytest.mark.parametrize("ascii", [False, True])
def test_every_row_is_exactly_width_cells(size: tuple[int, int], ascii: bool) -> None:
    width, height = size
    points, labels, centres = blobs()
    r = ScatterRenderer(DARK, ascii=ascii)
    r.resize(width, height)
    r.set_bounds(bounds_for(points), "a rather long feature name on x", "and on y")
    r.set_points(points, labels, highlight=labels == 1)
    r.set_centroids(centres + 0.3, [centres, centres - 0.5])
    r.set_regions(True)
    r.set_cursor(3)
    rows = r.render()
    assert len(rows) == height
    for row in rows:
        assert row_width(row) == width
        # runs are merged: neighbours differ in style
        assert all(a[1] != b[1] for a, b in zip(row, row[1:]))
        assert all(text for text, _ in row)


def test_rich_agrees_on_row_widths() -> None:
    cells = pytest.importorskip("rich.cells")
    points, labels, centres = blobs()
    for mode in ("glyph", "braille"):
        r = ScatterRenderer(PROJECTOR, mode=mode)
        r.resize(80, 24)
        r.set_bounds(bounds_for(points), "x", "y")
        r.set_points(points, labels)
        r.set_centroids(centres + 20)  # off the view: arrows
        for row in r.render():
            assert cells.cell_len(row_text(row)) == 80


@pytest.mark.parametrize("mode", ["glyph", "braille"])
def test_ascii_mode_emits_only_ascii(mode: str) -> None:
    points, labels, centres = blobs()
    r = ScatterRenderer(DARK, ascii=True, mode=mode)
    r.resize(60, 20)
    r.set_bounds(bounds_for(points), "sépal longueur", "y")  # a non-ASCII title is the caller's
    r.set_points(points, labels)
    r.set_centroids(np.vstack([centres, [[100.0, 100.0]]]), [centres - 1])
    r.set_regions(True)
    lines = [row_text(row) for row in r.render()]
    assert all(line.isascii() for line in lines[:-1])  # the x title row carries "sépal"
    assert lines[-1].replace("é", "e").isascii()
    assert any("X" in line for line in lines)


def test_empty_and_zero_sized() -> None:
    r = ScatterRenderer(LIGHT)
    assert r.render() == []
    r.resize(30, 10)
    rows = r.render()
    assert len(rows) == 10 and all(row_width(row) == 30 for row in rows)
    r.resize(0, 3)
    assert r.render() == [(), (), ()]


def test_axes_show_tick_labels_and_titles() -> None:
    r = renderer(60, 20, Bounds(0, 10, 0, 10))
    r.set_bounds(Bounds(0, 10, 0, 10), "petal length", "petal width")
    lines = [row_text(row) for row in r.render()]
    assert lines[0].startswith("petal width")
    assert lines[-1].rstrip().endswith("petal length")
    assert "└" in lines[-2] and "┬" in lines[-2]
    assert any(line.lstrip().startswith("10┤") for line in lines)
    assert any(line.lstrip().startswith("0┤") or line.startswith(" 0┤") for line in lines)
    assert " 2 " in lines[-1] or " 2.5 " in lines[-1]
    # a y tick label sits on the row of its value
    row_of_5 = r.cell_of(1.0, 5.0)[1]
    assert lines[row_of_5].lstrip().startswith("5┤")


def test_bounds_for() -> None:
    assert bounds_for([[0.0, 0.0], [10.0, 20.0]]) == Bounds(-0.5, 10.5, -1.0, 21.0)
    assert bounds_for([[1.0, 2.0], [np.nan, 100.0], [3.0, 4.0]], pad=0.0) == Bounds(1.0, 3.0, 2.0, 4.0)
    assert bounds_for(np.empty((0, 2))) == Bounds(0.0, 1.0, 0.0, 1.0)
    b = bounds_for([[5.0, 0.0], [5.0, 0.0]], pad=0.0)
    assert b.xmin < 5.0 < b.xmax and b.ymin < 0.0 < b.ymax
    tiny = bounds_for([[1e-150, 0.0], [3e-150, 1.0]])
    assert tiny.xmin < 1e-150 and tiny.xmax > 3e-150 and tiny.xmax < 1e-149


def test_set_bounds_widens_an_empty_range() -> None:
    r = ScatterRenderer()
    r.set_bounds((3.0, 3.0, 1.0, 0.0))
    b = r.bounds
    assert b.xmin < 3.0 < b.xmax and (b.ymin, b.ymax) == (0.0, 1.0)
    with pytest.raises(ValueError):
        r.set_bounds((0.0, np.inf, 0.0, 1.0))


def test_bad_shapes_are_refused() -> None:
    r = renderer()
    with pytest.raises(ValueError):
        r.set_points(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        r.set_points(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError):
        r.set_points(np.zeros((3, 2)), [0, 1, 2], highlight=[True])
    with pytest.raises(ValueError):
        r.set_points(np.zeros((2, 2)), [0, 10**6])  # would need a million count slots per cell
    with pytest.raises(ValueError):
        ScatterRenderer(mode="dots")  # type: ignore[arg-type]


# ------------------------------------------------------------ caching and dirty rows


def test_centroid_move_dirties_only_its_old_and_new_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    points, labels, centres = blobs()
    r = ScatterRenderer(DARK)
    r.resize(80, 24)
    r.set_bounds(bounds_for(points), "x", "y")
    r.set_points(points, labels)
    r.set_centroids(centres)
    r.render()
    assert r.dirty_rows() == set(range(24))

    binned = []
    painted = []
    stage = r.points_layer
    monkeypatch.setattr(stage, "bin", lambda *a, orig=stage.bin, **k: binned.append(1) or orig(*a, **k))
    monkeypatch.setattr(stage, "paint", lambda *a, orig=stage.paint, **k: painted.append(1) or orig(*a, **k))

    moved = centres.copy()
    moved[1] += (0.0, -3.0)
    old_row = r.cell_of(*centres[1])[1]
    new_row = r.cell_of(*moved[1])[1]
    assert old_row != new_row
    r.set_centroids(moved)
    r.render()
    # the mark's row only: off a projector its halo keeps to that row
    assert r.dirty_rows() == {old_row, new_row}
    assert binned == [] and painted == []  # the points layer was reused

    r.set_centroids(moved.copy())  # equal values: nothing to do
    r.render()
    assert r.dirty_rows() == set()

    nudged = moved.copy()
    nudged[1] += (1e-9, 0.0)  # within the same cell
    r.set_centroids(nudged)
    r.render()
    assert r.dirty_rows() == set()


def test_new_labels_reuse_the_bins(monkeypatch: pytest.MonkeyPatch) -> None:
    points, labels, _ = blobs()
    r = renderer(60, 20, bounds_for(points))
    r.set_points(points, labels)
    r.render()
    binned = []
    stage = r.points_layer
    monkeypatch.setattr(stage, "bin", lambda *a, orig=stage.bin, **k: binned.append(1) or orig(*a, **k))
    r.set_points(points.copy(), (labels + 1) % 3)  # equal points, new labels
    rows = r.render()
    assert binned == []
    assert r.dirty_rows()
    col, row = r.cell_of(*points[0])
    assert cell(rows, col, row)[1].fg in (DARK.cluster_color(1), DARK.cluster_color(0), DARK.cluster_color(2))


def test_nothing_changed_nothing_dirty_resize_everything() -> None:
    points, labels, centres = blobs()
    r = renderer(60, 20, bounds_for(points))
    r.set_points(points, labels)
    r.set_centroids(centres)
    first = r.render()
    assert r.dirty_rows() == set(range(20))
    assert r.render() == first
    assert r.dirty_rows() == set()
    r.resize(50, 20)
    assert len(r.render()) == 20
    assert r.dirty_rows() == set(range(20))


def test_dirty_rows_accumulate_until_asked() -> None:
    r = renderer(mode="glyph")
    r.set_centroids([[5.0, 1.0]])
    r.render()
    r.dirty_rows()
    rows_seen = []
    for y in (3.0, 6.0, 9.0):  # three renders, nobody asks in between
        r.set_centroids([[5.0, y]])
        r.render()
        rows_seen.append(r.cell_of(5.0, y)[1])
    halo = {r.cell_of(5.0, 1.0)[1], *rows_seen}
    top, ph = r.plot_area()[1], r.plot_area()[3]
    assert r.dirty_rows() == {y for y in halo if top <= y < top + ph}
    assert r.dirty_rows() == set()  # asked: forgotten


def test_regions_follow_a_moving_centroid() -> None:
    r = renderer(10, 5, Bounds(0, 10, 0, 5))
    r.set_centroids([[2.0, 2.5], [6.0, 2.5]])
    r.set_regions(True)
    r.render()
    r.dirty_rows()
    r.set_centroids([[2.0, 2.5], [8.0, 2.5]])  # boundary moves from x=4 to x=5
    rows = r.render()
    assert r.dirty_rows() == set(range(5))
    assert [cell(rows, c, 0)[1].bg for c in range(10)] == (
        [DARK.region_color(0)] * 5 + [DARK.region_color(1)] * 5
    )


def test_theme_switch_recolours_everything() -> None:
    r = renderer(mode="glyph")
    r.set_points([[5.0, 5.0]], [1])
    r.render()
    r.dirty_rows()
    r.set_theme(PROJECTOR)
    rows = r.render()
    assert r.dirty_rows() == set(range(20))
    assert cell(rows, *r.cell_of(5.0, 5.0))[1] == CellStyle(PROJECTOR.cluster_color(1), "#000000")


def test_without_set_bounds_the_view_fits_the_points() -> None:
    r = ScatterRenderer(DARK, mode="glyph")
    r.resize(40, 12)
    r.set_points([[100.0, -5.0], [300.0, 5.0]], [0, 1])
    assert r.bounds == bounds_for([[100.0, -5.0], [300.0, 5.0]])
    text = "".join(row_text(row) for row in r.render())
    assert "●" in text and "▲" in text


def test_ascii_centroids_and_trails() -> None:
    r = renderer(ascii=True, mode="glyph")
    r.set_centroids([[8.0, 5.0], [50.0, 5.0]], trails=[np.array([[2.0, 5.0], [50.0, 5.0]])])
    rows = r.render()
    col, row = r.cell_of(8.0, 5.0)
    assert cell(rows, col, row) == ("X", CellStyle(DARK.cluster_color(0), DARK.background, bold=True, reverse=True))
    assert cell(rows, col - 3, row)[0] == ","  # not ".", which marks a point with no cluster yet
    left, _, pw, _ = r.plot_area()
    assert cell(rows, left + pw - 1, row)[0] == ">"


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.uint64, np.float64])
def test_any_integer_label_dtype(dtype) -> None:
    r = renderer(mode="glyph")
    r.set_points([[2.0, 2.0], [8.0, 8.0]], np.array([0, 2], dtype=dtype))
    rows = r.render()
    assert cell(rows, *r.cell_of(8.0, 8.0))[0] == "■"


def test_dirty_spans_cover_exactly_the_changed_cells_of_each_row() -> None:
    points, labels, centres = blobs()
    r = ScatterRenderer(DARK)
    r.resize(80, 24)
    r.set_bounds(bounds_for(points), "x", "y")
    r.set_points(points, labels)
    r.set_centroids(centres)
    before = r.render()
    assert r.dirty_spans() == {y: (0, 80) for y in range(24)}  # the first render: every row, whole
    moved = centres.copy()
    moved[1] += (0.7, -3.0)
    r.set_centroids(moved)
    after = r.render()
    spans = r.dirty_spans()

    def chars(rows: list[Row], y: int) -> list[tuple[str, CellStyle]]:
        return [(ch, st) for text, st in rows[y] for ch in text]

    changed = {y: [c for c, (a, b) in enumerate(zip(chars(before, y), chars(after, y), strict=True)) if a != b]
               for y in range(24)}
    changed = {y: cols for y, cols in changed.items() if cols}
    assert set(spans) == set(changed)
    for y, cols in changed.items():
        assert spans[y] == (cols[0], cols[-1] + 1)
        assert spans[y][1] - spans[y][0] <= 8  # a bar and its halo, not the line
    # two renders between takes: the union of both
    r.set_centroids(centres)
    r.render()
    r.set_centroids(moved)
    r.render()
    both = r.dirty_spans()
    assert set(both) == set(changed) and all(both[y][0] <= spans[y][0] and both[y][1] >= spans[y][1] for y in both)
    r.resize(81, 24)
    r.render()
    assert r.dirty_spans() == {y: (0, 81) for y in range(24)}
