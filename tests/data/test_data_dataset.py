"""Dataset: validation, selection of features and drawn pair, standardizing; the layer's purity."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kmtui.data import Dataset, load_dataset
from kmtui.errors import InputError


def _ds(**kwargs: object) -> Dataset:
    base: dict[str, object] = {
        "name": "t",
        "X": np.arange(12, dtype=float).reshape(4, 3),
        "feature_names": ("a", "b", "c"),
    }
    base.update(kwargs)
    return Dataset(**base)  # type: ignore[arg-type]


def test_x_is_float64_read_only_and_the_callers_array_is_untouched() -> None:
    X = np.arange(6).reshape(3, 2)  # ints
    ds = Dataset("t", X, ("a", "b"))
    assert ds.X.dtype == np.float64 and not ds.X.flags.writeable
    Xf = np.zeros((3, 2))
    ds2 = Dataset("t", Xf, ("a", "b"))
    assert Xf.flags.writeable  # the caller's own array keeps its flags
    assert not ds2.X.flags.writeable


def test_y_without_names_gets_code_names() -> None:
    ds = _ds(y=np.array([0, 2, 1, 2]))
    assert ds.target_names == ("0", "1", "2")
    assert ds.y.dtype == np.int64 and ds.labeled


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"X": np.zeros(4)}, "2-D"),
        ({"feature_names": ("a", "b")}, "2 names for 3 columns"),
        ({"y": np.array([0, 1])}, "shape"),
        ({"y": np.array([0, 1, 2, 3]), "target_names": ("p", "q")}, "code 3"),
        ({"y": np.array([0.5, 1, 2, 3])}, "integer codes"),
        ({"default_xy": (0, 3)}, "out of range"),
    ],
)
def test_invalid_datasets_are_refused(kwargs: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        _ds(**kwargs)


def test_nan_is_refused_with_where() -> None:
    X = np.ones((3, 2))
    X[2, 1] = np.nan
    with pytest.raises(InputError, match=r"row 2, column 1"):
        Dataset("t", X, ("a", "b"))


def test_xy_is_the_drawn_pair() -> None:
    ds = _ds(default_xy=(2, 0))
    np.testing.assert_array_equal(ds.xy, ds.X[:, [2, 0]])


def test_column_index() -> None:
    ds = _ds()
    assert ds.column_index("c") == 2
    assert ds.column_index("1") == 1
    # columns are header names or 0-based indices: no Python-style negative index
    with pytest.raises(InputError, match="out of range"):
        ds.column_index(-1)
    with pytest.raises(InputError, match="out of range"):
        ds.column_index("-1")
    with pytest.raises(InputError, match="unknown column 'z'"):
        ds.column_index("z")
    with pytest.raises(InputError, match="out of range"):
        ds.column_index(3)


def test_select_features_and_pair() -> None:
    iris = load_dataset("iris")
    sub = iris.select(features=["sepal_length", "petal_width", 2], x="petal_length", y=0)
    assert sub.feature_names == ("sepal_length", "petal_width", "petal_length")
    assert sub.default_xy == (2, 0)
    np.testing.assert_array_equal(sub.X, iris.X[:, [0, 3, 2]])
    np.testing.assert_array_equal(sub.y, iris.y)
    assert sub.target_names == iris.target_names and sub.name == "iris"


def test_select_keeps_the_drawn_pair_when_it_can() -> None:
    iris = load_dataset("iris")  # draws petal_length × petal_width
    assert iris.select().default_xy == (2, 3)
    kept = iris.select(features=["petal_width", "sepal_width", "petal_length"])
    assert kept.default_xy == (2, 0)
    moved = iris.select(x="sepal_width")
    assert moved.default_xy == (1, 3)
    dropped = iris.select(features=["sepal_length", "sepal_width"])
    assert dropped.default_xy == (0, 1)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"features": ["a"]}, "at least 2"),
        ({"features": ["a", 0]}, "listed twice"),
        ({"features": ["a", "b"], "x": "c"}, "not among the features"),
        ({"x": "a", "y": 0}, "same column"),
        ({"x": "zz"}, "unknown column"),
    ],
)
def test_select_refuses(kwargs: dict[str, object], error: str) -> None:
    with pytest.raises(InputError, match=error):
        _ds().select(**kwargs)  # type: ignore[arg-type]


def test_standardized_dataset() -> None:
    ds = load_dataset("iris").standardized()
    np.testing.assert_allclose(ds.X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(ds.X.std(axis=0), 1.0)
    assert ds.feature_names == load_dataset("iris").feature_names and ds.default_xy == (2, 3)


def test_data_layer_imports_only_numpy_and_the_standard_library() -> None:
    code = (
        "import sys, kmtui.data, kmtui.data.reader, kmtui.data.builtin, kmtui.data.generators\n"
        "kmtui.data.load_dataset('iris')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'textual', 'rich', 'plotext', 'pandas', 'sklearn', 'scipy', 'kneed'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
