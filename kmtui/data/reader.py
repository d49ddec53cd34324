"""Reading a person's own CSV file into a :class:`~kmtui.data.dataset.Dataset`.

This module owns everything between the bytes of a file and a Dataset: how
the text is decoded, which delimiter it uses, whether the first row is a
header, which columns hold numbers and which hold text, which column is the
label, and which rows are dropped for missing values. Every problem becomes
one :class:`~kmtui.errors.InputError` that says, in plain words, what is wrong
and where (file, 1-based line, 1-based column and its header name).

The good path is built for size: the csv module parses in C, columns are
converted by numpy in one call each, and per-cell Python work happens only on
columns that need it (missing values, text, mistakes). A file is only ever
opened for reading.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import os
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import numpy as np
from numpy.typing import NDArray

from kmtui.data.dataset import Dataset
from kmtui.errors import InputError

ColumnSpec = str | int
Source = str | os.PathLike[str] | IO[bytes] | IO[str]

#: Cell values read as "no value" (compared after stripping and lower-casing).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "?"})

#: Largest magnitude accepted. Squared distances of larger numbers can overflow
#: float64, which would turn inertia into inf.
MAX_MAGNITUDE = 1e150
_MAX_MAGNITUDE_TEXT = "1e150"

#: Candidate delimiters, the most common first (it wins ties).
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

#: Lines looked at to guess the delimiter and the header.
_SNIFF_LINES = 50

#: Cells looked at to recognise a text column without converting all of it.
_SAMPLE_CELLS = 1000

#: A lone text column with more distinct values than this is not made the label
#: automatically: it is more likely a name or an id than a class.
_MAX_AUTO_LABELS = 30

#: Dropped-row line numbers listed in the warning.
_MAX_LISTED_LINES = 5

_NAN = "nan"
_USUAL_MISSING = frozenset(
    v for token in MISSING_TOKENS for v in (token, token.upper(), token.capitalize(), token.title())
)

_INF_WORDS = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


# ------------------------------------------------------------------ cells


def _is_missing(cell: str) -> bool:
    return cell.strip().lower() in MISSING_TOKENS


def _is_number(cell: str, decimal_comma: bool) -> bool:
    try:
        float(cell.replace(",", ".") if decimal_comma else cell)
    except ValueError:
        return False
    return True


def _show(cell: str) -> str:
    """A cell as it appears in a message: quoted, stripped, not too long."""
    cell = cell.strip()
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")


# ------------------------------------------------------------------ source → text


def _read_source(source: Source) -> tuple[bytes | str, str, str]:
    """Read all of ``source``.

    Returns
    -------
    data : bytes or str
        The contents (str only from a text-mode file object).
    where : str
        How messages name the source: the path as given, ``<stdin>``, or the
        file object's name.
    stem : str
        The default Dataset name.
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if isinstance(path, bytes):  # pragma: no cover - os.PathLike[bytes]
            path = os.fsdecode(path)
        if path == "-":
            stream = sys.stdin
            if stream is None:
                raise InputError("there is no standard input to read", source="<stdin>")
            if stream.isatty():
                raise InputError(
                    "standard input is a terminal, not a file: pipe a CSV file in "
                    "(kmtui - < data.csv) or give its path",
                    source="<stdin>",
                )
            return getattr(stream, "buffer", stream).read(), "<stdin>", "stdin"
        try:
            # Opened read-only and never written: reading must not change a user's file.
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise InputError("no such file", source=path) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a CSV file", source=path) from None
        except PermissionError:
            raise InputError("permission denied: the file cannot be read", source=path) from None
        except OSError as exc:
            raise InputError(
                f"cannot read the file: {exc.strerror or exc}", source=path
            ) from None
        return data, path, Path(path).stem or path
    if hasattr(source, "read"):
        data = source.read()
        name = getattr(source, "name", None)
        where = name if isinstance(name, str) else "<stream>"
        stem = where.strip("<>") if where.startswith("<") else Path(where).stem
        return data, where, stem or "data"
    raise TypeError(f"source must be a path, '-' or a file object, not {type(source).__name__}")


def _binary_error(where: str, line: int) -> InputError:
    return InputError(
        "the file contains NUL bytes: it is binary data, not CSV text", source=where, line=line
    )


def _decode(data: bytes | str, where: str) -> str:
    """Bytes → text: UTF-8 (with or without a byte-order mark), or UTF-16 with one."""
    if isinstance(data, str):
        text = data
    else:
        data = bytes(data)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Spreadsheets save "Unicode text" as UTF-16; it is text, so read it.
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError:
                raise InputError(
                    "the file starts like UTF-16 text but is not valid UTF-16; save it as UTF-8",
                    source=where,
                ) from None
        else:
            nul = data.find(b"\x00")
            if nul >= 0:
                raise _binary_error(where, data.count(b"\n", 0, nul) + 1)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
                    source=where,
                    line=data.count(b"\n", 0, exc.start) + 1,
                ) from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        raise _binary_error(where, text.count("\n", 0, nul) + 1)
    return text


# ------------------------------------------------------------------ text → rows


def _head_lines(text: str) -> list[str]:
    """The first non-blank lines of ``text``, enough to guess its layout."""
    head = text[:65536]
    lines = re.split(r"\r\n|\r|\n", head)
    if len(head) < len(text) and len(lines) > 1:
        lines = lines[:-1]  # may be cut in the middle
    return [ln for ln in lines if ln.strip()][: _SNIFF_LINES + 1]


def _sniff(lines: list[str]) -> tuple[str, list[list[str]]]:
    """Guess the delimiter from the first lines; return it and those lines split by it.

    The winner splits the most lines into the same number (at least 2) of
    fields; then the one whose fields are most often numbers (so ``1,5;2,5``
    is semicolon-separated with decimal commas); then the most common.
    """
    best, best_rows, best_score = ",", [[ln] for ln in lines], (-1.0, -1.0, 0)
    for rank, delimiter in enumerate(_DELIMITERS):
        try:
            rows = list(csv.reader(lines, delimiter=delimiter, skipinitialspace=True))
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        cells = [c for r in (rows[1:] or rows) for c in r if not _is_missing(c)]
        numeric = sum(_is_number(c, delimiter != ",") for c in cells) / max(len(cells), 1)
        score = (counts.count(mode) / len(counts), numeric, -rank)
        if score > best_score:
            best, best_rows, best_score = delimiter, rows, score
    return best, best_rows


def _read_numbers_fast(
    text: str, delimiter: str, sample: list[list[str]]
) -> tuple[list[str] | None, int, NDArray[np.float64]] | None:
    """Read an all-numbers file with numpy's C parser.

    Only when the first lines are all numbers of the same width; and the
    answer is None whenever anything is unusual (text, missing values,
    decimal commas, ragged rows, numbers out of range). Such a file goes to
    the careful reader, which finds the problem and says where it is.

    Returns
    -------
    header : list of str or None
    header_line : int
        1-based line of the header, 0 without one.
    values : ndarray of shape (n_rows, n_columns)
    """
    if len(sample) < 2:
        return None
    if delimiter != "," and any("," in c for row in sample for c in row):
        return None  # decimal commas, perhaps: numpy does not read them
    has_header = _has_header(sample, False)
    body = sample[1:] if has_header else sample
    width = len(sample[0])
    if width < 2 or any(len(row) != width for row in body):
        return None
    if any(_is_missing(c) or not _is_number(c, False) for row in body for c in row):
        return None
    header_line = 0
    if has_header:
        # loadtxt skips blank lines by itself, but skiprows counts them.
        first = len(text) - len(text.lstrip())
        header_line = text.count("\n", 0, first) + 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "input contained no data": the careful path says so
            values = np.loadtxt(
                io.StringIO(text),
                delimiter=delimiter,
                quotechar='"',
                comments=None,
                skiprows=header_line,
                ndmin=2,
                dtype=np.float64,
            )
    except (ValueError, TypeError, IndexError):
        return None
    if values.shape[0] == 0 or values.shape[1] != width:
        return None
    if not np.isfinite(values).all() or (np.abs(values) > MAX_MAGNITUDE).any():
        return None
    return (sample[0] if has_header else None), header_line, values


def _parse(text: str, delimiter: str, where: str) -> tuple[list[list[str]], NDArray[np.int64]]:
    """Split text into rows of fields, dropping blank lines.

    Returns the rows and, for each, the 1-based line of the file it starts on.
    """
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=False
    )
    starts: list[int] | None = None
    previous = 0  # the last line of the previous record
    # A million small lists would set off the cyclic garbage collector again and
    # again, for nothing: they hold only strings.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if '"' not in text:
            # Without quotes every record is exactly one physical line.
            rows = list(reader)
        else:
            rows, starts = [], []
            for row in reader:
                rows.append(row)
                starts.append(previous + 1)
                previous = reader.line_num
    except csv.Error as exc:
        hint = "; is a closing quote missing?" if starts is not None else ""
        raise InputError(
            f"this line cannot be read as CSV ({exc}{hint})",
            source=where,
            line=previous + 1 if starts is not None else reader.line_num,
        ) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    if starts and text.count('"') % 2:
        # An unclosed quote swallows the rest of the file into the last record's field.
        last = rows[-1]
        runaway = next((j for j, cell in enumerate(last) if "\n" in cell or "\r" in cell), None)
        if runaway is not None:
            raise InputError(
                "a quoted field starts here but its closing quote is missing",
                source=where,
                line=starts[-1],
                column=runaway + 1,
            )
    lengths = set(map(len, rows))
    if 0 in lengths or 1 in lengths:
        keep = [i for i, r in enumerate(rows) if len(r) > 1 or (r and r[0].strip())]
        rows = [rows[i] for i in keep]
        if starts is None:
            lines = np.asarray(keep, dtype=np.int64) + 1
        else:
            lines = np.asarray(starts, dtype=np.int64)[keep]
    elif starts is None:
        lines = np.arange(1, len(rows) + 1, dtype=np.int64)
    else:
        lines = np.asarray(starts, dtype=np.int64)
    return rows, lines


def _has_header(rows: list[list[str]], decimal_comma: bool) -> bool:
    """Whether the first row names the columns.

    It does when one of its cells is text in a column whose rows below are
    numbers; with no rows below, when all of its cells are text.
    """
    first, below = rows[0], rows[1 : _SNIFF_LINES + 1]
    if not below:
        return all(not _is_missing(c) and not _is_number(c, decimal_comma) for c in first)
    for j, cell in enumerate(first):
        if _is_missing(cell) or _is_number(cell, decimal_comma):
            continue
        numbers = texts = 0
        for row in below:
            if j < len(row) and not _is_missing(row[j]):
                if _is_number(row[j], decimal_comma):
                    numbers += 1
                else:
                    texts += 1
        if numbers and numbers >= texts:
            return True
    return False


# ------------------------------------------------------------------ columns


@dataclass
class _Column:
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


def _convert(column: _Column, decimal_comma: bool) -> None:
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
        for cell in cells[:_SAMPLE_CELLS]:
            if not _is_missing(cell):
                if _is_number(cell, decimal_comma):
                    numbers += 1
                else:
                    texts += 1
        if texts > numbers:
            column.kind = "text"
            return
        # First only the usual spellings of "missing", which a set lookup finds fast;
        # then every spelling, with spaces and decimal commas.
        if not (decimal_comma and any("," in c for c in cells[:_SAMPLE_CELLS])):
            cleaned = [_NAN if c in _USUAL_MISSING else c for c in cells]
            try:
                values = np.array(cleaned, dtype=np.float64)
            except ValueError:
                values = None
    if values is None:
        cleaned = [
            _NAN
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
        column.problem = f"{_show(cells[bad[0]])} is not a number"
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
            if cell.strip().lower() in _INF_WORDS:
                column.problem = f"{_show(cell)} is not a finite number"
            else:
                column.problem = (
                    f"{_show(cell)} is too large: numbers must lie between "
                    f"-{_MAX_MAGNITUDE_TEXT} and {_MAX_MAGNITUDE_TEXT}"
                )
    column.values = values
    column.missing = missing
    column.kind = "empty" if missing.all() and not bad else "number"


def _first_text_row(column: _Column) -> int:
    return next((i for i, c in enumerate(column.cells) if not _is_missing(c)), 0)


# ------------------------------------------------------------------ the table


class _Table:
    """A parsed file: header, columns, line numbers, and how to name things in messages."""

    def __init__(self, text: str, where: str, *, fast: bool = True) -> None:
        self.where = where
        self.warnings: list[str] = []
        self.delimiter, sample = _sniff(_head_lines(text))
        self.decimal_comma = self.delimiter != ","
        self._text = text
        self._lines: NDArray[np.int64] | None = None
        numbers = _read_numbers_fast(text, self.delimiter, sample) if fast else None
        if numbers is not None:
            header, self.header_line, values = numbers
            self.has_header = header is not None
            self._set_header(header, values.shape[1])
            self.n_rows = values.shape[0]
            no_missing = np.zeros(self.n_rows, dtype=bool)
            self.columns = [
                _Column(
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
        self.header_names = [h.strip() for h in header] if header is not None else None
        self.names = [
            (self.header_names[j] if self.header_names is not None else "") or f"col{j}"
            for j in range(n_columns)
        ]

    def _read_carefully(self, text: str) -> None:
        """Parse with the csv module and convert column by column, noting every problem."""
        where = self.where
        rows, lines = _parse(text, self.delimiter, where)
        if not rows:
            raise InputError("the file is empty: it has only blank lines", source=where)
        self.has_header = _has_header(rows, self.decimal_comma)
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
            column = _Column(
                index=j, name=self.names[j], label=self.column_label(j), cells=cells, kind="text"
            )
            _convert(column, self.decimal_comma)
            self.columns.append(column)

    @property
    def lines(self) -> NDArray[np.int64]:
        """The 1-based line each data row starts on."""
        if self._lines is None:
            # The fast path does not track lines; find them only if a message needs them.
            _, lines = _parse(self._text, self.delimiter, self.where)
            self._lines = lines[1:] if self.has_header else lines
        return self._lines

    def column_label(self, j: int) -> str | int:
        """How messages name column ``j``: ``3`` or ``3 (petal_length)``."""
        if self.header_names is not None and self.header_names[j]:
            return f"{j + 1} ({self.header_names[j]})"
        return j + 1

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
                        f"({_DELIMITER_NAMES[self.delimiter]}-separated)",
                        source=self.where,
                        line=self.line_of(i),
                    )
            fixed.append(row)
        return fixed

    def _mark_index_columns(self) -> None:
        """An unnamed column counting 0, 1, 2, … is a row index (pandas' to_csv writes one)."""
        if self.header_names is None:
            return
        for column in self.columns:
            if self.header_names[column.index] or column.kind != "number":
                continue
            assert column.values is not None and column.missing is not None
            if column.missing.any() or column.problem_row is not None:
                continue
            start = column.values[0]
            if start in (0.0, 1.0) and np.array_equal(
                column.values, np.arange(start, start + self.n_rows)
            ):
                column.index_like = True
                self.warnings.append(
                    f"{self.where}: column {column.index + 1} has no name and counts "
                    f"{int(start)}, {int(start) + 1}, {int(start) + 2}, …: read as a row index, "
                    "not a feature"
                )

    # -------------------------------------------------------------- choosing columns

    def resolve(self, spec: ColumnSpec, role: str) -> int:
        """A header name or 0-based index (int or digit string) → column position."""
        if isinstance(spec, bool) or not isinstance(spec, (str, int, np.integer)):
            raise InputError(
                f"{role} column must be a name or a 0-based index, not {spec!r}", source=self.where
            )
        if isinstance(spec, str):
            name = spec.strip()
            matches = [j for j, n in enumerate(self.names) if n == name]
            if not matches:
                matches = [j for j, n in enumerate(self.names) if n.lower() == name.lower()]
            if len(matches) > 1:
                raise InputError(
                    f"the {role} column name {name!r} is ambiguous: columns "
                    f"{' and '.join(str(j + 1) for j in matches)} have it; rename one or "
                    "give a 0-based index",
                    source=self.where,
                    line=self.header_line or None,
                    column=self.column_label(matches[1]),
                )
            if matches:
                return matches[0]
            if not re.fullmatch(r"[+-]?\d+", name):
                raise InputError(
                    f"unknown {role} column {name!r} (columns: {', '.join(self.names)})",
                    source=self.where,
                )
            spec = int(name)
        index = int(spec)
        if not -self.n_columns <= index < self.n_columns:
            raise InputError(
                f"{role} column index {index} is out of range: the file has {self.n_columns} "
                f"column{'s' if self.n_columns != 1 else ''} (0 to {self.n_columns - 1})",
                source=self.where,
            )
        return index % self.n_columns

    def require_numbers(self, j: int, role: str) -> None:
        """Raise unless column ``j`` can be a feature."""
        column = self.columns[j]
        if column.kind == "text":
            row = _first_text_row(column)
            raise InputError(
                f"{_show(column.cells[row])} is not a number: the {role} column holds text "
                "(it can be the label)",
                source=self.where,
                line=self.line_of(row),
                column=column.label,
            )
        if column.kind == "empty":
            raise InputError(
                f"the {role} column has no values", source=self.where, column=column.label
            )


class _Labels:
    """A label column as integer codes, in order of first appearance."""

    def __init__(self, cells: Sequence[str]) -> None:
        stripped = list(map(str.strip, cells))
        # dict.fromkeys keeps first-appearance order and runs in C.
        self.names = list(dict.fromkeys(stripped))
        index = {v: i for i, v in enumerate(self.names)}
        self.codes = np.fromiter(map(index.__getitem__, stripped), np.int64, len(stripped))
        missing_codes = [i for i, v in enumerate(self.names) if v.lower() in MISSING_TOKENS]
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


def _split_features(features: Sequence[ColumnSpec] | str) -> list[ColumnSpec]:
    if isinstance(features, str):
        return [f for f in (part.strip() for part in features.split(",")) if f]
    return list(features)


def _lines_list(lines: NDArray[np.int64]) -> str:
    shown = ", ".join(str(int(n)) for n in lines[:_MAX_LISTED_LINES])
    more = ", …" if len(lines) > _MAX_LISTED_LINES else ""
    return f"line{'s' if len(lines) != 1 else ''} {shown}{more}"


def _choose_columns(
    table: _Table,
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
    x_col = table.resolve(x, "x") if x is not None else None
    y_col = table.resolve(y, "y") if y is not None else None
    label_col = table.resolve(label, "label") if label is not None else None
    chosen: list[int] | None = None
    if features is not None:
        chosen = [table.resolve(spec, "feature") for spec in _split_features(features)]
        for i, j in enumerate(chosen):
            if j in chosen[:i]:
                raise InputError(
                    f"{table.describe(j)} is listed twice in the features", source=where
                )
        if len(chosen) < 2:
            raise InputError(
                f"choose at least 2 feature columns, not {len(chosen)}", source=where
            )

    if x_col is not None and x_col == y_col:
        raise InputError(
            f"x and y are the same column ({table.column_label(x_col)}); "
            "pick two different columns",
            source=where,
        )
    roles = [("x", x_col), ("y", y_col)] + [("feature", j) for j in chosen or []]
    for role, j in roles:
        if j is None:
            continue
        if j == label_col:
            article = "an" if role == "x" else "a"
            raise InputError(
                f"{table.describe(j)} is the label, so it cannot also be {article} {role}",
                source=where,
            )
        table.require_numbers(j, role)

    if chosen is None:
        explicit = {j for j in (x_col, y_col) if j is not None}
        chosen = [
            c.index
            for c in table.columns
            if c.index in explicit
            or (c.kind == "number" and not c.index_like and c.index != label_col)
        ]
    else:
        for role, j in (("x", x_col), ("y", y_col)):
            if j is not None and j not in chosen:
                raise InputError(
                    f"the {role} column ({table.column_label(j)}) is not among the features",
                    source=where,
                )
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


# ------------------------------------------------------------------ public


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
    data, where, stem = _read_source(source)
    text = _decode(data, where)
    del data
    if not text.strip():
        raise InputError("the file is empty", source=where)
    # The fast path keeps numbers only; a label needs the cells' text.
    table = _Table(text, where, fast=label is None)
    del text

    chosen, x_col, y_col, label_col = _choose_columns(table, x, y, features, label)
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

    labels: _Labels | None = None
    if label_col is not None:
        labels = _Labels(table.columns[label_col].cells)
    else:
        texts = [c for c in table.columns if c.kind == "text" and c.index not in chosen]
        if len(texts) == 1:
            labels = _Labels(texts[0].cells)
            if labels.n_distinct <= _MAX_AUTO_LABELS:
                label_col = texts[0].index
            else:
                table.warnings.append(
                    f"{where}: {table.describe(texts[0].index)} has {labels.n_distinct} different "
                    "values, too many for a label; it is not used unless chosen as the label"
                )
                labels = None

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
            f"({_lines_list(table.lines[missing])})"
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

    x_pos = chosen.index(x_col) if x_col is not None else None
    y_pos = chosen.index(y_col) if y_col is not None else None
    if x_pos is None:
        x_pos = next(i for i in range(len(chosen)) if i != y_pos)
    if y_pos is None:
        y_pos = next(i for i in range(len(chosen)) if i != x_pos)

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
