"""KmtuiApp: step through K-Means with the keyboard.

The app holds a Run (the single source of truth) and a cursor into it; every
key moves the cursor or starts a new Run, and then :meth:`KmtuiApp.show` hands
the current Step to the widgets. Widgets never reach into each other.
:func:`make_app` is the one way in, for the CLI, the tests and :func:`show`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Digits, Footer, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from kmtui.data.selection import Selection, select
from kmtui.engine.elbow import Cancelled, ElbowCurve, elbow
from kmtui.engine.history import Run
from kmtui.engine.state import Phase, Step
from kmtui.engine.steps import INIT_METHODS, assign, inertia_per_cluster, sq_distances
from kmtui.narration import asciify, describe_knee, describe_step, describe_stop, fmt_num, plural
from kmtui.render.palette import DARK, LIGHT, PROJECTOR, Theme, cluster_shape
from kmtui.ui.keys import KEY_HELP
from kmtui.ui.widgets.charts import ElbowChart, InertiaChart
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.scatter import ScatterView

MIN_WIDTH, MIN_HEIGHT = 40, 12
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""Animation speed multipliers for [ and ]."""
BASE_GLIDE = 0.3
BASE_PLAY_PAUSE = 0.45
AUTO_ELBOW_MAX_POINTS = 20_000
"""Up to this size the elbow is computed as soon as the data is shown."""


@dataclass(frozen=True)
class AppOptions:
    """What the app starts with (the CLI's options, resolved)."""

    selection: Selection
    k: int = 3
    init: str = "uniform"
    seed: int = 0
    seed_given: bool = True
    max_iter: int = 300
    tol: float = 0.0
    empty: str = "relocate"
    projector: bool = False
    ascii: bool = False
    animate: bool = True
    theme: str | None = None
    auto_elbow: bool = True
    lesson: Any = None
    """A :class:`kmtui.lessons.Lesson` to play: space then advances the lesson."""


class TooSmall(Static):
    """Shown instead of a broken screen when the terminal is below 40×12."""


class KmtuiApp(App[int]):
    """Step through K-Means in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "kmtui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("space,n", "next", "Step", id="next", tooltip="Do the next step: assign, then update, then assign…"),
        Binding("a", "assign", "Assign", show=False, id="assign"),
        Binding("u", "update", "Update", show=False, id="update"),
        Binding("p,enter", "play", "Play", id="play"),
        Binding("p,enter", "pause", "Pause", id="pause"),
        Binding("b,backspace", "back", "Back", id="back"),
        Binding("f", "forward", "Fwd", show=False, id="forward"),
        Binding("left", "arrow(-1)", "Back", show=False, id="left"),
        Binding("right", "arrow(1)", "Fwd", show=False, id="right"),
        Binding("home", "first", "First", show=False, id="first"),
        Binding("end", "last", "Last", show=False, id="last"),
        Binding("r", "reinit", "Re-init", id="reinit"),
        Binding("i", "next_init", "Init", show=False, id="next-init"),
        Binding("plus,equals_sign", "k_up", "K+", id="k-up", key_display="+"),
        Binding("minus,underscore", "k_down", "K-", id="k-down", key_display="-"),
        Binding("d", "next_dataset", "Data", show=False, id="next-dataset"),
        Binding("D", "prev_dataset", "Prev data", show=False, id="prev-dataset"),
        Binding("e", "elbow", "Elbow", id="elbow"),
        Binding("j", "knee_k", "Use knee K", show=False, id="knee-k"),
        Binding("v", "toggle_regions", "Regions", show=False, id="regions"),
        Binding("t", "toggle_trails", "Trails", show=False, id="trails"),
        Binding("o", "inspect", "Inspect", id="inspect",
                tooltip="Pick a point with the arrow keys and see its distance to every centroid"),
        Binding("up", "inspect_move(0, 1)", "Point up", show=False, id="inspect-up"),
        Binding("down", "inspect_move(0, -1)", "Point down", show=False, id="inspect-down"),
        Binding("escape", "inspect_off", "Stop inspecting", show=False, id="inspect-off"),
        Binding("m", "place", "Place", show=False, id="place",
                tooltip="Place the K centroids yourself with mouse clicks"),
        Binding("g", "quiz", "Quiz", show=False, id="quiz",
                tooltip="Predict which centroid a point will join at the next assign"),
        *[Binding(str(d), f"answer({d})", f"Answer {d}", show=False, id=f"answer-{d}") for d in range(10)],
        Binding("c", "toggle_code", "Code", show=False, id="code"),
        Binding("x", "toggle_crosstab", "Crosstab", show=False, id="crosstab"),
        Binding("X", "next_x", "Next x", show=False, id="next-x"),
        Binding("Y", "next_y", "Next y", show=False, id="next-y"),
        Binding("z", "standardize", "Standardize", show=False, id="standardize"),
        Binding("left_square_bracket", "slower", "Slower", show=False, id="slower", key_display="["),
        Binding("right_square_bracket", "faster", "Faster", show=False, id="faster", key_display="]"),
        Binding("s", "screenshot", "Screenshot", show=False, id="screenshot"),
        Binding("question_mark,f1", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True, id="interrupt"),
    ]

    # Not repaint: a change here must not redraw the whole screen (and resend it over SSH);
    # the widgets that show it refresh themselves, line by line.
    step_index: reactive[int] = reactive(0, repaint=False)
    """The cursor's position in the run."""
    ends: reactive[tuple[bool, bool, bool]] = reactive((True, False, False), repaint=False, bindings=True)
    """(at the first step, steps ahead computed, run over): changes only when the footer's dimming does."""
    playing: reactive[bool] = reactive(False, repaint=False, bindings=True)
    """True while play mode advances by itself."""

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.selection = options.selection
        self.k = options.k
        self.init_method = options.init
        self.seed = options.seed
        self.speed = 2  # index into SPEEDS
        self.animate = options.animate
        self.regions = False
        self.placing: list[tuple[float, float]] | None = None
        """Centroids clicked so far while placing by hand (m), or None."""
        self.quiz: int | None = None
        """The point whose next cluster the person is asked to predict (g), or None."""
        self.quiz_score = [0, 0]
        """Right answers and questions asked."""
        self.inspected: int | None = None
        """The point under the inspect cursor, or None when not inspecting."""
        self.elbow_curve: ElbowCurve | None = None
        self._elbow_worker: Worker[ElbowCurve] | None = None
        self._elbow_requested = False
        self.base_theme: Theme = PROJECTOR if options.projector else DARK
        self.run_: Run = self._new_run()
        self._datasets = self._dataset_cycle()

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Horizontal(id="body"):
            yield ScatterView(self.base_theme, ascii=self.options.ascii, id="scatter")
            with Vertical(id="side"):
                yield Static(id="step-info")
                yield Digits("", id="inertia")
                yield Static(id="clusters")
                yield InertiaChart(id="inertia-chart")
                yield Static(id="elbow-title")
                yield ProgressBar(total=100, show_eta=False, id="elbow-progress")
                yield ElbowChart(id="elbow-chart")
        yield Static(id="lesson")
        yield Static(id="narration")
        yield DetailPanel(id="detail")
        yield Static(id="keytrace")
        # Compact, without the palette hint: at 80 columns every key up to "q Quit" fits.
        yield Footer(compact=True, show_command_palette=False)
        yield TooSmall(id="too-small")

    def on_mount(self) -> None:
        if self.options.theme:
            if self.options.theme not in self.available_themes:
                self.notify(f"unknown theme {self.options.theme!r}; using the default", severity="warning")
            else:
                self.theme = self.options.theme
        if self.options.projector:
            self.screen.add_class("-projector")
        if self.options.ascii:
            self.screen.add_class("-ascii")
        for chart in (self.query_one(InertiaChart), self.query_one(ElbowChart)):
            chart.simple = self.options.projector
            chart.ascii = self.options.ascii
            chart.color = True
        self.query_one("#elbow-progress").display = False
        self._apply_theme()
        self._layout_for(self.size.width, self.size.height)
        self._new_data()
        lesson = self.options.lesson
        self.query_one("#lesson").display = lesson is not None
        if lesson is not None:
            self._set("#lesson", f"[b]Lesson: {lesson.title}[/b] — {len(lesson.steps)} steps. "
                                 "Press space to begin.")
        self._install_signal_handlers()

    def _install_signal_handlers(self) -> None:
        # SSH dropping sends SIGHUP; a session manager sends SIGTERM. Leave at
        # once, restoring the terminal if it is still there; never hang.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover
            return
        for sig, status in ((getattr(signal, "SIGHUP", None), 129), (signal.SIGTERM, 143)):
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self._on_signal, status)
            except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover
                pass

    def _on_signal(self, status: int) -> None:
        # A hard deadline: if the terminal is gone, restoring it may block.
        timer = threading.Timer(1.0, os._exit, (status,))
        timer.daemon = True
        timer.start()
        self.exit(status)

    def on_resize(self, event: Any) -> None:
        self._layout_for(event.size.width, event.size.height)
        if self.is_mounted and getattr(self, "run_", None) is not None:
            try:
                self._show_header()  # the long or the short form, for the new width
            except Exception:  # noqa: BLE001 - before the widgets are composed
                pass

    def _layout_for(self, width: int, height: int) -> None:
        screen = self.screen_stack[0] if self.screen_stack else self.screen
        tiny = width < MIN_WIDTH or height < MIN_HEIGHT
        screen.set_class(tiny, "-tiny")
        screen.set_class(not tiny and (width < 80 or height < 24), "-narrow")
        screen.set_class(80 <= width < 120 and height >= 24, "-medium")
        screen.set_class(width >= 120 and height >= 24, "-wide")
        screen.set_class(height < 30, "-short")

        self.query_one("#too-small", Static).update(
            f"terminal too small: kmtui needs at least {MIN_WIDTH}×{MIN_HEIGHT} "
            f"(this one is {width}×{height}).\nMake the window bigger, or press q to quit."
        )

    def _apply_theme(self) -> None:
        dark = self.current_theme.dark if hasattr(self, "current_theme") else True
        theme = PROJECTOR if self.options.projector else (DARK if dark else LIGHT)
        bg = getattr(self.current_theme, "background", None) if not self.options.projector else None
        if bg and isinstance(bg, str) and bg.startswith("#") and len(bg) == 7:
            theme = replace(theme, background=bg)
        self.base_theme = theme
        self.query_one(ScatterView).set_theme(theme)
        for chart in (self.query_one(InertiaChart), self.query_one(ElbowChart)):
            chart.dark = dark
            chart.redraw()

    def watch_theme(self, _: str) -> None:
        if self.is_mounted:
            try:
                self._apply_theme()
            except Exception:  # noqa: BLE001 - widgets not composed yet
                pass

    # ------------------------------------------------------------ runs

    def _new_run(self) -> Run:
        return Run(self.selection.X, self.k, init=self.init_method, seed=self.seed,
                   max_iter=self.options.max_iter, tol=self.options.tol, empty=self.options.empty)

    def _dataset_cycle(self) -> list[str | None]:
        from kmtui.data import DATASETS

        names: list[str | None] = list(DATASETS)
        if self.selection.dataset.source != "built-in" or self.selection.dataset.name not in names:
            names.insert(0, None)  # None: the data kmtui was started with
        return names

    def _new_data(self) -> None:
        """The points changed (dataset, drawn pair, standardize): redraw everything."""
        sel = self.selection
        self._close_modes()
        self.query_one(ScatterView).set_data(sel.points, sel.x_name, sel.y_name)
        self.elbow_curve = None
        self.query_one(ElbowChart).set_curve(None, self.k)
        self._restart(reason=None)
        if self._elbow_worker is not None:
            self._elbow_worker.cancel()
            self._elbow_worker = None
        if self.options.auto_elbow and sel.dataset.n_samples <= AUTO_ELBOW_MAX_POINTS:
            # After the first frame: the sweep competes for the GIL with drawing it.
            self.call_after_refresh(self._start_elbow, requested=False)
        else:
            self.query_one("#elbow-progress").display = False
            self._set("#elbow-title", "Elbow: press e to compute it")

    def _close_modes(self) -> None:
        """A new run ends an open quiz and the inspect cursor: they were about the old one."""
        self.quiz = None
        self.inspected = None
        self.placing = None
        self.query_one(ScatterView).set_cursor(None)

    def _restart(self, reason: str | None) -> None:
        self.playing = False
        self._close_modes()
        if self.k > self.selection.dataset.n_samples:
            self.k = self.selection.dataset.n_samples
        self.run_ = self._new_run()
        self.step_index = 0
        self.show(animate=False)
        if reason:
            self._narrate(f"{reason} {describe_step(self.run_.current, init=self.init_method)}")

    def show(self, *, animate: bool = True, previous: Step | None = None) -> bool:
        """Hand the current step to every widget. Returns True if an animation started."""
        run = self.run_
        step = run.current
        self.step_index = run.cursor
        self.ends = (run.at_start, run.can_forward, run.at_end)
        sel = self.selection
        i, j = sel.xy
        scatter = self.query_one(ScatterView)
        trails = [c[:, [i, j]] for c in run.trail[:-1]] if step.phase is not Phase.INIT else []
        glide_from = None
        flash = None
        if animate and self.animate and previous is not None:
            if step.phase is Phase.UPDATE and previous.phase is Phase.ASSIGN:
                glide_from = previous.centroids[:, [i, j]]
            if step.phase is Phase.ASSIGN and previous.labels is not None and step.labels is not None:
                flash = previous.labels != step.labels
        started = scatter.show_step(
            step.labels, step.centroids[:, [i, j]], trails,
            glide_from=glide_from, flash=flash, duration=BASE_GLIDE / SPEEDS[self.speed],
        )
        self._show_side(step)
        self._show_detail(step)
        if self.inspected is not None and self.inspected < sel.dataset.n_samples:
            # The point's distances come first: the box is only a few lines high.
            self._narrate(f"Step {step.index} — {step.phase.value}: " + self._inspect_text(self.inspected))
        else:
            self._narrate(describe_step(step, init=run.config.init, n_samples=sel.dataset.n_samples)
                          + self._local_minimum_note(step))
        self._show_header()
        return started

    def _show_header(self) -> None:
        sel, cfg = self.selection, self.run_.config
        ds = sel.dataset
        feats = f"{sel.x_name} × {sel.y_name}"
        if sel.explicit_features and len(sel.features) > 2:
            feats += f" (clustering on {len(sel.features)} features)"
        if sel.standardized:
            feats += " · standardized"
        speed = "" if self.speed == 2 else f" · speed ×{SPEEDS[self.speed]:g}"
        full = (f"[b]kmtui[/b] · {ds.name} ({ds.n_samples} points) · {feats} · [b]K={cfg.n_clusters}[/b] · "
                f"init {cfg.init} · seed {cfg.seed}{speed}")
        short = (f"[b]kmtui[/b] · {ds.name} ({ds.n_samples}) · [b]K={cfg.n_clusters}[/b] · {cfg.init} · "
                 f"seed {cfg.seed}{speed}")
        width = self.size.width - 2
        text = full if len(Text.from_markup(full).plain) <= width else short
        self._set("#header", text)

    def _local_minimum_note(self, step: Step) -> str:
        """At the end of a run: compare with the best the elbow sweep found at this K."""
        curve = self.elbow_curve
        if step.stop is None or curve is None or step.n_clusters not in curve.ks or step.inertia is None:
            return ""
        best = curve.inertia[curve.ks.index(step.n_clusters)]
        if step.inertia > best * 1.05:
            return (f" But the best of {curve.n_init} runs at K={step.n_clusters} reached {fmt_num(best)}: "
                    "this run is stuck in a local minimum. Press r for new centroids.")
        return f" That is as good as the best of {curve.n_init} runs at this K ({fmt_num(best)})."

    def _show_side(self, step: Step) -> None:
        run = self.run_
        status = ""
        if step.stop is not None:
            status = " · [b]converged[/b]" if step.converged else " · stopped"
        nxt = run.next_phase()
        hint = f"next: {nxt.value}" if nxt is not None else "run finished"
        inertia = "—" if step.inertia is None else fmt_num(step.inertia)
        self._set("#step-info", 
            f"[b]Step {step.index}[/b] · {step.phase.value} · iteration {step.iteration}\n"
            f"inertia [b]{inertia}[/b]" + (status if status else f" [dim]· {hint}[/dim]")
        )
        digits = "" if step.inertia is None else _digits_text(step.inertia)
        self.query_one("#inertia", Digits).update(digits)
        self._set("#clusters", self._cluster_line(step))
        chart = self.query_one(InertiaChart)
        chart.set_values(run.inertia_history)
        self.query_one(ElbowChart).set_curve(self.elbow_curve, self.k)

    def _cluster_line(self, step: Step) -> str:
        if step.labels is None:
            return "inertia: — (no labels yet)"
        sizes = step.cluster_sizes()
        per = inertia_per_cluster(self.run_.X, step.centroids, step.labels)
        total = per.sum() or 1.0
        theme = self.base_theme
        parts = []
        for c in range(step.n_clusters):
            shape = cluster_shape(c, ascii=self.options.ascii)
            parts.append(f"[{theme.cluster_color(c)}]{shape}[/]{int(sizes[c])}:{100 * per[c] / total:.0f}%")
        return "points:inertia share  " + "  ".join(parts)

    def _show_detail(self, step: Step) -> None:
        panel = self.query_one(DetailPanel)
        if panel.mode:
            dark = self.current_theme.dark if not self.options.projector else True
            panel.show_step(step, init=self.run_.config.init, k=self.run_.config.n_clusters,
                            seed=self.run_.config.seed, dataset=self.selection.dataset,
                            theme=self.base_theme, ascii=self.options.ascii, dark=dark)

    def _toggle_detail(self, mode: str) -> None:
        panel = self.query_one(DetailPanel)
        names = {"code": "code panel (c)", "crosstab": "crosstab (x)"}
        before = panel.mode
        panel.set_mode("" if before == mode else mode)
        self._show_detail(self.run_.current)
        if panel.mode and before and before != panel.mode:
            self.notify(f"{names[panel.mode]} replaces the {names[before]}", timeout=2)

    def action_toggle_code(self) -> None:
        self._toggle_detail("code")

    def action_toggle_crosstab(self) -> None:
        self._toggle_detail("crosstab")

    _FIXED_HEIGHT = frozenset({"#step-info", "#narration", "#header"})

    def _set(self, selector: str, text: str) -> None:
        """Update a text widget (spelled out in ASCII under --ascii).

        Widgets of a fixed height skip the layout pass: their size cannot change.
        """
        self.query_one(selector, Static).update(asciify(text) if self.options.ascii else text,
                                                layout=selector not in self._FIXED_HEIGHT)

    def _narrate(self, text: str) -> None:
        self._set("#narration", text)

    # ------------------------------------------------------------ actions: stepping

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = getattr(self, "run_", None)
        if run is None:
            return True
        if action == "arrow" and self.inspected is None:
            dx = parameters[0] if parameters else 1
            action = "back" if isinstance(dx, int) and dx < 0 else "forward"
        if action in ("back", "first"):
            return None if run.at_start else True
        if action == "forward":
            return True if run.can_forward else None
        if action == "play":
            return False if self.playing else (None if run.at_end else True)
        if action == "pause":
            return True if self.playing else False
        lesson = self.options.lesson
        if action == "next" and lesson is not None and self.lesson_pos < len(lesson.steps):
            return True  # space advances the lesson, whatever the run's state
        if action in ("next", "last"):
            return None if run.at_end else True
        return True

    def _stop_play(self) -> None:
        self.playing = False

    def _advance(self) -> bool:
        scatter = self.query_one(ScatterView)
        scatter.finish_animation()
        if self.quiz is not None:  # the step it asked about is happening: the question is over
            self.quiz = None
            scatter.set_cursor(None)
        previous = self.run_.current
        if not self.run_.next():
            self._narrate(
                describe_step(self.run_.current, init=self.run_.config.init,
                              n_samples=self.selection.dataset.n_samples)
                + "  [dim](The run has ended: press r for new centroids, + or - to change K.)[/dim]"
            )
            self.step_index = self.run_.cursor
            self.ends = (self.run_.at_start, self.run_.can_forward, self.run_.at_end)
            return False
        self.show(previous=previous)
        return True

    lesson_pos = 0
    """How many lesson steps have been played."""
    _in_lesson_keys = False

    async def action_next(self) -> None:
        lesson = self.options.lesson
        if lesson is not None and not self._in_lesson_keys and self.lesson_pos < len(lesson.steps):
            await self._lesson_step(lesson)
            return
        self._stop_play()
        self._advance()

    async def _lesson_step(self, lesson: Any) -> None:
        step = lesson.steps[self.lesson_pos]
        self.lesson_pos += 1
        self._in_lesson_keys = True
        try:
            for key in step.keys:
                action = self._action_for_key(key)
                if action is not None:
                    await self.run_action(action)
        finally:
            self._in_lesson_keys = False
        n = len(lesson.steps)
        tail = "" if self.lesson_pos < n else "  [dim](The end of the lesson: space now steps as usual.)[/dim]"
        self._set("#lesson", f"[b]Lesson {self.lesson_pos}/{n}[/b] — {step.say}{tail}")

    def _action_for_key(self, key: str) -> str | None:
        for b in self.BINDINGS:
            if isinstance(b, Binding) and key in b.key.split(","):
                return b.action
        return None

    def _phase_action(self, phase: Phase, verb: str) -> None:
        self._stop_play()
        nxt = self.run_.next_phase()
        if nxt is None:
            self._narrate("The run has ended: nothing left to " + verb + ". Press r for new centroids.")
        elif nxt is not phase:
            other = "update (u)" if nxt is Phase.UPDATE else "assign (a)"
            if phase is Phase.ASSIGN:
                why = "the points were just assigned; the centroids must move before assigning again"
            elif self.run_.current.phase is Phase.INIT:
                why = "no point belongs to a cluster yet, so there is no mean to move to; assign first"
            else:
                why = "the centroids already sit at the means of their points; assign first"
            self._narrate(f"Cannot {verb} now: {why}. The next step is {other}.")
            self.bell()
        else:
            self._advance()

    def action_assign(self) -> None:
        self._phase_action(Phase.ASSIGN, "assign")

    def action_update(self) -> None:
        self._phase_action(Phase.UPDATE, "update")

    def action_arrow(self, dx: int) -> None:
        """Left/right: move the inspect cursor when inspecting, else step back/forward."""
        if self.inspected is not None:
            self.action_inspect_move(dx, 0)
        elif dx < 0:
            self.action_back()
        else:
            self.action_forward()

    def action_back(self) -> None:
        self._stop_play()
        self.query_one(ScatterView).finish_animation()
        if self.run_.back():
            self.show(animate=False)
        else:
            self._narrate("This is the first step: nothing to go back to.")

    def action_forward(self) -> None:
        self._stop_play()
        previous = self.run_.current
        self.query_one(ScatterView).finish_animation()
        if self.run_.forward():
            self.show(previous=previous)
        else:
            self._narrate("No later step computed yet: press space to compute the next one.")

    def action_first(self) -> None:
        self._stop_play()
        if self.run_.first():
            self.show(animate=False)

    def action_last(self) -> None:
        self._stop_play()
        if self.run_.last():
            self.show(animate=False)

    def action_pause(self) -> None:
        self.action_play()

    def action_play(self) -> None:
        if self.playing:
            self.playing = False
            self._narrate("Paused. Press p to play on, space to step.")
            return
        if self.run_.at_end:
            self._narrate("The run has ended. Press r for new centroids, or home to replay it.")
            return
        self.playing = True
        self._play_step()

    def _play_step(self) -> None:
        if not self.playing:
            return
        if not self._advance() or self.run_.at_end:
            self.playing = False
            return
        if not self.query_one(ScatterView).animating:
            self.set_timer(BASE_PLAY_PAUSE / SPEEDS[self.speed], self._play_step)

    @on(ScatterView.AnimationDone)
    def _animation_done(self) -> None:
        if self.playing:
            self.set_timer(BASE_PLAY_PAUSE / SPEEDS[self.speed], self._play_step)

    # ------------------------------------------------------------ actions: new runs

    def action_reinit(self) -> None:
        import secrets

        if self.options.lesson is not None:
            # A lesson must play the same way every time: its new seeds follow from its own.
            self._lesson_seeds = getattr(self, "_lesson_seeds", None) or np.random.default_rng(self.options.seed)
            self.seed = int(self._lesson_seeds.integers(2**31))
        else:
            self.seed = secrets.randbelow(2**31)
        self._restart("New random centroids (seed " + str(self.seed) + ").")

    def action_next_init(self) -> None:
        idx = INIT_METHODS.index(self.init_method) if self.init_method in INIT_METHODS else -1
        self.init_method = INIT_METHODS[(idx + 1) % len(INIT_METHODS)]
        self._restart(f"Init method: {self.init_method}.")

    def _set_k(self, k: int) -> None:
        n = self.selection.dataset.n_samples
        if not 1 <= k <= min(n, 20):
            self._narrate(f"K must stay between 1 and {min(n, 20)}.")
            self.bell()
            return
        self.k = k
        self._restart(f"K = {k}.")

    def action_k_up(self) -> None:
        self._set_k(self.k + 1)

    def action_k_down(self) -> None:
        self._set_k(self.k - 1)

    def action_knee_k(self) -> None:
        if self.elbow_curve is None or self.elbow_curve.knee is None:
            self._narrate("No knee to jump to yet: press e to compute the elbow.")
            return
        self._set_k(self.elbow_curve.knee)

    @on(ElbowChart.Picked)
    def _elbow_picked(self, event: ElbowChart.Picked) -> None:
        self._set_k(event.k)

    def _switch_dataset(self, step: int) -> None:
        from kmtui.data import load_dataset

        names = self._datasets
        current = self.selection.dataset.name if self.selection.dataset.source == "built-in" else None
        idx = names.index(current) if current in names else 0
        name = names[(idx + step) % len(names)]
        if name is None:
            self.selection = self.options.selection
        else:
            self.selection = select(load_dataset(name))
        self._new_data()

    def action_next_dataset(self) -> None:
        self._switch_dataset(1)

    def action_prev_dataset(self) -> None:
        self._switch_dataset(-1)

    def _change_view(self, sel: Selection, what: str) -> None:
        if sel.features == self.selection.features and sel.x == self.selection.x and sel.y == self.selection.y:
            self._narrate(f"{self.selection.dataset.name} has only two columns: nothing else to put on the {what}.")
            return
        reclusters = sel.features != self.selection.features
        self.selection = sel
        if reclusters:
            self._new_data()
            self._narrate(f"Now drawing {sel.x_name} × {sel.y_name}. kmtui clusters what it draws, so a new run "
                          "starts (use --features to cluster on more columns and only change the view).")
        else:
            self.query_one(ScatterView).set_data(sel.points, sel.x_name, sel.y_name)
            self.show(animate=False)

    def action_next_x(self) -> None:
        self._change_view(self.selection.next_x(), "x axis")

    def action_next_y(self) -> None:
        self._change_view(self.selection.next_y(), "y axis")

    def action_standardize(self) -> None:
        self.selection = self.selection.toggle_standardize()
        self._new_data()
        state = "on: every feature now has mean 0 and variance 1" if self.selection.standardized else "off"
        self._narrate(f"Standardize {state}. " + describe_step(self.run_.current, init=self.init_method))

    # ------------------------------------------------------------ actions: view

    def action_toggle_regions(self) -> None:
        self.regions = not self.regions
        self.query_one(ScatterView).set_regions(self.regions)
        self._narrate("Voronoi regions on: each cell is tinted by its nearest centroid — the area every point "
                      "in it would join at the next assign." if self.regions else "Voronoi regions off.")

    def action_toggle_trails(self) -> None:
        scatter = self.query_one(ScatterView)
        scatter.set_trails(not scatter.show_trails)
        self._narrate("Trails on: faint dots show where each centroid has been." if scatter.show_trails
                      else "Trails off.")

    def action_slower(self) -> None:
        self.speed = max(0, self.speed - 1)
        self._show_header()
        limit = " (the slowest)" if self.speed == 0 else ""
        self.notify(f"animation speed ×{SPEEDS[self.speed]:g}{limit}", timeout=1.5)

    def action_faster(self) -> None:
        self.speed = min(len(SPEEDS) - 1, self.speed + 1)
        self._show_header()
        limit = " (the fastest)" if self.speed == len(SPEEDS) - 1 else ""
        self.notify(f"animation speed ×{SPEEDS[self.speed]:g}{limit}", timeout=1.5)

    def action_screenshot(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = Path.cwd() / f"kmtui-{stamp}.svg"
        n = 1
        while path.exists():  # never overwrite a file
            path = Path.cwd() / f"kmtui-{stamp}-{n}.svg"
            n += 1
        try:
            self.save_screenshot(filename=path.name, path=str(path.parent))
        except OSError as err:
            self.notify(f"could not save the screenshot: {err}", severity="error")
            return
        self.notify(f"screenshot saved: {path.name}")

    def action_help(self) -> None:
        # Built once and kept: laying out the key table is the slow part.
        if not self.is_screen_installed("help"):
            from kmtui.ui.help import HelpScreen  # Markdown is slow to import: not at start-up

            self.install_screen(HelpScreen(self.BINDINGS), name="help")
        self.push_screen("help")

    def action_interrupt(self) -> None:
        self.exit(130)

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(0)

    # ------------------------------------------------------------ elbow

    def action_elbow(self, requested: bool = True) -> None:
        """Compute the elbow in a worker (or cancel the one running)."""
        if self._elbow_worker is not None and self._elbow_worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            self._elbow_worker.cancel()
            self._elbow_worker = None
            self.query_one("#elbow-progress").display = False
            self._set("#elbow-title", "Elbow cancelled (e: again)")
            self.elbow_curve = None
            self.query_one(ElbowChart).set_curve(None, self.k)
            return
        self._start_elbow(requested=requested)

    def _start_elbow(self, *, requested: bool) -> None:
        bar = self.query_one("#elbow-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = True
        self._set("#elbow-title", "Elbow: computing… (e cancels)")
        self._elbow_requested = requested
        self._elbow_worker = self._compute_elbow(self.selection.X, self.seed)

    @work(thread=True, exclusive=True, group="elbow", exit_on_error=False)
    def _compute_elbow(self, X: np.ndarray, seed: int) -> ElbowCurve:
        worker = get_current_worker()
        bar = self.query_one("#elbow-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            if done % 5 == 0 or done == total:
                self.call_from_thread(bar.update, total=total, progress=done)

        return elbow(X, k_max=10, n_init=10, init="k-means++", random_state=seed,
                     progress=progress, cancelled=lambda: worker.is_cancelled)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._elbow_worker:
            return
        if event.state is WorkerState.SUCCESS:
            self.elbow_curve = event.worker.result
            self._elbow_worker = None
            self.query_one("#elbow-progress").display = False
            self._show_elbow_title()
            self.query_one(ElbowChart).set_curve(self.elbow_curve, self.k)
            if self._elbow_requested:
                self._narrate(describe_knee(self.elbow_curve.knee)
                              + " Press j to use that K, or click a K on the chart.")
        elif event.state is WorkerState.ERROR:
            self.query_one("#elbow-progress").display = False
            err = event.worker.error
            if not isinstance(err, Cancelled):
                self._set("#elbow-title", f"Elbow failed: {err}")

    def _show_elbow_title(self) -> None:
        curve = self.elbow_curve
        if curve is None:
            return
        if curve.knee is None:
            text = "Elbow: no clear knee"
        else:
            text = f"Elbow: [b]knee at K={curve.knee}[/b] · j or click: use a K"
        self._set("#elbow-title", text)

    # ------------------------------------------------------------ misc

    _EXPLAIN_WHEN_DISABLED = {
        "space": "next", "n": "next", "b": "back", "backspace": "back", "f": "forward",
        "home": "first", "end": "last", "left": "back", "right": "forward", "p": "play", "enter": "play",
    }

    def on_key(self, event: Any) -> None:
        action = self._EXPLAIN_WHEN_DISABLED.get(event.key)
        if action is not None and self.inspected is None and self.check_action(action, ()) is None:
            run = self.run_
            if action in ("back", "first"):
                self._narrate("This is the first step (the initial centroids): nothing to go back to.")
            elif action == "forward":
                self._narrate("No later step has been computed yet: press space to compute the next one.")
            else:
                self._narrate(describe_stop(run.current) + " The run is over: press r for new centroids, "
                              "+ or - to change K, home to replay it.")
        if self.options.projector:
            key = event.key
            names = {"space": "space", "left": "←", "right": "→", "enter": "enter"}
            self.query_one("#keytrace", Static).update(f"key: [reverse] {names.get(key, event.character or key)} [/]")

    @on(ScatterView.Clicked)
    def _plot_clicked(self, event: ScatterView.Clicked) -> None:
        if self.placing is not None:
            self._place_at(event.x, event.y)
        elif event.point is not None:
            self._inspect(event.point)

    # ------------------------------------------------------------ place by hand

    def action_place(self) -> None:
        if self.placing is not None:
            self.placing = None
            self._narrate("Placing by hand cancelled.")
            return
        self._stop_play()
        self.placing = []
        self._narrate(f"Place the centroids yourself: click {plural(self.k, 'spot')} on the plot "
                      "(m again cancels). Try a bad start and watch K-Means recover — or not.")

    def _place_at(self, x: float, y: float) -> None:
        assert self.placing is not None
        self.placing.append((x, y))
        left = self.k - len(self.placing)
        if left > 0:
            self._narrate(f"Centroid {len(self.placing) - 1} placed at ({fmt_num(x)}, {fmt_num(y)}). "
                          f"{left} more to go.")
            return
        sel = self.selection
        i, j = sel.xy
        # Features not drawn start at their mean: the click only says where on screen.
        C = np.tile(sel.X.mean(axis=0), (self.k, 1))
        C[:, i] = [p[0] for p in self.placing]
        C[:, j] = [p[1] for p in self.placing]
        self._close_modes()
        self.playing = False
        self.run_ = Run(sel.X, self.k, init=C, seed=self.seed, max_iter=self.options.max_iter,
                        tol=self.options.tol, empty=self.options.empty)
        self.show(animate=False)
        self._narrate("Your centroids are placed (init: manual). Press space to assign every point to the nearest one.")

    # ------------------------------------------------------------ quiz

    def action_quiz(self) -> None:
        self._stop_play()
        self.query_one(ScatterView).finish_animation()
        run = self.run_
        if run.next_phase() is not Phase.ASSIGN:
            if run.next_phase() is None:
                self._narrate("The run has ended: no assign left to predict. Press r for a new run.")
            else:
                self._narrate("The quiz asks about the next assign: press u to do the update first.")
            return
        step = run.current
        X = self.selection.X
        nearest = assign(X, step.centroids)  # the engine's own answer, ties and all
        rng = np.random.default_rng(self.seed + step.index + self.quiz_score[1])
        # Prefer a point that will change cluster: that is the interesting question.
        movers = np.flatnonzero(nearest != step.labels) if step.labels is not None else np.arange(len(X))
        pool = movers if len(movers) else np.arange(len(X))
        self.quiz = int(rng.choice(pool))
        self.inspected = None
        self.query_one(ScatterView).set_cursor(self.quiz)
        now = "has no cluster yet" if step.labels is None else f"is in cluster {int(step.labels[self.quiz])} now"
        legend = "  ".join(f"[b]{c}[/b] = [{self.base_theme.cluster_color(c)}]"
                           f"{cluster_shape(c, ascii=self.options.ascii)} ✖[/]" for c in range(step.n_clusters))
        self._narrate(f"Quiz: the point in reverse video {now}. Which centroid will it join at the next "
                      f"assign? Press its number: {legend}")

    def action_answer(self, key: int) -> None:
        if self.quiz is None:
            return
        step = self.run_.current
        if key >= step.n_clusters:
            self._narrate(f"Press a centroid number from 0 to {step.n_clusters - 1}.")
            return
        d = self._distances_of(self.quiz, step)
        right = int(np.argmin(d))
        self.quiz_score[1] += 1
        if key == right:
            self.quiz_score[0] += 1
            verdict = "Right!"
        else:
            verdict = f"Not quite: it joins centroid {right}."
        dist = "  ".join(f"{c}: {fmt_num(float(v))}" for c, v in enumerate(d))
        self._narrate(f"{verdict} Distances — {dist}; the nearest wins. Score {self.quiz_score[0]}/"
                      f"{self.quiz_score[1]}. Press g for another, space to do the assign.")
        self.quiz = None
        self.query_one(ScatterView).set_cursor(None)

    # ------------------------------------------------------------ inspect

    def action_inspect(self) -> None:
        if self.inspected is not None:
            self.action_inspect_off()
            return
        pts = self.selection.points
        centre = np.median(pts, axis=0)
        self._inspect(int(np.argmin(((pts - centre) ** 2).sum(axis=1))))

    def action_inspect_off(self) -> None:
        if self.inspected is None:
            return
        self.inspected = None
        self.query_one(ScatterView).set_cursor(None)
        self._narrate(describe_step(self.run_.current, init=self.run_.config.init,
                                    n_samples=self.selection.dataset.n_samples))

    def action_inspect_move(self, dx: int, dy: int) -> None:
        """Move the inspect cursor to the nearest point in a direction (arrow keys)."""
        if self.inspected is None:
            if dx == 0:
                return  # up/down do nothing outside inspect mode
            self.action_inspect()
            return
        pts = self.selection.points
        span = np.ptp(pts, axis=0)
        span[span == 0] = 1.0
        rel = (pts - pts[self.inspected]) / span
        along = rel[:, 0] * dx + rel[:, 1] * dy
        across = np.abs(rel[:, 1] * dx - rel[:, 0] * dy)
        ok = along > 1e-12
        if not ok.any():
            self.bell()
            return
        score = np.where(ok, along + 2.0 * across, np.inf)
        self._inspect(int(np.argmin(score)))

    def _inspect(self, index: int) -> None:
        self.inspected = index
        self.query_one(ScatterView).set_cursor(index)
        self._narrate(self._inspect_text(index))

    def _distances_of(self, index: int, step: Step) -> np.ndarray:
        """One point's distance to every centroid, summed as the assign step sums them."""
        return np.sqrt(sq_distances(self.selection.X[index : index + 1], step.centroids)[0])

    def _inspect_text(self, index: int) -> str:
        step = self.run_.current
        sel = self.selection
        p = sel.X[index]
        d = self._distances_of(index, step)
        nearest = int(np.argmin(d))
        ascii_ = self.options.ascii
        coords = ", ".join(f"{n}={fmt_num(float(v))}" for n, v in zip(sel.feature_names, p, strict=True))
        parts = []
        for c, v in enumerate(d):
            mark = f"[{self.base_theme.cluster_color(c)}]{cluster_shape(c, ascii=ascii_)} {c}[/]"
            text = f"{mark}: {fmt_num(float(v))}"
            parts.append(f"[b]{text}[/b]" if c == nearest else text)
        label = ("no cluster yet" if step.labels is None
                 else f"in cluster {int(step.labels[index])}")
        verdict = f"np.argmin picks centroid {nearest}."
        if step.labels is not None and int(step.labels[index]) != nearest:
            verdict += f" It is nearer another centroid now: the next assign moves it to cluster {nearest}."
        return (f"Point {index} ({coords}), {label}. Distance √(Σ(x−c)²) to each centroid: "
                + "  ".join(parts) + f". {verdict} "
                "[dim](arrows: another point · o or escape: stop)[/dim]")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for b in self.BINDINGS:
            if isinstance(b, Binding) and b.action not in ("quit", "interrupt") and "(" not in b.action:
                key = b.key_display or b.key.split(",")[0]
                yield SystemCommand(f"{b.description} ({key})", KEY_HELP.get(b.action, b.tooltip or b.description),
                                    lambda a=b.action: self.run_action(a))


def _digits_text(value: float) -> str:
    """Inertia for the big Digits widget (it draws digits, '.', ',', '-', '+', 'x', '^')."""
    if value == 0:
        return "0"
    mag = abs(value)
    if 1e-3 <= mag < 1e7:
        text = f"{value:,.1f}" if mag >= 100 else f"{value:.3g}"
        return text
    mant, exp = f"{value:.3e}".split("e")
    return f"{mant}x10^{int(exp)}"


def make_app(options: AppOptions) -> KmtuiApp:
    """The one factory for the app: the CLI, the tests and show() all use it."""
    return KmtuiApp(options)


def run_app(options: AppOptions) -> int:
    """Run the app in this terminal; returns the exit status."""
    app = make_app(options)
    result = app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)


def show(X: Any, k: int = 3, *, feature_names: Iterable[str] | None = None, y: Any = None,
         init: str = "uniform", seed: int | None = None, name: str = "array", **kwargs: Any) -> None:
    """Open the app on an array (``kmtui.show``)."""
    import secrets

    from kmtui.data.dataset import Dataset
    from kmtui.engine.steps import check_data

    Xa = check_data(X)
    if Xa.shape[1] < 2:
        raise ValueError("show() needs at least two features to draw")
    names = tuple(feature_names) if feature_names is not None else tuple(f"x{i}" for i in range(Xa.shape[1]))
    y_codes, targets = None, ()
    if y is not None:
        uniq, codes = np.unique(np.asarray(y), return_inverse=True)
        y_codes, targets = codes.astype(np.int64), tuple(str(u) for u in uniq)
    ds = Dataset(name=name, X=Xa, feature_names=names, y=y_codes, target_names=targets, source="<array>")
    options = AppOptions(selection=select(ds), k=k, init=init,
                         seed=seed if seed is not None else secrets.randbelow(2**31),
                         seed_given=seed is not None, **kwargs)
    run_app(options)
