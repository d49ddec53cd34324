"""Run: the steps of one K-Means run and a cursor into them.

The Run is the app's single source of truth. Steps are computed lazily, one
at a time, as the person asks for them; going back only moves the cursor, and
going forward again shows the steps already computed. ``next``, ``back`` and
friends return whether anything changed, so a caller repaints only then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine.seeding import init_centroids
from kmtui.engine.state import Phase, Step
from kmtui.engine.steps import lloyd_steps
from kmtui.engine.validation import (
    EmptyPolicy,
    InitMethod,
    check_data,
    check_empty,
    check_max_iter,
    check_random_state,
    check_tol,
)


@dataclass(frozen=True)
class RunConfig:
    """Everything that defines a run, for the header and for repeating it."""

    n_clusters: int
    init: str
    seed: int | None
    max_iter: int = 300
    tol: float = 0.0
    empty: str = "relocate"


class Run:
    """The history of one K-Means run with a cursor.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    init : {"uniform", "random", "k-means++", "farthest"} or array-like
    seed : int or None
        Seed for the init; recorded in :attr:`config` so the run can be repeated.
    max_iter, tol, empty
        As :func:`~kmtui.engine.steps.lloyd_steps`.

    Every parameter is checked here, before the first step
    (:mod:`~kmtui.engine.validation`); a bad one raises a ValueError that names it.
    """

    def __init__(
        self,
        X: ArrayLike,
        n_clusters: int,
        *,
        init: InitMethod | ArrayLike = "uniform",
        seed: int | None = None,
        max_iter: int = 300,
        tol: float = 0.0,
        empty: EmptyPolicy = "relocate",
    ) -> None:
        self.X: NDArray[np.float64] = check_data(X)
        n_iter, tol_rel, policy = check_max_iter(max_iter), check_tol(tol), check_empty(empty)
        C0 = init_centroids(self.X, n_clusters, init, random_state=check_random_state(seed))
        init_name = init if isinstance(init, str) else "manual"
        self.config = RunConfig(C0.shape[0], init_name, seed, n_iter, tol_rel, policy)
        self._source: Iterator[Step] | None = lloyd_steps(
            self.X, C0, max_iter=n_iter, tol=tol_rel, empty=policy
        )
        self.steps: list[Step] = [next(self._source)]
        self.cursor = 0
        self._computing = threading.Lock()  # compute_to_end may run in a worker thread

    # ---------------------------------------------------------------- state

    @property
    def current(self) -> Step:
        """The step under the cursor."""
        return self.steps[self.cursor]

    @property
    def finished(self) -> bool:
        """True once the last step of the run has been computed."""
        return self._source is None

    @property
    def at_start(self) -> bool:
        return self.cursor == 0

    @property
    def at_end(self) -> bool:
        """True when the cursor is on the run's final step (nothing left to compute or show)."""
        return self.finished and self.cursor == len(self.steps) - 1

    @property
    def can_forward(self) -> bool:
        """True when steps already computed lie ahead of the cursor."""
        return self.cursor < len(self.steps) - 1

    def next_phase(self) -> Phase | None:
        """What the next step will be, or None when the run has ended."""
        if self.can_forward:
            return self.steps[self.cursor + 1].phase
        if self.finished:
            return None
        return Phase.UPDATE if self.current.phase is Phase.ASSIGN else Phase.ASSIGN

    # ---------------------------------------------------------------- moves

    def _compute_one(self) -> bool:
        with self._computing:
            return self._compute_one_unlocked()

    def _compute_one_unlocked(self) -> bool:
        if self._source is None:
            return False
        step = next(self._source, None)
        if step is None:
            self._source = None
            return False
        self.steps.append(step)
        if step.stop is not None:
            self._source = None
        return True

    def next(self) -> bool:
        """Move to the next step, computing it if needed. False at the end of the run."""
        if self.can_forward or self._compute_one():
            self.cursor += 1
            return True
        return False

    def back(self) -> bool:
        """Move one step back. False at the first step."""
        if self.cursor == 0:
            return False
        self.cursor -= 1
        return True

    def forward(self) -> bool:
        """Move forward over steps already computed. False when none lie ahead."""
        if not self.can_forward:
            return False
        self.cursor += 1
        return True

    def first(self) -> bool:
        changed = self.cursor != 0
        self.cursor = 0
        return changed

    def last(self) -> bool:
        """Compute the run to its end and move to the final step."""
        before = self.cursor
        while self._compute_one():
            pass
        self.cursor = len(self.steps) - 1
        return self.cursor != before

    def run_to_end(self) -> list[Step]:
        """Compute every remaining step (the cursor does not move)."""
        while self._compute_one():
            pass
        return self.steps

    def compute_to_end(self, cancelled: Callable[[], bool] = lambda: False,
                       progress: Callable[[Step], None] | None = None) -> bool:
        """Compute the remaining steps until the run ends or ``cancelled()`` says so (the cursor does not move).

        Safe to call from a worker thread while the UI reads the run: the
        steps are appended one at a time, under the same lock as :meth:`next`.

        Parameters
        ----------
        cancelled : callable
            Asked before each step; True stops (the steps computed so far are kept).
        progress : callable, optional
            Called with each new step.

        Returns
        -------
        bool
            True when the run is finished, False when cancelled first.
        """
        while not self.finished:
            if cancelled():
                return False
            if self._compute_one() and progress is not None:
                progress(self.steps[-1])
        return True

    @property
    def inertia_history(self) -> list[float]:
        """Inertia of every step up to the cursor (init has none and is skipped)."""
        return [s.inertia for s in self.steps[: self.cursor + 1] if s.inertia is not None]

    @property
    def trail(self) -> list[NDArray[np.float64]]:
        """Centroid positions after each update up to the cursor, oldest first (init included)."""
        return [s.centroids for s in self.steps[: self.cursor + 1] if s.phase is not Phase.ASSIGN]
