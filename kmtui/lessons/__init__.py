"""Scripted lessons: a TOML file of steps a teacher advances with one key."""

from kmtui.lessons.lesson import Lesson, LessonStep, load_lesson

__all__ = ["Lesson", "LessonStep", "load_lesson"]
