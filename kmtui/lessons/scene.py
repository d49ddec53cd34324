"""Scenes: the settings a lesson starts with, or switches to at one of its steps (pure: no UI).

A lesson's top level and any ``[[step]]`` may set the data (``dataset`` or
``csv``, with ``features``, ``x``, ``y``, ``label``, ``standardize``) and the
run (``k``, ``init``, ``seed``, ``centroids``, ``tol``, ``empty``). A step's
scene is applied before its keys are pressed. A scene that names data or
columns chooses the columns afresh (those it leaves out take their
defaults); one that sets only run settings keeps the data.

Also :class:`Where`: which file and line a problem is on (TOML does not say
where a value was, so the line of a key is found by scanning the text).
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kmtui.errors import InputError

DATA_KEYS = ("dataset", "csv", "features", "x", "y", "label", "standardize")
RUN_KEYS = ("k", "init", "seed", "centroids", "tol", "empty")
SCENE_KEYS = DATA_KEYS + RUN_KEYS
#: Largest k or seed.
MAX_WHOLE = 2**31 - 1
#: Most centroids and most coordinates per centroid a lesson may give.
MAX_CENTROIDS = 100
MAX_COORDS = 100

_STEP_HEADER = re.compile(r"^\s*\[\[\s*step\s*\]\]", re.MULTILINE)


class Where:
    """The lesson file and its text, to name the line a problem is on."""

    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.lines = text.splitlines()
        self._steps = [i for i, line in enumerate(self.lines) if _STEP_HEADER.match(line)]

    def line(self, key: str | None = None, step: int | None = None) -> int | None:
        """1-based line of ``key`` at the top level (``step`` None) or in step ``step`` (1-based)."""
        if step is None:
            lo, hi = 0, self._steps[0] if self._steps else len(self.lines)
        elif 1 <= step <= len(self._steps):
            lo = self._steps[step - 1]
            hi = self._steps[step] if step < len(self._steps) else len(self.lines)
            if key is None:
                return lo + 1
        else:
            return None
        if key is None:
            return None
        pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        for i in range(lo, hi):
            if pattern.match(self.lines[i]):
                return i + 1
        return lo + 1 if step is not None else None

    def error(self, message: str, key: str | None = None, step: int | None = None) -> InputError:
        prefix = f"step {step}: " if step is not None else ""
        return InputError(prefix + message, source=self.source, line=self.line(key, step))


def kind(value: object) -> str:
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
    return "a date or time"


Column = str | int


@dataclass(frozen=True)
class Scene:
    """Settings a lesson sets (None: not set here)."""

    dataset: str | None = None
    csv: Path | None = None
    features: tuple[Column, ...] | None = None
    x: Column | None = None
    y: Column | None = None
    label: str | None = None
    standardize: bool | None = None
    k: int | None = None
    init: str | None = None
    seed: int | None = None
    centroids: tuple[tuple[float, ...], ...] | None = None
    tol: float | None = None
    empty: str | None = None

    @property
    def changes_data(self) -> bool:
        return any(getattr(self, key) is not None for key in DATA_KEYS)

    @property
    def changes_run(self) -> bool:
        return any(getattr(self, key) is not None for key in RUN_KEYS)


def _whole(value: object, key: str, least: int, at: Where, step: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        got = repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else kind(value)
        raise at.error(f"'{key}' must be a whole number >= {least}, not {got}", key, step)
    if value > MAX_WHOLE:
        raise at.error(f"'{key}' must be at most {MAX_WHOLE}, not {value}", key, step)
    return value


def _column(value: object, key: str, at: Where, step: int | None) -> Column:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise at.error(f"'{key}' must be a column (its header name, or its 0-based index), not {kind(value)}",
                       key, step)
    if isinstance(value, int) and not 0 <= value <= MAX_WHOLE:
        raise at.error(f"'{key}' must be a column index >= 0, not {value}", key, step)
    return value


def _csv(name: object, folder: Path, at: Where, step: int | None) -> Path:
    if not isinstance(name, str):
        raise at.error(f"'csv' must be text (a path to a CSV file, relative to the lesson), not {kind(name)}",
                       "csv", step)
    if not name.strip():
        raise at.error("'csv' is empty: it must be a path to a CSV file", "csv", step)
    if "\x00" in name:
        raise at.error("'csv' holds a NUL character: it must be a path to a CSV file", "csv", step)
    path = folder / name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise at.error(f"'csv': no such file {str(path)!r}", "csv", step) from None
    except (OSError, ValueError) as err:
        raise at.error(f"'csv': cannot read {str(path)!r}: {getattr(err, 'strerror', None) or err}",
                       "csv", step) from None
    if not stat.S_ISREG(info.st_mode):
        what = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, a FIFO or a socket"
        raise at.error(f"'csv': {str(path)!r} is {what}, not a regular CSV file", "csv", step)
    return path


def parse_centroids(value: object, key: str, at: Where, step: int | None) -> tuple[tuple[float, ...], ...]:
    """``[[1, 6], [5, 3]]``: one array of numbers per centroid, all of the same length."""
    shape = f"'{key}' must be an array of centroids, each an array of numbers, as [[1, 6], [5, 3]]"
    if not isinstance(value, list) or not value or len(value) > MAX_CENTROIDS:
        raise at.error(shape + (f" (at most {MAX_CENTROIDS})" if isinstance(value, list) and value else ""),
                       key, step)
    out: list[tuple[float, ...]] = []
    for n, row in enumerate(value, start=1):
        if not isinstance(row, list) or not row or len(row) > MAX_COORDS or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
            raise at.error(f"{shape}; centroid {n} is not", key, step)
        coords = tuple(float(v) for v in row)
        if not all(math.isfinite(v) for v in coords):
            raise at.error(f"'{key}': centroid {n} is not finite", key, step)
        if out and len(coords) != len(out[0]):
            raise at.error(f"'{key}': centroid {n} has {len(coords)} coordinates but centroid 1 has "
                           f"{len(out[0])}", key, step)
        out.append(coords)
    return tuple(out)


def parse_scene(doc: dict[str, Any], folder: Path, at: Where, step: int | None = None) -> Scene:
    """The scene settings in ``doc`` (a lesson's top level, or one step's table), checked."""
    from kmtui.data.builtin import DATASETS
    from kmtui.engine.steps import EMPTY_POLICIES, INIT_METHODS

    got: dict[str, Any] = {}
    if "dataset" in doc and "csv" in doc:
        raise at.error("give 'dataset' or 'csv', not both", "csv", step)
    if "dataset" in doc:
        name = doc["dataset"]
        if not isinstance(name, str):
            raise at.error(f"'dataset' must be text (the name of a built-in dataset), not {kind(name)}",
                           "dataset", step)
        if name.strip().lower() not in DATASETS:
            raise at.error(f"'dataset': unknown dataset {name!r} (built-in datasets: {', '.join(DATASETS)})",
                           "dataset", step)
        got["dataset"] = name.strip().lower()
    if "csv" in doc:
        got["csv"] = _csv(doc["csv"], folder, at, step)
    if "features" in doc:
        feats = doc["features"]
        if isinstance(feats, str):
            feats = [f.strip() for f in feats.split(",")]
        if not isinstance(feats, list) or not feats or len(feats) > MAX_COORDS:
            raise at.error("'features' must be an array of columns, as [\"sepal_length\", 2]", "features", step)
        got["features"] = tuple(_column(f, "features", at, step) for f in feats)
    for key in ("x", "y"):
        if key in doc:
            got[key] = _column(doc[key], key, at, step)
    if "label" in doc:
        if not isinstance(doc["label"], str):
            raise at.error(f"'label' must be text (a column of the CSV file), not {kind(doc['label'])}",
                           "label", step)
        got["label"] = doc["label"]
    if "standardize" in doc:
        if not isinstance(doc["standardize"], bool):
            raise at.error(f"'standardize' must be true or false, not {kind(doc['standardize'])}",
                           "standardize", step)
        got["standardize"] = doc["standardize"]
    if "k" in doc:
        got["k"] = _whole(doc["k"], "k", 1, at, step)
    if "seed" in doc:
        got["seed"] = _whole(doc["seed"], "seed", 0, at, step)
    for key, allowed in (("init", INIT_METHODS), ("empty", EMPTY_POLICIES)):
        if key in doc:
            value = doc[key]
            if not isinstance(value, str) or value not in allowed:
                what = repr(value) if isinstance(value, str) else kind(value)
                raise at.error(f"'{key}' must be one of {', '.join(allowed)}, not {what}", key, step)
            got[key] = value
    if "tol" in doc:
        tol = doc["tol"]
        if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol < 0:
            raise at.error(f"'tol' must be a finite number >= 0, not {tol!r}", "tol", step)
        got["tol"] = float(tol)
    if "centroids" in doc:
        cents = parse_centroids(doc["centroids"], "centroids", at, step)
        if "k" in got and got["k"] != len(cents):
            raise at.error(f"'k' = {got['k']} does not match the {len(cents)} centroids given (leave 'k' out)",
                           "k", step)
        got["centroids"] = cents
        got["k"] = len(cents)
    return Scene(**got)
