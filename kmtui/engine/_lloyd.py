"""The Lloyd loop and its drivers (private: no validation here).

:func:`_lloyd_core` is Lloyd's loop itself, scikit-learn's
``_kmeans_single_lloyd`` action by action, the one code path for every
caller; it hands the arithmetic to a driver. :func:`_solo` drives one run
(:func:`_lloyd` makes Steps of it for :func:`~kmtui.engine.steps.lloyd_steps`,
:func:`_lloyd_final` only keeps the end for ``KMeans.fit``); :func:`_stacked`
drives several runs of one K side by side for the elbow sweep
(:func:`_run_inertias`). :func:`reported_inertia` is the one definition of
the inertia scikit-learn reports for a run.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from typing import Any, NamedTuple, cast

import numpy as np
from numpy.typing import NDArray

from kmtui.engine._kernels import (
    _assign,
    _first_at_min,
    _scratch,
    _sq_block,
    _sq_to_own,
    _transposed,
    _update,
)
from kmtui.engine.state import EmptyCluster, PackedLabels, Phase, Step, StopReason

# Up to this many point-centroid pairs over all runs, the elbow sweep runs a
# K's n_init runs side by side (see _stacked).
_STACK_CELLS = 1 << 18


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


_Assigned = tuple[NDArray[np.int32], NDArray[np.float64]]
"""What :func:`_assign` returns: labels and each point's squared distance to its centroid."""
_Updated = tuple[NDArray[np.float64], NDArray[np.int32], tuple[EmptyCluster, ...]]
"""What :func:`_update` returns: centroids, labels after relocation, empty-cluster events."""
_Reply = _Assigned | _Updated
# What a driver sends back is an _Assigned for an assign, an _Updated for an
# update; the core's typed locals say which (no cast in the hottest loop).
_Core = Generator[_Action | _Work, Any, None]


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
    labels: NDArray[np.int32]
    mind: NDArray[np.float64]
    C_new: NDArray[np.float64]
    labels_new: NDArray[np.int32]
    events: tuple[EmptyCluster, ...]
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
            done: Sequence[_Reply]
            if phase is Phase.ASSIGN:
                done = _assign_stacked(X, XT, Cs)
            else:
                done = _update_stacked(X, XT, [_labels_of(w) for _, w in group], Cs, empty)
            for i, (r, _) in enumerate(group):
                replies[r] = done[i]
    out = []
    for a, b in zip(last, last_assign, strict=True):
        assert a is not None and b is not None
        out.append((a, b))
    return out


def _labels_of(work: _Work) -> NDArray[np.int32]:
    assert work.labels is not None  # an update's _Work always carries labels
    return work.labels


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
    full = cast("list[bool]", counts.all(axis=1).tolist())  # a list: faster to index per run
    # Runs with an empty cluster are redone below; max() only keeps their
    # division quiet (the others divide by their counts, as _update does).
    C_new = sums / np.maximum(counts, 1.0)[:, :, None]
    return [
        (C_new[r], labels[r], ()) if full[r] else _update(X, labels[r], Cs[r], empty, XT)
        for r in range(R)
    ]



def _lloyd(
    X: NDArray[np.float64], C: NDArray[np.float64], max_iter: int, tol_abs: float, empty: str
) -> Iterator[Step]:
    """:func:`_lloyd_core` as Steps, with every figure the screen shows. Prior validation is assumed."""
    n = X.shape[0]
    yield Step(0, Phase.INIT, 0, C.copy())
    XT = _transposed(X)
    shown: NDArray[np.int32] | None = None  # the labels on screen (after relocation)
    # The Steps keep labels packed (2 bits a label at K = 3); an update that
    # relocated nothing has its assign's labels, so it shares their packed copy.
    raw: NDArray[np.int32] | None = None
    compact: PackedLabels | None = None
    actions = _solo(X, XT, empty, _lloyd_core(C, max_iter, tol_abs))
    for index, act in enumerate(actions, start=1):
        if act.labels is not raw:
            raw, compact = act.labels, PackedLabels(act.labels, C.shape[0])
        assert compact is not None
        if act.phase is Phase.ASSIGN:
            assert act.dist is not None
            changed = n if shown is None else int(np.count_nonzero(act.labels != shown))
            # the assign's inertia: its labels with its centroids, the distances at hand
            inertia = reported_inertia(X, act.centroids, act.labels, act.dist)
            yield Step(index, Phase.ASSIGN, act.iteration, act.centroids.copy(), compact,
                       inertia, changed=changed, stop=act.stop)
        else:
            assert act.previous is not None
            shown = act.labels
            yield _update_step(X, index, act.iteration, act.previous, act.centroids, act.labels,
                               act.events, act.stop, XT, compact)


def _tolerance(X: NDArray[np.float64], tol: float) -> float:
    """scikit-learn's absolute tolerance: ``tol`` times the mean feature variance
    (compared with the summed squared centroid moves of an update)."""
    if tol == 0:
        return 0.0
    return float(np.mean(np.var(X, axis=0)) * tol)


def reported_inertia(
    X: NDArray[np.float64],
    centroids: NDArray[np.float64],
    labels: NDArray[np.int32],
    dist: NDArray[np.float64] | None = None,
    XT: NDArray[np.float64] | None = None,
) -> float:
    """The inertia scikit-learn reports for a run: the squared distance of every
    point to its centroid, summed, with the last assign's ``labels`` and the
    last ``centroids`` (an update may follow the last assign).

    This is the one definition, for ``KMeans.inertia_``, the elbow sweep and
    ``kmtui trace``. ``dist`` is the last assign's squared distances (as
    :func:`~kmtui.engine._kernels._assign` returns them) when no update
    followed it: then they are these distances, already computed, and are
    summed instead of computed again. ``XT`` as in ``_assign``.
    """
    if dist is not None:
        return float(dist.sum())
    return float(_sq_to_own(X, centroids, labels, XT).sum())


def _ending(X: NDArray[np.float64], XT: NDArray[np.float64], last: _Action, last_assign: _Action) -> float:
    """:func:`reported_inertia` of a run whose last action is ``last``."""
    dist = last_assign.dist if last is last_assign else None
    return reported_inertia(X, last.centroids, last_assign.labels, dist, XT)


class _Final(NamedTuple):
    """The end of a run without its Steps: what ``KMeans.fit`` keeps."""

    labels: NDArray[np.int32]
    """The last assign's labels (scikit-learn's ``labels_``)."""
    centroids: NDArray[np.float64]
    """The last centroids."""
    inertia: float
    """As :func:`reported_inertia`."""
    n_iter: int
    stop: StopReason


def _lloyd_final(
    X: NDArray[np.float64], C: NDArray[np.float64], max_iter: int, tol_abs: float, empty: str
) -> _Final:
    """The end of :func:`_lloyd_core` without Steps. Prior validation is assumed."""
    XT = _transposed(X)
    last: _Action | None = None
    last_assign: _Action | None = None
    for last in _solo(X, XT, empty, _lloyd_core(C, max_iter, tol_abs)):
        if last.phase is Phase.ASSIGN:
            last_assign = last
    assert last is not None and last_assign is not None and last.stop is not None
    return _Final(last_assign.labels, last.centroids, _ending(X, XT, last, last_assign), last.iteration, last.stop)


def _run_inertias(
    X: NDArray[np.float64],
    XT: NDArray[np.float64],
    Cs: list[NDArray[np.float64]],
    max_iter: int,
    tol_abs: float,
    empty: str,
) -> list[float]:
    """:func:`reported_inertia` for each run (same K) from the initial centroids
    ``Cs``. The elbow sweep's path: no Steps, runs stacked. Prior validation is assumed."""
    cores = [_lloyd_core(C, max_iter, tol_abs) for C in Cs]
    return [_ending(X, XT, last, last_assign) for last, last_assign in _stacked(X, XT, empty, cores)]


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
    stored: PackedLabels | None = None,
) -> Step:
    """The update Step; ``stored`` is ``labels`` as the Step keeps them (compact), if at hand."""
    moves_sq = ((C_new - C_old) ** 2).sum(axis=1)
    return Step(
        index, Phase.UPDATE, it, C_new.copy(), labels if stored is None else stored,
        float(_sq_to_own(X, C_new, labels, XT).sum()),
        shift=float(moves_sq.sum()), moves=np.sqrt(moves_sq), empty=events, stop=stop,
    )
