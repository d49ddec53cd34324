"""Pilot tests of the teaching keys: inspect (o), place by hand (m), quiz (g), code (c), crosstab (x).

Every app is built by ``make_app`` at seed 3 on the built-in blobs unless a test
says otherwise (see ``tests/conftest.py``), with animation off. numpy is the
reference: every distance, nearest centroid, count and score the app shows is
recomputed here from the same step's centroids and labels, and where the app
predicts something ("the next assign moves it to cluster 2") the test takes
the next step and checks the prediction came true.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from rich.segment import Segment

from kmtui import KMeans, cli
from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine import Phase
from kmtui.engine.metrics import adjusted_rand_score, crosstab, purity
from kmtui.narration import fmt_num
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.scatter import ScatterView

SEED = 3
SIZE = (100, 30)
TALL = (110, 44)
"""Room for the whole detail panel (it is cut to 7 lines below 30 rows)."""


# ------------------------------------------------------------------ helpers


def reversed_cells(app: Any) -> list[tuple[int, int]]:
    """Cells of the plot drawn in reverse video: where the inspect/quiz cursor is (not the centroids' marks)."""
    from kmtui.render.raster import FLAG_SHIFT, REVERSE

    view = app.query_one(ScatterView)
    mark = ((view.renderer.overlays.centroid_layer.st >> FLAG_SHIFT) & REVERSE) != 0  # the centroids' reverse-video bars
    cells = []
    for row in range(view.size.height):
        col = 0
        for seg in view.render_line(row):
            assert isinstance(seg, Segment)
            if seg.style is not None and seg.style.reverse:
                cells.extend((col + k, row) for k in range(len(seg.text)) if not mark[row, col + k])
            col += len(seg.text)
    return cells


def cell_of_point(app: Any, index: int) -> tuple[int, int]:
    view = app.query_one(ScatterView)
    cell = view.renderer.cell_of(*(float(v) for v in app.session.selection.points[index]))
    assert cell is not None
    return cell


def region_text(ui: Any, app: Any, widget: Any) -> str:
    """The characters on screen inside ``widget`` (what a person sees of it)."""
    lines = ui.screen_text(app).splitlines()
    r = widget.region
    return "\n".join(line[r.x:r.x + r.width] for line in lines[r.y:r.y + r.height])


def distances(app: Any, index: int) -> np.ndarray:
    """Euclidean distance of point ``index`` to each centroid of the current step."""
    C = app.session.run.current.centroids
    return np.sqrt(((C - app.session.selection.X[index]) ** 2).sum(1))


def nearest_all(app: Any) -> np.ndarray:
    X, C = app.session.selection.X, app.session.run.current.centroids
    return ((X[:, None, :] - C[None]) ** 2).sum(2).argmin(1)


def assert_names_distances(app: Any, said: str, index: int) -> None:
    d = distances(app, index)
    for c, dist in enumerate(d):
        assert f"{c}: {fmt_num(float(dist))}" in said, (c, dist, said)
    tail = said[said.index(f"{len(d) - 1}: {fmt_num(float(d[-1]))}"):]
    assert f"np.argmin picks centroid {int(np.argmin(d))}." in tail


# ------------------------------------------------------------------ o: inspect


async def test_o_inspects_a_point_with_its_coordinates_and_every_distance(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        assert app.session.run.current.phase is Phase.UPDATE and app.session.run.cursor == 2
        assert reversed_cells(app) == []
        await pilot.press("o")
        await pilot.pause()
        i = ui.inspected(app)
        assert i is not None
        pts = app.session.selection.points
        assert i == int(np.argmin(((pts - np.median(pts, axis=0)) ** 2).sum(1))), "o starts at the middle point"
        assert reversed_cells(app) == [cell_of_point(app, i)], "the scatter cursor sits on that point"
        said = ui.text(app, "#narration")
        x, y = app.session.selection.X[i]
        assert said.startswith(f"Point {i} (x={fmt_num(float(x))}, y={fmt_num(float(y))}), "
                               f"in cluster {int(app.session.run.current.labels[i])}.")
        assert_names_distances(app, said, i)
        assert app.session.run.cursor == 2 and app.session.run.cursor == 2, "inspecting never moves the run"


async def test_arrows_move_the_inspect_cursor_and_escape_gives_them_back_to_stepping(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "o")
        await pilot.pause()
        pts = app.session.selection.points
        for key, axis, sign in (("right", 0, 1), ("left", 0, -1), ("up", 1, 1), ("down", 1, -1),
                                ("right", 0, 1), ("up", 1, 1)):
            old = ui.inspected(app)
            await pilot.press(key)
            await pilot.pause()
            new = ui.inspected(app)
            assert new is not None and new != old, key
            assert sign * (pts[new, axis] - pts[old, axis]) > 0, f"{key} moved from {pts[old]} to {pts[new]}"
            assert app.session.run.cursor == 2 and app.session.run.cursor == 2, f"{key} stepped the run while inspecting"
            assert reversed_cells(app) == [cell_of_point(app, new)]
            said = ui.text(app, "#narration")
            assert said.startswith(f"Point {new} ")
            assert_names_distances(app, said, new)
        await pilot.press("escape")
        await pilot.pause()
        assert ui.inspected(app) is None
        assert reversed_cells(app) == []
        assert ui.text(app, "#narration").startswith("Step 2 — update:")
        await pilot.press("left")
        await pilot.pause()
        assert app.session.run.cursor == 1 and app.session.run.current.phase is Phase.ASSIGN, "left steps back again"
        await pilot.press("right")
        await pilot.pause()
        assert app.session.run.cursor == 2


async def test_o_again_stops_inspecting(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "o")
        await pilot.pause()
        assert ui.inspected(app) is not None
        await pilot.press("o")
        await pilot.pause()
        assert ui.inspected(app) is None and reversed_cells(app) == []
        assert ui.text(app, "#narration").startswith("Step 1 — assign:")


async def test_clicked_point_that_the_next_assign_moves_is_announced_and_then_moves(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        step = app.session.run.current
        assert step.phase is Phase.UPDATE
        nearest = nearest_all(app)
        movers = set(np.flatnonzero(nearest != step.labels).tolist())
        stayers = set(range(len(nearest))) - movers
        assert movers, "at seed 3 the first update leaves points nearer another centroid"
        view = app.query_one(ScatterView)

        def clickable(pool: set[int]) -> tuple[int, tuple[int, int]]:
            # A click picks the point nearest the cell's centre, maybe not the one we aimed at.
            for m in sorted(pool):
                cell = cell_of_point(app, m)
                if view.renderer.point_at(*cell) in pool:
                    return int(view.renderer.point_at(*cell)), cell
            raise AssertionError("no clickable point in the pool")

        stay, cell = clickable(stayers)
        await pilot.click(ScatterView, offset=cell)
        await pilot.pause()
        assert ui.inspected(app) == stay
        said = ui.text(app, "#narration")
        assert said.startswith(f"Point {stay} ") and "moves it" not in said
        assert_names_distances(app, said, stay)

        p, cell = clickable(movers)
        await pilot.click(ScatterView, offset=cell)
        await pilot.pause()
        assert ui.inspected(app) == p and reversed_cells(app) == [cell]
        said = ui.text(app, "#narration")
        old, new = int(step.labels[p]), int(nearest[p])
        assert old != new
        assert f"in cluster {old}." in said
        assert_names_distances(app, said, p)
        assert f"the next assign moves it to cluster {new}." in said
        # the prediction comes true
        await pilot.press("space")
        await pilot.pause()
        after = app.session.run.current
        assert after.phase is Phase.ASSIGN and int(after.labels[p]) == new
        assert ui.inspected(app) == p, "stepping keeps the inspected point"
        said = ui.text(app, "#narration")
        assert said.startswith("Step 3 — assign:")
        assert f"Point {p} " in said and f"in cluster {new}." in said and "moves it" not in said


# ------------------------------------------------------------------ m: place by hand


def three_spots(app: Any) -> list[tuple[int, int]]:
    """Cells of three far-apart points, one of each known blob."""
    y = app.session.selection.dataset.y
    cells = [cell_of_point(app, int(np.flatnonzero(y == c)[0])) for c in range(3)]
    assert len(set(cells)) == 3
    return cells


async def test_m_places_the_centroids_where_clicked(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ScatterView)
        cells = three_spots(app)
        from kmtui.ui.modes.place import Crosshair

        cross = Crosshair.over(app.session.selection.points)
        # clicks snap to round values (the crosshair's steps)
        spots = np.array([cross.snapped(*view.renderer.data_at(*c)) for c in cells])
        await pilot.press("m")
        await pilot.pause()
        assert ui.placing(app) == []
        assert "click 3 spots" in ui.text(app, "#narration")
        for n, cell in enumerate(cells):
            await pilot.click(ScatterView, offset=cell)
            await pilot.pause()
            if n < 2:
                assert ui.placing(app) is not None and len(ui.placing(app)) == n + 1
                said = ui.text(app, "#narration")
                assert said.startswith(f"Centroid {n} placed at ({fmt_num(spots[n, 0])}, {fmt_num(spots[n, 1])}). ")
                assert said.endswith(" to go.") and f" {2 - n} " in said
                assert app.session.run.config.init == "uniform", "the run starts only once all K are placed"
        assert ui.placing(app) is None and ui.inspected(app) is None, "clicks while placing do not inspect"
        run = app.session.run
        assert run.config.init == "manual" and run.config.n_clusters == 3
        assert run.cursor == 0 and run.current.phase is Phase.INIT
        np.testing.assert_array_equal(run.current.centroids, spots)
        assert "init manual" in ui.text(app, "#header")
        assert ui.text(app, "#narration").startswith("Your centroids are placed (init: manual).")
        # the centroids are drawn in the cells of the snapped spots
        for x, y in spots:
            col, row = view.renderer.cell_of(x, y)
            assert view.row_text(row)[col] == "✖"
        # and the run goes on from them
        await pilot.press("space")
        await pilot.pause()
        X = app.session.selection.X
        want = ((X[:, None, :] - spots[None]) ** 2).sum(2).argmin(1)
        np.testing.assert_array_equal(app.session.run.current.labels, want)


async def test_m_counts_the_spots_left_in_plain_english(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cells = three_spots(app)
        await pilot.press("m")
        await pilot.click(ScatterView, offset=cells[0])
        await pilot.pause()
        assert ui.text(app, "#narration").endswith(" 2 more to go.")


async def test_m_again_cancels_placing_and_clicks_inspect_again(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        before = app.session.run
        cells = three_spots(app)
        await pilot.press("m")
        await pilot.click(ScatterView, offset=cells[0])
        await pilot.pause()
        assert ui.placing(app) is not None and len(ui.placing(app)) == 1
        await pilot.press("m")
        await pilot.pause()
        assert ui.placing(app) is None
        assert ui.text(app, "#narration") == "Placing by hand cancelled."
        assert app.session.run is before and app.session.run.cursor == 1 and app.session.run.config.init == "uniform"
        # a click is an inspect again, not a placement
        await pilot.click(ScatterView, offset=cells[1])
        await pilot.pause()
        assert ui.placing(app) is None
        assert ui.inspected(app) == app.query_one(ScatterView).renderer.point_at(*cells[1])
        assert app.session.run is before


# ------------------------------------------------------------------ g: quiz


async def test_g_quiz_scores_right_and_wrong_answers(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        step = app.session.run.current
        assert step.phase is Phase.UPDATE
        nearest = nearest_all(app)
        movers = np.flatnonzero(nearest != step.labels)

        await pilot.press("g")
        await pilot.pause()
        q = ui.quiz(app)
        assert q is not None
        assert q in movers, "the quiz asks about a point that will change cluster"
        assert reversed_cells(app) == [cell_of_point(app, q)]
        said = ui.text(app, "#narration")
        assert said.startswith(f"Quiz: the point in reverse video is in cluster {int(step.labels[q])} now.")
        right = int(np.argmin(distances(app, q)))
        await pilot.press(str(right))
        await pilot.pause()
        said = ui.text(app, "#narration")
        assert said.startswith("Right!") and "Score 1/1." in said
        for c, dist in enumerate(distances(app, q)):
            assert f"{c}: {fmt_num(float(dist))}" in said
        assert ui.quiz_score(app) == [1, 1] and ui.quiz(app) is None and reversed_cells(app) == []

        await pilot.press("g")
        await pilot.pause()
        q2 = ui.quiz(app)
        assert q2 is not None and q2 in movers
        right2 = int(np.argmin(distances(app, q2)))
        await pilot.press("7")  # no centroid 7 at K=3: asked again, not scored
        await pilot.pause()
        assert ui.text(app, "#narration") == "Press a centroid number from 0 to 2."
        assert ui.quiz(app) == q2 and ui.quiz_score(app) == [1, 1]
        await pilot.press(str((right2 + 1) % 3))
        await pilot.pause()
        said = ui.text(app, "#narration")
        assert said.startswith(f"Not quite: it joins centroid {right2}.") and "Score 1/2." in said
        assert ui.quiz_score(app) == [1, 2] and ui.quiz(app) is None
        assert app.session.run.cursor == 2, "the quiz never steps the run"

        # the answer the app called right is what the assign does
        await pilot.press("space")
        await pilot.pause()
        labels = app.session.run.current.labels
        assert int(labels[q]) == right and int(labels[q2]) == right2


async def test_a_new_run_closes_the_open_quiz(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "g")
        await pilot.pause()
        assert ui.quiz(app) is not None
        await pilot.press("minus")  # K=2: a new run, the question no longer applies
        await pilot.pause()
        assert app.session.run.config.n_clusters == 2
        assert ui.quiz(app) is None and reversed_cells(app) == []
        await pilot.press("0", "1")
        await pilot.pause()
        assert ui.quiz_score(app) == [0, 0]


async def test_g_before_an_update_says_the_quiz_is_about_the_next_assign(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert app.session.run.next_phase() is Phase.UPDATE
        await pilot.press("g")
        await pilot.pause()
        assert ui.quiz(app) is None and reversed_cells(app) == []
        said = ui.text(app, "#narration")
        assert "The quiz asks about the next assign" in said and "press u" in said
        assert app.session.run.cursor == 1


async def test_digits_without_a_quiz_change_nothing(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        said = ui.text(app, "#narration")
        centroids = app.session.run.current.centroids.copy()
        for key in "0129":
            await pilot.press(key)
            await pilot.pause()
            assert ui.text(app, "#narration") == said, key
            assert ui.quiz_score(app) == [0, 0] and ui.quiz(app) is None
            assert app.session.run.cursor == 2 and len(app.session.run.steps) == 3
            np.testing.assert_array_equal(app.session.run.current.centroids, centroids)


# ------------------------------------------------------------------ c: code panel, x: crosstab


async def test_c_shows_the_numpy_of_the_current_step_and_the_sklearn_equivalent(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=TALL) as pilot:
        panel = app.query_one(DetailPanel)
        await pilot.press("space", "c")
        await pilot.pause()
        assert panel.display and panel.mode == "code"
        shown = region_text(ui, app, panel)
        assert "this step in numpy (assign)" in shown
        assert "np.argmin" in shown and ".mean(" not in shown
        assert "the whole run in scikit-learn" in shown and "KMeans(n_clusters=3," in shown
        assert "random_state=3" in shown
        # the panel follows the run
        await pilot.press("space")
        await pilot.pause()
        shown = region_text(ui, app, panel)
        assert "this step in numpy (update)" in shown
        assert ".mean(" in shown and "np.argmin" not in shown
        assert "KMeans(n_clusters=3," in shown
        await pilot.press("c")
        await pilot.pause()
        assert not panel.display and panel.mode == ""
        assert "this step in numpy" not in ui.screen_text(app)


def parse_crosstab(shown: str) -> tuple[list[str], list[int], np.ndarray, np.ndarray]:
    """Column names (with "total"), cluster numbers, counts and totals of the crosstab on screen."""
    header = next(line for line in shown.splitlines() if line.strip().startswith("cluster"))
    names = [h.strip() for h in header.split("┃")[1:]]
    clusters, rows, totals = [], [], []
    for line in shown.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) == len(names) + 1 and re.fullmatch(r"\S \d+", cells[0]):
            clusters.append(int(cells[0].split()[1]))
            rows.append([int(c) for c in cells[1:-1]])
            totals.append(int(cells[-1]))
    return names, clusters, np.array(rows), np.array(totals)


async def test_x_on_iris_counts_clusters_against_species(ui: Any) -> None:
    ds = load_dataset("iris")
    app = ui.app("iris")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("end", "x")
        await pilot.pause()
        assert app.session.run.at_end
        panel = app.query_one(DetailPanel)
        assert panel.display and panel.mode == "crosstab"
        labels = app.session.run.current.labels
        table, rows, cols = crosstab(labels, ds.y)
        names, clusters, counts, totals = parse_crosstab(region_text(ui, app, panel))
        assert names == [ds.target_names[int(c)] for c in cols] + ["total"]
        assert clusters == rows.tolist()
        np.testing.assert_array_equal(counts, table)
        np.testing.assert_array_equal(totals, np.bincount(labels, minlength=3)[rows])
        shown = " ".join(region_text(ui, app, panel).split())
        assert f"purity {purity(labels, ds.y):.2f} " in shown
        assert f"adjusted Rand index {adjusted_rand_score(labels, ds.y):.2f} " in shown


async def test_x_before_any_assign_says_there_are_no_labels_yet(ui: Any) -> None:
    ds = load_dataset("blobs")
    app = ui.app()
    async with app.run_test(size=TALL) as pilot:
        panel = app.query_one(DetailPanel)
        await pilot.press("x")
        await pilot.pause()
        assert panel.display
        shown = " ".join(region_text(ui, app, panel).split())
        assert "No cluster labels yet" in shown and "┃" not in shown
        await pilot.press("space")  # the first assign fills the table in
        await pilot.pause()
        table, _, _ = crosstab(app.session.run.current.labels, ds.y)
        _, _, counts, _ = parse_crosstab(region_text(ui, app, panel))
        np.testing.assert_array_equal(counts, table)
        await pilot.press("x")
        await pilot.pause()
        assert not panel.display


# ------------------------------------------------------------------ the local-minimum note


def blobs_elbow_best(app: Any, k: int = 3) -> float:
    curve = app.session.elbow
    assert curve is not None
    return float(curve.inertia[curve.ks.index(k)])


async def test_end_of_a_poor_run_names_the_local_minimum(ui: Any) -> None:
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.until(pilot, lambda: app.session.elbow is not None)
        best = blobs_elbow_best(app)
        await pilot.press("end")
        await pilot.pause()
        final = app.session.run.current
        assert final.stop is not None and final.inertia > 1.05 * best, "seed 3 is a poor run on blobs"
        said = ui.text(app, "#narration")
        assert "local minimum" in said
        assert f"the best of 10 runs reached {fmt_num(best)}" in said
        assert "neither step can lower it" in said


async def test_end_of_a_good_run_says_it_is_as_good_as_the_best(ui: Any) -> None:
    X = select(load_dataset("blobs")).X
    probe = ui.app(auto_elbow=True)
    async with probe.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.until(pilot, lambda: probe.session.elbow is not None)
        best = blobs_elbow_best(probe)
    good = next(s for s in range(21) if KMeans(3, random_state=s).fit(X).inertia_ <= 1.05 * best)
    app = ui.app(auto_elbow=True, seed=good)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.until(pilot, lambda: app.session.elbow is not None)
        await pilot.press("end")
        await pilot.pause()
        assert app.session.run.current.inertia == pytest.approx(KMeans(3, random_state=good).fit(X).inertia_)
        said = ui.text(app, "#narration")
        assert "as good as the best" in said and "local minimum" not in said
        assert f"({fmt_num(blobs_elbow_best(app))})" in said


# ------------------------------------------------------------------ --ascii


def ascii_app_from_the_cli(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app `kmtui --ascii --seed 3 --no-animation` would run."""
    import kmtui.ui.app as app_module

    got: list[Any] = []
    monkeypatch.setattr(app_module, "run_app", lambda options: got.append(options) or 0)
    assert cli.main(["--ascii", "--seed", str(SEED), "--no-animation"]) == 0
    (options,) = got
    assert options.ascii and options.selection.dataset.name == "blobs"
    return app_module.make_app(options)


def non_ascii(ui: Any, app: Any) -> list[str]:
    return sorted({ch for ch in ui.screen_text(app) if ord(ch) > 127})


async def test_ascii_app_shows_only_ascii_while_teaching(ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ascii_app_from_the_cli(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        assert app.session.elbow is not None
        await pilot.press("space", "space", "c")
        await pilot.pause()
        assert app.query_one(DetailPanel).display
        screen = ui.screen_text(app)
        assert "this step in numpy (update)" in screen and "Step 2" in screen
        assert non_ascii(ui, app) == []
        for keys, seen in ((("o",), "Point "), (("right",), "Point "), (("escape", "g"), "Quiz:"),
                           (("0",), "Score"), (("end",), "local minimum")):
            await pilot.press(*keys)
            await pilot.pause()
            assert seen in ui.text(app, "#narration"), keys
            assert non_ascii(ui, app) == [], keys


async def test_ascii_app_crosstab_is_ascii(ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ascii_app_from_the_cli(monkeypatch)
    async with app.run_test(size=TALL) as pilot:
        await ui.settle(pilot)
        await pilot.press("end", "x")
        await pilot.pause()
        assert "purity" in ui.screen_text(app)
        assert non_ascii(ui, app) == []
