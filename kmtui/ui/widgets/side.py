"""SidePanel: the step, the inertia in big digits, each cluster's share, and the charts."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Digits, Static

from kmtui.engine.history import Run
from kmtui.narration import screen as say
from kmtui.narration.ledger import ledger
from kmtui.render.palette import Theme, cluster_shape
from kmtui.session import Session
from kmtui.ui.text import styled
from kmtui.ui.widgets.bigdigits import HeavyDigits
from kmtui.ui.widgets.charts import InertiaChart
from kmtui.ui.widgets.elbow import ElbowPanel
from kmtui.ui.widgets.paged import WrappedText, wrapped_rows

_shown: WeakKeyDictionary[Static, tuple[VisualType, int, int]] = WeakKeyDictionary()
"""What :func:`show_text` last gave each Static: the content, the width and the height it had there."""


def show_text(widget: Static, text: Text, *, fixed: bool = False) -> bool:
    """Show ``text`` in ``widget`` with no more work than the change needs; True if it changed.

    Nothing is done when the widget already shows this text (no repaint, no bytes to the
    terminal). A layout pass — the whole screen's, the costliest part of a key press — is asked
    for only when the text's height at the widget's width changes: ``fixed`` says the height is
    set by the CSS whatever the text. The widget's width must never depend on its text.
    """
    width = widget.content_size.width
    last = _shown.get(widget)
    if last is not None and last[0] is widget.content and last[1] == width and text == last[0]:
        return False
    if fixed:
        widget.update(text, layout=False)
        _shown[widget] = (widget.content, width, 0)
        return True
    old_height = last[2] if last is not None and last[0] is widget.content and last[1] == width else None
    widget.update(text, layout=False)
    if not all(node.display for node in widget.ancestors_with_self):
        # Hidden: showing it again lays it out; -1 makes the next update lay it out too.
        _shown[widget] = (widget.content, width, -1)
        return True
    height = widget.get_content_height(widget.size, widget.app.size, width) if width > 0 else -1
    if old_height is None or height != old_height or width <= 0:
        widget.refresh(layout=True)
    _shown[widget] = (widget.content, width, height)
    return True


class InertiaDigits(Digits):
    """Digits in a box the CSS sizes (``1fr`` wide, 3 rows): a new value repaints, never lays out.

    Textual's ``Digits.update`` asks for a layout pass whenever the text's width changes, for
    a width that is ``auto``; here the width never follows the text. And its lines are made
    once per value, style and width from Textual's own digit renderable, where ``Digits``
    renders through Rich on every repaint (about 1 ms of each key press).
    """

    def update(self, value: str) -> None:
        if value == self.value:
            return
        self._value = value  # what Digits.update writes, without its layout pass
        self.refresh()

    _made: tuple[tuple[str, Style, int], list[Strip]] | None = None

    def render_line(self, y: int) -> Strip:
        if self.text_selection or self.styles.text_align != "left":
            return super().render_line(y)  # what Digits does for these (kmtui uses neither)
        style, width = self.rich_style, self.size.width
        key = (self.value, style, width)
        if self._made is None or self._made[0] != key:
            segments = [s for s in DigitsRenderable(self.value).render(style) if isinstance(s, Segment)]
            lines = [Strip(line).adjust_cell_length(width, style) for line in Segment.split_lines(segments)]
            self._made = (key, lines)
        lines = self._made[1]
        return lines[y] if y < len(lines) else Strip.blank(width, style)


class SidePanel(Vertical):
    """Everything about the current step beside the plot."""

    DEFAULT_CSS = """
    SidePanel #ledger { height: 3; }
    Screen.-h-short SidePanel #ledger, Screen.-h-narrow SidePanel #ledger { height: 2; }
    """
    CLUSTER_ROWS = 3
    """At most this many rows for the cluster line (K = 10 on a narrow panel needs them all)."""

    def __init__(self, theme: Theme, *, ascii: bool = False, simple: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.theme = theme
        self.ascii = ascii
        self.simple = simple
        """Simpler charts (projector)."""
        self._clusters_for: tuple[int, int, int] | None = None
        """The (K, number of points, width) the cluster line's height was set for."""

    def compose(self) -> ComposeResult:
        yield WrappedText(id="step-info")
        # the projector's digits in a heavy face of blocks; Digits' line art washes out
        yield HeavyDigits("", id="inertia") if self.simple else InertiaDigits("", id="inertia")
        yield WrappedText(id="clusters")
        yield WrappedText(id="ledger", tail=True)  # oldest first: when cut (a resize, a wrap), keep the newest
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
        # fixed heights (the CSS's, and _size_clusters'): a new text repaints, never lays out
        self.query_one("#step-info", WrappedText).update(
            styled(say.step_info(step, run.next_phase()), self.theme, ascii=self.ascii), layout=False)
        inertia = self.query_one("#inertia")
        value = "" if step.inertia is None else digits_text(step.inertia)
        if isinstance(inertia, HeavyDigits):  # 3 rows, as wide as the panel: a new value never lays out
            if value != inertia.value:
                inertia.update(value, layout=False)
        else:
            assert isinstance(inertia, InertiaDigits)
            inertia.update(value)
        clusters = self.query_one("#clusters", WrappedText)
        self._size_clusters(step.n_clusters, session.n_samples)
        facts = session.facts()
        if facts.sizes is None or facts.shares is None:
            clusters.update(styled("inertia: — (no labels yet)", self.theme, ascii=self.ascii), layout=False)
        else:
            shapes = [cluster_shape(c, ascii=self.ascii, wide=self.simple) for c in range(step.n_clusters)]
            clusters.update(styled(say.cluster_line(list(facts.sizes), list(facts.shares), shapes),
                                   self.theme, ascii=self.ascii), layout=False)
        self._ledger_of = (run, run.cursor)
        self._show_ledger()
        best = session.best_inertia
        n_init = session.elbow.n_init if session.elbow is not None else 0
        self.query_one(InertiaChart).set_values(run.inertia_history, best, f"best of {n_init}")
        self.elbow.show_curve(session.elbow, session.k)


    _ledger_of: tuple[Run, int] | None = None
    """The run and cursor the ledger shows (drawn again when the panel is resized)."""

    def _show_ledger(self) -> None:
        """As many of the last iterations' ΔJ as fit the ledger's rows whole, oldest first.

        A row can wrap on a narrow panel (80×24): then fewer iterations are shown, so that the
        newest is always there and no row is shown cut in half.
        """
        if self._ledger_of is None:
            return
        run, cursor = self._ledger_of
        box = self.query_one("#ledger", WrappedText)
        height = box.size.height or (2 if self.screen.has_class("-h-short") or self.screen.has_class("-h-narrow")
                                     else 3)
        width = box.content_size.width
        steps = run.steps[: cursor + 1]
        for rows in range(height, 0, -1):
            text = styled(ledger(steps, rows), self.theme, ascii=self.ascii)
            if width <= 0 or max(map(len, text.plain.split("\n"))) <= width:
                break  # no row wraps (the usual case: no measuring on the key press)
            if wrapped_rows(text, width, self.app.console) <= height:
                break
        box.update(text, layout=False)

    def _size_clusters(self, k: int, n: int) -> None:
        """Give the cluster line the rows its longest form needs at this K, size and width, once per run.

        The rows are those of every cluster at its widest (as many digits as ``n`` points, 100 %), so
        a step never changes the line's height: no layout pass on a key press (a whole-screen
        layout is the costliest part of one), and the chart below does not jump.
        """
        self._clusters_of = (k, n)
        clusters = self.query_one("#clusters", WrappedText)
        width = clusters.content_size.width
        if width <= 0 or (k, n, width) == self._clusters_for:
            return  # (not laid out yet: on_resize sizes it)
        self._clusters_for = (k, n, width)
        shapes = [cluster_shape(c, ascii=self.ascii, wide=self.simple) for c in range(k)]
        widest = styled(say.cluster_line([max(1, n)] * k, [100.0] * k, shapes), self.theme, ascii=self.ascii)
        rows = min(self.CLUSTER_ROWS, wrapped_rows(widest, width, self.app.console))
        if clusters.styles.height is None or clusters.styles.height.value != rows:
            clusters.styles.height = rows

    _clusters_of: tuple[int, int] | None = None
    """The (K, number of points) of the last step shown."""

    def on_resize(self) -> None:
        if self._clusters_of is not None:
            self._size_clusters(*self._clusters_of)
        self._show_ledger()


def digits_text(value: float) -> str:
    """Inertia for the big Digits widget (it draws digits, '.', ',', '-', '+', 'x', '^')."""
    if value == 0:
        return "0"
    mag = abs(value)
    if 1e-3 <= mag < 1e7:
        return f"{value:,.1f}" if mag >= 100 else f"{value:.3g}"
    mant, exp = f"{value:.3e}".split("e")
    return f"{mant}x10^{int(exp)}"
