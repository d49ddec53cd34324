"""The source material's three steps of K-Means, as plain numpy functions.

1. :func:`init_centroids` places K centroids (``uniform`` draws each coordinate
   uniformly within the data's range, as ``np.random.uniform`` does in the
   source; ``random``, ``k-means++`` and ``farthest`` are the usual alternatives).
2. :func:`assign` gives every point the label of its nearest centroid
   (Euclidean distance, ``np.argmin``, ties to the lowest index).
3. :func:`update` moves every centroid to the mean of its points, with a policy
   for clusters that have no points.

:func:`lloyd_steps` repeats 2 and 3 until convergence and yields one
:class:`~kmtui.engine.state.Step` per action. It follows scikit-learn's Lloyd
loop exactly (same stopping rules, same empty-cluster relocation) so that the
same initial centroids give the same result; see ``tests/engine/test_parity.py``.

Public functions validate their input; the private ``_`` ones assume it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.engine.state import EmptyCluster, Phase, Step, StopReason

INIT_METHODS: tuple[str, ...] = ("uniform", "random", "k-means++", "farthest")
"""Ways to place the first centroids, in the order the ``i`` key cycles them."""

EMPTY_POLICIES: tuple[str, ...] = ("relocate", "keep")
"""What the update step does with a cluster that has no points."""

InitMethod = Literal["uniform", "random", "k-means++", "farthest"]
EmptyPolicy = Literal["relocate", "keep"]
Seed = int | np.random.Generator | None

# Rows per block in the distance computation: big enough to amortise numpy's
# per-call cost, small enough that the (rows, K) block stays in cache.
_CHUNK = 16384


def check_random_state(random_state: Seed) -> np.random.Generator:
    """Turn an int, a Generator or None into a Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    raise TypeError(f"random_state must be an int, a numpy Generator or None, not {random_state!r}")


def check_data(X: ArrayLike, *, name: str = "X") -> NDArray[np.float64]:
    """Validate samples: a finite 2-D float64 array with at least one row and column."""
    arr = np.asarray(X)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise ValueError(f"{name} must hold numbers, not {arr.dtype}")
    arr = np.asarray(arr, dtype=np.float64)
    if arr.ndim == 1:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features); got a 1-D array. "
            "Use X.reshape(-1, 1) for a single feature."
        )
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features); got {arr.ndim}-D")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return np.ascontiguousarray(arr)


def check_n_clusters(n_clusters: int, n_samples: int) -> int:
    """Validate K against the number of samples."""
    if isinstance(n_clusters, bool) or not isinstance(n_clusters, (int, np.integer)):
        raise TypeError(f"n_clusters must be an int, not {n_clusters!r}")
    if n_clusters < 1:
        raise ValueError(f"n_clusters must be at least 1, not {n_clusters}")
    if n_clusters > n_samples:
        raise ValueError(f"n_samples={n_samples} should be >= n_clusters={n_clusters}")
    return int(n_clusters)


# ---------------------------------------------------------------- step 1: init


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
    random_state : int, Generator or None, default=None
        Seed for every random choice.

    Returns
    -------
    centroids : ndarray of shape (n_clusters, n_features)
    """
    X = check_data(X)
    k = check_n_clusters(n_clusters, X.shape[0])
    if not isinstance(method, str):
        C = check_data(method, name="init")
        if C.shape != (k, X.shape[1]):
            raise ValueError(
                f"init array has shape {C.shape}; expected (n_clusters, n_features) = {(k, X.shape[1])}"
            )
        return C.copy()
    rng = check_random_state(random_state)
    if method == "uniform":
        return _init_uniform(X, k, rng)
    if method == "random":
        return X[np.sort(rng.choice(X.shape[0], size=k, replace=False))].copy()
    if method == "k-means++":
        return _init_kmeanspp(X, k, rng)
    if method == "farthest":
        return _init_farthest(X, k, rng)
    raise ValueError(f"unknown init method {method!r}; choose from {', '.join(INIT_METHODS)}")


def _init_uniform(X: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    lo, hi = X.min(axis=0), X.max(axis=0)
    return rng.uniform(lo, hi, size=(k, X.shape[1]))


def _init_kmeanspp(X: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
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
        cands = np.searchsorted(np.cumsum(closest), rand_vals)
        np.clip(cands, None, n - 1, out=cands)
        d_cands = np.minimum(closest, np.stack([_sq_dist_to(X, X[i]) for i in cands]))
        pots = d_cands.sum(axis=1)
        best = int(np.argmin(pots))
        pot = pots[best]
        closest = d_cands[best]
        centers[c] = X[cands[best]]
    return centers


def _init_farthest(X: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    n = X.shape[0]
    idx = [int(rng.integers(n))]
    closest = _sq_dist_to(X, X[idx[0]])
    for _ in range(1, k):
        nxt = int(np.argmax(closest))
        idx.append(nxt)
        np.minimum(closest, _sq_dist_to(X, X[nxt]), out=closest)
    return X[idx].copy()


def _sq_dist_to(X: NDArray[np.float64], c: NDArray[np.float64]) -> NDArray[np.float64]:
    diff = X - c
    return np.einsum("ij,ij->i", diff, diff)


# -------------------------------------------------------------- step 2: assign


def sq_distances(X: ArrayLike, centroids: ArrayLike) -> NDArray[np.float64]:
    """Squared Euclidean distance from every point to every centroid.

    Returns
    -------
    distances : ndarray of shape (n_samples, n_clusters)
    """
    X = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(X, C)
    d = X[:, None, :] - C[None, :, :]
    return np.einsum("ijk,ijk->ij", d, d)


def assign(X: ArrayLike, centroids: ArrayLike) -> NDArray[np.int32]:
    """Step 2: the label of each point's nearest centroid (ties go to the lowest index).

    Returns
    -------
    labels : ndarray of shape (n_samples,), int32
    """
    X = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(X, C)
    return _assign(X, C)[0]


def _assign(
    X: NDArray[np.float64], C: NDArray[np.float64]
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """Labels and squared distance to the nearest centroid. Prior validation is assumed.

    The distance is computed as the sum of squared coordinate differences, not
    with the ``|x|² - 2x·c + |c|²`` shortcut: exact ties stay exact (so they go
    to the lowest index, as the source's ``np.argmin`` does) and nothing cancels
    catastrophically for coordinates near 1e150.
    """
    n, d = X.shape
    k = C.shape[0]
    labels = np.empty(n, dtype=np.int32)
    mind = np.empty(n, dtype=np.float64)
    chunk = min(n, _CHUNK)
    A = np.empty((chunk, k))
    B = np.empty((chunk, k))
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        a, b = A[: e - s], B[: e - s]
        np.subtract(X[s:e, 0:1], C[:, 0], out=a)
        np.square(a, out=a)
        for f in range(1, d):
            np.subtract(X[s:e, f : f + 1], C[:, f], out=b)
            np.square(b, out=b)
            a += b
        lab = np.argmin(a, axis=1)
        labels[s:e] = lab
        mind[s:e] = np.take_along_axis(a, lab[:, None], axis=1)[:, 0]
    return labels, mind


def _check_same_features(X: NDArray[np.float64], C: NDArray[np.float64]) -> None:
    if X.shape[1] != C.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features but the centroids have {C.shape[1]}")


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
    centroids : ndarray of shape (n_clusters, n_features)
        Every non-empty centroid is the mean of its points.
    labels : ndarray of shape (n_samples,)
        The labels, with relocated points moved to their new cluster (the input
        array itself when nothing was relocated).
    empty : tuple of EmptyCluster
        What happened to each empty cluster.
    """
    Xa = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(Xa, C)
    lab = np.asarray(labels)
    if lab.shape != (Xa.shape[0],) or not np.issubdtype(lab.dtype, np.integer):
        raise ValueError(f"labels must be integers of shape ({Xa.shape[0]},)")
    if lab.size and (lab.min() < 0 or lab.max() >= C.shape[0]):
        raise ValueError(f"labels must lie in 0..{C.shape[0] - 1}")
    if empty not in EMPTY_POLICIES:
        raise ValueError(f"unknown empty-cluster policy {empty!r}; choose from {', '.join(EMPTY_POLICIES)}")
    return _update(Xa, lab.astype(np.int32, copy=False), C, empty)


def _update(
    X: NDArray[np.float64],
    labels: NDArray[np.int32],
    C_old: NDArray[np.float64],
    empty: str,
) -> tuple[NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]]:
    """Prior validation is assumed."""
    k, d = C_old.shape
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    sums = np.empty((k, d))
    for f in range(d):
        sums[:, f] = np.bincount(labels, weights=X[:, f], minlength=k)
    events: list[EmptyCluster] = []
    empty_ids = np.flatnonzero(counts == 0)
    out_labels = labels
    to_largest: list[int] = []
    if empty_ids.size and empty == "relocate":
        dist = _rowwise_sq(X, C_old[labels])
        if dist.max() == 0:
            # More clusters than distinct points, all of them on their centroid:
            # there is no far point to take (scikit-learn skips relocation too).
            to_largest = list(empty_ids)
        else:
            n_empty = empty_ids.size
            # The same selection scikit-learn makes, in the same order.
            far = np.argpartition(dist, -n_empty)[: -n_empty - 1 : -1]
            out_labels = labels.copy()
            for c, p in zip(empty_ids, far, strict=True):
                old = labels[p]
                sums[old] -= X[p]
                sums[c] = X[p]
                counts[c] = 1.0
                counts[old] -= 1.0
                out_labels[p] = c
                events.append(EmptyCluster(int(c), "relocated", int(p)))
            # A singleton cluster that gave its point away is empty now.
            to_largest = [int(j) for j in np.flatnonzero(counts == 0)]
    C_new = np.empty_like(C_old)
    nz = counts > 0
    C_new[nz] = sums[nz] / counts[nz, None]
    if empty == "keep":
        C_new[~nz] = C_old[~nz]
        events.extend(EmptyCluster(int(c), "kept") for c in empty_ids)
    elif to_largest:
        largest = int(np.argmax(counts))
        for c in to_largest:
            C_new[c] = C_new[largest]
            events.append(EmptyCluster(int(c), "moved-to-largest"))
    events.sort(key=lambda e: e.cluster)
    return C_new, out_labels, tuple(events)


def _rowwise_sq(A: NDArray[np.float64], B: NDArray[np.float64]) -> NDArray[np.float64]:
    diff = A - B
    return np.einsum("ij,ij->i", diff, diff)


# ------------------------------------------------------------ inertia and stop


def inertia(X: ArrayLike, centroids: ArrayLike, labels: ArrayLike) -> float:
    """Sum of squared distances of every point to its own centroid."""
    Xa = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(Xa, C)
    lab = np.asarray(labels, dtype=np.intp)
    return float(_rowwise_sq(Xa, C[lab]).sum())


def tolerance(X: ArrayLike, tol: float) -> float:
    """scikit-learn's absolute tolerance: ``tol`` times the mean feature variance."""
    if tol < 0:
        raise ValueError(f"tol must be >= 0, not {tol}")
    if tol == 0:
        return 0.0
    return float(np.mean(np.var(np.asarray(X, dtype=np.float64), axis=0)) * tol)


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
    ``n_iter_`` is the ``iteration`` of the last step.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    centroids : array-like of shape (n_clusters, n_features)
        The initial centroids (see :func:`init_centroids`).
    max_iter : int, default=300
    tol : float, default=0.0
        Relative tolerance (scikit-learn's meaning).
    empty : {"relocate", "keep"}, default="relocate"
    """
    Xa = check_data(X)
    C = check_data(centroids, name="centroids").copy()
    _check_same_features(Xa, C)
    check_n_clusters(C.shape[0], Xa.shape[0])
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive int, not {max_iter!r}")
    if empty not in EMPTY_POLICIES:
        raise ValueError(f"unknown empty-cluster policy {empty!r}; choose from {', '.join(EMPTY_POLICIES)}")
    tol_abs = tolerance(Xa, tol)
    yield from _lloyd(Xa, C, int(max_iter), tol_abs, empty)


def _lloyd(
    X: NDArray[np.float64], C: NDArray[np.float64], max_iter: int, tol_abs: float, empty: str
) -> Iterator[Step]:
    """Prior validation is assumed."""
    n = X.shape[0]
    index = 0
    yield Step(index, Phase.INIT, 0, C.copy())
    last_assign: NDArray[np.int32] | None = None  # scikit-learn's labels_old
    shown: NDArray[np.int32] | None = None  # the labels on screen (after relocation)
    for it in range(1, max_iter + 1):
        labels, mind = _assign(X, C)
        changed = n if shown is None else int(np.count_nonzero(labels != shown))
        index += 1
        if last_assign is not None and np.array_equal(labels, last_assign):
            # Strict convergence. scikit-learn still applies the update; it can
            # only differ from C when an empty cluster is relocated again.
            C_new, labels_new, events = _update(X, labels, C, empty)
            if np.array_equal(C_new, C):
                yield Step(index, Phase.ASSIGN, it, C.copy(), labels, float(mind.sum()),
                           changed=changed, stop=StopReason.LABELS)
                return
            yield Step(index, Phase.ASSIGN, it, C.copy(), labels, float(mind.sum()), changed=changed)
            index += 1
            yield _update_step(X, index, it, C, C_new, labels_new, events, StopReason.LABELS)
            return
        yield Step(index, Phase.ASSIGN, it, C.copy(), labels, float(mind.sum()), changed=changed)
        C_new, labels_new, events = _update(X, labels, C, empty)
        index += 1
        shift = float(((C_new - C) ** 2).sum())
        stop_now = shift <= tol_abs or it == max_iter
        yield _update_step(X, index, it, C, C_new, labels_new, events, None)
        C, last_assign, shown = C_new, labels, labels_new
        if stop_now:
            reason = StopReason.TOL if shift <= tol_abs else StopReason.MAX_ITER
            labels, mind = _assign(X, C)
            index += 1
            yield Step(index, Phase.ASSIGN, it, C.copy(), labels, float(mind.sum()),
                       changed=int(np.count_nonzero(labels != shown)), stop=reason)
            return


def _update_step(
    X: NDArray[np.float64],
    index: int,
    it: int,
    C_old: NDArray[np.float64],
    C_new: NDArray[np.float64],
    labels: NDArray[np.int32],
    events: tuple[EmptyCluster, ...],
    stop: StopReason | None,
) -> Step:
    moves_sq = ((C_new - C_old) ** 2).sum(axis=1)
    return Step(
        index, Phase.UPDATE, it, C_new.copy(), labels,
        float(_rowwise_sq(X, C_new[labels]).sum()),
        shift=float(moves_sq.sum()), moves=np.sqrt(moves_sq), empty=events, stop=stop,
    )
