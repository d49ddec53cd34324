"""What each step of a run did, in plain words with its numbers.

Pure text from Steps, shared by ``kmtui trace``, ``kmtui play`` and the app's
narration line, so the terminal and the app always say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.elbow import ElbowCurve
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




# ------------------------------------------------------------------ the elbow's verdict

VERDICT_WORDS = {
    "clear": "clear structure",
    "none": "no clear structure",
    "unclear": "unclear",
}
"""The verdict of :func:`kmtui.engine.elbow.verdict` in two or three words (a chart's title)."""


def describe_gap(curve: ElbowCurve) -> str:
    """What the gap statistic chose, in one sentence (empty without it)."""
    if curve.gap_k is None:
        if curve.gap is None:
            return ""
        return (f"The gap statistic still rises at K={curve.ks[-1]}: against {curve.n_refs} sets of "
                "structureless data it picks no K in this range.")
    return (f"The gap statistic (against {curve.n_refs} sets of points spread evenly over the data's box) "
            f"picks K={curve.gap_k}.")


def describe_elbow(curve: ElbowCurve) -> str:
    """The elbow with its verdict: what Kneedle sees, what the gap statistic says, and that it is a judgement.

    Falls back to :func:`describe_knee` when the curve has no gap statistic.
    """
    knee = curve.knee
    if curve.verdict is None:
        return describe_knee(knee)
    judgement = "The elbow is a judgement, not a law — look at the curve too."
    if curve.verdict == "none":
        seen = (f"Kneedle sees a bend at {knee}, but" if knee is not None
                else "Kneedle sees no bend, and")
        text = (f"{seen} data with no groups at all gives this curve too: no clear structure "
                f"(the gap statistic picks K=1).")
        peak = _gap_peak(curve)
        if peak is not None:
            text += (f" Yet the gap is largest at K={peak}: its rule stops at the first K that is "
                     "nearly as good as the next, so it is a judgement too.")
        return f"{text} {judgement}"
    if curve.verdict == "clear":
        return (f"Clear structure: Kneedle finds the knee at K={knee} and the gap statistic, comparing "
                f"with data that has no groups, also picks K={curve.gap_k}. {judgement}")
    bend = f"Kneedle sees a bend at {knee}" if knee is not None else "Kneedle sees no clear bend"
    gap_k = (f"the gap statistic picks K={curve.gap_k}" if curve.gap_k is not None
             else "the gap statistic picks no K in this range")
    return f"Unclear: {bend} and {gap_k}. {judgement}"


def _gap_peak(curve: ElbowCurve) -> int | None:
    """The K of the largest gap when it is clearly (more than its s(K)) above the gap at K=1, else None."""
    gap, sd = curve.gap, curve.gap_sd
    if gap is None or sd is None or len(gap) < 2:
        return None
    i = max(range(len(gap)), key=gap.__getitem__)
    if i == 0 or gap[i] - sd[i] <= gap[0]:
        return None
    return curve.ks[i]


def elbow_verdict_line(curve: ElbowCurve) -> str:
    """A short line for a chart's title: ``knee K=3 · gap K=3 · clear structure``."""
    if curve.verdict is None:
        return f"knee K={curve.knee}" if curve.knee is not None else "no clear knee"
    knee = f"knee K={curve.knee}" if curve.knee is not None else "no knee"
    gap = f"gap K={curve.gap_k}" if curve.gap_k is not None else "gap: none"
    return f"{knee} · {gap} · {VERDICT_WORDS[curve.verdict]}"
