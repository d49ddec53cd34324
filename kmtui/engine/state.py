"""Step: one frozen snapshot of a K-Means run.

A run is a list of Steps (see :mod:`kmtui.engine.history`). Each Step is what the
screen shows after one action of the algorithm: the centroids, every point's
label, the inertia, and what the action did (how many points changed cluster,
how far the centroids moved, which clusters were empty). Steps never change
after they are made; their arrays are read-only.

Labels are stored compactly — ``uint8`` when K ≤ 256, ``uint16`` up to
65 536 clusters, ``int32`` beyond (:func:`compact_labels`) — so a run of many
steps over a million points keeps 1 MB per step, not 4 (the estimator's public
``labels_`` is ``int32`` as scikit-learn's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray


class Phase(StrEnum):
    """Which of the source material's steps produced a Step."""

    INIT = "init"
    """Step 1: K centroids placed (no labels yet)."""
    ASSIGN = "assign"
    """Step 2: every point joins its nearest centroid."""
    UPDATE = "update"
    """Step 3: every centroid moves to the mean of its points."""


class StopReason(StrEnum):
    """Why a run ended."""

    LABELS = "labels"
    """No point changed cluster: the centroids can no longer move (strict convergence)."""
    TOL = "tol"
    """The centroids moved less than the tolerance."""
    MAX_ITER = "max_iter"
    """The iteration limit was reached before convergence."""


@dataclass(frozen=True)
class EmptyCluster:
    """What the update step did with a cluster that had no points.

    Attributes
    ----------
    cluster : int
        The empty cluster.
    action : {"relocated", "kept", "moved-to-largest"}
        ``relocated``: its centroid jumped to ``point``, the point farthest from
        its own centroid (scikit-learn's rule). ``kept``: the centroid stayed where
        it was. ``moved-to-largest``: every point sits on its centroid already,
        so there is nothing to relocate to; the centroid joins the largest
        cluster's (scikit-learn does the same).
    point : int or None
        The index of the point it took, for ``relocated``.
    """

    cluster: int
    action: str
    point: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster, "action": self.action, "point": self.point}


Labels: TypeAlias = NDArray[np.uint8] | NDArray[np.uint16] | NDArray[np.int32]
"""A Step's labels: the smallest unsigned dtype that holds every cluster index."""


def label_dtype(n_clusters: int) -> type[np.uint8] | type[np.uint16] | type[np.int32]:
    """The dtype a Step stores labels of ``n_clusters`` clusters in.

    >>> label_dtype(8).__name__, label_dtype(256).__name__, label_dtype(257).__name__
    ('uint8', 'uint8', 'uint16')
    """
    if n_clusters <= 1 << 8:
        return np.uint8
    if n_clusters <= 1 << 16:
        return np.uint16
    return np.int32


def compact_labels(labels: NDArray[Any], n_clusters: int) -> Labels:
    """``labels`` (integers in ``0..n_clusters-1``) in :func:`label_dtype`; no copy when already so."""
    dtype = label_dtype(n_clusters)
    if dtype is np.uint8:
        return labels.astype(np.uint8, copy=False)
    if dtype is np.uint16:
        return labels.astype(np.uint16, copy=False)
    return labels.astype(np.int32, copy=False)


def _frozen(a: NDArray[Any] | None) -> NDArray[Any] | None:
    if a is not None:
        a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Step:
    """One snapshot of a K-Means run.

    Attributes
    ----------
    index : int
        Position in the run (0 is the init step).
    phase : Phase
        init, assign or update.
    iteration : int
        The Lloyd iteration this step belongs to (0 for init; an assign and the
        update after it share one).
    centroids : ndarray of shape (n_clusters, n_features), float64
        The centroids after this step (float64 whatever the data's dtype).
    labels : ndarray of shape (n_samples,) of uint8, uint16 or int32, or None
        Each point's cluster after this step; None before the first assign.
        Stored in :func:`label_dtype` (``uint8`` for K ≤ 256): given in any
        integer dtype, it is converted once.
    inertia : float or None
        Sum of squared distances of points to their own centroid, with this
        step's labels and centroids; None at init.
    changed : int or None
        For an assign: how many points changed cluster (all of them the first time).
    shift : float or None
        For an update: the sum of squared centroid moves.
    moves : ndarray of shape (n_clusters,) or None
        For an update: how far each centroid moved.
    empty : tuple of EmptyCluster
        For an update: clusters that had no points and what was done.
    stop : StopReason or None
        Set on the step that ends the run.
    """

    index: int
    phase: Phase
    iteration: int
    centroids: NDArray[np.float64]
    labels: Labels | None = None
    inertia: float | None = None
    changed: int | None = None
    shift: float | None = None
    moves: NDArray[np.float64] | None = None
    empty: tuple[EmptyCluster, ...] = field(default=())
    stop: StopReason | None = None

    def __post_init__(self) -> None:
        if self.labels is not None:
            object.__setattr__(self, "labels", compact_labels(self.labels, self.n_clusters))
        _frozen(self.centroids)
        _frozen(self.labels)
        _frozen(self.moves)

    @property
    def n_clusters(self) -> int:
        return int(self.centroids.shape[0])

    @property
    def converged(self) -> bool:
        """True when this step ends the run by convergence (not by the iteration limit)."""
        return self.stop in (StopReason.LABELS, StopReason.TOL)

    def cluster_sizes(self) -> NDArray[np.int64]:
        """Points per cluster (zeros before the first assign)."""
        if self.labels is None:
            return np.zeros(self.n_clusters, dtype=np.int64)
        return np.bincount(self.labels, minlength=self.n_clusters)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``kmtui trace --json`` (without labels: they are large)."""
        out: dict[str, Any] = {
            "index": self.index,
            "phase": str(self.phase),
            "iteration": self.iteration,
            "centroids": self.centroids.tolist(),
            "inertia": self.inertia,
        }
        if self.phase is Phase.ASSIGN:
            out["changed"] = self.changed
        if self.phase is Phase.UPDATE:
            out["shift"] = self.shift
            out["empty"] = [e.to_dict() for e in self.empty]
        if self.stop is not None:
            out["stop"] = str(self.stop)
        return out
