"""SteppingKeys: space, a, u, back, forward, home, end, play — and lesson steps.

``end`` computes what is left of the run on the UI thread for at most
:data:`END_BUDGET` seconds; a longer run (a million points) goes on in a
thread worker that says its progress in the narration and is cancelled by
escape or any step key, so every key keeps answering.
"""

from __future__ import annotations

import asyncio
import time

from textual import events, on, work
from textual.worker import Worker, WorkerState, get_current_worker

from kmtui import keymap
from kmtui.engine.history import Run
from kmtui.engine.state import Phase, Step
from kmtui.narration import screen as say
from kmtui.ui.modes import Quiz
from kmtui.ui.screens.base import RunScreen
from kmtui.ui.widgets.scatter import ScatterView

END_BUDGET = 0.05
"""Seconds ``end`` may compute on the UI thread before handing the rest to a worker."""
SMALL_RUN = 200_000
"""Points × clusters up to which ``end`` tries the UI thread first (one step costs ~1 ms here)."""
PROGRESS_EVERY = 0.1
"""Seconds between two progress sentences of that worker."""


class SteppingKeys(RunScreen):
    """Moving through the run (and through a lesson, whose steps follow the run)."""

    _to_end: Worker[bool] | None = None
    """The worker computing the run to its end (``end`` on a long run), or None."""

    def _stop_to_end(self) -> bool:
        """Cancel the run-to-end worker, if one runs; True if it did."""
        worker, self._to_end = self._to_end, None
        if worker is None or worker.state not in (WorkerState.PENDING, WorkerState.RUNNING):
            return False
        worker.cancel()
        self.say(say_stopped(self.session.run))
        return True

    def _advance(self) -> bool:
        self._stop_to_end()
        scatter = self.scatter
        scatter.finish_animation()
        if isinstance(self.mode, Quiz):  # the step it asked about is happening: the question is over
            self.set_mode(None)
        run = self.session.run
        previous = run.current
        if not run.next():
            self.say(self.describe() + say.RUN_ENDED_TAIL)
            return False
        self.show(previous=previous)
        return True

    _replaying = False
    """True while a lesson step's keys are pressed (space then steps the run)."""

    async def action_next(self) -> None:
        if self.lesson is not None and not self.lesson.finished and not self._replaying:
            await self._lesson_next()
            return
        self.playing = False
        self._advance()

    def _phase(self, phase: Phase) -> None:
        self.playing = False
        run = self.session.run
        nxt = run.next_phase()
        if nxt is None:
            self.say(say.nothing_to(phase.value))
        elif nxt is not phase:
            self.say(say.cannot_now(phase, run.current.phase, nxt))
            self.app.bell()
        else:
            self._advance()

    def action_assign(self) -> None:
        self._phase(Phase.ASSIGN)

    def action_update(self) -> None:
        self._phase(Phase.UPDATE)

    def action_step_back(self) -> None:
        self.playing = False
        self._stop_to_end()
        self.scatter.finish_animation()
        if self.lesson is not None and self.lesson.owns_back(self.session):
            self.lesson.back(self.session)
            self._lesson_shown()
        elif self.session.run.back():
            self.show()
        else:
            self.say(say.FIRST_STEP)

    def action_step_forward(self) -> None:
        self.playing = False
        self._stop_to_end()
        run = self.session.run
        previous = run.current
        self.scatter.finish_animation()
        if run.forward():
            self.show(previous=previous)
        else:
            self.say(say.NO_LATER)

    def action_first_step(self) -> None:
        self.playing = False
        self._stop_to_end()
        if self.session.run.first():
            self.show()

    def action_last_step(self) -> None:
        self.playing = False
        run = self.session.run
        if self._to_end is not None and self._to_end.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return  # already on its way
        deadline = time.monotonic() + END_BUDGET
        small = run.X.shape[0] * run.config.n_clusters <= SMALL_RUN  # one step well inside the budget
        if self._replaying or (small and run.compute_to_end(cancelled=lambda: time.monotonic() > deadline)):
            if run.last():  # a lesson's keys wait for the end: computed here, whatever it costs
                self.show()
            return
        self.say(say_computing(run.steps[-1]))
        self._to_end = self._compute_to_end(run)

    @work(thread=True, exclusive=True, group="to-end", exit_on_error=False)
    def _compute_to_end(self, run: Run) -> bool:
        worker = get_current_worker()
        said = [time.monotonic()]

        def progress(step: Step) -> None:
            now = time.monotonic()
            if now - said[0] >= PROGRESS_EVERY:
                said[0] = now
                self.app.call_from_thread(self._progress, worker, step)

        return run.compute_to_end(
            cancelled=lambda: worker.is_cancelled or run is not self.session.run, progress=progress)

    def _progress(self, worker: Worker[bool], step: Step) -> None:
        if worker is self._to_end:
            self.say(say_computing(step))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._to_end or event.state is not WorkerState.SUCCESS:
            return
        self._to_end = None
        run = self.session.run
        if event.worker.result and run.finished and run.last():
            self.show()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self._stop_to_end():
            event.stop()

    def action_pause(self) -> None:
        self.action_play()

    def action_play(self) -> None:
        self._stop_to_end()
        if self.playing:
            self.playing = False
            self.say(say.PAUSED)
            return
        if self.session.run.at_end:
            self.say(say.RUN_ENDED_PLAY)
            return
        self.playing = True
        self._play_step()

    def _play_step(self) -> None:
        if not self.playing:
            return
        if not self._advance() or self.session.run.at_end:
            self.playing = False
            return
        if not self.scatter.animating:
            self.set_timer(self.PLAY_PAUSE / self.session.view.speed_factor, self._play_step)

    @on(ScatterView.AnimationDone)
    def _animation_done(self) -> None:
        if self.playing:
            self.set_timer(self.PLAY_PAUSE / self.session.view.speed_factor, self._play_step)

    # ------------------------------------------------------------ lessons

    async def _lesson_next(self) -> None:
        player, s = self.lesson, self.session
        assert player is not None
        self.playing = False
        self.scatter.finish_animation()
        known = player.prepare_next(s)
        if known is not None:
            previous = s.run.current if s.run is known.run else None
            player.advance(s, known)
            self._lesson_shown(previous)
            return
        self._replaying = True
        try:
            self._lesson_setup()
            keys = list(player.keys())
            for i, key in enumerate(keys):
                row = keymap.find(key)
                if row is None:
                    continue
                if row.action == "next" and i + 1 < len(keys) and keymap.find(keys[i + 1]) is row:
                    # a run of steps ("space" x 40) moves the run; only its last press is drawn
                    self._stop_to_end()
                    self.session.run.next()
                    continue
                await self.app.run_action(row.action, self if row.scope == "main" else self.app)
                self.scatter.finish_animation()  # a replayed key shows its end at once
                await asyncio.sleep(0)  # let the terminal's keys, resizes and repaints in between
        finally:
            self._replaying = False
        player.played(s)
        self._banner()
        self._lesson_played()

    def _lesson_setup(self) -> None:
        """Before a lesson step's keys (its scene and placed centroids: :class:`~kmtui.ui.screens.main.MainScreen`)."""

    def _lesson_played(self) -> None:
        """After a lesson step was played for the first time (the quiz, what the screen showed)."""

    def _lesson_shown(self, previous: Step | None = None) -> None:
        """The session was restored to a lesson step: draw it all again."""
        s = self.session
        self.set_mode(None)
        self.scatter.set_data(s.selection.points, s.selection.x_name, s.selection.y_name)
        self.show(previous=previous)
        self.elbow.title(s.elbow)
        self._banner()



def say_computing(step: Step) -> str:
    """The narration while ``end`` computes a long run."""
    return f"computing the run: iteration {step.iteration}… (escape or any step key stops)"


def say_stopped(run: Run) -> str:
    """The narration when that computation is stopped."""
    return f"stopped computing the run at iteration {run.steps[-1].iteration}; end goes on from there"
