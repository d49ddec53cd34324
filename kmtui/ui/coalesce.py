"""jump: a run of one step key (``space`` ×N, ``left`` ×N…) played as one move of the run, drawn once.

:class:`~kmtui.ui.input_gate.InputGate` calls it for keys that queued up
behind slow redraws. The result is what pressing the keys one by one gives
— the same step, narration, recording of the keys and key states — but the
screen is drawn once instead of N times. It only plays runs on the plain
main screen (no mode, lesson, focused widget, or run being computed to its
end); anywhere else the keys go through one by one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.actions import parse
from textual.worker import WorkerState

from kmtui import keymap
from kmtui.narration import screen as say

if TYPE_CHECKING:
    from textual.app import App

    from kmtui.ui.screens.main import MainScreen

STEP_KEYS = frozenset({"space", "n", "b", "backspace", "f", "left", "right"})
"""Keys whose runs may be played as one jump (their actions: next, step_back, step_forward, arrow)."""


def _plain_main(app: App[int]) -> MainScreen | None:
    """The main screen when it is on top in its plain state (where a step key only steps), else None."""
    from kmtui.ui.screens.main import MainScreen

    main = getattr(app, "main", None)
    if not isinstance(main, MainScreen) or app.focused is not None or app.screen_stack[-1:] != [main]:
        return None
    if main.mode is not None or main.lesson is not None:
        return None
    if any(w.group == "to-end" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return None
    return main


def _action(key: str) -> str | None:
    row = keymap.find(key)
    if row is None or row.scope != "main":
        return None
    _, name, params = parse(row.action)
    if name == "arrow":
        dx = params[0] if params else 1
        return "step_back" if isinstance(dx, int) and dx < 0 else "step_forward"
    return name if name in ("next", "step_back", "step_forward") else None


def _handlers(main: MainScreen, event: events.Key) -> list[Callable[[events.Key], object]]:
    """kmtui's ``on_key`` handlers of the screen (Textual's own looks for ``key_`` methods: there are none)."""
    return [method for cls, method in main._get_dispatch_methods("on_key", event)
            if not cls.__module__.startswith("textual.")]


def _seen(main: MainScreen, key: str) -> None:
    """Run the screen's ``on_key`` handlers for one press (the recording of keys, a disabled key's sentence)."""
    event = events.Key(key, None)
    for method in _handlers(main, event):
        method(event)


def jump(app: App[int], key: str, n: int) -> int | None:
    """Play ``n`` presses of the step key ``key`` at once.

    Returns
    -------
    int or None
        None when the screen is not in a state where the run can be played
        (send the keys one by one); otherwise how many of the presses were
        left once the step had become impossible (they all do what one
        press does then: send one).
    """
    main = _plain_main(app)
    name = _action(key)
    if main is None or name is None:
        return None
    if any(inspect.iscoroutinefunction(m) for m in _handlers(main, events.Key(key, None))):
        return None
    run = main.session.run
    main.playing = False
    main.scatter.finish_animation()
    moved, previous, ended = 0, None, False
    while moved < n and main.check_action(name, ()) is True:
        _seen(main, key)
        before = run.current
        ok = run.next() if name == "next" else run.back() if name == "step_back" else run.forward()
        if not ok:  # only next can fail here: the last step just turned out to be the end
            ended = True
            break
        previous, moved = before, moved + 1
    if moved:
        main.show(previous=None if name == "step_back" else previous)
    if ended:
        main.say(main.describe() + say.RUN_ENDED_TAIL)
        moved += 1
    rest = n - moved
    for _ in range(max(rest - 1, 0)):  # the key sent on records itself; these would have too
        _seen(main, key)
    return rest
