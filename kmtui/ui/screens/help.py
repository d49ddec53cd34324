"""HelpScreen: every key with a sentence, and K-Means in a few paragraphs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from kmtui.keymap import MOUSE_HELP, help_rows
from kmtui.narration.text import asciify

CLOSE_HINT = "PgDn / ↓ scroll · escape, q or ? closes this help"
"""Said first: at 80x24 the end of the help, where it says how to close it, is four pages down."""

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
    """Keys and an explanation of K-Means; any of escape, q, ? closes it.

    The key table is :func:`kmtui.keymap.help_rows`: the same table the
    bindings are made from, so every key has its sentence here.
    """

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="close-help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen.-ascii > VerticalScroll { border: ascii $primary; }
    """

    def __init__(self, *, ascii: bool = False) -> None:
        super().__init__(classes="-ascii" if ascii else None)
        self.ascii = ascii
        """Spell everything in ASCII (``--ascii``): the text, and an ASCII border."""

    def _text(self, text: str) -> str:
        return asciify(text) if self.ascii else text

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", title_justify="left", title_style="bold", show_header=False,
                      box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for keys, text in (*help_rows(), *MOUSE_HELP):
            table.add_row(Text(self._text(keys)), Text(self._text(text)))
        with VerticalScroll():
            # said first: at 80x24 the end of the help is four pages down
            yield Static(self._text(CLOSE_HINT), id="help-hint")
            yield Markdown(self._text(ABOUT))
            yield Static(table)
            yield Static("\nPress escape to close.")

    def action_close(self) -> None:
        # Only the top screen closes: a second escape queued behind the first
        # must not pop the main screen (ScreenStackError) or another one.
        if self.is_current and len(self.app.screen_stack) > 1:
            self.dismiss(None)
