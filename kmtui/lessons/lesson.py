"""Lesson files: parse and validate a scripted lesson (pure: no UI).

A lesson is a TOML file::

    title = "K-Means in five minutes"
    dataset = "blobs"        # or csv = "data.csv" (relative to the lesson file)
    k = 3
    seed = 3
    init = "uniform"         # optional, as --init
    # also: centroids = [[1, 6], [5, 3]], features, x, y, label, standardize, empty, tol

    [[step]]
    say = "Here are 300 points and nobody has told us which group each belongs to."

    [[step]]
    keys = ["space"]         # keys the app presses for you, in order ("+", "[", "?" as typed)
    say = "Assign: every point joins its nearest centroid."

    [[step]]
    dataset = "moons"        # a scene: any top-level setting, applied before the step's keys
    k = 2
    place = [[0, 0], [1, 0]] # centroids placed by hand (m) on the drawn pair, before the keys
    quiz = true              # after the keys, ask (g); the next space reveals the answer
    say = "Two moons."

Each press of space (or n) in the app does the next step's scene, place and
keys, then shows its text. Every problem is an
:class:`~kmtui.errors.InputError` naming the file, the line, the setting (or
step) and what it must be. The scenes' data is read and checked by
:func:`kmtui.lessons.prepare.prepare`.

A lesson file is data from a stranger, so it is read as data: a regular file
of at most 1 MB, arrays nested at most 32 deep (checked before TOML reads
it), every value type-checked, at most 1 000 steps of at most 200 keys, and
its title and texts made printable (:func:`kmtui.textsafe.clean`: no escape
sequence reaches the terminal).
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kmtui.errors import InputError
from kmtui.keymap import lesson_keys, normalize_key
from kmtui.lessons.scene import SCENE_KEYS, Scene, Where, kind, parse_centroids, parse_scene
from kmtui.textsafe import clean

ALLOWED_KEYS = lesson_keys()
"""Keys a lesson may press (from :mod:`kmtui.keymap`: kmtui's own actions, never q or a screenshot)."""

_TOP = {"title", "step", *SCENE_KEYS}
_STEP = {"say", "keys", "quiz", "place", *SCENE_KEYS}

#: Largest lesson file read, in bytes.
MAX_BYTES = 1_000_000
#: Deepest nesting of arrays and inline tables.
MAX_DEPTH = 32
#: Most steps in a lesson, keys one step presses, and fields a step table may have.
MAX_STEPS = 1000
MAX_KEYS = 200
MAX_STEP_FIELDS = 200
#: Longest title and step text kept (longer ones are cut with "…").
TITLE_LIMIT = 200
SAY_LIMIT = 2000


@dataclass(frozen=True, eq=False)
class LessonStep:
    say: str
    keys: tuple[str, ...] = ()
    scene: Scene | None = None
    """Settings switched to before the keys (new data, K, centroids…)."""
    place: tuple[tuple[float, float], ...] | None = None
    """Centroids placed by hand (m) on the drawn pair, before the keys."""
    quiz: bool = False
    """Ask the quiz (g) after the keys; the next space reveals the answer."""
    selection: Any = None
    """The data from this step on, when its scene changes it (see :func:`kmtui.lessons.prepare.prepare`)."""
    start: Any = None
    """The scene's exact starting centroids as an array, when it gives them."""


@dataclass(frozen=True, eq=False)
class Lesson:
    title: str
    steps: tuple[LessonStep, ...]
    setup: Scene = field(default_factory=Scene)
    """The top-level settings."""
    source: str = ""
    where: Where | None = None

    @property
    def dataset(self) -> str | None:
        return self.setup.dataset

    @property
    def csv(self) -> Path | None:
        return self.setup.csv

    @property
    def k(self) -> int:
        return self.setup.k if self.setup.k is not None else 3

    @property
    def seed(self) -> int:
        return self.setup.seed if self.setup.seed is not None else 0

    @property
    def init(self) -> str:
        return self.setup.init or "uniform"

    @property
    def tol(self) -> float:
        return self.setup.tol if self.setup.tol is not None else 0.0

    @property
    def empty(self) -> str:
        return self.setup.empty or "relocate"

    def with_settings(self, **changes: Any) -> Lesson:
        """The lesson with top-level settings overridden (the command line's -k, --seed, -d)."""
        setup = self.setup
        if "k" in changes or "dataset" in changes:
            setup = replace(setup, centroids=None)  # given centroids belong to the lesson's own K and data
        if "dataset" in changes:
            setup = replace(setup, csv=None, features=None, x=None, y=None, label=None)
        return replace(self, setup=replace(setup, **changes))


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



def _place(value: object, at: Where, i: int) -> tuple[tuple[float, float], ...]:
    cents = parse_centroids(value, "place", at, i)
    if len(cents[0]) != 2:
        raise at.error("'place' takes two numbers per centroid (x and y of the drawn pair), as [[1, 6], [5, 3]]",
                       "place", i)
    return tuple((c[0], c[1]) for c in cents)


def _step(i: int, st: object, folder: Path, at: Where) -> LessonStep:
    if not isinstance(st, dict):
        raise InputError(f"step {i} must be a table ([[step]]), not {kind(st)}", source=at.source,
                         line=at.line(None, i))
    if len(st) > MAX_STEP_FIELDS:
        raise InputError(f"step {i} has {len(st)} fields; a step has at most {len(_STEP)}", source=at.source,
                         line=at.line(None, i))
    bad = set(st) - _STEP
    if bad:
        name = sorted(bad)[0]
        raise at.error(f"unknown field {name!r} (allowed: {', '.join(sorted(_STEP))})", name, i)
    say = st.get("say", "")
    if not isinstance(say, str):
        raise at.error(f"'say' must be text, not {kind(say)}", "say", i)
    keys = st.get("keys", [])
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list):
        raise at.error(f"'keys' must be an array of key names, not {kind(keys)}", "keys", i)
    if len(keys) > MAX_KEYS:
        raise InputError(f"step {i} presses {len(keys)} keys; a step may press at most {MAX_KEYS}",
                         source=at.source, line=at.line("keys", i))
    names = []
    for j, key in enumerate(keys, start=1):
        if not isinstance(key, str):
            raise at.error(f"'keys' item {j} must be a key name (text), not {kind(key)}", "keys", i)
        name = normalize_key(key)
        if name not in ALLOWED_KEYS:
            why = " (q, s, m and ctrl keys are the teacher's own)" if len(name) <= 6 else ""
            raise at.error(f"a lesson cannot press {name!r}{why}; write keys as typed (\"+\", \"[\", \"?\") "
                           "or by Textual's name (\"plus\")", "keys", i)
        names.append(name)
    quiz = st.get("quiz", False)
    if not isinstance(quiz, bool):
        raise at.error(f"'quiz' must be true or false, not {kind(quiz)}", "quiz", i)
    place = _place(st["place"], at, i) if "place" in st else None
    scene = parse_scene(st, folder, at, i)
    has_scene = scene.changes_data or scene.changes_run
    if not say and not names and not quiz and place is None and not has_scene:
        raise InputError(f"step {i} has neither 'say' nor 'keys'", source=at.source, line=at.line(None, i))
    return LessonStep(say=clean(say, limit=SAY_LIMIT), keys=tuple(names), scene=scene if has_scene else None,
                      place=place, quiz=quiz)


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
        and every ``csv`` resolved against the lesson's folder. Its data is
        read by :func:`kmtui.lessons.prepare.prepare`.

    Raises
    ------
    InputError
        Naming the file and line, and the setting or step and what it must be.
    """
    p = Path(path)
    where = str(path)
    text = _read(p, where)
    doc = _parse(text, where)
    at = Where(where, text)
    unknown = set(doc) - _TOP
    if unknown:
        name = sorted(unknown)[0]
        raise at.error(f"unknown setting {name!r} (allowed: {', '.join(sorted(_TOP))})", name)
    title = _title(doc, at)
    steps_raw = doc.get("step")
    if steps_raw is None or (isinstance(steps_raw, list) and not steps_raw):
        raise at.error("a lesson needs at least one [[step]]")
    if not isinstance(steps_raw, list):
        raise at.error(f"'step' must be an array of tables ([[step]]), not {kind(steps_raw)}", "step")
    if len(steps_raw) > MAX_STEPS:
        raise at.error(f"has {len(steps_raw)} steps; a lesson may have at most {MAX_STEPS}")
    setup = parse_scene(doc, p.parent, at)
    steps = tuple(_step(i, st, p.parent, at) for i, st in enumerate(steps_raw, start=1))
    return Lesson(title=clean(title if title is not None else p.stem, limit=TITLE_LIMIT), steps=steps,
                  setup=setup, source=where, where=at)


def _title(doc: dict[str, Any], at: Where) -> str | None:
    value = doc.get("title")
    if value is not None and not isinstance(value, str):
        raise at.error(f"'title' must be text, not {kind(value)}", "title")
    return value
