"""Floods of input: the screen keeps drawing, ``q`` after a flood quits, step-key runs coalesce.

The fuzzer's "does not quit on escape, escape, q" (issue 8): keys that
arrive faster than they are handled went straight to the screen's queue,
with the repaints and layouts each one causes behind them, and Textual
draws only when that queue is empty. The app drew nothing until the whole
flood was worked through (the fuzzer took the silence for "done" and its
``q`` waited behind the flood). Here the events are posted at once, as the
terminal driver does, and the test counts frames drawn and screens shown.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.style import Style
from textual import events
from textual.app import App
from textual.command import CommandList, CommandPalette

from kmtui.ui.input_gate import FRAME_EVENTS
from kmtui.ui.screens.base import RunScreen

FLOOD = ["c", "x", "question_mark", "escape", "d", "space", "plus", "o", "escape", "minus"] * 30
"""300 keys, each of which changes the layout (panels, help, dataset, K, inspect)."""


def key(name: str) -> events.Key:
    return events.Key(name, name if len(name) == 1 else None)


def count_frames(app: Any, monkeypatch: Any) -> list[int]:
    """Count the frames the app writes to the terminal, and the keys the app had handled before each."""
    frames: list[int] = []
    handled = [0]
    display, on_key = app._display, App._on_key

    def counted(screen: Any, renderable: Any) -> None:
        frames.append(handled[0])
        display(screen, renderable)

    async def counted_key(self: App[Any], event: events.Key) -> None:
        handled[0] += 1
        await on_key(self, event)

    app._display = counted
    monkeypatch.setattr(App, "_on_key", counted_key)
    return frames


async def drain(app: Any, timeout: float = 120.0) -> None:
    """Wait until the gate and the queues are empty."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app.input_gate.pending or app.message_queue_size or app.screen.message_queue_size:
        assert loop.time() < deadline, "the flood was not worked through"
        await asyncio.sleep(0.01)


async def test_a_flood_of_keys_is_drawn_as_it_goes_and_q_after_it_quits(ui: Any, monkeypatch: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        frames = count_frames(app, monkeypatch)
        for name in [*FLOOD, "escape", "escape", "q"]:
            app.post_message(key(name))
        await drain(app)
        await pilot.pause()
    assert app.return_code == 0
    gaps = [b - a for a, b in zip([0, *frames], frames, strict=False)]
    assert frames and frames[-1] >= 0.9 * len(FLOOD), f"keys handled before each frame: {frames}"
    assert max(gaps) <= FRAME_EVENTS, f"keys handled between two frames drawn: {gaps}"


async def test_a_burst_of_steps_ends_where_one_by_one_ends_and_is_shown_once(ui: Any, monkeypatch: Any) -> None:
    shown = [0]
    show = RunScreen.show

    def counted(self: RunScreen, **kw: Any) -> bool:
        shown[0] += 1
        return show(self, **kw)

    monkeypatch.setattr(RunScreen, "show", counted)
    burst = ["space"] * 25 + ["left"] * 7 + ["right"] * 3 + ["b"] * 30 + ["n"] * 9  # past both ends
    states = []
    for flood in (False, True):
        app = ui.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown[0] = 0
            if flood:
                for name in burst:
                    app.post_message(key(name))
                await drain(app)
                await pilot.pause()
            else:
                for name in burst:
                    await pilot.press(name)
            run = app.session.run
            states.append((run.cursor, len(run.steps), ui.text(app, "#step-info"), ui.text(app, "#narration"),
                           list(app.main.recording.steps), shown[0],
                           app.input_gate.jumps))
    one_by_one, flooded = states
    assert flooded[:5] == one_by_one[:5], (flooded[:2], one_by_one[:2])
    assert one_by_one[0] == 9 and one_by_one[5] >= 30  # every press that moved drew the screen
    assert flooded[6] >= 4 and flooded[5] <= 8, f"shown {flooded[5]} times for {len(burst)} keys"


async def test_clicks_the_palette_cannot_take_are_ignored(ui: Any) -> None:
    app = ui.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        listing = palette.query_one(CommandList)
        # an option number from before the list was refilled (textual 8.2: IndexError)
        listing.post_message(events.Click(listing, 1, 1, 0, 0, 1, False, False, False, screen_x=10, screen_y=3,
                                          style=Style(meta={"option": 999}), chain=1))
        # a cell outside the palette's last layout (textual 8.2: NoWidget)
        palette.post_message(events.Click(palette, 500, 300, 0, 0, 1, False, False, False, screen_x=500,
                                          screen_y=300, chain=1))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        await pilot.press("space")
        assert app.session.run.cursor == 1
