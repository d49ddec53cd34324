"""read_csv on well-formed files: a corpus of layouts, each checked value by value."""

from __future__ import annotations

import codecs
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui.data import Dataset, read_csv, standardize
from kmtui.data.csv.table import Table as _Table


@dataclass
class Good:
    """A well-formed file and exactly what reading it must give."""

    id: str
    data: bytes
    X: list[list[float]]
    names: tuple[str, ...]
    labels: list[str] | None = None  # the label of each row, or None when unlabeled
    xy: tuple[int, int] = (0, 1)
    options: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


GOOD = [
    Good("header-comma", b"a,b\n1,2\n3.5,-4\n", [[1, 2], [3.5, -4]], ("a", "b")),
    Good("no-header", b"1,2\n3,4\n5,6\n", [[1, 2], [3, 4], [5, 6]], ("col0", "col1")),
    Good("semicolon", b"x;y\n1;2\n3;4\n", [[1, 2], [3, 4]], ("x", "y")),
    Good("tab", b"x\ty\tz\n1\t2\t3\n4\t5\t6\n", [[1, 2, 3], [4, 5, 6]], ("x", "y", "z")),
    Good("utf8-bom", codecs.BOM_UTF8 + b"a,b\n1,2\n3,4\n", [[1, 2], [3, 4]], ("a", "b")),
    Good(
        "quoted-numbers-and-names",
        b'"width","height"\n"1.5","2"\n"3",4\n',
        [[1.5, 2], [3, 4]],
        ("width", "height"),
    ),
    Good("crlf", b"a,b\r\n1,2\r\n3,4\r\n", [[1, 2], [3, 4]], ("a", "b")),
    Good("cr-only", b"a;b\r1;2\r3;4\r", [[1, 2], [3, 4]], ("a", "b")),
    Good(
        "blank-lines-anywhere",
        b"\n\na,b\n\n1,2\n   \n3,4\n\n\n",
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "spaces-after-delimiters",
        b"a, b\n 1, 2\n3 , 4 \n",
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "scientific-signs",
        b"a,b\n1e3,-2.5E-2\n+7,.5\n",
        [[1000, -0.025], [7, 0.5]],
        ("a", "b"),
    ),
    Good(
        "decimal-comma-semicolon",
        b"a;b\n1,5;2\n3;4,25\n",
        [[1.5, 2], [3, 4.25]],
        ("a", "b"),
    ),
    Good(
        "utf16-tab-from-a-spreadsheet",
        codecs.BOM_UTF16_LE + "a\tb\n1\t2\n3\t4\n".encode("utf-16-le"),
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "label-autodetected",
        b"sl,sw,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n4.9,3.0,setosa\n",
        [[5.1, 3.5], [7.0, 3.2], [4.9, 3.0]],
        ("sl", "sw"),
        labels=["setosa", "versicolor", "setosa"],
    ),
    Good(
        "label-first-column",
        b"kind,a,b\ncat,1,2\ndog,3,4\n",
        [[1, 2], [3, 4]],
        ("a", "b"),
        labels=["cat", "dog"],
    ),
    Good(
        "label-numeric-by-name",
        b"a,b,cls\n1,2,1\n3,4,0\n5,6,1\n",
        [[1, 2], [3, 4], [5, 6]],
        ("a", "b"),
        labels=["1", "0", "1"],
        options={"label": "cls"},
    ),
    Good(
        "two-text-columns-no-label",
        b"name,a,b,city\nann,1,2,rome\nbob,3,4,oslo\n",
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "columns-by-index",
        b"a,b,c\n1,2,3\n4,5,6\n",
        [[1, 2, 3], [4, 5, 6]],
        ("a", "b", "c"),
        xy=(2, 0),
        options={"x": 2, "y": "0"},
    ),
    Good(
        "features-and-xy-by-name",
        b"a,b,c,d\n1,2,3,4\n5,6,7,8\n",
        [[4, 2, 3], [8, 6, 7]],
        ("d", "b", "c"),
        xy=(2, 0),
        options={"features": ["d", "b", 2], "x": "c", "y": "d"},
    ),
    Good(
        "features-as-a-comma-string",
        b"a,b,c\n1,2,3\n4,5,6\n",
        [[3, 1], [6, 4]],
        ("c", "a"),
        options={"features": "c, a"},
    ),
    Good(
        "names-case-insensitive",
        b"Sepal,Petal\n1,2\n3,4\n",
        [[1, 2], [3, 4]],
        ("Sepal", "Petal"),
        xy=(1, 0),
        options={"x": "petal", "y": "SEPAL"},
    ),
    Good(
        "no-header-index-names",
        b"1,2,3\n4,5,6\n",
        [[1, 2, 3], [4, 5, 6]],
        ("col0", "col1", "col2"),
        xy=(1, 2),
        options={"x": "col1", "y": 2},
    ),
    Good(
        "missing-values-dropped",
        b"a,b\n1,2\n,3\n4,NA\n5,6\nN/A,7\n8,nan\nnull,9\n?,10\n11,NaN\n12, na \n13,14\n",
        [[1, 2], [5, 6], [13, 14]],
        ("a", "b"),
        warnings=(
            "{src}: dropped 8 rows with missing values (lines 3, 4, 6, 7, 8, …)",
        ),
    ),
    Good(
        "missing-label-dropped-missing-unused-column-kept",
        b"a,b,c,kind\n1,2,,x\n3,4,5,\n6,7,8,y\n",
        [[1, 2], [6, 7]],
        ("a", "b"),
        labels=["x", "y"],
        options={"features": ["a", "b"]},
        warnings=("{src}: dropped 1 row with missing values (line 3)",),
    ),
    Good(
        "missing-line-numbers-count-blank-and-crlf-lines",
        b"a,b\r\n\r\n1,2\r\n\r\n3,\r\n4,5\r\n",
        [[1, 2], [4, 5]],
        ("a", "b"),
        warnings=("{src}: dropped 1 row with missing values (line 5)",),
    ),
    Good(
        "quoted-text-over-two-lines",
        b'note,a,b\n"two\nlines",1,2\nplain,3,4\n,5,NA\n',
        [[1, 2], [3, 4]],
        ("a", "b"),
        labels=["two lines", "plain"],  # shown on one line: newlines in a label become spaces
        warnings=("{src}: dropped 1 row with missing values (line 5)",),
    ),
    Good(
        "pandas-index-column",
        b",a,b\n0,1.5,2\n1,3,4\n2,5,6\n",
        [[1.5, 2], [3, 4], [5, 6]],
        ("a", "b"),
        warnings=(
            "{src}: column 1 has no name and counts 0, 1, 2, …: "
            "read as a row index, not a feature",
        ),
    ),
    Good(
        "r-write-table-header-one-short",
        b'"a" "b"\n'.replace(b" ", b",") + b'"1",1.5,2\n"2",3,4\n',
        [[1.5, 2], [3, 4]],
        ("a", "b"),
        warnings=(
            "{src}: column 1 has no name and counts 1, 2, 3, …: "
            "read as a row index, not a feature",
        ),
    ),
    Good(
        "trailing-delimiters",
        b"a,b,\n1,2,\n3,4,\n",
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "one-row-with-trailing-empty-field",
        b"a,b\n1,2\n3,4,\n",
        [[1, 2], [3, 4]],
        ("a", "b"),
    ),
    Good(
        "iris-like",
        b"sepal_length,sepal_width,petal_length,petal_width,species\n"
        b"5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n",
        [[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]],
        ("sepal_length", "sepal_width", "petal_length", "petal_width"),
        labels=["setosa", "versicolor", "virginica"],
        xy=(2, 3),
        options={"x": "petal_length", "y": "petal_width"},
    ),
]


def _check(ds: Dataset, case: Good, src: str) -> None:
    assert ds.X.dtype == np.float64
    np.testing.assert_array_equal(ds.X, np.array(case.X, dtype=np.float64))
    assert ds.feature_names == case.names
    assert ds.default_xy == case.xy
    if case.labels is None:
        assert ds.y is None and ds.target_names == ()
    else:
        assert ds.y is not None
        assert [ds.target_names[c] for c in ds.y] == case.labels
        # Codes in order of first appearance.
        assert list(ds.target_names) == list(dict.fromkeys(case.labels))
    assert ds.warnings == tuple(w.format(src=src) for w in case.warnings)


@pytest.mark.parametrize("case", GOOD, ids=[c.id for c in GOOD])
def test_good_file_from_a_path(case: Good, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(case.data)
    ds = read_csv(path, **case.options)
    _check(ds, case, str(path))
    assert ds.name == "data"
    assert ds.source == str(path)


@pytest.mark.parametrize("case", GOOD, ids=[c.id for c in GOOD])
def test_good_file_from_a_binary_stream(case: Good) -> None:
    ds = read_csv(io.BytesIO(case.data), **case.options)
    _check(ds, case, "<stream>")
    assert ds.name == "stream"


@pytest.mark.parametrize("case", GOOD, ids=[c.id for c in GOOD])
def test_good_file_from_standard_input(case: Good, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.data)))
    ds = read_csv("-", **case.options)
    _check(ds, case, "<stdin>")
    assert ds.name == "stdin"
    assert ds.source == "<stdin>"


def test_text_stream_with_a_name(tmp_path: Path) -> None:
    path = tmp_path / "measurements.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    with open(path, encoding="utf-8", newline="") as f:
        ds = read_csv(f)
    assert ds.name == "measurements" and ds.source == str(path)
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])


def test_stdin_without_a_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a;b\n1;2\n3;4\n"))
    np.testing.assert_array_equal(read_csv("-").X, [[1, 2], [3, 4]])


def test_name_option_and_str_path(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_bytes(b"1\t2\n3\t4\n")
    ds = read_csv(str(path), name="mine")
    assert ds.name == "mine"
    assert "2 rows" in ds.description and "\n" not in ds.description


def test_exact_floats_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(500, 3)) * 10.0 ** rng.integers(-20, 20, size=(500, 3))
    path = tmp_path / "floats.csv"
    path.write_text("a,b,c\n" + "".join(",".join(repr(float(v)) for v in row) + "\n" for row in X))
    np.testing.assert_array_equal(read_csv(path).X, X)


def test_fast_and_careful_paths_agree() -> None:
    rng = np.random.default_rng(2)
    X = np.round(rng.normal(size=(300, 3)) * 100, 4)
    text = "p,q,r\n\n" + "".join(f"{a},{b},{c}\r\n" for a, b, c in X)
    fast = _Table(text, "t", fast=True)
    careful = _Table(text, "t", fast=False)
    assert fast.names == careful.names == ["p", "q", "r"]
    assert fast.header_line == careful.header_line == 1
    for f, c in zip(fast.columns, careful.columns):
        np.testing.assert_array_equal(f.values, c.values)
    # Line numbers, found lazily on the fast path, count the blank line.
    np.testing.assert_array_equal(fast.lines, careful.lines)
    assert fast.lines[0] == 3


def test_a_large_file_takes_the_fast_path_and_keeps_every_row(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    X = np.round(rng.uniform(-1000, 1000, size=(20000, 2)), 3)
    path = tmp_path / "big.csv"
    with open(path, "w") as f:
        f.write("x,y\n")
        np.savetxt(f, X, delimiter=",", fmt="%.3f")
    ds = read_csv(path)
    np.testing.assert_array_equal(ds.X, X)


def test_default_xy_skips_a_chosen_y() -> None:
    ds = read_csv(io.BytesIO(b"a,b,c\n1,2,3\n4,5,6\n"), y="a")
    assert ds.default_xy == (1, 0)


def test_only_x_given_and_label_excluded_from_features() -> None:
    ds = read_csv(io.BytesIO(b"a,b,c\n1,2,0\n4,5,1\n"), x="b", label=2)
    assert ds.feature_names == ("a", "b")
    assert ds.default_xy == (1, 0)
    assert ds.target_names == ("0", "1")


def test_explicit_index_column_can_still_be_a_feature() -> None:
    ds = read_csv(io.BytesIO(b",a\n0,5\n1,6\n2,7\n"), x=0)
    assert ds.feature_names == ("col0", "a")
    np.testing.assert_array_equal(ds.X, [[0, 5], [1, 6], [2, 7]])


def test_label_codes_renumbered_after_drops() -> None:
    ds = read_csv(io.BytesIO(b"a,b,k\n1,,first\n2,3,second\n4,5,first\n"))
    assert ds.target_names == ("second", "first")
    assert ds.y.tolist() == [0, 1]


def test_many_distinct_text_values_are_not_a_label() -> None:
    body = "".join(f"item{i},{i},{2 * i}\n" for i in range(40))
    ds = read_csv(io.StringIO("name,a,b\n" + body))
    assert ds.y is None
    assert ds.warnings == (
        "<stream>: column 1 (name) has 40 different values, too many for known labels (at most 20); "
        "it is ignored: to use it, choose it as the label",
    )
    # Chosen explicitly, it is a label all the same.
    assert len(read_csv(io.StringIO("name,a,b\n" + body), label="name").target_names) == 40


# ------------------------------------------------------------------ the file is left alone


@pytest.mark.parametrize(
    "data",
    [b"a,b\n1,2\n3,4\n", b"a,b\n1,\n3,4\n", b"a,b\n1,abc\n3,4\n", b"\xff\xfe\x00garbage"],
    ids=["good", "missing", "bad-number", "binary"],
)
def test_reading_never_changes_the_file(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "keep.csv"
    path.write_bytes(data)
    old = 1_000_000_000
    os.utime(path, ns=(old, old))
    before = path.stat()
    try:
        read_csv(path)
    except ValueError:
        pass
    after = path.stat()
    assert path.read_bytes() == data
    assert after.st_mtime_ns == before.st_mtime_ns == old
    assert after.st_size == before.st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]


# ------------------------------------------------------------------ Dataset helpers


def test_standardize() -> None:
    X = np.array([[1.0, 5.0, 2.0], [3.0, 5.0, 4.0], [5.0, 5.0, 9.0]])
    Z = standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(Z[:, [0, 2]].std(axis=0), 1.0)
    np.testing.assert_array_equal(Z[:, 1], 0.0)  # constant column: zeros, not NaN
    np.testing.assert_allclose(Z[:, 0], [-np.sqrt(1.5), 0.0, np.sqrt(1.5)])
    assert X[0, 0] == 1.0  # input untouched


def test_standardize_matches_scikit_learn() -> None:
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    X = np.random.default_rng(0).normal(3, 7, size=(50, 4))
    X[:, 2] = 0.1  # constant, with rounding in its mean
    np.testing.assert_allclose(
        standardize(X), preprocessing.StandardScaler().fit_transform(X), atol=1e-12
    )
