"""Step 1 of K-Means: place the first K centroids.

:func:`init_centroids` offers ``uniform`` (every coordinate drawn uniformly
within the data's range, the source material's ``np.random.uniform``),
``random`` (K distinct rows), ``k-means++`` (scikit-learn's greedy variant),
``farthest`` (each next centroid the point farthest from those already
picked) and a given array. The private ``_init_*`` functions assume
validated input; :func:`_init_runs` places the starts of several runs at
once for the elbow sweep, bit for bit as one at a time.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine.validation import (
    InitMethod,
    Seed,
    check_data,
    check_init,
    check_n_clusters,
    check_random_state,
)


def init_centroids(
    X: ArrayLike,
    n_clusters: int,
    method: InitMethod | ArrayLike = "uniform",
    *,
    random_state: Seed = None,
) -> NDArray[np.float64]:
    """Place the first centroids.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    n_clusters : int
        K, the number of centroids.
    method : {"uniform", "random", "k-means++", "farthest"} or array-like of shape (n_clusters, n_features)
        ``uniform`` draws every coordinate uniformly between that feature's
        minimum and maximum (the source material's ``np.random.uniform``);
        ``random`` picks K distinct rows; ``k-means++`` is scikit-learn's greedy
        k-means++ (2 + log K candidates per centroid, keep the one that lowers
        the potential most); ``farthest`` picks a random point, then again and
        again the point farthest from those already picked. An array is used as
        it is.
    random_state : int, Generator, RandomState or None, default=None
        Seed for every random choice (see
        :func:`~kmtui.engine.validation.check_random_state`).

    Returns
    -------
    centroids : ndarray of shape (n_clusters, n_features), float64
        float64 whatever the dtype of ``X`` (or of ``method``, an array).
    """
    Xa = check_data(X)
    k = check_n_clusters(n_clusters, Xa.shape[0])
    init = check_init(method, k, Xa.shape[1])
    if not isinstance(init, str):
        return init.copy()
    return _init_centroids(Xa, k, init, check_random_state(random_state))


def _init_centroids(
    X: NDArray[np.float64],
    k: int,
    method: str,
    rng: np.random.Generator,
    XT: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """:func:`init_centroids` for a method name. Prior validation is assumed; ``XT``
    as in :func:`_assign`."""
    if method == "uniform":
        return _init_uniform(X, k, rng)
    if method == "random":
        return X[np.sort(rng.choice(X.shape[0], size=k, replace=False))].copy()
    if method == "k-means++":
        return _init_kmeanspp(X, k, rng, XT)
    return _init_farthest(X, k, rng)


def _init_runs(
    X: NDArray[np.float64], k: int, method: str, rng: np.random.Generator, runs: int, XT: NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """``runs`` calls of :func:`_init_centroids` in a row (k-means++ side by side)."""
    if method == "k-means++":
        return _init_kmeanspp_stacked(X, k, rng, runs, XT)
    return [_init_centroids(X, k, method, rng, XT) for _ in range(runs)]


def _init_uniform(X: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    lo, hi = X.min(axis=0), X.max(axis=0)
    return rng.uniform(lo, hi, size=(k, X.shape[1]))


def _init_kmeanspp(
    X: NDArray[np.float64], k: int, rng: np.random.Generator, XT: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    # The greedy variant of scikit-learn's _kmeans_plusplus, with a Generator.
    n = X.shape[0]
    n_local_trials = 2 + int(np.log(k))
    centers = np.empty((k, X.shape[1]))
    first = int(rng.integers(n))
    centers[0] = X[first]
    closest = _sq_dist_to(X, X[first])
    pot = closest.sum()
    for c in range(1, k):
        if pot <= 0:  # every point already sits on a centre: any choice is as good
            centers[c] = X[int(rng.integers(n))]
            continue
        rand_vals = rng.uniform(size=n_local_trials) * pot
        cands = np.searchsorted(closest.cumsum(), rand_vals)
        np.minimum(cands, n - 1, out=cands)  # as np.clip(cands, None, n - 1), a third of the cost
        pts = X[cands]
        d_cands = _sq_dist_to_each(X, pts, XT)
        np.minimum(closest, d_cands, out=d_cands)
        pots = d_cands.sum(axis=1)
        best = int(pots.argmin())
        pot = pots[best]
        closest = d_cands[best]
        centers[c] = pts[best]
    return centers


def _init_kmeanspp_stacked(
    X: NDArray[np.float64], k: int, rng: np.random.Generator, runs: int, XT: NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """``runs`` calls of :func:`_init_kmeanspp` in a row, computed side by side.

    The same centroids bit for bit, and ``rng`` left in the same state: the
    random numbers do not depend on the data, so each run's are drawn first,
    in the order the calls would draw them. The one exception is a run
    whose points all sit on centres already (``pot`` 0), which draws
    differently; then ``rng`` is rewound and the calls are made one by one.
    """
    n, d = X.shape
    if runs == 1 or k == 1:
        return [_init_kmeanspp(X, k, rng, XT) for _ in range(runs)]
    t = 2 + int(np.log(k))
    saved = rng.bit_generator.state
    first = np.empty(runs, dtype=np.intp)
    draws = np.empty((runs, k - 1, t))
    for r in range(runs):
        first[r] = rng.integers(n)
        draws[r] = rng.uniform(size=(k - 1, t))  # the same stream as k - 1 draws of t
    rows = np.arange(runs)
    centers = np.empty((runs, k, d))
    centers[:, 0] = X[first]
    closest = _sq_dist_to_each(X, X[first], XT)  # (runs, n)
    pot = closest.sum(axis=1)
    for c in range(1, k):
        if not (pot > 0).all():
            rng.bit_generator.state = saved
            return [_init_kmeanspp(X, k, rng, XT) for _ in range(runs)]
        rand_vals = draws[:, c - 1] * pot[:, None]
        cum = closest.cumsum(axis=1)
        cands = np.array([cum[r].searchsorted(rand_vals[r]) for r in range(runs)])
        np.minimum(cands, n - 1, out=cands)
        pts = X[cands]  # (runs, t, d)
        d_cands = _sq_dist_to_each(X, pts.reshape(runs * t, d), XT).reshape(runs, t, n)
        np.minimum(closest[:, None, :], d_cands, out=d_cands)
        pots = d_cands.sum(axis=2)
        best = pots.argmin(axis=1)
        pot = pots[rows, best]
        closest = d_cands[rows, best]
        centers[:, c] = pts[rows, best]
    return list(centers)


def _init_farthest(X: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    n = X.shape[0]
    idx = [int(rng.integers(n))]
    closest = _sq_dist_to(X, X[idx[0]])
    for _ in range(1, k):
        nxt = int(np.argmax(closest))
        idx.append(nxt)
        np.minimum(closest, _sq_dist_to(X, X[nxt]), out=closest)
    return X[idx].copy()


# ------------------------------------------------- distances to chosen points


def _sq_dist_to(X: NDArray[np.float64], c: NDArray[np.float64]) -> NDArray[np.float64]:
    diff = X - c
    out: NDArray[np.float64] = np.einsum("ij,ij->i", diff, diff)
    return out


def _sq_dist_to_each(
    X: NDArray[np.float64], P: NDArray[np.float64], XT: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Row t is ``_sq_dist_to(X, P[t])``, bit for bit: shape (len(P), n_samples)."""
    if X.shape[1] > 2:
        diff = X[None, :, :] - P[:, None, :]
        each: NDArray[np.float64] = np.einsum("tij,tij->ti", diff, diff)
        return each
    # One or two squares: einsum adds them in one rounding, as this does, and
    # feature rows of XT broadcast against the points far faster than (t, n, d).
    if XT is None:
        XT = X.T
    out: NDArray[np.float64] = np.subtract(XT[0], P[:, 0:1])
    np.square(out, out=out)
    if X.shape[1] == 2:
        tmp = np.subtract(XT[1], P[:, 1:2])
        np.square(tmp, out=tmp)
        np.add(out, tmp, out=out)
    return out
