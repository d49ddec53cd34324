"""What each step of a run did, in plain words with its numbers.

Pure text from Steps, shared by ``kmtui trace``, ``kmtui play`` and the app's
narration line, so the terminal and the app always say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.state import Phase, Step, StopReason
from kmtui.narration.halfsteps import describe_assign, describe_empty, describe_update, inertia_change
from kmtui.narration.text import fmt_num, plural

INIT_WORDS = {
    "uniform": "each coordinate drawn uniformly between the data's minimum and maximum",
    "random": "K distinct points of the data picked at random",
    "k-means++": ("k-means++: the first centroid a random point, each next one a point drawn at random "
                  "with probability proportional to its squared distance to the nearest centroid so far"),
    "farthest": "a random point, then again and again the point farthest from those chosen",
    "manual": "placed by hand",
    "given": "given exactly",
}


def describe_step(step: Step, *, init: str = "uniform", n_samples: int | None = None,
                  previous: Step | None = None, X: NDArray[np.float64] | None = None,
                  names: Sequence[str] | None = None) -> str:
    """What ``step`` did, with its numbers (see :mod:`kmtui.narration.halfsteps`).

    Parameters
    ----------
    step : Step
    init : str
        The run's init method (said at step 0).
    n_samples : int, optional
    previous : Step, optional
        The step before ``step`` in the run: gives the inertia before → after and
        the cluster sizes before → after. Without it only the current numbers are said.
    X : ndarray of shape (n_samples, n_features), optional
        The clustered data: on the first assign the distance formula is worked
        out for one point (:func:`~kmtui.narration.halfsteps.worked_point`).
    names : sequence of str, optional
        The clustered features' names (for that worked point).
    """
    k = step.n_clusters
    if step.phase is Phase.INIT:
        how = INIT_WORDS.get(init, init)
        return (f"Step 0 — init: {plural(k, 'centroid')} placed as ✖ ({how}). Points are grey: "
                "none belongs to a cluster yet.")
    if step.phase is Phase.ASSIGN:
        if step.stop is StopReason.LABELS:
            inertia = "" if step.inertia is None else f" Inertia stays {fmt_num(step.inertia)}."
            return describe_stop(step) + inertia
        text = describe_assign(step, previous, n_samples=n_samples, X=X, names=names)
        if step.stop is not None:
            text += " " + describe_stop(step)
        return text
    if step.empty:  # what happened to the empty clusters first: the rest would not fit
        text = f"Step {step.index} — update:" + "".join(describe_empty(e.action, e.cluster, e.point)
                                                       for e in step.empty)
        before = previous.inertia if previous is not None else None
        text += " " + inertia_change(before, step.inertia) + "."
    else:
        text = describe_update(step, previous)
    if step.stop is not None:
        text += " " + describe_stop(step)
    return text


def describe_stop(step: Step) -> str:
    """Why the run ended, for the last step."""
    n = step.iteration
    if step.stop is StopReason.LABELS:
        return (f"Converged after {plural(n, 'iteration')}: no point changed cluster, so the means, and "
                "the centroids, stay put; neither step can change anything now.")
    if step.stop is StopReason.TOL:
        return (f"Converged after {plural(n, 'iteration')}: the centroids moved less than the tolerance; "
                "a last assign makes every label match them.")
    if step.stop is StopReason.MAX_ITER:
        return (f"Stopped after {plural(n, 'iteration')}: the iteration limit was reached before "
                "the centroids settled.")
    return ""


def describe_knee(knee: int | None) -> str:
    """The elbow, said as the judgement it is."""
    if knee is None:
        return ("Kneedle finds no clear elbow: inertia falls at a steady rate, so no K stands out. "
                "The elbow is a judgement; look at the curve.")
    return (f"Kneedle finds the knee at K={knee}: past it, each extra cluster lowers inertia much less. "
            "The elbow is a judgement, not a law — look at the curve too.")


