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
    """ΔJ of the last ``rows`` iterations up to (and including) the last of ``steps``, oldest first.

    Read down as the run went: the newest row (this iteration) is last and not dimmed. (Newest
    first read as a contradiction to a new user: "assign 0" above "assign −169.7".)

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
    shown = sorted(by_iter)[-rows:]  # oldest first: read down, as the run went (the newest last)
    for n, it in enumerate(shown):
        parts = by_iter[it]
        newest = it == shown[-1]
        said.append(("\n" if n else "", ""))
        said.append(("ΔJ" if n == 0 else "  ", "b"))
        words = [f"{phase.value} {signed(parts[phase])}" for phase in (Phase.ASSIGN, Phase.UPDATE)
                 if phase in parts]
        said.append((" " + ", ".join(words), "" if newest else "dim"))
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


def restarts_said(inertias: Sequence[float], seeds: Sequence[int], current: int | None, *,
                  init: str = "uniform", columns: int = 2) -> Said:
    """The restarts' final inertias as a text histogram in ``columns`` columns, the best and the shown marked.

    ``3 ████ 5,039.9 +751 %`` — the bar grows with the inertia, so the runs stuck
    in a local minimum stand out beside the best (``◀ best``).
    """
    n = len(seeds)
    if not inertias:
        return [("Restarts", "b"), (f": {n} runs from different random starts ({init}) are computing… "
                                    "(R again cancels)", "")]
    best = min(range(len(inertias)), key=lambda i: (inertias[i], i))
    lo, hi = min(inertias), max(inertias)
    stuck = sum(1 for v in inertias if v > lo * 1.001)
    said: Said = [(f"{n} restarts", "b"),
                  (f" ({init}): {stuck} end above the best; n_init keeps the best of several\n", "")]
    cells: list[Said] = []
    for i, value in enumerate(inertias):
        width = 1 + (0 if hi == lo else round(7 * (value - lo) / (hi - lo)))
        worse = "" if value <= lo * 1.001 or lo <= 0 else f" +{100 * (value - lo) / lo:.0f} %"
        mark = " ◀ best" if i == best else (" (shown)" if i == current else "")
        if i == best and i == current:
            mark = " ◀ best (shown)"
        text = f" {fmt_num(value)}{worse}{mark}"
        cells.append([(f"{i} ", "b"), ("█" * width + " " * (8 - width), "c0" if i == best else "dim"),
                      (text, "b" if i == best else "")])
    rows = -(-len(cells) // columns)
    col_width = max(sum(len(t) for t, _ in c) for c in cells) + 2
    for r in range(rows):
        for c in range(columns):
            i = c * rows + r
            if i >= len(cells):
                continue
            cell = cells[i]
            said += cell
            pad = col_width - sum(len(t) for t, _ in cell)
            if c < columns - 1 and i + rows < len(cells):
                said.append((" " * pad, ""))
        said.append(("\n", ""))
    said.append((f"0–{n - 1}: start that run (its seed) · R: hide", "dim"))
    return said
