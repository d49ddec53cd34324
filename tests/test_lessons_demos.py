"""Every lesson in demos/ plays end to end; going back to its start and forward again shows the same screens."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui.cli.inputs import load_lesson
from kmtui.ui.app import AppOptions, make_app
from kmtui.ui.modes import Quiz

DEMOS = Path(__file__).resolve().parent.parent / "demos"
LESSONS = sorted(DEMOS.glob("*.toml"))


def test_at_least_six_lessons_ship() -> None:
    assert len(LESSONS) >= 7  # the six of the teacher's toolkit and the first lesson


def _app(path: Path) -> Any:
    lesson, selection, start = load_lesson(str(path))
    return make_app(AppOptions(selection=selection, k=lesson.k, init=lesson.init, seed=lesson.seed,
                               tol=lesson.tol, empty=lesson.empty, centroids=start, animate=False,
                               auto_elbow=False, lesson=lesson))


async def _settle(pilot: Any) -> None:
    """Until the elbow (if one was asked for) is computed and shown."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        if not pilot.app.main.elbow.running:
            return
    raise AssertionError("the elbow never finished")


async def _forward(app: Any, pilot: Any, ui: Any) -> list[str]:
    """Play every lesson step; the screen after each (a quiz step's answer revealed by one more space)."""
    player = app.main.lesson
    screens = []
    for n in range(player.total):
        await pilot.press("space")
        await _settle(pilot)
        assert player.position == n + 1
        screens.append(ui.screen_text(app))
        if player.quiz:
            assert isinstance(app.main.mode, Quiz), "a quiz step asks"
            await pilot.press("space")
            await _settle(pilot)
            assert player.position == n + 1 and "The answer: point #" in ui.text(app, "#narration")
    return screens


@pytest.mark.parametrize(
    "path",
    # the quick loop plays the first lesson (the one the README starts with); the full run plays them all
    [pytest.param(p, marks=() if p.stem == "first-lesson" else pytest.mark.slow) for p in LESSONS],
    ids=[p.stem for p in LESSONS],
)
async def test_a_demo_lesson_plays_back_and_forward(path: Path, ui: Any) -> None:
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        player = app.main.lesson
        first = ui.screen_text(app)
        screens = _forward(app, pilot, ui)
        screens = await screens
        assert player.finished and "Lesson" in ui.text(app, "#lesson")
        for _ in range(10 * player.total):
            if player.position == 0:
                break
            await pilot.press("b")
            await _settle(pilot)
        assert player.position == 0
        now = ui.screen_text(app)
        assert now == first, "back at the start shows the start again:\n" + "\n".join(
            difflib.unified_diff(first.splitlines(), now.splitlines(), lineterm=""))
        again = await _forward(app, pilot, ui)
        for n, (a, b) in enumerate(zip(screens, again, strict=True), start=1):
            assert a == b, f"lesson step {n} shows another screen the second time"


async def test_the_worked_example_ends_where_the_source_material_says(ui: Any) -> None:
    app = _app(DEMOS / "06-worked-example.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        run = app.session.run
        assert run.config.init == "given"
        np.testing.assert_array_equal(run.current.centroids, [[1, 6], [5, 3]])
        for _ in range(6):
            await pilot.press("space")
            await _settle(pilot)
        run = app.session.run
        assert run.at_end and run.current.stop is not None
        updates = [s.centroids for s in run.steps if s.phase.value == "update"]
        # the source material's path: green (1, 6) → (2, 5) → (3.5, 5.5) → (4.5, 6.5),
        # red (5, 3) → (3.5, 2.5) → (3, 1.5) → (2, 1.5)
        want = np.array([[[2, 5], [3.5, 2.5]], [[3.5, 5.5], [3, 1.5]], [[4.5, 6.5], [2, 1.5]]])
        assert len(updates) == 3
        np.testing.assert_allclose(updates[0], want[0])
        assert np.abs(np.array(updates) - want).max() < 0.35
        np.testing.assert_allclose(run.current.centroids, want[2], atol=0.1)
