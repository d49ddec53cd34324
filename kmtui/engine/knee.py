"""Kneedle: where an elbow curve (inertia against K) bends.

This module owns the knee finder used by the elbow view. It implements the
Kneedle algorithm (Satopää et al., 2011) for a convex, decreasing curve and
gives the same answer as ``kneed.KneeLocator(ks, inertia, curve="convex",
direction="decreasing", S=S, interp_method="interp1d", online=False).knee``,
including kneed's edge cases:

- the curve is normalised to [0, 1] on both axes and turned into a concave,
  increasing one (``y -> max(y) - y``); the difference curve is
  ``y_normalized - x_normalized``;
- local maxima and minima of the difference curve are found with ``>=`` and
  ``<=`` against both neighbours (the ends compare with themselves), so a
  plateau is made of maxima that are also minima;
- from the first maximum on, the threshold is the last maximum's value minus
  ``S`` times the mean step of normalised x; a minimum (even one that is
  also a maximum) pauses detection until the next maximum; the knee is the
  last maximum before the difference curve first drops below the threshold,
  and the first such knee is the answer (kneed's ``online=False``);
- a flat curve, a single point, or any NaN or infinite inertia has no knee.

Pure numpy; the app draws :class:`KneeResult`, the CLI and the JSON output use
:func:`knee`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.errors import InputError

_G = TypeVar("_G", bound=np.generic)

__all__ = ["KneeResult", "knee", "kneedle"]


@dataclass(frozen=True, eq=False)
class KneeResult:
    """Everything Kneedle computed, for drawing the elbow view.

    ``eq=False`` because the fields hold arrays (comparing them with ``==``
    would not give one bool). The arrays are read-only.

    Attributes
    ----------
    knee : int, float or None
        The K at the knee, of the type ``ks`` held (``int`` for integers),
        or None when the curve has no knee.
    knee_index : int or None
        Position of the knee in ``ks``, or None.
    x_normalized : ndarray of shape (n,)
        ``ks`` scaled to [0, 1].
    y_normalized : ndarray of shape (n,)
        The inertia scaled to [0, 1] and flipped (``1 - scaled``) so that it
        rises, as kneed's ``y_normalized``. NaN where the inertia cannot be
        scaled (a flat curve, a single point, a NaN or infinite value).
    difference : ndarray of shape (n,)
        The difference curve ``y_normalized - x_normalized``; the knee is at
        one of its local maxima.
    maxima : ndarray of int of shape (m,)
        Indices of the local maxima of ``difference``.
    thresholds : ndarray of shape (m,)
        For each maximum, the value ``difference`` must fall below for it to
        be called a knee: ``difference[maxima] - S * mean step of
        x_normalized``.
    threshold : float or None
        The threshold of the maximum that became the knee, or None.
    S : float
        The sensitivity used.
    """

    knee: int | float | None
    knee_index: int | None
    x_normalized: NDArray[np.float64]
    y_normalized: NDArray[np.float64]
    difference: NDArray[np.float64]
    maxima: NDArray[np.intp]
    thresholds: NDArray[np.float64]
    threshold: float | None
    S: float


def kneedle(
    ks: ArrayLike | Sequence[float],
    inertia: ArrayLike | Sequence[float],
    *,
    S: float = 1.0,
) -> KneeResult:
    """Find the knee of a convex, decreasing curve, with the working shown.

    Parameters
    ----------
    ks : array-like of shape (n,)
        The x values (numbers of clusters), finite and strictly increasing;
        spacing need not be even.
    inertia : array-like of shape (n,)
        The y values (inertia for each K). NaN or infinite values are
        allowed and mean "no knee", as in kneed.
    S : float, default=1.0
        Sensitivity: how far (in mean x steps) the difference curve must
        fall after a maximum before that maximum counts as the knee. Larger
        is more conservative.

    Returns
    -------
    KneeResult
        The knee (or None) and the normalised curves it came from.

    Raises
    ------
    InputError
        (a ValueError) if the inputs are empty, not 1-D numbers, of different
        lengths, ``ks`` is not finite and strictly increasing, or ``S`` is
        negative or not finite.
    """
    k_values, x, y = _validate(ks, inertia, S)
    n = x.size

    # Flat curves, single points and non-finite inertia divide 0 by 0 or
    # inf by inf here; kneed lets the NaN flow through and finds no maxima,
    # and so do we, without the warnings.
    with np.errstate(divide="ignore", invalid="ignore"):
        x_norm = _normalize(x)
        y_norm = _normalize(y)
        # convex decreasing -> concave increasing; numpy max propagates NaN
        y_norm = y_norm.max() - y_norm
        difference = y_norm - x_norm

    maxima = _relative_extrema(difference, np.greater_equal)
    is_max = np.zeros(n, dtype=bool)
    is_max[maxima] = True
    is_min = np.zeros(n, dtype=bool)
    is_min[_relative_extrema(difference, np.less_equal)] = True

    mean_step = abs(float(np.diff(x_norm).mean())) if n > 1 else math.nan
    thresholds = difference[maxima] - S * mean_step

    knee_index: int | None = None
    threshold: float | None = None
    if maxima.size:
        # Walk right from the first maximum (a Python loop: n is ~10 and the
        # order of the max/min updates below is what kneed's answer rests on).
        current = math.nan
        current_index = int(maxima[0])
        active = True
        for i in range(int(maxima[0]), n - 1):
            if is_max[i]:
                current = float(difference[i] - S * mean_step)
                current_index = i
                active = True
            # after a minimum (even one that is also a maximum, on a plateau)
            # nothing counts until the next maximum sets a new threshold
            if is_min[i]:
                active = False
            if active and difference[i + 1] < current:
                knee_index = current_index
                threshold = current
                break

    knee_value = None if knee_index is None else k_values[knee_index].item()
    return KneeResult(
        knee=knee_value,
        knee_index=knee_index,
        x_normalized=_frozen(x_norm),
        y_normalized=_frozen(y_norm),
        difference=_frozen(difference),
        maxima=_frozen(maxima),
        thresholds=_frozen(thresholds),
        threshold=threshold,
        S=float(S),
    )


def knee(
    ks: ArrayLike | Sequence[float],
    inertia: ArrayLike | Sequence[float],
    *,
    S: float = 1.0,
) -> int | float | None:
    """The K where an elbow curve bends (Kneedle), or None.

    Agrees with ``kneed.KneeLocator(ks, inertia, curve="convex",
    direction="decreasing", S=S, interp_method="interp1d").knee``.

    Parameters
    ----------
    ks : array-like of shape (n,)
        Numbers of clusters, finite and strictly increasing.
    inertia : array-like of shape (n,)
        Inertia for each K.
    S : float, default=1.0
        Sensitivity (see :func:`kneedle`).

    Returns
    -------
    int, float or None
        The knee's K, of the type ``ks`` held (``int`` for integers), or
        None when there is no clear elbow.

    Examples
    --------
    >>> knee([1, 2, 3, 4, 5, 6, 7], [650, 225, 150, 130, 115, 105, 100])
    2
    >>> knee([1, 2, 3, 4], [40, 30, 20, 10]) is None
    True
    """
    return kneedle(ks, inertia, S=S).knee


def _validate(
    ks: ArrayLike | Sequence[float],
    inertia: ArrayLike | Sequence[float],
    S: float,
) -> tuple[NDArray[np.generic], NDArray[np.float64], NDArray[np.float64]]:
    """Check the inputs; return ks as given, ks as floats, inertia as floats."""
    k_values = np.asarray(ks)
    if k_values.ndim != 1:
        raise InputError(f"ks must be one-dimensional, got shape {k_values.shape}")
    try:
        x = k_values.astype(np.float64)
    except (TypeError, ValueError):
        raise InputError("ks must be numbers") from None
    try:
        y = np.asarray(inertia, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("inertia must be numbers") from None
    if y.ndim != 1:
        raise InputError(f"inertia must be one-dimensional, got shape {y.shape}")
    if x.size != y.size:
        raise InputError(
            f"ks and inertia must have the same length, got {x.size} and {y.size}"
        )
    if x.size == 0:
        raise InputError("ks and inertia are empty")
    if not np.all(np.isfinite(x)):
        raise InputError("ks must be finite numbers")
    if np.any(np.diff(x) <= 0):
        raise InputError("ks must be strictly increasing")
    if isinstance(S, bool) or not isinstance(S, (int, float, np.integer, np.floating)):
        raise InputError(f"S must be a number, got {S!r}")
    if not math.isfinite(S) or S < 0:
        raise InputError(f"S must be a finite number >= 0, got {S!r}")
    return k_values, x, y


def _normalize(a: NDArray[np.float64]) -> NDArray[np.float64]:
    """Scale to [0, 1] exactly as kneed does (same operations, same rounding)."""
    lo = a.min()
    out: NDArray[np.float64] = (a - lo) / (a.max() - lo)
    return out


def _relative_extrema(data: NDArray[np.float64], comparator: np.ufunc) -> NDArray[np.intp]:
    """Indices where ``comparator(data[i], neighbour)`` holds for both neighbours.

    Same as ``scipy.signal.argrelextrema(data, comparator)`` (order 1, mode
    "clip": an end is compared with itself in place of its missing neighbour).
    """
    n = data.size
    locs = np.arange(n)
    plus = data[np.minimum(locs + 1, n - 1)]
    minus = data[np.maximum(locs - 1, 0)]
    return np.flatnonzero(comparator(data, plus) & comparator(data, minus))


def _frozen(a: NDArray[_G]) -> NDArray[_G]:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a
