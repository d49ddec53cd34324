"""DetailPanel: the code panel (c) and the crosstab panel (x) under the narration.

The code panel shows the numpy that performs the current step, in the source
material's terms, beside the scikit-learn equivalent. The crosstab counts
cluster labels against known labels (``pd.crosstab``), with purity and the
adjusted Rand index, for labeled data such as iris.

At 80×24 the panel has seven rows: it scrolls (a scroll bar shows there is
more), the crosstab says its purity and adjusted Rand index first, and the
code never wraps inside an expression (its lines fit half the width; see
:data:`kmtui.narration.code.MAX_LINE`).
"""

from __future__ import annotations

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kmtui.data.dataset import Dataset
from kmtui.engine.metrics import adjusted_rand_score, crosstab, purity
from kmtui.engine.state import Step
from kmtui.narration import asciify, code_for
from kmtui.narration.code import sklearn_code
from kmtui.render.palette import Theme, cluster_shape


class DetailPanel(VerticalScroll, can_focus=False):
    """Shows nothing, the code of the current step, or the crosstab; scrolls when taller than its room."""

    DEFAULT_CSS = """
    DetailPanel { height: auto; max-height: 14; display: none; padding: 0 1; }
    DetailPanel > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = ""
        """``""`` (hidden), ``"code"`` or ``"crosstab"``."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-body")

    def update(self, content: RenderableType) -> None:
        """Show ``content`` (from the top)."""
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False)

    def page(self, direction: int) -> bool:
        """PgDn (1) / PgUp (-1): scroll a page when there is more that way; False when there is not."""
        if not self.display or self.max_scroll_y <= 0:
            return False
        if direction > 0 and self.scroll_y < self.max_scroll_y:
            self.scroll_page_down(animate=False)
            return True
        if direction < 0 and self.scroll_y > 0:
            self.scroll_page_up(animate=False)
            return True
        return False

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.display = bool(mode)

    def show_step(self, step: Step, *, init: str, k: int, seed: int | None, dataset: Dataset,
                  theme: Theme, ascii: bool, dark: bool, init_centroids: np.ndarray | None = None,
                  labels_hint: str = "") -> None:
        if self.mode == "code":
            self.update(_code(step, init=init, k=k, seed=seed, dark=dark, init_centroids=init_centroids))
        elif self.mode == "crosstab":
            self.update(_crosstab(step, dataset, theme, ascii, labels_hint))


def _code(step: Step, *, init: str, k: int, seed: int | None, dark: bool,
          init_centroids: np.ndarray | None = None) -> RenderableType:
    from rich.syntax import Syntax  # pygments: imported on first use, not at start-up

    theme = "monokai" if dark else "default"
    # No word wrap: a wrapped line of Python is broken Python. Each line fits half the panel.
    ours = Syntax(code_for(step, init=init), "python", theme=theme, background_color="default", word_wrap=False)
    rows = None if init_centroids is None else init_centroids.tolist()
    sk = Syntax(sklearn_code(k=k, init=init, seed=seed, centroids=rows), "python", theme=theme,
                background_color="default", word_wrap=False)
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
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
    t = Table(title=_a("crosstab: clusters × known labels (pd.crosstab(labels, known))", ascii),
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
    # the figures first: on a short screen the table scrolls, they stay
    figures = Text(_a(f"purity {p:.2f} · adjusted Rand index {ari:.2f} (1: clusters = labels, 0: chance)", ascii),
                   style="bold")
    note = Text(_a("purity: the share of points in their cluster's majority label", ascii), style="dim")
    return Group(figures, t, note)


def _a(text: str, ascii: bool) -> str:
    return asciify(text) if ascii else text
