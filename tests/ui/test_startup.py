"""Start-up for a class (issue 9, item 8): the first frame does only its own work.

- the first frame imports nothing it does not show (plotext, scikit-learn, the
  lesson reader, the help screen's Markdown, numpy.ma), checked in a fresh
  interpreter, and ``kmtui --help`` imports no numpy at all;
- the first frame drawn is whole (the plot, the step, the footer's keys), and the
  automatic elbow's sweep starts only after it, then still finishes;
- the footer is rebuilt only when the keys it shows change;
- on Linux the sweep's thread runs nicer than the app (the class's first frames first).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

NOT_FOR_THE_FIRST_FRAME = (
    "plotext", "sklearn", "scipy", "pandas", "kneed", "numpy.ma", "tomllib", "kmtui.lessons.lesson",
    "kmtui.lessons.scene", "kmtui.ui.screens.help", "textual.widgets._markdown", "kmtui.serve",
)

FIRST_FRAME = r"""
import asyncio, json, sys
from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.ui.app import AppOptions, make_app

async def main():
    app = make_app(AppOptions(selection=select(load_dataset("blobs")), seed=3))  # auto elbow on, as a student starts
    seen = {}
    app.after_first_paint(lambda: seen.update(modules=sorted(sys.modules)))
    async with app.run_test(size=(80, 24)) as pilot:
        while "modules" not in seen:
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        later = sorted(sys.modules)
    print(json.dumps([seen["modules"], later]))

asyncio.run(main())
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def test_the_first_frame_imports_nothing_it_does_not_show_and_the_first_steps_find_it_ready() -> None:
    done = _python(FIRST_FRAME)
    assert done.returncode == 0, done.stderr
    first, later = json.loads(done.stdout.strip().splitlines()[-1])
    modules = set(first)
    # after the first frame, in the background: what the first step's narration and chart would import
    assert {"numpy.ma", "plotext"} <= set(later)
    assert {"textual.app", "numpy", "kmtui.ui.screens.main", "kmtui.ui.widgets.footer"} <= modules
    loaded = [m for m in NOT_FOR_THE_FIRST_FRAME if m in modules or any(n.startswith(m + ".") for n in modules)]
    assert loaded == []


def test_help_imports_no_numpy_and_lists_the_engines_choices() -> None:
    code = ("import sys, runpy\nsys.argv = ['kmtui', '--help']\n"
            "try:\n    runpy.run_module('kmtui', run_name='__main__')\n"
            "except SystemExit as e:\n    print('status', e.code)\n"
            "print('numpy' in sys.modules, 'textual' in sys.modules)\n")
    done = _python(code)
    out = done.stdout.splitlines()
    assert out[-2:] == ["status 0", "False False"], done.stdout + done.stderr
    assert "{uniform,random,k-means++,farthest}" in done.stdout
    assert "{relocate,keep}" in done.stdout


def test_the_clis_choices_are_the_engines() -> None:
    from kmtui.cli import options
    from kmtui.engine import validation

    assert options.INIT_METHODS == validation.INIT_METHODS
    assert options.EMPTY_POLICIES == validation.EMPTY_POLICIES


async def test_the_first_frame_is_whole_and_the_elbow_starts_after_it(ui: Any, monkeypatch: Any) -> None:
    import kmtui.ui.widgets.elbow as elbow_module

    app = ui.app(auto_elbow=True)
    first: dict[str, Any] = {}
    painted_when_swept: list[bool] = []
    real = elbow_module.elbow

    def sweep(X: Any, **kwargs: Any) -> Any:
        painted_when_swept.append("screen" in first)
        return real(X, **kwargs)

    monkeypatch.setattr(elbow_module, "elbow", sweep)
    app.after_first_paint(lambda: first.update(screen=ui.screen_text(app)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.until(pilot, lambda: "screen" in first)
        await ui.until(pilot, lambda: "knee at K=" in ui.text(app, "#elbow-title"))
        screen = first["screen"]
        assert "Step 0 · init" in screen and "Step 0 — init" in screen
        assert "space Step" in screen and "q Quit" in screen  # the footer's keys are in that first frame
        assert "└" in screen and "┤" in screen  # the plot's axes
        assert painted_when_swept == [True]  # one sweep, started after the first frame


async def test_after_first_paint_runs_soon_when_the_frame_is_already_drawn(ui: Any) -> None:
    app = ui.app()
    calls: list[str] = []
    app.after_first_paint(lambda: calls.append("early"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.until(pilot, lambda: calls == ["early"])
        app.after_first_paint(lambda: calls.append("late"))
        await ui.until(pilot, lambda: calls == ["early", "late"])


async def test_the_footer_is_rebuilt_only_when_its_keys_change(ui: Any, monkeypatch: Any) -> None:
    from textual.widgets._footer import FooterKey

    from kmtui.ui.widgets.footer import KeyFooter

    rebuilt: list[int] = []
    real = KeyFooter.recompose

    async def counting(self: KeyFooter) -> None:
        rebuilt.append(1)
        await real(self)

    monkeypatch.setattr(KeyFooter, "recompose", counting)
    app = ui.app()

    def back_disabled() -> bool:
        return next(k for k in app.query(FooterKey) if k.action == "step_back").has_class("-disabled")

    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        at_start = len(rebuilt)
        assert 1 <= at_start <= 2 and back_disabled()
        await pilot.press("space")  # step 1: b (back) becomes possible: undimmed in place, not rebuilt
        await ui.settle(pilot)
        assert not back_disabled()
        assert len(rebuilt) == at_start
        for _ in range(3):  # steps 2-4: the same keys, the same states
            await pilot.press("space")
            await ui.settle(pilot)
        assert len(rebuilt) == at_start
        assert ui.text(app, "#narration").startswith("Step 4")


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's")
async def test_the_sweep_runs_nicer_than_the_app(ui: Any, monkeypatch: Any) -> None:
    import threading

    import kmtui.ui.widgets.elbow as elbow_module

    seen: list[tuple[int, int]] = []
    real = elbow_module.elbow

    def sweep(X: Any, **kwargs: Any) -> Any:
        seen.append((os.getpriority(os.PRIO_PROCESS, threading.get_native_id()),
                     os.getpriority(os.PRIO_PROCESS, os.getpid())))
        return real(X, **kwargs)

    monkeypatch.setattr(elbow_module, "elbow", sweep)
    main_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.until(pilot, lambda: "knee at K=" in ui.text(app, "#elbow-title"))
        await pilot.press("e")  # asked for: a second sweep, on a thread that is already nice
        await ui.until(pilot, lambda: len(seen) == 2 and "knee at K=" in ui.text(app, "#elbow-title"))
    nice = min(19, main_nice + elbow_module.BACKGROUND_NICE)
    assert seen == [(nice, main_nice), (nice, main_nice)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_nice  # the app's own thread
