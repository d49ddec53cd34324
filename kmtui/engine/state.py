"""Step: one frozen snapshot of a K-Means run.

A run is a list of Steps (see :mod:`kmtui.engine.history`). Each Step is what the
screen shows after one action of the algorithm: the centroids, every point's
label, the inertia, and what the action did (how many points changed cluster,
how far the centroids moved, which clusters were empty). Steps never change
after they are made; their arrays are read-only.

Labels are stored compactly (:class:`PackedLabels`): bit-packed, 1, 2 or 4
bits a label when K ≤ 2, 4 or 16, else one ``uint8`` (K ≤ 256) or ``uint16``;
a Step unpacks them on access into :func:`label_dtype` (``uint8`` for
K ≤ 256), keeping the last few unpacked. So a run of hundreds of steps over a
million points keeps a quarter of a megabyte per step at K = 3, not 4 MB
(the estimator's public ``labels_`` stays ``int32`` as scikit-learn's).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
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


class PackedLabels:
    """A run's labels for one step, bit-packed; :meth:`unpack` gives them back.

    Parameters
    ----------
    labels : ndarray of shape (n_samples,) of int
        Integers in ``0..n_clusters-1``.
    n_clusters : int
    """

    __slots__ = ("bits", "data", "dtype", "n")
    #: The last unpacked arrays (a step and its neighbours, as the screen shows them).
    _cache: OrderedDict[int, tuple[PackedLabels, Labels]] = OrderedDict()
    CACHE_SIZE = 4

    def __init__(self, labels: NDArray[Any], n_clusters: int) -> None:
        self.n = int(labels.shape[0])
        self.dtype = label_dtype(n_clusters)
        self.bits = next((b for b in (1, 2, 4) if n_clusters <= 1 << b), 8)
        if self.bits == 8:
            self.data: NDArray[Any] = compact_labels(labels, n_clusters).copy()
        else:
            per = 8 // self.bits
            padded = np.zeros(-(-self.n // per) * per, dtype=np.uint8)
            padded[: self.n] = labels
            groups = padded.reshape(-1, per)
            packed = groups[:, 0].copy()
            for i in range(1, per):
                packed |= groups[:, i] << np.uint8(self.bits * i)
            self.data = packed
        self.data.setflags(write=False)

    @property
    def nbytes(self) -> int:
        """Bytes held."""
        return int(self.data.nbytes)

    def unpack(self) -> Labels:
        """The labels, read-only, in :func:`label_dtype`; the last few are kept."""
        cache = PackedLabels._cache
        with _CACHE_LOCK:  # the elbow's worker thread makes Steps too
            hit = cache.get(id(self))
            if hit is not None and hit[0] is self:
                cache.move_to_end(id(self))
                return hit[1]
        if self.bits == 8:
            out: Labels = self.data
        else:
            out = _unpack_table(self.bits)[self.data].reshape(-1)[: self.n]
            out.setflags(write=False)
        with _CACHE_LOCK:
            cache[id(self)] = (self, out)
            while len(cache) > self.CACHE_SIZE:
                cache.popitem(last=False)
        return out


_CACHE_LOCK = threading.Lock()
_TABLES: dict[int, NDArray[np.uint8]] = {}


def _unpack_table(bits: int) -> NDArray[np.uint8]:
    """Row ``v`` is byte ``v``'s labels, ``8 // bits`` of them, lowest bits first."""
    table = _TABLES.get(bits)
    if table is None:
        per = 8 // bits
        v = np.arange(256, dtype=np.uint8)[:, None]
        table = (v >> (np.arange(per, dtype=np.uint8) * bits)) & np.uint8((1 << bits) - 1)
        _TABLES[bits] = table
    return table


def _frozen(a: NDArray[Any] | None) -> NDArray[Any] | None:
    if a is not None:
        a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False, init=False)
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
        Given in any integer dtype (or as :class:`PackedLabels`, shared with
        another step), kept packed, read back in :func:`label_dtype`
        (``uint8`` for K ≤ 256).
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
    packed: PackedLabels | None
    inertia: float | None
    changed: int | None
    shift: float | None
    moves: NDArray[np.float64] | None
    empty: tuple[EmptyCluster, ...]
    stop: StopReason | None

    def __init__(self, index: int, phase: Phase, iteration: int, centroids: NDArray[np.float64],
                 labels: NDArray[Any] | PackedLabels | None = None, inertia: float | None = None,
                 changed: int | None = None, shift: float | None = None,
                 moves: NDArray[np.float64] | None = None, empty: tuple[EmptyCluster, ...] = (),
                 stop: StopReason | None = None) -> None:
        if labels is not None and not isinstance(labels, PackedLabels):
            labels = PackedLabels(labels, int(centroids.shape[0]))
        for name, value in (("index", index), ("phase", phase), ("iteration", iteration),
                            ("centroids", _frozen(centroids)), ("packed", labels), ("inertia", inertia),
                            ("changed", changed), ("shift", shift), ("moves", _frozen(moves)),
                            ("empty", empty), ("stop", stop)):
            object.__setattr__(self, name, value)

    @property
    def labels(self) -> Labels | None:
        """Each point's cluster after this step (read-only), or None before the first assign."""
        return None if self.packed is None else self.packed.unpack()

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
