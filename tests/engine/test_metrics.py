"""crosstab and the scores beside it, against pandas, scikit-learn and scipy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmtui.engine.metrics import adjusted_rand_score, crosstab, match_clusters, purity
from kmtui.errors import InputError

pd = pytest.importorskip("pandas")
sk_metrics = pytest.importorskip("sklearn.metrics")
linear_sum_assignment = pytest.importorskip("scipy.optimize").linear_sum_assignment


def _random_pair(seed: int, n: int, k_pred: int, k_true: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, k_pred, n), rng.integers(0, k_true, n)


def _iris_like() -> tuple[np.ndarray, np.ndarray]:
    species = np.repeat(np.array(["setosa", "versicolor", "virginica"]), 50)
    clusters = np.repeat([1, 0, 2], 50)
    clusters[60:62] = 2  # a few versicolor land in the virginica cluster
    clusters[110:124] = 0
    return clusters, species


# name -> (pred, true)
PAIRS: dict[str, tuple[object, object]] = {
    "small-ints": ([0, 0, 1, 1, 1], [0, 1, 1, 1, 2]),
    "ints-vs-strings": ([0, 0, 1, 1, 1], ["a", "b", "b", "b", "c"]),
    "strings-both": (["x", "y", "x", "z"], ["b", "a", "a", "b"]),
    "iris-like": _iris_like(),
    "pred-label-only-in-pred": ([0, 1, 2, 3, 3], [0, 1, 2, 2, 2]),  # 3 is no true label
    "true-label-only-in-true": ([0, 0, 1, 1], [0, 5, 1, 7]),
    "single-cluster": ([4, 4, 4, 4, 4], ["a", "b", "a", "c", "a"]),
    "single-everything": ([1, 1, 1], [2, 2, 2]),
    "one-sample": ([9], ["q"]),
    "k8-random": _random_pair(8, 500, 8, 8),
    "k8-vs-3": _random_pair(3, 400, 8, 3),
    "negative-and-gaps": ([-3, 10, -3, 7, 10, 10], [100, -1, -1, 100, 5, 5]),
    "unsorted-strings": (
        ["zeta", "alpha", "Mid", "alpha", "zeta"], ["b", "B", "a", "b", "A"]),
    "bools": ([True, False, True, True], [False, False, True, True]),
    "object-strings": (
        np.array(["p", "q", "p"], dtype=object), pd.Series(["u", "v", "v"]).to_numpy()),
    "float-labels": ([0.5, 1.5, 0.5, 2.5], [1.0, 1.0, 2.0, 2.0]),
    "pandas-series": (pd.Series([2, 1, 2, 0]), pd.Series(["c", "a", "c", "a"])),
}


def _pandas(pred, true):
    ct = pd.crosstab(np.asarray(pred), np.asarray(true))
    return ct.to_numpy(), list(ct.index), list(ct.columns)


@pytest.mark.parametrize("name", list(PAIRS))
def test_crosstab_matches_pandas(name: str) -> None:
    pred, true = PAIRS[name]
    table, rows, cols = crosstab(pred, true)
    ref_table, ref_rows, ref_cols = _pandas(pred, true)
    assert table.dtype == np.int64
    assert table.shape == (len(rows), len(cols))
    np.testing.assert_array_equal(table, ref_table)
    assert rows.tolist() == ref_rows
    assert cols.tolist() == ref_cols
    assert table.sum() == len(pred)


def test_crosstab_values_by_hand() -> None:
    table, rows, cols = crosstab([0, 0, 1, 1, 1], ["a", "b", "b", "b", "c"])
    assert table.tolist() == [[1, 1, 0], [0, 2, 1]]
    assert rows.tolist() == [0, 1]
    assert cols.tolist() == ["a", "b", "c"]


def test_crosstab_iris_like_counts() -> None:
    table, rows, cols = crosstab(*_iris_like())
    assert cols.tolist() == ["setosa", "versicolor", "virginica"]
    assert table.tolist() == [[0, 48, 14], [50, 0, 0], [0, 2, 36]]


def test_crosstab_drops_missing_labels_like_pandas() -> None:
    pred = np.array([1.0, np.nan, 2.0, 2.0, 1.0])
    true = np.array(["a", "b", "a", None, None], dtype=object)
    table, rows, cols = crosstab(pred, true)
    ref = pd.crosstab(pred, true)
    np.testing.assert_array_equal(table, ref.to_numpy())
    assert rows.tolist() == list(ref.index) == [1.0, 2.0]
    assert cols.tolist() == list(ref.columns) == ["a"]


def test_crosstab_empty() -> None:
    table, rows, cols = crosstab(np.array([], dtype=int), np.array([], dtype=int))
    assert table.shape == (0, 0) and table.dtype == np.int64
    assert rows.size == 0 and cols.size == 0
    assert pd.crosstab(np.array([], dtype=int), np.array([], dtype=int)).shape == (0, 0)


def test_crosstab_large_matches_pandas() -> None:
    rng = np.random.default_rng(11)
    pred = rng.integers(0, 8, 200_000)
    true = np.where(rng.random(200_000) < 0.8, pred % 3, rng.integers(0, 3, 200_000))
    table, rows, cols = crosstab(pred, true)
    ref_table, ref_rows, ref_cols = _pandas(pred, true)
    np.testing.assert_array_equal(table, ref_table)
    assert rows.tolist() == ref_rows and cols.tolist() == ref_cols


def test_crosstab_object_strings_match_pandas() -> None:
    # strings as pandas hands them over (object dtype) take the dict path
    rng = np.random.default_rng(3)
    names = np.array(["virginica", "setosa", "versicolor", "Setosa", ""], dtype=object)
    true = pd.Series(names[rng.integers(0, 5, 50_000)])
    pred = pd.Series(np.array(["c2", "c0", "c1"], dtype=object)[rng.integers(0, 3, 50_000)])
    table, rows, cols = crosstab(pred, true)
    ref = pd.crosstab(pred.to_numpy(), true.to_numpy())
    np.testing.assert_array_equal(table, ref.to_numpy())
    assert rows.tolist() == list(ref.index) == ["c0", "c1", "c2"]
    assert cols.tolist() == list(ref.columns) == ["", "Setosa", "setosa", "versicolor", "virginica"]
    # the same answer as for fixed-width strings
    table_u, _, cols_u = crosstab(pred.to_numpy(str), true.to_numpy(str))
    np.testing.assert_array_equal(table, table_u)
    assert cols_u.tolist() == cols.tolist()


def test_crosstab_million_labels_sums_right() -> None:
    rng = np.random.default_rng(5)
    pred = rng.integers(0, 10, 1_000_000)
    true = rng.integers(0, 3, 1_000_000)
    table, rows, cols = crosstab(pred, true)
    assert table.shape == (10, 3) and table.sum() == 1_000_000
    np.testing.assert_array_equal(table.sum(axis=1), np.bincount(pred))
    np.testing.assert_array_equal(table.sum(axis=0), np.bincount(true))
    assert table[4, 2] == np.count_nonzero((pred == 4) & (true == 2))


@pytest.mark.parametrize(
    ("pred", "true", "message"),
    [
        ([0, 1, 2], [0, 1], "same length, got 3 and 2"),
        ([[0, 1]], [0, 1], "pred_labels must be one-dimensional"),
        ([0, 1], [[0, 1]], "true_labels must be one-dimensional"),
        (np.array([0, "a", 1], dtype=object), [0, 1, 2], "cannot be sorted"),
        (np.arange(5000), np.arange(5000), "too many distinct labels"),
    ],
)
def test_crosstab_bad_input(pred, true, message: str) -> None:
    with pytest.raises(InputError, match=message):
        crosstab(pred, true)


# --- purity ---------------------------------------------------------------

def _sk_purity(pred, true) -> float:
    # rows: true classes, columns: clusters
    c = sk_metrics.cluster.contingency_matrix(np.asarray(true), np.asarray(pred))
    return c.max(axis=0).sum() / c.sum()


@pytest.mark.parametrize("name", [n for n in PAIRS])
def test_purity_matches_sklearn_contingency(name: str) -> None:
    pred, true = PAIRS[name]
    assert purity(pred, true) == pytest.approx(_sk_purity(pred, true), rel=1e-15)


@pytest.mark.parametrize("seed", range(15))
def test_purity_random_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pred, true = _random_pair(seed, int(rng.integers(1, 400)), int(rng.integers(1, 9)), int(rng.integers(1, 6)))
    assert purity(pred, true) == pytest.approx(_sk_purity(pred, true), rel=1e-15)


def test_purity_values() -> None:
    assert purity([0, 0, 1, 1], ["a", "a", "b", "b"]) == 1.0
    assert purity([0, 0, 0, 0], ["a", "a", "b", "c"]) == 0.5
    assert purity(*_iris_like()) == pytest.approx((48 + 50 + 36) / 150)
    # every sample its own cluster: trivially pure
    assert purity([0, 1, 2, 3], ["a", "a", "b", "b"]) == 1.0


def test_purity_rejects_empty_and_missing() -> None:
    with pytest.raises(InputError, match="at least one label"):
        purity([], [])
    with pytest.raises(InputError, match="missing"):
        purity([0.0, np.nan], [1, 1])


# --- adjusted Rand index -------------------------------------------------

@pytest.mark.filterwarnings("ignore:Clustering metrics expects discrete values")
@pytest.mark.parametrize("name", list(PAIRS))
def test_ari_matches_sklearn_on_corpus(name: str) -> None:
    pred, true = PAIRS[name]
    expected = sk_metrics.adjusted_rand_score(np.asarray(true), np.asarray(pred))
    assert adjusted_rand_score(pred, true) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 60).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 7), min_size=n, max_size=n),
            st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=n, max_size=n),
        )
    )
)
def test_ari_matches_sklearn_property(pair) -> None:
    pred, true = pair
    expected = sk_metrics.adjusted_rand_score(true, pred)
    assert adjusted_rand_score(pred, true) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", range(15))
def test_ari_random_pairs(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 2000))
    pred, true = _random_pair(seed, n, int(rng.integers(1, 9)), int(rng.integers(1, 9)))
    # make some of them agree, so the scores are not all near 0
    agree = rng.random(n) < rng.random()
    true = np.where(agree, (pred * 3) % 7, true)
    expected = sk_metrics.adjusted_rand_score(true, pred)
    assert adjusted_rand_score(pred, true) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_ari_values_and_edge_cases() -> None:
    assert adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_score([0, 0, 1, 1], ["x", "x", "y", "y"]) == 1.0
    assert adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
    assert adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.5714285714285714)
    assert adjusted_rand_score([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0
    assert adjusted_rand_score([3, 3, 3], [1, 1, 1]) == 1.0
    assert adjusted_rand_score([0, 1, 2], [5, 6, 7]) == 1.0
    assert adjusted_rand_score([], []) == 1.0 == sk_metrics.adjusted_rand_score([], [])
    assert adjusted_rand_score([0, 1, 0, 1], [0, 0, 1, 1]) == adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1])


def test_ari_no_overflow_on_large_input() -> None:
    # n**2 and tp * tn overflow int64 here; sklearn uses Python ints, so must we
    rng = np.random.default_rng(2)
    n = 300_000
    pred = rng.integers(0, 3, n)
    true = np.where(rng.random(n) < 0.9, pred, rng.integers(0, 3, n))
    expected = sk_metrics.adjusted_rand_score(true, pred)
    assert 0.5 < expected < 1.0
    assert adjusted_rand_score(pred, true) == pytest.approx(expected, rel=1e-12)


def test_ari_rejects_missing_labels() -> None:
    with pytest.raises(InputError, match="label 1 is missing"):
        adjusted_rand_score([0, 1], np.array(["a", None], dtype=object))


# --- matching clusters to labels -----------------------------------------

def _agreement(table: np.ndarray, pairs) -> int:
    return int(sum(table[i, j] for i, j in pairs))


def _check_matching_is_optimal(pred, true) -> dict:
    mapping = match_clusters(pred, true)
    table, rows, cols = crosstab(pred, true)
    row_of = {v: i for i, v in enumerate(rows.tolist())}
    col_of = {v: j for j, v in enumerate(cols.tolist())}
    pairs = [(row_of[p], col_of[t]) for p, t in mapping.items()]
    # one-to-one, as many pairs as the smaller side
    assert len(mapping) == min(len(rows), len(cols))
    assert len(set(mapping.values())) == len(mapping)
    r, c = linear_sum_assignment(table, maximize=True)
    assert _agreement(table, pairs) == _agreement(table, zip(r, c, strict=True))
    return mapping


@pytest.mark.parametrize("name", list(PAIRS))
def test_match_clusters_optimal_on_corpus(name: str) -> None:
    _check_matching_is_optimal(*PAIRS[name])


@pytest.mark.parametrize("seed", range(20))
def test_match_clusters_optimal_on_random_tables(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pred, true = _random_pair(seed, int(rng.integers(5, 300)), int(rng.integers(1, 11)), int(rng.integers(1, 11)))
    _check_matching_is_optimal(pred, true)


def test_match_clusters_brute_force_k8() -> None:
    rng = np.random.default_rng(42)
    table = rng.integers(0, 30, (8, 8))
    pred = np.repeat(np.repeat(np.arange(8), 8), table.ravel())
    true = np.repeat(np.tile(np.arange(8), 8), table.ravel())
    mapping = _check_matching_is_optimal(pred, true)
    best = max(sum(table[i, p[i]] for i in range(8)) for p in itertools.permutations(range(8)))
    assert sum(table[k, v] for k, v in mapping.items()) == best


def test_match_clusters_recovers_a_renaming() -> None:
    rng = np.random.default_rng(7)
    true = rng.integers(0, 8, 2000)
    renaming = np.array([5, 2, 7, 0, 3, 6, 1, 4])
    pred = renaming[true]
    noisy = rng.random(2000) < 0.2
    pred[noisy] = rng.integers(0, 8, noisy.sum())
    mapping = match_clusters(pred, true)
    assert mapping == {int(renaming[t]): t for t in range(8)}
    assert all(type(k) is int and type(v) is int for k, v in mapping.items())


def test_match_clusters_labels_and_rectangles() -> None:
    clusters, species = _iris_like()
    assert match_clusters(clusters, species) == {0: "versicolor", 1: "setosa", 2: "virginica"}
    # more clusters than labels: the worst cluster is left out
    assert match_clusters([0, 0, 1, 1, 2], ["a", "a", "b", "b", "b"]) == {0: "a", 1: "b"}
    # fewer clusters than labels
    assert match_clusters([0, 0, 0, 1], ["a", "b", "b", "c"]) == {0: "b", 1: "c"}
    assert match_clusters([], []) == {}


def test_metrics_do_not_modify_inputs() -> None:
    pred = np.array([2, 0, 1, 1])
    true = np.array(["b", "a", "a", "c"])
    for f in (crosstab, purity, adjusted_rand_score, match_clusters):
        f(pred, true)
    assert pred.tolist() == [2, 0, 1, 1] and true.tolist() == ["b", "a", "a", "c"]
