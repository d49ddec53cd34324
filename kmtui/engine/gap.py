"""The gap statistic (Tibshirani, Walther & Hastie, 2001): is the elbow more than chance?

Inertia always falls as K grows, even on data with no groups at all, so a
bend in the elbow curve proves nothing by itself. The gap statistic asks how
much lower the data's inertia ``W(K)`` is than that of data with no
structure: ``B`` reference data sets drawn uniformly over the data's bounding
box, clustered the same way. With ``W_b(K)`` the inertia of reference ``b``,

- ``gap(K) = mean_b(log W_b(K)) - log W(K)``,
- ``s(K) = sd_b(log W_b(K)) * sqrt(1 + 1/B)`` (``sd`` with divisor ``B``, as
  in the paper), and
- the chosen K is the smallest with ``gap(K) >= gap(K+1) - s(K+1)``.

This module owns drawing the reference sets (:func:`reference_sets`) and the
arithmetic on their inertias (:func:`gap_statistic`, :func:`choose_k`);
:func:`kmtui.engine.elbow.elbow` clusters the references with the same
K-Means as the data and calls them.

Large data: a reference set has at most :data:`MAX_REF_POINTS` points. Its
inertia is then scaled by ``n / m`` (inertia is a sum over points, so it
grows in proportion to their number), which keeps ``gap`` on the data's
scale; below that size the references have exactly as many points as the
data, as in the paper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["DEFAULT_REFS", "MAX_REF_POINTS", "GapStatistic", "choose_k", "gap_statistic", "reference_sets"]

DEFAULT_REFS = 10
"""Reference data sets drawn by default (the paper's B; it suggests 10 or more)."""

MAX_REF_POINTS = 2000
"""Most points in one reference set; larger data get references of this size, their inertia scaled."""


@dataclass(frozen=True, eq=False)
class GapStatistic:
    """The gap statistic at each K.

    Attributes
    ----------
    ks : list of int
    reference : list of float
        The reference sets' inertia at each K, averaged as the statistic does
        (the geometric mean, ``exp(mean(log W_b))``, scaled to the data's
        number of points), so that ``gap = log(reference) - log(inertia)``.
    gap : list of float
    gap_sd : list of float
        ``s(K)``: the standard deviation of ``log W_b(K)`` times ``sqrt(1 + 1/B)``.
    k : int or None
        The smallest K with ``gap(K) >= gap(K+1) - s(K+1)``; None when no K
        qualifies (the gap still rises at the largest K tried).
    n_refs : int
        B, the number of reference sets.
    ref_points : int
        Points in each reference set.
    """

    ks: list[int]
    reference: list[float]
    gap: list[float]
    gap_sd: list[float]
    k: int | None
    n_refs: int
    ref_points: int


def reference_sets(
    X: NDArray[np.float64], n_refs: int, rng: np.random.Generator, *, max_points: int = MAX_REF_POINTS
) -> list[NDArray[np.float64]]:
    """``n_refs`` data sets drawn uniformly over the bounding box of ``X``.

    Each has ``min(n_samples, max_points)`` points; reference ``b`` is
    ``rng.uniform(X.min(axis=0), X.max(axis=0), size=(m, n_features))``, drawn
    in order, so the same generator state gives the same sets.
    """
    lo, hi = X.min(axis=0), X.max(axis=0)
    m = min(X.shape[0], max_points)
    return [rng.uniform(lo, hi, size=(m, X.shape[1])) for _ in range(n_refs)]


def _log(w: NDArray[np.float64]) -> NDArray[np.float64]:
    """``log w``, with an inertia of 0 (K as large as the distinct points) taken as the
    smallest positive float, so that every figure stays finite."""
    out: NDArray[np.float64] = np.log(np.maximum(w, np.finfo(np.float64).tiny))
    return out


def gap_statistic(
    ks: Sequence[int],
    inertia: ArrayLike,
    ref_inertia: ArrayLike,
    *,
    scale: float = 1.0,
    ref_points: int = 0,
) -> GapStatistic:
    """The gap statistic from the data's inertia and the references'.

    Parameters
    ----------
    ks : sequence of int
        The K values, increasing by 1.
    inertia : array-like of shape (n_ks,)
        The data's inertia ``W(K)`` (the best of its runs).
    ref_inertia : array-like of shape (n_refs, n_ks)
        Each reference set's inertia at each K.
    scale : float, default=1.0
        Factor applied to the references' inertia first: ``n / m`` when the
        references have ``m`` points and the data ``n``.
    ref_points : int, default=0
        Points in each reference set (recorded only).

    Returns
    -------
    GapStatistic
    """
    w = np.asarray(inertia, dtype=np.float64)
    refs = np.asarray(ref_inertia, dtype=np.float64) * scale
    if refs.ndim != 2 or refs.shape[1] != w.size or w.size != len(ks):
        raise ValueError(f"need ref_inertia of shape (n_refs, {len(ks)}), got {refs.shape}")
    b = refs.shape[0]
    log_ref = _log(refs)
    mean = log_ref.mean(axis=0)
    gap = mean - _log(w)
    sd = log_ref.std(axis=0) * math.sqrt(1.0 + 1.0 / b)
    gaps, sds = [float(g) for g in gap], [float(s) for s in sd]
    return GapStatistic(
        ks=[int(k) for k in ks],
        reference=[float(r) for r in np.exp(mean)],
        gap=gaps,
        gap_sd=sds,
        k=choose_k(ks, gaps, sds),
        n_refs=b,
        ref_points=ref_points,
    )


def choose_k(ks: Sequence[int], gap: Sequence[float], gap_sd: Sequence[float]) -> int | None:
    """The smallest K with ``gap(K) >= gap(K+1) - s(K+1)``, or None.

    >>> choose_k([1, 2, 3, 4], [0.1, 0.9, 1.5, 1.45], [0.02, 0.02, 0.02, 0.02])
    3
    >>> choose_k([1, 2, 3], [0.0, 0.01, -0.02], [0.03, 0.03, 0.03])
    1
    """
    for i in range(len(ks) - 1):
        if gap[i] >= gap[i + 1] - gap_sd[i + 1]:
            return int(ks[i])
    return None
