"""Blocked, threaded arithmetic for the Lloyd loop (private: no validation here).

The kernels behind the public steps: squared distances (:func:`_sq_block`),
the assign step (:func:`_assign`), the update step with its empty-cluster
policies (:func:`_update`), each point's squared distance to its own
centroid (:func:`_sq_to_own`), and the plumbing they share: a thread pool,
per-thread scratch buffers and the block sizes.

On large data the assign step works in cache-sized blocks and splits the
points across cores (numpy releases the GIL); every such split leaves the
arithmetic, and so every result bit, as it is one block at a time.

Every function here assumes its arguments were checked by
:mod:`kmtui.engine.validation`: float64 C-contiguous data, centroids with
the same features, int32 labels in range.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.state import EmptyCluster

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
            if XT is not None:
                x = XT[:, s:e]
            else:
                assert T is not None
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
    counts = cast("NDArray[np.float64]", np.sum(part_counts, axis=0, dtype=np.float64))
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
        for j in to_largest:
            C_new[j] = C_new[largest]
            events.append(EmptyCluster(j, "moved-to-largest"))
    events.sort(key=lambda e: e.cluster)
    return C_new, out_labels, tuple(events)


def _rowwise_sq(A: NDArray[np.float64], B: NDArray[np.float64]) -> NDArray[np.float64]:
    n, d = A.shape
    if n * d < _PARALLEL_MIN_CELLS:
        diff = A - B
        small: NDArray[np.float64] = np.einsum("ij,ij->i", diff, diff)
        return small
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


def _sq_distances(X: NDArray[np.float64], C: NDArray[np.float64]) -> NDArray[np.float64]:
    """Squared distance of every point to every centroid, shape (n_samples, n_clusters).

    The same sum, in the same order, as the assign step: an exact tie here is
    a tie there, so these numbers always agree with the labels assign gives.
    """
    cols = [np.ascontiguousarray(C[:, f : f + 1]) for f in range(C.shape[1])]
    out = np.empty((C.shape[0], X.shape[0]))
    _sq_block(_transposed(X), cols, out, np.empty_like(out))
    return out.T.copy()


def _transposed(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """``X.T`` as a C-contiguous array of shape (n_features, n_samples): each feature
    contiguous, which the blocked kernels read twice as fast as a column of ``X``."""
    return np.ascontiguousarray(X.T)

