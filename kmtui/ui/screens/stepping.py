"""SteppingKeys: space, a, u, back, forward, home, end, play — and lesson steps."""

from __future__ import annotations

from textual import on

from kmtui import keymap
from kmtui.engine.state import Phase, Step
from kmtui.narration import screen as say
from kmtui.ui.modes import Quiz
from kmtui.ui.screens.base import RunScreen
from kmtui.ui.widgets.scatter import ScatterView


class SteppingKeys(RunScreen):
    """Moving through the run (and through a lesson, whose steps follow the run)."""

    def _advance(self) -> bool:
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
        run = self.session.run
        previous = run.current
        self.scatter.finish_animation()
        if run.forward():
            self.show(previous=previous)
        else:
            self.say(say.NO_LATER)

    def action_first_step(self) -> None:
        self.playing = False
        if self.session.run.first():
            self.show()

    def action_last_step(self) -> None:
        self.playing = False
        if self.session.run.last():
            self.show()

    def action_pause(self) -> None:
        self.action_play()

    def action_play(self) -> None:
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
            for key in player.keys():
                row = keymap.find(key)
                if row is not None:
                    await self.app.run_action(row.action, self if row.scope == "main" else self.app)
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

