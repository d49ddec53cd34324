"""What the app says about its own keys and modes (pure: no UI).

Each function returns a plain string or a :data:`~kmtui.narration.text.Said`
(styled pieces, never markup). Names, headers and labels that came from the
data are passed through :func:`~kmtui.narration.text.clean` by the caller
that got them from outside (the data layer and the lesson reader).
"""

from __future__ import annotations

from collections.abc import Sequence

from kmtui.engine.elbow import ElbowCurve
from kmtui.engine.state import Phase, Step
from kmtui.narration.minimum import explain
from kmtui.narration.text import Said, fmt_num, plural

FIRST_STEP = "This is the first step: nothing to go back to."
NO_LATER = "No later step computed yet: press space to compute the next one."
PAUSED = "Paused. Press p to play on, space to step."
RUN_ENDED_PLAY = "The run has ended. Press r for new centroids, or home to replay it."
RUN_ENDED_TAIL = "  (The run has ended: press r for new centroids, + or - to change K.)"
NO_KNEE_YET = "No knee to jump to yet: press e to compute the elbow."
REGIONS_ON = ("Voronoi regions on: each cell is tinted by its nearest centroid — the area every point "
              "in it would join at the next assign.")
REGIONS_OFF = "Voronoi regions off."
TRAILS_ON = "Trails on: faint dots show where each centroid has been."
TRAILS_OFF = "Trails off."
LINES_ON = ("Lines on: each point is joined to its own centroid — the distance the inertia squares and sums. "
            "The longest lines are the points that weigh most.")
LINES_OFF = "Lines off."
RESTARTS_CANCELLED = "Restarts cancelled."


def restarts_started(n: int, k: int) -> str:
    return (f"Running K-Means {n} times at K={k} from different random starts (seeds from this one)… "
            "The same data and K can end in different places.")


def restarts_done(best: float, index: int, seed: int, step: Step) -> str:
    here = "" if step.inertia is None else f" This run is at {fmt_num(step.inertia)} now."
    return (f"The best of the restarts reached {fmt_num(best)} (run {index}, seed {seed}).{here} "
            "Press a run's number to start it.")


def restart_jump(index: int, seed: int, inertia: float) -> str:
    return f"Restart {index} (seed {seed}): it ends at inertia {fmt_num(inertia)}. Step through it to see how."


def empty_preset(cluster: int, policy: str) -> str:
    """The empty-cluster start, and what each empty-cluster policy does."""
    other = "keep" if policy == "relocate" else "relocate"
    does = {"relocate": "the update moves its centroid to the point farthest from its own centroid "
                        "(scikit-learn's rule)",
            "keep": "its centroid stays where it is, owning no points"}
    return (f"Empty-cluster start: centroid {cluster} sits far outside the data, so no point will be nearest "
            f"it. With empty='{policy}' {does.get(policy, policy)}; E again tries '{other}'.")
PLACE_CANCELLED = "Placing by hand cancelled."
PLACED = "Your centroids are placed (init: manual). Press space to assign every point to the nearest one."
QUIZ_ENDED = "The run has ended: no assign left to predict. Press r for a new run."
QUIZ_UPDATE_FIRST = "The quiz asks about the next assign: press u to do the update first."
INSPECT_HINT = " (arrows: another point · o or escape: stop)"
INIT_HINT = " Press space to assign each point to its nearest ✖."


def nothing_to(verb: str) -> str:
    return f"The run has ended: nothing left to {verb}. Press r for new centroids."


def cannot_now(phase: Phase, current: Phase, nxt: Phase) -> str:
    """Why ``a`` or ``u`` cannot act now."""
    other = "update (u)" if nxt is Phase.UPDATE else "assign (a)"
    verb = phase.value
    if phase is Phase.ASSIGN:
        why = "the points were just assigned; the centroids must move before assigning again"
    elif current is Phase.INIT:
        why = "no point belongs to a cluster yet, so there is no mean to move to; assign first"
    else:
        why = "the centroids already sit at the means of their points; assign first"
    return f"Cannot {verb} now: {why}. The next step is {other}."


def new_seed(seed: int) -> str:
    return f"New random centroids (seed {seed})."


def k_is(k: int) -> str:
    return f"K = {k}."


def k_out_of_range(limit: int) -> str:
    return f"K must stay between 1 and {limit}."


def init_is(init: str) -> str:
    return f"Init method: {init}."


def only_two_columns(name: str, what: str) -> str:
    return f"{name} has only two columns: nothing else to put on the {what}."


def now_drawing(x: str, y: str) -> str:
    return (f"Now drawing {x} × {y}. kmtui clusters what it draws, so a new run "
            "starts (use --features to cluster on more columns and only change the view).")


def standardized(on: bool) -> str:
    state = "on: every feature now has mean 0 and variance 1" if on else "off"
    return f"Standardize {state}."


def speed(factor: float, limit: str) -> str:
    return f"animation speed ×{factor:g}{limit}"


def place_prompt(k: int) -> str:
    return (f"Place the centroids yourself: click {plural(k, 'spot')} on the plot "
            "(m again cancels). Try a bad start and watch K-Means recover — or not.")


def placed_one(n: int, x: float, y: float, left: int) -> str:
    return f"Centroid {n} placed at ({fmt_num(x)}, {fmt_num(y)}). {left} more to go."


def is_stuck(step: Step, best: float | None) -> bool:
    """True when ``step`` ends a run more than 0.1 % above the best inertia known at its K."""
    return step.stop is not None and best is not None and step.inertia is not None and step.inertia > best * 1.001


def local_minimum_note(step: Step, best: float | None, n_init: int,
                       shape: tuple[int, int, int] | None = None) -> str:
    """At the end of a run: compare with the best the elbow's restarts found at this K.

    Within 0.1 % of the best it is "as good as the best"; above, a local minimum
    explained (:func:`kmtui.narration.minimum.explain`), in the shape ``shape``
    when :func:`~kmtui.narration.minimum.diagnose` found it.
    """
    if step.stop is None or best is None or step.inertia is None:
        return ""
    if is_stuck(step, best):
        return explain(step.inertia, best, n_init, shape)
    return f" That is as good as the best of {n_init} runs at this K ({fmt_num(best)})."


def stopped_short(step: Step) -> str:
    """The end of a run in one short sentence (when a local-minimum note follows)."""
    inertia = "" if step.inertia is None else f" at inertia {fmt_num(step.inertia)}"
    verb = "Converged" if step.converged else "Stopped"
    return f"{verb} after {plural(step.iteration, 'iteration')}{inertia}."


def step_info(step: Step, next_phase: Phase | None) -> Said:
    """The side panel's two lines: which step, and the inertia."""
    inertia = "—" if step.inertia is None else fmt_num(step.inertia)
    said: Said = [(f"Step {step.index}", "b"), (f" · {step.phase.value} · iteration {step.iteration}\n", ""),
                  ("inertia ", ""), (inertia, "b")]
    if step.stop is not None:
        said.append((" · converged" if step.converged else " · stopped", "b"))
    else:
        hint = f"next: {next_phase.value}" if next_phase is not None else "run finished"
        said.append((f" · {hint}", "dim"))
    return said


def cluster_line(sizes: Sequence[int], shares: Sequence[float], shapes: Sequence[str]) -> Said:
    """Points and share of the inertia per cluster, each in its colour and shape."""
    said: Said = [("points:inertia share", "")]
    for c, (n, share, shape) in enumerate(zip(sizes, shares, shapes, strict=True)):
        said += [("  ", ""), (shape, f"c{c}"), (f"{n}:{share:.0f}%", "")]
    return said


def header(name: str, n: int, drawn: str, k: int, init: str, seed: int | None, extra: str,
           width: int, n_features: int = 2) -> Said:
    """The top line, in its long form when it fits ``width``, else the short one.

    The short one still says "clusters on 4 features" when more than the two drawn are clustered.
    """
    full: Said = [("kmtui", "b"), (f" · {name} ({n} points) · {drawn} · ", ""), (f"K={k}", "b"),
                  (f" · init {init} · seed {seed}{extra}", "")]
    if sum(len(t) for t, _ in full) <= width:
        return full
    on = f" · clusters on {n_features} features" if n_features > 2 else ""
    short: Said = [("kmtui", "b"), (f" · {name} ({n}) · ", ""), (f"K={k}", "b"),
                   (f" · {init} · seed {seed}{on}{extra}", "")]
    if sum(len(t) for t, _ in short) > width and on:
        short = [("kmtui", "b"), (f" · {name} · ", ""), (f"K={k}", "b"), (f" · seed {seed}{on}{extra}", "")]
    return short


def elbow_title(curve: ElbowCurve | None, state: str) -> Said:
    """The elbow chart's title: computing, cancelled, failed, or the knee."""
    if state.startswith("computing"):
        return [(f"Elbow: {state}… (e cancels)", "")]
    if state == "cancelled":
        return [("Elbow cancelled (e: again)", "")]
    if state.startswith("failed"):
        return [("Elbow " + state, "")]
    if curve is None:
        return [("Elbow: press e to compute it", "")]
    from kmtui.narration.steps import VERDICT_WORDS

    verdict: Said = [] if curve.verdict is None else [(f" · {VERDICT_WORDS[curve.verdict]}", "")]
    if curve.knee is None:
        return [("Elbow: no clear knee", ""), *verdict]
    return [(f"Elbow: knee at K={curve.knee}", "b"), *verdict, (" · j or click: use a K", "")]


def inspect_said(index: int, coords: Sequence[tuple[str, float]], distances: Sequence[float],
                 shapes: Sequence[str], label: int | None) -> Said:
    """One point's distances to every centroid, and which one np.argmin picks."""
    nearest = min(range(len(distances)), key=lambda c: (distances[c], c))
    where = ", ".join(f"{n}={fmt_num(v)}" for n, v in coords)
    said: Said = [(f"Point {index} ({where}), ", ""),
                  ("no cluster yet" if label is None else f"in cluster {label}", ""),
                  (". Distance √(Σ(x−c)²) to each centroid" + over_features(len(coords)) + ":", "")]
    for c, d in enumerate(distances):
        said += [("  ", ""), (f"{shapes[c]} {c}", f"c{c}"), (f": {fmt_num(d)}", "b" if c == nearest else "")]
    said.append((f". np.argmin picks centroid {nearest}.", ""))
    if label is not None and label != nearest:
        said.append((f" It is nearer another centroid now: the next assign moves it to cluster {nearest}.", ""))
    said.append((INSPECT_HINT, "dim"))
    return said


def over_features(n_features: int) -> str:
    """`` over all 4 clustered features`` when more are clustered than the two drawn, else ``""``."""
    return f" over all {n_features} clustered features" if n_features > 2 else ""


def quiz_question(label: int | None, shapes: Sequence[str], features: Sequence[str] = ()) -> Said:
    now = "has no cluster yet" if label is None else f"is in cluster {label} now"
    more = ""
    if len(features) > 2:
        more = f" (distances use all {len(features)} clustered features: {', '.join(features)})"
    said: Said = [(f"Quiz: the point in reverse video {now}. Which centroid will it join at the next "
                   f"assign{more}? Press its number:", "")]
    for c, shape in enumerate(shapes):
        said += [("  ", ""), (str(c), "b"), (" = ", ""), (f"{shape} ✖", f"c{c}")]
    if len(shapes) > 10:
        said.append(("  (two digits for 10 and up)", "dim"))
    return said


def quiz_verdict(right: bool, answer: int, distances: Sequence[float], score: tuple[int, int],
                 n_features: int = 2) -> str:
    verdict = "Right!" if right else f"Not quite: it joins centroid {answer}."
    dist = "  ".join(f"{c}: {fmt_num(float(v))}" for c, v in enumerate(distances))
    return (f"{verdict} Distances{over_features(n_features)} — {dist}; the nearest wins. "
            f"Score {score[0]}/{score[1]}. Press g for another, space to do the assign.")


def quiz_range(k: int) -> str:
    return f"Press a centroid number from 0 to {k - 1}."


def quiz_typing(digits: str, k: int) -> str:
    """While a two-digit answer is being typed (K above 10)."""
    return f"Quiz answer: {digits}… (type the second digit, or wait: centroids 0 to {k - 1})"


def dataset_chosen(name: str, description: str, n: int) -> str:
    """What a dataset chosen with d / D is for: its one-line teaching point."""
    return f"Dataset {name} ({n} points): {description}."


def labels_hint(name: str | None, presses: int, key: str = "d") -> str:
    """Which key reaches a dataset with known labels, and how many presses."""
    if name is None:
        return "No dataset here has known labels."
    times = "" if presses == 1 else f" {presses} times"
    return f"Try {name}: press {key}{times} (its labels are known)."


def lesson_banner(title: str, position: int, total: int, say: str) -> Said:
    if position == 0:
        return [(f"Lesson: {title}", "b"), (f" — {total} steps. Press space to begin.", "")]
    tail = "" if position < total else "  (The end of the lesson: space now steps as usual.)"
    return [(f"Lesson {position}/{total}", "b"), (f" — {say}", ""), (tail, "dim")]


def too_small(width: int, height: int, min_width: int, min_height: int) -> str:
    return (f"terminal too small: kmtui needs at least {min_width}×{min_height} "
            f"(this one is {width}×{height}).\nMake the window bigger, or press q to quit.")


def move_prompt(k: int) -> str:
    return (f"Move a centroid: press its number (0 … {k - 1}), then the arrows; enter drops it and the "
            "run goes on from there (b at its first step comes back here).")


def move_pick_first(k: int) -> str:
    return f"First press the number of the centroid to move (0 … {k - 1})."


def moved(j: int | None, x: float, y: float, at: int) -> str:
    return (f"Centroid {j} moved to ({fmt_num(x)}, {fmt_num(y)}): a new run starts from these centroids "
            f"(the old one is kept: b here goes back to its step {at}). Press space to assign.")


def unbranched(cursor: int) -> str:
    return f"Back to the run before the move, at step {cursor}. "


def lesson_quiz_answer(point: int, right: int, shape: str, distances: Sequence[float]) -> str:
    return (f"The answer: point #{point} joins centroid {right} {shape}, the nearest "
            f"(distances {', '.join(fmt_num(v) for v in distances)}). Press space to go on.")


def wrote_run(run: str, labels: str) -> str:
    return f"Wrote {run} (the run) and {labels} (the labels)."


def wrote_lesson(where: str, steps: int, name: str) -> str:
    return f"Wrote {where}: {steps} steps. Fill in their 'say' and play it with kmtui lesson {name}."
