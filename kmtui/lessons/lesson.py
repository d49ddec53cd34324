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
file, and the line where TOML can tell it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kmtui.errors import InputError
from kmtui.keymap import lesson_keys, normalize_key

ALLOWED_KEYS = lesson_keys()
"""Keys a lesson may press (from :mod:`kmtui.keymap`: kmtui's own actions, never q or a screenshot)."""

_TOP = {"title", "dataset", "csv", "k", "seed", "init", "step"}
_STEP = {"say", "keys"}


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


def load_lesson(path: str | Path) -> Lesson:
    """Read and check a lesson file."""
    p = Path(path)
    where = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such lesson file", source=where) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a lesson file", source=where) from None
    except OSError as err:
        raise InputError(f"cannot read the lesson: {err.strerror}", source=where) from None
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", source=where) from None
    except tomllib.TOMLDecodeError as err:
        msg = str(err).split(" (at line")[0]
        raise InputError(f"not valid TOML: {msg}", source=where, line=getattr(err, "lineno", None)) from None
    unknown = set(doc) - _TOP
    if unknown:
        raise InputError(f"unknown setting {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_TOP))})",
                         source=where)
    if "dataset" in doc and "csv" in doc:
        raise InputError("give 'dataset' or 'csv', not both", source=where)
    steps_raw = doc.get("step")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise InputError("a lesson needs at least one [[step]]", source=where)
    steps = []
    for i, st in enumerate(steps_raw, start=1):
        if not isinstance(st, dict):
            raise InputError(f"step {i} is not a table", source=where)
        bad = set(st) - _STEP
        if bad:
            raise InputError(f"step {i}: unknown field {sorted(bad)[0]!r} (allowed: say, keys)", source=where)
        say = st.get("say", "")
        keys = st.get("keys", [])
        if isinstance(keys, str):
            keys = [keys]
        if not isinstance(say, str) or not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise InputError(f"step {i}: 'say' must be text and 'keys' a list of key names", source=where)
        keys = [normalize_key(key) for key in keys]
        for key in keys:
            if key not in ALLOWED_KEYS:
                raise InputError(f"step {i}: a lesson cannot press {key!r}", source=where)
        if not say and not keys:
            raise InputError(f"step {i} has neither 'say' nor 'keys'", source=where)
        steps.append(LessonStep(say=say, keys=tuple(keys)))
    k = doc.get("k", 3)
    seed = doc.get("seed", 0)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError(f"'k' must be a whole number >= 1, not {k!r}", source=where)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"'seed' must be a whole number >= 0, not {seed!r}", source=where)
    from kmtui.engine.steps import INIT_METHODS

    init = doc.get("init", "uniform")
    if init not in INIT_METHODS:
        raise InputError(f"'init' must be one of {', '.join(INIT_METHODS)}, not {init!r}", source=where)
    csv = (p.parent / doc["csv"]) if "csv" in doc else None
    return Lesson(title=str(doc.get("title", p.stem)), steps=tuple(steps), dataset=doc.get("dataset"), csv=csv,
                  k=k, seed=seed, init=init, source=where)
