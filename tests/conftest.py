"""Shared fixtures: one way to build the app for Pilot and snapshot tests.

The app is always built through :func:`kmtui.ui.app.make_app` (what the CLI
uses), at a fixed seed, and the helpers below remove the remaining
nondeterminism: they wait for workers and for the message queue to drain.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kmtui.data import load_dataset
from kmtui.data.selection import select

SEED = 3


class UI:
    """Small helpers for driving and reading the app (a fixture, so tests need no imports)."""

    @staticmethod
    def options(dataset: str = "blobs", **overrides: Any) -> Any:
        from kmtui.ui.app import AppOptions

        kw: dict[str, Any] = dict(selection=select(load_dataset(dataset)), k=3, seed=SEED,
                                  animate=False, auto_elbow=False)
        kw.update(overrides)
        return AppOptions(**kw)

    @classmethod
    def app(cls, dataset: str = "blobs", **overrides: Any) -> Any:
        from kmtui.ui.app import make_app

        return make_app(cls.options(dataset, **overrides))

    @staticmethod
    async def settle(pilot: Any) -> None:
        """Wait for what waited for the first frame to start, for every worker, then for their messages."""
        app = pilot.app
        if hasattr(app, "_painted"):  # kmtui's app: the automatic elbow starts after the first frame
            await UI.until(pilot, lambda: app._painted)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    @staticmethod
    async def until(pilot: Any, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {predicate}")
            await pilot.pause(0.02)
            await asyncio.sleep(0)

    @staticmethod
    def text(app: Any, selector: str) -> str:
        """The plain text a Static shows (markup removed)."""
        return str(app.main.query_one(selector).render())

    @staticmethod
    def inspected(app: Any) -> int | None:
        """The point under the inspect cursor, or None."""
        from kmtui.ui.modes import Inspect

        mode = app.main.mode
        return mode.index if isinstance(mode, Inspect) else None

    @staticmethod
    def quiz(app: Any) -> int | None:
        """The point the open quiz asks about, or None."""
        from kmtui.ui.modes import Quiz

        mode = app.main.mode
        return mode.point if isinstance(mode, Quiz) else None

    @staticmethod
    def quiz_score(app: Any) -> list[int]:
        score = app.main.quiz_score
        return [score.right, score.asked]

    @staticmethod
    def placing(app: Any) -> list[tuple[float, float]] | None:
        """The centroids placed so far while placing by hand, or None."""
        from kmtui.ui.modes import Place

        mode = app.main.mode
        return mode.placed if isinstance(mode, Place) else None

    @staticmethod
    def screen_text(app: Any) -> str:
        """Every character on the terminal, one line per row (what a person sees)."""
        strips = app.screen._compositor.render_strips()
        return "\n".join(strip.text for strip in strips)

    @staticmethod
    def scatter_text(app: Any) -> str:
        from kmtui.ui.widgets.scatter import ScatterView

        view = app.query_one(ScatterView)
        return "\n".join(view.row_text(y) for y in range(view.size.height))


SLOW_FOLDERS = ("pty", "serve", "browser", "robustness")
"""Test folders that start real processes, terminals and browsers: marked ``slow``.

``python -m pytest`` (and CI) runs everything; ``python -m pytest -m "not slow"``
is the quick loop while working (see the README for what each costs).
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests = config.rootpath / "tests"
    for item in items:
        parts = item.path.relative_to(tests).parts if item.path.is_relative_to(tests) else ()
        if parts and parts[0] in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def ui() -> type[UI]:
    return UI


@pytest.fixture(autouse=True)
def quick_play(monkeypatch: pytest.MonkeyPatch) -> None:
    """Play mode waits between steps so a person can follow; tests need not wait."""
    from kmtui.ui.screens.base import RunScreen

    monkeypatch.setattr(RunScreen, "PLAY_PAUSE", 0.01)


class GatedElbow:
    """Stands in for the app's ``elbow``: holds every sweep until :meth:`release`.

    The real sweep on 300 points can finish between two key presses, so a
    test about "while the elbow runs" would race it. The gate makes "running"
    last exactly as long as the test wants; it honours cancellation like the
    real one, then computes the real curve.
    """

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.gate = threading.Event()
        self.started = 0
        self.cancelled = 0

    def release(self) -> None:
        self.gate.set()

    def __call__(self, X: Any, **kwargs: Any) -> Any:
        from kmtui.engine.elbow import Cancelled

        self.started += 1
        cancelled = kwargs.get("cancelled")
        while not self.gate.wait(0.005):
            if cancelled is not None and cancelled():
                self.cancelled += 1
                raise Cancelled()
        return self.real(X, **kwargs)


@pytest.fixture
def gated_elbow(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedElbow]:
    import kmtui.ui.widgets.elbow as elbow_module

    gated = GatedElbow(elbow_module.elbow)
    monkeypatch.setattr(elbow_module, "elbow", gated)
    yield gated
    gated.release()  # never leave a worker thread waiting
