"""SVG snapshots of the whole screen at fixed sizes, seed and keys.

What they pin: the layout at each width (side panel beside the plot at 120 and
more, narrower from 80 to 119), the scatter with shapes, centroids and
trails, the inertia chart, the elbow with its knee, the narration and the
footer. Everything shown is a function of the seed and the keys: no clock,
no random seed, no animation (``animate=False``), and the elbow worker is
waited for before the keys are pressed.

Regenerate after an intended change with
``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

from typing import Any

import pytest

SIZES = [(80, 24), (120, 40), (160, 48)]
KEYS = ("space", "space", "space", "space", "space")  # assign, update, assign, update, assign


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Colour and animation settings from the person's shell must not leak in.
    for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_ANIMATIONS", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    # plotext clips its charts to shutil.get_terminal_size(): COLUMNS/LINES, or
    # the size of the terminal pytest runs in. A real kmtui's charts always fit
    # its terminal, so pretend a huge one: the snapshot must not depend on the
    # window the tests happen to run in.
    monkeypatch.setenv("COLUMNS", "500")
    monkeypatch.setenv("LINES", "200")


def _after_steps(keys: tuple[str, ...], step_index: int) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()  # the automatic elbow
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.session.elbow is not None and pilot.app.session.elbow.knee == 3
        assert pilot.app.session.run.cursor == step_index

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_screen_after_five_steps(snap_compare: Any, ui: Any, size: tuple[int, int]) -> None:
    app = ui.app(auto_elbow=True, animate=False)
    assert snap_compare(app, terminal_size=size, run_before=_after_steps(KEYS, 5))
