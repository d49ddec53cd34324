"""A key press does no more drawing than its change needs (the keypress budget, BENCHMARKS.md).

Each step's per-cluster facts are worked out once (in the session), a text is not
shown again when it did not change, and a layout pass (the whole screen's, the
costliest part of a step) is asked for only when a text's height changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine.steps import inertia_per_cluster
from kmtui.session import Session
from kmtui.ui.widgets.side import show_text

# ------------------------------------------------------------------ the session's per-step facts


def test_facts_are_the_steps_sizes_and_inertia_shares() -> None:
    s = Session(select(load_dataset("blobs")), k=3, seed=3)
    assert s.facts().sizes is None and s.facts().shares is None  # step 0: no labels yet
    s.run.next()
    step = s.run.current
    assert step.labels is not None
    facts = s.facts()
    assert facts.sizes == tuple(int(n) for n in np.bincount(step.labels, minlength=3))
    per = inertia_per_cluster(s.run.X, step.centroids, step.labels)
    assert facts.shares is not None
    assert facts.shares == pytest.approx(tuple(100 * per / per.sum()))
    assert sum(facts.shares) == pytest.approx(100.0)


def test_facts_are_computed_once_per_step_and_never_read_across_runs() -> None:
    s = Session(select(load_dataset("blobs")), k=3, seed=3)
    s.run.next()
    first = s.facts()
    assert s.facts() is first  # the side panel and the legend read the same object
    s.run.next()
    s.run.back()
    assert s.facts() is first  # stepping back reads it again, not a new computation
    s.set_k(4)
    s.run.next()
    four = s.facts()
    assert four is not first and four.sizes is not None and len(four.sizes) == 4
    assert sum(four.sizes) == s.n_samples


# ------------------------------------------------------------------ show_text


class _Panel(App[None]):
    CSS = "#line { width: 20; height: auto; } #fixed { width: 20; height: 2; }"

    def compose(self) -> ComposeResult:
        yield Static(id="line")
        yield Static(id="fixed")


async def test_show_text_lays_out_only_when_the_height_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[int] = []
    real = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(1)
        real(self, *args, **kwargs)

    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        assert show_text(line, Text("short")) is True
        await pilot.pause()
        assert line.size.height == 1
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        assert show_text(line, Text("other")) is True  # same height: no layout pass
        await pilot.pause()
        assert passes == [] and str(line.render()) == "other"
        assert show_text(line, Text("other")) is False  # the same text: nothing at all
        long = "a sentence long enough to wrap over three rows"
        assert show_text(line, Text(long)) is True
        await pilot.pause()
        assert passes and line.size.height == 3  # it grew: laid out
        passes.clear()
        assert show_text(line, Text("one row")) is True
        await pilot.pause()
        assert passes and line.size.height == 1  # and shrank again


async def test_show_text_in_a_hidden_widget_is_laid_out_when_shown() -> None:
    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        show_text(line, Text("short"))
        await pilot.pause()
        line.display = False
        await pilot.pause()
        show_text(line, Text("a sentence long enough to wrap over three rows"))
        await pilot.pause()
        line.display = True
        await pilot.pause()
        assert line.size.height == 3
        show_text(line, Text("short again"))
        await pilot.pause()
        assert line.size.height == 1


async def test_show_text_fixed_height_never_lays_out(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[int] = []
    real = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(1)
        real(self, *args, **kwargs)

    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        fixed = app.query_one("#fixed", Static)
        show_text(fixed, Text("x"), fixed=True)
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        show_text(fixed, Text("a sentence long enough to wrap over three rows"), fixed=True)
        await pilot.pause()
        assert passes == [] and fixed.size.height == 2
        assert "a sentence" in str(fixed.render())


# ------------------------------------------------------------------ the app: a step in the middle of a run


async def test_a_step_in_the_middle_of_a_run_asks_for_almost_no_layout(ui: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: two layout passes per step (the cluster line, the ledger, the charts); now only the
    steps whose ledger or inertia digits change height or width lay out."""
    passes: list[int] = []
    real = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(1)
        real(self, *args, **kwargs)

    app = ui.app("moons")  # 40 steps at K=3, seed 3
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(4):  # past the ledger's growth (one row per half-step, up to three)
            await pilot.press("space")
            await pilot.pause()
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        start = app.session.run.cursor
        presses = 0
        while not app.session.run.at_end and presses < 10:
            await pilot.press("space")
            await pilot.pause()
            await pilot.pause()
            presses += 1
        assert presses == 10 and app.session.run.cursor == start + presses
        assert len(passes) <= presses // 2, (len(passes), presses)
        # and what is shown is the current step's
        assert f"Step {app.session.run.cursor}" in ui.text(app, "#step-info")
