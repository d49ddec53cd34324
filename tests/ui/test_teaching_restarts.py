"""Restarts made visible (R, 0–9) and the empty-cluster start (E) — issue 10, item 11."""

from __future__ import annotations

from typing import Any

import numpy as np

from kmtui.engine.history import Run
from kmtui.engine.steps import final_inertia
from kmtui.narration import fmt_num
from kmtui.ui.screens.restarts import restart_seeds
from kmtui.ui.widgets.detail import DetailPanel

SIZE = (100, 34)


async def test_R_runs_ten_restarts_shows_their_inertias_and_a_digit_jumps_to_one(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await ui.settle(pilot)
        await ui.until(pilot, lambda: bool(app.main.restarts and app.main.restarts.inertias))
        await pilot.pause()
        X = app.session.selection.X
        seeds = restart_seeds(3)
        assert app.main.restarts.seeds == seeds
        want = [final_inertia(X, Run(X, 3, init="uniform", seed=s).run_to_end()) for s in seeds]
        assert app.main.restarts.inertias == want
        panel = " ".join(str(app.query_one("#detail-body").render()).split())
        best = int(np.argmin(want))
        assert f"{best} █" in panel and f"{fmt_num(want[best])} ◀ best" in panel
        for value in want:
            assert fmt_num(value) in panel
        worst = int(np.argmax(want))
        await pilot.press(str(worst))
        await pilot.pause()
        assert app.session.config.seed == seeds[worst] and app.session.run.cursor == 0
        assert f"Restart {worst} (seed {seeds[worst]})" in ui.text(app, "#narration")
        await pilot.press("end")
        await pilot.pause()
        assert app.session.run.current.inertia == want[worst]
        assert "(shown)" in str(app.query_one("#detail-body").render())
        await pilot.press("plus")  # another K: these restarts no longer apply
        await pilot.pause()
        assert app.query_one(DetailPanel).mode == ""


async def test_E_starts_with_an_empty_cluster_and_says_what_relocate_and_keep_do(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        await pilot.pause()
        said = " ".join(ui.text(app, "#narration").split())
        assert "empty='relocate'" in said and "farthest" in said and "'keep'" in said
        assert app.session.config.empty == "relocate"
        await pilot.press("space")
        await pilot.pause()
        sizes = np.bincount(app.session.run.current.labels, minlength=3)
        assert sizes[2] == 0
        assert "Cluster 2 got no point" in " ".join(ui.text(app, "#narration").split())
        await pilot.press("space")
        await pilot.pause()
        step = app.session.run.current
        assert [e.action for e in step.empty] == ["relocated"]
        said = " ".join(ui.text(app, "#narration").split())
        assert f"so empty='relocate' moved it to point {step.empty[0].point}" in said
        await pilot.press("E")  # again: the same start with keep
        await pilot.pause()
        assert app.session.config.empty == "keep"
        assert "empty='keep'" in " ".join(ui.text(app, "#narration").split())
        await pilot.press("space", "space")
        await pilot.pause()
        step = app.session.run.current
        assert [e.action for e in step.empty] == ["kept"]
        assert "empty='keep' leaves its centroid where it was" in " ".join(ui.text(app, "#narration").split())


def test_new_keys_are_in_the_help_and_the_palette() -> None:
    from kmtui import keymap

    rows = dict(keymap.help_rows())
    for key in ("R", "E", "l"):
        row = keymap.find(key)
        assert row is not None and row.palette and row.help in rows.values()
