"""RunDrawing: the session drawn on the run screen's widgets.

:meth:`RunDrawing.show` hands the current step to every widget: the plot's
frame, legend and lines, the side panel, the detail panel, the narration and
the header. Nothing here keeps a copy of K, the init, the seed or the cursor:
every method reads the session.
"""

from __future__ import annotations

import numpy as np
from textual import events
from textual.widgets import Static

from kmtui.engine.state import Phase, Step
from kmtui.narration import describe_step
from kmtui.narration import screen as say
from kmtui.narration.halfsteps import worked_point
from kmtui.narration.ledger import legend
from kmtui.narration.minimum import diagnose
from kmtui.narration.text import Said
from kmtui.render.frame import frame_for
from kmtui.render.palette import (
    ASCII_CENTROID_GLYPH,
    ASCII_DENSITY,
    ASCII_UNASSIGNED_GLYPH,
    CENTROID_GLYPH,
    UNASSIGNED_GLYPH,
    cluster_shape,
)
from kmtui.ui.modes import Inspect, Mode, Quiz
from kmtui.ui.modes.inspect import distances_of
from kmtui.ui.screens.layout import MIN_HEIGHT, MIN_WIDTH, RunLayout
from kmtui.ui.text import styled
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.elbow import ElbowPanel
from kmtui.ui.widgets.paged import PagedText, wrapped_rows
from kmtui.ui.widgets.side import SidePanel, show_text

BRAILLE_FULL = "⣿"
"""The legend's mark for a cluster when the plot draws braille dots (in the cluster's colour)."""
DIAGNOSE_MAX_POINTS = 50_000
"""Up to this size a local minimum's shape is looked for (a 2-means per cluster)."""
AUTO_ELBOW_MAX_POINTS = 20_000
"""Up to this size the elbow is computed as soon as the data is shown."""


def centroid_glyph(ascii: bool) -> str:
    return ASCII_CENTROID_GLYPH if ascii else CENTROID_GLYPH


class RunDrawing(RunLayout):
    """How the widgets show the session: the first frame on mount, then every step, mode and new run."""

    def on_mount(self) -> None:
        self.set_class(self.projector, "-projector")
        self.set_class(self.ascii, "-ascii")
        self.query_one("#lesson").display = self.lesson is not None
        if not self.query(ElbowPanel):  # a quit while starting (a browser tab closed at once): torn down
            return
        self.new_data()
        if self.lesson is not None:
            self.lesson.begin(self.session)
            self._banner()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small", Static).update(
            say.too_small(event.size.width, event.size.height, MIN_WIDTH, MIN_HEIGHT))
        self._size_banner(event.size.width)
        self._header()
        self._footer_keys(event.size.width)

    # ------------------------------------------------------------ drawing

    def say(self, said: Said | str) -> None:
        self.query_one("#narration", PagedText).update(styled(said, self.theme_, ascii=self.ascii), layout=False)

    def action_more_text(self, direction: int) -> None:
        """PgDn / PgUp: the next or previous page of the texts that say "more" (the lesson's first),
        then of the code or crosstab panel (which scrolls with the mouse wheel too)."""
        texts = [t for t in self.query(PagedText) if t.display]
        detail = self.query_one(DetailPanel)
        if direction > 0:
            any(t.page_down() for t in texts) or detail.page(1)
        else:
            detail.page(-1) or any(t.page_up() for t in reversed(texts))

    def _banner(self) -> None:
        player = self.lesson
        if player is None:
            return
        step = player.current
        self.query_one("#lesson", PagedText).update(styled(
            say.lesson_banner(player.lesson.title, player.position, player.total, step.say if step else ""),
            self.theme_, ascii=self.ascii), layout=False)  # its height is the lesson's (_size_banner)

    LESSON_ROWS = 4
    """At most this many rows for a lesson's text (a longer one pages: "more", PgDn)."""

    def _size_banner(self, width: int) -> None:
        """Give the lesson's text the rows its longest step needs at this width, for the whole lesson.

        The plot keeps its size from one lesson step to the next (it used to lose or gain a row,
        and redraw at a new scale, whenever a step's text was longer or shorter: on a projector
        the whole picture jumped), and a step's text never lays the screen out.
        """
        player = self.lesson
        if player is None or width <= 2:
            return
        box = self.query_one("#lesson", PagedText)
        text_width = width - box.styles.gutter.width
        lesson = player.lesson
        texts = [say.lesson_banner(lesson.title, 0, player.total, "")] + [
            say.lesson_banner(lesson.title, i + 1, player.total, step.say) for i, step in enumerate(lesson.steps)]
        rows = max(wrapped_rows(styled(t, self.theme_, ascii=self.ascii), text_width, self.app.console)
                   for t in texts)
        box.styles.height = max(1, min(self.LESSON_ROWS, rows))

    _header_said: tuple[object, ...] = ()
    """What the header was last drawn from (its words, the theme, ASCII or not)."""

    def _header(self) -> None:
        header = self.query_one_optional("#header", Static)
        if header is None:  # a resize before compose
            return
        s = self.session
        sel, cfg = s.selection, s.config
        drawn = f"{sel.x_name} × {sel.y_name}"
        if len(sel.features) > 2:
            drawn += f" (clustering on {len(sel.features)} features)"
        if sel.standardized:
            drawn += " · standardized"
        extra = "" if s.view.speed == 2 else f" · speed ×{s.view.speed_factor:g}"
        said = say.header(sel.dataset.name, sel.dataset.n_samples, drawn, cfg.n_clusters, cfg.init, cfg.seed,
                          extra, (self.size.width or self.app.size.width) - 2, len(sel.features))
        drawn_from = (said, self.theme_, self.ascii, header.content)
        if drawn_from == self._header_said:  # the same words: no new Text, no repaint
            return
        show_text(header, styled(said, self.theme_, ascii=self.ascii), fixed=True)
        self._header_said = (said, self.theme_, self.ascii, header.content)

    def show(self, *, previous: Step | None = None) -> bool:
        """Hand the current step to every widget. Returns True if an animation started."""
        s = self.session
        run, sel, view = s.run, s.selection, s.view
        step = run.current
        before = run.steps[step.index - 1] if step.index > 0 else None
        frame = frame_for(step, previous if view.animate else None, run.trail, sel.xy, changed_from=before)
        scatter = self.scatter
        scatter.set_regions(view.regions)
        scatter.set_trails(view.trails)
        started = scatter.show_frame(frame, duration=self.GLIDE / view.speed_factor)
        self._legend()
        self.query_one(SidePanel).show(s)
        self._point_lines()
        self._detail()
        if isinstance(self.mode, Inspect) and self.mode.valid(s):
            self.say([(f"Step {step.index} — {step.phase.value}: ", ""), *self._inspect_said()])
        else:
            self.say(self.narration())
        self._header()
        ends = (run.at_start, run.can_forward, run.at_end)
        if ends != self._ends:
            self._ends = ends
            self.refresh_bindings()
        return started

    def _legend(self) -> None:
        """The legend row under the plot, in the plot's marks: each cluster's shape, or its colour in braille."""
        sizes = self.session.facts().sizes
        grey = ASCII_UNASSIGNED_GLYPH if self.ascii else UNASSIGNED_GLYPH
        if self.scatter.renderer.effective_mode == "braille":
            shapes = [ASCII_DENSITY[-1] if self.ascii else BRAILLE_FULL] * self.session.k
        else:
            shapes = self._shapes()
        self.scatter.set_legend(styled(legend(sizes, shapes, centroid_glyph(self.ascii), grey), self.theme_,
                                       ascii=self.ascii))

    def on_scatter_view_mode_changed(self) -> None:
        self._legend()

    def _detail(self) -> None:
        panel = self.query_one(DetailPanel)
        if panel.mode:
            s = self.session
            dark = self.app.current_theme.dark if not self.projector else True
            panel.show_step(s.run.current, init=s.config.init, k=s.k, seed=s.config.seed,
                            dataset=s.selection.dataset, theme=self.theme_, ascii=self.ascii, dark=dark,
                            init_centroids=s.run.steps[0].centroids,
                            labels_hint=self._labels_hint())

    def _labels_hint(self) -> str:
        """How many presses of d reach a dataset with known labels (iris first)."""
        from kmtui.data import DATASETS

        s = self.session
        names = s.datasets()
        ds = s.selection.dataset
        current = ds.name if ds.source == "built-in" else None
        idx = names.index(current) if current in names else 0
        ahead = [(step, names[(idx + step) % len(names)]) for step in range(1, len(names))]
        labelled = [(n, name) for n, name in ahead if name is not None and DATASETS[name].target_names]
        if not labelled:
            return say.labels_hint(None, 0)
        presses, name = next(((n, m) for n, m in labelled if m == "iris"), labelled[0])
        return say.labels_hint(name, presses)

    def new_data(self) -> None:
        """The points changed (dataset, drawn pair, standardize): redraw everything."""
        s = self.session
        sel = s.selection
        self.scatter.set_data(sel.points, sel.x_name, sel.y_name)
        elbow = self.elbow
        elbow.cancel()
        self.new_run(None)
        if s.elbow is not None:
            elbow.title(s.elbow)
        elif self.auto_elbow and sel.dataset.n_samples <= AUTO_ELBOW_MAX_POINTS:
            # After the first frame: the sweep competes for the GIL with drawing it.
            self.call_after_refresh(self._start_elbow, False)
        else:
            elbow.title(None)

    def new_run(self, reason: str | None) -> None:
        """The session holds a new run: show its first step."""
        self.playing = False
        self.set_mode(None)
        self.show()
        if reason:
            self.say(f"{reason} {self.describe()}")

    def set_mode(self, mode: Mode | None) -> None:
        self.mode = mode
        cursor = mode.index if isinstance(mode, Inspect) else mode.point if isinstance(mode, Quiz) else None
        self.scatter.set_cursor(cursor)
        self._point_lines()

    def _point_lines(self) -> None:
        """Lines from one point to every centroid: the inspected one, or the first assign's worked point.

        The nearest centroid (by every clustered feature, as np.argmin) is the strong line. The quiz
        draws none: they would give the answer away.
        """
        s = self.session
        if isinstance(self.mode, Inspect) and self.mode.valid(s):
            index: int | None = self.mode.index
        elif self.mode is None:
            index = self.worked_point()
        else:
            index = None
        nearest = None if index is None else int(np.argmin(distances_of(s, index)))
        self.scatter.set_line_point(index, nearest)

    def describe(self) -> str:
        """What the current step did, with its numbers (the step before it gives the before → after)."""
        s = self.session
        run, sel = s.run, s.selection
        step = run.current
        previous = run.steps[step.index - 1] if step.index > 0 else None
        return describe_step(step, init=run.config.init, n_samples=sel.dataset.n_samples, previous=previous,
                             X=sel.X, names=sel.feature_names)

    def narration(self) -> str:
        """The narration line for the current step: what it did, and at the end how good the run is."""
        s = self.session
        step = s.run.current
        hint = say.INIT_HINT if step.phase is Phase.INIT and self.lesson is None else ""
        best, n_init = s.best_inertia, s.elbow.n_init if s.elbow else 0
        if not say.is_stuck(step, best):
            return self.describe() + hint + say.local_minimum_note(step, best, n_init)
        labels = step.labels if step.labels is not None else s.run.steps[step.index - 1].labels
        shape = None
        if labels is not None and s.n_samples <= DIAGNOSE_MAX_POINTS:
            shape = diagnose(s.selection.X, step.centroids, labels)
        return say.stopped_short(step) + say.local_minimum_note(step, best, n_init, shape)

    def worked_point(self) -> int | None:
        """The point whose distances the first assign's narration works out (marked on the plot), or None."""
        s = self.session
        step = s.run.current
        if step.index != 1 or step.phase is not Phase.ASSIGN:
            return None
        return worked_point(s.selection.X)

    def _shapes(self) -> list[str]:
        return [cluster_shape(c, ascii=self.ascii, wide=self.projector) for c in range(self.session.k)]

    def _inspect_said(self) -> Said:
        mode = self.mode
        assert isinstance(mode, Inspect)
        s = self.session
        step = s.run.current
        p = s.selection.X[mode.index]
        coords = [(n, float(v)) for n, v in zip(s.selection.feature_names, p, strict=True)]
        d = [float(v) for v in distances_of(s, mode.index)]
        label = None if step.labels is None else int(step.labels[mode.index])
        return say.inspect_said(mode.index, coords, d, self._shapes(), label)

    def _start_elbow(self, requested: bool) -> None:
        if not self.query(ElbowPanel):  # a quit while starting (a browser tab closed at once): torn down
            return
        s = self.session
        self.elbow.compute(s.selection.X, s.config.seed or 0, requested=requested)
