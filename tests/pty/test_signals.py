"""Signals in every phase: the right exit status, and the terminal modes put back.

SIGINT → 130, SIGTERM → 143, SIGHUP → 129: while a large CSV is still being
read (before the app has started), idle in the app, and while playing; ctrl+z
(SIGTSTP) then SIGCONT suspends and resumes with the screen redrawn. The
terminal's modes are checked in the bytes kmtui wrote last: the alternate
screen left (``ESC[?1049l``), the cursor shown (``ESC[?25h``), mouse
reporting off (``ESC[?1000l``).
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from robustness.terminal import Terminal

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

STATUS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}
START_TIMEOUT = 15.0


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2 000 000 points: about two seconds to read, time enough to be interrupted.

    (400 000 were read within the 0.8 s the test waits once bytecode was cached.)
    """
    path = tmp_path_factory.mktemp("big") / "big.csv"
    # 2 000 distinct rows, a thousand times over: as long to read as 2 000 000 distinct ones,
    # written in a tenth of a second (np.savetxt took 5.5 s of the suite)
    X = np.random.default_rng(0).normal(size=(2_000, 2))
    block = "".join(f"{a:.4f},{b:.4f}\n" for a, b in X.tolist())
    path.write_text("x,y\n" + block * 1_000)
    return path


@pytest.fixture
def terms(tmp_path: Path) -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for term in started:
        term.close()


@pytest.mark.parametrize("name", sorted(STATUS))
def test_signal_while_a_large_csv_loads(name: str, big_csv: Path, tmp_path: Path,
                                        terms: list[Terminal]) -> None:
    term = Terminal([str(big_csv), "--seed", "1"], cwd=tmp_path)
    terms.append(term)
    term.pump(0.8)  # the interpreter has started; the file is being read
    assert term.proc.poll() is None and b"\x1b[?1049h" not in term.raw, "still loading"
    term.signal(getattr(signal, name))
    assert term.wait_exit(5) == STATUS[name]
    assert b"Traceback" not in term.raw and term.restored()


@pytest.mark.parametrize("phase", ["idle", "playing", "help"])
@pytest.mark.parametrize("name", sorted(STATUS))
def test_signal_in_the_app(name: str, phase: str, tmp_path: Path, terms: list[Terminal]) -> None:
    term = Terminal(["--seed", "3"], cwd=tmp_path)
    terms.append(term)
    term.wait_for("Step 0", START_TIMEOUT)
    if phase == "playing":
        term.press(b"p")
        term.wait_for("Step 2", 5)
    elif phase == "help":
        term.press(b"?")
        term.wait_for("K-Means in four lines", 5)
    term.signal(getattr(signal, name))
    assert term.wait_exit(3) == STATUS[name]
    assert b"Traceback" not in term.raw
    assert term.restored(), bytes(term.raw[-300:])


@pytest.mark.parametrize("how", ["ctrl+z", "SIGTSTP"])
def test_suspend_then_sigcont_restores_and_redraws(how: str, tmp_path: Path, terms: list[Terminal]) -> None:
    term = Terminal(["--seed", "3", "--no-animation"], cwd=tmp_path)
    terms.append(term)
    term.wait_for("Step 0", START_TIMEOUT)
    term.pump(0.3)
    mark = len(term.raw)
    if how == "ctrl+z":
        term.press(b"\x1a")  # the key (raw mode): the app suspends itself after restoring the terminal
    else:
        term.signal(signal.SIGTSTP)  # kill -TSTP: Textual's driver restores the terminal, then stops
    deadline = time.monotonic() + 5
    while Path(f"/proc/{term.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
        assert time.monotonic() < deadline, "not stopped after ctrl+z"
        term.pump(0.05)
    term.pump(0.2)
    suspended = bytes(term.raw[mark:])
    assert b"\x1b[?1049l" in suspended and b"\x1b[?25h" in suspended, suspended[-200:]
    mark = len(term.raw)
    term.signal(signal.SIGCONT)
    term.pump(0.2)
    term.wait_for(lambda: b"\x1b[?1049h" in term.raw[mark:] and "Step 0" in term.words, 5)
    term.press(b" ")
    term.wait_for("Step 1", 5)
    term.press(b"q")
    assert term.wait_exit(5) == 0
    assert term.restored()
