"""KMeans: the scikit-learn-shaped estimator."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui import KMeans
from kmtui.engine import NotFittedError
from kmtui.engine.steps import init_centroids, lloyd_steps


def _blobs(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(c, 0.5, (50, 2)) for c in ([0, 0], [6, 0], [3, 5])])


def test_n_init_keeps_the_best_run() -> None:
    X = _blobs()
    km = KMeans(3, init="uniform", n_init=8, random_state=4).fit(X)
    rng = np.random.default_rng(4)
    finals = []
    for _ in range(8):
        C0 = init_centroids(X, 3, "uniform", random_state=rng)
        last = list(lloyd_steps(X, C0))[-1]
        finals.append(last.inertia)
    assert km.inertia_ == pytest.approx(min(finals))
    # three clear groups: the best run finds them
    assert sorted(np.bincount(km.labels_).tolist()) == [50, 50, 50]


def test_fit_predict_history() -> None:
    X = _blobs(1)
    km = KMeans(3, random_state=0)
    labels = km.fit_predict(X)
    np.testing.assert_array_equal(labels, km.predict(X))
    assert km.history_[0].phase.value == "init" and km.history_[-1].stop is not None
    assert km.n_iter_ == km.history_[-1].iteration
    assert km.converged_
    assert km.score(X) == pytest.approx(-km.inertia_)
    assert "KMeans(n_clusters=3" in repr(km)


def test_errors() -> None:
    X = _blobs()
    with pytest.raises(NotFittedError, match="not fitted"):
        KMeans(3).predict(X)
    with pytest.raises(ValueError, match="n_init must be 1"):
        KMeans(2, init=X[:2], n_init=3).fit(X)
    with pytest.raises(ValueError, match="unknown init"):
        KMeans(2, init="nope").fit(X)
    with pytest.raises(ValueError, match="should be >= n_clusters"):
        KMeans(500).fit(X)
    with pytest.raises(ValueError, match="features"):
        KMeans(2, random_state=0).fit(X).predict(np.zeros((2, 3)))


def test_history_replays_the_kept_run_exactly() -> None:
    # fit uses the lean loop; history_ replays the kept run with Steps: the two must agree bit for bit
    X = _blobs(2)
    km = KMeans(4, init="uniform", n_init=5, random_state=7).fit(X)
    steps = km.history_
    last_assign = next(s for s in reversed(steps) if s.phase.value == "assign")
    np.testing.assert_array_equal(last_assign.labels, km.labels_)
    np.testing.assert_array_equal(steps[-1].centroids, km.cluster_centers_)
    assert steps[-1].iteration == km.n_iter_
    X[:] = 0.0  # changing the caller's array after fit does not change the replay
    assert km.history_ is steps and KMeans(4, random_state=7).fit(_blobs(2)).history_[-1].iteration == km.n_iter_


@pytest.mark.parametrize("d", [2, 5])
@pytest.mark.parametrize(("max_iter", "tol"), [(1, 0.0), (3, 0.0), (300, 0.0), (300, 0.05)])
def test_one_reported_inertia_for_fit_elbow_and_trace(d: int, max_iter: int, tol: float) -> None:
    # KMeans.inertia_, the elbow sweep's runs and trace's final_inertia are one definition:
    # the last assign's labels with the last centroids, the same float from every path.
    from kmtui.engine.elbow import elbow, final_inertia
    from kmtui.engine.steps import inertia

    rng = np.random.default_rng(d)
    X = np.concatenate([rng.normal(c, 0.7, (40, d)) for c in range(4)])
    for seed in range(3):
        km = KMeans(4, init="uniform", max_iter=max_iter, tol=tol, random_state=seed).fit(X)
        assert km.inertia_ == final_inertia(X, km.history_)
        assert km.inertia_ == pytest.approx(inertia(X, km.cluster_centers_, km.labels_), rel=1e-12)
        curve = elbow(X, k_min=4, k_max=4, n_init=1, init="uniform", max_iter=max_iter, tol=tol, random_state=seed)
        assert curve.inertia == [km.inertia_]
