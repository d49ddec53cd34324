"""kmtui play: the non-interactive animation."""

from __future__ import annotations

import io
import re

from kmtui.cli import main
from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine import Run
from kmtui.cli.play import ALT_OFF, ALT_ON, play
from kmtui.render.ansi import rows_to_ansi, xterm256
from kmtui.render.cells import CellStyle


def test_play_not_on_a_terminal_prints_the_final_frame_and_summary(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["play", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # plain text when not on a terminal
    assert "Converged after" in out and "final inertia" in out
    assert out.count("✖") == 3  # the three final centroids are drawn
    assert len(re.findall(r"cluster \d: \d+ points", out)) == 3


def test_play_on_a_terminal_animates_and_restores_the_screen() -> None:
    sel = select(load_dataset("blobs"))
    run = Run(sel.X, 3, seed=3)
    out = io.StringIO()
    assert play(run, sel, out=out, fps=60, animate=False, size=(80, 24)) == 0
    text = out.getvalue()
    assert text.startswith(ALT_ON) and ALT_OFF in text
    assert "Step 1 — assign" in text and "Converged after" in text
    # frames after the first repaint only changed rows: fewer row writes than rows × frames
    row_writes = len(re.findall(r"\x1b\[\d+;1H", text))
    assert row_writes < 21 * len(run.steps)


def test_ansi_output() -> None:
    row = (("ab", CellStyle("#ff0000", "#000000", bold=True)), ("c", CellStyle("#00ff00", None)))
    (line,) = rows_to_ansi([row], "truecolor")
    assert line == "\x1b[0;1;38;2;255;0;0;48;2;0;0;0mab\x1b[0;38;2;0;255;0mc\x1b[0m"
    (line,) = rows_to_ansi([row], "256")
    assert "38;5;196" in line and "38;5;46" in line
    assert xterm256("#000000") in (16, 232) and xterm256("#ffffff") in (231, 255)
    (line,) = rows_to_ansi([row], "none")
    assert line == "\x1b[0;1mab\x1b[0mc\x1b[0m"


def test_play_rejects_bad_fps(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["play", "--fps", "0"]) == 2
    assert capsys.readouterr().err.startswith("kmtui: error: --fps")


def test_play_glides_updates_and_flashes_changed_points(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kmtui.cli.play as play_module
    from kmtui.render.motion import GLIDE_SECONDS, flash_seconds

    sleeps: list[float] = []
    monkeypatch.setattr(play_module.time, "sleep", sleeps.append)
    sel = select(load_dataset("blobs"))
    run = Run(sel.X, 3, seed=3)
    out = io.StringIO()
    fps = 20.0
    assert play(run, sel, out=out, fps=fps, animate=True, size=(80, 24)) == 0
    steps = run.steps
    pairs = list(zip(steps, steps[1:], strict=False))
    moving_updates = sum(1 for a, b in pairs if b.phase.value == "update" and not (a.centroids == b.centroids).all())
    flashing_assigns = sum(1 for a, b in pairs if b.phase.value == "assign" and a.labels is not None and b.changed)
    assert moving_updates >= 3 and flashing_assigns >= 3
    n_glide = round(GLIDE_SECONDS * fps)
    # one sleep per glide frame, one per flash, one pause per step, the first and last pauses
    assert sleeps.count(1.0 / fps) == moving_updates * n_glide
    assert sleeps.count(flash_seconds(GLIDE_SECONDS)) == flashing_assigns
    assert sleeps.count(4.0 / fps) == len(steps) - 1
    text = out.getvalue()
    assert "\x1b[0;1;7;" in text  # the flash: bold, reverse


def _terminal_play(seed: int, size: tuple[int, int]) -> tuple[str, Run]:
    sel = select(load_dataset("blobs"))
    run = Run(sel.X, 3, seed=seed)
    out = io.StringIO()
    assert play(run, sel, out=out, fps=60, animate=False, size=size) == 0
    return out.getvalue(), run


def test_play_leaves_its_last_frame_on_the_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kmtui.cli.play as play_module
    from kmtui.render.palette import CENTROID_GLYPH

    monkeypatch.setattr(play_module.time, "sleep", lambda _: None)
    text, run = _terminal_play(3, (80, 24))
    after = text[text.rindex(ALT_OFF) + len(ALT_OFF):]  # what stays on the main screen
    frame, summary = after.split("Converged after", 1)
    rows = frame.splitlines()
    assert len(rows) == 24 - 3, "the whole plot, redrawn below the prompt"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", frame)
    assert plain.count(CENTROID_GLYPH) == 3 and "\x1b[" in frame
    # the same picture as the animation's last frame on the alternate screen
    import pyte

    screen = pyte.Screen(80, 24)
    pyte.Stream(screen).feed(text[: text.rindex(ALT_OFF)])
    assert [line.rstrip() for line in screen.display[:21]] == [row.rstrip() for row in plain.splitlines()]
    assert "final inertia" in summary


def test_play_summary_wraps_at_word_boundaries_to_the_terminal_width(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kmtui.cli.play as play_module
    from kmtui.narration import describe_step

    monkeypatch.setattr(play_module.time, "sleep", lambda _: None)
    cols = 60
    text, run = _terminal_play(3, (cols, 24))
    summary = "Converged after" + text.split("Converged after")[-1]
    lines = summary.splitlines()
    assert len(lines) >= 5 and max(len(line) for line in lines) <= cols
    words = " ".join(summary.split())
    sentence = describe_step(run.steps[-1], init="uniform", n_samples=300)
    assert len(sentence) > cols, "long enough to need wrapping"
    assert sentence in words, "no word was cut in two"


def test_play_says_local_minimum_when_the_run_is_stuck(capsys) -> None:  # type: ignore[no-untyped-def]
    from kmtui.engine.elbow import elbow, final_inertia

    X = select(load_dataset("blobs")).X
    best = elbow(X, k_min=3, k_max=3, n_init=10).inertia[0]
    stuck = final_inertia(X, Run(X, 3, seed=3).run_to_end())
    assert stuck > 1.001 * best  # seed 3 on blobs: two blobs share a centroid
    assert main(["play", "--seed", "3"]) == 0
    words = " ".join(capsys.readouterr().out.split())
    assert (f"This run is stuck in a local minimum: its inertia is {100 * (stuck - best) / best:.1f} % above "
            "the best of 10 k-means++ runs at K=3 (592.3).") in words
    assert main(["play", "--seed", "0"]) == 0
    words = " ".join(capsys.readouterr().out.split())
    assert "local minimum" not in words
    assert "That is as good as the best of 10 k-means++ runs at K=3 (592.3)." in words


def test_play_writes_only_changed_cells_and_the_screen_is_whole() -> None:
    """Each frame sends the changed span of each changed row (and the text only when it changes);
    emulated, the terminal shows exactly the renderer's picture after every frame."""
    import pyte

    from kmtui.cli.play import _animate, _renderer
    from kmtui.render.cells import row_text

    sel = select(load_dataset("blobs"))
    run = Run(sel.X, 3, init="uniform", seed=3)
    cols, lines = 100, 30
    height = lines - 3
    renderer = _renderer(sel, cols, height, False, False)
    screen = pyte.Screen(cols, lines)
    stream = pyte.Stream(screen)
    writes: list[int] = []
    checked = 0

    class Emulated:
        def write(self, text: str) -> None:
            writes.append(len(text.encode()))
            stream.feed(text)

        def wait(self, seconds: float) -> None:
            nonlocal checked
            for y, row in enumerate(renderer.render()):
                assert "".join(screen.buffer[y][x].data for x in range(cols)) == row_text(row), y
            checked += 1

    _animate(run, sel, renderer, Emulated(), cols=cols, height=height, colors="256", fps=10.0, animate=True)
    assert checked > 10 and len(writes) > 10
    first, later = writes[0], writes[1:]
    # the first frame is the whole screen; a later one (a glide or a flash) is a small part of it
    # (whole changed rows and the text every frame, as before: median 1,349 B, all 50,218 B)
    assert sorted(later)[len(later) // 2] < first / 20
    assert sum(writes) < 3 * first
