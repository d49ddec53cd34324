"""Session: the one model the app renders (pure: no Textual).

A Session holds the data (a :class:`~kmtui.data.selection.Selection`: which
columns are clustered and which two are drawn), the current
:class:`~kmtui.engine.history.Run` with its cursor, the elbow curve known for
the data, and the view settings (speed, regions, trails). K, the init method
and the seed are the Run's own :attr:`~kmtui.engine.history.Run.config`: they
are never copied. Every change that needs a new run makes one here, so the
app's screen only asks and then draws what the Session holds; tests drive a
Session with no terminal at all.

>>> from kmtui.data import load_dataset
>>> from kmtui.data.selection import select
>>> s = Session(select(load_dataset("blobs")), k=3, seed=3)
>>> s.run.next(), s.run.current.phase.value
(True, 'assign')
>>> s.set_k(4), s.k, s.run.cursor
(True, 4, 0)
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kmtui.data.selection import Selection, select
from kmtui.engine.elbow import ElbowCurve
from kmtui.engine.history import Run, RunConfig
from kmtui.engine.state import Step
from kmtui.engine.steps import INIT_METHODS, inertia_per_cluster

K_MAX = 20
"""The largest K the + key reaches (and never more than the points)."""

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""Animation speed multipliers for [ and ]."""


@dataclass(frozen=True)
class View:
    """How the run is shown (not what it is)."""

    speed: int = 2
    """Index into :data:`SPEEDS`."""
    regions: bool = False
    trails: bool = True
    animate: bool = True

    @property
    def speed_factor(self) -> float:
        return SPEEDS[self.speed]


@dataclass(frozen=True)
class StepFacts:
    """What a step's labels say per cluster, worked out once per step (the side panel and the legend read it)."""

    sizes: tuple[int, ...] | None
    """Points per cluster, or None before the first assign."""
    shares: tuple[float, ...] | None
    """Each cluster's share of the inertia in percent (its squared distances summed), or None."""


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to show a moment of the session again (lessons go back to these)."""

    selection: Selection
    run: Run
    cursor: int
    elbow: ElbowCurve | None
    view: View


class Session:
    """The data, the run and its cursor, and how they are shown.

    Parameters
    ----------
    selection : Selection
        The data and its clustered and drawn columns.
    k, init, seed, max_iter, tol, empty
        The first run's settings (as :class:`~kmtui.engine.history.Run`).
    centroids : array of shape (k, n_features), optional
        Exact starting centroids (the init is then reported as ``given``).
    view : View, optional
    seeds : callable() -> int, optional
        Where new seeds come from (``r``); default: a fresh random one. Lessons
        pass a seeded source so that they play the same every time.
    """

    def __init__(
        self,
        selection: Selection,
        *,
        k: int = 3,
        init: str = "uniform",
        seed: int = 0,
        max_iter: int = 300,
        tol: float = 0.0,
        empty: str = "relocate",
        centroids: NDArray[np.float64] | None = None,
        view: View | None = None,
        seeds: Callable[[], int] | None = None,
    ) -> None:
        self.origin = selection
        """The data the session started with (the dataset cycle comes back to it)."""
        self.selection = selection
        self.view = view or View()
        self.elbow: ElbowCurve | None = None
        """The elbow curve of the current data, once computed."""
        self.seeds: Callable[[], int] = seeds or (lambda: secrets.randbelow(2**31))
        self.parents: list[tuple[Run, int]] = []
        """The runs this one branched from (M), each with the step it branched at; the last is its parent."""
        if centroids is not None:
            k, init = len(centroids), "given"
        cfg = RunConfig(min(k, selection.dataset.n_samples), init, seed, max_iter, tol, empty)
        self.run = self._make_run(cfg, centroids)
        self._facts_run: Run | None = None
        self._facts: dict[int, tuple[Step, StepFacts]] = {}

    # ------------------------------------------------------------ reading

    def facts(self, step: Step | None = None) -> StepFacts:
        """The per-cluster facts of a step of the current run (default: the current step), computed once.

        Only the current run's steps are kept (they are the run's own anyway): a new run or
        new data starts afresh, so no step is ever read with another run's data.
        """
        run = self.run
        step = run.current if step is None else step
        if self._facts_run is not run:
            self._facts_run, self._facts = run, {}
        kept = self._facts.get(id(step))
        if kept is not None and kept[0] is step:
            return kept[1]
        if step.labels is None:
            facts = StepFacts(None, None)
        else:
            per = inertia_per_cluster(run.X, step.centroids, step.labels)
            total = float(per.sum()) or 1.0
            facts = StepFacts(tuple(int(n) for n in step.cluster_sizes()),
                              tuple(100 * float(p) / total for p in per))
        self._facts[id(step)] = (step, facts)
        return facts

    @property
    def config(self) -> RunConfig:
        return self.run.config

    @property
    def k(self) -> int:
        return self.run.config.n_clusters

    @property
    def n_samples(self) -> int:
        return self.selection.dataset.n_samples

    @property
    def k_limit(self) -> int:
        return min(self.n_samples, K_MAX)

    @property
    def best_inertia(self) -> float | None:
        """The lowest inertia the elbow's restarts reached at this K, when known."""
        curve = self.elbow
        if curve is None or self.k not in curve.ks:
            return None
        return curve.inertia[curve.ks.index(self.k)]

    def datasets(self) -> list[str | None]:
        """The cycle d / D walk: the built-ins, and first the data the session started with."""
        from kmtui.data import DATASETS

        names: list[str | None] = list(DATASETS)
        ds = self.origin.dataset
        if ds.source != "built-in" or ds.name not in names:
            names.insert(0, None)
        return names

    # ------------------------------------------------------------ new runs

    def _make_run(self, cfg: RunConfig, centroids: NDArray[np.float64] | None = None) -> Run:
        init: str | NDArray[np.float64] = centroids if centroids is not None else cfg.init
        run = Run(self.selection.X, cfg.n_clusters, init=init, seed=cfg.seed,
                  max_iter=cfg.max_iter, tol=cfg.tol, empty=cfg.empty)  # type: ignore[arg-type]
        if centroids is not None and cfg.init != run.config.init:
            run.config = replace(run.config, init=cfg.init)
        return run

    def restart(self, **changes: object) -> None:
        """A new run from the current settings with ``changes`` (``n_clusters``, ``init``, ``seed``)."""
        self.parents.clear()
        cfg = replace(self.run.config, **changes)  # type: ignore[arg-type]
        if cfg.init in ("manual", "given"):
            cfg = replace(cfg, init="uniform") if "init" not in changes else cfg
        cfg = replace(cfg, n_clusters=max(1, min(cfg.n_clusters, self.n_samples)))
        self.run = self._make_run(cfg)

    def reinit(self) -> int:
        """New random centroids: a new seed. Returns the seed."""
        seed = int(self.seeds())
        self.restart(seed=seed)
        return seed

    def next_init(self) -> str:
        init = self.config.init
        idx = INIT_METHODS.index(init) if init in INIT_METHODS else -1
        new = INIT_METHODS[(idx + 1) % len(INIT_METHODS)]
        self.restart(init=new)
        return new

    def set_k(self, k: int) -> bool:
        """K = ``k`` (a new run); False when ``k`` is outside 1 … :attr:`k_limit`."""
        if not 1 <= k <= self.k_limit:
            return False
        self.restart(n_clusters=k)
        return True

    def place(self, drawn: list[tuple[float, float]], *, init: str = "manual") -> None:
        """Start from centroids placed on the drawn pair; other features start at their mean."""
        sel = self.selection
        i, j = sel.xy
        C = np.tile(sel.X.mean(axis=0), (len(drawn), 1))
        C[:, i] = [p[0] for p in drawn]
        C[:, j] = [p[1] for p in drawn]
        cfg = replace(self.run.config, n_clusters=len(drawn), init=init)
        self.parents.clear()
        self.run = self._make_run(cfg, C)

    def start_from(self, centroids: NDArray[np.float64], *, init: str = "given", **changes: Any) -> None:
        """A new run from exactly ``centroids`` (shape (k, clustered features)); ``changes`` as :meth:`restart`."""
        C = np.asarray(centroids, dtype=np.float64)
        cfg = replace(self.run.config, **changes)
        self.parents.clear()
        self.run = self._make_run(replace(cfg, n_clusters=C.shape[0], init=init), C)

    def branch(self, centroids: NDArray[np.float64]) -> None:
        """A new run from ``centroids`` (one was moved at the current step); the old run is kept.

        Back at the branch's first step returns to the run it left, at the step
        where it branched (:meth:`unbranch`).
        """
        parent, at = self.run, self.run.cursor
        cfg = replace(parent.config, init="manual")
        self.run = self._make_run(cfg, np.asarray(centroids, dtype=np.float64))
        self.parents.append((parent, at))

    def unbranch(self) -> bool:
        """Back to the run the current one branched from, at the step it branched; False when none."""
        if not self.parents:
            return False
        self.run, cursor = self.parents.pop()
        self.run.cursor = cursor
        return True

    # ------------------------------------------------------------ new data

    def set_selection(self, selection: Selection) -> bool:
        """Show other columns. True when what is clustered changed (then a new run starts)."""
        reclusters = (selection.features != self.selection.features
                      or selection.standardized != self.selection.standardized
                      or selection.dataset is not self.selection.dataset)
        self.selection = selection
        if reclusters:
            self.elbow = None
            self.restart()
        return reclusters

    def switch_dataset(self, step: int) -> str:
        """The next (``step=1``) or previous built-in dataset; returns its name."""
        from kmtui.data import load_dataset

        names = self.datasets()
        ds = self.selection.dataset
        current = ds.name if ds.source == "built-in" else None
        idx = names.index(current) if current in names else 0
        name = names[(idx + step) % len(names)]
        self.set_selection(self.origin if name is None else select(load_dataset(name)))
        return self.selection.dataset.name

    def toggle_standardize(self) -> bool:
        self.set_selection(self.selection.toggle_standardize())
        return self.selection.standardized

    # ------------------------------------------------------------ view

    def set_view(self, **changes: object) -> View:
        self.view = replace(self.view, **changes)  # type: ignore[arg-type]
        return self.view

    def change_speed(self, by: int) -> bool:
        """One notch slower (-1) or faster (+1); False at the limit."""
        speed = max(0, min(len(SPEEDS) - 1, self.view.speed + by))
        changed = speed != self.view.speed
        self.set_view(speed=speed)
        return changed

    # ------------------------------------------------------------ snapshots

    def snapshot(self) -> Snapshot:
        return Snapshot(self.selection, self.run, self.run.cursor, self.elbow, self.view)

    def restore(self, snap: Snapshot) -> None:
        self.selection = snap.selection
        self.run = snap.run
        self.run.cursor = snap.cursor
        self.elbow = snap.elbow
        self.view = snap.view

    def at(self, snap: Snapshot) -> bool:
        """True when the session shows exactly ``snap``."""
        return (self.run is snap.run and self.run.cursor == snap.cursor
                and self.selection is snap.selection)
