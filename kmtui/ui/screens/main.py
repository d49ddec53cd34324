"""MainScreen: the run on screen, and every key that changes it.

The screen owns a :class:`~kmtui.session.Session` (the one source of truth:
data, run, cursor, view) and draws it. A key press takes one straight path:
binding → action → the session (or a mode, or the lesson player) changes →
:meth:`~kmtui.ui.screens.drawing.RunDrawing.show` hands the current step to the
widgets. Nothing keeps a copy of K, the init, the seed or the cursor.

The keys come in groups, one class each, stacked: the widgets and their layout
(:mod:`.layout`), drawing (:mod:`.drawing`), key state (:mod:`.base`), stepping
and lessons (:mod:`.stepping`), settings, view and elbow (:mod:`.settings`),
restarts (:mod:`.restarts`), what the teacher takes away (:mod:`.takeaway`:
w, W), centroids by hand (:mod:`.placing`: m, M), the keys that point at a
point (:mod:`.pointing`: inspect o, quiz g, the arrows and clicks), and here
what a lesson step leaves on this screen: its scene, its quiz, and what going
back to it shows again.
"""

from __future__ import annotations

from textual import on

from kmtui.narration import screen as say
from kmtui.narration.text import Said
from kmtui.ui.modes import Mode, Quiz
from kmtui.ui.modes.inspect import distances_of
from kmtui.ui.screens.pointing import PointKeys
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.elbow import ElbowPanel


class MainScreen(PointKeys):
    """The main screen: every key of the run, and the lesson steps' scenes, quiz and marks."""

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
        if player is None or not player.at_mark(self.session):
            return
        player.refresh_mark(self.session)  # the start too: the automatic elbow finishes after the first frame
        if player.position in self._lesson_marks:
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
