"""Choosing a file's columns: the features, the drawn pair and the label.

Specs are resolved by the one resolver, :func:`kmtui.data.columns.resolve`,
and checked by :func:`kmtui.data.columns.choose`; this module adds what only a
file has: text columns, a label column found by itself, a row index to leave
out, and header names two columns share.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kmtui.data.columns import ROLE_WORDS, ColumnSpec, Role, choose, resolve
from kmtui.data.csv.cells import MISSING_TOKENS
from kmtui.data.csv.table import Table
from kmtui.data.notes import DataWarning
from kmtui.errors import InputError
from kmtui.textsafe import clean

#: Most classes a text column may have to be taken as known labels automatically:
#: with more it is more likely a name or an id than a class.
MAX_AUTO_LABELS = 20

#: Dropped-row line numbers listed in the warning.
MAX_LISTED_LINES = 5


class Labels:
    """A label column as integer codes, in order of first appearance."""

    def __init__(self, cells: Sequence[str]) -> None:
        stripped = list(map(str.strip, cells))
        # dict.fromkeys keeps first-appearance order and runs in C.
        raw = list(dict.fromkeys(stripped))
        index = {v: i for i, v in enumerate(raw)}
        self.codes = np.fromiter(map(index.__getitem__, stripped), np.int64, len(stripped))
        missing_codes = [i for i, v in enumerate(raw) if v.lower() in MISSING_TOKENS]
        # The values are told apart as they are, then shown printable (the app, trace, crosstab).
        self.names = [clean(v) for v in raw]
        self.n_distinct = len(self.names) - len(missing_codes)
        self.missing = np.isin(self.codes, missing_codes)

    def codes_for(self, keep: NDArray[np.bool_]) -> tuple[NDArray[np.int64], tuple[str, ...]]:
        """Codes of the kept rows, renumbered by first appearance among them, and their names."""
        kept = self.codes[keep]
        present, first = np.unique(kept, return_index=True)
        order = present[np.argsort(first, kind="stable")]
        renumber = np.zeros(len(self.names), dtype=np.int64)
        renumber[order] = np.arange(len(order))
        return renumber[kept], tuple(self.names[i] for i in order)


def lines_list(lines: NDArray[np.int64]) -> str:
    shown = ", ".join(str(int(n)) for n in lines[:MAX_LISTED_LINES])
    more = ", …" if len(lines) > MAX_LISTED_LINES else ""
    return f"line{'s' if len(lines) != 1 else ''} {shown}{more}"


def choose_columns(
    table: Table,
    x: ColumnSpec | None,
    y: ColumnSpec | None,
    features: Sequence[ColumnSpec] | str | None,
    label: ColumnSpec | None,
) -> tuple[list[int], int | None, int | None, int | None]:
    """Resolve and check the user's choice of columns; fill in the defaults for features.

    Returns the feature columns (file positions, in order) and the x, y and
    label columns (None when not given).
    """
    where = table.where
    columns = table.choices()
    choice = choose(columns, x=x, y=y, features=features)
    x_col, y_col = choice.x, choice.y
    chosen = list(choice.features) if choice.features is not None else None
    label_col = resolve(columns, label, "label") if label is not None else None
    uses: list[tuple[Role, int | None]] = [("x", x_col), ("y", y_col)]
    uses += [("features", j) for j in chosen or []]
    for role, j in uses:
        if j is None:
            continue
        if j == label_col:
            word = ROLE_WORDS[role]
            article = "an" if word == "x" else "a"  # spoken: "an ex", "a why", "a feature"
            raise InputError(
                f"{table.describe(j)} is the label, so it cannot also be {article} {word}",
                source=where,
                roles=(role, "label"),
            )
        table.require_numbers(j, role)

    if chosen is None:
        explicit = {j for j in (x_col, y_col) if j is not None}
        numeric = [c for c in table.columns if c.index in explicit or (c.kind == "number" and c.index != label_col)]
        # An unnamed row index (pandas' to_csv, R's write.table) is left out of the data altogether.
        unnamed = [c for c in numeric if c.index_like and c.index not in explicit
                   and table.header_names is not None and not table.header_name(c.index)]
        if len(numeric) - len(unnamed) >= 2:
            for c in unnamed:
                numeric.remove(c)
                table.warnings.append(f"{where}: {table.describe(c.index)} {c.id_reason}: read as a row index, "
                                      "not a feature")
        # An ID-like column stays in the data (so that it can be chosen) but is not
        # drawn or clustered by default, unless too few columns are left without it.
        ids = [c for c in numeric if c.index_like and c.index not in explicit]
        if len(numeric) - len(ids) < 2:
            ids = []
        chosen = [c.index for c in numeric]
        table.not_default = {c.index for c in ids}
        for c in ids:
            table.warnings.append(DataWarning(
                f"{where}: {table.describe(c.index)} {c.id_reason}: taken as a row number or an ID, "
                "not drawn or clustered ({how} to include it)",
                ("x", "features"), "choose it as the x column or among the features", column=c.name))
    if len(chosen) < 2:
        if table.n_columns == 1:
            message = (
                "found only 1 column; kmtui needs at least 2 numeric columns separated by "
                "commas, semicolons or tabs"
            )
        else:
            found = ", ".join(table.names[j] for j in chosen) or "none"
            message = (
                f"found {len(chosen)} numeric column{'s' if len(chosen) != 1 else ''} ({found}); "
                "kmtui needs at least 2"
            )
        raise InputError(message, source=where)

    names = [table.names[j] for j in chosen]
    for i, n in enumerate(names):
        if n in names[:i]:
            raise InputError(
                f"column name {n!r} is used by columns {chosen[names.index(n)] + 1} and "
                f"{chosen[i] + 1}; rename one of them",
                source=where,
                line=table.header_line or None,
                column=table.column_label(chosen[i]),
            )
    return chosen, x_col, y_col, label_col



def choose_labels(table: Table, chosen: Sequence[int], label_col: int | None) -> tuple[Labels | None, int | None]:
    """The labels: from the chosen label column, else from the file's only unused text column.

    That text column is left alone when it has more than :data:`MAX_AUTO_LABELS`
    distinct values (a name or an id, more likely than a class), with a warning.
    Returns the labels and their column (None, None without labels).
    """
    if label_col is not None:
        return Labels(table.columns[label_col].cells), label_col
    texts = [c for c in table.columns if c.kind == "text" and c.index not in chosen]
    if len(texts) != 1:
        return None, None
    labels = Labels(texts[0].cells)
    if labels.n_distinct <= MAX_AUTO_LABELS:
        return labels, texts[0].index
    table.warnings.append(DataWarning(
        f"{table.where}: {table.describe(texts[0].index)} has {labels.n_distinct} different "
        f"values, too many for known labels (at most {MAX_AUTO_LABELS}); it is ignored: to use it, {{how}}",
        ("label",), "choose it as the label"))
    return None, None
