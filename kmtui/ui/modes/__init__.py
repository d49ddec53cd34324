"""The main screen's teaching modes, one plain object each (no Textual).

At most one mode is open at a time: inspecting a point (o), a quiz question
(g), placing centroids by hand (m), or moving one of them (M). A mode holds only its own state; it
reads the run from the :class:`~kmtui.session.Session` it is given, and the
screen draws what it says.
"""

from __future__ import annotations

from kmtui.ui.modes.inspect import Inspect
from kmtui.ui.modes.move import Move
from kmtui.ui.modes.place import Place
from kmtui.ui.modes.quiz import Quiz, QuizScore

Mode = Inspect | Quiz | Place | Move

__all__ = ["Inspect", "Mode", "Move", "Place", "Quiz", "QuizScore"]
