"""Pilot tests of the interactive app: press keys, assert on state and on the screen.

Every app is built by ``make_app`` at seed 3 on the built-in blobs (see
``tests/conftest.py``), with animation off unless a test is about animation,
and the automatic elbow off unless a test is about the elbow (a worker; tests
that need it "still running" hold it with the ``gated_elbow`` fixture). The
engine is the reference: whatever the app shows must be what
``kmtui.engine.Run`` and ``kmtui.KMeans`` compute for the same seed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui import KMeans
from kmtui.data import DATASETS, load_dataset
from kmtui.data.selection import select
from kmtui.engine import Phase, Run, elbow
from kmtui.engine.steps import INIT_METHODS
from kmtui.narration import fmt_num
from kmtui.render.palette import CENTROID_GLYPH, SHAPES, TRAIL_GLYPH, UNASSIGNED_GLYPH
from kmtui.ui.screens.help import HelpScreen
from kmtui.ui.widgets.scatter import ScatterView

SEED = 3
BLOBS_X = select(load_dataset("blobs")).X


def engine_run(n_steps: int, X: np.ndarray = BLOBS_X, k: int = 3, init: str = "uniform", seed: int = SEED) -> Run:
    run = Run(X, k, init=init, seed=seed)
    for _ in range(n_steps):
        assert run.next()
    return run


def assert_same_step(app: Any, ref: Run) -> None:
    got, want = app.session.run.current, ref.current
    assert (got.index, got.phase, got.iteration) == (want.index, want.phase, want.iteration)
    np.testing.assert_array_equal(got.centroids, want.centroids)
    if want.labels is None:
        assert got.labels is None
    else:
        np.testing.assert_array_equal(got.labels, want.labels)
    assert got.inertia == want.inertia


async def play_to_end(ui: Any, pilot: Any, timeout: float = 10.0) -> None:
    """Fastest speed, then p, then wait until play mode stops by itself."""
    await pilot.press("right_square_bracket", "right_square_bracket")  # ×4: 0.11 s per step
    await pilot.press("p")
    await ui.until(pilot, lambda: not pilot.app.main.playing, timeout)
    await pilot.pause()


# ------------------------------------------------------------------ the first screen


async def test_start_shows_step_0_with_grey_points_and_k_centroids(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.session.run.cursor == 0 and app.session.run.current.phase is Phase.INIT
        assert ui.text(app, "#narration").startswith("Step 0 — init: 3 centroids placed")
        assert ui.text(app, "#step-info").startswith("Step 0 · init · iteration 0")
        header = ui.text(app, "#header")
        for part in ("blobs (300 points)", "K=3", "init uniform", "seed 3"):
            assert part in header
        assert_same_step(app, engine_run(0))
        plot = ui.scatter_text(app)
        assert plot.count(CENTROID_GLYPH) == 3
        assert UNASSIGNED_GLYPH in plot
        assert not any(shape in plot for shape in SHAPES), "no point has a cluster before the first assign"
        screen = ui.screen_text(app)
        assert "Step 0" in screen and "kmtui · blobs" in screen
        footer = screen.splitlines()[-1]
        for hint in ("space Step", "p Play", "b Back", "r Re-init", "e Elbow", "? Help", "q Quit"):
            assert hint in footer, hint


# ------------------------------------------------------------------ stepping


async def test_space_and_n_alternate_assign_and_update(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        expected = [(1, Phase.ASSIGN, 1), (2, Phase.UPDATE, 1), (3, Phase.ASSIGN, 2), (4, Phase.UPDATE, 2)]
        for key, (index, phase, iteration) in zip(["space", "n", "space", "n"], expected, strict=True):
            await pilot.press(key)
            await pilot.pause()
            step = app.session.run.current
            assert (app.session.run.cursor, step.phase, step.iteration) == (index, phase, iteration)
            assert ui.text(app, "#step-info").startswith(f"Step {index} · {phase.value} · iteration {iteration}")
            assert ui.text(app, "#narration").startswith(f"Step {index} — {phase.value}:")
        assert_same_step(app, engine_run(4))


async def test_assign_twice_explains_why_instead_of_doing_nothing(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "a")
        await pilot.pause()
        assert app.session.run.cursor == 1 and len(app.session.run.steps) == 2, "the second a must not compute a step"
        said = ui.text(app, "#narration")
        assert said.startswith("Cannot assign now:")
        assert "centroids must move before assigning again" in said
        assert "The next step is update (u)" in said
        # after an update, u again is refused the same way, and a works
        await pilot.press("u", "u")
        await pilot.pause()
        assert app.session.run.cursor == 2
        assert ui.text(app, "#narration").startswith("Cannot update now:")
        assert "The next step is assign (a)" in ui.text(app, "#narration")
        await pilot.press("a")
        await pilot.pause()
        assert app.session.run.cursor == 3 and app.session.run.current.phase is Phase.ASSIGN


async def test_update_before_any_assign_is_refused(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert app.session.run.cursor == 0 and len(app.session.run.steps) == 1
        said = ui.text(app, "#narration")
        assert said.startswith("Cannot update now:") and "The next step is assign (a)" in said
        # at init no point has a cluster: "the centroids already sit at the means" would be false
        assert "already sit at the means" not in said


async def test_app_steps_equal_the_engine_and_kmeans_for_the_same_seed(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        for n in range(1, 6):
            await pilot.press("space")
            await pilot.pause()
            assert_same_step(app, engine_run(n))
        await pilot.press("end")
        await pilot.pause()
        last = app.session.run.current
        assert last.stop is not None and app.session.run.at_end
        km = KMeans(n_clusters=3, init="uniform", random_state=SEED).fit(BLOBS_X)
        np.testing.assert_array_equal(last.centroids, km.cluster_centers_)
        np.testing.assert_array_equal(last.labels, km.labels_)
        assert last.iteration == km.n_iter_
        assert last.inertia == pytest.approx(km.inertia_, rel=1e-12)
        assert len(app.session.run.steps) == len(km.history_)


# ------------------------------------------------------------------ moving the cursor


async def test_back_forward_home_end_move_the_cursor_without_recomputing(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.main.check_action("step_back", ()) is None, "Back is disabled at the first step"
        assert app.main.check_action("first_step", ()) is None
        assert app.main.check_action("step_forward", ()) is None, "nothing computed ahead yet"
        await pilot.press("b")
        await pilot.pause()
        assert app.session.run.cursor == 0
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert app.main.check_action("step_back", ()) is True
        computed = list(app.session.run.steps)
        for key, index in (("b", 2), ("left", 1), ("backspace", 0), ("f", 1), ("right", 2)):
            await pilot.press(key)
            await pilot.pause()
            assert app.session.run.cursor == index == app.session.run.cursor, key
            assert ui.text(app, "#step-info").startswith(f"Step {index} ·")
            assert ui.text(app, "#narration").startswith(f"Step {index} —")
        assert app.session.run.steps == computed, "going back and forth recomputes nothing"
        assert app.main.check_action("step_forward", ()) is True
        await pilot.press("home")
        await pilot.pause()
        assert app.session.run.cursor == 0 and app.main.check_action("step_back", ()) is None
        assert app.session.run.current.labels is None
        assert UNASSIGNED_GLYPH in ui.scatter_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert app.session.run.at_end and app.session.run.current.stop is not None
        assert app.session.run.cursor == len(app.session.run.steps) - 1
        assert app.main.check_action("step_forward", ()) is None, "Forward is disabled at the end"
        assert app.main.check_action("next", ()) is None and app.main.check_action("play", ()) is None
        assert app.main.check_action("step_back", ()) is True
        before = app.session.run.cursor
        await pilot.press("space", "right")
        await pilot.pause()
        assert app.session.run.cursor == before


async def test_footer_dims_back_at_the_first_step(ui: Any) -> None:
    from textual.widgets._footer import FooterKey

    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def back_key() -> Any:
            return next(k for k in app.query(FooterKey) if k.action == "step_back")

        first = back_key()
        assert first.has_class("-disabled")
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        assert not back_key().has_class("-disabled")
        # undimmed in place (no new footer, no layout pass), and a click on it now acts
        assert back_key() is first
        assert app.session.run.cursor == 1
        await pilot.click(first)
        await pilot.pause()
        await pilot.pause()
        assert app.session.run.cursor == 0
        assert back_key().has_class("-disabled") and back_key() is first
        await pilot.click(first)  # dimmed again: the bell, nothing moves
        await pilot.pause()
        assert app.session.run.cursor == 0


# ------------------------------------------------------------------ play


async def test_play_runs_to_convergence_and_stops(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_end(ui, pilot)
        last = app.session.run.current
        assert app.main.playing is False
        assert last.stop is not None and last.converged and app.session.run.at_end
        km = KMeans(n_clusters=3, init="uniform", random_state=SEED).fit(BLOBS_X)
        assert last.iteration == km.n_iter_
        said = ui.text(app, "#narration")
        assert f"Converged after {km.n_iter_} iterations" in said
        assert "converged" in ui.text(app, "#step-info")
        history = app.session.run.inertia_history
        assert len(history) == len(app.session.run.steps) - 1
        assert all(b <= a for a, b in zip(history, history[1:])), "inertia never increases"
        assert "Converged after" in ui.screen_text(app)
        # p is disabled at the end: nothing restarts
        await pilot.press("p")
        await pilot.pause()
        assert app.main.playing is False and app.session.run.at_end


async def test_p_again_pauses_play(ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kmtui.ui.screens.base import RunScreen

    # a long pause between steps: this test is about it (and a loaded CI core must not outrun it)
    monkeypatch.setattr(RunScreen, "PLAY_PAUSE", 1.5)
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        # half speed: 3 s before the next step, so the pause below lands first
        await pilot.press("left_square_bracket", "enter")  # enter plays too
        await pilot.pause()
        assert app.main.playing and app.session.run.cursor == 1
        await pilot.press("p")
        await pilot.pause()
        assert app.main.playing is False
        assert ui.text(app, "#narration").startswith("Paused.")
        await pilot.pause(1.0)
        assert app.session.run.cursor == 1, "nothing advances after a pause"


# ------------------------------------------------------------------ new runs


async def test_k_up_and_down_start_a_new_run_with_the_new_k(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "space")
        await pilot.press("plus")
        await pilot.pause()
        assert app.session.k == 4 and app.session.run.config.n_clusters == 4 and app.session.run.cursor == 0
        assert_same_step(app, engine_run(0, k=4))
        assert "K=4" in ui.text(app, "#header")
        assert ui.text(app, "#narration").startswith("K = 4.")
        assert ui.scatter_text(app).count(CENTROID_GLYPH) == 4
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert app.session.k == 2 and app.session.run.current.n_clusters == 2
        assert_same_step(app, engine_run(0, k=2))
        await pilot.press("space")
        await pilot.pause()
        assert_same_step(app, engine_run(1, k=2))
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert app.session.k == 1, "K stops at 1"
        assert "K must stay between 1 and" in ui.text(app, "#narration")


async def test_i_cycles_the_init_methods(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        order = list(INIT_METHODS)
        assert order[0] == "uniform"
        for expected in order[1:] + order[:1]:
            await pilot.press("i")
            await pilot.pause()
            assert app.session.config.init == expected == app.session.run.config.init
            assert f"init {expected}" in ui.text(app, "#header")
            assert ui.text(app, "#narration").startswith(f"Init method: {expected}.")
            assert_same_step(app, engine_run(0, init=expected))


async def test_d_and_shift_d_change_the_dataset(ui: Any) -> None:
    names = list(DATASETS)
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "X")
        await pilot.pause()
        assert app.session.run.cursor == 1, "X on two columns keeps the run"
        assert "only two columns" in ui.text(app, "#narration")
        for name in names[1:] + names[:1]:
            await pilot.press("d")
            await pilot.pause()
            ds = load_dataset(name)
            assert app.session.selection.dataset.name == name
            assert f"{name} ({ds.n_samples} points)" in ui.text(app, "#header")
            assert app.session.run.cursor == 0 and app.session.run.X.shape == (ds.n_samples, 2)
            np.testing.assert_array_equal(app.session.run.X, select(ds).X)
        await pilot.press("D")
        await pilot.pause()
        assert app.session.selection.dataset.name == names[-1]
        await pilot.press("D")
        await pilot.pause()
        assert app.session.selection.dataset.name == names[-2]
        assert app.session.k == 3


async def test_r_starts_a_new_run_with_a_new_seed(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "space", "r")
        await pilot.pause()
        seed = app.session.config.seed
        assert seed != SEED and app.session.run.config.seed == seed and app.session.run.cursor == 0
        assert f"seed {seed}" in ui.text(app, "#header")
        assert ui.text(app, "#narration").startswith(f"New random centroids (seed {seed}).")
        assert_same_step(app, engine_run(0, seed=seed))


async def test_shift_x_and_shift_y_change_the_drawn_features_on_iris(ui: Any) -> None:
    iris = load_dataset("iris")
    app = ui.app("iris")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert (app.session.selection.x_name, app.session.selection.y_name) == ("petal_length", "petal_width")
        await pilot.press("X")
        await pilot.pause()
        assert (app.session.selection.x_name, app.session.selection.y_name) == ("sepal_length", "petal_width")
        assert "sepal_length × petal_width" in ui.text(app, "#header")
        np.testing.assert_array_equal(app.session.run.X, iris.X[:, [0, 3]])
        assert app.session.run.cursor == 0
        await pilot.press("Y")
        await pilot.pause()
        assert (app.session.selection.x_name, app.session.selection.y_name) == ("sepal_length", "sepal_width")
        np.testing.assert_array_equal(app.session.run.X, iris.X[:, [0, 1]])
        await pilot.press("space")
        await pilot.pause()
        assert_same_step(app, engine_run(1, X=iris.X[:, [0, 1]]))
        plot = ui.scatter_text(app)
        assert "sepal_length" in plot or "sepal_width" in plot, "the axes are labelled with the drawn features"


async def test_z_toggles_standardization(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "z")
        await pilot.pause()
        assert app.session.selection.standardized and app.session.run.cursor == 0
        np.testing.assert_allclose(app.session.run.X.mean(axis=0), 0.0, atol=1e-12)
        np.testing.assert_allclose(app.session.run.X.std(axis=0), 1.0)
        assert "standardized" in ui.text(app, "#header")
        assert ui.text(app, "#narration").startswith("Standardize on")
        expected = (BLOBS_X - BLOBS_X.mean(axis=0)) / BLOBS_X.std(axis=0)
        assert_same_step(app, engine_run(0, X=expected))
        await pilot.press("z")
        await pilot.pause()
        assert not app.session.selection.standardized
        np.testing.assert_array_equal(app.session.run.X, BLOBS_X)
        assert "standardized" not in ui.text(app, "#header")
        assert ui.text(app, "#narration").startswith("Standardize off")


# ------------------------------------------------------------------ elbow


async def test_e_computes_the_elbow_and_j_jumps_to_the_knee(ui: Any, gated_elbow: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert app.session.k == 3 and "No knee to jump to yet" in ui.text(app, "#narration")
        assert "press e" in ui.text(app, "#elbow-title")
        await pilot.press("e")
        await pilot.pause()
        assert app.query_one("#elbow-progress").display, "a progress bar while the worker runs"
        assert "computing" in ui.text(app, "#elbow-title")
        gated_elbow.release()
        await ui.settle(pilot)
        curve = app.session.elbow
        assert curve is not None and curve.knee == 3
        assert list(curve.ks) == list(range(1, 11))
        ref = elbow(BLOBS_X, k_max=10, n_init=10, init="k-means++", random_state=SEED)
        np.testing.assert_allclose(curve.inertia, ref.inertia, rtol=1e-12)
        assert not app.query_one("#elbow-progress").display
        assert "knee at K=3" in ui.text(app, "#elbow-title")
        said = ui.text(app, "#narration")
        assert said.startswith("Clear structure: Kneedle finds the knee at K=3 and the gap statistic"), said
        assert "also picks K=3" in said and "The elbow is a judgement" in said
        assert "clear structure" in ui.text(app, "#elbow-title")
        assert "knee at K=3" in ui.screen_text(app)
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert app.session.k == 5
        assert app.session.elbow is curve, "changing K keeps the elbow (it does not depend on K)"
        await pilot.press("j")
        await pilot.pause()
        assert app.session.k == 3 and app.session.run.config.n_clusters == 3 and app.session.run.cursor == 0


async def test_e_twice_cancels_the_elbow_cleanly(ui: Any, gated_elbow: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "e")
        await pilot.pause()
        assert "cancelled" in ui.text(app, "#elbow-title")
        await ui.settle(pilot)
        assert gated_elbow.started == 1 and gated_elbow.cancelled == 1, "the worker saw the cancel and stopped"
        assert app.session.elbow is None, "a cancelled elbow leaves no curve"
        assert not app.query_one("#elbow-progress").display
        assert "cancelled" in ui.text(app, "#elbow-title")
        assert app.is_running
        # the app still works, and e computes it again
        gated_elbow.release()
        await pilot.press("space", "e")
        await ui.settle(pilot)
        assert app.session.run.cursor == 1
        assert app.session.elbow is not None and app.session.elbow.knee == 3


async def test_changing_dataset_while_the_elbow_runs_computes_the_new_elbow(ui: Any, gated_elbow: Any) -> None:
    # regression: d used to cancel the running elbow instead of starting the new dataset's
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")  # the start-up elbow on blobs is still running
        await pilot.pause()
        gated_elbow.release()
        await ui.settle(pilot)
        assert app.session.selection.dataset.name == "iris"
        assert "cancelled" not in ui.text(app, "#elbow-title")
        assert app.session.elbow is not None
        ref = elbow(select(load_dataset("iris")).X, k_max=10, n_init=10, init="k-means++", random_state=SEED)
        np.testing.assert_allclose(app.session.elbow.inertia, ref.inertia, rtol=1e-12)


async def test_changing_dataset_after_the_elbow_recomputes_it(ui: Any, gated_elbow: Any) -> None:
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=(100, 30)) as pilot:
        gated_elbow.release()
        await ui.until(pilot, lambda: app.session.elbow is not None)  # started after the first frame
        blobs_curve = app.session.elbow
        assert blobs_curve is not None and blobs_curve.knee == 3
        gated_elbow.gate.clear()
        await pilot.press("d")
        await pilot.pause()
        assert app.session.elbow is None, "the old dataset's elbow is not shown for the new one"
        assert "computing" in ui.text(app, "#elbow-title")
        gated_elbow.release()
        await ui.until(pilot, lambda: app.session.elbow is not None)  # the sweep outlasts a settle
        assert app.session.elbow is not None and app.session.elbow is not blobs_curve
        ref = elbow(select(load_dataset("iris")).X, k_max=10, n_init=10, init="k-means++", random_state=SEED)
        np.testing.assert_allclose(app.session.elbow.inertia, ref.inertia, rtol=1e-12)
        assert f"knee at K={ref.knee}" in ui.text(app, "#elbow-title")


# ------------------------------------------------------------------ view toggles


async def test_v_toggles_regions_and_t_toggles_trails(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "space", "space", "space")
        await pilot.pause()
        view = app.query_one(ScatterView)

        def backgrounds() -> set[Any]:
            return {style.bg for row in view._rows for _, style in row}

        def trail_dots() -> int:
            return ui.scatter_text(app).count(TRAIL_GLYPH)

        assert trail_dots() > 0, "after two updates the centroids have trails"
        plain = backgrounds()
        await pilot.press("v")
        await pilot.pause()
        assert app.session.view.regions and len(backgrounds()) >= len(plain) + 3, "one tint per cluster's region"
        await pilot.press("v")
        await pilot.pause()
        assert not app.session.view.regions and backgrounds() == plain
        await pilot.press("t")
        await pilot.pause()
        assert view.show_trails is False and trail_dots() == 0
        await pilot.press("t")
        await pilot.pause()
        assert view.show_trails is True and trail_dots() > 0


async def test_first_assign_colours_the_points_and_a_click_shows_distances(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        step = app.session.run.current
        assert step.phase is Phase.ASSIGN
        assert "each of the 300 points joins its nearest centroid." in ui.text(app, "#narration")
        view = app.query_one(ScatterView)
        assert view.renderer.effective_mode == "glyph"
        plot = ui.scatter_text(app)
        assert plot.count(CENTROID_GLYPH) == 3
        assert UNASSIGNED_GLYPH not in plot
        for c, size in enumerate(step.cluster_sizes()):
            assert (SHAPES[c] in plot) == (size > 0), f"cluster {c} ({size} points) drawn as {SHAPES[c]}"
        for cx, cy in step.centroids:
            col, row = view.renderer.cell_of(cx, cy)
            assert view.row_text(row)[col] == CENTROID_GLYPH
        # a click on a point: its distance to every centroid, and the nearest
        col, row = view.renderer.cell_of(*app.session.selection.points[0])
        point = view.renderer.point_at(col, row)
        assert point is not None
        await pilot.click(ScatterView, offset=(col, row))
        await pilot.pause()
        said = ui.text(app, "#narration")
        assert said.startswith(f"Point {point} ")
        assert f"cluster {int(step.labels[point])}" in said
        d = np.sqrt(((step.centroids - app.session.selection.X[point]) ** 2).sum(axis=1))
        for c, dist in enumerate(d):  # every distance, with its number
            assert f"{c}: {fmt_num(float(dist))}" in said
        nearest = int(np.argmin(d))
        assert nearest == int(step.labels[point]), "the assign step gave it the nearest centroid"
        tail = said[said.index(f"{len(d) - 1}: {fmt_num(float(d[-1]))}"):]
        assert f"centroid {nearest}" in tail, "after the distances, the nearest centroid is named"


# ------------------------------------------------------------------ help, palette, speed, screenshot


async def test_help_opens_with_question_or_f1_closes_with_q_and_ctrl_c_still_quits(ui: Any) -> None:
    from textual.widgets import Markdown, Static

    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "K-Means in four lines" in ui.screen_text(app)
        assert "K-Means in four lines" in app.screen.query_one(Markdown).source
        from rich.table import Table

        from kmtui import keymap

        (table,) = [w.content for w in app.screen.query(Static) if isinstance(w.content, Table)]
        keys = [str(c) for c in table.columns[0]._cells]
        texts = [str(c) for c in table.columns[1]._cells]
        for row in keymap.KEYS:  # every key is in the help's table, with its own sentence, on its row
            assert row.help in texts, row.action
            assert keys[texts.index(row.help)] == row.shown, row.action
        assert any("Answer the quiz" in t for t in texts) and any(k.startswith("←") for k in keys)
        await pilot.press("q")  # q closes the help, not the app
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.is_running and app.return_value is None
        await pilot.press("space")
        await pilot.pause()
        assert app.session.run.cursor == 1
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # (escape closing the help: see test_resize_while_help_is_open_lays_out_the_main_screen)
        await pilot.press("ctrl+c")  # a priority binding: it works over the help too
        await pilot.pause()
    assert app.return_value == 130


async def test_command_palette_lists_kmtui_actions(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
    for title in ("Step (space)", "Assign (a)", "Update (u)", "Play (p)", "Back (b)", "Re-init (r)", "Elbow (e)",
                  "Help (?)", "Standardize (z)"):
        assert title in titles
    assert len(titles) == len(set(titles)), "no action is listed twice"


async def test_brackets_change_the_animation_speed(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "speed" not in ui.text(app, "#header")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "speed ×2" in ui.text(app, "#header")
        for _ in range(5):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "speed ×0.25" in ui.text(app, "#header"), "speed stops at the slowest"


async def test_s_saves_a_screenshot_and_never_overwrites(ui: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "s")
        await pilot.pause()
    files = sorted(tmp_path.glob("kmtui-*.svg"))
    assert len(files) == 2
    assert all(f.read_text().lstrip().startswith("<svg") for f in files)


# ------------------------------------------------------------------ quitting


async def test_q_exits_with_status_0(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "q")
        await pilot.pause()
    assert app.return_value == 0 and app.return_code in (None, 0)


async def test_ctrl_c_exits_with_status_130(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_value == 130


def test_run_app_returns_the_apps_exit_status(ui: Any, monkeypatch: Any) -> None:
    """run_app's rule: a non-zero return code (a signal, ctrl+c, a crash) wins over the app's result."""
    from kmtui.ui import app as app_module

    class Ran:
        def __init__(self, result: int | None, return_code: int | None) -> None:
            self.result, self.return_code = result, return_code

        def run(self) -> int | None:
            return self.result

    # (what run() returned, the app's return_code) -> the process exit status
    for result, code, status in ((None, 0, 0), (0, None, 0), (None, 130, 130), (0, 129, 129), (None, 1, 1),
                                 (143, 0, 143)):
        monkeypatch.setattr(app_module, "make_app", lambda options, r=Ran(result, code): r)
        assert app_module.run_app(ui.options()) == status, (result, code)


# ------------------------------------------------------------------ sizes


def layout_of(app: Any) -> dict[str, Any]:
    side = app.query_one("#side")
    return {
        "too_small": app.query_one("#too-small").display,
        "body": app.query_one("#body").display,
        "side": side.display,
        "side_width": side.outer_size.width if side.display else 0,
    }


def check_layout(ui: Any, app: Any, width: int, height: int) -> None:
    got = layout_of(app)
    screen = ui.screen_text(app)
    words = " ".join(screen.split())  # the message wraps on a small screen
    step = app.session.run.current
    side_line = f"Step {step.index} · {step.phase.value}"  # the side panel's step line (narration uses "—")
    if width < 40 or height < 12:
        assert got["too_small"] and not got["body"]
        assert "terminal too small" in words and f"this one is {width}×{height}" in words
    else:
        assert not got["too_small"] and got["body"] and "terminal too small" not in words
        assert f"Step {step.index} — {step.phase.value}" in words, "the narration is on screen"
        if width < 80 or height < 24:
            assert not got["side"], "below 80×24 the side panel folds away"
            assert side_line not in screen
        else:
            assert got["side"] and side_line in screen
            assert got["side_width"] == (34 if width < 120 else 44)
            side = app.query_one("#side").region
            plot = app.query_one(ScatterView).region
            assert plot.right <= side.x and plot.width > side.width, "plot and side panel side by side"
    view = app.query_one(ScatterView)
    if got["body"]:
        assert view.size.width > 0 and len(view._rows) + view.legend_rows == view.size.height


@pytest.mark.parametrize("size", [(30, 10), (70, 20), (100, 30), (160, 48)], ids=str)
async def test_layout_at_start_size(ui: Any, size: tuple[int, int]) -> None:
    app = ui.app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("space")
        await pilot.pause()
        check_layout(ui, app, *size)


async def test_footer_shows_how_to_quit_at_80x24(ui: Any) -> None:
    # the student's ssh terminal: the footer must not be cut before "q Quit"
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "q Quit" in ui.screen_text(app).splitlines()[-1]
        check_layout(ui, app, 80, 24)


async def test_resizing_back_and_forth_never_breaks_the_screen(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        for size in [(30, 10), (70, 20), (160, 48), (39, 30), (100, 11), (80, 24), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            check_layout(ui, app, *size)
        await pilot.press("space")
        await pilot.pause()
        assert app.session.run.cursor == 2
        assert_same_step(app, engine_run(2))


async def test_resizing_mid_animation(ui: Any) -> None:
    app = ui.app(animate=True)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ScatterView)
        # slowest speed: the glide lasts 1.2 s, longer than the resizes below
        await pilot.press("left_square_bracket", "left_square_bracket", "space", "space")
        assert view.animating, "an update glides the centroids"
        for size in [(70, 20), (30, 10), (160, 48)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await ui.until(pilot, lambda: not view.animating, timeout=5)
        check_layout(ui, app, 160, 48)
        step = app.session.run.current
        assert step.phase is Phase.UPDATE
        for cx, cy in step.centroids:  # the glide ended where the engine put the centroids
            col, row = view.renderer.cell_of(cx, cy)
            assert view.row_text(row)[col] == CENTROID_GLYPH


async def test_play_with_animation_reaches_convergence(ui: Any) -> None:
    app = ui.app(animate=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_to_end(ui, pilot)
        assert app.session.run.at_end and app.session.run.current.converged
        assert not app.query_one(ScatterView).animating, "no timer left running when idle"


async def test_resizing_mid_elbow(ui: Any, gated_elbow: Any) -> None:
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for size in [(30, 10), (70, 20), (160, 48), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.query_one("#elbow-progress").display and app.session.elbow is None
        gated_elbow.release()
        await ui.settle(pilot)
        assert app.session.elbow is not None and app.session.elbow.knee == 3
        check_layout(ui, app, 100, 30)
        assert "knee at K=3" in ui.screen_text(app)
        # an automatic elbow does not take over the narration
        assert ui.text(app, "#narration").startswith("Step 0 — init")


async def test_resize_while_help_is_open_lays_out_the_main_screen(ui: Any) -> None:
    # regression: the layout classes went to the help screen, not the main one
    app = ui.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.press("escape")  # escape closes the help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        check_layout(ui, app, 30, 10)



async def test_help_at_80x24_says_first_how_to_scroll_and_close_and_pgdn_scrolls(ui: Any) -> None:
    from textual.containers import VerticalScroll

    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        screen = ui.screen_text(app)
        assert "escape, q or ? closes this help" in screen and "PgDn" in screen
        assert "Press escape to close." not in screen  # the end is pages away: hence the hint at the top
        scroll = app.screen.query_one(VerticalScroll)
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
