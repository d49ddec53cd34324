"""DetailPanel: the code panel (c) and the crosstab panel (x) under the narration.

The code panel shows the numpy that performs the current step, in the source
material's terms, beside the scikit-learn equivalent. The crosstab counts
cluster labels against known labels (``pd.crosstab``), with purity and the
adjusted Rand index, for labeled data such as iris.
"""

from __future__ import annotations

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from kmtui.data.dataset import Dataset
from kmtui.engine.metrics import adjusted_rand_score, crosstab, purity
from kmtui.engine.state import Step
from kmtui.narration import SKLEARN_CODE, asciify, code_for
from kmtui.render.palette import Theme, cluster_shape


class DetailPanel(Static):
    """Shows nothing, the code of the current step, or the crosstab."""

    DEFAULT_CSS = """
    DetailPanel { height: auto; max-height: 14; display: none; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.mode = ""
        """``""`` (hidden), ``"code"`` or ``"crosstab"``."""

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.display = bool(mode)

    def show_step(self, step: Step, *, init: str, k: int, seed: int | None, dataset: Dataset,
                  theme: Theme, ascii: bool, dark: bool, labels_hint: str = "") -> None:
        if self.mode == "code":
            self.update(_code(step, init=init, k=k, seed=seed, dark=dark))
        elif self.mode == "crosstab":
            self.update(_crosstab(step, dataset, theme, ascii, labels_hint))


def _code(step: Step, *, init: str, k: int, seed: int | None, dark: bool) -> RenderableType:
    from rich.syntax import Syntax  # pygments: imported on first use, not at start-up

    theme = "monokai" if dark else "default"
    ours = Syntax(code_for(step, init=init), "python", theme=theme, background_color="default", word_wrap=True)
    init_arg = f'"{init}"' if init in ("random", "k-means++") else "centroids_init"
    sk = Syntax(SKLEARN_CODE.format(k=k, init=init_arg, seed=seed), "python", theme=theme,
                background_color="default", word_wrap=True)
    grid = Table.grid(padding=(0, 3), expand=True)
    grid.add_column(ratio=3)
    grid.add_column(ratio=2)
    grid.add_row(Text(f"this step in numpy ({step.phase.value})", style="bold"),
                 Text("the whole run in scikit-learn", style="bold"))
    grid.add_row(ours, sk)
    return grid


def _crosstab(step: Step, dataset: Dataset, theme: Theme, ascii: bool, labels_hint: str = "") -> RenderableType:
    if dataset.y is None:
        hint = labels_hint or "Try iris (d picks another dataset): its species are known."
        return Text(_a(f"{dataset.name} has no known labels to compare with (K-Means never sees labels "
                       f"anyway). {hint}", ascii))
    if step.labels is None:
        return Text("No cluster labels yet: press space for the first assign, then compare with the "
                    f"known {', '.join(dataset.target_names) or 'labels'}.")
    table, rows, cols = crosstab(step.labels, dataset.y)
    names = [dataset.target_names[int(c)] if dataset.target_names else str(c) for c in cols]
    t = Table(title=_a("crosstab: clusters × known labels  (like pd.crosstab(labels, known))", ascii),
              title_justify="left", expand=False, show_edge=False, pad_edge=False,
              box=box.ASCII if ascii else box.HEAVY_HEAD)
    t.add_column("cluster")
    for name in names:
        t.add_column(Text(name), justify="right")
    t.add_column("total", justify="right", style="dim")
    for r, row in zip(rows, table, strict=True):
        c = int(r)
        label = Text(f"{cluster_shape(c, ascii=ascii)} {c}", style=theme.cluster_color(c))
        best = int(np.argmax(row))
        cells = [Text(str(int(v)), style="bold" if i == best else "") for i, v in enumerate(row)]
        t.add_row(label, *cells, str(int(row.sum())))
    p = purity(step.labels, dataset.y)
    ari = adjusted_rand_score(step.labels, dataset.y)
    note = Text(_a(f"purity {p:.2f} (share of points in their cluster's majority label) · adjusted Rand index "
                   f"{ari:.2f} (1 = the clusters are the labels, 0 = chance)", ascii), style="dim")
    return Group(t, note)


def _a(text: str, ascii: bool) -> str:
    return asciify(text) if ascii else text
