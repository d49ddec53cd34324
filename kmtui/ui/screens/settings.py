"""SettingsKeys: new runs (r, i, +, -, j), other data (d, D, X, Y, z), the view and the elbow."""

from __future__ import annotations

from textual import on

from kmtui.narration import screen as say
from kmtui.narration.steps import describe_elbow
from kmtui.ui.screens.stepping import SteppingKeys
from kmtui.ui.widgets.charts import ElbowChart
from kmtui.ui.widgets.detail import DetailPanel
from kmtui.ui.widgets.elbow import ElbowPanel
from kmtui.ui.widgets.side import SidePanel


class SettingsKeys(SteppingKeys):
    """Keys that start a new run, change the data, or change how the run is shown."""

    def action_reinit(self) -> None:
        seed = self.session.reinit()
        self.new_run(say.new_seed(seed))

    def action_next_init(self) -> None:
        self.new_run(say.init_is(self.session.next_init()))

    def set_k(self, k: int) -> None:
        if not self.session.set_k(k):
            self.say(say.k_out_of_range(self.session.k_limit))
            self.app.bell()
            return
        self.new_run(say.k_is(k))

    def action_k_up(self) -> None:
        self.set_k(self.session.k + 1)

    def action_k_down(self) -> None:
        self.set_k(self.session.k - 1)

    def action_knee_k(self) -> None:
        curve = self.session.elbow
        if curve is None or curve.knee is None:
            self.say(say.NO_KNEE_YET)
            return
        self.set_k(curve.knee)

    @on(ElbowChart.Picked)
    def _elbow_picked(self, event: ElbowChart.Picked) -> None:
        self.set_k(event.k)

    def action_next_dataset(self) -> None:
        self.session.switch_dataset(1)
        self.new_data()
        self._dataset_said()

    def action_prev_dataset(self) -> None:
        self.session.switch_dataset(-1)
        self.new_data()
        self._dataset_said()

    def _dataset_said(self) -> None:
        """The chosen dataset's one-line teaching point (the text of ``kmtui datasets``)."""
        from kmtui.data import DATASETS

        ds = self.session.selection.dataset
        info = DATASETS.get(ds.name) if ds.source == "built-in" else None
        description = info.description if info is not None else (ds.description or "your data")
        self.say(say.dataset_chosen(ds.name, description, ds.n_samples) + say.INIT_HINT)

    def _change_view(self, axis: str) -> None:
        s = self.session
        sel = s.selection.next_x() if axis == "x" else s.selection.next_y()
        if (sel.features, sel.x, sel.y) == (s.selection.features, s.selection.x, s.selection.y):
            self.say(say.only_two_columns(s.selection.dataset.name, f"{axis} axis"))
            return
        if s.set_selection(sel):
            self.new_data()
            self.say(say.now_drawing(sel.x_name, sel.y_name))
        else:
            self.scatter.set_data(sel.points, sel.x_name, sel.y_name)
            self.show()

    def action_next_x(self) -> None:
        self._change_view("x")

    def action_next_y(self) -> None:
        self._change_view("y")

    def action_standardize(self) -> None:
        on_ = self.session.toggle_standardize()
        self.new_data()
        self.say(say.standardized(on_) + " " + self.describe())

    # ------------------------------------------------------------ view

    def action_toggle_regions(self) -> None:
        view = self.session.set_view(regions=not self.session.view.regions)
        self.scatter.set_regions(view.regions)
        self.say(say.REGIONS_ON if view.regions else say.REGIONS_OFF)

    def action_toggle_trails(self) -> None:
        view = self.session.set_view(trails=not self.session.view.trails)
        self.scatter.set_trails(view.trails)
        self.say(say.TRAILS_ON if view.trails else say.TRAILS_OFF)

    def action_toggle_lines(self) -> None:
        scatter = self.scatter
        scatter.set_own_lines(not scatter.own_lines)
        self.say(say.LINES_ON if scatter.own_lines else say.LINES_OFF)

    def _speed(self, by: int) -> None:
        self.session.change_speed(by)
        self._header()
        speed = self.session.view.speed
        limit = " (the slowest)" if speed == 0 else " (the fastest)" if speed == 4 else ""
        self.notify(say.speed(self.session.view.speed_factor, limit), timeout=1.5, markup=False)

    def action_slower(self) -> None:
        self._speed(-1)

    def action_faster(self) -> None:
        self._speed(1)

    def _toggle_detail(self, mode: str) -> None:
        panel = self.query_one(DetailPanel)
        names = {"code": "code panel (c)", "crosstab": "crosstab (x)", "restarts": "restarts (R)"}
        before = panel.mode
        panel.set_mode("" if before == mode else mode)
        self._detail()
        if panel.mode and before and before != panel.mode:
            self.notify(f"{names[panel.mode]} replaces the {names[before]}", timeout=2, markup=False)

    def action_toggle_code(self) -> None:
        self._toggle_detail("code")

    def action_toggle_crosstab(self) -> None:
        self._toggle_detail("crosstab")

    # ------------------------------------------------------------ elbow

    def action_elbow(self) -> None:
        """Compute the elbow in a worker (or cancel the one running)."""
        elbow = self.elbow
        if elbow.cancel():
            elbow.title(None, "cancelled")
            self.session.elbow = None
            elbow.show_curve(None, self.session.k)
            return
        self._start_elbow(True)

    @on(ElbowPanel.Computed)
    def _elbow_computed(self, event: ElbowPanel.Computed) -> None:
        s = self.session
        s.elbow = event.curve
        self.elbow.title(event.curve)
        self.query_one(SidePanel).show(s)  # the elbow chart, and the inertia chart's "best of 10" line
        if event.requested:
            self.say(describe_elbow(event.curve) + " Press j to use that K, or click a K on the chart.")

