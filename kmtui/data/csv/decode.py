"""Source → text: reading a path, standard input or a file object, and decoding its bytes.

UTF-8 with or without a byte-order mark, and UTF-16 with one (what
spreadsheets save as "Unicode text"); NUL bytes mean binary data, not CSV. A
file is only ever opened for reading. The name a source is shown by (its
path, its stem) is made printable here (:func:`kmtui.textsafe.clean`).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path
from typing import IO

from kmtui.data.csv.limits import MAX_BYTES, binary_error, read_bounded, read_bounded_text
from kmtui.errors import InputError
from kmtui.textsafe import clean

Source = str | os.PathLike[str] | IO[bytes] | IO[str]


def read_source(source: Source) -> tuple[bytes | str, str, str]:
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
            return _read_stream(getattr(stream, "buffer", stream), "<stdin>"), "<stdin>", "stdin"
        where = clean(path, limit=300)
        try:
            # Opened read-only and never written: reading must not change a user's file.
            with open(path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_BYTES:
                    raise InputError(f"is {size / 2**20:,.0f} MB: kmtui reads CSV files of at most "
                                     f"{MAX_BYTES // 2**20} MB", source=where)
                data = read_bounded(f, where)  # a device or a FIFO has no size: read with limits
        except InputError:
            raise
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
        except ValueError:  # a NUL character in the path
            raise InputError("the file name holds a NUL character", source=path) from None
        return data, where, clean(Path(path).stem or path)
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        where = clean(name, limit=300) if isinstance(name, str) else "<stream>"
        contents = _read_stream(source, where)
        stem = where.strip("<>") if where.startswith("<") else Path(where).stem
        return contents, where, clean(stem) or "data"
    raise TypeError(f"source must be a path, '-' or a file object, not {type(source).__name__}")


def _read_stream(stream: IO[bytes] | IO[str], where: str) -> bytes | str:
    """A file object's contents, read with the limits of :mod:`~kmtui.data.csv.limits`."""
    if isinstance(stream, io.TextIOBase):
        return read_bounded_text(stream, where)
    first = stream.read(0)
    if isinstance(first, str):
        return read_bounded_text(stream, where)  # type: ignore[arg-type]
    return read_bounded(stream, where)  # type: ignore[arg-type]


def decode(data: bytes | str, where: str) -> str:
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
                raise binary_error(where, data.count(b"\n", 0, nul) + 1)
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
        raise binary_error(where, text.count("\n", 0, nul) + 1)
    return text

