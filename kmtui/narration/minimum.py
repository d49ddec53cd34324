"""Why a converged run is a local minimum, in the shape it has (pure: no UI).

A run stuck above the best inertia known at its K usually has one of two
shapes, often both at once: two centroids share one natural group, while
another centroid covers two groups. :func:`diagnose` looks for exactly that
with two cheap figures per cluster (no new full runs):

- merging clusters ``a`` and ``b`` costs ``n_a n_b / (n_a + n_b) · ‖c_a − c_b‖²``
  of inertia (Ward's formula: the exact increase);
- splitting cluster ``c`` in two (a 2-means on its points) saves ``J_c − J_c'``.

When the best split saves more than the cheapest merge costs, moving one of
the pair's centroids into the split cluster would lower the inertia — yet
neither the assign nor the update step can make that move, so Lloyd's
algorithm stays put. :func:`explain` says it in words.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.estimator import KMeans
from kmtui.narration.text import fmt_num


def diagnose(X: NDArray[np.float64], centroids: NDArray[np.float64],
             labels: NDArray[np.integer[Any]]) -> tuple[int, int, int] | None:
    """``(a, b, c)``: centroids ``a`` and ``b`` share one group while ``c`` covers two; None if not so.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    centroids : ndarray of shape (k, n_features)
    labels : ndarray of shape (n_samples,)
    """
    k = centroids.shape[0]
    if k < 3:
        return None
    sizes = np.bincount(labels, minlength=k).astype(np.float64)
    gain = np.zeros(k)
    for c in range(k):
        pts = X[labels == c]
        if len(pts) < 4:
            continue
        own = float(((pts - centroids[c]) ** 2).sum())
        split = KMeans(n_clusters=2, init="k-means++", n_init=3, random_state=0).fit(pts).inertia_
        gain[c] = own - float(split)
    best: tuple[float, int, int, int] | None = None
    for a in range(k):
        for b in range(a + 1, k):
            if sizes[a] == 0 or sizes[b] == 0:
                continue
            cost = sizes[a] * sizes[b] / (sizes[a] + sizes[b]) * float(((centroids[a] - centroids[b]) ** 2).sum())
            for c in range(k):
                if c in (a, b):
                    continue
                margin = gain[c] - cost
                if margin > 0 and (best is None or margin > best[0]):
                    best = (margin, a, b, c)
    return None if best is None else best[1:]


def explain(inertia: float, best: float, n_init: int, shape: tuple[int, int, int] | None) -> str:
    """The local-minimum sentence: neither step can lower it, yet a better arrangement exists."""
    worse = 100 * (inertia - best) / best if best > 0 else float("inf")
    text = (f" A local minimum: neither step can lower it, yet the best of {n_init} runs reached "
            f"{fmt_num(best)} (this run +{worse:.1f} %)")
    if shape is not None:
        a, b, c = shape
        text += f": centroids {a} and {b} share one group while {c} covers two"
    return text + ". r: new centroids."
