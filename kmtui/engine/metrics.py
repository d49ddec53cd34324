"""Comparing cluster labels with known labels: the crosstab panel's numbers.

This module owns :func:`crosstab` (the counts ``pandas.crosstab(pred, true)``
gives, as a plain array), and the scores shown beside it: :func:`purity`,
:func:`adjusted_rand_score` (the same value as scikit-learn's) and
:func:`match_clusters` (which known label each cluster stands for, so a
cluster can be drawn in its label's colour).

Labels may be integers, strings or any values numpy can sort. Everything is
vectorised (``np.unique`` with ``return_inverse`` and ``np.bincount``), so a
million labels take well under a second. Pure numpy.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.errors import InputError

__all__ = ["adjusted_rand_score", "crosstab", "match_clusters", "purity"]

# A dense table larger than this is a mistake (e.g. a continuous column used
# as labels), not something to allocate gigabytes for.
_MAX_TABLE_CELLS = 10_000_000


def crosstab(
    pred_labels: ArrayLike, true_labels: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[Any], NDArray[Any]]:
    """Count how often each cluster label meets each known label.

    The same counts, row order and column order as
    ``pandas.crosstab(pred_labels, true_labels)``; like pandas, a pair where
    either label is missing (NaN or None) is left out.

    Parameters
    ----------
    pred_labels : array-like of shape (n_samples,)
        Cluster labels (ints or strings).
    true_labels : array-like of shape (n_samples,)
        Known labels (ints or strings).

    Returns
    -------
    table : ndarray of int64 of shape (n_rows, n_cols)
        ``table[i, j]`` is the number of samples with cluster ``rows[i]`` and
        known label ``cols[j]``.
    rows : ndarray of shape (n_rows,)
        The distinct cluster labels, sorted.
    cols : ndarray of shape (n_cols,)
        The distinct known labels, sorted.

    Raises
    ------
    InputError
        If the inputs are not 1-D, differ in length, mix values that cannot
        be sorted together, or have so many distinct values that the table
        would exceed ten million cells.

    Examples
    --------
    >>> table, rows, cols = crosstab([0, 0, 1, 1, 1], ["a", "b", "b", "b", "c"])
    >>> table
    array([[1, 1, 0],
           [0, 2, 1]])
    >>> rows.tolist(), cols.tolist()
    ([0, 1], ['a', 'b', 'c'])
    """
    pred, true = _pair(pred_labels, true_labels, drop_missing=True)
    r, rows = _factorize(pred, "pred_labels")
    c, cols = _factorize(true, "true_labels")
    return _dense_table(r, c, rows.size, cols.size), rows, cols


def purity(pred_labels: ArrayLike, true_labels: ArrayLike) -> float:
    """Share of samples whose cluster's most common known label is theirs.

    ``sum over clusters of (largest count in the cluster's row) / n``: 1.0
    when every cluster holds one known label only. Splitting clusters never
    lowers it, so read it with the number of clusters in mind.

    Parameters
    ----------
    pred_labels : array-like of shape (n_samples,)
        Cluster labels.
    true_labels : array-like of shape (n_samples,)
        Known labels.

    Returns
    -------
    float
        In (0, 1].

    Raises
    ------
    InputError
        If the inputs are empty, not 1-D, differ in length, or hold missing
        labels.
    """
    pred, true = _pair(pred_labels, true_labels, drop_missing=False)
    if pred.size == 0:
        raise InputError("purity needs at least one label")
    r, rows = _factorize(pred, "pred_labels")
    c, cols = _factorize(true, "true_labels")
    pair_codes, counts = _pair_counts(r, c, cols.size)
    best = np.zeros(rows.size, dtype=np.int64)
    np.maximum.at(best, pair_codes // cols.size, counts)
    return int(best.sum()) / pred.size


def adjusted_rand_score(pred_labels: ArrayLike, true_labels: ArrayLike) -> float:
    """Adjusted Rand index: agreement of two labelings, corrected for chance.

    The same value as ``sklearn.metrics.adjusted_rand_score(true_labels,
    pred_labels)`` (it is symmetric): 1.0 for the same partition whatever the
    label names, about 0 for random labels, negative for worse than random.
    Empty input gives 1.0, as in scikit-learn.

    Parameters
    ----------
    pred_labels : array-like of shape (n_samples,)
        Cluster labels.
    true_labels : array-like of shape (n_samples,)
        Known labels.

    Returns
    -------
    float
        In [-0.5, 1].

    Raises
    ------
    InputError
        If the inputs are not 1-D, differ in length, or hold missing labels.
    """
    pred, true = _pair(pred_labels, true_labels, drop_missing=False)
    n = pred.size
    if n == 0:
        return 1.0
    r, rows = _factorize(pred, "pred_labels")
    c, cols = _factorize(true, "true_labels")
    _, counts = _pair_counts(r, c, cols.size)
    # Python ints from here: n**2 and the products below overflow int64
    # long before n reaches a million.
    sum_squares = _sum_of_squares(counts)
    pred_sizes = _sum_of_squares(np.bincount(r, minlength=rows.size))
    true_sizes = _sum_of_squares(np.bincount(c, minlength=cols.size))
    # the pair confusion matrix, as sklearn.metrics.cluster.pair_confusion_matrix
    tp = sum_squares - n
    fp = pred_sizes - sum_squares  # same cluster, different known label
    fn = true_sizes - sum_squares  # same known label, different cluster
    tn = n * n - fp - fn - sum_squares
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def match_clusters(pred_labels: ArrayLike, true_labels: ArrayLike) -> dict[Hashable, Hashable]:
    """Pair each cluster with a different known label, agreeing most overall.

    The one-to-one matching that maximises the number of samples whose
    cluster is paired with their own known label (the Hungarian method on
    the crosstab, the same optimum as
    ``scipy.optimize.linear_sum_assignment(table, maximize=True)``). With
    more clusters than known labels, the clusters left over are not in the
    result; with fewer, some known labels are unused. Where several
    matchings tie, the one found is deterministic but arbitrary among them.

    Parameters
    ----------
    pred_labels : array-like of shape (n_samples,)
        Cluster labels.
    true_labels : array-like of shape (n_samples,)
        Known labels.

    Returns
    -------
    dict
        ``{cluster label: known label}`` with plain Python keys and values
        (``int``, ``str``, ...), ``min(n_clusters, n_known)`` entries.

    Raises
    ------
    InputError
        If the inputs are not 1-D, differ in length, hold missing labels, or
        have more than ten million (cluster, label) cells.
    """
    pred, true = _pair(pred_labels, true_labels, drop_missing=False)
    r, rows = _factorize(pred, "pred_labels")
    c, cols = _factorize(true, "true_labels")
    table = _dense_table(r, c, rows.size, cols.size)
    row_list, col_list = rows.tolist(), cols.tolist()
    return {row_list[i]: col_list[j] for i, j in _max_weight_matching(table)}


def _pair(
    pred_labels: ArrayLike, true_labels: ArrayLike, *, drop_missing: bool
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Validate two label arrays; drop or reject pairs with a missing label."""
    pred = np.asarray(pred_labels)
    true = np.asarray(true_labels)
    for name, a in (("pred_labels", pred), ("true_labels", true)):
        if a.ndim != 1:
            raise InputError(f"{name} must be one-dimensional, got shape {a.shape}")
    if pred.size != true.size:
        raise InputError(
            f"pred_labels and true_labels must have the same length, "
            f"got {pred.size} and {true.size}"
        )
    missing = _missing(pred) | _missing(true)
    if missing.any():
        if not drop_missing:
            i = int(np.flatnonzero(missing)[0])
            raise InputError(f"label {i} is missing (NaN or None)")
        pred, true = pred[~missing], true[~missing]
    return pred, true


def _missing(a: NDArray[Any]) -> NDArray[np.bool_]:
    """Where a label is NaN or None (what pandas leaves out of a crosstab)."""
    if a.dtype.kind in "fc":
        nan: NDArray[np.bool_] = np.isnan(a)
        return nan
    if a.dtype.kind == "O":
        # NaN is the one value not equal to itself
        return np.asarray((a != a) | np.equal(a, np.array(None, dtype=object)), dtype=np.bool_)
    return np.zeros(a.shape, dtype=bool)


def _factorize(a: NDArray[Any], name: str) -> tuple[NDArray[np.intp], NDArray[Any]]:
    """Codes 0..k-1 into the sorted distinct values, and those values."""
    try:
        if a.dtype.kind == "O":
            return _factorize_objects(a)
        uniques, codes = np.unique(a, return_inverse=True)
    except TypeError:
        raise InputError(f"{name} mix values that cannot be sorted together") from None
    return codes.reshape(-1), uniques


def _factorize_objects(a: NDArray[np.object_]) -> tuple[NDArray[np.intp], NDArray[np.object_]]:
    """:func:`_factorize` for object arrays (strings from pandas, mostly).

    ``np.unique`` sorts a million Python objects with Python comparisons
    (about 3 s); a dict lookup per label and a sort of the few distinct
    values is ten times faster. Equality is the same (``==`` with hash).
    """
    first_seen: dict[Any, int] = {}
    codes = np.fromiter(
        (first_seen.setdefault(v, len(first_seen)) for v in a.tolist()),
        dtype=np.intp,
        count=a.size,
    )
    values = np.empty(len(first_seen), dtype=object)
    for i, v in enumerate(first_seen):  # one by one: a tuple label must stay whole
        values[i] = v
    order = np.argsort(values, kind="stable")  # TypeError if unsortable
    rank = np.empty(order.size, dtype=np.intp)
    rank[order] = np.arange(order.size)
    return rank[codes], values[order]


def _dense_table(
    r: NDArray[np.intp], c: NDArray[np.intp], n_rows: int, n_cols: int
) -> NDArray[np.int64]:
    cells = n_rows * n_cols
    if cells > _MAX_TABLE_CELLS:
        raise InputError(
            f"too many distinct labels for a table: {n_rows} × {n_cols} "
            f"(are these really labels?)"
        )
    flat = np.bincount(r.astype(np.int64) * n_cols + c, minlength=cells)
    return flat.astype(np.int64, copy=False).reshape(n_rows, n_cols)


def _pair_counts(
    r: NDArray[np.intp], c: NDArray[np.intp], n_cols: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The non-zero cells of the crosstab as (row * n_cols + col, count).

    Sparse, so scores work even when nearly every label is distinct.
    """
    cell, counts = np.unique(r.astype(np.int64) * n_cols + c, return_counts=True)
    return cell, counts.astype(np.int64, copy=False)


def _sum_of_squares(counts: NDArray[np.integer]) -> int:
    # a sum of squared counts is at most n**2: int64 holds it for n < 3e9
    return int(np.sum(counts.astype(np.int64) ** 2))


def _max_weight_matching(weights: NDArray[np.int64]) -> list[tuple[int, int]]:
    """Rows paired with distinct columns, maximising the summed weight.

    The Hungarian method with potentials (Kuhn–Munkres, O(n² m)), in exact
    integer arithmetic. The matrix is a crosstab, so tens of rows at most:
    Python loops over rows and columns are fine.

    Parameters
    ----------
    weights : ndarray of int of shape (n_rows, n_cols)

    Returns
    -------
    list of (int, int)
        ``min(n_rows, n_cols)`` pairs (row, column), sorted by row.
    """
    transposed = weights.shape[0] > weights.shape[1]
    w = weights.T if transposed else weights
    n, m = w.shape
    if n == 0:
        return []
    # maximise weight = minimise (largest - weight), all costs >= 0
    top = int(w.max())
    cost = [[0] * (m + 1)] + [[0] + [top - int(v) for v in row] for row in w.tolist()]
    inf = math.inf
    u: list[float] = [0] * (n + 1)  # row potentials
    v: list[float] = [0] * (m + 1)  # column potentials
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) holding column j; 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        min_slack: list[float] = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta: float = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    slack = cost[i0][j] - u[i0] - v[j]
                    if slack < min_slack[j]:
                        min_slack[j] = slack
                        way[j] = j0
                    if min_slack[j] < delta:
                        delta = min_slack[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    min_slack[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        # flip the augmenting path back to its start
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted(pairs)
