"""The elbow method: inertia against K, where the fall slows (the knee), and whether that means anything.

:func:`elbow` runs K-Means for every K from ``k_min`` to ``k_max``, ``n_init``
times each, and keeps the best, lowest and highest final inertia; the knee is
found by Kneedle (:func:`kmtui.engine.knee.knee`). Beside it, the gap
statistic (:mod:`kmtui.engine.gap`) clusters reference data sets with no
structure the same way, and the :func:`verdict` says whether the two agree on
a K, see no structure, or disagree. The sweep can report progress and be
cancelled between runs (of the data and of the references alike), so the app
runs it in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine._kernels import _transposed
from kmtui.engine._lloyd import _STACK_CELLS, _run_inertias, _tolerance
from kmtui.engine.gap import DEFAULT_REFS, MAX_REF_POINTS, gap_statistic, reference_sets
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

__all__ = ["DEFAULT_TOL", "Cancelled", "ElbowCurve", "Verdict", "elbow", "final_inertia", "verdict"]

DEFAULT_TOL = 1e-4
"""The sweep's default tolerance: scikit-learn's (relative to the mean feature variance).

Each run stops when the centroids' squared moves sum to less than this times the
data's mean variance, as scikit-learn's ``KMeans`` does by default. On the
built-in blobs the best inertia at each K agrees with running every fit until no
label changes (``tol=0``) to 1e-3 where the groups are (K <= 3) and to 1e-2 at
every K (a run stopped early can end in another local minimum), with the same
knee, gap and verdict; on 200 000 points the sweep is about nine times faster."""

Verdict = Literal["clear", "none", "unclear"]



class Cancelled(Exception):
    """Raised by :func:`elbow` when its ``cancelled`` callback answers True."""


def verdict(knee: int | None, gap_k: int | None) -> Verdict:
    """What Kneedle and the gap statistic say together.

    ``"clear"`` when Kneedle's knee equals the gap statistic's K and both are
    above 1; ``"none"`` when the gap statistic chooses K=1 (the data are no
    more grouped than uniform noise over their bounding box, whatever bend
    the curve has); ``"unclear"`` otherwise.

    >>> verdict(3, 3), verdict(4, 1), verdict(2, 3), verdict(None, 3)
    ('clear', 'none', 'unclear', 'unclear')
    """
    if gap_k == 1:
        return "none"
    if knee is not None and knee == gap_k and knee > 1:
        return "clear"
    return "unclear"


@dataclass(frozen=True, eq=False)
class ElbowCurve:
    """Inertia against K, with the gap statistic beside it.

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
    reference : list of float or None
        The mean inertia of the gap statistic's reference sets at each K (the
        geometric mean, scaled to the data's number of points, so that
        ``gap = log(reference) - log(inertia)``). None when the gap statistic
        was not computed (``gap=False``, or a single K).
    gap, gap_sd : list of float or None
        The gap statistic and its standard error ``s(K)`` at each K.
    gap_k : int or None
        The K the gap statistic chooses (None when it chooses none).
    verdict : {"clear", "none", "unclear"} or None
        :func:`verdict` of ``knee`` and ``gap_k``; None without the gap statistic.
    n_refs : int
        Reference sets drawn (0 without the gap statistic).
    ref_points : int
        Points in each reference set.
    tol : float
        The tolerance the runs used.
    """

    ks: list[int]
    inertia: list[float]
    inertia_min: list[float]
    inertia_max: list[float]
    knee: int | None
    n_init: int
    seed: int | None
    init: str = "k-means++"
    reference: list[float] | None = None
    gap: list[float] | None = None
    gap_sd: list[float] | None = None
    gap_k: int | None = None
    verdict: Verdict | None = None
    n_refs: int = 0
    ref_points: int = 0
    tol: float = DEFAULT_TOL

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
            "tol": self.tol,
            "reference": self.reference,
            "gap": self.gap,
            "gap_sd": self.gap_sd,
            "gap_k": self.gap_k,
            "verdict": self.verdict,
            "n_refs": self.n_refs,
            "ref_points": self.ref_points,
        }


class _Sweep:
    """The runs of one sweep: K-Means at each K, ``n_init`` times, counting every run.

    One instance serves the data and then each reference set, so progress
    counts all of them and cancellation is polled before every run.
    """

    def __init__(self, ks: list[int], n_init: int, method: str, rng: np.random.Generator, n_iter: int,
                 tol: float, policy: str, total: int,
                 progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> None:
        self.ks, self.n_init, self.method, self.rng = ks, n_init, method, rng
        self.n_iter, self.tol, self.policy = n_iter, tol, policy
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def run(self, X: NDArray[np.float64], n_init: int | None = None) -> tuple[list[float], list[float]]:
        """The best and the worst final inertia at each K (of ``n_init`` runs, default the sweep's)."""
        n_init = self.n_init if n_init is None else n_init
        tol_abs = _tolerance(X, self.tol)
        XT = _transposed(X)  # once for the whole sweep
        best: list[float] = []
        worst: list[float] = []
        for k in self.ks:
            # A K's runs go side by side when the data is small (the same numbers
            # as one at a time, far fewer numpy calls); else one at a time, so
            # that progress and cancellation stay fine-grained.
            group = n_init if X.shape[0] * k * n_init <= _STACK_CELLS else 1
            results: list[float] = []
            while len(results) < n_init:
                runs = min(group, n_init - len(results))
                if self.cancelled is not None and self.cancelled():
                    raise Cancelled
                starts = _init_runs(X, k, self.method, self.rng, runs, XT)
                for inertia in _run_inertias(X, XT, starts, self.n_iter, tol_abs, self.policy):
                    results.append(inertia)
                    self.done += 1
                    if self.progress is not None:
                        self.progress(self.done, self.total)
            best.append(min(results))
            worst.append(max(results))
        return best, worst


def elbow(
    X: ArrayLike,
    *,
    k_min: int = 1,
    k_max: int = 10,
    n_init: int = 10,
    init: InitMethod = "k-means++",
    max_iter: int = 300,
    tol: float = DEFAULT_TOL,
    empty: EmptyPolicy = "relocate",
    random_state: Seed = 0,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    gap: bool = True,
    n_refs: int = DEFAULT_REFS,
    max_ref_points: int = MAX_REF_POINTS,
    ref_n_init: int | None = None,
) -> ElbowCurve:
    """Sweep K and record the inertia K-Means reaches; with the gap statistic beside it.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    k_min, k_max : int, default=1 and 10
        The range of K (``k_max`` is capped at the number of samples).
    n_init : int, default=10
        Runs per K; the best is kept.
    init : str, default="k-means++"
    max_iter, empty
        As :class:`~kmtui.engine.estimator.KMeans`.
    tol : float, default=1e-4
        As :class:`~kmtui.engine.estimator.KMeans`, but scikit-learn's default
        (:data:`DEFAULT_TOL`): a run stops when the centroids barely move. 0
        runs every fit until no label changes (several times slower on large
        data, where the extra centroids of K above the true groups drift
        slowly).
    random_state : int, Generator, RandomState or None, default=0
        Seed for the initial centroids and the reference sets; an int is
        recorded in the curve's ``seed``.
    progress : callable(done, total), optional
        Called after every run (the references' runs count too).
    cancelled : callable() -> bool, optional
        Polled before every run; when it answers True, :class:`Cancelled` is raised.
    gap : bool, default=True
        Compute the gap statistic too (when there are at least two K).
    n_refs : int, default=10
        B, the number of reference sets (at least 2).
    max_ref_points : int, default=2000
        Most points in a reference set (see :mod:`kmtui.engine.gap`).
    ref_n_init : int or None, default=None
        Runs per K on each reference set (default ``n_init``). Data with no
        groups has few distinct local minima, so fewer restarts cost little
        accuracy there; the app uses 2 to keep its automatic elbow light
        on a shared server.

    Returns
    -------
    ElbowCurve

    Notes
    -----
    One random generator serves everything, in this order: the data's runs
    (K by K, run by run, as ``KMeans(k, n_init=n_init,
    random_state=generator).fit`` would draw them), then for each reference
    set its points (:func:`~kmtui.engine.gap.reference_sets` draws one) and
    its runs, the same way.
    """
    Xa = check_data(X)
    n_init = check_n_init(n_init)
    k_min = check_int(k_min, "k_min")
    k_max = check_int(k_max, "k_max")
    if k_max < k_min:
        raise InvalidParameterError(f"need 1 <= k_min <= k_max, got k_min={k_min}, k_max={k_max}")
    n_refs = check_int(n_refs, "n_refs", minimum=2)
    ref_runs = n_init if ref_n_init is None else check_n_init(ref_n_init)
    max_ref_points = check_int(max_ref_points, "max_ref_points", minimum=2)
    k_max = min(k_max, Xa.shape[0])
    k_min = min(k_min, k_max)
    method = check_init_method(init)
    n_iter = check_max_iter(max_iter)
    policy = check_empty(empty)
    tol = check_tol(tol)
    rng = check_random_state(random_state)
    ks = list(range(k_min, k_max + 1))
    with_gap = gap and len(ks) >= 2
    total = len(ks) * (n_init + (n_refs * ref_runs if with_gap else 0))
    sweep = _Sweep(ks, n_init, method, rng, n_iter, tol, policy, total, progress, cancelled)
    best, worst = sweep.run(Xa)
    kn = find_knee(ks, best) if len(ks) >= 3 else None
    knee = None if kn is None else int(kn)
    extra: dict[str, Any] = {}
    if with_gap:
        refs: list[list[float]] = []
        m = min(Xa.shape[0], max_ref_points)
        for _ in range(n_refs):
            (ref,) = reference_sets(Xa, 1, rng, max_points=max_ref_points)
            refs.append(sweep.run(ref, ref_runs)[0])
        stat = gap_statistic(ks, best, refs, scale=Xa.shape[0] / m, ref_points=m)
        extra = {"reference": stat.reference, "gap": stat.gap, "gap_sd": stat.gap_sd, "gap_k": stat.k,
                 "verdict": verdict(knee, stat.k), "n_refs": n_refs, "ref_points": m}
    return ElbowCurve(
        ks=ks,
        inertia=best,
        inertia_min=list(best),
        inertia_max=worst,
        knee=knee,
        n_init=n_init,
        seed=int(random_state) if isinstance(random_state, (int, np.integer)) else None,
        init=method,
        tol=tol,
        **extra,
    )
