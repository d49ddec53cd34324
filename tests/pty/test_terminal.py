"""The real ``kmtui`` in a pseudo-terminal: what only a terminal shows.

Each test starts ``python -m kmtui --seed 3 --no-animation`` on the slave side
of a pty (its controlling terminal, 80×24, TERM=xterm-256color), feeds what it
writes into a ``pyte`` screen, and types on the master side. Checked here:
start-up, no CPU while idle, stepping to convergence with the key, the footer
and the elbow on screen, a clean exit that restores the terminal, and that a dropped
connection (SIGHUP, or the pty closing) or SIGTERM ends the app at once.

Every wait has a deadline, and the fixture kills the process at teardown, so a
hang fails the test in seconds instead of blocking the suite.
"""

from __future__ import annotations

import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from robustness.terminal import ALT_SCREEN_OFF, Terminal

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

COLS, ROWS = 80, 24
START_TIMEOUT = 12.0
EXIT_TIMEOUT = 1.0
"""A dropped connection must end the app within this many seconds."""
SLACK = 0.5
"""Scheduling latency allowed on a loaded 2-core machine (kmtui's own watchdog fires at 1.0 s)."""


@pytest.fixture
def kmtui_term(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    started: list[Terminal] = []

    def start(*args: str, env: dict[str, str] | None = None, stdin: Path | None = None,
              size: tuple[int, int] = (COLS, ROWS)) -> Terminal:
        term = Terminal(list(args or ("--seed", "3", "--no-animation")), cwd=tmp_path, env=env, stdin=stdin,
                        size=size)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def test_step_to_convergence_and_quit(kmtui_term: Callable[..., Terminal]) -> None:
    term = kmtui_term()
    term.wait_for("Step 0", START_TIMEOUT)
    assert "kmtui · blobs (300 points)" in term.text and "seed 3" in term.text
    term.wait_for("knee at K=3", 10)  # the automatic elbow, computed in a worker
    # idle: no timer runs while nothing animates (a 30 fps timer would cost ~0.1 s of CPU a second)
    term.pump(0.3)
    before = term.cpu_seconds()
    term.pump(1.0)
    idle_cpu = term.cpu_seconds() - before
    assert idle_cpu <= 0.05, f"{idle_cpu:.3f} s of CPU in 1 s idle"
    # key hints in the footer
    for hint in ("space Step", "p Play", "b Back", "e Elbow", "? Help"):
        assert hint in term.text, hint
    presses = 0
    while "Converged after" not in term.words:
        assert presses < 40, f"no convergence after {presses} presses; screen:\n{term.text}"
        before = term.text
        term.press(b" ")
        presses += 1
        term.wait_for(lambda before=before: term.text != before, 5)  # noqa: B023 - bound by the default
        term.pump(0.05)
    # the same run as the engine's: seed 3, uniform init, blobs
    from kmtui import KMeans
    from kmtui.data import load_dataset

    km = KMeans(n_clusters=3, init="uniform", random_state=3).fit(load_dataset("blobs").X)
    assert f"Converged after {km.n_iter_} iterations" in term.words
    assert presses == len(km.history_) - 1
    assert f"Step {presses} · assign · iteration {km.n_iter_}" in term.words
    assert "knee at K=3" in term.words
    term.press(b"q")
    status = term.wait_exit(5)
    assert status == 0
    assert ALT_SCREEN_OFF in term.raw, "the alternate screen was left (terminal restored)"
    tail = bytes(term.raw[term.raw.rfind(ALT_SCREEN_OFF):])
    assert b"\x1b[?25h" in tail, "the cursor is shown again"
    assert b"Traceback" not in term.raw


def test_ctrl_c_exits_with_130_and_restores_the_terminal(kmtui_term: Callable[..., Terminal]) -> None:
    term = kmtui_term()
    term.wait_for("Step 0", START_TIMEOUT)
    term.press(b"\x03")
    assert term.wait_exit(5) == 130
    assert ALT_SCREEN_OFF in term.raw
    assert b"Traceback" not in term.raw


@pytest.mark.parametrize(
    ("how", "accepted"),
    [
        # 129 = 128 + SIGHUP: kmtui's own handler; -SIGHUP: killed by the signal. Both end the session.
        ("SIGHUP", {129, -signal.SIGHUP}),
        ("SIGTERM", {143, -signal.SIGTERM}),
        ("pty closed", {129, -signal.SIGHUP}),
    ],
)
def test_hangup_and_terminate_end_the_app_within_a_second(
    kmtui_term: Callable[..., Terminal], how: str, accepted: set[int]
) -> None:
    term = kmtui_term()
    term.wait_for("Step 0", START_TIMEOUT)
    term.pump(0.2)
    t0 = time.monotonic()
    if how == "pty closed":
        term.hang_up()  # the ssh connection dropped: the kernel hangs up the session
    else:
        term.proc.send_signal(getattr(signal, how))
    status = term.wait_exit(EXIT_TIMEOUT + SLACK + 1.0)
    took = time.monotonic() - t0
    assert status is not None, f"kmtui still running {took:.2f} s after {how}"
    assert status in accepted, f"exit status {status} after {how}"
    assert took <= EXIT_TIMEOUT + SLACK, f"took {took:.2f} s to exit after {how}"
    if how != "pty closed":
        assert ALT_SCREEN_OFF in term.raw, "the terminal is restored when it is still there"


def test_no_color_draws_in_monochrome_and_tells_clusters_apart_by_shape(
    kmtui_term: Callable[..., Terminal]
) -> None:
    from kmtui.render.palette import SHAPES

    term = kmtui_term("--seed", "3", "--no-animation", env={"NO_COLOR": "1"})
    term.wait_for("Step 0", START_TIMEOUT)
    term.press(b" ")
    term.wait_for("Step 1", 5)
    term.pump(0.3)
    assert term.proc.poll() is None and b"Traceback" not in term.raw
    shapes = {shape for shape in SHAPES[:3] if shape in term.text}
    assert len(shapes) == 3, f"the three clusters' shapes on screen: {shapes}"
    # monochrome: no colour escape other than greys (r == g == b) or the default
    colours = re.findall(rb"\x1b\[[0-9;]*?(?:38|48);2;(\d+);(\d+);(\d+)", bytes(term.raw))
    assert colours, "truecolor greys are drawn"
    assert all(r == g == b for r, g, b in colours), sorted(set(c for c in colours if len(set(c)) > 1))[:5]
    term.press(b"q")
    assert term.wait_exit(5) == 0


def test_data_on_standard_input_keys_from_the_terminal(kmtui_term: Callable[..., Terminal], tmp_path: Path) -> None:
    """``kmtui < data.csv``: the file is the data (not key presses), the keys come from the terminal."""
    data = tmp_path / "ring.csv"
    # '-', 'i', 'c' in the file would lower K, change init, open the code panel if read as keys
    data.write_text("x,y,c\n" + "".join(f"{i % 7},{(i * 3) % 11},-ic\n" for i in range(40)))
    term = kmtui_term("--seed", "3", "--no-animation", stdin=data)
    term.wait_for("Step 0", START_TIMEOUT)
    assert "kmtui · stdin (40 points)" in term.words and "K=3" in term.words and "init uniform" in term.words
    # the automatic elbow works in the background for a moment: idle means after it
    term.wait_for(lambda: "Elbow" in term.words and "computing" not in term.words, 20)
    term.pump(0.5)
    before = term.cpu_seconds()
    term.pump(1.0)
    assert term.cpu_seconds() - before <= 0.05, "no busy loop once the data has been read"
    term.press(b" ")
    term.wait_for("Step 1", 5)
    term.press(b"q")
    assert term.wait_exit(5) == 0


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({"LANG": "C", "LC_ALL": "C"}, "the locale (LC_ALL=C)"),
        ({"TERM": "linux"}, "TERM=linux shows no"),
    ],
)
def test_ascii_by_itself_on_a_terminal_without_unicode(
    kmtui_term: Callable[..., Terminal], env: dict[str, str], why: str
) -> None:
    term = kmtui_term("--seed", "3", "--no-animation", env=env)
    term.wait_for("Step 0", START_TIMEOUT)
    term.wait_for("ASCII mode:", 5)  # a toast, wrapped in its own box at the bottom right
    assert why in term.text
    term.press(b" ")
    term.wait_for("Step 1", 5)
    term.pump(0.3)
    odd = {c for c in term.text if not " " <= c <= "~" and c != "\n"}
    assert not odd, f"non-ASCII on screen: {sorted(odd)}"
    assert term.text.count("ASCII mode:") == 1, "said once"
    term.press(b"q")
    assert term.wait_exit(5) == 0
