"""What the plot shows to teach (issue 10, items 3 and 4): changed points stay marked, a legend, lines."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.segment import Segment

from kmtui.render.palette import CENTROID_GLYPH, cluster_shape
from kmtui.ui.widgets.scatter import ScatterView

SIZE = (100, 30)


def reversed_count(app: Any) -> int:
    view = app.query_one(ScatterView)
    n = 0
    for row in range(view.size.height):
        for seg in view.render_line(row):
            assert isinstance(seg, Segment)
            if seg.style is not None and seg.style.reverse:
                n += len(seg.text)
    return n


async def test_points_that_changed_cluster_stay_marked_until_the_next_step(ui: Any) -> None:
    app = ui.app()  # animation off
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        await pilot.pause()
        run = app.session.run
        step, before = run.current, run.steps[run.cursor - 1]
        assert step.index == 3 and step.changed
        view = app.query_one(ScatterView)
        assert view.marks is not None
        assert np.array_equal(view.marks, before.labels != step.labels)
        assert int(view.marks.sum()) == step.changed
        assert reversed_count(app) > 0
        await pilot.press("o")  # the inspect cursor takes over the reverse video
        await pilot.pause()
        assert view.marks is None and reversed_count(app) == 1
        await pilot.press("o", "space")  # the update: nothing changed cluster
        await pilot.pause()
        assert view.marks is None and reversed_count(app) == 0
        await pilot.press("b")  # back to the assign: its changes are marked again
        await pilot.pause()
        assert view.marks is not None and int(view.marks.sum()) == step.changed


async def test_with_animation_the_marks_outlast_the_flash(ui: Any) -> None:
    app = ui.app(animate=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        view = app.query_one(ScatterView)
        await ui.until(pilot, lambda: not view.animating)
        step = app.session.run.current
        assert view.marks is not None and int(view.marks.sum()) == step.changed


async def test_the_legend_names_the_centroid_and_each_clusters_shape_and_size(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ScatterView)
        assert view.legend_text.startswith(f"{CENTROID_GLYPH} centroid")
        assert "no cluster yet" in view.legend_text
        await pilot.press("space")
        await pilot.pause()
        labels = app.session.run.current.labels
        sizes = np.bincount(labels, minlength=3)
        want = f"{CENTROID_GLYPH} centroid" + "".join(
            f"  {cluster_shape(c)} {c} ({sizes[c]})" for c in range(3))
        assert view.legend_text == want


# ------------------------------------------------------------------ point → centroid lines


def line_cells(app: Any) -> int:
    """Cells of the plot that show a line glyph (the line layer where no point covers it)."""
    from kmtui.render.lines import GLYPHS

    view = app.query_one(ScatterView)
    layer = view.renderer._lines.layer.ch
    rows = scatter_rows(app)
    return sum(1 for r, c in zip(*np.nonzero(layer), strict=True) if rows[r][c] in GLYPHS)


def scatter_rows(app: Any) -> list[str]:
    view = app.query_one(ScatterView)
    return [view.row_text(y) for y in range(view.size.height)]


async def test_inspect_draws_a_line_to_every_centroid_the_nearest_strong(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "o")
        await pilot.pause()
        view = app.query_one(ScatterView)
        segs = view.renderer._lines.segments
        index = app.main.mode.index
        from kmtui.ui.modes.inspect import distances_of

        nearest = int(np.argmin(distances_of(app.session, index)))
        assert len(segs) == 3 and list(segs.cluster) == [0, 1, 2]
        assert list(np.flatnonzero(segs.strong)) == [nearest]
        assert np.allclose(segs.xy[:, :2], app.session.selection.points[index])
        assert line_cells(app) > 0
        await pilot.press("o")
        await pilot.pause()
        assert len(view.renderer._lines.segments) == 0 and line_cells(app) == 0


async def test_l_draws_every_points_line_to_its_own_centroid(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "l")
        await pilot.pause()
        view = app.query_one(ScatterView)
        segs = view.renderer._lines.segments
        step = app.session.run.current
        assert len(segs) == app.session.n_samples
        assert np.array_equal(segs.cluster, step.labels)
        assert "Lines on" in ui.text(app, "#narration")
        assert line_cells(app) > 50
        await pilot.press("l")
        await pilot.pause()
        assert len(view.renderer._lines.segments) == 0 and "Lines off" in ui.text(app, "#narration")

