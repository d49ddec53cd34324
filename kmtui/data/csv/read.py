"""read_csv: a person's own CSV file → a :class:`~kmtui.data.dataset.Dataset`.

The pipeline: :mod:`~kmtui.data.csv.decode` (source → text),
:mod:`~kmtui.data.csv.sniff` (delimiter, header), :mod:`~kmtui.data.csv.table`
(rows → converted columns), :mod:`~kmtui.data.csv.columns` (which columns are
features, drawn, the label); then the rows with a missing value are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.data.columns import ColumnSpec
from kmtui.data.csv.columns import choose_columns, choose_labels, lines_list
from kmtui.data.csv.decode import Source, decode, read_source
from kmtui.data.csv.table import Table
from kmtui.data.dataset import Dataset
from kmtui.errors import InputError


def read_csv(
    source: Source,
    *,
    x: ColumnSpec | None = None,
    y: ColumnSpec | None = None,
    features: Sequence[ColumnSpec] | str | None = None,
    label: ColumnSpec | None = None,
    name: str | None = None,
) -> Dataset:
    """Read a CSV file into a Dataset.

    Parameters
    ----------
    source : str, path-like or file object
        A path, ``"-"`` for standard input, or a binary or text file object.
        Comma, semicolon and tab delimiters are recognised, as are a header
        row, a UTF-8 byte-order mark, quotes, CRLF line ends and decimal
        commas in semicolon- or tab-separated files. Blank lines are skipped.
    x, y : str or int, optional
        The columns drawn, by header name or 0-based index (an int or a
        string of digits). Default: the first two feature columns.
    features : sequence of str or int, or str, optional
        The columns clustered, in order (a string is split at commas).
        Default: every numeric column except the label (and an unnamed
        row-index column). ``x`` and ``y`` must be among them.
    label : str or int, optional
        The column of known labels (text or numbers). Default: the only text
        column, if there is exactly one and it has at most 30 distinct values.
    name : str, optional
        The Dataset's name. Default: the file's stem, or ``stdin``.

    Returns
    -------
    Dataset
        ``X`` of shape (n_rows, n_features) holds the feature columns;
        ``default_xy`` is where ``x`` and ``y`` are among them; ``y`` holds the
        labels as codes in order of first appearance. Rows with a missing
        value (empty, NA, N/A, NaN, null, ?) in a used column are dropped and
        counted in ``warnings``.

    Raises
    ------
    InputError
        For anything else wrong with the file or the choice of columns; the
        message names the file, line and column.
    """
    data, where, stem = read_source(source)
    text = decode(data, where)
    del data
    if not text.strip():
        raise InputError("the file is empty", source=where)
    # The fast path keeps numbers only; a label needs the cells' text.
    table = Table(text, where, fast=label is None)
    del text

    chosen, x_col, y_col, label_col = choose_columns(table, x, y, features, label)
    feature_names = [table.names[j] for j in chosen]

    # The first problem in any used column, in file order.
    problems = [
        (c.problem_row, c.index, c)
        for c in (table.columns[j] for j in chosen)
        if c.problem_row is not None
    ]
    if problems:
        row, _, column = min(problems, key=lambda p: (p[0], p[1]))
        raise InputError(
            column.problem, source=where, line=table.line_of(row), column=column.label
        )

    labels, label_col = choose_labels(table, chosen, label_col)

    missing = np.zeros(table.n_rows, dtype=bool)
    for j in chosen:
        col_missing = table.columns[j].missing
        assert col_missing is not None
        missing |= col_missing
    if labels is not None:
        missing |= labels.missing

    notes = list(table.warnings)
    n_dropped = int(missing.sum())
    if n_dropped == table.n_rows:
        raise InputError(
            f"no rows left: all {n_dropped} rows have a missing value in a used column",
            source=where,
        )
    if n_dropped:
        notes.append(
            f"{where}: dropped {n_dropped} row{'s' if n_dropped != 1 else ''} with missing values "
            f"({lines_list(table.lines[missing])})"
        )
    keep = ~missing
    X = np.empty((int(keep.sum()), len(chosen)), dtype=np.float64)
    for i, j in enumerate(chosen):
        values = table.columns[j].values
        assert values is not None
        X[:, i] = values[keep] if n_dropped else values

    codes: NDArray[np.int64] | None = None
    target_names: tuple[str, ...] = ()
    if labels is not None:
        codes, target_names = labels.codes_for(keep)

    # Drawn by default: the first two features, skipping a chosen x or y and an ID.
    y_given = chosen.index(y_col) if y_col is not None else None
    usable = [i for i, j in enumerate(chosen) if j not in table.not_default]
    x_pos = chosen.index(x_col) if x_col is not None else next(i for i in usable if i != y_given)
    y_pos = y_given if y_given is not None else next(i for i in usable if i != x_pos)

    description = f"{where}: {len(X)} rows, {len(chosen)} features"
    if label_col is not None:
        description += f", labels from {table.names[label_col]!r}"
    return Dataset(
        name=name if name is not None else stem,
        X=X,
        feature_names=tuple(feature_names),
        y=codes,
        target_names=target_names,
        description=description,
        source=where,
        default_xy=(x_pos, y_pos),
        warnings=tuple(notes),
    )
