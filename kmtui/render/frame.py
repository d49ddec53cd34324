"""Frame: the render model of one step of a run, in the drawn pair's plane.

This module owns what the main plot should show for a
:class:`~kmtui.engine.state.Step` — and what should move or flash on the way
there from the step shown before — as plain arrays ready for
:class:`~kmtui.render.scatter.ScatterRenderer`: labels, the centroids and
their trails projected onto the two drawn features, where a glide starts, and
which points just changed cluster. The app and ``kmtui play`` both build
their frames here, so they show a step the same way. Pure: no Textual, no
clock; whether to animate at all is the caller's choice.

Example
-------
::

    frame = frame_for(run.current, previous, run.trail, selection.xy)
    renderer.set_points(points_2d, frame.labels, frame.flash)
    renderer.set_centroids(frame.centroids, frame.trails)
    if frame.glide_from is not None:
        ...  # animate from frame.glide_from to frame.centroids (see kmtui.render.motion)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.state import Labels, Phase, Step


@dataclass(frozen=True, eq=False)
class Frame:
    """What to draw for one step (all arrays read-only).

    Attributes
    ----------
    index : int
        The step's position in the run.
    phase : Phase
        init, assign or update.
    iteration : int
        The step's Lloyd iteration.
    labels : ndarray of shape (n_samples,) of int, or None
        Each point's cluster (the step's own array); None before the first assign.
    centroids : ndarray of shape (n_clusters, 2)
        The step's centroids, columns ``(i, j)`` of the drawn pair.
    trails : tuple of ndarray of shape (n_clusters_t, 2)
        Past centroid positions, oldest first, projected the same way; the
        path continues to ``centroids``. Empty at init.
    glide_from : ndarray of shape (n_clusters, 2), or None
        On an update shown right after an assign: the assign's centroids,
        projected, where the glide to ``centroids`` starts. None otherwise.
    flash : ndarray of shape (n_samples,) of bool, or None
        On an assign shown after a step with labels: ``previous.labels !=
        labels``, the points that changed cluster. None otherwise (in
        particular on the first assign, when every point is new).
    changed : ndarray of shape (n_samples,) of bool, or None
        On an assign: the points that changed cluster at this step (against
        the run's step before it, ``changed_from``), animated or not. The plot
        keeps them marked until the next step. None on other steps and on the
        first assign.
    """

    index: int
    phase: Phase
    iteration: int
    labels: Labels | None
    centroids: NDArray[np.float64]
    trails: tuple[NDArray[np.float64], ...]
    glide_from: NDArray[np.float64] | None
    flash: NDArray[np.bool_] | None
    changed: NDArray[np.bool_] | None = None

    @property
    def moves(self) -> bool:
        """True when a glide would move something (``glide_from`` differs from ``centroids``)."""
        g = self.glide_from
        return g is not None and g.shape == self.centroids.shape and not np.array_equal(g, self.centroids)

    @property
    def flashes(self) -> bool:
        """True when at least one point changed cluster on this step."""
        return self.flash is not None and bool(self.flash.any())


def project(centroids: NDArray[np.float64], pair: tuple[int, int]) -> NDArray[np.float64]:
    """Columns ``pair`` of ``centroids``: shape (k, n_features) → a new read-only (k, 2)."""
    i, j = pair
    out = np.asarray(centroids, dtype=np.float64)[:, [i, j]]
    out.setflags(write=False)
    return out


def frame_for(
    step: Step,
    previous: Step | None,
    trail: Sequence[NDArray[np.float64]],
    pair: tuple[int, int],
    *,
    changed_from: Step | None = None,
) -> Frame:
    """The frame that shows ``step``, reached from ``previous``.

    Parameters
    ----------
    step : Step
        The step to show.
    previous : Step or None
        The step shown before (usually ``run.steps[step.index - 1]``, but any
        step, e.g. when stepping back); None for no transition (first
        frame, a jump, animation off).
    trail : sequence of ndarray of shape (k, n_features)
        Centroid positions up to ``step``, oldest first, as
        :attr:`kmtui.engine.history.Run.trail` gives them. A last entry equal
        to ``step.centroids`` (Run.trail always ends so) is the current
        position, not part of the trail, and is dropped.
    pair : (i, j)
        The drawn features' column indices (``Selection.xy``).
    changed_from : Step or None
        The run's step before ``step`` (whatever was shown before): on an
        assign, :attr:`Frame.changed` marks the points whose label differs
        from it. Default: ``previous``.

    Returns
    -------
    Frame
    """
    centroids = project(step.centroids, pair)
    past = list(trail)
    if past and _same(past[-1], step.centroids):
        past.pop()
    trails = () if step.phase is Phase.INIT else tuple(project(c, pair) for c in past)

    glide_from = None
    flash = None
    if previous is not None:
        if step.phase is Phase.UPDATE and previous.phase is Phase.ASSIGN:
            glide_from = project(previous.centroids, pair)
        if (
            step.phase is Phase.ASSIGN
            and previous.labels is not None
            and step.labels is not None
            and previous.labels.shape == step.labels.shape
        ):
            flash = previous.labels != step.labels
            flash.setflags(write=False)
    before = changed_from if changed_from is not None else previous
    changed = flash if before is previous else _changed(step, before)
    return Frame(
        index=step.index,
        phase=step.phase,
        iteration=step.iteration,
        labels=step.labels,
        centroids=centroids,
        trails=trails,
        glide_from=glide_from,
        flash=flash,
        changed=changed,
    )


def _changed(step: Step, before: Step | None) -> NDArray[np.bool_] | None:
    if (step.phase is not Phase.ASSIGN or before is None or before.labels is None or step.labels is None
            or before.labels.shape != step.labels.shape):
        return None
    out: NDArray[np.bool_] = np.not_equal(before.labels, step.labels)
    out.setflags(write=False)
    return out


def _same(a: NDArray[np.float64], b: NDArray[np.float64]) -> bool:
    return a is b or (a.shape == b.shape and bool(np.array_equal(a, b)))
