"""The narration teaches each half-step with the engine's own numbers (issue 10, item 1)."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import numpy as np

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine.history import Run
from kmtui.engine.state import Phase
from kmtui.narration import describe_step, fmt_num
from kmtui.narration.halfsteps import ASSIGN_WHY, UPDATE_WHY, signed, worked_point


def _run(name: str = "blobs", k: int = 3, seed: int = 3) -> tuple[Any, Run]:
    sel = select(load_dataset(name))
    run = Run(sel.X, k, init="uniform", seed=seed)
    run.run_to_end()
    return sel, run


def _said(sel: Any, run: Run, i: int) -> str:
    step = run.steps[i]
    prev = run.steps[i - 1] if i else None
    return describe_step(step, init="uniform", n_samples=sel.dataset.n_samples, previous=prev,
                         X=sel.X, names=sel.feature_names)


def test_every_half_step_says_the_engines_inertia_before_and_after() -> None:
    sel, run = _run()
    for i, step in enumerate(run.steps[2:], start=2):
        if step.stop is not None and step.phase is Phase.ASSIGN:
            continue
        text = _said(sel, run, i)
        before, after = run.steps[i - 1].inertia, step.inertia
        assert before is not None and after is not None
        assert f"Inertia {fmt_num(before)} → {fmt_num(after)} ({signed(after - before)})" in text
        assert (ASSIGN_WHY if step.phase is Phase.ASSIGN else UPDATE_WHY) in text
        assert "shift" not in text


def test_an_assign_says_how_many_changed_and_the_sizes_before_and_after() -> None:
    sel, run = _run()
    step, prev = run.steps[3], run.steps[2]
    assert step.phase is Phase.ASSIGN and prev.labels is not None and step.labels is not None
    text = _said(sel, run, 3)
    assert text.startswith(f"Step 3 — assign: {step.changed} points changed cluster (")
    before, after = np.bincount(prev.labels, minlength=3), np.bincount(step.labels, minlength=3)
    for c in range(3):
        if before[c] != after[c]:
            assert f"{c}: {before[c]}→{after[c]}" in text
        else:
            assert f"{c}: {before[c]}→" not in text


def test_an_update_names_the_centroid_that_moved_most_and_the_total() -> None:
    sel, run = _run()
    step = run.steps[2]
    assert step.phase is Phase.UPDATE and step.moves is not None
    text = _said(sel, run, 2)
    most = int(np.argmax(step.moves))
    assert f"Centroid {most} moved most ({fmt_num(float(step.moves[most]), 3)})" in text
    assert f"all of them {fmt_num(float(step.moves.sum()), 3)} together" in text


def test_the_first_assign_works_the_distance_formula_for_one_point() -> None:
    sel, run = _run()
    text = _said(sel, run, 1)
    p = worked_point(sel.X)
    d = np.sqrt(((run.steps[0].centroids - sel.X[p]) ** 2).sum(axis=1))
    assert f"Point {p} (x=" in text and "√((" in text
    assert f"= {fmt_num(float(d[0]), 3)} to centroid 0" in text
    assert f"→ argmin picks {int(np.argmin(d))}." in text
    assert int(np.argmin(d)) == int(run.steps[1].labels[p])  # type: ignore[index]


def test_with_four_features_the_formula_sums_over_all_of_them() -> None:
    ds = load_dataset("iris")
    sel = select(ds, features=[0, 1, 2, 3])
    run = Run(sel.X, 3, init="uniform", seed=3)
    run.next()
    text = describe_step(run.steps[1], init="uniform", n_samples=150, previous=run.steps[0], X=sel.X,
                         names=sel.feature_names)
    assert "Σ over its 4 features" in text
    for name in sel.feature_names:
        assert f"{name}=" in text


def test_convergence_says_why_it_stopped() -> None:
    sel, run = _run()
    text = _said(sel, run, len(run.steps) - 1)
    assert "no point changed cluster" in text and "neither step can change anything" in text
    assert f"Inertia stays {fmt_num(run.steps[-1].inertia)}" in text  # type: ignore[arg-type]


def test_half_step_sentences_fit_the_narration_line_at_80_columns() -> None:
    for name in ("blobs", "iris", "moons"):
        sel, run = _run(name)
        for i in range(len(run.steps)):
            text = _said(sel, run, i)
            assert len(textwrap.wrap(text, 78)) <= 3, text


async def test_the_app_narrates_the_engines_numbers(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        said = ui.text(app, "#narration")
        assert "✖" in said and "Press space to assign" in said
        await pilot.press("space", "space")
        await pilot.pause()
        run = app.session.run
        said = " ".join(ui.text(app, "#narration").split())
        before, after = run.steps[1].inertia, run.steps[2].inertia
        assert f"Inertia {fmt_num(before)} → {fmt_num(after)}" in said
        await pilot.press("space")
        await pilot.pause()
        said = " ".join(ui.text(app, "#narration").split())
        assert re.search(r"Step 3 — assign: \d+ points? changed cluster", said)


# ------------------------------------------------------------------ the ledger and the best line


def test_the_ledger_lists_each_half_steps_change_of_inertia() -> None:
    from kmtui.narration.ledger import ledger
    from kmtui.narration.text import plain

    _, run = _run()
    steps = run.steps[:6]  # init, a1, u1, a2, u2, a3
    text = plain(ledger(steps, rows=3))
    J = [s.inertia for s in steps]
    first, second, third = text.splitlines()  # oldest first, as the run went
    assert first == f"ΔJ update {signed(J[2] - J[1])}"  # type: ignore[operator]
    assert second == f"   assign {signed(J[3] - J[2])}, update {signed(J[4] - J[3])}"  # type: ignore[operator]
    assert third == f"   assign {signed(J[5] - J[4])}"  # type: ignore[operator]
    said = ledger(steps, rows=3)
    assert [style for text, style in said if "assign" in text or "update" in text] == ["dim", "dim", ""]


async def test_the_side_panel_shows_the_ledger_and_the_chart_the_best_of_10(ui: Any) -> None:
    app = ui.app(auto_elbow=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.until(pilot, lambda: app.session.elbow is not None)
        await pilot.press("space", "space", "space")
        await ui.settle(pilot)
        run = app.session.run
        J = [s.inertia for s in run.steps]
        ledger_text = ui.text(app, "#ledger")
        assert f"ΔJ update {signed(J[2] - J[1])}" in ledger_text
        assert ledger_text.splitlines()[-1].strip() == f"assign {signed(J[3] - J[2])}"
        from kmtui.ui.widgets.charts import InertiaChart

        chart = app.query_one(InertiaChart)
        assert chart.reference == app.session.best_inertia
        assert any("⋅⋅⋅ best of 10" in line for line in chart.plain_lines)
        assert any("half-step" in line and "inertia J" in line for line in chart.plain_lines)


def test_a_local_minimum_is_explained_in_its_shape() -> None:
    from kmtui.narration.minimum import diagnose

    sel, run = _run()  # blobs, seed 3: two centroids in the left blob, one over the two right ones
    last = run.steps[-1]
    assert last.labels is not None
    a, b, c = diagnose(sel.X, last.centroids, last.labels)  # type: ignore[misc]
    left = sel.X[:, 0] < -2.5
    for j in (a, b):
        assert left[last.labels == j].all()
    assert not left[last.labels == c].any() and (last.labels == c).sum() > 150


def test_as_good_as_the_best_only_within_a_tenth_of_a_percent() -> None:
    from kmtui.narration.screen import local_minimum_note

    _, run = _run()
    last = run.steps[-1]
    J = last.inertia
    assert J is not None
    assert "as good as the best" in local_minimum_note(last, J / 1.0009, 10)
    far = local_minimum_note(last, J / 1.05, 10)
    assert "local minimum" in far and "(this run +5.0 %)" in far


async def test_a_ledger_cut_by_a_resize_keeps_its_newest_row(ui: Any) -> None:
    """Oldest first, so when the ledger has fewer rows than its text (160×48 → 80×24) the rows kept
    are the newest: this iteration's ΔJ stays on screen."""
    app = ui.app()
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(7):
            await pilot.press("space")
        await ui.settle(pilot)
        run = app.session.run
        J = [s.inertia for s in run.steps]
        newest = f"assign {signed(J[7] - J[6])}"
        box = app.main.query_one("#ledger")
        assert len(str(box.render()).splitlines()) == 3
        await pilot.resize_terminal(80, 24)
        await ui.settle(pilot)
        shown = [strip.text.strip() for strip in box.render_lines(box.size.region)]
        assert box.size.height == 2 and shown[-1] == newest, shown


async def test_at_80x24_the_ledger_shows_whole_rows_and_the_newest(ui: Any) -> None:
    """A row that wraps on the narrow panel leaves room for fewer iterations, never half a row:
    at convergence it read "−0.3597 / assign 0" (the tail of a wrapped row) without its ΔJ."""
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.session.run.at_end:
            await pilot.press("space")
        await ui.settle(pilot)
        run = app.session.run
        J = [s.inertia for s in run.steps]
        box = app.main.query_one("#ledger")
        shown = [t for strip in box.render_lines(box.size.region) if (t := strip.text.rstrip())]
        assert box.size.height == 2
        assert shown[0].startswith("ΔJ ") and shown[-1].endswith(f"assign {signed(J[-1] - J[-2])}"), shown
        assert all(line.split()[1 if line.startswith("ΔJ") else 0] in ("assign", "update") for line in shown)
        assert str(box.render()).count("\n") + 1 <= 2
