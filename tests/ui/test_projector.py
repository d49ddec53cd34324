"""``--projector`` in the app: points two cells wide, centroids still the strongest mark; its SVG snapshot.

Regenerate the snapshot after an intended change with
``pytest tests/ui/test_projector.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from kmtui.render.palette import ASCII_SHAPES, SHAPES
from kmtui.ui.widgets.scatter import ScatterView


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_ANIMATIONS", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "500")  # plotext's charts must not depend on pytest's terminal
    monkeypatch.setenv("LINES", "200")


def runs(text: str, shapes: str) -> list[int]:
    """Lengths of the runs of one repeated shape in a row of the plot."""
    return [len(m.group(0)) for m in re.finditer("|".join(f"{re.escape(s)}+" for s in shapes), text)
            if len(set(m.group(0))) == 1]


@pytest.mark.parametrize(("projector", "ascii"), [(True, False), (True, True), (False, False)])
async def test_projector_points_take_two_cells(ui: Any, projector: bool, ascii: bool) -> None:
    app = ui.app("blobs", projector=projector, ascii=ascii)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")  # assign: every point has its cluster's shape
        await ui.settle(pilot)
        view = app.main.query_one(ScatterView)
        assert view.renderer.effective_mode == "glyph"
        shapes = "".join(ASCII_SHAPES[:3] if ascii else SHAPES[:3])
        left, top, pw, ph = view.renderer.plot_area()
        lengths = [n for y in range(top, top + ph)
                   for n in runs(view.row_text(y)[left:left + pw], shapes)]
        assert lengths
        if projector:
            # pairs of cells: a point's mark is two cells, so every run of a shape is even,
            # except where a centroid's halo cuts a pair or at the plot's odd last column
            odd = sum(n % 2 for n in lengths)
            assert odd <= 2 * 3 + 1, lengths
            assert sum(lengths) >= 2 * len(lengths)
        else:
            assert 1 in lengths  # single cells
        # the centroids: the only reverse-video cells, three each
        cells = [(t, cs) for row in view.renderer.render() for t, cs in row if cs.reverse]
        assert sum(len(t) for t, _ in cells) == 3 * 3


def test_projector_screen(snap_compare: Any, ui: Any) -> None:
    app = ui.app(auto_elbow=True, animate=False, projector=True)

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("space", "space", "space", "space")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.session.run.cursor == 4

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_the_plot_refreshes_only_the_changed_cells(ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step redraws the changed span of each changed row, not whole lines (bytes over SSH)."""
    from textual.geometry import Region

    app = ui.app("blobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space")  # assign, update: the centroids have moved
        await ui.settle(pilot)
        view = app.main.query_one(ScatterView)
        regions: list[Region] = []
        original = view.refresh

        def record(*regs: Region, **kw: Any) -> Any:
            regions.extend(regs)
            return original(*regs, **kw)

        monkeypatch.setattr(view, "refresh", record)
        await pilot.press("space")  # assign: a few points change cluster, the marks move
        await ui.settle(pilot)
        assert regions and all(r.height == 1 for r in regions)
        assert any(r.width < view.size.width for r in regions)
        # in all, fewer cells than those rows hold
        assert sum(r.width for r in regions) < len({r.y for r in regions}) * view.size.width
