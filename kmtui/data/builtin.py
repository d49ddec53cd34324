"""The registry of built-in datasets and :func:`load_dataset`.

``DATASETS`` maps each name to a :class:`BuiltinInfo` (description, default
size, generator), in the order ``kmtui datasets`` lists them and the ``d`` key
cycles through them. ``blobs`` is the default. ``iris`` is read from the
bundled ``iris.csv`` (Fisher's data, as scikit-learn ships it); the others are
drawn by the seeded generators in :mod:`kmtui.data.generators`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from kmtui.data import generators
from kmtui.data.csv import read_csv
from kmtui.data.dataset import Dataset
from kmtui.errors import InputError

Generator = Callable[
    [int, np.random.Generator], tuple[NDArray[np.float64], NDArray[np.int64] | None]
]

DEFAULT_DATASET = "blobs"


@dataclass(frozen=True)
class BuiltinInfo:
    """What kmtui knows about one built-in dataset before making it.

    Attributes
    ----------
    name : str
        The name given to ``-d/--dataset`` and :func:`load_dataset`.
    description : str
        One line for ``kmtui datasets`` and the help screen.
    n_samples : int
        The default number of points.
    generator : callable
        ``generator(n_samples, rng) -> (X, y)``.
    feature_names : tuple of str
        Names of the columns of ``X``.
    target_names : tuple of str
        Names of the codes in ``y`` (empty when ``y`` is None).
    default_xy : tuple of int
        The two features drawn by default.
    fixed_size : bool
        True when the data are fixed (``iris``): ``n_samples`` cannot change.
    """

    name: str
    description: str
    n_samples: int
    generator: Generator
    feature_names: tuple[str, ...] = ("x", "y")
    target_names: tuple[str, ...] = ()
    default_xy: tuple[int, int] = (0, 1)
    fixed_size: bool = False


@functools.cache
def _iris_dataset() -> Dataset:
    raw = resources.files("kmtui.data").joinpath("iris.csv").read_bytes()
    return read_csv(io.BytesIO(raw), label="species", name="iris")


def iris(n_samples: int, rng: np.random.Generator) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Fisher's iris: 150 flowers × 4 measurements in cm, species codes 0–2.

    The data are fixed: ``n_samples`` must be 150 and ``rng`` is not used.
    """
    ds = _iris_dataset()
    if n_samples != ds.n_samples:
        raise InputError(f"the iris dataset has exactly {ds.n_samples} samples, not {n_samples}")
    assert ds.y is not None
    return ds.X.copy(), ds.y.copy()


_IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
_IRIS_SPECIES = ("setosa", "versicolor", "virginica")

DATASETS: dict[str, BuiltinInfo] = {
    info.name: info
    for info in (
        BuiltinInfo(
            "blobs",
            "three round, well separated groups: the case K-Means gets right (the default)",
            300,
            generators.blobs,
            target_names=("A", "B", "C"),
        ),
        BuiltinInfo(
            "iris",
            "Fisher's iris flowers: 4 measurements (cm) of 150 flowers from 3 species",
            150,
            iris,
            feature_names=_IRIS_FEATURES,
            target_names=_IRIS_SPECIES,
            default_xy=(2, 3),
            fixed_size=True,
        ),
        BuiltinInfo(
            "moons",
            "two interleaved half circles: groups no straight boundary can separate",
            300,
            generators.moons,
            target_names=("upper moon", "lower moon"),
        ),
        BuiltinInfo(
            "rings",
            "two concentric circles: a ring inside a ring, which K-Means cuts in halves",
            300,
            generators.rings,
            target_names=("outer ring", "inner ring"),
        ),
        BuiltinInfo(
            "aniso",
            "three stretched, sheared groups: not the round clusters K-Means assumes",
            300,
            generators.aniso,
            target_names=("A", "B", "C"),
        ),
        BuiltinInfo(
            "uneven",
            "three groups of very different sizes and spreads",
            300,
            generators.uneven,
            target_names=("large", "medium", "small"),
        ),
        BuiltinInfo(
            "uniform",
            "points spread evenly with no groups at all: K-Means still finds K clusters",
            300,
            generators.uniform,
        ),
        BuiltinInfo(
            "smiley",
            "a face: two eyes, a mouth and an outline",
            400,
            generators.smiley,
            target_names=("left eye", "right eye", "mouth", "outline"),
        ),
        BuiltinInfo(
            "bars",
            "three bars, each twice as dense as the last: K-Means cuts by distance, not density",
            350,
            generators.density_bars,
            target_names=("sparse", "medium", "dense"),
        ),
        BuiltinInfo(
            "circles",
            "seven touching round groups: found only with K=7 and a good start (restarts help)",
            350,
            generators.packed_circles,
            target_names=tuple(f"circle {i + 1}" for i in range(7)),
        ),
        BuiltinInfo(
            "pimpled",
            "the smiley with a pimple: a small, tight group lumped in with a piece of the outline",
            400,
            generators.pimpled_smiley,
            target_names=("left eye", "right eye", "mouth", "outline", "pimple"),
        ),
        BuiltinInfo(
            "customers",
            "shoppers' income × spending score, 5 groups: Kneedle says 5, the gap's rule says 1",
            200,
            generators.customers,
            feature_names=("income (k$)", "spending (1-100)"),
            target_names=("low income, low spending", "low income, high spending", "middle",
                          "high income, low spending", "high income, high spending"),
        ),
        BuiltinInfo(
            "grid",
            "two small groups on whole numbers from 0 to 8: a classroom example to work by hand",
            30,
            generators.grid,
            target_names=("A", "B"),
        ),
    )
}


def load_dataset(
    name: str,
    *,
    n_samples: int | None = None,
    random_state: int | np.random.Generator | None = 0,
) -> Dataset:
    """Make a built-in dataset.

    Parameters
    ----------
    name : str
        One of ``DATASETS`` (case does not matter).
    n_samples : int, optional
        Number of points; default: the dataset's own (``DATASETS[name].n_samples``).
        ``iris`` has exactly 150.
    random_state : int, Generator or None, default=0
        Seed for the generator. The same name and seed always give the same
        data; None gives fresh data each call.

    Returns
    -------
    Dataset
        With ``source="built-in"`` and the registry's description.

    Raises
    ------
    InputError
        For an unknown name (the message lists the valid ones) or a bad ``n_samples``.
    """
    key = name.strip().lower() if isinstance(name, str) else name
    info = DATASETS.get(key)
    if info is None:
        raise InputError(
            f"unknown dataset {name!r} (built-in datasets: {', '.join(DATASETS)})"
        )
    if n_samples is None:
        n_samples = info.n_samples
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
        raise InputError(f"the number of samples must be a whole number, not {n_samples!r}")
    if n_samples < 1:
        raise InputError(f"the number of samples must be at least 1, not {n_samples}")
    if isinstance(random_state, bool) or not (
        random_state is None or isinstance(random_state, (int, np.integer, np.random.Generator))
    ):
        raise TypeError(
            f"random_state must be an int, a numpy Generator or None, not {random_state!r}"
        )
    rng = np.random.default_rng(random_state)
    X, y = info.generator(int(n_samples), rng)
    return Dataset(
        name=info.name,
        X=X,
        feature_names=info.feature_names,
        y=y,
        target_names=info.target_names if y is not None else (),
        description=info.description,
        source="built-in",
        default_xy=info.default_xy,
    )
