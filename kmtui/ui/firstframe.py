"""FirstFrameApp: an App that knows when its first whole frame is drawn, and runs what waited for it.

Thirty students starting kmtui at once on a two-core server share its CPU, so
the first frame should cost only its own work (issue 9, item 8), and the
first key should not pay for what it skipped (:func:`warm_up`).
:meth:`FirstFrameApp.after_first_paint` runs work the first frame does not
show (the elbow's sweep) once that frame has been handed to the terminal:
the first frame drawn after the footer shows its keys
(:class:`~kmtui.ui.widgets.footer.KeyFooter.Shown`; the plot and the panels
are composed before it), or after :attr:`FirstFrameApp.FIRST_FRAME_WAIT`
seconds at most.

Holding the repaints until then (Textual's batch) was tried and measured: the
same CPU (0.96 CPU-s median of 9 either way), since Textual lays out and
renders on every resize even inside a batch; it is not done.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen

from kmtui.ui.widgets.footer import KeyFooter


def warm_up() -> None:
    """Import, in the background after the first frame, what the first key would otherwise wait for.

    ``np.median`` (the first assign's worked point) imports numpy.ma on its
    first call (~20 ms), and the first chart drawn imports plotext (~40 ms):
    neither is on the first frame, both come with the first steps. Runs on a
    worker thread at a lower priority.
    """
    from kmtui.ui.widgets.elbow import background_priority

    background_priority()
    for name in ("numpy.ma", "plotext"):  # imported only: plotext's figure is global, drawn on the app's thread
        importlib.import_module(name)


class FirstFrameApp(App[int]):
    """Holds the repaints until the first frame is whole; runs callbacks after it."""

    FIRST_FRAME_WAIT = 1.0
    """Seconds the first frame waits at most for the footer's keys."""
    _keys_ready = False
    """True once the footer shows its keys (or the wait is over): the next frame is whole."""
    _painted = False
    """True once the first whole frame has been handed to the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self._after_paint: list[Callable[[], object]] = []

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first whole frame is drawn (soon, if it already is)."""
        if self._painted:
            self.call_later(callback)
        else:
            self._after_paint.append(callback)

    def _on_mount(self) -> None:
        self.set_timer(self.FIRST_FRAME_WAIT, self._frame_ready)
        self.after_first_paint(self._warm_up)

    def _warm_up(self) -> None:
        self.run_worker(warm_up, thread=True, exit_on_error=False, description="warm-up imports")

    def _frame_ready(self) -> None:
        if not self._keys_ready:
            self._keys_ready = True
            self.screen.refresh()  # so that a frame follows, even when nothing else changes

    def on_key_footer_shown(self, _message: KeyFooter.Shown) -> None:
        self._frame_ready()

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        super()._display(screen, renderable)  # headless (tests) it draws nothing, but is called the same
        if self._keys_ready and not self._painted and renderable is not None and not self._batch_count:
            self._painted = True
            waiting, self._after_paint = self._after_paint, []
            for callback in waiting:
                self.call_later(callback)
