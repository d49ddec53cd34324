"""The parsed file: header, columns converted to numbers (or found to be text), line numbers.

Columns are converted by numpy in one call each; per-cell Python work happens
only on columns that need it (missing values, text, mistakes). Every problem
is remembered with its row so that the first one in a used column can be
reported with its line and column.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from kmtui.data.columns import ROLE_WORDS, Columns, Role
from kmtui.data.csv.cells import (
    INF_WORDS,
    MAX_MAGNITUDE,
    MAX_MAGNITUDE_TEXT,
    MISSING_TOKENS,
    NAN,
    USUAL_MISSING,
    is_missing,
    is_number,
    show_cell,
)
from kmtui.data.csv.limits import check_shape
from kmtui.data.csv.parse import parse, read_numbers_fast
from kmtui.data.csv.sniff import DELIMITER_NAMES, has_header, head_lines, sniff
from kmtui.errors import InputError
from kmtui.textsafe import clean

#: Cells looked at to recognise a text column without converting all of it.
SAMPLE_CELLS = 1000


@dataclass
class Column:
    """One column of the file, converted."""

    index: int
    name: str
    label: str | int  # how messages name it: 1-based number, with the header name
    cells: tuple[str, ...]
    kind: Literal["number", "text", "empty"]
    values: NDArray[np.float64] | None = None
    missing: NDArray[np.bool_] | None = None
    problem_row: int | None = None  # first cell that cannot be used as a number
    problem: str = ""
    index_like: bool = False
    id_reason: str = ""  # why it looks like a row number or an ID, for the warning


def convert(column: Column, decimal_comma: bool) -> None:
    """Fill in ``kind``, ``values``, ``missing`` and the first problem of a column."""
    cells = column.cells
    try:
        values = np.array(cells, dtype=np.float64)
    except ValueError:
        values = None
    bad: list[int] = []
    if values is None:
        # Most columns that fail are text (labels, names): a sample says so cheaply.
        numbers = texts = 0
        for cell in cells[:SAMPLE_CELLS]:
            if not is_missing(cell):
                if is_number(cell, decimal_comma):
                    numbers += 1
                else:
                    texts += 1
        if texts > numbers:
            column.kind = "text"
            return
        # First only the usual spellings of "missing", which a set lookup finds fast;
        # then every spelling, with spaces and decimal commas.
        if not (decimal_comma and any("," in c for c in cells[:SAMPLE_CELLS])):
            cleaned = [NAN if c in USUAL_MISSING else c for c in cells]
            try:
                values = np.array(cleaned, dtype=np.float64)
            except ValueError:
                values = None
    if values is None:
        cleaned = [
            NAN
            if c.strip().lower() in MISSING_TOKENS
            else (c.replace(",", ".") if decimal_comma else c)
            for c in cells
        ]
        try:
            values = np.array(cleaned, dtype=np.float64)
        except ValueError:
            # Only a column with a mistake in it gets here: find the bad cells one by one.
            values = np.empty(len(cells), dtype=np.float64)
            for i, cell in enumerate(cleaned):
                try:
                    values[i] = float(cell)
                except ValueError:
                    values[i] = np.nan
                    bad.append(i)
    missing = np.isnan(values)
    if bad:
        missing[bad] = False
        if len(bad) > len(cells) - int(missing.sum()) - len(bad):
            column.kind = "text"
            return
        column.problem_row = bad[0]
        column.problem = f"{show_cell(cells[bad[0]])} is not a number"
        if "\n" in cells[bad[0]]:
            column.problem += (
                " (a quoted field runs over several lines: is a closing quote missing?)"
            )
    with np.errstate(invalid="ignore"):
        huge = np.abs(values) > MAX_MAGNITUDE
    if huge.any():
        i = int(np.argmax(huge))
        if column.problem_row is None or i < column.problem_row:
            column.problem_row = i
            cell = cells[i]
            if cell.strip().lower() in INF_WORDS:
                column.problem = f"{show_cell(cell)} is not a finite number"
            else:
                column.problem = (
                    f"{show_cell(cell)} is too large: numbers must lie between "
                    f"-{MAX_MAGNITUDE_TEXT} and {MAX_MAGNITUDE_TEXT}"
                )
    column.values = values
    column.missing = missing
    column.kind = "empty" if missing.all() and not bad else "number"


#: Header names of an ID or a row number (compared in lower case, without spaces, "_" and "-").
ID_NAMES = frozenset({"id", "index", "idx", "rowid", "row", "rownumber", "rownum", "rowno", "no", "nr", "#",
                      "number", "customerid", "userid", "clientid", "recordid", "key"})
_CAMEL_ID = re.compile(r"[a-z0-9](ID|Id)$")
_SNAKE_ID = re.compile(r"[ _-]id$", re.IGNORECASE)


def _unique_integers(values: NDArray[np.float64]) -> bool:
    return bool(np.all(values == np.round(values))) and np.unique(values).size == values.size


def id_reason(column: Column, name: str | None, *, first: bool) -> str | None:
    """Why ``column`` looks like a row number or an ID, or None.

    A numeric column without a missing value is one when it holds unique whole
    numbers and is named like an ID (``id``, ``ID``, ``index``, ``*_id``,
    ``CustomerID``); or when it counts in steps of 1 (``0, 1, 2, …`` or ``1, 2,
    3, …``, or from any start) and is the first column; or, in a file with a
    header, when it has no name and counts from 0 or 1 (pandas' or R's row
    index). ``name`` is None when the file has no header.
    """
    if column.kind != "number" or column.values is None or column.missing is None:
        return None
    if column.missing.any() or column.problem_row is not None:
        return None
    values = column.values
    if name == "" and values[0] in (0.0, 1.0) and np.array_equal(values, np.arange(values[0], values[0] + values.size)):
        start = int(values[0])
        return f"has no name and counts {start}, {start + 1}, {start + 2}, …"  # pandas' or R's row index
    if values.size < 3:
        return None
    if not _unique_integers(values):
        return None
    key = re.sub(r"[\s_-]", "", (name or "").lower())
    if name and (key in ID_NAMES or _CAMEL_ID.search(name.strip()) or _SNAKE_ID.search(name.strip())):
        return "is named like an ID and holds different whole numbers"
    steps = np.diff(values)
    if (first or name == "") and bool(np.all(steps == 1)):
        start = int(values[0])
        counts = f"counts {start}, {start + 1}, {start + 2}, …"
        return f"has no name and {counts}" if name == "" else counts
    return None


def first_text_row(column: Column) -> int:
    return next((i for i, c in enumerate(column.cells) if not is_missing(c)), 0)


class Table:
    """A parsed file: header, columns, line numbers, and how to name things in messages."""

    def __init__(self, text: str, where: str, *, fast: bool = True) -> None:
        self.where = where
        self.warnings: list[str] = []
        self.not_default: set[int] = set()  # columns kept but not drawn by default (IDs, row numbers)
        self.delimiter, sample = sniff(head_lines(text))
        check_shape(text, self.delimiter, sample, where)  # too wide, too many cells: refused before parsing
        self.decimal_comma = self.delimiter != ","
        self._text = text
        self._lines: NDArray[np.int64] | None = None
        numbers = read_numbers_fast(text, self.delimiter, sample) if fast else None
        if numbers is not None:
            header, self.header_line, values = numbers
            self.has_header = header is not None
            self._set_header(header, values.shape[1])
            self.n_rows = values.shape[0]
            no_missing = np.zeros(self.n_rows, dtype=bool)
            self.columns = [
                Column(
                    index=j,
                    name=self.names[j],
                    label=self.column_label(j),
                    cells=(),
                    kind="number",
                    values=np.ascontiguousarray(values[:, j]),
                    missing=no_missing,
                )
                for j in range(self.n_columns)
            ]
        else:
            self._read_carefully(text)
            self._text = ""
        self._mark_index_columns()

    def _set_header(self, header: list[str] | None, n_columns: int) -> None:
        self.n_columns = n_columns
        # Header names are shown everywhere (the app, trace, messages): printable from the start.
        self.header_names = [clean(h.strip()) for h in header] if header is not None else None
        self.names = [
            (self.header_names[j] if self.header_names is not None else "") or f"col{j}"
            for j in range(n_columns)
        ]

    def _read_carefully(self, text: str) -> None:
        """Parse with the csv module and convert column by column, noting every problem."""
        where = self.where
        rows, lines = parse(text, self.delimiter, where)
        if not rows:
            raise InputError("the file is empty: it has only blank lines", source=where)
        self.has_header = has_header(rows, self.decimal_comma)
        if self.has_header:
            header, body = rows[0], rows[1:]
            self.header_line = int(lines[0])
            self._lines = lines[1:]
            if not body:
                raise InputError(
                    "the file has a header but no data rows", source=where, line=self.header_line
                )
            # R's write.table leaves the row-name column out of the header.
            if len(header) == len(body[0]) - 1 and set(map(len, body)) == {len(body[0])}:
                header = ["", *header]
        else:
            header, body = None, rows
            self.header_line = 0
            self._lines = lines
        self._set_header(header, len(header) if header is not None else len(body[0]))
        body = self._check_fields(body, int(lines[0]))
        self.n_rows = len(body)
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            columns_cells = list(zip(*body, strict=False))
        finally:
            if gc_was_enabled:
                gc.enable()
        del rows, body  # the columns hold the cells now; a million row lists can go
        self.columns = []
        for j, cells in enumerate(columns_cells):
            column = Column(
                index=j, name=self.names[j], label=self.column_label(j), cells=cells, kind="text"
            )
            convert(column, self.decimal_comma)
            self.columns.append(column)

    @property
    def lines(self) -> NDArray[np.int64]:
        """The 1-based line each data row starts on."""
        if self._lines is None:
            # The fast path does not track lines; find them only if a message needs them.
            _, lines = parse(self._text, self.delimiter, self.where)
            self._lines = lines[1:] if self.has_header else lines
        return self._lines

    def column_label(self, j: int) -> str | int:
        """How messages name column ``j``: ``3`` or ``3 (petal_length)``."""
        if self.header_names is not None and self.header_names[j]:
            return f"{j + 1} ({self.header_names[j]})"
        return j + 1

    def header_name(self, j: int) -> str:
        """Column ``j``'s header name, or "" when it has none."""
        return self.header_names[j] if self.header_names is not None else ""

    def describe(self, j: int) -> str:
        return f"column {self.column_label(j)}"

    def line_of(self, row: int) -> int:
        return int(self.lines[row])

    def _check_fields(self, body: list[list[str]], first_line: int) -> list[list[str]]:
        """Every row must have as many fields as the first; trailing empty fields are forgiven."""
        n = self.n_columns
        if set(map(len, body)) == {n}:
            return body
        fixed = []
        for i, row in enumerate(body):
            if len(row) != n:
                if len(row) > n and not any(c.strip() for c in row[n:]):
                    row = row[:n]
                else:
                    raise InputError(
                        f"this row has {len(row)} field{'s' if len(row) != 1 else ''} but "
                        f"line {first_line} has {n}: every row needs the same number of fields "
                        f"({DELIMITER_NAMES[self.delimiter]}-separated)",
                        source=self.where,
                        line=self.line_of(i),
                    )
            fixed.append(row)
        return fixed

    def _mark_index_columns(self) -> None:
        """Mark the columns that look like a row number or an ID (see :func:`id_reason`)."""
        for column in self.columns:
            name = self.header_name(column.index) if self.header_names is not None else None
            reason = id_reason(column, name, first=column.index == 0)
            if reason is not None:
                column.index_like = True
                column.id_reason = reason

    # -------------------------------------------------------------- choosing columns

    def choices(self) -> Columns:
        """The columns as :func:`kmtui.data.columns.resolve` chooses among them."""
        return Columns(
            names=tuple(self.names),
            where=self.where,
            owner="the file",
            labels=tuple(self.column_label(j) for j in range(self.n_columns)),
            header_line=self.header_line or None,
        )

    def require_numbers(self, j: int, role: Role) -> None:
        """Raise unless column ``j`` can be a feature (``role`` is what it was chosen for)."""
        column = self.columns[j]
        if column.kind == "text":
            row = first_text_row(column)
            raise InputError(
                f"{show_cell(column.cells[row])} is not a number: the {ROLE_WORDS[role]} column "
                "holds text (it can be the label)",
                source=self.where,
                line=self.line_of(row),
                column=column.label,
                roles=(role,),
            )
        if column.kind == "empty":
            raise InputError(
                f"the {ROLE_WORDS[role]} column has no values",
                source=self.where,
                column=column.label,
                roles=(role,),
            )

