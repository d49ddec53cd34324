"""The elbow method: inertia against K, and where the fall slows (the knee).

:func:`elbow` runs K-Means for every K from ``k_min`` to ``k_max``, ``n_init``
times each, and keeps the best, lowest and highest final inertia; the knee is
found by Kneedle (:func:`kmtui.engine.knee.knee`). The sweep can report
progress and be cancelled between runs, so the app runs it in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from kmtui.engine._kernels import _transposed
from kmtui.engine._lloyd import _STACK_CELLS, _run_inertias, _tolerance
from kmtui.engine.knee import knee as find_knee
from kmtui.engine.seeding import _init_runs
from kmtui.engine.steps import final_inertia
from kmtui.engine.validation import (
    EmptyPolicy,
    InitMethod,
    InvalidParameterError,
    Seed,
    check_data,
    check_empty,
    check_init_method,
    check_int,
    check_max_iter,
    check_n_init,
    check_random_state,
    check_tol,
)

__all__ = ["Cancelled", "ElbowCurve", "elbow", "final_inertia"]


class Cancelled(Exception):
    """Raised by :func:`elbow` when its ``cancelled`` callback answers True."""


@dataclass(frozen=True, eq=False)
class ElbowCurve:
    """Inertia against K.

    Attributes
    ----------
    ks : list of int
    inertia : list of float
        The lowest final inertia of the ``n_init`` runs at each K.
    inertia_min, inertia_max : list of float
        The spread over the ``n_init`` runs (``inertia_min`` equals ``inertia``).
    knee : int or None
        The K where Kneedle finds the knee, or None when there is no clear elbow.
    n_init : int
    seed : int or None
    init : str
    """

    ks: list[int]
    inertia: list[float]
    inertia_min: list[float]
    inertia_max: list[float]
    knee: int | None
    n_init: int
    seed: int | None
    init: str = "k-means++"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ks": self.ks,
            "inertia": self.inertia,
            "inertia_min": self.inertia_min,
            "inertia_max": self.inertia_max,
            "knee": self.knee,
            "n_init": self.n_init,
            "seed": self.seed,
            "init": self.init,
        }


def elbow(
    X: ArrayLike,
    *,
    k_min: int = 1,
    k_max: int = 10,
    n_init: int = 10,
    init: InitMethod = "k-means++",
    max_iter: int = 300,
    tol: float = 0.0,
    empty: EmptyPolicy = "relocate",
    random_state: Seed = 0,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ElbowCurve:
    """Sweep K and record the inertia K-Means reaches.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    k_min, k_max : int, default=1 and 10
        The range of K (``k_max`` is capped at the number of samples).
    n_init : int, default=10
        Runs per K; the best is kept.
    init : str, default="k-means++"
    max_iter, tol, empty
        As :class:`~kmtui.engine.estimator.KMeans`.
    random_state : int, Generator, RandomState or None, default=0
        Seed for the initial centroids; an int is recorded in the curve's ``seed``.
    progress : callable(done, total), optional
        Called after every run.
    cancelled : callable() -> bool, optional
        Polled before every run; when it answers True, :class:`Cancelled` is raised.

    Returns
    -------
    ElbowCurve
    """
    Xa = check_data(X)
    n_init = check_n_init(n_init)
    k_min = check_int(k_min, "k_min")
    k_max = check_int(k_max, "k_max")
    if k_max < k_min:
        raise InvalidParameterError(f"need 1 <= k_min <= k_max, got k_min={k_min}, k_max={k_max}")
    k_max = min(k_max, Xa.shape[0])
    k_min = min(k_min, k_max)
    method = check_init_method(init)
    n_iter = check_max_iter(max_iter)
    policy = check_empty(empty)
    tol_abs = _tolerance(Xa, check_tol(tol))
    XT = _transposed(Xa)  # once for the whole sweep
    rng = check_random_state(random_state)
    ks = list(range(k_min, k_max + 1))
    total = len(ks) * n_init
    best: list[float] = []
    worst: list[float] = []
    done = 0
    for k in ks:
        # A K's runs go side by side when the data is small (the same numbers
        # as one at a time, far fewer numpy calls); else one at a time, so
        # that progress and cancellation stay fine-grained.
        group = n_init if Xa.shape[0] * k * n_init <= _STACK_CELLS else 1
        results: list[float] = []
        while len(results) < n_init:
            runs = min(group, n_init - len(results))
            for _ in range(runs):
                if cancelled is not None and cancelled():
                    raise Cancelled
            starts = _init_runs(Xa, k, method, rng, runs, XT)
            for inertia in _run_inertias(Xa, XT, starts, n_iter, tol_abs, policy):
                results.append(inertia)
                done += 1
                if progress is not None:
                    progress(done, total)
        best.append(min(results))
        worst.append(max(results))
    kn = find_knee(ks, best) if len(ks) >= 3 else None
    return ElbowCurve(
        ks=ks,
        inertia=best,
        inertia_min=list(best),
        inertia_max=worst,
        knee=None if kn is None else int(kn),
        n_init=n_init,
        seed=int(random_state) if isinstance(random_state, (int, np.integer)) else None,
        init=method,
    )
