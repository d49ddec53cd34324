"""Memory stays flat when help and the command palette are opened and closed many times.

Textual 8.2 kept every Footer key it ever composed reachable (a data-binding
watcher on ``Footer.compact``, removed only when that value changes): help
opened 300 times grew the process from 64 to 193 MB. Checked here both
ways: the Footer's watcher list stays the size of the footer, and the
resident memory between the 10th and the last opening grows by less than a
bound.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Footer

OPENINGS = {"question_mark": 30, "ctrl+p": 15}
GROWTH_MB = 4.0
"""Allowed RSS growth after the warm-up (Textual's LRU caches fill, then stop)."""


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def watchers(app: Any) -> int:
    footer = app.main.query_one(Footer)
    return sum(len(pairs) for pairs in getattr(footer, "__watchers", {}).values())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("key", sorted(OPENINGS))
async def test_opening_and_closing_keeps_memory_flat(ui: Any, key: str) -> None:
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        warm = 4
        for i in range(OPENINGS[key]):
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 2
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.main
            if i == warm:
                gc.collect()
                before = rss_mb()
        await pilot.pause()
        gc.collect()
        grown = rss_mb() - before
        assert watchers(app) <= len(app.main.query_one(Footer).children) + 2, "dead footer keys are dropped"
        assert grown < GROWTH_MB, f"{grown:.1f} MB more after {OPENINGS[key] - warm} more openings"
