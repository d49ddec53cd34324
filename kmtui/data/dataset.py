"""Dataset: the samples and features kmtui clusters, with optional known labels.

A Dataset is immutable and knows nothing about clustering. It holds every
numeric column it was given (``X``, shape ``(n_samples, n_features)``) and
which two are drawn by default. :meth:`Dataset.select` makes a new Dataset
with fewer columns or another drawn pair (for Python users); the app's live
view of a Dataset is :class:`kmtui.data.selection.Selection`. This module also
owns :func:`standardize`, the one rescaling kmtui offers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kmtui.data.columns import Columns, ColumnSpec, choose, resolve, split_features
from kmtui.data.notes import DataWarning
from kmtui.errors import InputError
from kmtui.textsafe import clean


def standardize(X: ArrayLike) -> NDArray[np.float64]:
    """Rescale every column to zero mean and unit variance.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The samples.

    Returns
    -------
    ndarray of shape (n_samples, n_features), float64
        A new array: ``(X - mean) / std`` per column, with the population
        standard deviation (``ddof=0``, as scikit-learn's ``StandardScaler``).
        A constant column becomes all zeros rather than NaN.
    """
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got {arr.ndim}-D")
    if arr.shape[0] == 0:
        return arr.copy()
    mean = arr.mean(axis=0)
    centred = arr - mean
    std = np.sqrt((centred**2).mean(axis=0))
    # A constant column has nothing to scale: it becomes 0, not NaN. "Constant" is
    # relative to the column's size so that rounding noise in the mean counts as constant.
    constant = std <= 1e-12 * np.abs(mean)
    out: NDArray[np.float64] = centred / np.where(constant, 1.0, std)
    out[:, constant] = 0.0
    return out


def _frozen(arr: NDArray[np.generic], original: object) -> NDArray[np.generic]:
    """A read-only array; a view when it is the caller's own array, so their flags stay."""
    if arr is original:
        arr = arr.view()
    arr.flags.writeable = False
    return arr


#: Longest description, source or warning kept (names and labels: 200 characters).
TEXT_LIMIT = 2000


@dataclass(frozen=True, eq=False)
class Dataset:
    """Samples and features, with optional known labels.

    Attributes
    ----------
    name : str
        Short name shown in the header (``blobs``, ``iris``, a file's stem).
    X : ndarray of shape (n_samples, n_features), float64
        Every numeric column. Stored read-only: a Dataset never changes.
    feature_names : tuple of str
        One name per column of ``X``.
    y : ndarray of shape (n_samples,), int64, or None
        Known labels as integer codes into ``target_names``; None when unlabeled.
    target_names : tuple of str
        The label of each code in ``y`` (empty when unlabeled; filled with
        ``"0"``, ``"1"``, … when ``y`` is given without names).
    description : str
        One line for ``kmtui datasets`` and the help screen.
    source : str
        ``built-in``, a file path, or ``<stdin>``.
    default_xy : tuple of int
        The two feature indices drawn unless the user picks others.
    warnings : tuple of str
        What reading the data had to say (dropped rows and such).
    """

    name: str
    X: NDArray[np.float64]
    feature_names: tuple[str, ...]
    y: NDArray[np.int64] | None = None
    target_names: tuple[str, ...] = ()
    description: str = ""
    source: str = "built-in"
    default_xy: tuple[int, int] = (0, 1)
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # Validation here means every producer (built-ins, CSV, show(X)) gets the same
        # guarantees: 2-D finite float64, names and labels that match it.
        X = np.asarray(self.X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features); got {X.ndim}-D")
        if X.shape[1] == 0:
            raise ValueError("X has no columns")
        if not np.isfinite(X).all():
            row, col = np.argwhere(~np.isfinite(X))[0]
            raise InputError(
                f"X holds NaN or infinite values (first at row {row}, column {col})",
                source=self.name,
            )
        object.__setattr__(self, "X", _frozen(X, self.X))

        # Every name and sentence may come from a stranger's file: printable from here on.
        object.__setattr__(self, "name", clean(str(self.name)))
        object.__setattr__(self, "source", clean(str(self.source), limit=TEXT_LIMIT))
        object.__setattr__(self, "description", clean(str(self.description), limit=TEXT_LIMIT))
        names = tuple(clean(str(n)) for n in self.feature_names)
        if len(names) != X.shape[1]:
            raise ValueError(
                f"feature_names has {len(names)} names for {X.shape[1]} columns of X"
            )
        object.__setattr__(self, "feature_names", names)

        targets = tuple(clean(str(t)) for t in self.target_names)
        if self.y is not None:
            y_arr = np.asarray(self.y)
            if y_arr.shape != (X.shape[0],):
                raise ValueError(f"y has shape {y_arr.shape}; expected ({X.shape[0]},)")
            if y_arr.size and not np.issubdtype(y_arr.dtype, np.integer):
                raise ValueError(f"y must hold integer codes, not {y_arr.dtype}")
            y_arr = y_arr.astype(np.int64, copy=False)
            if y_arr.size and y_arr.min() < 0:
                raise ValueError("y codes must be 0 or more")
            n_codes = int(y_arr.max()) + 1 if y_arr.size else 0
            if not targets:
                targets = tuple(str(i) for i in range(n_codes))
            elif n_codes > len(targets):
                raise ValueError(
                    f"y has code {n_codes - 1} but target_names has only {len(targets)} names"
                )
            object.__setattr__(self, "y", _frozen(y_arr, self.y))
        object.__setattr__(self, "target_names", targets)

        xy = tuple(int(i) for i in self.default_xy)
        if len(xy) != 2 or not all(0 <= i < X.shape[1] for i in xy):
            raise ValueError(
                f"default_xy {self.default_xy} is out of range for {X.shape[1]} features"
            )
        object.__setattr__(self, "default_xy", xy)
        # a DataWarning is cleaned when made, and keeps its roles for the front end
        object.__setattr__(self, "warnings", tuple(w if isinstance(w, DataWarning) else clean(str(w), limit=TEXT_LIMIT)
                                                   for w in self.warnings))

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.X.shape[1])

    @property
    def labeled(self) -> bool:
        """Whether known labels (``y``) come with the data."""
        return self.y is not None

    @property
    def xy(self) -> NDArray[np.float64]:
        """The two drawn columns, shape (n_samples, 2)."""
        return self.X[:, list(self.default_xy)]

    @property
    def where(self) -> str:
        """How messages name this Dataset: its file, or its name when it is built in."""
        return self.source if self.source != "built-in" else self.name

    def columns(self) -> Columns:
        """The feature columns as :func:`~kmtui.data.columns.resolve` chooses among them."""
        return Columns(names=self.feature_names, where=self.where, owner="the data")

    def column_index(self, spec: ColumnSpec) -> int:
        """Resolve a column given by header name or 0-based index.

        A string of digits that is not a header name is read as an index.
        Raises :class:`InputError` for an unknown column or an index out of range.
        """
        return resolve(self.columns(), spec)

    def select(
        self,
        *,
        features: Sequence[ColumnSpec] | str | None = None,
        x: ColumnSpec | None = None,
        y: ColumnSpec | None = None,
    ) -> Dataset:
        """Choose the clustered columns and the drawn pair.

        Parameters
        ----------
        features : sequence of str or int, or str, optional
            Columns of this Dataset (names or 0-based indices; a string is
            split at commas) to keep, in that order; at least two. Default:
            all of them.
        x, y : str or int, optional
            The columns drawn on each axis; they must be among ``features``.
            Default: the currently drawn ones when they are kept, else the
            first two kept columns.

        Returns
        -------
        Dataset
            A new Dataset; labels, name and warnings are carried over.
        """
        # Specs are resolved here, without naming their role ("unknown column 'z'"),
        # then checked together by the shared rules.
        choice = choose(
            self.columns(),
            x=self.column_index(x) if x is not None else None,
            y=self.column_index(y) if y is not None else None,
            features=(
                [self.column_index(s) for s in split_features(features)]
                if features is not None
                else None
            ),
        )
        keep = list(choice.features) if choice.features is not None else list(range(self.n_features))
        if len(keep) < 2:
            raise InputError(
                f"choose at least 2 feature columns, not {len(keep)}",
                source=self.where,
                roles=("features",),
            )

        def position(j: int | None, current: int) -> int | None:
            if j is None:
                return keep.index(current) if current in keep else None
            return keep.index(j)

        xi = position(choice.x, self.default_xy[0])
        yi = position(choice.y, self.default_xy[1])
        if yi is not None and xi == yi:
            # A chosen column met the other axis's default: the default gives way.
            if choice.y is None:
                yi = None
            else:
                xi = None
        if xi is None:
            xi = next(i for i in range(len(keep)) if i != yi)
        if yi is None:
            yi = next(i for i in range(len(keep)) if i != xi)
        return dataclasses.replace(
            self,
            X=self.X[:, keep],
            feature_names=tuple(self.feature_names[j] for j in keep),
            default_xy=(xi, yi),
        )

    def standardized(self) -> Dataset:
        """The same Dataset with every feature rescaled by :func:`standardize`."""
        return dataclasses.replace(self, X=standardize(self.X))
