"""HelpScreen: every key with a sentence, and K-Means in a few paragraphs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from kmtui.ui.keys import KEY_HELP

ABOUT = """\
## K-Means in four lines

K-Means finds **K groups in data that has no labels** (unsupervised learning): nobody
told it which point belongs where; it looks for structure on its own.

1. **Init** — place K centroids at random. kmtui's default, *uniform*, draws each
   coordinate between the data's minimum and maximum, like `np.random.uniform`.
2. **Assign** — measure the distance from every point to every centroid
   (√((x−cx)² + (y−cy)²)) and give each point the label of the nearest one (`np.argmin`).
3. **Update** — move each centroid to the mean of the points that chose it (`.mean()`).
4. **Repeat** 2 and 3 until no point changes cluster: the centroids stop moving — the run
   has **converged**.

**Inertia** is the sum of the squared distances from each point to its own centroid. Both
steps can only lower it, which is why K-Means always stops. It is drawn per step on the right.

**The elbow.** More clusters always lower inertia (K = number of points gives 0), so
inertia alone cannot pick K. Plot it against K: where the fall suddenly slows — the elbow —
extra clusters stop paying off. kmtui marks the knee found by the Kneedle algorithm, but the
elbow is a judgement: look at the curve too.

**Different seeds, different answers.** K-Means finds *a* local minimum; press **r** a few
times and compare the final inertia. scikit-learn runs it `n_init` times and keeps the best.

In scikit-learn: `KMeans(n_clusters=3).fit(X)`, then `.labels_`, `.cluster_centers_`,
`.inertia_`, `.predict(new_points)` — kmtui's Python API has the same shape.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and an explanation of K-Means; any of escape, q, ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="close-help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, bindings: Sequence[BindingType]) -> None:
        super().__init__()
        self._bindings_list = bindings

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", title_justify="left", title_style="bold", show_header=False,
                      box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for b in self._bindings_list:
            # parameterised twins (arrows, digits) and the pause twin of play get one row below
            if not isinstance(b, Binding) or "(" in b.action or b.action in ("pause", "interrupt"):
                continue
            keys = ", ".join(_key_name(k) for k in b.key.split(","))
            table.add_row(keys, KEY_HELP.get(b.action, b.description))
        for keys, text in (
            ("←, →", "Step back / forward; while inspecting, the nearest point to the left / right."),
            ("↑, ↓", "While inspecting, the nearest point above / below."),
            ("0 … 9", "Answer the quiz (g) with a centroid's number."),
            ("ctrl+c", "Quit with exit status 130."),
            ("ctrl+p", "Command palette: every action by name."),
            ("click", "On the plot: that point's distances to every centroid (or a centroid's place, after m). "
                      "On the elbow chart: use that K."),
        ):
            table.add_row(keys, text)
        with VerticalScroll():
            yield Markdown(ABOUT)
            yield Static(table)
            yield Static("\nPress [b]escape[/b] to close.")

    def action_close(self) -> None:
        self.dismiss(None)


def _key_name(key: str) -> str:
    return {
        "question_mark": "?", "plus": "+", "minus": "-", "equals_sign": "=", "underscore": "_",
        "left_square_bracket": "[", "right_square_bracket": "]", "space": "space",
    }.get(key, key)
