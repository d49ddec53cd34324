"""KMeans: the scikit-learn-shaped estimator on top of the three steps.

``KMeans(n_clusters=3).fit(X)`` then ``.labels_``, ``.cluster_centers_``,
``.inertia_``, ``.n_iter_`` and ``.predict(X_new)``, as in scikit-learn, plus
``.history_``: every Step of the best run, for replaying or teaching.
"""

from __future__ import annotations

from typing import Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine.state import Step, StopReason
from kmtui.engine.steps import (
    EMPTY_POLICIES,
    INIT_METHODS,
    EmptyPolicy,
    InitMethod,
    Seed,
    _assign,
    _check_same_features,
    _lloyd_final,
    _sq_to_own,
    check_data,
    check_n_clusters,
    check_random_state,
    init_centroids,
    lloyd_steps,
    tolerance,
)


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
    random_state : int, Generator or None, default=None
        Seed for the initial centroids.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
    inertia_ : float
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

    def _check_params(self) -> None:
        if isinstance(self.init, str) and self.init not in INIT_METHODS:
            raise ValueError(f"unknown init {self.init!r}; choose from {', '.join(INIT_METHODS)}")
        if self.empty not in EMPTY_POLICIES:
            raise ValueError(f"unknown empty {self.empty!r}; choose from {', '.join(EMPTY_POLICIES)}")
        if isinstance(self.n_init, bool) or not isinstance(self.n_init, (int, np.integer)) or self.n_init < 1:
            raise ValueError(f"n_init must be a positive int, not {self.n_init!r}")
        if not isinstance(self.init, str) and self.n_init != 1:
            raise ValueError("n_init must be 1 when init is an array of centroids")

    def fit(self, X: ArrayLike, y: object = None) -> Self:
        """Cluster ``X``; ``y`` is ignored (present for pipeline compatibility)."""
        self._check_params()
        Xa = check_data(X)
        k = check_n_clusters(self.n_clusters, Xa.shape[0])
        rng = check_random_state(self.random_state)
        tol_abs = tolerance(Xa, self.tol)
        best: tuple[float, NDArray[np.float64], NDArray[np.int32], NDArray[np.float64], int, StopReason] | None = None
        for _ in range(self.n_init):
            C0 = init_centroids(Xa, k, self.init, random_state=rng)
            # The lean loop: the same core as lloyd_steps, without a Step per action.
            labels, centers, n_iter, stop = _lloyd_final(Xa, C0, self.max_iter, tol_abs, self.empty)
            # scikit-learn's labels_ are those of the last assign; its centres
            # the last centroids (an update may follow the last assign).
            inertia = float(_sq_to_own(Xa, centers, labels).sum())
            if best is None or inertia < best[0]:
                best = (inertia, C0, labels, centers, n_iter, stop)
        assert best is not None
        inertia, C0, labels, centers, n_iter, stop = best
        self.cluster_centers_ = np.array(centers)
        self.labels_ = np.array(labels)
        self.inertia_ = inertia
        self.n_iter_ = n_iter
        self.converged_ = stop is not StopReason.MAX_ITER
        self.n_features_in_ = Xa.shape[1]
        # history_ is replayed from here on first access (the same loop, so the same steps)
        self._replay = (Xa.copy() if Xa is X else Xa, C0)
        self._history: list[Step] | None = None
        return self

    @property
    def history_(self) -> list[Step]:
        """Every Step of the kept run (replayed from its initial centroids on first access)."""
        self._check_fitted()
        if self._history is None:
            X, C0 = self._replay
            self._history = list(lloyd_steps(X, C0, max_iter=self.max_iter, tol=self.tol, empty=self.empty))
        return self._history

    def _check_fitted(self) -> None:
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("this KMeans is not fitted yet: call fit(X) first")

    def predict(self, X: ArrayLike) -> NDArray[np.int32]:
        """The nearest centroid's label for each row of ``X``."""
        self._check_fitted()
        Xa = check_data(X)
        _check_same_features(Xa, self.cluster_centers_)
        return _assign(Xa, self.cluster_centers_)[0]

    def fit_predict(self, X: ArrayLike, y: object = None) -> NDArray[np.int32]:
        return self.fit(X).labels_

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """Euclidean distance from each row of ``X`` to every centroid."""
        self._check_fitted()
        Xa = check_data(X)
        _check_same_features(Xa, self.cluster_centers_)
        d = Xa[:, None, :] - self.cluster_centers_[None, :, :]
        return np.sqrt(np.einsum("ijk,ijk->ij", d, d))

    def score(self, X: ArrayLike, y: object = None) -> float:
        """Minus the inertia of ``X`` on the fitted centroids (higher is better)."""
        self._check_fitted()
        Xa = check_data(X)
        _check_same_features(Xa, self.cluster_centers_)
        return -float(_assign(Xa, self.cluster_centers_)[1].sum())
