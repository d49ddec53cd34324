"""Writing a session as a lesson file (pure: no UI, no file system).

The app's ``W`` key turns what the teacher did — the settings the session
started with and the keys pressed since (and centroids placed by hand) —
into a lesson :func:`~kmtui.lessons.load_lesson` reads back: one ``[[step]]``
per key, with an empty ``say`` to fill in. :mod:`kmtui.files` writes it under
a numbered name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kmtui.data.selection import Selection
from kmtui.engine.history import RunConfig


@dataclass
class Recording:
    """The settings a session started with and what was done since."""

    selection: Selection
    config: RunConfig
    centroids: list[list[float]] | None = None
    """Exact starting centroids, when the session started from given ones."""
    steps: list[dict[str, object]] = field(default_factory=list)
    """One entry per step: ``{"keys": [...]}`` or ``{"place": [[x, y], ...]}``."""

    def key(self, name: str) -> None:
        self.steps.append({"keys": [name]})

    def place(self, drawn: Sequence[tuple[float, float]]) -> None:
        self.steps.append({"place": [[float(x), float(y)] for x, y in drawn]})


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} in a lesson")


def lesson_text(rec: Recording, title: str = "A lesson recorded in kmtui") -> str:
    """The recording as a lesson file (TOML)."""
    sel, cfg = rec.selection, rec.config
    ds = sel.dataset
    top: list[tuple[str, object]] = [("title", title)]
    lines: list[str] = ["# Written by kmtui (W). Fill in each step's 'say'; see demos/README.md.", ""]
    if ds.source == "built-in":
        top.append(("dataset", ds.name))
    elif ds.where and ds.where != "-" and Path(ds.where).is_file():
        top.append(("csv", str(Path(ds.where).resolve())))
    else:
        lines.insert(1, f"# The data came from {ds.where or 'standard input'}: give it as csv = \"FILE\".")
    names = list(sel.feature_names)
    xy = [sel.x_name, sel.y_name]
    if len(names) > 2 or names != xy:
        top.append(("features", names))
    top += [("x", sel.x_name), ("y", sel.y_name)]
    if sel.standardized:
        top.append(("standardize", True))
    if rec.centroids is not None:
        top.append(("centroids", rec.centroids))
    else:
        top += [("k", cfg.n_clusters), ("init", cfg.init if cfg.init not in ("manual", "given") else "uniform")]
    top.append(("seed", cfg.seed if cfg.seed is not None else 0))
    if cfg.tol:
        top.append(("tol", cfg.tol))
    if cfg.empty != "relocate":
        top.append(("empty", cfg.empty))
    lines += [f"{k} = {_value(v)}" for k, v in top]
    steps = rec.steps or [{"say": "The start."}]
    for st in steps:
        lines += ["", "[[step]]"]
        lines += [f"{k} = {_value(v)}" for k, v in st.items()]
        if "say" not in st:
            lines.append('say = ""')
    return "\n".join(lines) + "\n"
