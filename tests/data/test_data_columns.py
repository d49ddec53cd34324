"""The one column resolver: the same spec means the same column in a file, a Dataset and a Selection.

Messages name roles in words (the x column, the features) and never a
command-line flag; each error lists the roles it is about, for a front end to
name its own way.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest

from kmtui.data import Dataset, load_dataset, read_csv
from kmtui.data.columns import Columns, choose, resolve, split_features
from kmtui.data.selection import select
from kmtui.errors import InputError

NAMES = Columns(names=("alpha", "Beta", "3", "gamma"), where="t")


@pytest.mark.parametrize(
    ("spec", "position"),
    [
        ("alpha", 0),
        (" alpha ", 0),  # spaces around a name do not count
        ("beta", 1),  # case is ignored when nothing matches exactly
        ("BETA", 1),
        ("3", 2),  # a header name wins over the index it spells
        ("0", 0),
        ("+1", 1),
        (3, 3),
        (np.int64(1), 1),
    ],
)
def test_resolve(spec: str | int, position: int) -> None:
    assert resolve(NAMES, spec) == position


@pytest.mark.parametrize(
    ("spec", "role", "message"),
    [
        ("delta", None, "unknown column 'delta' (columns: alpha, Beta, 3, gamma)"),
        ("delta", "x", "unknown x column 'delta' (columns: alpha, Beta, 3, gamma)"),
        (4, "y", "y column index 4 is out of range: the data has 4 columns (0 to 3)"),
        (-1, "features", "feature column index -1 is out of range"),
        ("-1", None, "column index -1 is out of range"),
        (True, "label", "label column must be a name or a 0-based index, not True"),
        (1.5, None, "column must be a name or a 0-based index, not 1.5"),
    ],
)
def test_resolve_refuses(spec: Any, role: Any, message: str) -> None:
    with pytest.raises(InputError) as info:
        resolve(NAMES, spec, role)
    assert message in info.value.message
    assert info.value.source == "t"
    assert info.value.roles == ((role,) if role else ())


def test_a_shared_name_is_ambiguous_in_either_case() -> None:
    cols = Columns(names=("a", "A", "b"), where="t", labels=(1, 2, 3), header_line=1)
    assert resolve(cols, "a") == 0  # an exact match first
    with pytest.raises(InputError, match="the x column name 'ab' is ambiguous: columns 1 and 2 have it"):
        resolve(Columns(names=("Ab", "aB", "c"), where="t"), " ab", "x")
    with pytest.raises(InputError) as info:
        resolve(Columns(names=("b", "B", "b"), where="t", labels=(1, "2 (B)", 3), header_line=4), "b")
    assert (info.value.line, info.value.column) == (4, 3)


def test_split_features() -> None:
    assert split_features(" a, b,,2 ") == ["a", "b", "2"]
    assert split_features(["a", 2]) == ["a", 2]


@pytest.mark.parametrize(
    ("kwargs", "message", "roles"),
    [
        ({"features": "alpha"}, "choose at least 2 feature columns, not 1", ("features",)),
        ({"features": ["alpha", 0]}, "column 'alpha' is listed twice in the features", ("features",)),
        ({"x": "gamma", "y": 3}, "x and y are the same column ('gamma'); pick two different columns", ("x", "y")),
        ({"features": [0, 1], "x": "gamma"}, "the x column ('gamma') is not among the features", ("x", "features")),
        ({"features": [0, 1], "y": 2}, "the y column ('3') is not among the features", ("y", "features")),
    ],
)
def test_choose_refuses(kwargs: dict[str, Any], message: str, roles: tuple[str, ...]) -> None:
    with pytest.raises(InputError) as info:
        choose(NAMES, **kwargs)
    assert info.value.message == message
    assert info.value.roles == roles


def test_choose_resolves_what_was_given() -> None:
    choice = choose(NAMES, x="gamma", features="gamma, alpha")
    assert (choice.x, choice.y, choice.features) == (3, None, (3, 0))
    assert choose(NAMES) == type(choice)(x=None, y=None, features=None)


# ------------------------------------------------------------------ one resolver, three users


@pytest.mark.parametrize("spec", ["b", "B", " b", "1", 1])
def test_a_spec_means_the_same_column_everywhere(spec: str | int) -> None:
    text = "a,b,c\n1,2,3\n4,5,6\n7,8,9\n"
    from_file = read_csv(io.StringIO(text), x=spec)
    ds = read_csv(io.StringIO(text))
    assert from_file.feature_names[from_file.default_xy[0]] == "b"
    assert ds.column_index(spec) == 1
    assert ds.select(x=spec).default_xy == (1, 0), "the default y gives way to the chosen x"
    assert select(ds, x=spec).x_name == "b"


@pytest.mark.parametrize("spec", [-1, "-1", 3])
def test_no_negative_or_past_the_end_index_anywhere(spec: str | int) -> None:
    text = "a,b,c\n1,2,3\n4,5,6\n"
    for call in (
        lambda: read_csv(io.StringIO(text), x=spec),
        lambda: read_csv(io.StringIO(text)).column_index(spec),
        lambda: select(read_csv(io.StringIO(text)), x=spec),
    ):
        with pytest.raises(InputError, match=f"column index {int(spec)} is out of range"):
            call()


# ------------------------------------------------------------------ roles, not flags


def _errors() -> list[InputError]:
    iris = load_dataset("iris")
    labeled = "a,b,c,kind\n1,2,3,p\n4,5,6,q\n"
    attempts = [
        lambda: select(iris, x="nope"),
        lambda: select(iris, y=9),
        lambda: select(iris, x=0, y="sepal_length"),
        lambda: select(iris, features="0"),
        lambda: select(iris, features=[0, 0]),
        lambda: select(iris, features=[0, 1], x=2),
        lambda: iris.select(features=[0, 1], y=3),
        lambda: read_csv(io.StringIO(labeled), label="zz"),
        lambda: read_csv(io.StringIO(labeled), label="a", x="a"),
        lambda: read_csv(io.StringIO(labeled), x="kind"),
        lambda: read_csv(io.StringIO(labeled), features=["a", "b"], y="c"),
    ]
    errors = []
    for attempt in attempts:
        with pytest.raises(InputError) as info:
            attempt()
        errors.append(info.value)
    return errors


def test_data_messages_name_roles_never_flags() -> None:
    errors = _errors()
    for error in errors:
        assert "--" not in str(error), str(error)
        assert error.roles, f"no roles on {error}"
    assert [e.roles for e in errors] == [
        ("x",), ("y",), ("x", "y"), ("features",), ("features",), ("x", "features"), ("y", "features"),
        ("label",), ("x", "label"), ("x",), ("y", "features"),
    ]
    assert str(errors[5]) == "iris: the x column ('petal_length') is not among the features"


def test_render_names_the_roles_its_own_way() -> None:
    error = InputError("x and y are the same column ('a')", source="f.csv", line=2, roles=("x", "y"))
    assert str(error) == "f.csv, line 2: x and y are the same column ('a')"
    assert error.render({"x": "--x", "y": "--y"}) == "f.csv, line 2, --x and --y: x and y are the same column ('a')"
    assert error.render({"x": "the X box"}) == "f.csv, line 2, the X box: x and y are the same column ('a')"
    assert InputError("bad").render({"x": "--x"}) == "bad"


def test_a_dataset_with_one_column_cannot_be_drawn() -> None:
    ds = Dataset("one", np.zeros((3, 1)), ("a",), default_xy=(0, 0))
    with pytest.raises(InputError, match="needs at least 2 numeric columns to draw, found 1"):
        select(ds)
    with pytest.raises(InputError, match="choose at least 2 feature columns, not 1"):
        ds.select()
