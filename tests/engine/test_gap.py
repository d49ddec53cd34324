"""The gap statistic beside Kneedle: the numbers against a direct computation, and the verdict."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine import KMeans
from kmtui.engine.elbow import Cancelled, elbow, verdict
from kmtui.engine.gap import choose_k, gap_statistic, reference_sets


def _small_blobs() -> np.ndarray:
    rng = np.random.default_rng(11)
    centres = np.array([(0.0, 0.0), (6.0, 0.0), (3.0, 5.0)])
    return np.concatenate([c + rng.normal(scale=0.7, size=(20, 2)) for c in centres])


def _direct(X: np.ndarray, seed: int, ks: list[int], n_init: int, B: int, m: int,
            tol: float) -> dict[str, list[float]]:
    """The gap statistic as the paper defines it, computed plainly with kmtui's KMeans.

    One generator, in elbow's documented order: the data's fits K by K, then for
    each reference set its m uniform points over the bounding box and its fits.
    """
    rng = np.random.default_rng(seed)

    def fit(data: np.ndarray, k: int) -> float:
        return KMeans(k, init="k-means++", n_init=n_init, tol=tol, random_state=rng).fit(data).inertia_

    W = [fit(X, k) for k in ks]
    log_ref = []
    for _ in range(B):
        R = rng.uniform(X.min(axis=0), X.max(axis=0), size=(m, X.shape[1]))
        log_ref.append([math.log(fit(R, k) * len(X) / m) for k in ks])
    L = np.array(log_ref)
    gap = L.mean(axis=0) - np.log(W)
    sd = np.sqrt(((L - L.mean(axis=0)) ** 2).mean(axis=0)) * math.sqrt(1 + 1 / B)
    return {"W": W, "gap": list(gap), "sd": list(sd), "reference": list(np.exp(L.mean(axis=0)))}


@pytest.mark.parametrize(("max_ref_points", "tol"), [(2000, 0.0), (2000, 1e-4), (25, 1e-4)])
def test_gap_equals_a_direct_computation(max_ref_points: int, tol: float) -> None:
    X = _small_blobs()
    curve = elbow(X, k_max=5, n_init=4, random_state=7, n_refs=10, max_ref_points=max_ref_points, tol=tol)
    m = min(len(X), max_ref_points)
    want = _direct(X, 7, [1, 2, 3, 4, 5], n_init=4, B=10, m=m, tol=tol)
    assert curve.ref_points == m and curve.n_refs == 10
    np.testing.assert_allclose(curve.inertia, want["W"], rtol=1e-12)
    assert curve.gap is not None and curve.gap_sd is not None and curve.reference is not None
    np.testing.assert_allclose(curve.gap, want["gap"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(curve.gap_sd, want["sd"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(curve.reference, want["reference"], rtol=1e-10)
    # the rule, spelled out: the smallest K with gap(K) >= gap(K+1) - s(K+1)
    g, s = want["gap"], want["sd"]
    expected_k = next(k for k in range(1, 5) if g[k - 1] >= g[k] - s[k])
    assert curve.gap_k == expected_k
    if m == len(X):  # the full-size references find the three groups
        assert curve.gap_k == 3 and curve.knee == 3 and curve.verdict == "clear"


def test_references_are_uniform_over_the_bounding_box() -> None:
    X = np.array([[0.0, 10.0], [2.0, 30.0], [1.0, 20.0]] * 100)
    refs = reference_sets(X, 3, np.random.default_rng(0), max_points=120)
    assert len(refs) == 3 and all(r.shape == (120, 2) for r in refs)
    for r in refs:
        assert r[:, 0].min() >= 0 and r[:, 0].max() <= 2 and r[:, 1].min() >= 10 and r[:, 1].max() <= 30
    a, b = reference_sets(X, 2, np.random.default_rng(5)), reference_sets(X, 2, np.random.default_rng(5))
    np.testing.assert_array_equal(a[1], b[1])  # seeded


def test_choose_k_and_the_verdict() -> None:
    assert choose_k([1, 2, 3, 4], [0.0, 1.0, 2.0, 1.9], [0.1] * 4) == 3
    assert choose_k([1, 2, 3], [0.0, 0.05, 0.0], [0.1] * 3) == 1
    assert choose_k([1, 2, 3], [0.0, 1.0, 2.0], [0.1] * 3) is None  # still rising at the last K
    assert verdict(3, 3) == "clear"
    assert verdict(4, 1) == "none" and verdict(None, 1) == "none"
    assert verdict(2, 3) == "unclear" and verdict(None, 3) == "unclear" and verdict(2, None) == "unclear"
    stat = gap_statistic([1, 2, 3], [100.0, 10.0, 9.0], [[100.0, 50.0, 40.0], [100.0, 50.0, 40.0]])
    assert stat.gap[0] == pytest.approx(0.0) and stat.gap[1] == pytest.approx(math.log(5.0))
    assert stat.gap_sd == pytest.approx([0.0, 0.0, 0.0], abs=1e-15) and stat.k == 2 and stat.n_refs == 2
    assert stat.reference == pytest.approx([100.0, 50.0, 40.0])


def _app_elbow(name: str, seed: int) -> tuple[int | None, int | None, str | None]:
    # exactly the app's call (kmtui.ui.widgets.elbow)
    c = elbow(select(load_dataset(name)).X, k_max=10, n_init=10, init="k-means++", random_state=seed)
    return c.knee, c.gap_k, c.verdict


QUICK_SEEDS = {0, 3, 11}
"""Seeds the quick loop (``-m "not slow"``) checks; the full run checks all 21."""
SEEDS = [pytest.param(seed, marks=() if seed in QUICK_SEEDS else pytest.mark.slow) for seed in range(21)]


@pytest.mark.parametrize("seed", SEEDS)
def test_blobs_is_clear_at_three_for_every_seed(seed: int) -> None:
    assert _app_elbow("blobs", seed) == (3, 3, "clear")


@pytest.mark.parametrize("seed", SEEDS)
def test_uniform_has_no_structure_for_every_seed(seed: int) -> None:
    # the gap statistic says "no groups" where Kneedle still sees a bend (at 4 on
    # every seed): the reason the verdict needs both
    knee, gap_k, v = _app_elbow("uniform", seed)
    assert gap_k == 1 and v == "none"
    assert knee is not None and knee > 1, "Kneedle still sees a bend"


@pytest.mark.parametrize("seed", SEEDS)
def test_default_tol_agrees_with_tol_zero_on_blobs(seed: int) -> None:
    # scikit-learn's default tol for the sweep. Where the groups are (K <= 3) the
    # curve agrees with running every fit to the end to 1e-3; above, a run stopped
    # early can end in another local minimum (measured over 21 seeds: at most 6e-3,
    # seed 3, K=8)
    X = select(load_dataset("blobs")).X
    fast = elbow(X, random_state=seed)
    exact = elbow(X, random_state=seed, tol=0.0)
    assert fast.tol == 1e-4 and exact.tol == 0.0
    np.testing.assert_allclose(fast.inertia[:3], exact.inertia[:3], rtol=1e-3)
    np.testing.assert_allclose(fast.inertia, exact.inertia, rtol=1e-2)
    assert (fast.knee, fast.gap_k, fast.verdict) == (exact.knee, exact.gap_k, exact.verdict) == (3, 3, "clear")


def test_band_is_the_spread_of_the_restarts() -> None:
    X = _small_blobs()
    curve = elbow(X, k_max=4, n_init=6, random_state=3, gap=False)
    rng = np.random.default_rng(3)
    from kmtui.engine._lloyd import _lloyd_final, _tolerance
    from kmtui.engine.seeding import _init_centroids

    for i, k in enumerate(curve.ks):
        runs = [_lloyd_final(X, _init_centroids(X, k, "k-means++", rng), 300, _tolerance(X, 1e-4),
                             "relocate").inertia for _ in range(6)]
        assert curve.inertia_min[i] == curve.inertia[i] == pytest.approx(min(runs), rel=1e-12)
        assert curve.inertia_max[i] == pytest.approx(max(runs), rel=1e-12)
    assert all(lo <= hi for lo, hi in zip(curve.inertia_min, curve.inertia_max, strict=True))


def test_progress_counts_the_references_and_cancel_stops_them() -> None:
    X = _small_blobs()
    seen: list[tuple[int, int]] = []
    elbow(X, k_max=4, n_init=3, n_refs=10, random_state=0, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4 * 3 * 11, 4 * 3 * 11) and len(seen) == 4 * 3 * 11
    assert [d for d, _ in seen] == list(range(1, 4 * 3 * 11 + 1))
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > 8  # after the data's 4 K (one poll per K, the runs are stacked), in the references

    with pytest.raises(Cancelled):
        elbow(X, k_max=4, n_init=3, n_refs=10, random_state=0, cancelled=cancelled)
    assert polls == 9


def test_without_the_gap_and_with_one_k() -> None:
    X = _small_blobs()
    plain = elbow(X, k_max=4, random_state=0, gap=False)
    assert plain.gap is None and plain.gap_k is None and plain.verdict is None and plain.n_refs == 0
    with_gap = elbow(X, k_max=4, random_state=0)
    assert with_gap.inertia == plain.inertia, "the references come after the data's runs"
    one = elbow(X, k_min=3, k_max=3, random_state=0)
    assert one.gap is None and one.verdict is None


def test_to_dict_has_the_new_keys_as_json() -> None:
    doc = json.loads(json.dumps(elbow(_small_blobs(), k_max=5, random_state=0).to_dict(), allow_nan=False))
    for key in ("reference", "gap", "gap_sd", "gap_k", "verdict", "inertia_min", "inertia_max"):
        assert key in doc
    assert len(doc["gap"]) == len(doc["ks"]) == 5 and doc["verdict"] == "clear"
