"""16 colours in a real terminal: TERM=xterm without COLORTERM, as many lab terminals and PuTTY defaults.

The app runs in a pty (see ``test_terminal.Terminal``); pyte decodes the SGR
codes it writes into a named colour per cell ("red", "brightcyan", ...), so a
truecolor or 256-colour code would show up as a hex value instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyte.graphics import BG_AIXTERM, BG_ANSI, FG_AIXTERM, FG_ANSI
from test_terminal import START_TIMEOUT, Terminal  # the pty harness of this directory

pytestmark = [pytest.mark.pty]

SHAPES = "●▲■◆▶★"
NAMES = {*FG_ANSI.values(), *FG_AIXTERM.values(), *BG_ANSI.values(), *BG_AIXTERM.values()} - {"default"}


@pytest.fixture
def term16(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(["--seed", "3", "--no-animation", "-k", "6", "--init", "random"], cwd=tmp_path,
                    env={"TERM": "xterm", "COLORTERM": ""})
    yield term
    term.close()


def test_16_colours_distinct_clusters_and_visible_regions(term16: Terminal) -> None:
    term16.wait_for("Step 0", START_TIMEOUT)
    term16.press(b" ")
    term16.wait_for("Step 1", 5)
    term16.press(b"v")
    term16.pump(1.0)
    buf = term16.screen.buffer
    fg: dict[str, set[str]] = {}
    bg: dict[str, set[str]] = {}
    for y in range(1, 19):  # the plot's rows (under the header, above the narration)
        for x in range(0, 44):
            cell = buf[y][x]
            bg.setdefault(cell.bg, set()).add(cell.data)
            if cell.data in SHAPES and not cell.reverse:
                fg.setdefault(cell.data, set()).add(cell.fg)
    colours = [c for s in fg.values() for c in s]
    assert set(colours) <= NAMES, colours  # named ANSI colours (SGR 30-37, 90-97), not 256 or truecolor
    assert len(fg) == 6, fg
    assert all(len(c) == 1 for c in fg.values()), fg  # one colour per cluster ...
    assert len(set(colours)) == 6, fg  # ... six different ANSI colours
    region_bgs = {b for b in bg if b != "default"}
    assert len(region_bgs) >= 6, sorted(bg)  # the regions: six background colours
    assert region_bgs <= NAMES, region_bgs  # SGR 40-47, 100-107
