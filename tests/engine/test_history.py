"""Run: lazy steps, a cursor, back and forward."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui.engine import KMeans, Phase, Run
from kmtui.engine.steps import init_centroids, lloyd_steps


@pytest.fixture
def X() -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.concatenate([rng.normal(c, 0.6, (40, 2)) for c in ([0, 0], [5, 0], [0, 5])])


def test_steps_are_computed_lazily_and_match_the_loop(X: np.ndarray) -> None:
    run = Run(X, 3, init="uniform", seed=7)
    assert len(run.steps) == 1 and run.current.phase is Phase.INIT
    assert run.next_phase() is Phase.ASSIGN
    assert run.next() and run.current.phase is Phase.ASSIGN and len(run.steps) == 2
    assert run.next_phase() is Phase.UPDATE
    run.run_to_end()
    C0 = init_centroids(X, 3, "uniform", random_state=np.random.default_rng(7))
    ref = list(lloyd_steps(X, C0))
    assert len(run.steps) == len(ref)
    for a, b in zip(run.steps, ref, strict=True):
        assert a.phase == b.phase and a.inertia == b.inertia
        np.testing.assert_array_equal(a.centroids, b.centroids)


def test_back_forward_first_last(X: np.ndarray) -> None:
    run = Run(X, 3, seed=1)
    assert not run.back() and run.at_start
    assert not run.forward()
    for _ in range(3):
        assert run.next()
    assert run.cursor == 3
    assert run.back() and run.back() and run.cursor == 1
    assert run.forward() and run.cursor == 2
    assert len(run.steps) == 4  # nothing recomputed
    assert run.first() and run.cursor == 0 and not run.first()
    assert run.last() and run.at_end and run.finished
    assert run.current.stop is not None
    assert not run.next() and not run.forward()
    assert run.next_phase() is None


def test_history_and_trail_follow_the_cursor(X: np.ndarray) -> None:
    run = Run(X, 3, seed=2)
    run.last()
    n = len(run.steps)
    assert len(run.inertia_history) == n - 1
    run.first()
    for _ in range(4):
        run.next()
    assert run.inertia_history == [s.inertia for s in run.steps[1:5]]
    assert len(run.trail) == 1 + 2  # init + two updates
    assert run.config.n_clusters == 3 and run.config.seed == 2 and run.config.init == "uniform"


def test_same_seed_same_run_and_matches_estimator(X: np.ndarray) -> None:
    a = Run(X, 4, seed=11)
    b = Run(X, 4, seed=11)
    a.last()
    b.last()
    np.testing.assert_array_equal(a.current.centroids, b.current.centroids)
    km = KMeans(4, random_state=11).fit(X)
    np.testing.assert_array_equal(km.cluster_centers_, a.current.centroids)
    assert km.n_iter_ == a.current.iteration


def test_manual_init(X: np.ndarray) -> None:
    C = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    run = Run(X, 3, init=C)
    assert run.config.init == "manual"
    np.testing.assert_array_equal(run.current.centroids, C)
