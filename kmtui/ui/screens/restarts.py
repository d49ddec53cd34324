"""RestartKeys: R runs ten restarts from different random starts, and 0–9 jump to one of them.

Why scikit-learn's ``n_init`` exists, made visible: the same data, the same K,
ten seeds derived from the session's seed — and their final inertias side by
side in the detail panel, the best marked. A digit starts the run of that
seed (as ``r`` would, but with a known seed). The runs are computed in a
thread worker, so the screen stays live; R again while they run cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual import work
from textual.worker import Worker, get_current_worker

from kmtui.engine.history import Run
from kmtui.engine.seeding import init_centroids
from kmtui.engine.steps import final_inertia
from kmtui.engine.validation import check_random_state
from kmtui.narration import screen as say
from kmtui.narration.ledger import restarts_said
from kmtui.ui.screens.settings import SettingsKeys
from kmtui.ui.text import styled
from kmtui.ui.widgets.detail import DetailPanel

N_RESTARTS = 10


def restart_seeds(seed: int | None, n: int = N_RESTARTS) -> list[int]:
    """``n`` seeds derived from ``seed`` (the same session seed gives the same restarts)."""
    state = np.random.SeedSequence(0 if seed is None else seed).generate_state(n)
    return [int(s) % 2**31 for s in state]


@dataclass
class Restarts:
    """Ten restarts of one setting: their seeds and, once computed, final inertias."""

    k: int
    init: str
    seeds: list[int]
    inertias: list[float]
    data: int
    """``id`` of the clustered data (a new dataset makes them stale)."""


class RestartKeys(SettingsKeys):
    """R: ten restarts and their final inertias; a digit jumps to one."""

    restarts: Restarts | None = None
    _restart_worker: Worker[None] | None = None

    def action_restarts(self) -> None:
        panel = self.query_one(DetailPanel)
        if self._restart_worker is not None and self._restart_worker.is_running:
            self._restart_worker.cancel()
            self._restart_worker = None
            panel.set_mode("")
            self.say(say.RESTARTS_CANCELLED)
            return
        if panel.mode == "restarts" and self._restarts_current():
            panel.set_mode("")
            return
        s = self.session
        init = s.config.init if s.config.init not in ("manual", "given") else "uniform"
        self.restarts = Restarts(s.k, init, restart_seeds(s.config.seed), [], id(s.selection.X))
        panel.set_mode("restarts")
        self._show_restarts()
        self.say(say.restarts_started(N_RESTARTS, s.k))
        self._restart_worker = self._compute_restarts(self.restarts)

    @work(thread=True, exclusive=True, group="restarts")
    def _compute_restarts(self, restarts: Restarts) -> None:
        s = self.session
        X, cfg = s.selection.X, s.config
        worker = get_current_worker()
        out: list[float] = []
        for seed in restarts.seeds:
            if worker.is_cancelled:
                return
            run = Run(X, restarts.k, init=restarts.init, seed=seed,
                      max_iter=cfg.max_iter, tol=cfg.tol, empty=cfg.empty)  # type: ignore[arg-type]
            out.append(final_inertia(X, run.run_to_end()))
        self.app.call_from_thread(self._restarts_done, restarts, out)

    def _restarts_done(self, restarts: Restarts, inertias: list[float]) -> None:
        restarts.inertias = inertias
        self._restart_worker = None
        if restarts is self.restarts:
            self._show_restarts()
            best = int(np.argmin(inertias))
            self.say(say.restarts_done(inertias[best], best, restarts.seeds[best], self.session.run.current))

    def _restarts_current(self) -> bool:
        r = self.restarts
        s = self.session
        return r is not None and r.k == s.k and r.data == id(s.selection.X)

    def _show_restarts(self) -> None:
        r = self.restarts
        panel = self.query_one(DetailPanel)
        if r is None or panel.mode != "restarts":
            return
        cfg = self.session.config
        current = r.seeds.index(cfg.seed) if cfg.seed in r.seeds and cfg.init == r.init else None
        panel.update(styled(restarts_said(r.inertias, r.seeds, current, init=r.init), self.theme_,
                            ascii=self.ascii))

    def jump_to_restart(self, i: int) -> bool:
        """Start restart ``i``'s run (when the restarts panel shows results); False otherwise."""
        r = self.restarts
        if r is None or not r.inertias or self.query_one(DetailPanel).mode != "restarts" \
                or not self._restarts_current() or not 0 <= i < len(r.seeds):
            return False
        self.session.restart(seed=r.seeds[i], init=r.init)
        self.new_run(say.restart_jump(i, r.seeds[i], r.inertias[i]))
        self._show_restarts()
        return True

    def _detail(self) -> None:
        if self.query_one(DetailPanel).mode == "restarts":
            if self._restarts_current():
                self._show_restarts()
            else:  # another K or other data: these restarts no longer apply
                self.query_one(DetailPanel).set_mode("")
            return
        super()._detail()

    # ------------------------------------------------------------ the empty-cluster start

    _empty_run: object | None = None
    """The run the empty-cluster start made (E again on it switches the policy)."""

    def action_empty_start(self) -> None:
        """A k-means++ start with the last centroid far outside the data: its cluster is empty."""
        s = self.session
        again = self._empty_run is s.run
        policy = ("keep" if s.config.empty == "relocate" else "relocate") if again else "relocate"
        sel = s.selection
        pts = sel.points
        k = max(2, s.k)
        C = init_centroids(pts, k - 1, "k-means++", random_state=check_random_state(s.config.seed))
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        far = hi + 1.5 * np.maximum(hi - lo, 1e-9)
        drawn = [(float(x), float(y)) for x, y in C] + [(float(far[0]), float(far[1]))]
        s.restart(empty=policy)
        s.place(drawn)
        self._empty_run = s.run
        self.new_run(None)
        self.say(say.empty_preset(k - 1, policy))
