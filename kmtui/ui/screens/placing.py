"""PlacingKeys: centroids by hand — placing all K (m) and moving one at any step (M).

Both open a crosshair that the arrows move and enter drops (or a click, when
placing). Placing starts a new run from the placed centroids; moving one
branches the run at the current step, and ``b`` at the branch's first step
goes back to the run it branched from. Escape leaves any open mode.
"""

from __future__ import annotations

from kmtui.narration import describe_step, fmt_num
from kmtui.narration import screen as say
from kmtui.narration.text import Said
from kmtui.ui.modes import Mode, Move, Place
from kmtui.ui.modes.place import Crosshair
from kmtui.ui.screens.takeaway import TakeAwayKeys


class PlacingKeys(TakeAwayKeys):
    """m and M: the crosshair, placing K centroids, moving one (the run branches); escape leaves a mode."""

    def action_leave_mode(self) -> None:
        if self.mode is None:
            return
        was = self.mode
        self.set_mode(None)
        if isinstance(was, Place):
            self.say(say.PLACE_CANCELLED)
        else:
            self.say(self.describe())

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
