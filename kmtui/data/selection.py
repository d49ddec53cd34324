"""Selection: which columns of a Dataset are clustered and which two are drawn.

By default kmtui clusters exactly what it draws (two columns), so the regions,
distances and centroids on screen are the real ones. ``features`` clusters on
more columns; the plot then shows two of them, and changing which two only
changes the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from kmtui.data.columns import ColumnSpec, choose
from kmtui.data.dataset import Dataset, standardize
from kmtui.data.notes import DataWarning
from kmtui.errors import InputError

SCALE_RATIO = 10.0
"""Spreads (standard deviations) of the clustered features further apart than this call for standardizing."""


def fmt(value: float) -> str:
    """A spread with three significant digits: ``0.0123``, ``4.56``, ``1,230``."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


@dataclass(frozen=True, eq=False)
class Selection:
    """A dataset with the clustered columns and the drawn pair chosen.

    Attributes
    ----------
    dataset : Dataset
    features : tuple of int
        Columns of ``dataset.X`` that are clustered, in order.
    x, y : int
        Columns of ``dataset.X`` drawn on the horizontal and vertical axis.
    standardized : bool
        Whether the clustered columns are scaled to zero mean, unit variance.
    explicit_features : bool
        True when the features were chosen apart from the drawn pair; then
        changing the drawn pair does not change what is clustered.
    """

    dataset: Dataset
    features: tuple[int, ...]
    x: int
    y: int
    standardized: bool = False
    explicit_features: bool = False

    @cached_property
    def X(self) -> NDArray[np.float64]:
        """The clustered matrix, shape (n_samples, len(features))."""
        X = np.ascontiguousarray(self.dataset.X[:, list(self.features)])
        return standardize(X) if self.standardized else X

    @property
    def xy(self) -> tuple[int, int]:
        """Positions of the drawn pair within :attr:`features`."""
        return self.features.index(self.x), self.features.index(self.y)

    @cached_property
    def points(self) -> NDArray[np.float64]:
        """The drawn coordinates, shape (n_samples, 2)."""
        i, j = self.xy
        return np.ascontiguousarray(self.X[:, [i, j]])

    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(self.dataset.feature_names[c] for c in self.features)

    @property
    def x_name(self) -> str:
        return self.dataset.feature_names[self.x]

    @property
    def y_name(self) -> str:
        return self.dataset.feature_names[self.y]

    def _cycle(self, current: int, other: int, step: int) -> int:
        pool = self.features if self.explicit_features else tuple(range(self.dataset.n_features))
        if len(pool) <= 2:
            return current
        i = pool.index(current)
        for _ in range(len(pool)):
            i = (i + step) % len(pool)
            if pool[i] != other:
                return pool[i]
        return current

    def next_x(self, step: int = 1) -> Selection:
        """The next column on the horizontal axis (skipping the vertical one)."""
        return self._with(x=self._cycle(self.x, self.y, step), y=self.y)

    def next_y(self, step: int = 1) -> Selection:
        """The next column on the vertical axis (skipping the horizontal one)."""
        return self._with(x=self.x, y=self._cycle(self.y, self.x, step))

    def scale_warning(self) -> DataWarning | None:
        """A hint to standardize when the clustered features' spreads differ more than :data:`SCALE_RATIO` times.

        The spread is the standard deviation; None when standardized already,
        or when the spreads are within the ratio (or a feature is constant).
        """
        if self.standardized:
            return None
        X = self.dataset.X[:, list(self.features)]
        sd = X.std(axis=0)
        lo, hi = int(np.argmin(sd)), int(np.argmax(sd))
        if not sd[lo] > 0 or sd[hi] <= SCALE_RATIO * sd[lo]:
            return None
        names = self.feature_names
        ratio = sd[hi] / sd[lo]
        return DataWarning(
            f"{self.dataset.where}: the features' scales differ {ratio:.0f}× ({names[hi]} spreads "
            f"{fmt(sd[hi])}, {names[lo]} {fmt(sd[lo])}, as standard deviations): distances are mostly "
            f"{names[hi]}; to weigh them alike, {{how}}",
            ("standardize",), "standardize the features")

    def toggle_standardize(self) -> Selection:
        return replace(self, standardized=not self.standardized)

    def _with(self, *, x: int, y: int) -> Selection:
        features = self.features if self.explicit_features else (x, y)
        return replace(self, features=features, x=x, y=y)


def select(
    dataset: Dataset,
    *,
    x: ColumnSpec | None = None,
    y: ColumnSpec | None = None,
    features: Sequence[ColumnSpec] | str | None = None,
    standardize: bool = False,
) -> Selection:
    """Choose the clustered columns and the drawn pair of ``dataset``.

    Columns are header names or 0-based indices (``features`` may be one
    string, split at commas). Without ``features`` the drawn pair is what is
    clustered; without ``x``/``y`` the pair is the dataset's default (or the
    first two of ``features``); with only one of them, the other is the
    default unless that is the same column.

    Raises
    ------
    InputError
        For a column that does not exist or a choice that does not fit
        together; its ``roles`` say which of x, y and features it is about.
    """
    if dataset.n_features < 2:
        raise InputError(
            f"needs at least 2 numeric columns to draw, found {dataset.n_features}",
            source=dataset.where,
        )
    choice = choose(dataset.columns(), x=x, y=y, features=features)
    feats = choice.features
    default = (feats[0], feats[1]) if feats else dataset.default_xy
    xi = choice.x if choice.x is not None else default[0]
    yi = choice.y if choice.y is not None else default[1]
    pool = feats or range(dataset.n_features)
    if xi == yi:  # only one of them was given (choose refuses both the same), or neither
        if choice.y is not None:
            xi = next(c for c in pool if c != yi)
        else:
            yi = next(c for c in pool if c != xi)
    return Selection(
        dataset=dataset,
        features=feats if feats is not None else (xi, yi),
        x=xi,
        y=yi,
        standardized=standardize,
        explicit_features=feats is not None,
    )
