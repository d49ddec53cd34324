"""The K-Means engine: pure numpy, no user interface.

``validation`` checks every parameter once, ``seeding`` places the first
centroids, ``steps`` holds the source material's steps (public, validated),
``_kernels`` and ``_lloyd`` the private arithmetic and loop behind them,
``state`` the Step snapshot, ``history`` the Run with its cursor,
``estimator`` the scikit-learn-shaped KMeans, ``elbow`` and ``knee`` the
elbow method, ``metrics`` the crosstab.
"""

from __future__ import annotations

from kmtui.engine.elbow import Cancelled, ElbowCurve, elbow
from kmtui.engine.estimator import KMeans
from kmtui.engine.history import Run, RunConfig
from kmtui.engine.knee import knee
from kmtui.engine.metrics import crosstab
from kmtui.engine.state import EmptyCluster, Phase, Step, StopReason
from kmtui.engine.steps import (
    EMPTY_POLICIES,
    INIT_METHODS,
    assign,
    inertia,
    init_centroids,
    lloyd_steps,
    sq_distances,
    tolerance,
    update,
)
from kmtui.engine.validation import ConvergenceWarning, InvalidParameterError, NotFittedError

__all__ = [
    "EMPTY_POLICIES",
    "INIT_METHODS",
    "Cancelled",
    "ConvergenceWarning",
    "ElbowCurve",
    "EmptyCluster",
    "InvalidParameterError",
    "KMeans",
    "NotFittedError",
    "Phase",
    "Run",
    "RunConfig",
    "Step",
    "StopReason",
    "assign",
    "crosstab",
    "elbow",
    "inertia",
    "init_centroids",
    "knee",
    "lloyd_steps",
    "sq_distances",
    "tolerance",
    "update",
]
