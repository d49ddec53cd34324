"""ElbowPanel: the elbow chart with its title and progress bar; owns the elbow worker.

The sweep (inertia for K = 1…10, best of 10 runs each) runs in a thread
worker so the app keeps answering keys; it can be cancelled and reports its
progress. When it finishes the panel posts :class:`ElbowPanel.Computed`, and
the screen puts the curve in the session. The automatic sweep (not one asked
for with ``e``) starts only once the app's first frame is drawn
(``KmtuiApp.after_first_paint``): it would compete with drawing it for the CPU.
On Linux the sweep's thread also runs at a lower priority (nice +10,
:func:`background_priority`): on a server shared by a class, the other
students' first frames and keys come before this one's elbow.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
from numpy.typing import NDArray
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from kmtui.engine.elbow import Cancelled, ElbowCurve, elbow
from kmtui.narration import screen as say
from kmtui.render.palette import Theme
from kmtui.ui.text import styled
from kmtui.ui.widgets.charts import ElbowChart

BACKGROUND_NICE = 10
"""How much nicer than the app the sweep's thread runs (Linux)."""


def background_priority() -> None:
    """Lower the calling thread's priority by :data:`BACKGROUND_NICE` (Linux only; never fails).

    Linux gives each thread its own nice value (``setpriority`` with the
    thread's id); elsewhere the same call would renice a whole process, so it
    is not made. A thread can always be made nicer, never less nice again:
    the executor thread stays nice, and only background work (the elbow, the
    restarts) runs on kmtui's worker threads.
    """
    if sys.platform != "linux":
        return
    tid = threading.get_native_id()
    try:
        nicer = os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE  # the main thread's, + 10
        if os.getpriority(os.PRIO_PROCESS, tid) < nicer:
            os.setpriority(os.PRIO_PROCESS, tid, nicer)
    except OSError:  # pragma: no cover - a sandbox that forbids it: the sweep runs at the app's priority
        pass


class ElbowPanel(Vertical):
    """Title, progress bar and chart of the elbow."""

    DEFAULT_CSS = """
    ElbowPanel { height: 1fr; }
    """

    class Computed(Message):
        """A sweep finished: ``curve`` for the data it was started on."""

        def __init__(self, curve: ElbowCurve, requested: bool) -> None:
            super().__init__()
            self.curve = curve
            self.requested = requested

    def __init__(self, theme: Theme, *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.theme = theme
        self.ascii = ascii
        self._worker: Worker[ElbowCurve] | None = None
        self._requested = False
        self._pending: tuple[NDArray[np.float64], int] | None = None
        """A sweep waiting for the first frame: its data and seed."""

    def compose(self) -> ComposeResult:
        yield Static(id="elbow-title")
        yield ProgressBar(total=100, show_eta=False, id="elbow-progress")
        yield ElbowChart(id="elbow-chart")

    def on_mount(self) -> None:
        self.query_one("#elbow-progress").display = False

    @property
    def running(self) -> bool:
        if self._pending is not None:
            return True
        return self._worker is not None and self._worker.state in (WorkerState.PENDING, WorkerState.RUNNING)

    def title(self, curve: ElbowCurve | None, state: str = "") -> None:
        self.query_one("#elbow-title", Static).update(styled(say.elbow_title(curve, state), self.theme,
                                                             ascii=self.ascii))

    def show_curve(self, curve: ElbowCurve | None, k: int) -> None:
        self.query_one(ElbowChart).set_curve(curve, k)

    def compute(self, X: NDArray[np.float64], seed: int, *, requested: bool) -> None:
        """Start a sweep on ``X`` (cancelling one that runs)."""
        self.cancel()
        bar = self.query_one("#elbow-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = not self.ascii  # its bar is drawn with box glyphs; ASCII says the percentage instead
        self.title(None, "computing")
        self.show_curve(None, 0)
        self._requested = requested
        self._pending = (X, seed)
        wait = getattr(self.app, "after_first_paint", None)
        if requested or wait is None:
            self._begin()
        else:
            wait(self._begin)

    def _begin(self) -> None:
        """Start the pending sweep (unless it was cancelled, or the panel has gone)."""
        pending, self._pending = self._pending, None
        if pending is None or not self.is_attached:
            return
        self._worker = self._sweep(*pending)

    def cancel(self) -> bool:
        """Stop a running sweep; True if one was running."""
        if not self.running:
            self._worker = None
            return False
        self._pending = None
        if self._worker is not None:
            self._worker.cancel()
        self._worker = None
        self.query_one("#elbow-progress").display = False
        return True

    # a description, or Textual builds one from repr(X) on every start
    @work(thread=True, exclusive=True, group="elbow", exit_on_error=False, description="the elbow sweep")
    def _sweep(self, X: NDArray[np.float64], seed: int) -> ElbowCurve:
        background_priority()
        worker = get_current_worker()
        bar = self.query_one("#elbow-progress", ProgressBar)

        # about ten updates: each one repaints the bar (a compositor pass on the app's thread)
        def progress(done: int, total: int) -> None:
            if done % max(5, total // 10) == 0 or done == total:
                if self.ascii:
                    self.app.call_from_thread(self.title, None, f"computing {100 * done // max(total, 1)}%")
                else:
                    self.app.call_from_thread(bar.update, total=total, progress=done)

        # ref_n_init=1: the gap statistic's reference runs cost a quarter of ten restarts each,
        # with the same verdicts on the built-ins (see elbow()); thirty copies share a server
        return elbow(X, k_max=10, n_init=10, init="k-means++", random_state=seed, ref_n_init=1,
                     progress=progress, cancelled=lambda: worker.is_cancelled)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        if event.state is WorkerState.SUCCESS:
            self._worker = None
            self.query_one("#elbow-progress").display = False
            result = event.worker.result
            assert result is not None
            self.post_message(self.Computed(result, self._requested))
        elif event.state is WorkerState.ERROR:
            self._worker = None
            self.query_one("#elbow-progress").display = False
            err = event.worker.error
            if not isinstance(err, Cancelled):
                self.title(None, f"failed: {err}")
