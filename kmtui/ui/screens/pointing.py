"""PointKeys: the keys that point at one point — inspect (o), quiz (g) and its digits — and the keys
every mode shares: the arrows, a click on the plot.

The arrows move the crosshair while placing or moving a centroid, the inspect
cursor while inspecting, and otherwise step the run; a digit answers the quiz,
picks the centroid to move, or jumps to a restart.
"""

from __future__ import annotations

from textual import on
from textual.timer import Timer

from kmtui.narration import screen as say
from kmtui.ui.modes import Inspect, Move, Place, Quiz
from kmtui.ui.modes.inspect import distances_of
from kmtui.ui.modes.place import Crosshair
from kmtui.ui.screens.placing import PlacingKeys
from kmtui.ui.widgets.scatter import ScatterView


class PointKeys(PlacingKeys):
    """o, g and the digits, and what the arrows and a click do in each mode."""

    @on(ScatterView.Clicked)
    def _plot_clicked(self, event: ScatterView.Clicked) -> None:
        if isinstance(self.mode, Place):
            cross = self.mode.cross or Crosshair.over(self.session.selection.points)
            self._place_at(*cross.snapped(event.x, event.y), clicked=True)
        elif event.point is not None:
            self._inspect(Inspect(event.point))

    def action_quiz(self) -> None:
        self.playing = False
        self.scatter.finish_animation()
        why = Quiz.why_not(self.session)
        if why is not None:
            self.say(say.QUIZ_ENDED if why == "ended" else say.QUIZ_UPDATE_FIRST)
            return
        quiz = Quiz.ask(self.session, self.quiz_score)
        self.set_mode(quiz)
        labels = self.session.run.current.labels
        features = list(self.session.selection.feature_names)
        self.say(say.quiz_question(None if labels is None else int(labels[quiz.point]), self._shapes(), features))

    QUIZ_DIGIT_WAIT = 1.0
    """Seconds the quiz waits for a second digit when K is above 10 (tests set it lower)."""
    _quiz_digits = ""
    _quiz_timer: Timer | None = None

    def action_answer(self, key: int) -> None:
        """A digit for the quiz; with K above 10, a first digit that can start a number waits for a second."""
        if isinstance(self.mode, Move):
            self._pick(key)
            return
        if not isinstance(self.mode, Quiz):
            self.jump_to_restart(key)
            return
        k = self.session.k
        if self._quiz_timer is not None:
            self._quiz_timer.stop()
            self._quiz_timer = None
        digits = self._quiz_digits + str(key)
        if len(digits) == 1 and k > 10 and int(digits) * 10 <= k - 1 and int(digits) > 0:
            self._quiz_digits = digits
            self.say(say.quiz_typing(digits, k))
            self._quiz_timer = self.set_timer(self.QUIZ_DIGIT_WAIT, self._answer_typed)
            return
        self._quiz_digits = ""
        self._answer(int(digits))

    def _answer_typed(self) -> None:
        self._quiz_timer = None
        digits, self._quiz_digits = self._quiz_digits, ""
        if digits and isinstance(self.mode, Quiz):
            self._answer(int(digits))

    def _answer(self, key: int) -> None:
        quiz = self.mode
        if not isinstance(quiz, Quiz):
            return
        if key >= self.session.k:
            self.say(say.quiz_range(self.session.k))
            return
        right, answer = quiz.answer(self.session, key, self.quiz_score)
        d = [float(v) for v in distances_of(self.session, quiz.point)]
        self.say(say.quiz_verdict(right, answer, d, (self.quiz_score.right, self.quiz_score.asked),
                                  len(self.session.selection.features)))
        self.set_mode(None)

    def action_arrow(self, dx: int) -> None:
        """Left/right: move the inspect cursor when inspecting, else step back/forward."""
        if self._cross() is not None:
            self._move_cross(dx, 0)
        elif isinstance(self.mode, Inspect):
            self.action_inspect_move(dx, 0)
        elif dx < 0:
            self.action_step_back()
        else:
            self.action_step_forward()

    def action_inspect(self) -> None:
        if isinstance(self.mode, Inspect):
            self.action_leave_mode()
            return
        self._inspect(Inspect.start(self.session))

    def action_inspect_move(self, dx: int, dy: int) -> None:
        """Move the inspect cursor to the nearest point in a direction (arrow keys)."""
        mode = self.mode
        if self._cross() is not None:
            self._move_cross(dx, dy)
            return
        if not isinstance(mode, Inspect):
            if dx != 0:  # up/down do nothing outside inspect mode
                self.action_inspect()
            return
        if mode.move(self.session, dx, dy):
            self._inspect(mode)
        else:
            self.app.bell()

    def _inspect(self, mode: Inspect) -> None:
        self.set_mode(mode)
        self.say(self._inspect_said())
