"""RunScreen: the run on screen, and which keys can act now (and what a key that cannot says).

The screen owns a :class:`~kmtui.session.Session` (the one source of truth:
data, run, cursor, view) and draws it. A key press takes one straight path:
binding → action here → the session (or a mode, or the lesson player)
changes → :meth:`~kmtui.ui.screens.drawing.RunDrawing.show` hands the current
step to the widgets. Nothing here keeps a copy of K, the init, the seed or the
cursor. The layers, each one job: the widgets and their layout
(:mod:`.layout`), drawing the session on them (:mod:`.drawing`), and here the
key state: Textual's ``check_action`` (a key shown dimmed in the footer) and
the sentence a disabled key says.
"""

from __future__ import annotations

from textual import events
from textual.actions import parse
from textual.widgets import Static

from kmtui import keymap
from kmtui.narration import describe_stop
from kmtui.ui.modes import Inspect
from kmtui.ui.screens.drawing import RunDrawing
from kmtui.ui.text import styled


class RunScreen(RunDrawing):
    """The run screen with its key state: which of its keys can act now.

    The keys live in the subclasses, one group each: :class:`~kmtui.ui.screens.stepping.SteppingKeys`,
    :class:`~kmtui.ui.screens.settings.SettingsKeys`, … up to :class:`~kmtui.ui.screens.main.MainScreen`."""

    # ------------------------------------------------------------ key state

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.session.run
        if action == "arrow":
            if isinstance(self.mode, Inspect):
                return True
            dx = parameters[0] if parameters else 1
            action = "step_back" if isinstance(dx, int) and dx < 0 else "step_forward"
        lesson = self.lesson
        if action in ("step_back", "first_step"):
            if action == "step_back" and lesson is not None and lesson.owns_back(self.session):
                return True
            return None if run.at_start else True
        if action == "step_forward":
            return True if run.can_forward else None
        if action == "play":
            return False if self.playing else (None if run.at_end else True)
        if action == "pause":
            return self.playing
        if action == "next" and lesson is not None and not lesson.finished:
            return True  # space advances the lesson, whatever the run's state
        if action in ("next", "last_step"):
            return None if run.at_end else True
        return True

    def on_key(self, event: events.Key) -> None:
        row = keymap.find(event.key)
        if row is not None and row.disabled and row.scope == "main":
            _, name, params = parse(row.action)
            if self.check_action(name, params) is None:
                stop = describe_stop(self.session.run.current) + " " if name in ("next", "last_step") else ""
                self.say(stop + row.disabled)
        if self.projector:
            names = {"space": "space", "left": "←", "right": "→", "enter": "enter"}
            key = names.get(event.key, event.character if event.is_printable and event.character else event.key)
            self.query_one("#keytrace", Static).update(styled([("key: ", ""), (f" {key} ", "reverse")],
                                                              self.theme_, ascii=self.ascii))
