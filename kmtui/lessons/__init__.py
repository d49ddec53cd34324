"""Scripted lessons: a TOML file of steps a teacher advances with one key.

The names below load on first use (PEP 562): the app imports
:mod:`kmtui.lessons.writer` at start-up (to record a session for ``W``), and
the lesson reader (tomllib, the scene parser) is not needed until a lesson is
read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kmtui.lessons.lesson import Lesson, LessonStep, load_lesson
    from kmtui.lessons.scene import Scene

__all__ = ["Lesson", "LessonStep", "Scene", "load_lesson"]

_LAZY = {"Lesson": "kmtui.lessons.lesson", "LessonStep": "kmtui.lessons.lesson",
         "load_lesson": "kmtui.lessons.lesson", "Scene": "kmtui.lessons.scene"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kmtui.lessons' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
