"""Parameter validation: one check per parameter, scikit-learn style, everywhere it is taken."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kmtui.engine import (
    ConvergenceWarning,
    InvalidParameterError,
    KMeans,
    NotFittedError,
    Run,
    elbow,
    init_centroids,
    lloyd_steps,
)
from kmtui.engine.steps import assign, check_data, check_random_state, tolerance, update
from kmtui.engine.validation import check_max_iter, check_tol


def _blobs(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(c, 0.5, (30, 2)) for c in ([0, 0], [6, 0], [3, 5])])


X = _blobs()
C0 = X[[0, 30, 60]].copy()

# Every entry point that takes the loop's options, as a callable of keyword arguments.
CALLERS: dict[str, Callable[..., object]] = {
    "lloyd_steps": lambda **kw: lloyd_steps(X, C0, **kw),  # checked on the call, not on the first next()
    "Run": lambda **kw: Run(X, 3, seed=0, **kw),
    "KMeans": lambda **kw: KMeans(3, random_state=0, **kw).fit(X),
    "elbow": lambda **kw: elbow(X, k_max=3, n_init=2, **kw),
}

BAD_MAX_ITER: list[Any] = [0, -1, 2.0, 2.5, None, True, "10"]
BAD_TOL: list[Any] = [float("nan"), -1e-4, "0.1", None, True, [0.1]]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("max_iter", BAD_MAX_ITER, ids=repr)
def test_bad_max_iter_is_a_value_error_that_names_it(caller: str, max_iter: Any) -> None:
    with pytest.raises(ValueError, match=r"max_iter must be an int >= 1; got") as err:
        CALLERS[caller](max_iter=max_iter)
    assert repr(max_iter) in str(err.value) or str(max_iter) in str(err.value)


def test_kmeans_max_iter_0_no_longer_stops_a_generator() -> None:
    # It used to fail deep in the loop with "RuntimeError: generator raised StopIteration".
    with pytest.raises(ValueError, match="max_iter must be an int >= 1; got 0"):
        KMeans(3, max_iter=0, random_state=0).fit(X)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("tol", BAD_TOL, ids=repr)
def test_bad_tol_is_a_value_error_that_names_it(caller: str, tol: Any) -> None:
    with pytest.raises(ValueError, match=r"tol must be a number >= 0; got"):
        CALLERS[caller](tol=tol)


@pytest.mark.parametrize("caller", CALLERS)
def test_bad_empty_policy(caller: str) -> None:
    with pytest.raises(ValueError, match=r"unknown empty-cluster policy: empty='drop'; choose from relocate, keep"):
        CALLERS[caller](empty="drop")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Run(X, 3, init="bogus", seed=0), "unknown init method: init='bogus'"),
        (lambda: KMeans(3, init="bogus").fit(X), "unknown init method: init='bogus'"),
        (lambda: elbow(X, k_max=3, init="bogus"), "unknown init method: init='bogus'"),  # type: ignore[arg-type]
        (lambda: init_centroids(X, 3, "bogus"), "unknown init method: init='bogus'"),  # type: ignore[arg-type]
        (lambda: KMeans(3, init=X[:2]).fit(X), r"init array has shape \(2, 2\); expected"),
        (lambda: KMeans(2, init=X[:2], n_init=3).fit(X), "n_init must be 1 when init is an array"),
        (lambda: KMeans(3, n_init=0).fit(X), "n_init must be an int >= 1; got 0"),
        (lambda: KMeans(3, n_init=2.0).fit(X), r"n_init must be an int >= 1; got 2.0"),
        (lambda: elbow(X, n_init=0), "n_init must be an int >= 1; got 0"),
        (lambda: KMeans(0).fit(X), "n_clusters must be an int >= 1; got 0"),
        (lambda: KMeans(2.5).fit(X), "n_clusters must be an int >= 1; got 2.5"),  # type: ignore[arg-type]
        (lambda: KMeans(None).fit(X), "n_clusters must be an int >= 1; got None"),  # type: ignore[arg-type]
        (lambda: Run(X, 500, seed=0), "n_samples=90 should be >= n_clusters=500"),
        (lambda: elbow(X, k_min=0), "k_min must be an int >= 1; got 0"),
        (lambda: elbow(X, k_min=4, k_max=3), "need 1 <= k_min <= k_max"),
        (lambda: KMeans(3, random_state="seven").fit(X), "random_state must be an int, a numpy Generator"),
        (lambda: KMeans(3, random_state=-1).fit(X), "random_state must be an int >= 0; got -1"),
    ],
)
def test_every_bad_parameter_names_itself(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_invalid_parameter_error_is_also_a_type_error() -> None:
    # a non-int n_clusters used to be a TypeError: code that caught that still does
    with pytest.raises(TypeError):
        KMeans("3").fit(X)  # type: ignore[arg-type]
    assert issubclass(InvalidParameterError, ValueError) and issubclass(InvalidParameterError, TypeError)


def test_good_numbers_of_numpy_types_are_accepted() -> None:
    assert check_max_iter(np.int64(5)) == 5 and type(check_max_iter(np.int64(5))) is int
    assert check_tol(np.float32(0.5)) == 0.5 and check_tol(0) == 0.0 and check_tol(float("inf")) == float("inf")
    km = KMeans(np.int32(3), max_iter=np.int16(50), tol=np.float64(1e-4), random_state=np.int64(0)).fit(X)
    ref = KMeans(3, max_iter=50, tol=1e-4, random_state=0).fit(X)
    np.testing.assert_array_equal(km.cluster_centers_, ref.cluster_centers_)


# -------------------------------------------------------------------- data


def test_complex_data_is_refused_not_truncated() -> None:
    Z = X + 1j
    for call in (lambda: check_data(Z), lambda: KMeans(3).fit(Z), lambda: assign(Z, C0), lambda: assign(X, C0 + 1j)):
        with pytest.raises(ValueError, match="complex data is not supported"):
            call()
    with pytest.raises(ValueError, match="complex data is not supported"):
        check_data(np.array([[1.0, 2j]], dtype=object))


def test_object_arrays_of_numbers_are_converted() -> None:
    obj = np.array([[1, 2.5], [np.int64(3), np.float32(4.0)], [True, 0]], dtype=object)
    out = check_data(obj)
    assert out.dtype == np.float64 and out.flags.c_contiguous
    np.testing.assert_array_equal(out, [[1.0, 2.5], [3.0, 4.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="X must hold numbers; found '1.5'"):
        check_data(np.array([[1, "1.5"]], dtype=object))  # a string is not a number, even one that parses
    with pytest.raises(ValueError, match="must hold numbers, not <U"):
        check_data(np.array([["a", "b"]]))


def test_pandas_nullable_integer_frame_without_missing_values_is_accepted() -> None:
    df = pd.DataFrame({"a": pd.array([1, 2, 3, 10, 11, 12], dtype="Int64"), "b": [0.0, 0.5, 0.2, 5.0, 5.5, 5.1]})
    assert np.asarray(df).dtype == object  # what used to be refused: "X must hold numbers, not object"
    km = KMeans(2, init="k-means++", random_state=0).fit(df)
    ref = KMeans(2, init="k-means++", random_state=0).fit(df.astype(float).to_numpy())
    np.testing.assert_array_equal(km.labels_, ref.labels_)
    np.testing.assert_array_equal(km.cluster_centers_, ref.cluster_centers_)
    assert km.cluster_centers_.dtype == np.float64


@pytest.mark.parametrize("missing", [pd.NA, None])
def test_missing_values_are_refused_like_nan(missing: object) -> None:
    df = pd.DataFrame({"a": pd.array([1, 2, missing], dtype="Int64"), "b": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="NaN or infinite"):
        check_data(df)
    with pytest.raises(ValueError, match="NaN or infinite"):
        KMeans(2).fit(df)
    with pytest.raises(ValueError, match="NaN or infinite"):
        check_data(np.array([[1.0, missing]], dtype=object))


@pytest.mark.parametrize("dtype", [np.float32, np.int16, np.bool_, np.float16])
def test_centres_are_float64_whatever_the_input_dtype(dtype: type[np.generic]) -> None:
    Xd = (X > 3) if dtype is np.bool_ else (X * 10).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # bool data has only four distinct points
        km = KMeans(3, random_state=0).fit(Xd)
    assert km.cluster_centers_.dtype == np.float64
    assert init_centroids(Xd, 3, random_state=0).dtype == np.float64
    C, _, _ = update(Xd, assign(Xd, C0.astype(dtype)), C0.astype(dtype))
    assert C.dtype == np.float64
    assert all(s.centroids.dtype == np.float64 for s in lloyd_steps(Xd, C0.astype(dtype)))


def test_tolerance_checks_both_arguments() -> None:
    assert tolerance(X, 0.5) == pytest.approx(0.5 * np.var(X, axis=0).mean())
    with pytest.raises(ValueError, match="tol must be a number >= 0; got nan"):
        tolerance(X, float("nan"))
    with pytest.raises(ValueError, match="NaN or infinite"):
        tolerance(np.array([[np.inf, 0.0]]), 0.1)


# ------------------------------------------------------------ random_state


def test_random_state_accepts_a_legacy_randomstate_deterministically() -> None:
    a = check_random_state(np.random.RandomState(42)).random(5)
    b = check_random_state(np.random.RandomState(42)).random(5)
    c = check_random_state(np.random.RandomState(43)).random(5)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # as in scikit-learn, a shared RandomState advances: two fits from it differ
    rs = np.random.RandomState(0)
    first = KMeans(3, init="random", random_state=rs).fit(X).history_[0].centroids
    second = KMeans(3, init="random", random_state=rs).fit(X).history_[0].centroids
    assert not np.array_equal(first, second)
    again = KMeans(3, init="random", random_state=np.random.RandomState(0)).fit(X).history_[0].centroids
    np.testing.assert_array_equal(first, again)
    e1 = elbow(X, k_max=4, n_init=2, random_state=np.random.RandomState(5))
    e2 = elbow(X, k_max=4, n_init=2, random_state=np.random.RandomState(5))
    assert e1.inertia == e2.inertia and e1.seed is None


# ---------------------------------------------------------------- estimator


@pytest.mark.parametrize("method", ["predict", "transform", "score"])
def test_not_fitted_error_is_value_and_attribute_error(method: str) -> None:
    km = KMeans(3)
    with pytest.raises(NotFittedError, match="This KMeans instance is not fitted yet") as err:
        getattr(km, method)(X)
    assert isinstance(err.value, ValueError) and isinstance(err.value, AttributeError)
    assert not hasattr(km, "history_")  # an AttributeError: hasattr says no, as for scikit-learn


def test_fit_transform_equals_fit_then_transform() -> None:
    a = KMeans(3, random_state=1).fit_transform(X)
    km = KMeans(3, random_state=1).fit(X)
    np.testing.assert_array_equal(a, km.transform(X))
    assert a.shape == (len(X), 3)
    # transform is the distance to every centre; its argmin is predict's label
    np.testing.assert_array_equal(a.argmin(axis=1), km.labels_)


def test_get_params_set_params_and_sklearn_clone() -> None:
    from sklearn.base import clone

    km = KMeans(4, init=C0[:2].repeat(2, axis=0) + [[0, 0], [0, 0.1], [0, 0.2], [0, 0.3]], n_init=1,
                max_iter=50, tol=1e-3, empty="keep", random_state=3)
    params = km.get_params()
    assert params == {k: getattr(km, k) for k in params}
    assert set(params) == {"n_clusters", "init", "n_init", "max_iter", "tol", "empty", "random_state"}
    twin = clone(km)
    assert type(twin) is KMeans and twin is not km
    assert twin.get_params()["init"] is not km.init
    np.testing.assert_array_equal(twin.get_params()["init"], km.init)
    assert not hasattr(twin, "cluster_centers_")
    fitted = clone(KMeans(3, random_state=0)).fit(X)
    np.testing.assert_array_equal(fitted.labels_, KMeans(3, random_state=0).fit(X).labels_)
    assert km.set_params(n_clusters=2, init="random") is km and km.n_clusters == 2 and km.init == "random"
    with pytest.raises(ValueError, match="Invalid parameter 'k' for estimator KMeans"):
        km.set_params(k=3)
    km.set_params(max_iter=0)  # checked by fit, as scikit-learn does
    with pytest.raises(ValueError, match="max_iter"):
        km.fit(X)


def test_fewer_distinct_clusters_warns_in_sklearns_words() -> None:
    dup = np.repeat([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]], 10, axis=0)
    msg = (r"Number of distinct clusters \(3\) found smaller than n_clusters \(4\)\. "
           r"Possibly due to duplicate points in X\.")
    with pytest.warns(ConvergenceWarning, match=msg):
        km = KMeans(4, init="random", random_state=0).fit(dup)
    assert len(set(km.labels_.tolist())) == 3
    assert issubclass(ConvergenceWarning, UserWarning)
    # scikit-learn says the same of the same data
    from sklearn.cluster import KMeans as SKMeans
    from sklearn.exceptions import ConvergenceWarning as SKWarning

    with pytest.warns(SKWarning, match=msg):
        SKMeans(4, init=km.history_[0].centroids, n_init=1).fit(dup)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KMeans(3, random_state=0).fit(dup)  # as many distinct points as clusters: no warning
