"""The inertia's ledger, the plot's legend and the restarts' table, as words (pure: no UI).

- :func:`ledger` — ΔJ of each recent half-step, assign and update apart, so a
  student sees that both steps lower the inertia J and by how much;
- :func:`legend` — one line under the plot: ✖ is a centroid, each cluster's
  shape in its colour with its size;
- :func:`restarts_said` — the final inertias of ten runs from different
  random starts, the best marked (why scikit-learn's ``n_init`` exists).
"""

from __future__ import annotations

from collections.abc import Sequence

from kmtui.engine.state import Phase, Step
from kmtui.narration.halfsteps import signed
from kmtui.narration.text import Said, fmt_num


def ledger(steps: Sequence[Step], rows: int = 3) -> Said:
    """ΔJ of the last ``rows`` iterations up to (and including) the last of ``steps``, newest first.

    ``ΔJ assign −23.19, update −6.903``, one row per iteration. The first assign has no ΔJ
    (the init step has no inertia); an iteration whose update is not done yet
    shows only its assign.
    """
    by_iter: dict[int, dict[Phase, float]] = {}
    prev: float | None = None
    for step in steps:
        if step.inertia is not None and prev is not None and step.phase is not Phase.INIT:
            by_iter.setdefault(step.iteration, {})[step.phase] = step.inertia - prev
        if step.inertia is not None:
            prev = step.inertia
    if not by_iter:
        return [("ΔJ (the change of inertia J) shows from the first update on", "dim")]
    said: Said = []
    for n, it in enumerate(sorted(by_iter, reverse=True)[:rows]):
        parts = by_iter[it]
        said.append(("\n" if n else "", ""))
        said.append(("ΔJ" if n == 0 else "  ", "b"))
        words = [f"{phase.value} {signed(parts[phase])}" for phase in (Phase.ASSIGN, Phase.UPDATE)
                 if phase in parts]
        said.append((" " + ", ".join(words), "" if n == 0 else "dim"))
    return said


def legend(sizes: Sequence[int] | None, shapes: Sequence[str], centroid: str, unassigned: str = "•") -> Said:
    """``✖ centroid  ● 0 (98)  ▲ 1 (102) …``: each cluster's shape in its colour, with its size."""
    said: Said = [(centroid, "b"), (" centroid", "")]
    for c, shape in enumerate(shapes):
        size = "" if sizes is None else f" ({sizes[c]})"
        said += [("  ", ""), (f"{shape} {c}{size}", f"c{c}")]
    if sizes is None:
        said.append((f"  {unassigned} no cluster yet", "dim"))
    return said


def restarts_said(inertias: Sequence[float], seeds: Sequence[int], current: int | None) -> Said:
    """The restarts' final inertias as a text histogram, the best marked, the one shown marked too."""
    if not inertias:
        return [("Restarts: computing…", "dim")]
    best = min(range(len(inertias)), key=lambda i: (inertias[i], i))
    lo, hi = min(inertias), max(inertias)
    said: Said = [("Restarts", "b"), (f" (10 random starts): final inertia · best {fmt_num(lo)}\n", "")]
    for i, (value, seed) in enumerate(zip(inertias, seeds, strict=True)):
        width = 1 + (0 if hi == lo else round(11 * (value - lo) / (hi - lo)))
        mark = " ← best" if i == best else ""
        here = " (shown)" if i == current else ""
        worse = "" if i == best or lo <= 0 else f" +{100 * (value - lo) / lo:.1f} %"
        said += [(f"{i} ", "b"), ("█" * width, "c0" if i == best else "dim"),
                 (f" {fmt_num(value)}{worse}{mark}{here}  seed {seed}\n", "b" if i == best else "")]
    said.append(("0–9: jump to that run · R again: new restarts", "dim"))
    return said
