"""Two clicks that end a Textual 8.2 app, made harmless: :func:`install` wraps the handlers once.

Both were found by the key fuzzer (mouse reports among keys, resizes now and
then) and each killed kmtui with a traceback, exit status 1:

- ``CommandPalette._on_click`` asks ``get_widget_at`` for the clicked cell,
  which raises ``NoWidget`` when the cell lies outside the palette's last
  layout (a click right after the terminal grew). Such a click is ignored.
- ``OptionList._on_click`` indexes its options with the option number in the
  clicked cell's style; the palette's list is refilled while commands are
  gathered, so the number may belong to an option that is gone
  (``IndexError: list index out of range``). Such a click is ignored.

Upstream reproductions are in the fuzz helper's note (issue 8).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.command import CommandPalette
from textual.errors import NoWidget
from textual.widgets import OptionList

_INSTALLED: list[bool] = []


def install() -> None:
    """Wrap the two click handlers (once per process)."""
    if _INSTALLED:
        return
    _INSTALLED.append(True)
    palette_click: Callable[[CommandPalette, events.Click], None] = CommandPalette._on_click
    option_click: Callable[[OptionList, events.Click], Awaitable[None]] = OptionList._on_click

    def guarded_palette_click(self: CommandPalette, event: events.Click) -> None:
        try:
            palette_click(self, event)
        except NoWidget:  # outside the palette's last layout: nothing was clicked
            pass

    async def guarded_option_click(self: OptionList, event: events.Click) -> None:
        clicked: Any = event.style.meta.get("option")
        if isinstance(clicked, int) and not 0 <= clicked < self.option_count:
            return  # an option drawn before the list was refilled
        await option_click(self, event)

    CommandPalette._on_click = guarded_palette_click  # type: ignore[method-assign]
    OptionList._on_click = guarded_option_click  # type: ignore[method-assign]
