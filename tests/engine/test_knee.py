"""Kneedle (kmtui.engine.knee) against kneed.KneeLocator, the reference."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmtui.engine.knee import KneeResult, knee, kneedle
from kmtui.errors import InputError

kneed = pytest.importorskip("kneed")


def kneed_locator(ks, inertia, S=1.0):
    with warnings.catch_warnings():
        # kneed divides 0 by 0 on flat curves and single points
        warnings.simplefilter("ignore")
        return kneed.KneeLocator(
            ks,
            inertia,
            S=S,
            curve="convex",
            direction="decreasing",
            interp_method="interp1d",
            online=False,
        )


def kneed_knee(ks, inertia, S=1.0):
    return kneed_locator(ks, inertia, S).knee


def _noisy(seed: int, n: int = 10, noise: float = 0.05) -> tuple[list[int], list[float]]:
    rng = np.random.default_rng(seed)
    ks = np.arange(1, n + 1)
    base = 1000.0 / ks**1.5
    return ks.tolist(), (base * (1 + noise * rng.standard_normal(n))).tolist()


# name -> (ks, inertia, the knee kmtui must give; kneed must agree)
CORPUS: dict[str, tuple[list[float], list[float], float | None]] = {
    # the source material's elbow curve: Kneedle says 2, and so do we
    "source-material-k1-7": (
        [1, 2, 3, 4, 5, 6, 7], [650, 225, 150, 130, 115, 105, 100], 2),
    "source-material-k1-5": ([1, 2, 3, 4, 5], [650, 225, 150, 130, 115], 2),
    "classic-elbow-at-3": (
        list(range(1, 11)), [1000, 600, 200, 170, 150, 135, 125, 118, 112, 108], 3),
    "classic-elbow-at-4": (
        list(range(1, 11)), [900, 700, 500, 150, 130, 115, 105, 98, 93, 90], 4),
    "one-over-k": (list(range(1, 11)), [1 / k for k in range(1, 11)], 3),
    "exponential-decay": (
        list(range(1, 11)), [float(np.exp(-0.5 * k)) for k in range(1, 11)], 4),
    "seven-to-half": (
        list(range(0, 10)), [7.0, 4.0, 2.0, 1.2, 0.9, 0.7, 0.6, 0.55, 0.5, 0.45], 3),
    "straight-line": ([1, 2, 3, 4, 5, 6], [60, 50, 40, 30, 20, 10], None),
    "concave-decreasing": (
        list(range(1, 8)), [100, 99, 97, 93, 85, 69, 37], 1),  # kneed's quirk: first point
    "increasing": ([1, 2, 3, 4, 5], [1, 2, 4, 8, 16], 1),  # ditto
    "flat": ([1, 2, 3, 4], [5, 5, 5, 5], None),
    "one-point": ([3], [12.5], None),
    "two-points-decreasing": ([1, 2], [10, 1], None),
    "two-points-increasing": ([1, 2], [1, 10], 1),  # kneed's quirk, kept
    "two-points-flat": ([1, 2], [4, 4], None),
    # the drop after the maximum (0.45) is less than S * mean step (0.5)
    "three-points-elbow": ([1, 2, 3], [100, 10, 5], None),
    "three-points-line": ([1, 2, 3], [30, 20, 10], None),
    "plateau-after-elbow": ([1, 2, 3, 4, 5, 6], [100, 20, 20, 20, 20, 20], 2),
    "plateau-in-difference": (
        [1, 2, 3, 4, 5, 6, 7], [100, 40, 20, 10, 5, 2.5, 1.25], 3),
    "step-then-plateau": ([1, 2, 3, 4, 5, 6], [100, 100, 100, 10, 10, 10], 1),
    "equal-drops-then-flat": ([1, 2, 3, 4, 5, 6, 7], [70, 60, 50, 40, 40, 40, 40], 4),
    "non-unit-spacing-powers-of-2": ([1, 2, 4, 8, 16, 32], [500, 260, 120, 60, 40, 35], 8),
    "non-unit-spacing-even": (
        [2, 4, 6, 8, 10, 12, 14], [800, 300, 150, 120, 100, 90, 85], 6),
    "float-ks": ([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [90, 40, 20, 15, 12, 10], 1.5),
    "ks-start-at-zero": ([0, 1, 2, 3, 4, 5], [50, 20, 8, 6, 5, 4.5], 2),
    "nan-inertia": ([1, 2, 3, 4, 5], [650, 225, float("nan"), 130, 115], None),
    "inf-inertia": ([1, 2, 3, 4, 5], [float("inf"), 225, 150, 130, 115], None),
    "huge-values": (list(range(1, 8)), [6.5e12, 2.25e12, 1.5e12, 1.3e12, 1.15e12, 1.05e12, 1e12], 2),
    "tiny-values": (list(range(1, 8)), [6.5e-9, 2.25e-9, 1.5e-9, 1.3e-9, 1.15e-9, 1.05e-9, 1e-9], 2),
}
for _seed in range(6):
    CORPUS[f"noisy-seed-{_seed}"] = (*_noisy(_seed), kneed_knee(*_noisy(_seed)))
CORPUS["very-noisy-seed-7"] = (*_noisy(7, 12, 0.3), kneed_knee(*_noisy(7, 12, 0.3)))


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_matches_kneed(name: str) -> None:
    ks, inertia, expected = CORPUS[name]
    assert knee(ks, inertia) == expected
    assert knee(ks, inertia) == kneed_knee(ks, inertia)


def test_corpus_is_large_and_varied() -> None:
    answers = [expected for _, _, expected in CORPUS.values()]
    assert len(CORPUS) >= 20
    assert answers.count(None) >= 5
    assert len({a for a in answers if a is not None}) >= 4


def test_design_example_is_two_not_three() -> None:
    # design.md's example comment says 3 for this curve; Kneedle (and kneed) say 2
    assert knee([1, 2, 3, 4, 5], [650, 225, 150, 130, 115]) == 2


@pytest.mark.parametrize("S", [0.0, 0.5, 1.0, 2.0, 3.0, 10.0])
@pytest.mark.parametrize(
    "name", ["source-material-k1-7", "classic-elbow-at-4", "one-over-k", "noisy-seed-3",
             "very-noisy-seed-7", "non-unit-spacing-powers-of-2"]
)
def test_sensitivity_matches_kneed(name: str, S: float) -> None:
    ks, inertia, _ = CORPUS[name]
    assert knee(ks, inertia, S=S) == kneed_knee(ks, inertia, S=S)


def test_larger_sensitivity_can_remove_the_knee() -> None:
    ks, inertia, _ = CORPUS["source-material-k1-7"]
    assert knee(ks, inertia, S=1.0) == 2
    assert knee(ks, inertia, S=10.0) is None


# --- real K-Means inertia -------------------------------------------------

def _sklearn_elbow(X: np.ndarray) -> tuple[list[int], list[float]]:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    ks = list(range(1, 11))
    # one thread: OpenMP threads crawl when other test runs share the cores
    with threadpool_limits(1):
        return ks, [KMeans(n_clusters=k, n_init=2, random_state=0).fit(X).inertia_ for k in ks]


@pytest.fixture(scope="module")
def real_curves() -> dict[str, tuple[list[int], list[float]]]:
    datasets = pytest.importorskip("sklearn.datasets")
    X3, _ = datasets.make_blobs(300, centers=3, cluster_std=0.6, random_state=7)
    X5, _ = datasets.make_blobs(400, centers=5, cluster_std=0.5, random_state=1)
    moons, _ = datasets.make_moons(200, noise=0.05, random_state=0)
    iris = datasets.load_iris().data
    wine = datasets.load_wine().data
    return {
        "blobs-3": _sklearn_elbow(X3),
        "blobs-5": _sklearn_elbow(X5),
        "moons": _sklearn_elbow(moons),
        "iris": _sklearn_elbow(iris),
        "iris-petals": _sklearn_elbow(iris[:, 2:]),
        "wine": _sklearn_elbow(wine),
    }


def test_real_kmeans_curves_match_kneed(real_curves) -> None:
    for name, (ks, inertia) in real_curves.items():
        assert knee(ks, inertia) == kneed_knee(ks, inertia), name
        assert np.array_equal(
            kneedle(ks, inertia).difference, kneed_locator(ks, inertia).y_difference
        ), name


def test_real_kmeans_well_separated_blobs_give_their_count(real_curves) -> None:
    assert knee(*real_curves["blobs-3"]) == 3
    assert knee(*real_curves["iris"]) in (2, 3)


# --- the detail the app draws ---------------------------------------------

@pytest.mark.parametrize("name", list(CORPUS))
def test_result_arrays_match_kneed(name: str) -> None:
    ks, inertia, _ = CORPUS[name]
    ours = kneedle(ks, inertia)
    ref = kneed_locator(ks, inertia)
    np.testing.assert_array_equal(ours.x_normalized, ref.x_normalized)
    np.testing.assert_array_equal(ours.y_normalized, ref.y_normalized)
    np.testing.assert_array_equal(ours.difference, ref.y_difference)
    np.testing.assert_array_equal(ours.maxima, ref.maxima_indices)
    np.testing.assert_array_equal(ours.thresholds, ref.Tmx)
    assert ours.knee == ref.knee
    if ours.knee is None:
        assert ours.knee_index is None and ours.threshold is None
    else:
        assert ks[ours.knee_index] == ours.knee
        assert ours.knee_index in ours.maxima
        assert ours.x_normalized[ours.knee_index] == ref.norm_knee


def test_result_for_the_source_material_curve() -> None:
    r = kneedle([1, 2, 3, 4, 5, 6, 7], [650, 225, 150, 130, 115, 105, 100])
    assert r.knee == 2 and r.knee_index == 1
    np.testing.assert_allclose(r.x_normalized, np.arange(7) / 6)
    np.testing.assert_allclose(r.y_normalized, (650 - np.array([650, 225, 150, 130, 115, 105, 100])) / 550)
    assert r.difference[0] == 0.0 and r.difference[-1] == 0.0
    assert r.maxima.tolist() == [1]
    # threshold: the maximum's value minus S * mean x step (1/6)
    assert r.threshold == pytest.approx(r.difference[1] - 1 / 6)
    # the first drop below it comes at K=5; the knee is the maximum before it
    assert np.all(r.difference[2:4] >= r.threshold) and r.difference[4] < r.threshold
    assert r.S == 1.0


def test_result_is_frozen_and_read_only() -> None:
    r = kneedle([1, 2, 3, 4, 5], [650, 225, 150, 130, 115])
    assert isinstance(r, KneeResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.knee = 4  # type: ignore[misc]
    with pytest.raises(ValueError):
        r.difference[0] = 1.0
    # eq=False: compares by identity, never element-wise (safe in a Textual reactive)
    assert r != kneedle([1, 2, 3, 4, 5], [650, 225, 150, 130, 115])
    assert r == r


def test_inputs_are_not_modified() -> None:
    ks = np.array([1, 2, 3, 4, 5])
    y = np.array([650.0, 225, 150, 130, 115])
    kneedle(ks, y)
    assert ks.tolist() == [1, 2, 3, 4, 5] and y.tolist() == [650, 225, 150, 130, 115]


def test_no_warnings_on_degenerate_curves() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert knee([1, 2, 3], [5, 5, 5]) is None
        assert knee([4], [1]) is None
        assert knee([1, 2, 3], [1, float("nan"), 0]) is None
        assert knee([1, 2, 3], [float("inf"), 2, 1]) is None


# --- types ----------------------------------------------------------------

def test_knee_keeps_the_type_of_ks() -> None:
    y = [650, 225, 150, 130, 115, 105, 100]
    assert type(knee([1, 2, 3, 4, 5, 6, 7], y)) is int
    assert type(knee(np.arange(1, 8, dtype=np.int32), y)) is int
    assert type(knee(np.arange(1, 8, dtype=np.int64), np.array(y, dtype=np.float32))) is int
    k = knee([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], y)
    assert type(k) is float and k == 2.0


# --- validation -----------------------------------------------------------

@pytest.mark.parametrize(
    ("ks", "inertia", "S", "message"),
    [
        ([1, 2, 3], [3, 2], 1.0, "same length, got 3 and 2"),
        ([], [], 1.0, "empty"),
        ([1, 3, 2], [3, 2, 1], 1.0, "strictly increasing"),
        ([1, 2, 2, 3], [4, 3, 2, 1], 1.0, "strictly increasing"),
        ([3, 2, 1], [3, 2, 1], 1.0, "strictly increasing"),
        ([1, float("nan"), 3], [3, 2, 1], 1.0, "finite"),
        ([1, 2, float("inf")], [3, 2, 1], 1.0, "finite"),
        ([[1, 2], [3, 4]], [3, 2], 1.0, "one-dimensional"),
        ([1, 2], [[3, 2]], 1.0, "one-dimensional"),
        (["a", "b"], [3, 2], 1.0, "ks must be numbers"),
        ([1, 2], ["x", 2], 1.0, "inertia must be numbers"),
        ([1, 2, 3], [3, 2, 1], -1.0, "S must be"),
        ([1, 2, 3], [3, 2, 1], float("nan"), "S must be"),
        ([1, 2, 3], [3, 2, 1], "1", "S must be a number"),
    ],
)
def test_bad_input_raises(ks, inertia, S, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        knee(ks, inertia, S=S)
    assert isinstance(info.value, ValueError)


# --- property: random decreasing, convex-ish curves ------------------------

@st.composite
def elbow_curves(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(2, 15))
    gaps = draw(st.lists(st.integers(1, 4), min_size=n - 1, max_size=n - 1))
    start = draw(st.integers(0, 3))
    ks = np.concatenate([[start], start + np.cumsum(gaps)]).astype(int).tolist()
    # decreasing drops with occasional repeats (ties and plateaus)
    drops = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 40.0]),
                          min_size=n - 1, max_size=n - 1))
    if draw(st.booleans()):
        drops = sorted(drops, reverse=True)  # convex
    jitter = draw(st.lists(st.floats(-0.5, 0.5), min_size=n - 1, max_size=n - 1))
    drops = [max(d + j * d, 0.0) for d, j in zip(drops, jitter, strict=True)]
    y = (100.0 + np.concatenate([[0.0], -np.cumsum(drops)])).tolist()
    return ks, y


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elbow_curves(), st.sampled_from([0.5, 1.0, 1.0, 1.0, 2.0]))
def test_property_matches_kneed_on_elbow_curves(curve, S: float) -> None:
    ks, y = curve
    ours = kneedle(ks, y, S=S)
    ref = kneed_locator(ks, y, S=S)
    assert ours.knee == ref.knee
    if ours.knee is not None:
        assert ours.knee in ks
        assert ours.knee_index not in (len(ks) - 1,)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(-5, 5).map(float), st.floats(-1e6, 1e6, allow_nan=False)),
        min_size=1, max_size=12,
    )
)
def test_property_matches_kneed_on_any_curve(y: list[float]) -> None:
    # not only elbows: bumps, rises and ties must follow kneed too
    ks = list(range(1, len(y) + 1))
    assert knee(ks, y) == kneed_knee(ks, y)


def test_pure_module_imports_only_numpy() -> None:
    code = (
        "import sys, kmtui.engine.knee, kmtui.engine.metrics\n"
        "bad = {'scipy', 'pandas', 'sklearn', 'kneed', 'textual', 'rich', 'plotext'}\n"
        "print(sorted(bad & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
