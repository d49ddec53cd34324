"""The teacher's keys in the app: m with the keyboard, M and the branches, w and W that write files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui.data import read_csv
from kmtui.data.selection import select
from kmtui.lessons import load_lesson
from kmtui.ui.modes import Move, Place
from kmtui.ui.modes.place import Crosshair, snap, snap_step

WORKED = Path(__file__).resolve().parents[2] / "demos" / "worked-example.csv"
SIZE = (120, 40)


def worked(ui: Any, **kw: Any) -> Any:
    return ui.app(selection=select(read_csv(WORKED)), k=2, **kw)


def test_snapping_is_to_round_values() -> None:
    assert snap_step(0, 8) == 0.5 and snap_step(0, 4) == 0.1 and snap_step(0, 100) == 5.0
    assert snap(1.1, 0.5) == 1.0 and snap(6.147, 0.5) == 6.0 and snap(0.1 * 3, 0.1) == 0.3
    cross = Crosshair.over(np.array([[0.0, 0.0], [8.0, 8.0]]))
    assert (cross.x, cross.y, cross.dx) == (4.0, 4.0, 0.5)
    assert cross.snapped(1.1, 6.147) == (1.0, 6.0)


async def test_m_places_centroids_with_the_arrows_and_enter(ui: Any) -> None:
    app = worked(ui)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        mode = app.main.mode
        assert isinstance(mode, Place) and mode.cross is not None
        assert "Crosshair at (4, 4)" in ui.text(app, "#narration")
        # (4, 4) → (1, 6): six steps left, four up
        await pilot.press(*["left"] * 6, *["up"] * 4)
        await pilot.pause()
        assert "Crosshair at (1, 6)" in ui.text(app, "#narration")
        await pilot.press("enter")
        await pilot.pause()
        assert mode.placed == [(1.0, 6.0)]
        await pilot.press(*["right"] * 8, *["down"] * 6, "enter")  # (1, 6) → (5, 3)
        await pilot.pause()
        run = app.session.run
        assert run.config.init == "manual"
        np.testing.assert_array_equal(run.current.centroids, [[1, 6], [5, 3]])


async def test_the_crosshair_is_drawn_on_the_plot(ui: Any) -> None:
    app = worked(ui)
    async with app.run_test(size=SIZE) as pilot:
        view = app.main.scatter
        await pilot.press("m")
        await pilot.pause()
        assert view.renderer.overlays.cursor_cell == view.renderer.cell_of(4.0, 4.0)
        await pilot.press("right")
        await pilot.pause()
        assert view.renderer.overlays.cursor_cell == view.renderer.cell_of(4.5, 4.0)
        await pilot.press("escape")
        await pilot.pause()
        assert view.renderer.overlays.cursor_cell is None


async def test_capital_m_moves_one_centroid_and_the_run_branches(ui: Any) -> None:
    app = worked(ui, centroids=np.array([[1.0, 6.0], [5.0, 3.0]]))
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        await pilot.press("space", "space")  # assign, update: (2, 5) and (3.5, 2.5)
        await pilot.pause()
        parent = s.run
        assert parent.cursor == 2
        await pilot.press("M", "1")
        await pilot.pause()
        assert isinstance(app.main.mode, Move) and "Moving centroid 1" in ui.text(app, "#narration")
        await pilot.press("down", "down", "enter")  # (3.5, 2.5) → (3.5, 1.5)
        await pilot.pause()
        assert s.run is not parent and s.config.init == "manual" and s.run.cursor == 0
        np.testing.assert_array_equal(s.run.current.centroids, [[2, 5], [3.5, 1.5]])
        assert "b here goes back to its step 2" in ui.text(app, "#narration")
        await pilot.press("space")
        await pilot.pause()
        assert s.run.cursor == 1
        await pilot.press("b", "b")  # back to the branch's start, then back to the run it left
        await pilot.pause()
        assert s.run is parent and parent.cursor == 2
        assert "Back to the run before the move, at step 2" in ui.text(app, "#narration")


async def test_w_writes_the_run_and_the_labels_never_over_a_file(ui: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kmtui-run.json").write_text("mine")
    app = worked(ui, centroids=np.array([[1.0, 6.0], [5.0, 3.0]]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert (tmp_path / "kmtui-run.json").read_text() == "mine"
        doc = json.loads((tmp_path / "kmtui-run-1.json").read_text())
        assert doc["init"] == "given" and doc["steps"][0]["centroids"] == [[1.0, 6.0], [5.0, 3.0]]
        rows = list(csv.reader((tmp_path / "kmtui-labels.csv").open()))
        assert rows[0] == ["x", "y", "cluster"] and [int(r[2]) for r in rows[1:]] == doc["labels"]
        assert "kmtui-run-1.json" in ui.text(app, "#narration")
        await pilot.press("w")
        await pilot.pause()
        assert (tmp_path / "kmtui-run-2.json").exists() and (tmp_path / "kmtui-labels-1.csv").exists()


async def test_capital_w_writes_the_session_as_a_lesson_that_plays_it_again(
        ui: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "plus", "v", "end", "W")
        await pilot.pause()
        s = app.session
        want = (s.k, s.run.cursor, s.view.regions, s.run.current.centroids.copy())
        path = tmp_path / "kmtui-lesson.toml"
        assert path.exists() and str(path) in ui.text(app, "#narration")
        await pilot.press("W")
        await pilot.pause()
        assert (tmp_path / "kmtui-lesson-1.toml").exists()
    lesson = load_lesson(path)
    assert [st.keys for st in lesson.steps] == [("space",), ("space",), ("plus",), ("v",), ("end",)]
    assert lesson.dataset == "blobs" and lesson.k == 3 and lesson.seed == 3
    from kmtui.cli.inputs import load_lesson as prepared

    lesson, sel, start = prepared(str(path))
    again = ui.app(selection=sel, k=lesson.k, seed=lesson.seed, lesson=lesson)
    async with again.run_test(size=SIZE) as pilot:
        for _ in lesson.steps:
            await pilot.press("space")
            await pilot.pause()
        s = again.session
        assert (s.k, s.run.cursor, s.view.regions) == want[:3]
        np.testing.assert_array_equal(s.run.current.centroids, want[3])


async def test_the_app_starts_from_given_centroids(ui: Any) -> None:
    app = worked(ui, centroids=np.array([[1.0, 6.0], [5.0, 3.0]]), init="k-means++")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.config.init == "given" and "init given" in ui.text(app, "#header")
        np.testing.assert_array_equal(app.session.run.current.centroids, [[1, 6], [5, 3]])
