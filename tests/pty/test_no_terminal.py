"""kmtui with no terminal: one error line and exit 2 at once, never an app nobody sees.

Each case starts ``python -m kmtui`` in a new session (``start_new_session``:
no controlling terminal, as under cron or ``ssh host kmtui`` without ``-t``),
with standard input from ``/dev/null``, a CSV file, a pipe, or closed, and
standard output and error captured. Every run has a deadline: a busy loop
fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sessions and /dev/tty")

ROOT = Path(__file__).resolve().parents[2]
LINE = "kmtui: error: the app needs a terminal (use ssh -t, or kmtui trace / kmtui play)\n"
DEADLINE = 5.0
"""Generous for a loaded 2-core machine: the interpreter's start-up is most of it."""
CSV = "a,b\n1,2\n2,1\n8,9\n9,8\n5,5\n"


def run_kmtui(args: list[str], stdin: int | IO[Any] | None, *, close_stdin: bool = False,
              env: dict[str, str] | None = None) -> tuple[int, str, str, float]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    full_env.update(PYTHONPATH=str(ROOT), TERM="xterm-256color", **(env or {}))
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kmtui", *args], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=full_env, cwd=ROOT, start_new_session=True,
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,
    )
    try:
        out, err = proc.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"kmtui still running after {DEADLINE} s (stderr: {err[-300:]!r})") from None
    return proc.returncode, out.decode(), err.decode(), time.monotonic() - t0


@pytest.mark.parametrize("how", ["/dev/null", "a CSV file", "closed", "a CSV file and --dataset"])
def test_no_terminal_one_error_line_and_exit_2(how: str, tmp_path: Path) -> None:
    data = tmp_path / "points.csv"
    data.write_text(CSV)
    args = ["--seed", "3", "--dataset", "iris"] if how.endswith("--dataset") else ["--seed", "3"]
    with open(os.devnull if how == "/dev/null" else data, "rb") as stdin:
        status, out, err, took = run_kmtui(args, stdin, close_stdin=how == "closed")
    assert (status, err, out) == (2, LINE, "")
    assert took < DEADLINE


def test_no_terminal_with_a_dash_or_a_pipe(tmp_path: Path) -> None:
    proc_in = subprocess.PIPE
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    full_env["PYTHONPATH"] = str(ROOT)
    for args in (["-"], []):
        proc = subprocess.Popen([sys.executable, "-m", "kmtui", *args], stdin=proc_in, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=full_env, cwd=ROOT, start_new_session=True)
        out, err = proc.communicate(CSV.encode(), timeout=DEADLINE)
        assert (proc.returncode, err.decode(), out) == (2, LINE, b""), args


def test_headless_commands_still_run_without_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "points.csv"
    data.write_text(CSV)
    with open(data, "rb") as stdin:
        status, out, err, _ = run_kmtui(["trace", "-", "-k", "2", "--seed", "1"], stdin)
    assert status == 0 and err == ""
    assert "kmtui trace · stdin (5 points; a, b)" in out
