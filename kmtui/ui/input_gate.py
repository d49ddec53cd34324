"""InputGate: keys, mouse and pastes from the terminal reach the app one at a time, and step-key runs coalesce.

Textual hands every input event to the screen's message queue at once.
When keys arrive faster than they are handled (a flood pasted, a held key,
fuzzing), the screen's queue fills with them *and* with the work each one
causes (repaints, layouts, the footer's recompose), and Textual repaints only
when that queue is empty: the screen froze for seconds, and a ``q`` pressed
after the flood waited behind thousands of queued messages (the fuzzer saw
"does not quit on escape, escape, q").

The gate holds fresh input events back while the app is behind, and lets the
next one through when the app and screen queues are empty (or after
:data:`MAX_WAIT`, so that a busy screen still answers); while it works through
such a backlog, repaints are batched into one frame every :data:`FRAME`
seconds (or :data:`FRAME_EVENTS` events), so the screen keeps moving and the backlog goes fast. A run of identical
step keys waiting behind the gate (``space``/``n``, ``b``/``backspace``,
``f``, ``left``, ``right``) is played as one jump drawn once
(:func:`kmtui.ui.coalesce.jump`): the screen ends in the state that pressing
them one by one gives. ``ctrl+c`` is never held back.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

from kmtui.ui.coalesce import STEP_KEYS, jump

if TYPE_CHECKING:
    from textual.app import App

MAX_WAIT = 0.25
"""Seconds an input event waits for the app to catch up before it goes through anyway."""
FRAME = 0.25
"""Seconds of held-back events handled between two redraws while a backlog is worked through."""
FRAME_EVENTS = 25
"""At most this many held-back events (or coalesced runs) between two redraws."""
MIN_RUN = 3
"""The shortest run of one step key played as a jump (two keys go through one by one)."""
BYPASS = frozenset({"ctrl+c"})
"""Keys never held back (quitting must not wait behind a flood)."""


class InputGate:
    """The input events waiting for ``app`` to catch up, and the task that lets them through.

    Parameters
    ----------
    app : App
        The app whose queues are watched.
    deliver : callable
        Posts one event on the app's queue for real (the App's own
        ``post_message``).
    """

    def __init__(self, app: App[int], deliver: Callable[[Message], bool]) -> None:
        self.app = app
        self.deliver = deliver
        self.pending: deque[events.Event] = deque()
        self.released = 0
        """Events let through (a coalesced run counts as what it sent on)."""
        self.jumps = 0
        """Runs of step keys played as one jump."""
        self.frames = 0
        """Frames drawn while working through held-back events."""
        self._task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ entry

    def offer(self, message: Message) -> bool:
        """Hold ``message`` back if it is fresh input and the app is behind; True if the gate took it."""
        if not isinstance(message, (events.InputEvent, events.Paste)) or message.is_forwarded:
            return False
        if isinstance(message, events.Key) and message.key in BYPASS:
            return False
        if threading.get_ident() != self.app._thread_id:  # only the event loop's own thread queues here
            return False
        if not self.pending and self.caught_up():
            return False
        self.pending.append(message)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._feed(), name="kmtui input gate")
        return True

    def caught_up(self) -> bool:
        """True when the app, its screen and the focused widget have nothing queued."""
        app = self.app
        if app.message_queue_size:
            return False
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the stack is being torn down
            return True
        focused = app.focused
        return not screen.message_queue_size and not (focused is not None and focused.message_queue_size)

    def close(self) -> None:
        """Drop what waits and stop the task (the app is leaving)."""
        self.pending.clear()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    # ------------------------------------------------------------ the task

    async def _feed(self) -> None:
        try:
            while self.pending:
                with self.app.batch_update():  # a frame: events handled one by one, the screen drawn once
                    end, count = time.monotonic() + FRAME, 0
                    while self.pending and time.monotonic() < end and count < FRAME_EVENTS:
                        await self._settled()
                        self._release()
                        count += 1
                    await self._settled()  # the last one handled too: it is in this frame, not the next
                self.frames += 1
                await self._settled()  # outside the batch: after the screen drew the frame
        finally:
            self._task = None

    async def _settled(self) -> None:
        """Wait until the app has handled what it holds (and, outside a batch, the screen drew it).

        Textual runs a ``call_after_refresh`` callback once the messages the
        app holds now are handled and the screen went idle (or, outside a
        batch, repainted). That is enough: waiting on until every queue is
        empty made each held event wait the whole :data:`MAX_WAIT` whenever
        something else kept posting (a glide's frames, toasts), and a backlog
        of 1 500 fuzzed inputs behind the help screen then took minutes to
        drain while the screen stood still. Never longer than :data:`MAX_WAIT`.
        """
        done = asyncio.Event()
        self.app.call_after_refresh(done.set)
        try:
            await asyncio.wait_for(done.wait(), MAX_WAIT)
        except TimeoutError:
            return

    def _release(self) -> None:
        first = self.pending.popleft()
        if isinstance(first, events.Key) and first.key in STEP_KEYS:
            n = 1
            while n < len(self.pending) + 1:
                nxt = self.pending[n - 1]
                if not (isinstance(nxt, events.Key) and nxt.key == first.key):
                    break
                n += 1
            if n >= MIN_RUN:
                rest = jump(self.app, first.key, n)
                if rest is not None:
                    for _ in range(n - 1):
                        self.pending.popleft()
                    self.jumps += 1
                    self.released += n
                    if rest:  # presses left over once the step is disabled: one says what they all say
                        self.deliver(first)
                    return
        self.released += 1
        self.deliver(first)
