"""Choosing columns: the one resolver of a column spec, and the checks every choice passes.

A column is given by its header name or its 0-based index (an int or a
string of digits). :func:`resolve` turns one such spec into a position; it is
the only place that does, for a CSV file's columns (:mod:`kmtui.data.csv`), a
Dataset's (:meth:`~kmtui.data.dataset.Dataset.column_index`) and a Selection's
(:func:`~kmtui.data.selection.select`). :func:`choose` resolves x, y and the
features together and checks what any choice of them must satisfy.

Messages name the role a column plays in words ("the x column", "the
features"), never a command-line flag; each :class:`~kmtui.errors.InputError`
lists its roles so that a front end can name them its own way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kmtui.errors import InputError

ColumnSpec = str | int
Role = Literal["x", "y", "features", "label"]

#: How a message names a column that plays each role: "the x column", "a feature column".
ROLE_WORDS: dict[Role, str] = {"x": "x", "y": "y", "features": "feature", "label": "label"}


def split_features(features: Sequence[ColumnSpec] | str) -> list[ColumnSpec]:
    """Column specs as a list; a string is split at commas (``"a, b,2"`` → ``["a", "b", "2"]``)."""
    if isinstance(features, str):
        return [f for f in (part.strip() for part in features.split(",")) if f]
    return list(features)


@dataclass(frozen=True)
class Columns:
    """The columns a choice is made from, and how messages name them.

    Attributes
    ----------
    names : tuple of str
        One name per column, as specs match them.
    where : str
        The source messages name (a file, ``<stdin>``, a dataset's name).
    owner : str
        What holds the columns, in "… has 3 columns": ``the file``, ``the data``.
    labels : tuple of (int or str), optional
        How messages name each column of a file: its 1-based position, with
        its header name when it has one (``3``, ``"3 (petal_length)"``). None
        for a Dataset, whose columns are named by their quoted names.
    header_line : int, optional
        The 1-based line of a file's header, where a clash of names is.
    """

    names: tuple[str, ...]
    where: str
    owner: str = "the data"
    labels: tuple[int | str, ...] | None = None
    header_line: int | None = None

    @property
    def n(self) -> int:
        return len(self.names)

    def label(self, j: int) -> int | str | None:
        """Column ``j`` for :attr:`InputError.column`: a file's label, or None for a Dataset."""
        return self.labels[j] if self.labels is not None else None

    def show(self, j: int) -> str:
        """Column ``j`` inside a message: ``3 (petal_length)`` or ``'petal_length'``."""
        return str(self.labels[j]) if self.labels is not None else repr(self.names[j])

    def describe(self, j: int) -> str:
        """``column 3 (petal_length)`` or ``column 'petal_length'``."""
        return f"column {self.show(j)}"


def resolve(columns: Columns, spec: ColumnSpec, role: Role | None = None) -> int:
    """A header name or 0-based index → the column's position.

    Parameters
    ----------
    columns : Columns
        What to choose from.
    spec : str or int
        A header name (matched exactly, else ignoring case; surrounding spaces
        do not count), or a 0-based index as an int or a string of digits. A
        string that is a header name is the name, even when it is digits.
        There are no negative indices: ``-1`` is out of range.
    role : {"x", "y", "features", "label"}, optional
        What the column is for; messages name it.

    Raises
    ------
    InputError
        For an unknown name, a name two columns share, an index out of range
        or a spec of the wrong type.
    """
    word = f"{ROLE_WORDS[role]} " if role is not None else ""
    roles: tuple[Role, ...] = (role,) if role is not None else ()
    if isinstance(spec, bool) or not isinstance(spec, (str, int, np.integer)):
        raise InputError(
            f"{word}column must be a name or a 0-based index, not {spec!r}",
            source=columns.where,
            roles=roles,
        )
    if isinstance(spec, str):
        name = spec.strip()
        matches = [j for j, n in enumerate(columns.names) if n.strip() == name]
        if not matches:
            matches = [j for j, n in enumerate(columns.names) if n.strip().lower() == name.lower()]
        if len(matches) > 1:
            raise InputError(
                f"the {word}column name {name!r} is ambiguous: columns "
                f"{' and '.join(str(j + 1) for j in matches)} have it; rename one or "
                "give a 0-based index",
                source=columns.where,
                line=columns.header_line or None,
                column=columns.label(matches[1]),
                roles=roles,
            )
        if matches:
            return matches[0]
        if not re.fullmatch(r"[+-]?\d+", name):
            raise InputError(
                f"unknown {word}column {name!r} (columns: {', '.join(columns.names)})",
                source=columns.where,
                roles=roles,
            )
        index = int(name)
    else:
        index = int(spec)
    n = columns.n
    if not 0 <= index < n:
        raise InputError(
            f"{word}column index {index} is out of range: {columns.owner} has {n} "
            f"column{'s' if n != 1 else ''} (0 to {n - 1})",
            source=columns.where,
            roles=roles,
        )
    return index


@dataclass(frozen=True)
class Choice:
    """Resolved positions: None where the choice was not given."""

    x: int | None
    y: int | None
    features: tuple[int, ...] | None


def choose(
    columns: Columns,
    *,
    x: ColumnSpec | None = None,
    y: ColumnSpec | None = None,
    features: Sequence[ColumnSpec] | str | None = None,
) -> Choice:
    """Resolve the x and y columns and the features, and check them together.

    The features, when given, are at least two different columns; x and y
    are different columns; and when the features are given, x and y are
    among them. Defaults (which pair is drawn, which columns are clustered
    when no features are given) are the caller's to fill in.

    Raises
    ------
    InputError
        The first problem, with the roles it concerns.
    """
    x_col = resolve(columns, x, "x") if x is not None else None
    y_col = resolve(columns, y, "y") if y is not None else None
    chosen: tuple[int, ...] | None = None
    if features is not None:
        chosen = tuple(resolve(columns, spec, "features") for spec in split_features(features))
        for i, j in enumerate(chosen):
            if j in chosen[:i]:
                raise InputError(
                    f"{columns.describe(j)} is listed twice in the features",
                    source=columns.where,
                    roles=("features",),
                )
        if len(chosen) < 2:
            raise InputError(
                f"choose at least 2 feature columns, not {len(chosen)}",
                source=columns.where,
                roles=("features",),
            )
    if x_col is not None and x_col == y_col:
        raise InputError(
            f"x and y are the same column ({columns.show(x_col)}); pick two different columns",
            source=columns.where,
            roles=("x", "y"),
        )
    if chosen is not None:
        for role, col in (("x", x_col), ("y", y_col)):
            if col is not None and col not in chosen:
                raise InputError(
                    f"the {role} column ({columns.show(col)}) is not among the features",
                    source=columns.where,
                    roles=(role, "features"),
                )
    return Choice(x=x_col, y=y_col, features=chosen)
