"""Lesson files: parse and validate a scripted lesson (pure: no UI).

A lesson is a TOML file::

    title = "K-Means in five minutes"
    dataset = "blobs"        # or csv = "data.csv" (relative to the lesson file)
    k = 3
    seed = 3
    init = "uniform"         # optional, as --init

    [[step]]
    say = "Here are 300 points and nobody has told us which group each belongs to."

    [[step]]
    keys = ["space"]         # keys the app presses for you, in order ("+", "[", "?" as typed)
    say = "Assign: every point joins its nearest centroid."

Each press of space (or n) in the app does the next step's keys, then shows
its text. Every problem is an :class:`~kmtui.errors.InputError` naming the
file, the setting (or step) and what it must be, and the line where TOML can
tell it.

A lesson file is data from a stranger, so it is read as data: a regular file
of at most 1 MB, arrays nested at most 32 deep (checked before TOML reads
it), every value type-checked, at most 1 000 steps of at most 200 keys, and
its title and texts made printable (:func:`kmtui.textsafe.clean`: no escape
sequence reaches the terminal).
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from kmtui.errors import InputError
from kmtui.keymap import lesson_keys, normalize_key
from kmtui.textsafe import clean

ALLOWED_KEYS = lesson_keys()
"""Keys a lesson may press (from :mod:`kmtui.keymap`: kmtui's own actions, never q or a screenshot)."""

_TOP = {"title", "dataset", "csv", "k", "seed", "init", "step"}
_STEP = {"say", "keys"}

#: Largest lesson file read, in bytes.
MAX_BYTES = 1_000_000
#: Deepest nesting of arrays and inline tables.
MAX_DEPTH = 32
#: Most steps in a lesson, keys one step presses, and fields a step table may have.
MAX_STEPS = 1000
MAX_KEYS = 200
MAX_STEP_FIELDS = 200
#: Largest k or seed.
MAX_WHOLE = 2**31 - 1
#: Longest title and step text kept (longer ones are cut with "…").
TITLE_LIMIT = 200
SAY_LIMIT = 2000


@dataclass(frozen=True)
class LessonStep:
    say: str
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple[LessonStep, ...]
    dataset: str | None = None
    csv: Path | None = None
    k: int = 3
    seed: int = 0
    init: str = "uniform"
    source: str = ""


def _kind(value: object) -> str:
    """A TOML value's type in words, for a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time" if isinstance(value, (date, time)) else type(value).__name__


def _read(p: Path, where: str) -> str:
    """The lesson's text: a regular file of at most :data:`MAX_BYTES`, UTF-8."""
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError("no such lesson file", source=where) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the name
        raise InputError(f"cannot read the lesson: {getattr(err, 'strerror', None) or err}", source=where) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a lesson file", source=where)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (a device, a FIFO or a socket): a lesson is a TOML file",
                         source=where)
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read the lesson: {err.strerror or err}", source=where) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"is larger than {MAX_BYTES // 1_000_000} MB: too large for a lesson file", source=where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", source=where) from None


def _check_depth(text: str, where: str) -> None:
    """Refuse arrays and inline tables nested deeper than :data:`MAX_DEPTH` before TOML reads them.

    tomllib recurses once per level, so a few thousand ``[`` would end in
    RecursionError. Brackets inside strings and comments are skipped.
    """
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and c == '"':
                    j += 1
                elif text[j] == "\n" and len(quote) == 1:
                    break  # an unclosed string: TOML will say so
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"arrays or tables are nested more than {MAX_DEPTH} deep", source=where,
                                 line=line)
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1


def _parse(text: str, where: str) -> dict[str, Any]:
    _check_depth(text, where)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err).split(" (at line")[0]
        raise InputError(f"not valid TOML: {msg}", source=where, line=getattr(err, "lineno", None)) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputError("arrays or tables are nested too deep", source=where) from None


def _whole(doc: dict[str, Any], key: str, default: int, least: int, where: str) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        got = repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _kind(value)
        raise InputError(f"'{key}' must be a whole number >= {least}, not {got}", source=where)
    if value > MAX_WHOLE:
        raise InputError(f"'{key}' must be at most {MAX_WHOLE}, not {value}", source=where)
    return value


def _text(doc: dict[str, Any], key: str, where: str, what: str = "text") -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"'{key}' must be {what}, not {_kind(value)}", source=where)
    return value


def _dataset(doc: dict[str, Any], where: str) -> str | None:
    from kmtui.data.builtin import DATASETS

    name = _text(doc, "dataset", where, "text (the name of a built-in dataset)")
    if name is not None and name.strip().lower() not in DATASETS:
        raise InputError(f"'dataset': unknown dataset {name!r} (built-in datasets: {', '.join(DATASETS)})",
                         source=where)
    return name


def _csv(doc: dict[str, Any], folder: Path, where: str) -> Path | None:
    name = _text(doc, "csv", where, "text (a path to a CSV file, relative to the lesson)")
    if name is None:
        return None
    if not name.strip():
        raise InputError("'csv' is empty: it must be a path to a CSV file", source=where)
    if "\x00" in name:
        raise InputError("'csv' holds a NUL character: it must be a path to a CSV file", source=where)
    path = folder / name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"'csv': no such file {str(path)!r}", source=where) from None
    except (OSError, ValueError) as err:
        raise InputError(f"'csv': cannot read {str(path)!r}: {getattr(err, 'strerror', None) or err}",
                         source=where) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, a FIFO or a socket"
        raise InputError(f"'csv': {str(path)!r} is {kind}, not a regular CSV file", source=where)
    return path


def _step(i: int, st: object, where: str) -> LessonStep:
    if not isinstance(st, dict):
        raise InputError(f"step {i} must be a table ([[step]]), not {_kind(st)}", source=where)
    if len(st) > MAX_STEP_FIELDS:
        raise InputError(f"step {i} has {len(st)} fields; a step has only 'say' and 'keys'", source=where)
    bad = set(st) - _STEP
    if bad:
        raise InputError(f"step {i}: unknown field {sorted(bad)[0]!r} (allowed: say, keys)", source=where)
    say = st.get("say", "")
    if not isinstance(say, str):
        raise InputError(f"step {i}: 'say' must be text, not {_kind(say)}", source=where)
    keys = st.get("keys", [])
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list):
        raise InputError(f"step {i}: 'keys' must be an array of key names, not {_kind(keys)}", source=where)
    if len(keys) > MAX_KEYS:
        raise InputError(f"step {i} presses {len(keys)} keys; a step may press at most {MAX_KEYS}", source=where)
    names = []
    for j, key in enumerate(keys, start=1):
        if not isinstance(key, str):
            raise InputError(f"step {i}: 'keys' item {j} must be a key name (text), not {_kind(key)}",
                             source=where)
        name = normalize_key(key)
        if name not in ALLOWED_KEYS:
            raise InputError(f"step {i}: a lesson cannot press {name!r}", source=where)
        names.append(name)
    if not say and not names:
        raise InputError(f"step {i} has neither 'say' nor 'keys'", source=where)
    return LessonStep(say=clean(say, limit=SAY_LIMIT), keys=tuple(names))


def load_lesson(path: str | Path) -> Lesson:
    """Read and check a lesson file.

    Parameters
    ----------
    path : str or path-like
        The lesson's TOML file (a regular file of at most 1 MB).

    Returns
    -------
    Lesson
        With its title and texts made printable (:func:`kmtui.textsafe.clean`)
        and ``csv`` resolved against the lesson's folder.

    Raises
    ------
    InputError
        Naming the file, and the setting or step and what it must be.
    """
    p = Path(path)
    where = str(path)
    doc = _parse(_read(p, where), where)
    unknown = set(doc) - _TOP
    if unknown:
        raise InputError(f"unknown setting {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_TOP))})",
                         source=where)
    if "dataset" in doc and "csv" in doc:
        raise InputError("give 'dataset' or 'csv', not both", source=where)
    title = _text(doc, "title", where)
    steps_raw = doc.get("step")
    if steps_raw is None or (isinstance(steps_raw, list) and not steps_raw):
        raise InputError("a lesson needs at least one [[step]]", source=where)
    if not isinstance(steps_raw, list):
        raise InputError(f"'step' must be an array of tables ([[step]]), not {_kind(steps_raw)}", source=where)
    if len(steps_raw) > MAX_STEPS:
        raise InputError(f"has {len(steps_raw)} steps; a lesson may have at most {MAX_STEPS}", source=where)
    steps = tuple(_step(i, st, where) for i, st in enumerate(steps_raw, start=1))
    k = _whole(doc, "k", 3, 1, where)
    seed = _whole(doc, "seed", 0, 0, where)
    from kmtui.engine.steps import INIT_METHODS

    init = doc.get("init", "uniform")
    if not isinstance(init, str) or init not in INIT_METHODS:
        got = repr(init) if isinstance(init, str) else _kind(init)
        raise InputError(f"'init' must be one of {', '.join(INIT_METHODS)}, not {got}", source=where)
    dataset = _dataset(doc, where)
    csv = _csv(doc, p.parent, where)
    return Lesson(title=clean(title if title is not None else p.stem, limit=TITLE_LIMIT), steps=steps,
                  dataset=dataset, csv=csv, k=k, seed=seed, init=init, source=where)
