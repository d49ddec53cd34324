"""What the plot shows to teach (issue 10, items 3 and 4): changed points stay marked, a legend, lines."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.segment import Segment

from kmtui.render.palette import CENTROID_GLYPH, cluster_shape
from kmtui.ui.widgets.scatter import ScatterView

SIZE = (100, 30)


def reversed_count(app: Any) -> int:
    """Plot cells in reverse video other than the centroids' marks: the inspect/quiz cursor."""
    from test_teaching import reversed_cells

    return len(reversed_cells(app))


def underlined_count(app: Any) -> int:
    """Plot cells drawn underlined: the lasting marks of points that changed cluster."""
    view = app.query_one(ScatterView)
    n = 0
    for row in range(view.size.height):
        for seg in view.render_line(row):
            assert isinstance(seg, Segment)
            if seg.style is not None and seg.style.underline:
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
        # underlined, not reversed: reverse video is the centroids' (and the cursor's) alone
        assert underlined_count(app) > 0 and reversed_count(app) == 0
        await pilot.press("o")  # the inspect cursor takes over
        await pilot.pause()
        assert view.marks is None and reversed_count(app) == 1 and underlined_count(app) == 0
        await pilot.press("o", "space")  # the update: nothing changed cluster
        await pilot.pause()
        assert view.marks is None and reversed_count(app) == 0 and underlined_count(app) == 0
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
    layer = view.renderer.overlays.lines.layer.ch
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
        segs = view.renderer.overlays.lines.segments
        index = app.main.mode.index
        from kmtui.ui.modes.inspect import distances_of

        nearest = int(np.argmin(distances_of(app.session, index)))
        assert len(segs) == 3 and list(segs.cluster) == [0, 1, 2]
        assert list(np.flatnonzero(segs.strong)) == [nearest]
        assert np.allclose(segs.xy[:, :2], app.session.selection.points[index])
        assert line_cells(app) > 0
        await pilot.press("o")
        await pilot.pause()
        assert len(view.renderer.overlays.lines.segments) == 0 and line_cells(app) == 0


async def test_l_draws_every_points_line_to_its_own_centroid(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "l")
        await pilot.pause()
        view = app.query_one(ScatterView)
        segs = view.renderer.overlays.lines.segments
        step = app.session.run.current
        assert len(segs) == app.session.n_samples
        assert np.array_equal(segs.cluster, step.labels)
        assert "Lines on" in ui.text(app, "#narration")
        assert line_cells(app) > 50
        await pilot.press("l")
        await pilot.pause()
        assert len(view.renderer.overlays.lines.segments) == 0 and "Lines off" in ui.text(app, "#narration")



# ------------------------------------------------------------------ the right words, more features, keys


async def test_quiz_answers_work_for_k_above_10(ui: Any, monkeypatch: Any) -> None:
    from kmtui.ui.modes.inspect import distances_of
    from kmtui.ui.screens.main import MainScreen

    monkeypatch.setattr(MainScreen, "QUIZ_DIGIT_WAIT", 0.6)
    app = ui.app(k=12)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "g")
        await pilot.pause()
        point = ui.quiz(app)
        assert point is not None and "two digits for 10 and up" in ui.text(app, "#narration")
        right = int(np.argmin(distances_of(app.session, point)))
        await pilot.press(*str(11))
        await pilot.pause()
        said = ui.text(app, "#narration")
        assert ui.quiz(app) is None and ui.quiz_score(app) == [int(right == 11), 1]
        assert ("Right!" in said) == (right == 11)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("1")  # 1 may start 10 or 11: it waits, then counts as 1
        assert "type the second digit" in ui.text(app, "#narration") and ui.quiz(app) is not None
        await ui.until(pilot, lambda: ui.quiz(app) is None)
        assert ui.quiz_score(app)[1] == 2


async def test_a_chosen_dataset_says_its_teaching_point(ui: Any) -> None:
    from kmtui.data import DATASETS

    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        name = app.session.selection.dataset.name
        said = " ".join(ui.text(app, "#narration").split())
        assert said.startswith(f"Dataset {name} (") and DATASETS[name].description in said


async def test_the_no_labels_hint_names_the_presses_of_d_that_reach_iris(ui: Any) -> None:
    from kmtui.data import DATASETS

    assert "uniform" in DATASETS
    app = ui.app("uniform")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.session.selection.dataset.y is None, "uniform has no known labels"
        await pilot.press("x")
        await pilot.pause()
        text = str(app.query_one("#detail-body").render())
        names = app.session.datasets()
        idx = names.index("uniform")
        presses = next(n for n in range(1, len(names)) if names[(idx + n) % len(names)] == "iris")
        times = "" if presses == 1 else f" {presses} times"
        assert f"Try iris: press d{times}" in " ".join(text.split())
        for _ in range(presses):
            await pilot.press("d")
        await pilot.pause()
        assert app.session.selection.dataset.name == "iris"


async def test_four_features_are_said_in_the_short_header_inspect_and_quiz(ui: Any) -> None:
    from kmtui.data import load_dataset
    from kmtui.data.selection import select

    sel = select(load_dataset("iris"), features=[0, 1, 2, 3])
    app = ui.app("iris", selection=sel)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "clusters on 4 features" in ui.text(app, "#header")
        await pilot.press("space", "space", "o")
        await pilot.pause()
        said = " ".join(ui.text(app, "#narration").split())
        assert "over all 4 clustered features" in said
        await pilot.press("escape", "g")
        await pilot.pause()
        said = " ".join(ui.text(app, "#narration").split())
        assert "distances use all 4 clustered features" in said
        for name in sel.feature_names:
            assert name in said


async def test_the_footer_shows_more_teaching_keys_as_the_width_allows(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        def footer() -> str:
            return ui.screen_text(app).splitlines()[-1]

        await pilot.pause()
        await pilot.pause()
        assert "q Quit" in footer() and "a Assign" not in footer()
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        for key in ("a Assign", "u Update", "g Quiz", "c Code", "x Crosstab", "q Quit"):
            assert key in footer()
        assert "v Regions" not in footer()
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        for key in ("v Regions", "t Trails", "l Lines", "m Place", "x Crosstab", "q Quit"):
            assert key in footer()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert "q Quit" in footer() and "a Assign" not in footer()


def test_the_new_words_have_ascii_spellings() -> None:
    from kmtui.narration.ledger import legend, restarts_said
    from kmtui.narration.text import asciify, plain

    for said in (legend([3, 4], ["o", "^"], "X"), restarts_said([2.0, 1.0], [5, 6], 0)):
        assert "?" not in asciify(plain(said))
    assert asciify("Inertia 6,199.8 → 5,079.4 (−1,120.4)") == "Inertia 6,199.8 -> 5,079.4 (-1,120.4)"


def _blobs_app(n: int) -> Any:
    from kmtui.data.dataset import Dataset
    from kmtui.data.selection import select
    from kmtui.ui.app import AppOptions, make_app

    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2)) + rng.integers(0, 3, n)[:, None] * 4
    ds = Dataset(name="b", X=X, feature_names=("x", "y"), y=None, target_names=(), source="<array>")
    return make_app(AppOptions(selection=select(ds), k=3, seed=3, animate=False, auto_elbow=False))


def _marks(app: Any) -> set[str]:
    view = app.main.scatter
    left, top, pw, ph = view.renderer.plot_area()
    return {ch for y in range(top, top + ph) for ch in view.row_text(y)[left:left + pw]}


async def test_the_legend_shows_the_marks_the_plot_draws_and_follows_a_resize() -> None:
    """1 500 points: shapes at 160×48, braille at 80×24; the legend says which, after the resize too."""
    app = _blobs_app(1500)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        view = app.main.scatter
        assert view.renderer.effective_mode == "glyph"
        assert {"●", "▲", "■"} <= _marks(app) and "● 0" in view.legend_text and "⣿" not in view.legend_text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert view.renderer.effective_mode == "braille"
        assert any(0x2800 < ord(c) <= 0x28FF for c in _marks(app)) and not {"●", "▲"} & _marks(app)
        assert "⣿ 0" in view.legend_text and "●" not in view.legend_text


async def test_without_colour_the_plot_keeps_its_shapes(monkeypatch: Any) -> None:
    """Braille tells clusters apart by colour only: under NO_COLOR 3 000 points keep one shape a cell."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = _blobs_app(3000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert app.no_color
        assert app.main.scatter.renderer.effective_mode == "glyph"
        assert {"●", "▲", "■"} <= _marks(app)
