"""FirstFrameApp: an App that draws one whole first frame, then runs what waited for it.

Thirty students starting kmtui at once on a two-core server share its CPU, so
the first frame should cost only its own work (issue 9, item 8):

- **one frame, not six.** While the app starts, the plot, the panels and then
  the footer each ask for a repaint, and each partial frame costs a layout and
  a compositor pass. Textual's batch (as in ``App.batch_update``) holds the
  repaints from ``on_load`` until the footer shows its keys
  (:class:`~kmtui.ui.widgets.footer.KeyFooter.Shown`), or at most
  :attr:`FirstFrameApp.FIRST_FRAME_WAIT` seconds.
- **then the rest.** :meth:`FirstFrameApp.after_first_paint` runs work the
  first frame does not show (the elbow's sweep) once that frame has been
  handed to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen

from kmtui.ui.widgets.footer import KeyFooter


class FirstFrameApp(App[int]):
    """Holds the repaints until the first frame is whole; runs callbacks after it."""

    FIRST_FRAME_WAIT = 1.0
    """Seconds the first frame waits at most for the footer's keys."""
    _holding = False
    _painted = False
    """True once the first screen's first frame has been handed to the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self._after_paint: list[Callable[[], object]] = []

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame is drawn (soon, if it already is)."""
        if self._painted:
            self.call_later(callback)
        else:
            self._after_paint.append(callback)

    def hold_first_frame(self) -> None:
        """Draw nothing until the footer shows its keys (call it in ``on_load``)."""
        self._begin_batch()
        self._holding = True
        self.set_timer(self.FIRST_FRAME_WAIT, self._release_first_frame)

    def _release_first_frame(self) -> None:
        if self._holding:
            self._holding = False
            self._end_batch()
            # the screen skipped its updates meanwhile and waits for nothing: wake it
            self.screen.refresh(layout=True)

    def on_key_footer_shown(self, _message: KeyFooter.Shown) -> None:
        self._release_first_frame()

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        super()._display(screen, renderable)  # headless (tests) it draws nothing, but is called the same
        if (not self._painted and renderable is not None and self.screen_stack and screen is self.screen_stack[0]
                and not self._batch_count):
            self._painted = True
            waiting, self._after_paint = self._after_paint, []
            for callback in waiting:
                self.call_later(callback)
