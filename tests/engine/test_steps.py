"""The three steps and the loop: properties that must hold for any data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kmtui.engine import Phase, StopReason, assign, inertia, init_centroids, lloyd_steps, update
from kmtui.engine.steps import sq_distances, tolerance

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def problems(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 60))
    d = draw(st.integers(1, 3))
    X = draw(arrays(np.float64, (n, d), elements=finite))
    k = draw(st.integers(1, min(n, 6)))
    C = draw(arrays(np.float64, (k, d), elements=finite))
    empty = draw(st.sampled_from(["relocate", "keep"]))
    tol = draw(st.sampled_from([0.0, 1e-4, 0.1]))
    max_iter = draw(st.integers(1, 50))
    return X, C, empty, tol, max_iter


@settings(max_examples=150, deadline=None)
@given(problems())
# An exact tie in 3-D that a differently ordered sum (einsum) breaks the other way.
@example((np.full((2, 3), 613.88819436), np.array([[0.0, 67.0, 67.0], [67.0, 0.0, 67.0]]), "relocate", 0.0, 1))
def test_run_properties(problem):  # type: ignore[no-untyped-def]
    X, C, empty, tol, max_iter = problem
    steps = list(lloyd_steps(X, C, max_iter=max_iter, tol=tol, empty=empty))
    assert steps[0].phase is Phase.INIT and steps[0].labels is None
    np.testing.assert_array_equal(steps[0].centroids, C)
    # the run ends, within max_iter, with exactly one stop reason on the last step
    assert steps[-1].stop is not None
    assert all(s.stop is None for s in steps[:-1])
    assert steps[-1].iteration <= max_iter
    assert [s.index for s in steps] == list(range(len(steps)))
    prev = None
    for s in steps[1:]:
        assert s.inertia is not None
        # inertia is exactly what it claims: labels with these centroids
        assert s.inertia == pytest.approx(inertia(X, s.centroids, s.labels), rel=1e-9, abs=1e-9)
        if prev is not None:  # never increases
            assert s.inertia <= prev + 1e-9 * max(1.0, abs(prev))
        prev = s.inertia
        if s.phase is Phase.ASSIGN:
            # every label is an argmin of the distances to the centroids
            D = sq_distances(X, s.centroids)
            np.testing.assert_array_equal(D[np.arange(len(X)), s.labels], D.min(axis=1))
            np.testing.assert_array_equal(s.labels, np.argmin(D, axis=1))
        else:
            # every non-empty centroid is the mean of its points
            for j in range(len(C)):
                members = X[s.labels == j]
                if len(members):
                    np.testing.assert_allclose(s.centroids[j], members.mean(axis=0), rtol=1e-9, atol=1e-9)


def test_ties_go_to_the_lowest_index() -> None:
    X = np.array([[0.0, 0.0], [2.0, 0.0]])
    C = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 0.0]])
    # point 0 is at distance sqrt(2) from centroids 0 and 1 and 1 from centroid 2
    assert assign(X, C).tolist() == [2, 0]
    C2 = np.array([[1.0, 1.0], [1.0, -1.0]])
    assert assign(X, C2).tolist() == [0, 0]


def test_assign_by_hand() -> None:
    X = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 9.0], [6.0, 0.0]])
    C = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    assert assign(X, C).tolist() == [0, 1, 2, 1]


def test_update_means_and_keep() -> None:
    X = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0]])
    labels = np.array([0, 0, 1])
    C_old = np.array([[5.0, 5.0], [9.0, 9.0], [-3.0, 4.0]])
    C, lab, events = update(X, labels, C_old, empty="keep")
    np.testing.assert_array_equal(C, [[1.0, 0.0], [10.0, 10.0], [-3.0, 4.0]])
    assert lab.tolist() == [0, 0, 1]
    assert [(e.cluster, e.action) for e in events] == [(2, "kept")]


def test_update_relocates_the_farthest_point() -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 0.0], [10.0, 0.0]])
    labels = np.array([0, 0, 0, 0])
    C_old = np.array([[0.0, 0.0], [50.0, 50.0]])
    C, lab, events = update(X, labels, C_old, empty="relocate")
    # point 3 is farthest from its own centroid (0, 0): cluster 1 takes it
    assert [(e.cluster, e.action, e.point) for e in events] == [(1, "relocated", 3)]
    assert lab.tolist() == [0, 0, 0, 1]
    np.testing.assert_allclose(C, [[10.0 / 3, 0.0], [10.0, 0.0]])


def test_init_uniform_within_range_and_seeded() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1, 10, 100]
    C = init_centroids(X, 50, "uniform", random_state=5)
    assert C.shape == (50, 3)
    assert (C >= X.min(0)).all() and (C <= X.max(0)).all()
    np.testing.assert_array_equal(C, init_centroids(X, 50, "uniform", random_state=5))
    assert not np.array_equal(C, init_centroids(X, 50, "uniform", random_state=6))
    # it is the source material's np.random.uniform, with a seeded Generator
    expect = np.random.default_rng(5).uniform(X.min(0), X.max(0), size=(50, 3))
    np.testing.assert_array_equal(C, expect)


@pytest.mark.parametrize("method", ["random", "k-means++", "farthest"])
def test_init_picks_data_points(method: str) -> None:
    X = np.random.default_rng(1).normal(size=(100, 2))
    C = init_centroids(X, 5, method, random_state=3)
    rows = {tuple(r) for r in X}
    assert all(tuple(c) in rows for c in C)
    assert len({tuple(c) for c in C}) == 5
    np.testing.assert_array_equal(C, init_centroids(X, 5, method, random_state=3))


def test_farthest_picks_the_extremes() -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [100.0, 0.0], [50.0, 0.0]])
    C = init_centroids(X, 3, "farthest", random_state=0)
    first = C[0]
    far = X[np.argmax(((X - first) ** 2).sum(1))]
    np.testing.assert_array_equal(C[1], far)


def test_kmeanspp_spreads_out() -> None:
    # three tight far-apart groups: k-means++ almost surely seeds one per group
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(c, 0.01, size=(30, 2)) for c in ([0, 0], [100, 0], [0, 100])])
    for seed in range(10):
        C = init_centroids(X, 3, "k-means++", random_state=seed)
        groups = {int(np.argmin([np.hypot(*(c - g)) for g in ([0, 0], [100, 0], [0, 100])])) for c in C}
        assert groups == {0, 1, 2}


def test_bad_arguments() -> None:
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="n_samples=3 should be >= n_clusters=4"):
        init_centroids(X, 4)
    with pytest.raises(ValueError, match="unknown init"):
        init_centroids(X, 2, "bogus")
    with pytest.raises(ValueError, match="shape"):
        init_centroids(X, 2, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        assign(np.array([[np.nan, 0.0]]), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="1-D"):
        assign(np.zeros(3), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="features"):
        assign(X, np.zeros((1, 3)))
    with pytest.raises(ValueError, match="tol"):
        tolerance(X, -1)


# ------------------------------------------------------------------ edge cases


def _run(X, C, **kw):  # type: ignore[no-untyped-def]
    return list(lloyd_steps(X, C, **kw))


def test_all_points_identical() -> None:
    X = np.full((20, 2), 3.5)
    C = init_centroids(X, 3, "uniform", random_state=0)
    np.testing.assert_array_equal(C, np.full((3, 2), 3.5))
    steps = _run(X, C)
    last = steps[-1]
    assert last.stop is not None and last.inertia == 0.0
    np.testing.assert_array_equal(last.centroids, np.full((3, 2), 3.5))
    assert (last.labels == 0).all()


def test_k_above_distinct_points() -> None:
    X = np.array([[0.0, 0.0]] * 5 + [[4.0, 4.0]] * 5)
    C = np.array([[0.0, 0.0], [4.0, 4.0], [1.0, 1.0], [9.0, 9.0]])
    last = _run(X, C)[-1]
    assert last.converged and last.inertia == 0.0
    assert set(last.labels.tolist()) <= {0, 1, 2, 3}


def test_one_point() -> None:
    X = np.array([[1.0, -2.0]])
    steps = _run(X, init_centroids(X, 1, "uniform", random_state=0))
    assert steps[-1].converged
    np.testing.assert_array_equal(steps[-1].centroids, X)
    assert steps[-1].inertia == 0.0


@pytest.mark.parametrize("scale", [1e150, 1e-150])
def test_extreme_magnitudes(scale: float) -> None:
    rng = np.random.default_rng(4)
    base = np.concatenate([rng.normal(0, 1, (40, 2)), rng.normal(8, 1, (40, 2))])
    X = base * scale
    C = np.array([[0.0, 0.0], [8.0, 8.0]]) * scale
    last = _run(X, C)[-1]
    ref = _run(base, C / scale)[-1]
    assert last.converged
    np.testing.assert_array_equal(last.labels, ref.labels)
    np.testing.assert_allclose(last.centroids / scale, ref.centroids, rtol=1e-12)
    assert np.isfinite(last.inertia) and last.inertia > 0
    assert last.inertia / scale**2 == pytest.approx(ref.inertia, rel=1e-9)


def test_float32_input() -> None:
    rng = np.random.default_rng(2)
    X64 = rng.normal(size=(100, 2))
    X32 = X64.astype(np.float32)
    C = X64[:3].astype(np.float32)
    last = _run(X32, C)[-1]
    ref = _run(X32.astype(np.float64), C.astype(np.float64))[-1]
    assert last.centroids.dtype == np.float64
    np.testing.assert_array_equal(last.labels, ref.labels)


def test_stop_reasons() -> None:
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(c, 1.0, (50, 2)) for c in (0, 6, 12)])
    C = X[:3].copy()
    assert _run(X, C)[-1].stop is StopReason.LABELS
    steps = _run(X, C, max_iter=1)
    assert steps[-1].stop is StopReason.MAX_ITER
    assert [s.phase for s in steps] == [Phase.INIT, Phase.ASSIGN, Phase.UPDATE, Phase.ASSIGN]
    assert _run(X, C, tol=10.0)[-1].stop is StopReason.TOL


def test_first_assign_changes_every_label_and_step_shapes() -> None:
    X = np.random.default_rng(3).normal(size=(30, 2))
    steps = _run(X, X[:3])
    assert steps[1].changed == 30
    upd = steps[2]
    assert upd.phase is Phase.UPDATE and upd.moves.shape == (3,)
    assert upd.shift == pytest.approx(float((upd.moves**2).sum()))
    with pytest.raises(ValueError):
        upd.centroids[0, 0] = 1.0  # steps are frozen snapshots


def test_inertia_per_cluster_adds_up() -> None:
    from kmtui.engine.steps import inertia_per_cluster

    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 2))
    C = X[:4].copy()
    labels = assign(X, C)
    per = inertia_per_cluster(X, C, labels)
    assert per.shape == (4,)
    assert per.sum() == pytest.approx(inertia(X, C, labels), rel=1e-12)
    for j in range(4):
        assert per[j] == pytest.approx(((X[labels == j] - C[j]) ** 2).sum(), rel=1e-12)
