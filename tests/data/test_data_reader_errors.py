"""read_csv on malformed input: each problem gives one plain line naming file, line and column."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmtui.data import read_csv
from kmtui.errors import InputError


@dataclass
class Bad:
    """A malformed file, the words its message must contain, and where it must point."""

    id: str
    data: bytes
    message: str
    line: int | None = None
    column: int | str | None = None
    options: dict[str, Any] = field(default_factory=dict)


BAD = [
    Bad("empty-file", b"", "the file is empty"),
    Bad("only-whitespace", b"\n  \n\r\n\t\n", "the file is empty"),
    Bad("only-a-header", b"a,b,c\n", "the file has a header but no data rows", line=1),
    Bad(
        "header-then-blank-lines",
        b"\n\na,b\n\n\n",
        "the file has a header but no data rows",
        line=3,
    ),
    Bad("one-column", b"a\n1\n2\n3\n", "found only 1 column"),
    Bad(
        "one-numeric-column",
        b"a,name\n1,x\n2,y\n3,z\n",
        "found 1 numeric column (a); kmtui needs at least 2",
    ),
    Bad("no-numeric-column", b"name,city\nann,rome\nbob,oslo\n", "found 0 numeric columns (none)"),
    Bad("text-in-a-number-column", b"a,b\n1,2\n3,abc\n5,6\n", "'abc' is not a number", 3, "2 (b)"),
    Bad(
        "text-no-header",
        b"1,2\n3,4\n5,6\nseven,8\n",
        "'seven' is not a number",
        4,
        1,
    ),
    Bad(
        "text-semicolon-crlf-after-blank-lines",
        b"a;b\r\n\r\n1;2\r\n\r\n3;4x\r\n5;6\r\n",
        "'4x' is not a number",
        5,
        "2 (b)",
    ),
    Bad(
        "text-after-a-two-line-quoted-field",
        b'note,a,b\n"one\ntwo",1,2\nfine,3,4\nfine,oops,5\n',
        "'oops' is not a number",
        5,
        "2 (a)",
    ),
    Bad("infinity", b"a,b\n1,2\ninf,4\n", "'inf' is not a finite number", 3, "1 (a)"),
    Bad("overflow", b"a,b\n1,2\n3,1e400\n", "'1e400' is too large", 3, "2 (b)"),
    Bad("too-large-to-square", b"a,b\n1,2\n-2e200,4\n", "'-2e200' is too large", 3, "1 (a)"),
    Bad(
        "earliest-problem-wins",
        b"a,b\n1,2\n3,4\n5,xx\nyy,8\n",
        "'xx' is not a number",
        4,
        "2 (b)",
    ),
    Bad(
        "ragged-long-row",
        b"a,b\n1,2\n3,4\n5,6,7\n",
        "this row has 3 fields but line 1 has 2",
        4,
    ),
    Bad(
        "ragged-short-row",
        b"x;y;z\n1;2;3\n4;5\n",
        "this row has 2 fields but line 1 has 3",
        3,
    ),
    Bad("nul-bytes", b"a,b\n1,2\x00\x01\x02\n", "contains NUL bytes", 2),
    Bad("not-utf8", b"a,b\n1,2\ncaf\xe9,3\n", "byte 0xe9 is not UTF-8 text", 3),
    Bad(
        "unclosed-quote",
        b'a,b\n1,2\n3,"4\n5,6\n',
        "its closing quote is missing",
        3,
        2,
    ),
    Bad(
        "unknown-column-name",
        b"a,b\n1,2\n",
        "unknown x column 'z' (columns: a, b)",
        options={"x": "z"},
    ),
    Bad(
        "index-out-of-range",
        b"a,b\n1,2\n",
        "y column index 5 is out of range: the file has 2 columns (0 to 1)",
        options={"y": 5},
    ),
    Bad(
        "digit-string-out-of-range",
        b"1,2\n3,4\n",
        "x column index 9 is out of range",
        options={"x": "9"},
    ),
    Bad(
        "x-equals-y",
        b"a,b\n1,2\n",
        "x and y are the same column (2 (b))",
        options={"x": "b", "y": 1},
    ),
    Bad(
        "label-is-a-feature",
        b"a,b,c\n1,2,3\n",
        "column 3 (c) is the label, so it cannot also be a feature",
        options={"label": "c", "features": ["a", "c"]},
    ),
    Bad(
        "label-is-x",
        b"a,b,c\n1,2,3\n",
        "column 1 (a) is the label, so it cannot also be an x",
        options={"label": 0, "x": "a"},
    ),
    Bad(
        "duplicate-name-referenced",
        b"a,b,a\n1,2,3\n",
        "the x column name 'a' is ambiguous: columns 1 and 3 have it",
        1,
        "3 (a)",
        options={"x": "a"},
    ),
    Bad(
        "duplicate-names-among-features",
        b"a,b,a\n1,2,3\n4,5,6\n",
        "column name 'a' is used by columns 1 and 3",
        1,
        "3 (a)",
    ),
    Bad(
        "text-column-as-x",
        b"a,b,species\n1,2,setosa\n3,4,virginica\n",
        "'setosa' is not a number: the x column holds text",
        2,
        "3 (species)",
        options={"x": "species"},
    ),
    Bad(
        "empty-column-as-feature",
        b"a,b,c\n1,2,\n3,4,\n",
        "the feature column has no values",
        None,
        "3 (c)",
        options={"features": ["a", "c"]},
    ),
    Bad(
        "x-not-among-features",
        b"a,b,c\n1,2,3\n",
        "the x column (3 (c)) is not among the features",
        options={"features": ["a", "b"], "x": "c"},
    ),
    Bad(
        "one-feature",
        b"a,b,c\n1,2,3\n",
        "choose at least 2 feature columns, not 1",
        options={"features": ["a"]},
    ),
    Bad(
        "feature-twice",
        b"a,b,c\n1,2,3\n",
        "column 1 (a) is listed twice in the features",
        options={"features": ["a", 0]},
    ),
    Bad(
        "no-rows-left",
        b"a,b\n1,\nNA,2\n?,?\n",
        "no rows left: all 3 rows have a missing value in a used column",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_file_names_the_problem_and_where(case: Bad, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(case.data)
    with pytest.raises(InputError) as info:
        read_csv(path, **case.options)
    error = info.value
    assert case.message in error.message
    assert error.source == str(path)
    assert error.line == case.line
    assert error.column == case.column
    # One plain line that starts with where it is.
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    where = [str(path)] + ([f"line {case.line}"] if case.line else [])
    where += [f"column {case.column}"] if case.column is not None else []
    assert text == f"{', '.join(where)}: {error.message}"
    # Nothing was raised past InputError: it is a ValueError, as the CLI expects.
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("case", BAD[:12], ids=[c.id for c in BAD[:12]])
def test_same_problem_from_standard_input(case: Bad, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.data)))
    with pytest.raises(InputError) as info:
        read_csv("-", **case.options)
    assert case.message in info.value.message
    assert info.value.source == "<stdin>"
    assert info.value.line == case.line


def test_no_such_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert str(info.value) == f"{path}: no such file"
    assert not path.exists()


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_csv(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory, not a CSV file"


# An unreadable file: tests/test_permissions.py (it runs kmtui without root's powers, so it runs in CI too).


def test_stdin_that_is_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    with pytest.raises(InputError, match="standard input is a terminal"):
        read_csv("-")


def test_long_cells_are_shortened_in_messages() -> None:
    cell = "x" * 100
    with pytest.raises(InputError) as info:
        read_csv(io.StringIO(f"a,b\n1,2\n3,4\n5,{cell}\n"))
    assert "'" + "x" * 37 + "...' is not a number" in info.value.message
    assert len(str(info.value)) < 120


def test_bad_source_type() -> None:
    with pytest.raises(TypeError):
        read_csv(42)  # type: ignore[arg-type]


def test_problems_in_unused_columns_do_not_matter() -> None:
    ds = read_csv(io.StringIO("a,b,c\n1,2,x1\n3,4,5\n5,6,7\n"), features=["a", "b"])
    assert ds.X.tolist() == [[1, 2], [3, 4], [5, 6]]


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    ["1", "2.5", "-3e2", ",", ";", "\t", "\n", "\r\n", '"', "", "NA", "abc", "inf", "1,5", " ", "?"]
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.booleans())
def test_any_text_gives_a_dataset_or_one_input_error(pieces: list[str], as_bytes: bool) -> None:
    text = "".join(pieces)
    source = io.BytesIO(text.encode()) if as_bytes else io.StringIO(text)
    try:
        ds = read_csv(source)
    except InputError as error:
        assert "\n" not in str(error) and error.message
    else:
        assert ds.X.ndim == 2 and ds.X.shape[1] >= 2 and ds.X.shape[0] >= 1
        assert all(0 <= i < ds.n_features for i in ds.default_xy)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(-1e12, 1e12, allow_nan=False), min_size=3, max_size=3),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.booleans(),
)
def test_numbers_written_are_numbers_read(
    rows: list[list[float]], delimiter: str, newline: str, header: bool, quoted: bool
) -> None:
    q = '"' if quoted else ""
    lines = [delimiter.join(f"{q}{v!r}{q}" for v in row) for row in rows]
    if header:
        lines.insert(0, delimiter.join(["alpha", "beta", "gamma"]))
    ds = read_csv(io.StringIO(newline.join(lines) + newline))
    assert ds.X.tolist() == rows
    assert ds.feature_names == (("alpha", "beta", "gamma") if header else ("col0", "col1", "col2"))
