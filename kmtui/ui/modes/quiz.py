"""Quiz (g): predict which centroid a point joins at the next assign."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kmtui.engine.state import Phase
from kmtui.engine.steps import assign
from kmtui.session import Session
from kmtui.ui.modes.inspect import distances_of


@dataclass
class QuizScore:
    right: int = 0
    asked: int = 0


@dataclass
class Quiz:
    """One open question: which centroid will ``point`` join?"""

    point: int

    @staticmethod
    def why_not(session: Session) -> str | None:
        """None when a question can be asked now, else the reason (``"ended"`` or ``"update"``)."""
        nxt = session.run.next_phase()
        if nxt is Phase.ASSIGN:
            return None
        return "ended" if nxt is None else "update"

    @classmethod
    def ask(cls, session: Session, score: QuizScore) -> Quiz:
        """A point to ask about: preferably one that will change cluster."""
        step = session.run.current
        X = session.selection.X
        nearest = assign(X, step.centroids)  # the engine's own answer, ties and all
        seed = session.config.seed or 0
        rng = np.random.default_rng(seed + step.index + score.asked)
        movers = np.flatnonzero(nearest != step.labels) if step.labels is not None else np.arange(len(X))
        pool = movers if len(movers) else np.arange(len(X))
        return cls(int(rng.choice(pool)))

    def answer(self, session: Session, key: int, score: QuizScore) -> tuple[bool, int]:
        """Score an answer: (was it right, the right centroid)."""
        right = int(np.argmin(distances_of(session, self.point)))
        score.asked += 1
        if key == right:
            score.right += 1
        return key == right, right
