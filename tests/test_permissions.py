"""Files kmtui may not read and folders it may not write: one clear message, nothing written, no crash.

Root may read and write anything, so on a CI machine that runs as root these
cases were untestable. Here kmtui runs without the two capabilities that let
root past file permissions (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, dropped
from the bounding set before exec, so the new program never has them): it is
then held to a file's mode bits like any user. The files and folders are the
test's own, made and then closed with chmod.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.robustness import terminal as robust_terminal
from tests.robustness.terminal import Terminal

pytestmark = [pytest.mark.slow, pytest.mark.pty,
              pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users and permissions")]

ROOT = Path(__file__).resolve().parents[1]
REAL_POPEN = subprocess.Popen
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def drop_root_powers() -> None:
    """In the child before exec: give up reading and writing past the mode bits (no-op for non-root)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def popen_without_root_powers(*args: Any, preexec_fn: Any = None, **kwargs: Any) -> subprocess.Popen[bytes]:
    def before_exec() -> None:
        drop_root_powers()
        if preexec_fn is not None:
            preexec_fn()

    return REAL_POPEN(*args, preexec_fn=before_exec, **kwargs)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder of the test's own (``tmp_path`` would do, but is cleaned only later)."""
    path = Path(tempfile.mkdtemp(prefix="kmtui-perm-"))
    try:
        yield path
    finally:
        for p in (path, *path.rglob("*")):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(path)


def run_kmtui(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", HOME=str(cwd))
    return subprocess.run([sys.executable, "-m", "kmtui", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60, preexec_fn=drop_root_powers)


def test_an_unreadable_csv_is_one_error_line(folder: Path) -> None:
    secret = folder / "secret.csv"
    secret.write_text("a,b\n1,2\n3,4\n")
    secret.chmod(0)
    done = run_kmtui("trace", "secret.csv", cwd=folder)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "kmtui: error: secret.csv: permission denied: the file cannot be read\n"


def test_a_file_in_a_folder_that_cannot_be_entered_is_one_error_line(folder: Path) -> None:
    closed = folder / "closed"
    closed.mkdir()
    (closed / "data.csv").write_text("a,b\n1,2\n3,4\n")
    closed.chmod(0o200)  # may not even be entered
    done = run_kmtui("trace", "closed/data.csv", cwd=folder)
    assert done.returncode == 2 and done.stderr == "kmtui: error: closed/data.csv: permission denied: the file cannot be read\n"


@pytest.fixture
def unprivileged_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The robustness suite's pseudo-terminal, with the app started as the unprivileged user."""
    monkeypatch.setattr(robust_terminal.subprocess, "Popen", popen_without_root_powers)


@pytest.mark.parametrize(("key", "what"), [(b"s", "could not save the screenshot: Permission"),
                                           (b"w", "could not save the final labels: Permission")])
def test_saving_into_a_read_only_folder_is_a_message(folder: Path, unprivileged_terminal: None,
                                                     key: bytes, what: str) -> None:
    term = Terminal(["--seed", "3", "--no-animation"], cwd=folder, size=(100, 30),
                    env={"HOME": str(folder)})
    try:
        term.wait_for("Step 0", 20)
        folder.chmod(0o555)  # read-only
        term.press(b" ")
        term.wait_for("Step 1", 5)
        term.press(key)
        term.wait_for(what, 8)
        term.press(b" ")  # and the app goes on
        term.wait_for("Step 2", 5)
        term.press(b"q")
        assert term.wait_exit(10) == 0
    finally:
        term.close()
        folder.chmod(0o755)
    assert list(folder.iterdir()) == [], "nothing written"
