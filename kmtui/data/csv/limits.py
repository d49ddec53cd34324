"""Limits on what a CSV source may hold, checked while it is read: size, lines, line length, columns, cells.

kmtui reads files strangers made, on shared machines, and from standard input
(where ``/dev/zero`` or an endless stream may arrive). So the source is read in
chunks of :data:`CHUNK` bytes and refused as soon as it breaks a limit —
before it costs gigabytes or minutes: a NUL byte (binary data: ``/dev/zero``,
``/dev/urandom``) in the first chunk, more than :data:`MAX_BYTES`, more than
:data:`MAX_LINES` lines, a line longer than :data:`MAX_LINE`. Once the layout
is known, :func:`check_shape` refuses more than :data:`MAX_COLUMNS` columns or
:data:`MAX_CELLS` cells. Each refusal is one :class:`~kmtui.errors.InputError`.
"""

from __future__ import annotations

import codecs
import csv
from typing import IO

import numpy as np

from kmtui.errors import InputError

#: Largest source read, in bytes.
MAX_BYTES = 256 * 1024 * 1024
#: Most lines (a CSV row is at least one line).
MAX_LINES = 10_000_000
#: Longest line, in bytes.
MAX_LINE = 1024 * 1024
#: Most columns (fields in a row).
MAX_COLUMNS = 1000
#: Most cells: rows × columns.
MAX_CELLS = 20_000_000
#: Bytes read at a time.
CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def binary_error(where: str, line: int) -> InputError:
    return InputError(
        "the file contains NUL bytes: it is binary data, not CSV text", source=where, line=line
    )


def read_bounded(stream: IO[bytes], where: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """All of a binary stream, refused early when it breaks a limit.

    Raises
    ------
    InputError
        For a NUL byte outside UTF-16 text, more than ``max_bytes`` bytes,
        more than :data:`MAX_LINES` lines or a line longer than
        :data:`MAX_LINE` bytes; the message says which and where.
    """
    data = bytearray()
    lines = 0  # newlines so far
    run = 0  # bytes since the last newline
    utf16: bool | None = None
    width: int | None = None  # fields in the first line
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        if utf16 is None:
            utf16 = bytes(chunk[:2]) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        if not utf16:
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise binary_error(where, lines + chunk.count(b"\n", 0, nul) + 1)
        newlines = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
        if len(newlines):
            longest = max(run + int(newlines[0]), int(np.diff(newlines).max(initial=1)) - 1)
            run = len(chunk) - int(newlines[-1]) - 1
        else:
            longest = run = run + len(chunk)
        if longest > MAX_LINE:
            raise InputError(
                f"a line is longer than {_mb(MAX_LINE)}: kmtui reads lines of at most "
                f"{_mb(MAX_LINE)} (is this a CSV file?)",
                source=where, line=lines + 1 if not len(newlines) else None,
            )
        if width is None and len(newlines) and not utf16:
            width = _first_line_width(bytes(data) + bytes(chunk[: int(newlines[0])]))
        lines += len(newlines)
        if width is not None and lines * width > MAX_CELLS:
            raise InputError(f"has more than {lines:,} rows of {width} fields, {MAX_CELLS:,} cells: kmtui "
                             f"reads at most {MAX_CELLS:,} cells", source=where)
        if lines > MAX_LINES:
            raise InputError(f"has more than {MAX_LINES:,} lines: kmtui reads at most {MAX_LINES:,} rows",
                             source=where)
        data += chunk
        if len(data) > max_bytes:
            raise InputError(f"is larger than {_mb(max_bytes)}: kmtui reads CSV data of at most "
                             f"{_mb(max_bytes)}", source=where)
    return bytes(data)


def _first_line_width(line: bytes) -> int:
    """Fields in the first line, split by whichever of comma, semicolon or tab gives most."""
    text = line.decode("utf-8", "replace").rstrip("\r")

    def fields(delimiter: str) -> int:
        try:
            return len(next(csv.reader([text], delimiter=delimiter), []))
        except csv.Error:  # a field over the csv module's limit: not split by this one
            return 1

    return max(map(fields, (",", ";", "\t")))


def read_bounded_text(stream: IO[str], where: str, *, max_chars: int = MAX_BYTES) -> str:
    """All of a text stream (a file object opened in text mode), at most ``max_chars`` characters."""
    text = stream.read(max_chars + 1)
    if len(text) > max_chars:
        raise InputError(f"is larger than {_mb(max_chars)}: kmtui reads CSV data of at most "
                         f"{_mb(max_chars)}", source=where)
    return text


def check_shape(text: str, delimiter: str, sample: list[list[str]], where: str) -> None:
    """Refuse more than :data:`MAX_COLUMNS` columns or :data:`MAX_CELLS` cells, before parsing."""
    if not sample:
        return
    widest = max(range(len(sample)), key=lambda i: len(sample[i]))
    width = len(sample[widest])
    if width > MAX_COLUMNS:
        # The sample may hold only the start of a long first line: count the whole line.
        end = text.find("\n")
        first = text if end < 0 else text[:end]
        fields = max(width, first.count(delimiter) + 1) if widest == 0 else width
        raise InputError(f"a row has {fields:,} fields: kmtui reads at most {MAX_COLUMNS:,} columns",
                         source=where)
    rows = text.count("\n") + 1
    if rows * width > MAX_CELLS:
        raise InputError(
            f"has about {rows:,} rows of {width} columns, {rows * width:,} cells: kmtui reads at most "
            f"{MAX_CELLS:,} cells", source=where,
        )
