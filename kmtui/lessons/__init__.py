"""Scripted lessons: a TOML file of steps a teacher advances with one key."""

from kmtui.lessons.lesson import Lesson, LessonStep, load_lesson
from kmtui.lessons.scene import Scene

__all__ = ["Lesson", "LessonStep", "Scene", "load_lesson"]
