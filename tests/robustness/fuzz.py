"""Seeded fuzzing of the real kmtui in a pseudo-terminal: keys, mouse, garbage, resizes, signals.

Every case starts ``python -m kmtui`` in a :class:`~.terminal.Terminal`,
brings it to a phase (idle, playing, gliding, the elbow worker running),
feeds it seeded input, then checks that it is alive, wrote no traceback,
leaves on ``q`` with status 0 (or on a signal with 128 + its number) and
restored the terminal's modes. A case returns a :class:`Result`; the suite
(``python -m tests.robustness``) and the light pytest run share it.
"""

from __future__ import annotations

import random
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from kmtui import keymap

from .terminal import Terminal

SPECIAL: dict[str, bytes] = {
    "space": b" ", "enter": b"\r", "escape": b"\x1b", "backspace": b"\x7f", "tab": b"\t",
    "up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D",
    "home": b"\x1b[H", "end": b"\x1b[F", "f1": b"\x1bOP", "question_mark": b"?",
    "left_square_bracket": b"[", "right_square_bracket": b"]", "plus": b"+", "minus": b"-",
    "equals_sign": b"=", "underscore": b"_", "ctrl+p": b"\x10",
}
LEAVING = {"q", "ctrl+c", "ctrl+z", "s"}
"""Keys that end or stop the app (tested on their own) or write files (the screenshot cases)."""
GARBAGE = [b"\xb1", b"\xff\xfe", b"\xc3", b"\xe2\x82", b"\x00", b"\x1b[", b"\x1b[999;999R", b"\x1b]0;x\x07",
           b"\x1b[?1049h", b"\x9b", b"\x1bO", b"\x1b[200~paste\x1b[201~", bytes(range(128, 160))]


def key_bytes() -> list[bytes]:
    """Every binding of :data:`kmtui.keymap.KEYS` as the bytes a terminal sends, except :data:`LEAVING`."""
    out = []
    for row in keymap.KEYS:
        for key in row.keys:
            if key not in LEAVING:
                out.append(SPECIAL.get(key, key.encode()))
    return out


def mouse(rng: random.Random, cols: int, rows: int) -> bytes:
    """An SGR mouse report: press, release, drag, wheel or motion, sometimes outside the screen."""
    button = rng.choice([0, 1, 2, 32, 35, 64, 65])
    x, y = rng.randint(0, cols + 5), rng.randint(0, rows + 5)
    return f"\x1b[<{button};{x};{y}{rng.choice('Mm')}".encode()


@dataclass
class Result:
    """What one case found."""

    name: str
    keys: int = 0
    status: int | None = None
    expected: int = 0
    restored: bool = False
    traceback: bool = False
    rss_mb: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


PHASES = ("idle", "play", "glide", "elbow")


def enter_phase(term: Terminal, phase: str) -> None:
    if phase == "play":
        term.press(b"p")
    elif phase == "glide":
        term.press(b"   ")
    elif phase == "elbow":
        term.press(b"e")
    term.pump(0.1)


def start(cwd: Path, size: tuple[int, int], phase: str, dataset: str = "blobs",
          extra: tuple[str, ...] = ()) -> Terminal:
    args = ["--dataset", dataset, "--seed", "3", *extra]
    if phase != "glide":
        args.append("--no-animation")
    term = Terminal(args, cwd=cwd, size=size)
    term.wait_for("Step 0", 20)
    return term


def settle(term: Terminal, quiet: float = 0.8, timeout: float = 60.0) -> None:
    """Wait until the screen's text stayed the same for ``quiet`` seconds (the queued keys are done).

    The text, not the bytes: an open command palette's cursor blinks (about
    1.3 kB a second) and never lets the output go quiet.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and term.proc.poll() is None:
        before = term.text
        term.pump(quiet)
        if term.text == before:
            return


def wait_exit(term: Terminal, quiet: float, backlog: float) -> int | None:
    """The exit status; waits ``quiet`` seconds, longer while the app keeps drawing (up to ``backlog``)."""
    deadline = time.monotonic() + backlog
    while True:
        before = term.text
        status = term.wait_exit(quiet)
        if status is not None or term.text == before or time.monotonic() > deadline:
            return status


def finish(term: Terminal, result: Result, how: str = "q", backlog: float = 60.0) -> Result:
    """Leave (``q`` after escapes, or a signal) and check the status, the traceback, the modes."""
    try:
        result.rss_mb = term.rss_mb()
    except OSError:
        pass
    if term.proc.poll() is not None:
        result.problems.append(f"died with {term.proc.returncode}")
    elif how == "q":
        settle(term, timeout=backlog)  # the keys still queued (each repaints) are worked through first
        term.press(b"\x1b")
        term.pump(0.15)
        term.press(b"\x1b")
        term.pump(0.15)
        term.press(b"q")
        result.expected = 0
    else:
        sig = getattr(signal, how)
        term.signal(sig)
        result.expected = 128 + sig
    result.status = wait_exit(term, 8, backlog)
    if result.status is None:
        result.problems.append("still running; screen:\n" + term.text)
    result.traceback = b"Traceback" in term.raw
    result.restored = term.restored()
    if result.status != result.expected and not result.problems:
        result.problems.append(f"exit status {result.status}, expected {result.expected}")
    if result.traceback:
        at = term.raw.find(b"Traceback")
        tail = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bytes(term.raw[at:]).decode(errors="replace"))
        result.problems.append("traceback: " + " ".join(tail.split())[-1500:])
    if not result.restored:
        result.problems.append("terminal modes not restored: " + repr(bytes(term.raw[-200:])))
    term.close()
    return result


def fuzz_case(cwd: Path, seed: int, size: tuple[int, int], phase: str, n_keys: int,
              dataset: str = "blobs") -> Result:
    """``n_keys`` seeded inputs (bindings, mouse, garbage, now and then a resize) in ``phase``."""
    rng = random.Random(seed)
    keys = key_bytes()
    result = Result(f"fuzz seed={seed} {size[0]}x{size[1]} {phase} {dataset}")
    term = start(cwd, size, phase, dataset)
    try:
        enter_phase(term, phase)
        cols, rows = size
        for i in range(n_keys):
            roll = rng.random()
            data = keys[rng.randrange(len(keys))] if roll < 0.8 else (
                mouse(rng, cols, rows) if roll < 0.93 else rng.choice(GARBAGE))
            try:
                term.press(data)
            except OSError as err:
                result.problems.append(f"write failed: {err}")
                break
            result.keys += 1
            if i % 25 == 24:
                term.pump(0.02)
                if term.proc.poll() is not None:
                    break
            if i % 400 == 399 and rng.random() < 0.5:
                term.resize(rng.randint(40, 160), rng.randint(12, 48))
        term.resize(cols, rows)
        term.pump(0.5)
        return finish(term, result, backlog=max(120.0, 0.1 * n_keys))
    finally:
        term.close()


def resize_storm(cwd: Path, size: tuple[int, int], phase: str, n: int = 200) -> Result:
    """``n`` resizes while in ``phase``; then home must show Step 0 with the step line, at the final size."""
    rng = random.Random(n)
    result = Result(f"resize storm x{n} {phase}")
    term = start(cwd, size, phase)
    try:
        enter_phase(term, phase)
        for _ in range(n):
            term.resize(rng.randint(20, 200), rng.randint(6, 60))
            term.pump(0.005)
        term.resize(*size)
        term.pump(0.5)
        term.press(b"p" if phase == "play" else b"")
        term.press(b"\x1b[H")  # home
        try:
            term.wait_for(lambda: "Step 0 ·" in term.words and "iteration" in term.words, 8)
        except AssertionError as err:
            result.problems.append(str(err)[:400])
        return finish(term, result)
    finally:
        term.close()


def signal_case(cwd: Path, name: str, phase: str, big_csv: Path | None = None) -> Result:
    """``name`` (SIGINT, SIGTERM, SIGHUP) in ``phase`` (``loading``: a large CSV still being read)."""
    result = Result(f"{name} while {phase}")
    if phase == "loading":
        assert big_csv is not None
        term = Terminal([str(big_csv), "--seed", "1"], cwd=cwd)
        term.pump(0.8)
        if b"\x1b[?1049h" in term.raw:  # the app is up: this would test the idle phase again
            result.problems.append("the CSV was read before the signal: use a larger one")
    else:
        term = start(cwd, (80, 24), phase)
        enter_phase(term, phase)
        term.pump(0.2)
    try:
        return finish(term, result, how=name)
    finally:
        term.close()
