"""Writing files the safe way: never through a symlink, never over a file.

Every file kmtui writes (screenshots, exports) goes through :func:`write_new`:
the data is written to a temporary name in the same folder and then linked
to its final name with :func:`os.link`, which fails if the name exists —
whether it is a file, a directory or a symlink (dangling or not). So kmtui
never replaces or follows anything that was already there.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class FileExists(FileExistsError):
    """The output path is taken; kmtui does not replace files."""


def write_new(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path``, which must not exist yet (not even as a dangling symlink).

    Raises
    ------
    FileExists
        When ``path`` exists in any form.
    OSError
        When the folder is missing, read-only or gone.
    """
    target = Path(path)
    if os.path.lexists(target):
        raise FileExists(f"{target} already exists; kmtui never replaces a file")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise FileExists(f"{target} already exists; kmtui never replaces a file") from None
        except OSError:  # a file system without hard links: create the name exclusively instead
            _write_exclusive(target, raw)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return target


def _write_exclusive(target: Path, raw: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise FileExists(f"{target} already exists; kmtui never replaces a file") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)


def numbered(folder: str | os.PathLike[str], stem: str, suffix: str) -> Path:
    """The first free name ``stem.suffix``, ``stem-1.suffix``, … in ``folder`` (symlinks count as taken)."""
    base = Path(folder)
    path = base / f"{stem}{suffix}"
    n = 1
    while os.path.lexists(path):
        path = base / f"{stem}-{n}{suffix}"
        n += 1
    return path


def write_numbered(folder: str | os.PathLike[str], stem: str, suffix: str, data: bytes | str) -> Path:
    """Write to the first free numbered name (retrying if another process takes it first)."""
    for _ in range(100):
        try:
            return write_new(numbered(folder, stem, suffix), data)
        except FileExists:
            continue
    raise FileExists(f"no free name for {stem}{suffix} in {folder}")
