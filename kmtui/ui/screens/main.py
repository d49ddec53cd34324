"""MainScreen: the run on screen, and every key that changes it.

The screen owns a :class:`~kmtui.session.Session` (the one source of truth:
data, run, cursor, view) and draws it. A key press takes one straight path:
binding → action → the session (or a mode, or the lesson player) changes →
:meth:`~kmtui.ui.screens.base.RunScreen.show` hands the current step to the
widgets. Nothing keeps a copy of K, the init, the seed or the cursor.

The keys come in groups, one class each, stacked: drawing and key state
(:mod:`.base`), stepping and lessons (:mod:`.stepping`), settings, view and
elbow (:mod:`.settings`), and here the teaching modes: inspect (o), quiz (g),
placing centroids by hand (m: a crosshair the arrows move, or clicks) and
moving one at any step (M: the run branches); the lesson steps' scenes and
quiz, and what the teacher takes away: the run as JSON and CSV (w) and the
session as a lesson file (W).
"""

from __future__ import annotations

from textual import on
from textual.timer import Timer

from kmtui.narration import describe_step, fmt_num
from kmtui.narration import screen as say
from kmtui.narration.text import Said
from kmtui.ui.modes import Inspect, Mode, Move, Place, Quiz
from kmtui.ui.modes.inspect import distances_of
from kmtui.ui.modes.place import Crosshair
from kmtui.ui.screens.takeaway import TakeAwayKeys
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.elbow import ElbowPanel
from kmtui.ui.widgets.scatter import ScatterView


class MainScreen(TakeAwayKeys):
    """The main screen: every key of the run, and the teaching modes."""

    def action_leave_mode(self) -> None:
        if self.mode is None:
            return
        was = self.mode
        self.set_mode(None)
        if isinstance(was, Place):
            self.say(say.PLACE_CANCELLED)
        else:
            self.say(self.describe())

    @on(ScatterView.Clicked)
    def _plot_clicked(self, event: ScatterView.Clicked) -> None:
        if isinstance(self.mode, Place):
            cross = self.mode.cross or Crosshair.over(self.session.selection.points)
            self._place_at(*cross.snapped(event.x, event.y), clicked=True)
        elif event.point is not None:
            self._inspect(Inspect(event.point))

    def action_place(self) -> None:
        if isinstance(self.mode, Place):
            self.action_leave_mode()
            return
        self.playing = False
        self.scatter.finish_animation()
        self.set_mode(Place(self.session.k, cross=Crosshair.over(self.session.selection.points)))
        self.say(self._cross_said(say.place_prompt(self.session.k)))

    def _place_at(self, x: float, y: float, *, clicked: bool = False) -> None:
        mode = self.mode
        assert isinstance(mode, Place)
        if not mode.add(x, y):
            placed = say.placed_one(len(mode.placed) - 1, x, y, mode.left)
            self.say(placed if clicked else self._cross_said(placed))
            return
        self.session.place(mode.placed)
        self.recording.place(mode.placed)
        self.new_run(None)
        self.say(say.PLACED)

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

    # ------------------------------------------------------------ the crosshair (m, M)

    def _cross(self) -> Crosshair | None:
        mode = self.mode
        return mode.cross if isinstance(mode, (Place, Move)) else None

    def _cross_said(self, first: str) -> Said:
        cross = self._cross()
        if cross is None:
            return [(first, "")]
        sel = self.session.selection
        return [(first + " ", ""), ("Crosshair at ", ""),
                (f"({fmt_num(cross.x)}, {fmt_num(cross.y)})", "bold"),
                (f" ({sel.x_name}, {sel.y_name}): arrows move it by {fmt_num(cross.dx)} × {fmt_num(cross.dy)}, "
                 "enter drops it, escape cancels.", "")]

    def _move_cross(self, dx: int, dy: int) -> None:
        cross = self._cross()
        assert cross is not None
        cross.move(dx, dy)
        self.scatter.set_cursor_at((cross.x, cross.y))
        mode = self.mode
        if isinstance(mode, Move):
            self.say(self._cross_said(f"Moving centroid {mode.picked}."))
        else:
            assert isinstance(mode, Place)
            self.say(self._cross_said(f"{mode.left} to place."))

    def set_mode(self, mode: Mode | None) -> None:
        super().set_mode(mode)
        cross = mode.cross if isinstance(mode, (Place, Move)) else None
        self.scatter.set_cursor_at(None if cross is None else (cross.x, cross.y))

    def action_play(self) -> None:
        """Enter drops the crosshair's centroid while placing or moving; else play/pause."""
        mode = self.mode
        if isinstance(mode, Place) and mode.cross is not None:
            self._place_at(mode.cross.x, mode.cross.y)
        elif isinstance(mode, Move):
            self._drop()
        else:
            super().action_play()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._cross() is not None and action in ("play", "arrow", "inspect_move"):
            return True
        if isinstance(self.mode, Move) and action == "answer":
            return True
        s = self.session
        if action in ("step_back", "arrow") and s.parents and s.run.at_start and not (
                action == "arrow" and parameters and parameters[0] != -1):
            return True
        return super().check_action(action, parameters)

    def action_move(self) -> None:
        """M: pick a centroid by its number, move it with the arrows, drop it with enter (the run branches)."""
        if isinstance(self.mode, Move):
            self.action_leave_mode()
            return
        self.playing = False
        self.scatter.finish_animation()
        s = self.session
        self.set_mode(Move(s.run.current.centroids, s.selection.xy, s.selection.points))
        self.say(say.move_prompt(s.k))

    def _pick(self, j: int) -> None:
        mode = self.mode
        assert isinstance(mode, Move)
        if not mode.pick(j):
            self.say(say.quiz_range(self.session.k))
            return
        self.set_mode(mode)
        self.say(self._cross_said(f"Moving centroid {j}."))

    def _drop(self) -> None:
        mode = self.mode
        assert isinstance(mode, Move)
        if mode.picked is None:
            self.say(say.move_pick_first(self.session.k))
            return
        s = self.session
        at = s.run.current.index
        s.branch(mode.moved())
        self.new_run(None)
        x, y = (mode.cross.x, mode.cross.y) if mode.cross else (0.0, 0.0)
        self.say(say.moved(mode.picked, x, y, at))

    def action_step_back(self) -> None:
        s = self.session
        owned = self.lesson is not None and self.lesson.owns_back(s)
        if not owned and s.run.at_start and s.parents:
            self.playing = False
            self.scatter.finish_animation()
            s.unbranch()
            self.new_run(None)
            self.say(say.unbranched(s.run.cursor) + describe_step(s.run.current, init=s.config.init,
                                                                  n_samples=s.n_samples))
            return
        super().action_step_back()

    # ------------------------------------------------------------ lessons: scenes, quiz, going back

    _said: Said | str = ""

    @property
    def _lesson_marks(self) -> dict[int, tuple[Said | str, str, Mode | None]]:
        """What each lesson step left on screen beyond the session (narration, detail panel, mode)."""
        marks: dict[int, tuple[Said | str, str, Mode | None]] | None = self.__dict__.get("_marks_ui")
        if marks is None:
            marks = self.__dict__["_marks_ui"] = {}
        return marks

    def say(self, said: Said | str) -> None:
        self._said = said
        super().say(said)

    def _lesson_setup(self) -> None:
        player = self.lesson
        assert player is not None
        step = player.lesson.steps[player.position]
        if player.set_up(self.session):
            self.new_data()
        elif step.scene is not None or step.place is not None:
            self.new_run(None)
        if step.place is not None:
            self.say(say.PLACED)

    def _lesson_played(self) -> None:
        player = self.lesson
        assert player is not None
        if player.quiz:
            self.action_quiz()
        self._lesson_marks[player.position] = (self._said, self.query_one(DetailPanel).mode, self.mode)

    def _lesson_shown(self, previous: object = None) -> None:
        super()._lesson_shown(previous)  # type: ignore[arg-type]
        player = self.lesson
        mark = self._lesson_marks.get(player.position) if player is not None else None
        if mark is None:
            return
        said, detail, mode = mark
        panel = self.query_one(DetailPanel)
        if panel.mode != detail:
            panel.set_mode(detail)
            self._detail()
        self.set_mode(mode)
        self.say(said)

    @on(ElbowPanel.Computed)
    def _lesson_elbow(self) -> None:
        if self.lesson is not None:  # after the settings' handler has stored the curve in the session
            self.call_later(self._refresh_lesson_mark)

    def _refresh_lesson_mark(self) -> None:
        player = self.lesson
        if player is None or not player.owns_back(self.session) or player.position not in self._lesson_marks:
            return
        player.refresh_mark(self.session)
        self._lesson_marks[player.position] = (self._said, self.query_one(DetailPanel).mode, self.mode)

    async def action_next(self) -> None:
        """Space: in a lesson's quiz step, first reveal the answer; else the next step."""
        player, mode = self.lesson, self.mode
        if player is not None and player.quiz and isinstance(mode, Quiz) and not self._replaying:
            d = [float(v) for v in distances_of(self.session, mode.point)]
            right = min(range(len(d)), key=d.__getitem__)
            self.set_mode(None)
            self.say(say.lesson_quiz_answer(mode.point, right, self._shapes()[right], d))
            return
        await super().action_next()
