"""Each half-step taught with its numbers: what changed, the inertia before → after, and why.

Pure text from :class:`~kmtui.engine.state.Step` pairs (the step and the one
before it in the run), used by :func:`kmtui.narration.steps.describe_step`.
Sentences put the numbers first and stay short: the app's narration line is
three rows of 78 characters at 80×24.

- an assign: how many points changed cluster, which clusters grew or shrank,
  the inertia before → after, and why it cannot rise;
- the first assign: the distance formula worked for one point
  (:func:`worked_point`), as the source material's ``distance()`` and
  ``np.argmin`` do it;
- an update: which centroid moved most and how far, the total of the moves,
  the inertia before → after, and why it cannot rise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.state import Step
from kmtui.narration.text import fmt_num, plural

ASSIGN_WHY = "never up: each point moved to a nearer or equal centroid"
UPDATE_WHY = "never up: a cluster's mean has the least total squared distance to its points"
MAX_SIZE_CHANGES = 4
"""At most this many "cluster: before→after" entries (the rest said as "…")."""


def signed(value: float) -> str:
    """A change with its sign, as the ledger writes it: ``−1,120.4``, ``+0.5``, ``0``."""
    if value == 0:
        return "0"
    text = fmt_num(abs(value))
    return ("−" if value < 0 else "+") + text


def inertia_change(before: float | None, after: float | None) -> str:
    """``Inertia 6,199.8 → 5,079.4 (−1,120.4)``, or just ``Inertia 5,079.4`` without a before."""
    if after is None:
        return "Inertia —"
    if before is None:
        return f"Inertia {fmt_num(after)}"
    return f"Inertia {fmt_num(before)} → {fmt_num(after)} ({signed(after - before)})"


def sizes_of(step: Step | None, k: int) -> NDArray[np.int64] | None:
    """Points per cluster (``np.bincount`` of the labels), or None before the first assign."""
    if step is None or step.labels is None:
        return None
    return np.bincount(step.labels, minlength=k)


def size_changes(before: Sequence[int], after: Sequence[int]) -> str:
    """``0: 98→102, 2: 110→106`` for the clusters whose size changed (at most :data:`MAX_SIZE_CHANGES`)."""
    moved = [(c, int(b), int(a)) for c, (b, a) in enumerate(zip(before, after, strict=True)) if a != b]
    parts = [f"{c}: {b}→{a}" for c, b, a in moved[:MAX_SIZE_CHANGES]]
    if len(moved) > MAX_SIZE_CHANGES:
        parts.append("…")
    return ", ".join(parts)


def worked_point(X: NDArray[np.float64]) -> int:
    """The point whose distances the first assign works out: the one nearest the data's median."""
    centre = np.median(X, axis=0)
    return int(np.argmin(((X - centre) ** 2).sum(axis=1)))


def _num(value: float, *, paren: bool = False) -> str:
    """A coordinate in a formula: three digits, a real minus sign, in parentheses after a minus."""
    text = fmt_num(value, 3)
    if text.startswith("-"):
        text = "−" + text[1:]
        return f"({text})" if paren else text
    return text


def worked_distance(X: NDArray[np.float64], centroids: NDArray[np.float64], index: int,
                    names: Sequence[str] | None = None) -> str:
    """One point's distance to every centroid, worked out for the first, and what np.argmin picks.

    ``point 17 (x=1.2, y=4.5): √((1.2−2.1)²+(4.5−3.2)²) = 1.58 to centroid 0, 2.3 to 1 → argmin picks 0``.
    With more than two features the sum is written ``√(Σ of 4 features (x−c)²)``.
    """
    p = X[index]
    d = np.sqrt(((centroids - p) ** 2).sum(axis=1))
    nearest = int(np.argmin(d))
    n_feat = X.shape[1]
    labels = list(names) if names is not None and len(names) == n_feat else [f"x{f}" for f in range(n_feat)]
    if n_feat <= 2:
        short = ["x", "y"][:n_feat]
        where = ", ".join(f"{s}={_num(float(v))}" for s, v in zip(short, p, strict=True))
        terms = "+".join(f"({_num(float(v))}−{_num(float(c), paren=True)})²"
                         for v, c in zip(p, centroids[0], strict=True))
        formula = f"√({terms})"
    else:
        where = ", ".join(f"{n}={_num(float(v))}" for n, v in zip(labels, p, strict=True))
        formula = f"√(Σ over its {n_feat} features (x−c)²)"
    rest = ", ".join(f"{fmt_num(float(v), 3)} to {c}" for c, v in enumerate(d[1:], start=1))
    tail = f", {rest}" if rest else ""
    return (f"Point {index} ({where}): {formula} = {fmt_num(float(d[0]), 3)} to centroid 0{tail} "
            f"→ argmin picks {nearest}.")


def describe_assign(step: Step, previous: Step | None, *, n_samples: int | None = None,
                    X: NDArray[np.float64] | None = None, names: Sequence[str] | None = None) -> str:
    """An assign: changes, sizes before → after, the inertia before → after, and why it cannot rise."""
    k = step.n_clusters
    head = f"Step {step.index} — assign: "
    before = sizes_of(previous, k)
    after = sizes_of(step, k)
    first = step.iteration <= 1 if previous is None else previous.labels is None
    if first:
        # The first assign: every point gets its first label.
        n = n_samples if n_samples is not None else (0 if step.labels is None else len(step.labels))
        text = head + f"each of the {n} points joins its nearest centroid. "
        if X is not None and previous is not None and len(X):
            text += worked_distance(X, previous.centroids, worked_point(X), names) + " "
        return text + inertia_change(None, step.inertia) + "." + empty_after(after)
    changed = step.changed or 0
    text = head + f"{plural(changed, 'point')} changed cluster"
    moved = size_changes(before.tolist(), after.tolist()) if before is not None and after is not None else ""
    if moved:
        text += f" ({moved})"
    text += ". " + inertia_change(previous.inertia if previous else None, step.inertia)
    text += f", {ASSIGN_WHY}." if previous is not None and previous.inertia is not None else "."
    return text + empty_after(after)


def empty_after(sizes: NDArray[np.int64] | None) -> str:
    """`` Cluster 2 got no point: it is empty (see the update).`` for clusters no point joined."""
    if sizes is None:
        return ""
    empty = [int(c) for c in np.flatnonzero(sizes == 0)]
    if not empty:
        return ""
    which = f"Cluster {empty[0]}" if len(empty) == 1 else "Clusters " + ", ".join(map(str, empty))
    return f" {which} got no point: empty, so the update has no mean to move to."


def describe_update(step: Step, previous: Step | None) -> str:
    """An update: the largest move, the total of the moves, the inertia before → after, and why."""
    text = f"Step {step.index} — update: centroids move to their points' means. "
    moves = step.moves
    if moves is not None and len(moves):
        most = int(np.argmax(moves))
        if float(moves[most]) == 0:
            text += "None moved. "
        else:
            text += (f"Centroid {most} moved most ({fmt_num(float(moves[most]), 3)}), "
                     f"all of them {fmt_num(float(moves.sum()), 3)} together. ")
    before = previous.inertia if previous is not None else None
    text += inertia_change(before, step.inertia)
    text += f", {UPDATE_WHY}." if before is not None else "."
    return text


def describe_empty(action: str, cluster: int, point: int | None) -> str:
    """What the update did with an empty cluster, and what the other policy would have done."""
    if action == "relocated":
        return (f" cluster {cluster} was empty (no point nearest its centroid), so empty='relocate' moved it "
                f"to point {point}, the one farthest from its own centroid (empty='keep' would leave it).")
    if action == "kept":
        return (f" cluster {cluster} was empty: empty='keep' leaves its centroid where it was, with no points "
                "(empty='relocate' would move it to the point farthest from its centroid).")
    return (f" cluster {cluster} was empty and every point sits on a centroid: its centroid joins the "
            "largest cluster's.")


__all__ = [
    "ASSIGN_WHY",
    "UPDATE_WHY",
    "describe_assign",
    "describe_empty",
    "describe_update",
    "inertia_change",
    "signed",
    "size_changes",
    "sizes_of",
    "worked_distance",
    "worked_point",
]
