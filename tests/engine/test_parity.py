"""Parity with scikit-learn: the design's promise.

Same initial centroids, n_init=1, algorithm="lloyd", same max_iter and tol ⇒
the same labels, centres and inertia (1e-9 relative) and the same n_iter_.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn import datasets as skd
from sklearn.cluster import KMeans as SKMeans

from kmtui import KMeans
from kmtui.engine.steps import init_centroids


def _datasets() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    out = {
        "iris": skd.load_iris().data,
        "iris-petals": skd.load_iris().data[:, 2:],
        "wine": skd.load_wine().data,
        "blobs": skd.make_blobs(300, centers=3, random_state=1)[0],
        "blobs-8d": skd.make_blobs(500, n_features=8, centers=6, random_state=2)[0],
        "moons": skd.make_moons(200, noise=0.1, random_state=3)[0],
        "circles": skd.make_circles(200, noise=0.05, factor=0.4, random_state=4)[0],
        "aniso": skd.make_blobs(300, random_state=170)[0] @ [[0.6, -0.6], [-0.4, 0.8]],
        "uniform": rng.uniform(0, 1, (400, 2)),
        "one-feature": rng.normal(size=(100, 1)),
        "integers": rng.integers(0, 8, (60, 2)).astype(float),
        "large": rng.normal(size=(20000, 2)) + rng.integers(0, 4, (20000, 1)) * 3,
        "far-offset": rng.normal(size=(200, 2)) + 1e6,
    }
    return out


DATA = _datasets()


def _compare(X: np.ndarray, C0: np.ndarray, *, max_iter: int = 300, tol: float = 0.0) -> tuple[KMeans, SKMeans]:
    ours = KMeans(len(C0), init=C0, n_init=1, max_iter=max_iter, tol=tol).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SKMeans(len(C0), init=C0, n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd").fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-9, atol=1e-9 * np.abs(X).max())
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9, abs=1e-12)
    assert ours.n_iter_ == ref.n_iter_
    return ours, ref


@pytest.mark.parametrize("name", sorted(DATA))
@pytest.mark.parametrize("method", ["uniform", "random", "k-means++"])
@pytest.mark.parametrize("k", [2, 3, 7])
def test_same_run_as_sklearn(name: str, method: str, k: int) -> None:
    X = DATA[name]
    C0 = init_centroids(X, k, method, random_state=k)
    _compare(X, C0)


@pytest.mark.parametrize("name", ["iris", "blobs", "moons", "uniform", "large"])
@pytest.mark.parametrize("tol", [1e-4, 1e-2, 0.5])
def test_tolerance_rule_as_sklearn(name: str, tol: float) -> None:
    X = DATA[name]
    C0 = init_centroids(X, 4, "uniform", random_state=1)
    _compare(X, C0, tol=tol)


@pytest.mark.parametrize("max_iter", [1, 2, 3])
def test_iteration_limit_as_sklearn(max_iter: int) -> None:
    X = DATA["blobs"]
    C0 = init_centroids(X, 5, "uniform", random_state=0)
    ours, _ = _compare(X, C0, max_iter=max_iter)
    assert ours.n_iter_ == max_iter and not ours.converged_


def test_empty_cluster_relocation_as_sklearn() -> None:
    # Two centroids far outside the data start empty: both are relocated to the
    # points farthest from their centroids, exactly as scikit-learn does.
    X = DATA["blobs"]
    C0 = np.array([[0.0, 0.0], [500.0, 500.0], [-500.0, 400.0], [1.0, 1.0]])
    ours, _ = _compare(X, C0)
    first_update = ours.history_[2]
    assert [(e.cluster, e.action) for e in first_update.empty] == [(1, "relocated"), (2, "relocated")]


@pytest.mark.parametrize("seed", range(8))
def test_random_far_inits_with_empty_clusters(seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = DATA["iris"]
    C0 = rng.uniform(X.min(0) - 5, X.max(0) + 5, size=(6, X.shape[1]))
    _compare(X, C0)


def test_predict_and_transform_as_sklearn() -> None:
    X = DATA["iris"]
    C0 = init_centroids(X, 3, "k-means++", random_state=0)
    ours, ref = _compare(X, C0)
    X_new = np.random.default_rng(9).uniform(X.min(0), X.max(0), size=(50, 4))
    np.testing.assert_array_equal(ours.predict(X_new), ref.predict(X_new))
    np.testing.assert_allclose(ours.transform(X_new), ref.transform(X_new), rtol=1e-9)
    assert ours.score(X_new) == pytest.approx(ref.score(X_new), rel=1e-9)
