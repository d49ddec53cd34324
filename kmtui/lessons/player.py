"""LessonPlayer: where a lesson is, tied to the session it plays on (pure: no UI).

The player remembers the session as it was after each lesson step (a
:class:`~kmtui.session.Snapshot`: the data, the Run and its cursor). Going
back a lesson step restores the one before, so the screen shows that step's
run state again; going forward restores the next one if it was played
before, and otherwise presses the step's keys and remembers the result. So
back and forward always agree with each other and with the run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kmtui.lessons.lesson import Lesson, LessonStep
from kmtui.session import Session, Snapshot


class LessonPlayer:
    """A lesson's position and the session state after each of its steps."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.position = 0
        """How many lesson steps have been played (0: not begun)."""
        self._marks: list[Snapshot | None] = [None] * (len(lesson.steps) + 1)

    @property
    def total(self) -> int:
        return len(self.lesson.steps)

    @property
    def finished(self) -> bool:
        return self.position >= self.total

    @property
    def current(self) -> LessonStep | None:
        """The step last played, or None before the first."""
        return self.lesson.steps[self.position - 1] if self.position else None

    def begin(self, session: Session) -> None:
        """Remember where the lesson starts and give the session the lesson's seeds."""
        self._marks[0] = session.snapshot()
        session.seeds = self.seeds_for(0)

    def seeds_for(self, position: int) -> Callable[[], int]:
        """New seeds (``r``) during lesson step ``position``: the same every time it plays."""
        rng = np.random.default_rng([self.lesson.seed, position])
        return lambda: int(rng.integers(2**31))

    # ------------------------------------------------------------ moving

    def at_mark(self, session: Session) -> bool:
        """True when the session shows what the lesson step last played left (at 0: the lesson's start)."""
        mark = self._marks[self.position]
        return mark is not None and session.at(mark)

    def owns_back(self, session: Session) -> bool:
        """True when back should go to the previous lesson step (the session shows this one)."""
        return self.position > 0 and self.at_mark(session)

    def back(self, session: Session) -> None:
        """Back one lesson step: the session as it was after the step before."""
        self.position -= 1
        mark = self._marks[self.position]
        assert mark is not None
        session.restore(mark)
        session.seeds = self.seeds_for(self.position)

    def prepare_next(self, session: Session) -> Snapshot | None:
        """Before the next step: back to where this one left the session.

        Returns the next step's remembered state if it was played before (the
        caller restores it with :meth:`advance`), else None: the caller then
        presses :meth:`keys` and calls :meth:`played`.
        """
        mark = self._marks[self.position]
        if mark is not None and not session.at(mark):
            session.restore(mark)
        session.seeds = self.seeds_for(self.position + 1)
        return self._marks[self.position + 1]

    def keys(self) -> tuple[str, ...]:
        return self.lesson.steps[self.position].keys

    def set_up(self, session: Session) -> bool:
        """Before the next step's keys: its scene (data, K, centroids…) and its placed centroids.

        Returns True when the data changed (the screen then draws new points).
        """
        st = self.lesson.steps[self.position]
        new_data = False
        sc = st.scene
        if sc is not None:
            if st.selection is not None:
                session.selection = st.selection
                session.elbow = None
                new_data = True
            changes: dict[str, Any] = {name: value for name, value in (
                ("init", sc.init), ("seed", sc.seed), ("tol", sc.tol), ("empty", sc.empty)) if value is not None}
            if st.start is not None:
                changes.pop("init", None)  # exact centroids: the init is "given"
                session.start_from(st.start, **changes)
            elif sc.k is not None or changes or new_data:
                if sc.k is not None:
                    changes["n_clusters"] = sc.k
                session.restart(**changes)
        if st.place is not None:
            session.place(list(st.place))
        return new_data

    @property
    def quiz(self) -> bool:
        """Whether the step last played asks the quiz."""
        step = self.current
        return step is not None and step.quiz

    def advance(self, session: Session, known: Snapshot) -> None:
        """Forward to a step played before: its remembered state."""
        session.restore(known)
        self.position += 1

    def played(self, session: Session) -> None:
        """The next step's keys were pressed: remember the session it left."""
        self.position += 1
        self._marks[self.position] = session.snapshot()

    def refresh_mark(self, session: Session) -> None:
        """The session still shows the step last played (or the start) but learnt more (its elbow):
        remember that too, so that coming back to it shows it again."""
        if self.at_mark(session):
            self._marks[self.position] = session.snapshot()
