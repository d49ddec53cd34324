"""KMeans: the scikit-learn-shaped estimator on top of the three steps.

``KMeans(n_clusters=3).fit(X)`` then ``.labels_``, ``.cluster_centers_``,
``.inertia_``, ``.n_iter_`` and ``.predict(X_new)``, as in scikit-learn, plus
``.history_``: every Step of the best run, for replaying or teaching.
"""

from __future__ import annotations

import warnings
from typing import Any, NamedTuple, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine._kernels import _assign, _sq_distances
from kmtui.engine._lloyd import _Final, _lloyd_final, _tolerance
from kmtui.engine.seeding import init_centroids
from kmtui.engine.state import Step, StopReason
from kmtui.engine.steps import lloyd_steps
from kmtui.engine.validation import (
    ConvergenceWarning,
    EmptyPolicy,
    InitMethod,
    InvalidParameterError,
    Seed,
    check_centroids,
    check_data,
    check_empty,
    check_init,
    check_is_fitted,
    check_max_iter,
    check_n_clusters,
    check_n_init,
    check_random_state,
    check_tol,
)


class _Checked(NamedTuple):
    """KMeans's parameters after :mod:`~kmtui.engine.validation`, for one fit."""

    k: int
    init: InitMethod | NDArray[np.float64]
    n_init: int
    max_iter: int
    tol_abs: float
    empty: EmptyPolicy


_PARAMS = ("n_clusters", "init", "n_init", "max_iter", "tol", "empty", "random_state")
"""The constructor's parameters, as get_params and set_params see them."""


class KMeans:
    """K-Means clustering, step by step, with scikit-learn's interface.

    Parameters
    ----------
    n_clusters : int, default=3
        K, the number of clusters.
    init : {"uniform", "random", "k-means++", "farthest"} or array-like of shape (n_clusters, n_features), default="uniform"
        How to place the first centroids (see :func:`kmtui.engine.steps.init_centroids`).
    n_init : int, default=1
        Runs from different initial centroids; the one with the lowest inertia
        is kept. Must be 1 when ``init`` is an array.
    max_iter : int, default=300
        Iterations (assign + update) at most per run.
    tol : float, default=0.0
        Stop when the summed squared centroid moves are at most ``tol`` times
        the mean feature variance (scikit-learn's rule).
    empty : {"relocate", "keep"}, default="relocate"
        What to do with a cluster that has no points.
    random_state : int, Generator, RandomState or None, default=None
        Seed for the initial centroids.

    Parameters are checked by :meth:`fit`, as scikit-learn does, each with
    an error that names it (:class:`~kmtui.engine.validation.InvalidParameterError`,
    a ValueError). :meth:`get_params` and :meth:`set_params` make
    ``sklearn.base.clone`` and grid searches work.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features), float64
        float64 whatever the dtype of ``X``.
    labels_ : ndarray of shape (n_samples,), int32
        The labels of the last assign step.
    inertia_ : float
        The squared distance of every point to its centroid, summed
        (``labels_`` with ``cluster_centers_``).
    n_iter_ : int
    converged_ : bool
        False when the run stopped at ``max_iter``.
    history_ : list of Step
        Every step of the kept run.
    """

    def __init__(
        self,
        n_clusters: int = 3,
        *,
        init: InitMethod | ArrayLike = "uniform",
        n_init: int = 1,
        max_iter: int = 300,
        tol: float = 0.0,
        empty: EmptyPolicy = "relocate",
        random_state: Seed = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.empty = empty
        self.random_state = random_state

    def __repr__(self) -> str:
        init = self.init if isinstance(self.init, str) else "array"
        return (
            f"KMeans(n_clusters={self.n_clusters}, init={init!r}, n_init={self.n_init}, "
            f"max_iter={self.max_iter}, tol={self.tol}, empty={self.empty!r}, "
            f"random_state={self.random_state!r})"
        )

    # ------------------------------------------------------------ parameters

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters by name (``deep`` is accepted for scikit-learn; nothing nests)."""
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters by name; they are checked by the next :meth:`fit`."""
        for name, value in params.items():
            if name not in _PARAMS:
                raise InvalidParameterError(
                    f"Invalid parameter {name!r} for estimator KMeans. Valid parameters are: {list(_PARAMS)!r}."
                )
            setattr(self, name, value)
        return self

    def _checked(self, X: NDArray[np.float64]) -> _Checked:
        """Every parameter, checked for this data."""
        k = check_n_clusters(self.n_clusters, X.shape[0])
        init = check_init(self.init, k, X.shape[1])
        n_init = check_n_init(self.n_init)
        if not isinstance(init, str) and n_init != 1:
            raise InvalidParameterError(f"n_init must be 1 when init is an array of centroids; got n_init={n_init}")
        max_iter, tol, empty = check_max_iter(self.max_iter), check_tol(self.tol), check_empty(self.empty)
        return _Checked(k, init, n_init, max_iter, _tolerance(X, tol), empty)

    # ------------------------------------------------------------------- fit

    def fit(self, X: ArrayLike, y: object = None) -> Self:
        """Cluster ``X``; ``y`` is ignored (present for pipeline compatibility).

        Warns (:class:`~kmtui.engine.validation.ConvergenceWarning`) when the
        labels name fewer distinct clusters than ``n_clusters``, in
        scikit-learn's words.
        """
        Xa = check_data(X)
        k, init, n_init, max_iter, tol_abs, empty = self._checked(Xa)
        rng = check_random_state(self.random_state)
        best: tuple[_Final, NDArray[np.float64]] | None = None
        for _ in range(n_init):
            C0 = init_centroids(Xa, k, init, random_state=rng)
            # The lean loop: the same core as lloyd_steps, without a Step per action.
            end = _lloyd_final(Xa, C0, max_iter, tol_abs, empty)
            if best is None or end.inertia < best[0].inertia:
                best = (end, C0)
        assert best is not None
        end, C0 = best
        self.cluster_centers_ = np.array(end.centroids)
        self.labels_ = np.array(end.labels, dtype=np.int32)  # a Step keeps them compact (uint8)
        self.inertia_ = end.inertia
        self.n_iter_ = end.n_iter
        self.converged_ = end.stop is not StopReason.MAX_ITER
        self.n_features_in_ = Xa.shape[1]
        # history_ is replayed from here on first access (the same loop, so the same steps)
        self._replay = (Xa.copy() if Xa is X else Xa, C0)
        self._history: list[Step] | None = None
        distinct = int(np.count_nonzero(np.bincount(end.labels, minlength=k)))  # one pass, no sort
        if distinct < k:
            more = ' (empty="keep" leaves a cluster empty)' if empty == "keep" else ""
            warnings.warn(
                f"Number of distinct clusters ({distinct}) found smaller than n_clusters ({k}). "
                f"Possibly due to duplicate points in X.{more}",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    @property
    def history_(self) -> list[Step]:
        """Every Step of the kept run (replayed from its initial centroids on first access)."""
        check_is_fitted(self, "cluster_centers_")
        if self._history is None:
            X, C0 = self._replay
            self._history = list(lloyd_steps(X, C0, max_iter=self.max_iter, tol=self.tol, empty=self.empty))
        return self._history

    def _fitted_data(self, X: ArrayLike) -> NDArray[np.float64]:
        """``X`` checked against the fitted centroids (raises NotFittedError before fit)."""
        check_is_fitted(self, "cluster_centers_")
        Xa = check_data(X)
        check_centroids(self.cluster_centers_, Xa)
        return Xa

    # ------------------------------------------------------------ after fit

    def predict(self, X: ArrayLike) -> NDArray[np.int32]:
        """The nearest centroid's label for each row of ``X``."""
        return _assign(self._fitted_data(X), self.cluster_centers_)[0]

    def fit_predict(self, X: ArrayLike, y: object = None) -> NDArray[np.int32]:
        """:meth:`fit`, then the labels of ``X`` (``labels_``)."""
        return self.fit(X).labels_

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """Euclidean distance from each row of ``X`` to every centroid, shape (n_samples, n_clusters)."""
        return np.sqrt(_sq_distances(self._fitted_data(X), self.cluster_centers_))

    def fit_transform(self, X: ArrayLike, y: object = None) -> NDArray[np.float64]:
        """:meth:`fit`, then :meth:`transform` of the same ``X``."""
        return self.fit(X).transform(X)

    def score(self, X: ArrayLike, y: object = None) -> float:
        """Minus the inertia of ``X`` on the fitted centroids (higher is better)."""
        return -float(_assign(self._fitted_data(X), self.cluster_centers_)[1].sum())
