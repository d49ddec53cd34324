"""Every parameter of the engine, checked once, scikit-learn style.

Each ``check_*`` function takes what a caller passed, returns it in the one
form the engine computes with (an int, a float, a float64 array, a numpy
Generator) and otherwise raises an :class:`InvalidParameterError` whose
message names the parameter and says what was given. The public functions of
:mod:`~kmtui.engine.steps`, :mod:`~kmtui.engine.seeding`,
:class:`~kmtui.engine.history.Run`, :class:`~kmtui.engine.estimator.KMeans`
and :func:`~kmtui.engine.elbow.elbow` all check their parameters here; the
private ``_`` functions elsewhere assume it was done.

Also here: the names of the init methods and empty-cluster policies, and the
engine's exceptions and warnings (:class:`NotFittedError`,
:class:`ConvergenceWarning`).
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any, Literal, SupportsIndex, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

INIT_METHODS: tuple[str, ...] = ("uniform", "random", "k-means++", "farthest")
"""Ways to place the first centroids, in the order the ``i`` key cycles them."""

EMPTY_POLICIES: tuple[str, ...] = ("relocate", "keep")
"""What the update step does with a cluster that has no points."""

InitMethod = Literal["uniform", "random", "k-means++", "farthest"]
EmptyPolicy = Literal["relocate", "keep"]
Seed = int | np.integer[Any] | np.random.Generator | np.random.RandomState | None


class InvalidParameterError(ValueError, TypeError):
    """A parameter has a bad value or type.

    Both a ValueError and a TypeError, as scikit-learn's own
    ``InvalidParameterError`` is, so either ``except`` clause catches it.
    """


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit``.

    Both a ValueError and an AttributeError, as scikit-learn's
    ``sklearn.exceptions.NotFittedError`` is.
    """


class ConvergenceWarning(UserWarning):
    """The fit came out degenerate (fewer distinct clusters than asked for).

    scikit-learn's ``sklearn.exceptions.ConvergenceWarning`` is a UserWarning too.
    """


def _given(value: object) -> str:
    """How a message quotes what was given: its repr, and its type when that is not obvious."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    if isinstance(value, (bool, int, float, str, type(None))):
        return text
    return f"{text} ({type(value).__name__})"


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_int(value: object, name: str, *, minimum: int = 1) -> int:
    """An int (or numpy integer) of at least ``minimum``; bools and floats are refused."""
    if not _is_int(value):
        raise InvalidParameterError(f"{name} must be an int >= {minimum}; got {_given(value)}")
    out = operator.index(cast(SupportsIndex, value))
    if out < minimum:
        raise InvalidParameterError(f"{name} must be an int >= {minimum}; got {out}")
    return out


def check_n_clusters(n_clusters: object, n_samples: int) -> int:
    """K: an int from 1 to the number of samples."""
    k = check_int(n_clusters, "n_clusters")
    if k > n_samples:
        raise InvalidParameterError(f"n_samples={n_samples} should be >= n_clusters={k}")
    return k


def check_n_init(n_init: object) -> int:
    """Runs from different starts: an int >= 1."""
    return check_int(n_init, "n_init")


def check_max_iter(max_iter: object) -> int:
    """Iterations at most: an int >= 1 (not a float, not None)."""
    return check_int(max_iter, "max_iter")


def check_tol(tol: object) -> float:
    """The relative tolerance: a real number >= 0 (not NaN, not a bool)."""
    if isinstance(tol, (bool, np.bool_)) or not isinstance(tol, numbers.Real):
        raise InvalidParameterError(f"tol must be a number >= 0; got {_given(tol)}")
    out = float(tol)
    if math.isnan(out) or out < 0:
        raise InvalidParameterError(f"tol must be a number >= 0; got {out}")
    return out


def check_empty(empty: object) -> EmptyPolicy:
    """The empty-cluster policy: one of :data:`EMPTY_POLICIES`."""
    if not isinstance(empty, str) or empty not in EMPTY_POLICIES:
        raise InvalidParameterError(
            f"unknown empty-cluster policy: empty={_given(empty)}; choose from {', '.join(EMPTY_POLICIES)}"
        )
    return empty  # type: ignore[return-value]


def check_init_method(init: object) -> InitMethod:
    """An init method's name: one of :data:`INIT_METHODS`."""
    if not isinstance(init, str) or init not in INIT_METHODS:
        raise InvalidParameterError(f"unknown init method: init={_given(init)}; choose from {', '.join(INIT_METHODS)}")
    return init  # type: ignore[return-value]


def check_init(init: object, n_clusters: int, n_features: int) -> InitMethod | NDArray[np.float64]:
    """``init``: a method's name, or initial centroids of shape (n_clusters, n_features)."""
    if isinstance(init, str):
        return check_init_method(init)
    C = check_data(init, name="init")  # type: ignore[arg-type]
    if C.shape != (n_clusters, n_features):
        raise InvalidParameterError(
            f"init array has shape {C.shape}; expected (n_clusters, n_features) = {(n_clusters, n_features)}"
        )
    return C


def check_random_state(random_state: object) -> np.random.Generator:
    """Turn an int, a Generator, a RandomState or None into a Generator.

    An int seeds a fresh Generator; a Generator is used as it is (and so
    advances); None draws fresh entropy. A legacy ``numpy.random.RandomState``
    is asked for 128 bits that seed a Generator: the same RandomState state
    gives the same Generator, and the RandomState advances, as it would in
    scikit-learn.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(0, 2**32, size=4, dtype=np.uint64))
    if _is_int(random_state):
        seed = operator.index(cast(SupportsIndex, random_state))
        if seed < 0:
            raise InvalidParameterError(f"random_state must be an int >= 0; got {seed}")
        return np.random.default_rng(seed)
    raise InvalidParameterError(
        f"random_state must be an int, a numpy Generator, a numpy RandomState or None; got {_given(random_state)}"
    )


# ------------------------------------------------------------------- arrays


def _is_missing(kind: type) -> bool:
    """None's type or pandas' NA / NaT, without importing pandas."""
    return kind is type(None) or kind.__name__ in ("NAType", "NaTType")


def _object_to_float(arr: NDArray[Any], name: str) -> NDArray[np.float64]:
    """An object array of numbers (a pandas frame with nullable columns, a list of
    mixed ints and floats) as float64; a missing value (None, pandas NA) becomes NaN.

    The element types are looked at once (a set, at C speed); only the
    conversion of numbers is left to numpy.
    """
    kinds = set(map(type, arr.flat))
    missing = {k for k in kinds if _is_missing(k)}
    for kind in kinds - missing:
        if issubclass(kind, (numbers.Real, np.bool_)):
            continue
        if issubclass(kind, (complex, np.complexfloating)):
            raise InvalidParameterError(f"{name} holds complex numbers: complex data is not supported")
        example = next(v for v in arr.flat if type(v) is kind)
        raise InvalidParameterError(f"{name} must hold numbers; found {_given(example)}")
    if not missing:
        return arr.astype(np.float64)
    out = np.empty(arr.shape, dtype=np.float64)
    for index, v in np.ndenumerate(arr):
        out[index] = np.nan if type(v) in missing else float(v)
    return out


def check_data(X: ArrayLike, *, name: str = "X") -> NDArray[np.float64]:
    """Samples as a finite, C-contiguous, 2-D float64 array with at least one row and column.

    Any real dtype is accepted (bool and integers too) and converted to
    float64. An object array is accepted when it holds numbers (a pandas
    DataFrame with nullable ``Int64`` columns arrives as one); a missing value
    in it (None, pandas NA) counts as NaN and is refused like one. Complex
    data is refused rather than losing its imaginary part.
    """
    arr = np.asarray(X)
    kind = arr.dtype.kind  # b bool, i/u integers, f floats, c complex, O objects
    if kind == "c":
        raise InvalidParameterError(f"{name} has dtype {arr.dtype}: complex data is not supported")
    if kind == "O":
        arr = _object_to_float(arr, name)
    elif kind not in "biuf":
        raise InvalidParameterError(f"{name} must hold numbers, not {arr.dtype}")
    arr = np.asarray(arr, dtype=np.float64)
    if arr.ndim == 1:
        raise InvalidParameterError(
            f"{name} must be 2-D (n_samples, n_features); got a 1-D array. "
            "Use X.reshape(-1, 1) for a single feature."
        )
    if arr.ndim != 2:
        raise InvalidParameterError(f"{name} must be 2-D (n_samples, n_features); got {arr.ndim}-D")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InvalidParameterError(f"{name} is empty: shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise InvalidParameterError(f"{name} contains NaN or infinite values (a missing value counts as NaN)")
    return np.ascontiguousarray(arr)


def check_same_features(X: NDArray[np.float64], C: NDArray[np.float64]) -> None:
    """The data and the centroids have the same number of features."""
    if X.shape[1] != C.shape[1]:
        raise InvalidParameterError(f"X has {X.shape[1]} features but the centroids have {C.shape[1]}")


def check_centroids(centroids: ArrayLike, X: NDArray[np.float64]) -> NDArray[np.float64]:
    """Centroids for ``X``: a finite float64 array with ``X``'s features."""
    C = check_data(centroids, name="centroids")
    check_same_features(X, C)
    return C


def check_labels(labels: ArrayLike, n_samples: int, n_clusters: int) -> NDArray[np.int32]:
    """Cluster labels: integers in 0..n_clusters-1, one per sample, as int32."""
    lab = np.asarray(labels)
    if lab.shape != (n_samples,) or not np.issubdtype(lab.dtype, np.integer):
        raise InvalidParameterError(f"labels must be integers of shape ({n_samples},); got {lab.dtype} {lab.shape}")
    if lab.size and (lab.min() < 0 or lab.max() >= n_clusters):
        raise InvalidParameterError(f"labels must lie in 0..{n_clusters - 1}")
    return lab.astype(np.int32, copy=False)


def check_is_fitted(estimator: object, attribute: str) -> None:
    """Raise :class:`NotFittedError` unless ``fit`` has set ``attribute``."""
    if not hasattr(estimator, attribute):
        raise NotFittedError(
            f"This {type(estimator).__name__} instance is not fitted yet. "
            "Call 'fit' with appropriate arguments before using this estimator."
        )
