"""SidePanel: the step, the inertia in big digits, each cluster's share, and the charts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from kmtui.engine.steps import inertia_per_cluster
from kmtui.narration import screen as say
from kmtui.narration.ledger import ledger
from kmtui.render.palette import Theme, cluster_shape
from kmtui.session import Session
from kmtui.ui.text import styled
from kmtui.ui.widgets.bigdigits import HeavyDigits
from kmtui.ui.widgets.charts import InertiaChart
from kmtui.ui.widgets.elbow import ElbowPanel


class SidePanel(Vertical):
    """Everything about the current step beside the plot."""

    DEFAULT_CSS = """
    SidePanel #ledger { height: auto; max-height: 3; }
    Screen.-h-short SidePanel #ledger, Screen.-h-narrow SidePanel #ledger { max-height: 2; }
    """

    def __init__(self, theme: Theme, *, ascii: bool = False, simple: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.theme = theme
        self.ascii = ascii
        self.simple = simple
        """Simpler charts (projector)."""

    def compose(self) -> ComposeResult:
        yield Static(id="step-info")
        # the projector's digits in a heavy face of blocks; Digits' line art washes out
        yield HeavyDigits("", id="inertia") if self.simple else Digits("", id="inertia")
        yield Static(id="clusters")
        yield Static(id="ledger")
        yield InertiaChart(id="inertia-chart")
        yield ElbowPanel(self.theme, ascii=self.ascii, id="elbow")

    def on_mount(self) -> None:
        for chart in self.query("#inertia-chart, #elbow-chart"):
            chart.ascii = self.ascii  # type: ignore[attr-defined]
            chart.simple = self.simple  # type: ignore[attr-defined]

    @property
    def elbow(self) -> ElbowPanel:
        return self.query_one(ElbowPanel)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.elbow.theme = theme

    def show(self, session: Session) -> None:
        """Show the session's current step (fixed-height texts skip the layout pass)."""
        run = session.run
        step = run.current
        self.query_one("#step-info", Static).update(
            styled(say.step_info(step, run.next_phase()), self.theme, ascii=self.ascii), layout=False)
        inertia = self.query_one("#inertia")
        assert isinstance(inertia, Digits | HeavyDigits)
        inertia.update("" if step.inertia is None else digits_text(step.inertia))
        clusters = self.query_one("#clusters", Static)
        if step.labels is None:
            clusters.update(styled("inertia: — (no labels yet)", self.theme, ascii=self.ascii))
        else:
            per = inertia_per_cluster(run.X, step.centroids, step.labels)
            total = float(per.sum()) or 1.0
            sizes = [int(n) for n in step.cluster_sizes()]
            shapes = [cluster_shape(c, ascii=self.ascii) for c in range(step.n_clusters)]
            clusters.update(styled(say.cluster_line(sizes, [100 * float(p) / total for p in per], shapes),
                                   self.theme, ascii=self.ascii))
        rows = 2 if self.screen.has_class("-h-short") or self.screen.has_class("-h-narrow") else 3
        self.query_one("#ledger", Static).update(
            styled(ledger(run.steps[: run.cursor + 1], rows), self.theme, ascii=self.ascii))  # its height changes
        best = session.best_inertia
        n_init = session.elbow.n_init if session.elbow is not None else 0
        self.query_one(InertiaChart).set_values(run.inertia_history, best, f"best of {n_init}")
        self.elbow.show_curve(session.elbow, session.k)


def digits_text(value: float) -> str:
    """Inertia for the big Digits widget (it draws digits, '.', ',', '-', '+', 'x', '^')."""
    if value == 0:
        return "0"
    mag = abs(value)
    if 1e-3 <= mag < 1e7:
        return f"{value:,.1f}" if mag >= 100 else f"{value:.3g}"
    mant, exp = f"{value:.3e}".split("e")
    return f"{mant}x10^{int(exp)}"
