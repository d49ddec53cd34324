"""80×24 first: the crosstab's figures and the code panel fit, scroll, and never wrap Python mid-expression."""

from __future__ import annotations

import ast
from typing import Any

import numpy as np
import pytest

from kmtui import KMeans
from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine import Phase
from kmtui.engine.history import Run
from kmtui.engine.metrics import adjusted_rand_score, purity
from kmtui.engine.state import Step
from kmtui.narration.code import MAX_LINE, SKLEARN_CODE, code_for, sklearn_code
from kmtui.ui.widgets.detail import DetailPanel

SMALL = (80, 24)
INITS = ["uniform", "random", "farthest", "k-means++", "manual"]


def snippets() -> list[tuple[str, str]]:
    C = np.zeros((3, 2))
    out = []
    for init in INITS:
        for phase in Phase:
            out.append((f"{init}/{phase}", code_for(Step(0, phase, 0, C), init=init)))
        out.append((f"sklearn/{init}", sklearn_code(k=3, init=init, seed=1, centroids=[[1.5, -2.25, 3.0]] * 3)))
    return out


@pytest.mark.parametrize(("name", "code"), snippets(), ids=[n for n, _ in snippets()])
def test_every_snippet_parses_and_fits_half_the_panel(name: str, code: str) -> None:
    ast.parse(code)
    assert max(len(line) for line in code.splitlines()) <= MAX_LINE, name


def test_the_template_parses() -> None:
    ast.parse(SKLEARN_CODE.format(k=3, init='"random"', seed=0))


@pytest.mark.parametrize("init", ["uniform", "farthest"])
def test_the_sklearn_snippet_runs_as_shown_and_reaches_kmtuis_result(init: str) -> None:
    X = select(load_dataset("iris")).X
    run = Run(X, 3, init=init, seed=5)
    steps = run.run_to_end()
    code = sklearn_code(k=3, init=init, seed=5, centroids=steps[0].centroids.tolist())
    scope: dict[str, Any] = {"X": X}
    exec(compile(code, "<code panel>", "exec"), scope)  # noqa: S102 - our own snippet, as a student would paste it
    mine = KMeans(n_clusters=3, init=init, random_state=5).fit(X)
    np.testing.assert_array_equal(scope["labels"], mine.labels_)
    np.testing.assert_allclose(scope["model"].inertia_, mine.inertia_, rtol=1e-9)


def panel_lines(ui: Any, app: Any) -> list[str]:
    panel = app.query_one(DetailPanel)
    r = panel.scrollable_content_region  # without the scroll bar
    lines = ui.screen_text(app).splitlines()
    return [line[r.x:r.x + r.width] for line in lines[r.y:r.y + r.height]]


async def test_80x24_iris_crosstab_figures_on_screen(ui: Any) -> None:
    ds = load_dataset("iris")
    app = ui.app("iris")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("end", "x")
        await pilot.pause()
        labels = app.session.run.current.labels
        screen = ui.screen_text(app)
        assert f"purity {purity(labels, ds.y):.2f} · adjusted Rand index {adjusted_rand_score(labels, ds.y):.2f}" \
            in screen
        # the plot and the step line keep their room
        assert "Step " in screen and app.screen.query_one("#scatter").region.height >= 8


@pytest.mark.parametrize("presses", [["space", "c"], ["space", "space", "c"], ["c"]])
async def test_80x24_code_panel_lines_are_whole(ui: Any, presses: list[str]) -> None:
    app = ui.app("blobs")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*presses)
        await pilot.pause()
        panel = app.query_one(DetailPanel)
        assert panel.display and panel.mode == "code"
        shown = panel_lines(ui, app)
        step = app.session.run.current
        code = code_for(step, init=app.session.config.init)
        visible = [line for line in code.splitlines() if any(line.strip() in s for s in shown)]
        assert visible, shown
        # each line on screen is a whole line of the snippet, never a piece wrapped off another
        wanted = {line.strip() for line in code.splitlines()} | {
            line.strip() for line in sklearn_code(k=3, init=app.session.config.init, seed=app.session.config.seed,
                                                  centroids=app.session.run.steps[0].centroids.tolist()).splitlines()}
        split = shown[0].index("the whole run")  # where the second column starts
        for s in shown[1:]:
            left, right = s[:split].strip(), s[split:].strip()
            for piece in (left, right):
                assert not piece or piece in wanted or piece.startswith(("this step", "the whole")), (piece, shown)
        # taller than its room: it scrolls (the scroll bar shows there is more)
        if panel.virtual_size.height > panel.size.height:
            assert panel.show_vertical_scrollbar


@pytest.mark.parametrize("ascii", [False, True])
async def test_80x24_the_narration_keeps_its_three_rows_in_ascii_too(ui: Any, ascii: bool) -> None:
    """No rule above the narration at 80×24 (in ASCII it took one of its three rows, and every
    update's sentence then said "[more] PgDn")."""
    from kmtui.ui.widgets.paged import PagedText

    app = ui.app(ascii=ascii)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        box = app.main.query_one("#narration", PagedText)
        assert box.size.height == 3 and box.styles.border_top[0] in ("", "none")
        assert not box.overflows, box.page_text
