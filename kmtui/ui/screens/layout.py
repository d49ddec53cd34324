"""RunLayout: the run screen's widgets, where they go at each size, and its look.

What the screen is made of — the header, the plot beside the side panel, the
lesson banner, the narration, the detail panel and the footer — and how the
arrangement follows the terminal's size (Textual breakpoints, the footer's
wider key rows) and the theme. Drawing the session on these widgets is
:mod:`.drawing`'s; which keys can act is :mod:`.base`'s.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from kmtui import keymap
from kmtui.render.palette import Theme
from kmtui.session import Session
from kmtui.ui.bindings import bindings
from kmtui.ui.modes import Mode, QuizScore
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.elbow import ElbowPanel
from kmtui.ui.widgets.footer import KeyFooter
from kmtui.ui.widgets.paged import PagedText
from kmtui.ui.widgets.scatter import ScatterView
from kmtui.ui.widgets.side import SidePanel

if TYPE_CHECKING:  # the lesson modules load tomllib: imported only when a lesson is played
    from kmtui.lessons.player import LessonPlayer

MIN_WIDTH, MIN_HEIGHT = 40, 12
WIDE_FOOTER, WIDEST_FOOTER = 120, 160
"""From these widths on the footer shows the teaching keys too (keymap rows with ``footer=2``, ``3``)."""


class RunLayout(Screen[None]):
    """The plot, the side panel, the narration and the footer, laid out for the terminal's size.

    Holds what the screen shows (the session, the theme, the open mode) and never a copy of
    the session's state. Drawing is :class:`~kmtui.ui.screens.drawing.RunDrawing`'s; the keys
    live in the subclasses, one group each."""

    BINDINGS = bindings("main")
    HORIZONTAL_BREAKPOINTS = [(0, "-w-tiny"), (MIN_WIDTH, "-w-narrow"), (80, "-w-medium"), (120, "-w-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-h-tiny"), (MIN_HEIGHT, "-h-narrow"), (24, "-h-short"), (30, "-h-tall")]

    GLIDE = 0.3
    """Seconds a centroid glides at normal speed (tests set it to 0)."""
    PLAY_PAUSE = 0.45
    """Seconds between steps while playing, at normal speed (tests set it to 0)."""

    playing: reactive[bool] = reactive(False, bindings=True)
    """True while play mode advances by itself."""

    def __init__(self, session: Session, theme: Theme, *, ascii: bool = False, projector: bool = False,
                 lesson: LessonPlayer | None = None, auto_elbow: bool = True) -> None:
        super().__init__()
        self.session = session
        self.theme_ = theme
        self.ascii = ascii
        self.projector = projector
        self.lesson = lesson
        self.auto_elbow = auto_elbow
        self.mode: Mode | None = None
        """The open teaching mode (inspect, quiz or place), if any."""
        self.quiz_score = QuizScore()
        self._ends: tuple[bool, bool, bool] | None = None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Horizontal(id="body"):
            yield ScatterView(self.theme_, ascii=self.ascii, wide=self.projector, id="scatter")
            yield SidePanel(self.theme_, ascii=self.ascii, simple=self.projector, id="side")
        yield PagedText(ascii=self.ascii, id="lesson")
        yield PagedText(ascii=self.ascii, id="narration")
        yield DetailPanel(id="detail")
        yield Static(id="keytrace")
        # Compact, without the palette hint: at 80 columns every key up to "q Quit" fits.
        yield KeyFooter(compact=True, show_command_palette=False)
        yield Static(id="too-small")


    _wide_footer = 1
    """The footer level the bindings show now (1: the footer=1 rows, as bindings() makes them)."""

    def _footer_keys(self, width: int) -> None:
        """From :data:`WIDE_FOOTER` columns on the footer also shows the keymap's ``footer=2`` rows, from
        :data:`WIDEST_FOOTER` on the ``footer=3`` ones too.

        The teaching keys (assign, update, regions, trails, lines, code, quiz, place, crosstab…)
        are found by looking at the footer; at 80 columns only the ``footer=1`` ones fit.
        """
        level = 3 if width >= WIDEST_FOOTER else 2 if width >= WIDE_FOOTER else 1
        if level == self._wide_footer:
            return
        self._wide_footer = level
        shown = {row.id for row in keymap.in_scope("main") if 1 <= row.footer <= level}
        ours = {row.id for row in keymap.in_scope("main")}
        table = self._bindings.key_to_bindings
        for key, items in table.items():
            table[key] = [replace(b, show=b.id in shown) if b.id in ours else b for b in items]
        self.refresh_bindings()

    def set_theme(self, theme: Theme, *, dark: bool) -> None:
        """A new look (the App's theme changed)."""
        self.theme_ = theme
        if not self.query(ScatterView):  # not composed yet: compose uses theme_
            return
        self.query_one(ScatterView).set_theme(theme)
        side = self.query_one(SidePanel)
        side.set_theme(theme)
        for chart in self.query("#inertia-chart, #elbow-chart"):
            chart.dark = dark  # type: ignore[attr-defined]
            chart.redraw()  # type: ignore[attr-defined]

    @property
    def scatter(self) -> ScatterView:
        return self.query_one(ScatterView)

    @property
    def elbow(self) -> ElbowPanel:
        return self.query_one(ElbowPanel)
