"""The source material's steps of K-Means, as plain numpy functions (public, validated).

1. :func:`init_centroids` places K centroids (in :mod:`~kmtui.engine.seeding`,
   re-exported here).
2. :func:`assign` gives every point the label of its nearest centroid
   (Euclidean distance, ``np.argmin``, ties to the lowest index).
3. :func:`update` moves every centroid to the mean of its points, with a policy
   for clusters that have no points.

:func:`lloyd_steps` repeats 2 and 3 until convergence and yields one
:class:`~kmtui.engine.state.Step` per action. It follows scikit-learn's Lloyd
loop exactly (same stopping rules, same empty-cluster relocation) so that the
same initial centroids give the same result; see ``tests/engine/test_parity.py``.
:func:`inertia`, :func:`inertia_per_cluster`, :func:`sq_distances`,
:func:`tolerance` and :func:`final_inertia` are the figures around them.

Every function here checks its parameters (:mod:`~kmtui.engine.validation`)
and then calls the private kernels (:mod:`~kmtui.engine._kernels`) and loop
(:mod:`~kmtui.engine._lloyd`). Centroids and distances come back as float64
whatever the dtype of the input. The names other modules have always imported
from here (the validation helpers, ``INIT_METHODS``, ``EMPTY_POLICIES``) are
re-exported; ``steps._assign``, ``steps._update`` and ``steps._transposed`` stay
reachable for the benchmarks, which time the bare kernels (the thread count
they set lives in ``_kernels._THREADS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

# _assign, _update and _transposed are also timed from here by benchmarks/bench_engine.py.
from kmtui.engine._kernels import (
    _assign,
    _sq_distances,
    _sq_to_own,
    _transposed,  # noqa: F401  (timed by the benchmarks)
    _update,
)
from kmtui.engine._lloyd import _lloyd, _tolerance, reported_inertia
from kmtui.engine.seeding import init_centroids
from kmtui.engine.state import EmptyCluster, Phase, Step
from kmtui.engine.validation import (
    EMPTY_POLICIES,
    INIT_METHODS,
    EmptyPolicy,
    InitMethod,
    Seed,
    check_centroids,
    check_data,
    check_empty,
    check_labels,
    check_max_iter,
    check_n_clusters,
    check_random_state,
    check_tol,
)

__all__ = [
    "EMPTY_POLICIES",
    "INIT_METHODS",
    "EmptyPolicy",
    "InitMethod",
    "Seed",
    "assign",
    "check_data",
    "check_n_clusters",
    "check_random_state",
    "final_inertia",
    "inertia",
    "inertia_per_cluster",
    "init_centroids",
    "lloyd_steps",
    "sq_distances",
    "tolerance",
    "update",
]


# -------------------------------------------------------------- step 2: assign


def sq_distances(X: ArrayLike, centroids: ArrayLike) -> NDArray[np.float64]:
    """Squared Euclidean distance from every point to every centroid.

    Returns
    -------
    distances : ndarray of shape (n_samples, n_clusters), float64
    """
    Xa = check_data(X)
    return _sq_distances(Xa, check_centroids(centroids, Xa))


def assign(X: ArrayLike, centroids: ArrayLike) -> NDArray[np.int32]:
    """Step 2: the label of each point's nearest centroid (ties go to the lowest index).

    Returns
    -------
    labels : ndarray of shape (n_samples,), int32
    """
    Xa = check_data(X)
    return _assign(Xa, check_centroids(centroids, Xa))[0]


# -------------------------------------------------------------- step 3: update


def update(
    X: ArrayLike,
    labels: ArrayLike,
    centroids: ArrayLike,
    *,
    empty: EmptyPolicy = "relocate",
) -> tuple[NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]]:
    """Step 3: move every centroid to the mean of its points.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        Each point's cluster, from :func:`assign`.
    centroids : array-like of shape (n_clusters, n_features)
        The centroids the labels were assigned to (used for empty clusters).
    empty : {"relocate", "keep"}, default="relocate"
        ``relocate``: an empty cluster takes the point farthest from its own
        centroid (scikit-learn's rule); that point then belongs to it.
        ``keep``: an empty cluster's centroid stays where it was.

    Returns
    -------
    centroids : ndarray of shape (n_clusters, n_features), float64
        Every non-empty centroid is the mean of its points (float64 whatever
        the dtype of ``X``).
    labels : ndarray of shape (n_samples,), int32
        The labels, with relocated points moved to their new cluster (the input
        array itself when nothing was relocated and it was int32 already).
    empty : tuple of EmptyCluster
        What happened to each empty cluster.
    """
    Xa = check_data(X)
    C = check_centroids(centroids, Xa)
    lab = check_labels(labels, Xa.shape[0], C.shape[0])
    return _update(Xa, lab, C, check_empty(empty))


# ------------------------------------------------------------ inertia and stop


def inertia(X: ArrayLike, centroids: ArrayLike, labels: ArrayLike) -> float:
    """Sum of squared distances of every point to its own centroid."""
    Xa = check_data(X)
    C = check_centroids(centroids, Xa)
    lab = check_labels(labels, Xa.shape[0], C.shape[0])
    return float(_sq_to_own(Xa, C, lab).sum())


def inertia_per_cluster(X: ArrayLike, centroids: ArrayLike, labels: ArrayLike) -> NDArray[np.float64]:
    """Each cluster's share of the inertia: the squared distances of its points to its centroid, summed.

    Returns
    -------
    ndarray of shape (n_clusters,), float64
    """
    Xa = check_data(X)
    C = check_centroids(centroids, Xa)
    lab = check_labels(labels, Xa.shape[0], C.shape[0])
    shares = np.bincount(lab, weights=_sq_to_own(Xa, C, lab), minlength=C.shape[0])
    return cast("NDArray[np.float64]", shares)  # float64: the weights are


def final_inertia(X: ArrayLike, steps: Iterable[Step]) -> float:
    """The inertia scikit-learn reports for a run, from its Steps.

    The last assign's labels with the last centroids, as
    :func:`~kmtui.engine._lloyd.reported_inertia` defines it for
    ``KMeans.inertia_`` and the elbow sweep: the same number for the same run.
    """
    last: Step | None = None
    last_assign: Step | None = None
    for last in steps:
        if last.phase is Phase.ASSIGN:
            last_assign = last
    if last is None or last_assign is None or last_assign.labels is None:
        raise ValueError("steps must hold at least one assign step")
    if last is last_assign and last.inertia is not None:
        return last.inertia  # made by reported_inertia from the assign's own distances
    Xa = check_data(X)
    C = check_centroids(last.centroids, Xa)
    return reported_inertia(Xa, C, check_labels(last_assign.labels, Xa.shape[0], C.shape[0]))


def tolerance(X: ArrayLike, tol: float) -> float:
    """scikit-learn's absolute tolerance: ``tol`` times the mean feature variance."""
    return _tolerance(check_data(X), check_tol(tol))


# ------------------------------------------------------------- the whole loop


def lloyd_steps(
    X: ArrayLike,
    centroids: ArrayLike,
    *,
    max_iter: int = 300,
    tol: float = 0.0,
    empty: EmptyPolicy = "relocate",
) -> Iterator[Step]:
    """Run Lloyd's algorithm from the given centroids, one Step per action.

    Yields an init step, then assign, update, assign, update, … The last step
    has ``stop`` set:

    - ``labels``: an assign gave every point the label it had after the
      previous assign, so the centroids cannot move any more;
    - ``tol``: the update moved the centroids by at most ``tol`` (as
      :func:`tolerance`, compared with the summed squared moves); a last assign
      then makes every label match the final centroids;
    - ``max_iter``: ``max_iter`` iterations were done; a last assign too.

    This is scikit-learn's ``_kmeans_single_lloyd`` step by step, and its
    ``n_iter_`` is the ``iteration`` of the last step. Parameters are
    checked when this is called, before the first step is asked for.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    centroids : array-like of shape (n_clusters, n_features)
        The initial centroids (see :func:`init_centroids`).
    max_iter : int, default=300
        An int >= 1.
    tol : float, default=0.0
        Relative tolerance (scikit-learn's meaning), a number >= 0.
    empty : {"relocate", "keep"}, default="relocate"

    Returns
    -------
    iterator of Step
        Their centroids are float64 whatever the dtype of the input.
    """
    Xa = check_data(X)
    C = check_centroids(centroids, Xa).copy()
    check_n_clusters(C.shape[0], Xa.shape[0])
    n_iter = check_max_iter(max_iter)
    policy = check_empty(empty)
    return _lloyd(Xa, C, n_iter, _tolerance(Xa, check_tol(tol)), policy)
