"""Text → rows: the csv module's careful parse with line numbers, and numpy's fast one for plain numbers."""

from __future__ import annotations

import csv
import gc
import io
import warnings

import numpy as np
from numpy.typing import NDArray

from kmtui.data.csv.cells import MAX_MAGNITUDE, is_missing, is_number
from kmtui.data.csv.sniff import has_header
from kmtui.errors import InputError


def read_numbers_fast(
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
    headed = has_header(sample, False)
    body = sample[1:] if headed else sample
    width = len(sample[0])
    if width < 2 or any(len(row) != width for row in body):
        return None
    if any(is_missing(c) or not is_number(c, False) for row in body for c in row):
        return None
    header_line = 0
    if headed:
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
    return (sample[0] if headed else None), header_line, values


def parse(text: str, delimiter: str, where: str) -> tuple[list[list[str]], NDArray[np.int64]]:
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

