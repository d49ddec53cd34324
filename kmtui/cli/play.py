"""``kmtui play``: a non-interactive terminal animation of a run, then a summary.

No Textual: the rasterizer's rows go straight to the terminal as ANSI text, one
frame after another (cursor home, then only the rows that changed), so it is
light over SSH and can be recorded or projected as it is. Not on a terminal,
it prints the final frame once and the summary.

On a terminal the animation runs on the alternate screen; when it ends, the
last frame is drawn again on the main screen, so it stays above the summary
in the terminal's scrollback. The summary is wrapped at word boundaries to the
terminal's width, and says when the run is stuck in a local minimum (its
inertia more than 0.1 % above the best of ten k-means++ runs at that K).

What each step shows — and what glides or flashes on the way there — comes
from :func:`kmtui.render.frame.frame_for` and :mod:`kmtui.render.motion`, as
in the app.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import time
from typing import Protocol, TextIO

import numpy as np

from kmtui.data.selection import Selection
from kmtui.engine.elbow import elbow, final_inertia
from kmtui.engine.history import Run
from kmtui.narration import describe_step, fmt_num
from kmtui.render.ansi import rows_to_ansi
from kmtui.render.cells import row_text, slice_row
from kmtui.render.frame import frame_for
from kmtui.render.motion import GLIDE_SECONDS, flash_seconds, glide_frames
from kmtui.render.palette import DARK, PROJECTOR
from kmtui.render.scatter import ScatterRenderer, bounds_for

HIDE_CURSOR, SHOW_CURSOR = "\x1b[?25l", "\x1b[?25h"
BEST_OF = 10
"""Restarts of k-means++ the final inertia is compared with."""
STUCK = 1.001
"""A run whose inertia is more than 0.1 % above that best is stuck in a local minimum (as in the app)."""
ALT_ON, ALT_OFF = "\x1b[?1049h", "\x1b[?1049l"


def _colors() -> str:
    if os.environ.get("NO_COLOR"):
        return "none"
    ct = os.environ.get("COLORTERM", "")
    return "truecolor" if ct in ("truecolor", "24bit") else "256"


class _Terminal:
    """Where :func:`_animate` draws on a terminal: write and flush, sleep between frames."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)


class _Sink(Protocol):
    def write(self, text: str) -> None: ...

    def wait(self, seconds: float) -> None: ...


def _renderer(selection: Selection, cols: int, height: int, ascii: bool, projector: bool) -> ScatterRenderer:
    renderer = ScatterRenderer(PROJECTOR if projector else DARK, ascii=ascii, wide=projector)
    renderer.resize(cols, height)
    renderer.set_bounds(bounds_for(selection.points), selection.x_name, selection.y_name)
    return renderer


def _animate(run: Run, selection: Selection, renderer: ScatterRenderer, sink: _Sink, *, cols: int, height: int,
             colors: str, fps: float, animate: bool) -> None:
    """Every step of ``run`` drawn on ``sink`` as ANSI text (only the rows that changed), with pauses."""
    i, j = selection.xy
    pts = selection.points
    frame_time = 1.0 / max(0.5, fps)
    n_glide = max(1, round(GLIDE_SECONDS / frame_time)) if animate else 1
    flash_time = flash_seconds(GLIDE_SECONDS) if animate else 0.0

    shown: list[str] = []
    """The text under the plot as last written (rewritten only when it changes)."""

    def draw(full: bool, text: str) -> None:
        rows = renderer.render()
        spans = renderer.dirty_spans()
        if full:
            spans = {r: (0, cols) for r in range(len(rows))}
        # Only the changed cells of each changed row: a glide frame is a few cells per centroid.
        parts = [(r, first, slice_row(rows[r], first, end)) for r, (first, end) in sorted(spans.items())]
        ansi = rows_to_ansi((part for _, _, part in parts), colors)
        buf = [f"\x1b[{r + 1};{first + 1}H{line}" for (r, first, _), line in zip(parts, ansi, strict=True)]
        if not full and shown == [text]:
            if buf:
                sink.write("".join(buf))
            return
        shown[:] = [text]
        words = text.split()
        lines_out, cur = [], ""
        for w in words:
            if len(cur) + len(w) + 1 > cols:
                lines_out.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        lines_out.append(cur)
        for n in range(2):
            line = lines_out[n] if n < len(lines_out) else ""
            buf.append(f"\x1b[{height + 1 + n};1H\x1b[2K{line[:cols]}")
        sink.write("".join(buf))

    step = run.current
    frame = frame_for(step, None, run.trail, (i, j))
    renderer.set_points(pts, frame.labels)
    renderer.set_centroids(frame.centroids, frame.trails)
    draw(True, describe_step(step, init=run.config.init))
    sink.wait(frame_time * 5)
    while run.next():
        prev, step = run.steps[run.cursor - 1], run.current
        frame = frame_for(step, prev, run.trail, (i, j))
        text = describe_step(step, init=run.config.init, n_samples=selection.dataset.n_samples, previous=prev)
        if frame.glide_from is not None and frame.moves and n_glide > 1:
            renderer.set_points(pts, frame.labels)
            for centroids in glide_frames(frame.glide_from, frame.centroids, n_glide):
                renderer.set_centroids(centroids, frame.trails)
                draw(False, text)
                sink.wait(frame_time)
        elif frame.flashes and flash_time > 0:
            # Points that changed cluster flash once, then settle.
            renderer.set_points(pts, frame.labels, frame.flash)
            renderer.set_centroids(frame.centroids, frame.trails)
            draw(False, text)
            sink.wait(flash_time)
            renderer.set_points(pts, frame.labels)
            draw(False, text)
        else:
            renderer.set_points(pts, frame.labels)
            renderer.set_centroids(frame.centroids, frame.trails)
            draw(False, text)
        sink.wait(frame_time * 4)
    sink.wait(1.0)


def record(run: Run, selection: Selection, *, fps: float = 10.0, ascii: bool = False, projector: bool = False,
           animate: bool = True, size: tuple[int, int] = (100, 30)) -> str:
    """The animation of ``run`` as an asciicast v2 recording (:class:`kmtui.export.Cast`), in 256 colours."""
    from kmtui.export import Cast

    cols, lines = size
    height = max(6, lines - 3)
    renderer = _renderer(selection, cols, height, ascii, projector)
    cast = Cast(cols, lines, title=f"kmtui play · {selection.dataset.name} · K={run.config.n_clusters}")
    cast.write(HIDE_CURSOR + "\x1b[2J")
    _animate(run, selection, renderer, cast, cols=cols, height=height, colors="256", fps=fps, animate=animate)
    cast.write(SHOW_CURSOR + f"\x1b[{lines};1H\r\n")
    return cast.text()


def play(run: Run, selection: Selection, *, out: TextIO = sys.stdout, fps: float = 10.0,
         ascii: bool = False, projector: bool = False, animate: bool = True,
         size: tuple[int, int] | None = None) -> int:
    """Animate ``run`` to its end on ``out``; returns the exit status."""
    tty = out.isatty() if size is None else True
    cols, lines = size or shutil.get_terminal_size((80, 24))
    height = max(6, lines - 3)  # two lines of narration and one of status below the plot
    renderer = _renderer(selection, cols, height, ascii, projector)
    colors = _colors()

    if not tty:
        run.last()
        frame = frame_for(run.current, None, run.trail, selection.xy)
        renderer.set_points(selection.points, frame.labels)
        renderer.set_centroids(frame.centroids, frame.trails)
        for row in renderer.render():
            out.write(row_text(row).rstrip() + "\n")
        _summary(run, selection, out, width=cols)
        return 0

    out.write(ALT_ON + HIDE_CURSOR + "\x1b[2J")
    try:
        _animate(run, selection, renderer, _Terminal(out), cols=cols, height=height, colors=colors, fps=fps,
                 animate=animate)
    except KeyboardInterrupt:
        out.write(SHOW_CURSOR + ALT_OFF)
        out.flush()
        print("kmtui: interrupted", file=sys.stderr)
        return 130
    out.write(SHOW_CURSOR + ALT_OFF)
    # The alternate screen took the animation with it: the last frame again, on the main screen.
    out.write("".join(line + "\n" for line in rows_to_ansi(renderer.render(), colors)))
    _summary(run, selection, out, width=cols)
    return 0


def local_minimum(run: Run, final: float) -> str:
    """A sentence when the run ended stuck in a local minimum, else one saying it is as good as the best."""
    k = run.config.n_clusters
    best = float(elbow(run.X, k_min=k, k_max=k, n_init=BEST_OF, random_state=0).inertia[0])
    if final > best * STUCK:
        worse = 100 * (final - best) / best if best > 0 else float("inf")
        return (f"This run is stuck in a local minimum: its inertia is {worse:.1f} % above the best of "
                f"{BEST_OF} k-means++ runs at K={k} ({fmt_num(best)}). Try another --seed, or --init k-means++.")
    return f"That is as good as the best of {BEST_OF} k-means++ runs at K={k} ({fmt_num(best)})."


def _summary(run: Run, selection: Selection, out: TextIO, *, width: int = 80) -> None:
    """The end of the run in words, folded at word boundaries to ``width`` columns."""
    steps = run.run_to_end()
    last = steps[-1]
    final = final_inertia(run.X, steps)
    width = max(20, width)

    def say(text: str, indent: str = "") -> None:
        out.write(textwrap.fill(text, width=width, subsequent_indent=indent + "  ", initial_indent=indent,
                                break_on_hyphens=False) + "\n")

    say(describe_step(last, init=run.config.init, n_samples=selection.dataset.n_samples))
    say(f"K={run.config.n_clusters} · init {run.config.init} · seed {run.config.seed} · "
        f"final inertia {fmt_num(final)}")
    say(local_minimum(run, final))
    sizes = last.cluster_sizes() if last.labels is not None else np.zeros(run.config.n_clusters)
    for c, (centre, size) in enumerate(zip(last.centroids, sizes, strict=True)):
        say(f"cluster {c}: {int(size)} points, centroid ({', '.join(fmt_num(v) for v in centre)})", "  ")
    out.flush()
