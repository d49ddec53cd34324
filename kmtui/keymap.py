"""The one table of kmtui's keys (pure: no Textual).

Every key the app answers is one :class:`Key` row here: the keys that press
it, the action it runs, its footer label, the sentence the help screen and
the command palette show, whether a lesson may press it, and what to say
when it is pressed while it cannot act. The Textual bindings
(:mod:`kmtui.ui.bindings`), the footer, the help screen, the command palette
and the lesson validator all read this table, so they cannot drift apart.

Key names are Textual's (``space``, ``plus``, ``left_square_bracket``);
:func:`normalize_key` also takes them as people type them (``"+"``, ``"["``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Scope = Literal["app", "main"]


@dataclass(frozen=True)
class Key:
    """One binding: keys → action, with everything said about it."""

    keys: tuple[str, ...]
    """Textual key names, the first one shown."""
    action: str
    """The action string (``"step_back"``, ``"answer(3)"``)."""
    label: str
    """Short footer label."""
    help: str
    """The help screen's and command palette's sentence."""
    footer: int = 0
    """0: not in the footer; 1: always (80 columns); 2: from 120 columns on; 3: from 160 columns on."""
    lesson: bool = True
    """Whether a lesson file may press it."""
    disabled: str = ""
    """What the narration says when it is pressed but cannot act now."""
    scope: Scope = "main"
    """``"app"``: a global key of the App; ``"main"``: the main screen's."""
    display: str = ""
    """How the key is written in the footer and help (default: from its name)."""
    priority: bool = False
    palette: bool = True
    """Whether the command palette lists it (parameterised twins do not)."""

    @property
    def id(self) -> str:
        return self.action.replace("(", "-").replace(")", "").replace(",", "-").replace(" ", "").replace("_", "-")

    @property
    def name(self) -> str:
        """The action's name without its parameters."""
        return self.action.split("(", 1)[0]

    @property
    def shown(self) -> str:
        """The keys as a person reads them: ``?, f1``."""
        if self.display:
            return self.display
        return ", ".join(key_label(k) for k in self.keys)


_FIRST_STEP = "This is the first step (the initial centroids): nothing to go back to."
_NO_LATER = "No later step has been computed yet: press space to compute the next one."
_RUN_OVER = "The run is over: press r for new centroids, + or - to change K, home to replay it."

KEYS: tuple[Key, ...] = (
    Key(("space", "n"), "next", "Step",
        "Do the next step: the first assign, then update, assign, update… until nothing changes.",
        footer=1, disabled=_RUN_OVER),
    Key(("a",), "assign", "Assign", "Do the assign step now: every point joins its nearest centroid.", footer=2),
    Key(("u",), "update", "Update", "Do the update step now: every centroid moves to the mean of its points.",
        footer=2),
    Key(("p", "enter"), "play", "Play", "Play step after step until convergence; press again to pause.",
        footer=1, disabled="The run has ended. Press r for new centroids, or home to replay it."),
    Key(("p", "enter"), "pause", "Pause", "While playing: pause.", footer=1, palette=False),
    Key(("b", "backspace"), "step_back", "Back", "Go back one step (nothing is recomputed: the run is kept).",
        footer=1, disabled=_FIRST_STEP),
    Key(("f",), "step_forward", "Fwd", "Go forward again over steps already computed.", disabled=_NO_LATER),
    Key(("left",), "arrow(-1)", "Back",
        "Left/right: step back/forward; while inspecting, the nearest point to the left/right.",
        display="←, →", disabled=_FIRST_STEP, palette=False),
    Key(("right",), "arrow(1)", "Fwd",
        "Left/right: step back/forward; while inspecting, the nearest point to the left/right.",
        display="←, →", disabled=_NO_LATER, palette=False),
    Key(("home",), "first_step", "First", "Jump to the first step (the initial centroids).", disabled=_FIRST_STEP),
    Key(("end",), "last_step", "Last", "Compute the run to its end and jump there.", disabled=_RUN_OVER),
    Key(("r",), "reinit", "Re-init", "New random centroids: a new seed, a new run.", footer=1),
    Key(("i",), "next_init", "Init", "Next init method: uniform → random → k-means++ → farthest."),
    Key(("plus", "equals_sign"), "k_up", "K+", "One more cluster (K+1): a new run.", footer=1, display="+"),
    Key(("minus", "underscore"), "k_down", "K-", "One cluster fewer (K−1): a new run.", footer=1, display="-"),
    Key(("d",), "next_dataset", "Data", "Next built-in dataset."),
    Key(("D",), "prev_dataset", "Prev data", "Previous built-in dataset."),
    Key(("e",), "elbow", "Elbow",
        "Compute the elbow (inertia for K = 1…10, best of 10 runs each); press again to cancel.", footer=1),
    Key(("j",), "knee_k", "Use knee K", "Use the K at the knee of the elbow."),
    Key(("v",), "toggle_regions", "Regions", "Show or hide the Voronoi regions: the area nearest each centroid.",
        footer=3),
    Key(("t",), "toggle_trails", "Trails", "Show or hide the trails of past centroid positions.", footer=3),
    Key(("l",), "toggle_lines", "Lines",
        "Show or hide a line from every point to its own centroid (the distances the inertia sums).",
        footer=3),
    Key(("o",), "inspect", "Inspect",
        "Inspect: a cursor on one point shows its distance to every centroid; arrows pick another point.",
        footer=1),
    Key(("up",), "inspect_move(0,1)", "Point up", "In inspect mode: the nearest point above or below.",
        display="↑, ↓", palette=False),
    Key(("down",), "inspect_move(0,-1)", "Point down", "In inspect mode: the nearest point above or below.",
        display="↑, ↓", palette=False),
    Key(("escape",), "leave_mode", "Leave", "Leave inspect, quiz or placing mode."),
    Key(("m",), "place", "Place",
        "Place the K centroids yourself: arrows move a crosshair, enter drops one (or click K spots); m again "
        "cancels.",
        footer=3, lesson=False),
    Key(("M",), "move", "Move",
        "Move one centroid at any step: its number picks it, the arrows move it, enter drops it; the run "
        "branches from there (b at the branch's first step goes back).", lesson=False),
    Key(("g",), "quiz", "Quiz",
        "Quiz: predict which centroid a highlighted point joins at the next assign; answer with its number.",
        footer=2),
    *(Key((str(d),), f"answer({d})", f"Answer {d}",
          "Answer the quiz (g) with a centroid's number (two digits above 10); after R, start that restart.",
          display="0 … 9", palette=False) for d in range(10)),
    Key(("c",), "toggle_code", "Code",
        "Show or hide the code panel: the numpy of this step beside the scikit-learn equivalent.", footer=2),
    Key(("x",), "toggle_crosstab", "Crosstab",
        "Show or hide the crosstab: clusters against known labels (iris species), with purity.", footer=2),
    Key(("pagedown",), "more_text(1)", "More",
        "Next page of the narration (or of the lesson's text) when it says \"more\": at 80x24 a long text "
        "takes pages. Then the code or crosstab panel (c, x) scrolls down a page.", lesson=False),
    Key(("pageup",), "more_text(-1)", "Page back",
        "Previous page of the code or crosstab panel, then of the narration or the lesson's text.",
        lesson=False, palette=False),
    Key(("X",), "next_x", "Next x", "Put the next column on the x axis (data with more than two columns)."),
    Key(("Y",), "next_y", "Next y", "Put the next column on the y axis."),
    Key(("z",), "standardize", "Standardize", "Scale every feature to mean 0 and variance 1 (and back)."),
    Key(("R",), "restarts", "Restarts",
        "Run K-Means 10 times from different random starts and compare their final inertias "
        "(why n_init exists); 0 … 9 then starts one of them."),
    Key(("E",), "empty_start", "Empty start",
        "A start with one centroid far outside the data, so its cluster is empty; "
        "E again switches between empty='relocate' and 'keep'."),
    Key(("left_square_bracket",), "slower", "Slower", "Slower animation."),
    Key(("right_square_bracket",), "faster", "Faster", "Faster animation."),
    Key(("s",), "save_screenshot", "Screenshot",
        "Save an SVG screenshot in the current folder (never overwrites a file).", scope="app", lesson=False),
    Key(("w",), "write_run", "Write run",
        "Write the run as JSON (as kmtui trace --json) and its final labels as CSV in the current folder "
        "(new names: never over a file).", lesson=False),
    Key(("W",), "write_lesson", "Write lesson",
        "Write the session so far (its settings and the keys pressed) as a lesson file in the current folder.",
        lesson=False),
    Key(("question_mark", "f1"), "help", "Help", "This help: every key, and K-Means in a few paragraphs.",
        footer=1, scope="app"),
    Key(("q",), "quit", "Quit", "Quit.", footer=1, scope="app", lesson=False),
    Key(("ctrl+c",), "interrupt", "Quit", "Quit with exit status 130.", scope="app", lesson=False,
        priority=True, palette=False),
    Key(("ctrl+p",), "command_palette", "Palette", "Command palette: every action by name.", scope="app",
        lesson=False, palette=False),
    Key(("ctrl+z",), "suspend_process", "Suspend", "Suspend kmtui to the shell; fg brings it back, redrawn.",
        scope="app", lesson=False, palette=False),
)
"""Every key of the app, in the order the help screen lists them."""

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    ("click", "On the plot: that point's distances to every centroid (or a centroid's place, snapped to round "
              "values, after m). "
              "On the elbow chart: use that K."),
)
"""What the mouse does (not a key, so not a binding)."""

_LABELS = {
    "question_mark": "?", "plus": "+", "minus": "-", "equals_sign": "=", "underscore": "_",
    "left_square_bracket": "[", "right_square_bracket": "]", "left": "←", "right": "→", "up": "↑",
    "down": "↓",
}

_TYPED = {
    "+": "plus", "-": "minus", "=": "equals_sign", "_": "underscore", "[": "left_square_bracket",
    "]": "right_square_bracket", "?": "question_mark", " ": "space", "←": "left", "→": "right",
    "↑": "up", "↓": "down", "esc": "escape", "return": "enter", "bs": "backspace",
}


def key_label(key: str) -> str:
    """How a Textual key name is written for people (``plus`` → ``+``)."""
    return _LABELS.get(key, key)


def normalize_key(key: str) -> str:
    """A key as people write it (``"+"``, ``"["``, ``"?"``) → Textual's name (``plus``…)."""
    return _TYPED.get(key, _TYPED.get(key.lower(), key) if len(key) > 1 else key)


def find(key: str) -> Key | None:
    """The row a key presses (by Textual name or as typed), or None."""
    name = normalize_key(key)
    for row in KEYS:
        if name in row.keys:
            return row
    return None


def by_action(action: str) -> Key:
    """The row of an action (``"step_back"``, ``"answer(3)"``)."""
    for row in KEYS:
        if row.action == action:
            return row
    raise KeyError(action)


def lesson_keys() -> frozenset[str]:
    """Textual names of every key a lesson may press."""
    return frozenset(k for row in KEYS if row.lesson for k in row.keys)


def in_scope(scope: Scope) -> Iterator[Key]:
    return (row for row in KEYS if row.scope == scope)


def help_rows() -> list[tuple[str, str]]:
    """(keys, sentence) rows for the help screen: twins that share a sentence share a row."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in KEYS:
        if row.help in seen:
            continue
        seen.add(row.help)
        rows.append((row.shown, row.help))
    return rows
