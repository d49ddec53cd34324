"""Every sentence kmtui says, in one place (pure: no UI).

``steps`` says what each step of a run did (shared by ``kmtui trace``, ``kmtui
play`` and the app), ``screen`` says what the app's keys and modes did,
``code`` holds the Python that performs each step, and ``text`` the helpers
they share (numbers, plurals, ASCII, and :func:`~kmtui.narration.text.clean`
for text that came from outside).
"""

from __future__ import annotations

from kmtui.narration.code import SKLEARN_CODE, code_for
from kmtui.narration.steps import INIT_WORDS, describe_knee, describe_step, describe_stop
from kmtui.narration.text import Said, Span, asciify, clean, fmt_num, plain, plural

__all__ = [
    "INIT_WORDS",
    "SKLEARN_CODE",
    "Said",
    "Span",
    "asciify",
    "clean",
    "code_for",
    "describe_knee",
    "describe_step",
    "describe_stop",
    "fmt_num",
    "plain",
    "plural",
]
