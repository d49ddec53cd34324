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

Speed (see BENCHMARKS.md): the loop itself is :func:`_lloyd_core`, shared by
:func:`lloyd_steps` and the elbow sweep, which runs a K's runs side by side.
On large data the assign step works in cache-sized blocks and splits the
points across cores (numpy releases the GIL); every such split leaves the
arithmetic, and so every result bit, as it is one block at a time.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, NamedTuple

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

# Distances per block in the assign step (centroids × points): about 15 numpy
# calls per block, each of which hands the GIL to the other core's thread and
# back, so blocks are large (2 MB per float scratch block). Measured at
# 1 000 000 × 2, K=8 on 2 cores: 1/8 of this is twice as slow, 2× this slower.
_BLOCK_CELLS = 1 << 18

# Large inputs are split into one contiguous span of points per core; numpy's
# ufuncs release the GIL, so the spans run in parallel. Below this many
# point-centroid pairs a thread hand-off costs more than it saves.
_PARALLEL_MIN_CELLS = 1 << 18

# Up to this many point-centroid pairs, the assign step is one block.
_SMALL_CELLS = 1 << 14

# Up to this many point-centroid pairs over all runs, the elbow sweep runs a
# K's n_init runs side by side (see _stacked).
_STACK_CELLS = 1 << 18


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_THREADS = max(1, min(8, _usable_cores()))
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_local = threading.local()


def _scratch(name: str, shape: tuple[int, ...], dtype: type[np.generic] = np.float64) -> NDArray[Any]:
    """A scratch array of this thread's, reused from call to call.

    A fresh array of more than about 128 KB comes from the kernel, which then
    takes one page fault per 4 KB on first touch: for the assign step's
    blocks that costs more than the arithmetic. Sizes are bounded by the
    block sizes above, so each thread keeps at most a few MB.
    """
    try:
        cache: dict[str, NDArray[Any]] = _local.scratch
    except AttributeError:
        cache = _local.scratch = {}
    size = math.prod(shape)
    buf = cache.get(name)
    if buf is None or buf.size < size or buf.dtype != dtype:
        buf = cache[name] = np.empty(size, dtype=dtype)
    return buf[:size].reshape(shape)


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
    if method not in INIT_METHODS:
        raise ValueError(f"unknown init method {method!r}; choose from {', '.join(INIT_METHODS)}")
    return _init_centroids(X, k, method, rng)


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


def _sq_dist_to(X: NDArray[np.float64], c: NDArray[np.float64]) -> NDArray[np.float64]:
    diff = X - c
    return np.einsum("ij,ij->i", diff, diff)


def _sq_dist_to_each(
    X: NDArray[np.float64], P: NDArray[np.float64], XT: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Row t is ``_sq_dist_to(X, P[t])``, bit for bit: shape (len(P), n_samples)."""
    if X.shape[1] > 2:
        diff = X[None, :, :] - P[:, None, :]
        return np.einsum("tij,tij->ti", diff, diff)
    # One or two squares: einsum adds them in one rounding, as this does, and
    # feature rows of XT broadcast against the points far faster than (t, n, d).
    if XT is None:
        XT = X.T
    out = np.subtract(XT[0], P[:, 0:1])
    np.square(out, out=out)
    if X.shape[1] == 2:
        tmp = np.subtract(XT[1], P[:, 1:2])
        np.square(tmp, out=tmp)
        np.add(out, tmp, out=out)
    return out


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
    # The same sum, in the same order, as the assign step: an exact tie here is
    # a tie there, so these numbers always agree with the labels assign gives.
    cols = [np.ascontiguousarray(C[:, f : f + 1]) for f in range(C.shape[1])]
    out = np.empty((C.shape[0], X.shape[0]))
    _sq_block(np.ascontiguousarray(X.T), cols, out, np.empty_like(out))
    return out.T.copy()


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
    X: NDArray[np.float64], C: NDArray[np.float64], XT: NDArray[np.float64] | None = None
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """Labels and squared distance to the nearest centroid. Prior validation is assumed.

    ``XT`` is ``X.T`` as a C-contiguous array (see :func:`_transposed`), when
    the caller has it: one copy of the data per run instead of one per call.

    The distance is computed as the sum of squared coordinate differences, not
    with the ``|x|² - 2x·c + |c|²`` shortcut: exact ties stay exact (so they go
    to the lowest index, as the source's ``np.argmin`` does) and nothing cancels
    catastrophically for coordinates near 1e150.
    """
    n, d = X.shape
    k = C.shape[0]
    # Distances are laid out centroid-major, (K, points): each centroid's row
    # is contiguous, so the minimum over centroids is a fast element-wise
    # reduction instead of a short argmin per point.
    cols = [np.ascontiguousarray(C[:, f : f + 1]) for f in range(d)]
    if n * k <= _SMALL_CELLS:
        # One block; numpy's per-call cost is all there is, so fewest calls wins.
        a = _scratch("assign.a", (k, n))
        _sq_block(X.T if XT is None else XT, cols, a, _scratch("assign.b", (k, n)))
        return a.argmin(axis=0).astype(np.int32), np.minimum.reduce(a, axis=0)

    labels = np.empty(n, dtype=np.int32)
    mind = np.empty(n, dtype=np.float64)

    def span(start: int, stop: int) -> None:
        rows = max(1, min(stop - start, _BLOCK_CELLS // k))
        A = _scratch("assign.a", (k, rows))
        B = _scratch("assign.b", (k, rows))
        T = _scratch("assign.x", (d, rows)) if XT is None else None
        for s in range(start, stop, rows):
            e = min(stop, s + rows)
            a = A[:, : e - s]
            if T is None:
                x = XT[:, s:e]
            else:
                x = T[:, : e - s]
                np.copyto(x, X[s:e].T)  # contiguous coordinates: twice as fast to broadcast
            _sq_block(x, cols, a, B[:, : e - s])
            md = mind[s:e]
            np.minimum.reduce(a, axis=0, out=md)
            _first_at_min(a, md, labels[s:e])

    _in_spans(span, n, n * k * d)
    return labels, mind


def _first_at_min(a: NDArray[np.float64], md: NDArray[np.float64], out: NDArray[np.int32]) -> None:
    """The lowest centroid index at the minimum, as argmin gives, into ``out``.

    ``a`` holds distances, (K, m) with the centroids first; ``md`` (m,) is
    its minimum over them. A centroid scores its index j where it is at the
    minimum and j + K where it is farther; the label is the lowest score.
    Five element-wise calls on small integers, where a row argmin per point,
    or a masked write per centroid, is several times slower.
    """
    k, m = a.shape
    if k == 1:
        out.fill(0)
        return
    kind = np.uint8 if 2 * k <= 256 else np.uint16 if 2 * k <= 65536 else np.int64
    farther = _scratch("first.farther", (k, m), np.bool_)
    score = _scratch("first.score", (k, m), kind)
    np.greater(a, md, out=farther)
    np.multiply(farther.view(np.uint8), kind(k), out=score)
    np.add(score, np.arange(k, dtype=kind)[:, None], out=score)
    np.copyto(out, np.minimum.reduce(score, axis=0))


def _sq_block(
    x: NDArray[np.float64], cols: list[NDArray[np.float64]], out: NDArray[np.float64], tmp: NDArray[np.float64]
) -> None:
    """Squared distances of the points ``x`` (n_features, m) to the centroids, into ``out`` (K, m).

    ``cols[f]`` is the centroids' feature f as a (K, 1) column (or (K, runs, 1)
    with ``out`` (K, runs, m)); ``tmp`` is scratch shaped like ``out``.
    Features are added in order, one rounding each, as ``sum((x - c) ** 2)``
    over a row does.
    """
    np.subtract(x[0], cols[0], out=out)
    np.square(out, out=out)
    for f in range(1, len(cols)):
        np.subtract(x[f], cols[f], out=tmp)
        np.square(tmp, out=tmp)
        np.add(out, tmp, out=out)


def _in_parallel(work: Callable[[int], None], items: range, cells: int) -> None:
    """Call ``work(i)`` for every item, spread over the cores when ``cells`` is large."""
    if _THREADS == 1 or cells < _PARALLEL_MIN_CELLS:
        for i in items:
            work(i)
        return

    def run(group: range) -> None:
        for i in group:
            work(i)

    pool = _get_pool()
    futures = [pool.submit(run, items[t::_THREADS]) for t in range(1, _THREADS)]
    try:
        run(items[0::_THREADS])
    finally:
        for fut in futures:
            fut.result()


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_THREADS - 1, thread_name_prefix="kmtui-engine")
        return _pool


def _in_spans(work: Callable[[int, int], None], n: int, cells: int) -> None:
    """Call ``work(start, stop)`` on rows 0..n, split across cores when ``cells`` is large.

    Every span writes to its own rows of the output, so the result is the same
    whichever way the rows are split.
    """
    if _THREADS == 1 or cells < _PARALLEL_MIN_CELLS or n < 2 * _THREADS:
        work(0, n)
        return
    pool = _get_pool()
    cuts = [n * i // _THREADS for i in range(_THREADS + 1)]
    futures = [pool.submit(work, cuts[i], cuts[i + 1]) for i in range(1, _THREADS)]
    try:
        work(cuts[0], cuts[1])
    finally:
        for fut in futures:
            fut.result()


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
    XT: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]]:
    """Prior validation is assumed; ``XT`` as in :func:`_assign`."""
    k, d = C_old.shape
    n = labels.shape[0]
    w = X.T if XT is None else XT  # w[f]: feature f of every point
    big = _THREADS > 1 and X.size >= _PARALLEL_MIN_CELLS
    # bincount wants intp labels; convert once, not in every bincount.
    if big:
        idx = np.empty(n, dtype=np.intp)
        _in_spans(lambda s, e: np.copyto(idx[s:e], labels[s:e]), n, X.size)
    else:
        idx = labels.astype(np.intp)
    # Each sum is one bincount over all points in order, as before (splitting
    # the points would change the rounding), so the features go to different
    # cores; the counts are integers, exact in any order, so they are split.
    parts = _THREADS if big else 1
    cuts = [n * i // parts for i in range(parts + 1)]
    part_counts: list[NDArray[np.intp]] = [idx[:0]] * parts
    sums = np.empty((k, d))

    def add_up(task: int) -> None:
        if task < parts:
            part_counts[task] = np.bincount(idx[cuts[task] : cuts[task + 1]], minlength=k)
        else:
            sums[:, task - parts] = np.bincount(idx, weights=w[task - parts], minlength=k)

    _in_parallel(add_up, range(parts + d), X.size)
    counts = np.sum(part_counts, axis=0, dtype=np.float64)
    if counts.all():
        # No empty cluster, the usual case: the same divisions as below, fewer calls.
        return sums / counts[:, None], labels, ()
    events: list[EmptyCluster] = []
    empty_ids = np.flatnonzero(counts == 0)
    out_labels = labels
    to_largest: list[int] = []
    if empty_ids.size and empty == "relocate":
        dist = _sq_to_own(X, C_old, labels, XT)
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
    n, d = A.shape
    if n * d < _PARALLEL_MIN_CELLS:
        diff = A - B
        return np.einsum("ij,ij->i", diff, diff)
    # The same, row for row, in blocks on every core.
    out = np.empty(n)

    def span(start: int, stop: int) -> None:
        rows = max(1, min(stop - start, _BLOCK_CELLS // d))
        buf = _scratch("rowwise", (rows, d))
        for s in range(start, stop, rows):
            e = min(stop, s + rows)
            o, b = out[s:e], buf[: e - s]
            if d <= 2:  # as in _sq_to_own: the same single rounding, faster
                np.subtract(A[s:e, 0], B[s:e, 0], out=o)
                np.square(o, out=o)
                if d == 2:
                    t = b[:, 0]
                    np.subtract(A[s:e, 1], B[s:e, 1], out=t)
                    np.square(t, out=t)
                    np.add(o, t, out=o)
            else:
                np.subtract(A[s:e], B[s:e], out=b)
                np.einsum("ij,ij->i", b, b, out=o)

    _in_spans(span, n, n * d)
    return out


def _sq_to_own(
    X: NDArray[np.float64],
    C: NDArray[np.float64],
    labels: NDArray[np.int32],
    XT: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """``_rowwise_sq(X, C[labels])`` bit for bit, in blocks on every core; ``XT`` as in :func:`_assign`.

    Returns
    -------
    distances : ndarray of shape (n_samples,)
        Squared distance of each point to its own centroid.
    """
    n, d = X.shape
    if n * d < _PARALLEL_MIN_CELLS:
        return _rowwise_sq(X, C[labels])
    out = np.empty(n)
    cols = [np.ascontiguousarray(C[:, f]) for f in range(d)]

    def span(start: int, stop: int) -> None:
        rows = max(1, min(stop - start, _BLOCK_CELLS // d))
        buf = _scratch("own", (rows, d) if d > 2 else (rows, 1))
        for s in range(start, stop, rows):
            e = min(stop, s + rows)
            o, b = out[s:e], buf[: e - s]
            if d <= 2:
                # einsum adds one or two squares in a single rounding, as
                # column-wise numpy does, and this is three times faster.
                np.take(cols[0], labels[s:e], out=o, mode="clip")
                np.subtract(X[s:e, 0] if XT is None else XT[0, s:e], o, out=o)
                np.square(o, out=o)
                if d == 2:
                    t = b[:, 0]  # contiguous: one column
                    np.take(cols[1], labels[s:e], out=t, mode="clip")
                    np.subtract(X[s:e, 1] if XT is None else XT[1, s:e], t, out=t)
                    np.square(t, out=t)
                    np.add(o, t, out=o)
            else:
                np.take(C, labels[s:e], axis=0, out=b, mode="clip")
                np.subtract(X[s:e], b, out=b)
                np.einsum("ij,ij->i", b, b, out=o)

    _in_spans(span, n, n * d)
    return out


# ------------------------------------------------------------ inertia and stop


def inertia(X: ArrayLike, centroids: ArrayLike, labels: ArrayLike) -> float:
    """Sum of squared distances of every point to its own centroid."""
    Xa = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(Xa, C)
    lab = np.asarray(labels, dtype=np.intp)
    return float(_rowwise_sq(Xa, C[lab]).sum())


def inertia_per_cluster(X: ArrayLike, centroids: ArrayLike, labels: ArrayLike) -> NDArray[np.float64]:
    """Each cluster's share of the inertia: the squared distances of its points to its centroid, summed.

    Returns
    -------
    ndarray of shape (n_clusters,)
    """
    Xa = check_data(X)
    C = check_data(centroids, name="centroids")
    _check_same_features(Xa, C)
    lab = np.asarray(labels, dtype=np.int32)
    return np.bincount(lab, weights=_sq_to_own(Xa, C, lab), minlength=C.shape[0])


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
    _check_loop_options(max_iter, empty)
    tol_abs = tolerance(Xa, tol)
    yield from _lloyd(Xa, C, int(max_iter), tol_abs, empty)


def _check_loop_options(max_iter: int, empty: str) -> None:
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive int, not {max_iter!r}")
    if empty not in EMPTY_POLICIES:
        raise ValueError(f"unknown empty-cluster policy {empty!r}; choose from {', '.join(EMPTY_POLICIES)}")


class _Action(NamedTuple):
    """One action of :func:`_lloyd_core`: the bare arrays, before any display figure.

    ``centroids`` are those after the action; for an update ``previous`` holds
    the ones before, and ``labels`` are the labels after relocation. For an
    assign, ``dist`` is each point's squared distance to its centroid.
    """

    phase: Phase
    iteration: int
    centroids: NDArray[np.float64]
    labels: NDArray[np.int32]
    dist: NDArray[np.float64] | None = None
    previous: NDArray[np.float64] | None = None
    events: tuple[EmptyCluster, ...] = ()
    stop: StopReason | None = None


class _Work(NamedTuple):
    """A step :func:`_lloyd_core` asks its driver to compute: assign (from
    ``centroids``) or update (of ``centroids`` with ``labels``)."""

    phase: Phase
    centroids: NDArray[np.float64]
    labels: NDArray[np.int32] | None = None


_Reply = tuple[NDArray[np.int32], NDArray[np.float64]] | tuple[
    NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]
]
_Core = Generator[_Action | _Work, _Reply | None, None]


def _lloyd_core(C: NDArray[np.float64], max_iter: int, tol_abs: float) -> _Core:
    """Lloyd's loop itself, the one code path for :func:`lloyd_steps` and the elbow sweep.

    It yields each action as an :class:`_Action`, and hands the arithmetic to
    its driver: it yields a :class:`_Work` and the driver sends back what
    :func:`_assign` or :func:`_update` returns. :func:`_solo` computes each
    step at once; :func:`_stacked` advances several runs together and
    computes a step for all of them in one go, for the elbow sweep, where
    numpy's per-call cost on small data would otherwise be most of the time.

    Figures that are only shown (points changed, centroid moves, inertia
    after an update) are left to :func:`_lloyd`.
    """
    last_assign: NDArray[np.int32] | None = None  # scikit-learn's labels_old
    for it in range(1, max_iter + 1):
        labels, mind = yield _Work(Phase.ASSIGN, C)
        if last_assign is not None and (labels == last_assign).all():
            # Strict convergence. scikit-learn still applies the update; it can
            # only differ from C when an empty cluster is relocated again.
            C_new, labels_new, events = yield _Work(Phase.UPDATE, C, labels)
            if np.array_equal(C_new, C):
                yield _Action(Phase.ASSIGN, it, C, labels, mind, stop=StopReason.LABELS)
                return
            yield _Action(Phase.ASSIGN, it, C, labels, mind)
            yield _Action(Phase.UPDATE, it, C_new, labels_new, None, C, events, StopReason.LABELS)
            return
        yield _Action(Phase.ASSIGN, it, C, labels, mind)
        C_new, labels_new, events = yield _Work(Phase.UPDATE, C, labels)
        shift = float(((C_new - C) ** 2).sum())
        stop_now = shift <= tol_abs or it == max_iter
        yield _Action(Phase.UPDATE, it, C_new, labels_new, None, C, events)
        C, last_assign = C_new, labels
        if stop_now:
            reason = StopReason.TOL if shift <= tol_abs else StopReason.MAX_ITER
            labels, mind = yield _Work(Phase.ASSIGN, C)
            yield _Action(Phase.ASSIGN, it, C, labels, mind, stop=reason)
            return


def _solo(
    X: NDArray[np.float64], XT: NDArray[np.float64], empty: str, core: _Core
) -> Iterator[_Action]:
    """Drive one :func:`_lloyd_core`, computing each step when it is asked for."""
    msg = next(core)
    while True:
        reply: _Reply | None = None
        if isinstance(msg, _Work):
            if msg.phase is Phase.ASSIGN:
                reply = _assign(X, msg.centroids, XT)
            else:
                assert msg.labels is not None
                reply = _update(X, msg.labels, msg.centroids, empty, XT)
        else:
            yield msg
        try:
            msg = core.send(reply)
        except StopIteration:
            return


def _stacked(
    X: NDArray[np.float64], XT: NDArray[np.float64], empty: str, cores: list[_Core]
) -> list[tuple[_Action, _Action]]:
    """Drive several :func:`_lloyd_core` runs (same K) together; for each, its
    last action and last assign.

    Every run alternates assign and update, so the runs still going ask for
    the same step, which is then computed for all of them at once
    (:func:`_assign_stacked`, :func:`_update_stacked`): the numbers
    :func:`_solo` would give each run, with a fraction of the numpy calls.
    """
    last: list[_Action | None] = [None] * len(cores)
    last_assign: list[_Action | None] = [None] * len(cores)
    replies: list[_Reply | None] = [None] * len(cores)
    live = list(range(len(cores)))
    while live:
        asks: list[tuple[int, _Work]] = []
        for r in live:
            core = cores[r]
            try:
                msg = core.send(replies[r])  # send(None) starts a fresh core
                while isinstance(msg, _Action):
                    last[r] = msg
                    if msg.phase is Phase.ASSIGN:
                        last_assign[r] = msg
                    msg = next(core)
            except StopIteration:
                continue
            asks.append((r, msg))
        live = [r for r, _ in asks]
        for phase in (Phase.ASSIGN, Phase.UPDATE):
            group = [(r, w) for r, w in asks if w.phase is phase]
            if not group:
                continue
            Cs = [w.centroids for _, w in group]
            if phase is Phase.ASSIGN:
                done: list[Any] = _assign_stacked(X, XT, Cs)
            else:
                done = _update_stacked(X, XT, [w.labels for _, w in group], Cs, empty)  # type: ignore[misc]
            for (r, _), reply in zip(group, done, strict=True):
                replies[r] = reply
    out = []
    for a, b in zip(last, last_assign, strict=True):
        assert a is not None and b is not None
        out.append((a, b))
    return out


def _assign_stacked(
    X: NDArray[np.float64], XT: NDArray[np.float64], Cs: list[NDArray[np.float64]]
) -> list[tuple[NDArray[np.int32], NDArray[np.float64]]]:
    """:func:`_assign` for several sets of K centroids: one (K, runs × points)
    block when it is small, else one run at a time."""
    n, d = X.shape
    R, k = len(Cs), Cs[0].shape[0]
    if R == 1 or R * n * k > _STACK_CELLS:
        return [_assign(X, C, XT) for C in Cs]
    C3 = np.array(Cs).transpose(1, 0, 2)  # (K, runs, d): centroid j of every run side by side
    m = R * n
    a = _scratch("stacked.a", (k, R, n))
    _sq_block(XT, [C3[:, :, f, None] for f in range(d)], a, _scratch("stacked.b", (k, R, n)))
    a2 = a.reshape(k, m)
    mind = np.minimum.reduce(a2, axis=0)
    labels = np.empty(m, dtype=np.int32)
    _first_at_min(a2, mind, labels)
    return list(zip(labels.reshape(R, n), mind.reshape(R, n), strict=True))


def _update_stacked(
    X: NDArray[np.float64],
    XT: NDArray[np.float64],
    labels: list[NDArray[np.int32]],
    Cs: list[NDArray[np.float64]],
    empty: str,
) -> list[tuple[NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]]]:
    """:func:`_update` for several runs: one bincount over all of them, run r's
    labels shifted by r × K, so each bin still adds its points in order."""
    n, d = X.shape
    R, k = len(Cs), Cs[0].shape[0]
    if R == 1 or R * n * k > _STACK_CELLS:
        return [_update(X, lab, C, empty, XT) for lab, C in zip(labels, Cs, strict=True)]
    idx = np.add(np.array(labels), np.arange(0, R * k, k)[:, None], dtype=np.intp).ravel()
    counts = np.bincount(idx, minlength=R * k).reshape(R, k).astype(np.float64)
    sums = np.empty((R, k, d))
    for f in range(d):
        sums[:, :, f] = np.bincount(idx, weights=XT[f : f + 1].repeat(R, axis=0).ravel(), minlength=R * k).reshape(R, k)
    full = counts.all(axis=1)
    # Runs with an empty cluster are redone below; max() only keeps their
    # division quiet (the others divide by their counts, as _update does).
    C_new = sums / np.maximum(counts, 1.0)[:, :, None]
    return [
        (C_new[r], labels[r], ()) if full[r] else _update(X, labels[r], Cs[r], empty, XT)
        for r in range(R)
    ]


def _transposed(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """``X.T`` as a C-contiguous array of shape (n_features, n_samples): each feature
    contiguous, which the blocked kernels read twice as fast as a column of ``X``."""
    return np.ascontiguousarray(X.T)


def _lloyd(
    X: NDArray[np.float64], C: NDArray[np.float64], max_iter: int, tol_abs: float, empty: str
) -> Iterator[Step]:
    """:func:`_lloyd_core` as Steps, with every figure the screen shows. Prior validation is assumed."""
    n = X.shape[0]
    yield Step(0, Phase.INIT, 0, C.copy())
    XT = _transposed(X)
    shown: NDArray[np.int32] | None = None  # the labels on screen (after relocation)
    actions = _solo(X, XT, empty, _lloyd_core(C, max_iter, tol_abs))
    for index, act in enumerate(actions, start=1):
        if act.phase is Phase.ASSIGN:
            assert act.dist is not None
            changed = n if shown is None else int(np.count_nonzero(act.labels != shown))
            yield Step(index, Phase.ASSIGN, act.iteration, act.centroids.copy(), act.labels,
                       float(act.dist.sum()), changed=changed, stop=act.stop)
        else:
            assert act.previous is not None
            shown = act.labels
            yield _update_step(X, index, act.iteration, act.previous, act.centroids, act.labels,
                               act.events, act.stop, XT)


def _lloyd_final(
    X: NDArray[np.float64], C: NDArray[np.float64], max_iter: int, tol_abs: float, empty: str
) -> tuple[NDArray[np.int32], NDArray[np.float64], int, StopReason]:
    """The end of :func:`_lloyd_core` without Steps: the last assign's labels, the last
    centroids, the iteration count and why it stopped. Prior validation is assumed."""
    XT = _transposed(X)
    labels: NDArray[np.int32] | None = None
    last: _Action | None = None
    for last in _solo(X, XT, empty, _lloyd_core(C, max_iter, tol_abs)):
        if last.phase is Phase.ASSIGN:
            labels = last.labels
    assert last is not None and labels is not None and last.stop is not None
    return labels, last.centroids, last.iteration, last.stop


def _run_inertias(
    X: NDArray[np.float64],
    XT: NDArray[np.float64],
    Cs: list[NDArray[np.float64]],
    max_iter: int,
    tol_abs: float,
    empty: str,
) -> list[float]:
    """The inertia scikit-learn reports for each run (same K) from the initial
    centroids ``Cs``: the last assign's labels with the last centroids. The
    elbow sweep's path: no Steps, runs stacked. Prior validation is assumed."""
    out = []
    for last, last_assign in _stacked(X, XT, empty, [_lloyd_core(C, max_iter, tol_abs) for C in Cs]):
        assert last_assign.dist is not None
        if last is last_assign:
            out.append(float(last.dist.sum()))
        else:
            out.append(float(_sq_to_own(X, last.centroids, last_assign.labels, XT).sum()))
    return out


def _update_step(
    X: NDArray[np.float64],
    index: int,
    it: int,
    C_old: NDArray[np.float64],
    C_new: NDArray[np.float64],
    labels: NDArray[np.int32],
    events: tuple[EmptyCluster, ...],
    stop: StopReason | None,
    XT: NDArray[np.float64] | None = None,
) -> Step:
    moves_sq = ((C_new - C_old) ** 2).sum(axis=1)
    return Step(
        index, Phase.UPDATE, it, C_new.copy(), labels,
        float(_sq_to_own(X, C_new, labels, XT).sum()),
        shift=float(moves_sq.sum()), moves=np.sqrt(moves_sq), empty=events, stop=stop,
    )
