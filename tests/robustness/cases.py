"""The non-fuzz cases of the full run: odd standard inputs, screenshots, odd environments, memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from .fuzz import Result, finish, start
from .terminal import Terminal


def stdin_case(cwd: Path, how: str) -> Result:
    """Standard input closed, ``/dev/null``, ``/dev/zero``, endless, or a FIFO with no writer, in a terminal."""
    result = Result(f"stdin {how}")
    writer: subprocess.Popen[bytes] | None = None
    stdin: Path | int | None
    if how == "/dev/null" or how == "/dev/zero":
        stdin = Path(how)
    elif how == "endless":
        writer = subprocess.Popen(["yes", "1,2"], stdout=subprocess.PIPE)
        assert writer.stdout is not None
        stdin = writer.stdout.fileno()
    elif how == "fifo":
        fifo = cwd / "fifo"
        os.mkfifo(fifo)
        stdin = fifo
    else:  # closed: a descriptor that is closed in the child
        stdin = None
    args = ["--seed", "3", "--no-animation"]
    term = Terminal(args, cwd=cwd, stdin=-1 if how == "closed" else stdin)
    try:
        if how in ("/dev/null", "/dev/zero", "closed"):  # not data: the keys come from the terminal, the app runs
            term.wait_for("Step 0", 20)
            return finish(term, result)
        result.expected = 2
        result.status = term.wait_exit(15)
        result.traceback = b"Traceback" in term.raw
        result.restored = term.restored()
        if result.status != 2 or b"kmtui: error:" not in term.raw or result.traceback:
            result.problems.append(f"status {result.status}: {bytes(term.raw[-300:])!r}")
        return result
    finally:
        term.close()
        if writer is not None:
            writer.kill()
            writer.wait()


def screenshot_case(cwd: Path, how: str) -> Result:
    """``s`` with dangling symlinks at the names it picks, or in a deleted folder: a toast, nothing written."""
    result = Result(f"screenshot {how}")
    folder = cwd / "shots"
    folder.mkdir()
    outside = cwd / "outside.svg"
    term = start(folder, (80, 24), "idle")
    try:
        if how == "dangling symlinks":
            now = time.time()
            for t in range(-2, 30):
                stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now + t))
                (folder / f"kmtui-{stamp}.svg").symlink_to(outside)
        else:
            shutil.rmtree(folder)
        term.press(b"s")
        want = "screenshot saved" if how == "dangling symlinks" else "could not save"
        try:
            term.wait_for(want, 8)
        except AssertionError as err:
            result.problems.append(str(err)[:300])
        if outside.exists():
            result.problems.append("wrote through a symlink")
        return finish(term, result)
    finally:
        term.close()


ENVIRONMENTS: dict[str, dict[str, str | None]] = {
    "TERM unset": {"TERM": None},
    "TERM=dumb": {"TERM": "dumb"},
    "COLUMNS=10 LINES=5": {"COLUMNS": "10", "LINES": "5"},
    "COLUMNS=LINES=100000": {"COLUMNS": "100000", "LINES": "100000"},
    "HOME unwritable": {"HOME": "/proc/kmtui-nowhere", "XDG_CONFIG_HOME": "/proc/kmtui-nowhere"},
}


def environment_case(cwd: Path, name: str) -> Result:
    """The app in an odd environment: it starts, is laid out for the real 80×24, and quits cleanly."""
    result = Result(f"env {name}")
    env = {k: v for k, v in ENVIRONMENTS[name].items() if v is not None}
    drop = tuple(k for k, v in ENVIRONMENTS[name].items() if v is None)
    term = Terminal(["--seed", "3", "--no-animation"], cwd=cwd, env=env, drop_env=drop)
    try:
        term.wait_for("Step 0", 20)
        term.pump(0.5)
        bottom = term.screen.display[-1]
        if "Help" not in bottom and "Quit" not in bottom:
            result.problems.append(f"footer not on the last of 24 rows: {bottom!r}")
        if term.rss_mb() > 400:
            result.problems.append(f"{term.rss_mb():.0f} MB")
        return finish(term, result)
    finally:
        term.close()


def memory_case(cwd: Path, key: bytes, label: str, times: int) -> Result:
    """Open and close ``key`` (help, the palette) ``times`` times: the RSS after the first 20 stays flat."""
    result = Result(f"memory {label} x{times}")
    term = start(cwd, (80, 24), "idle")
    try:
        before = 0.0
        for i in range(times):
            term.press(key)
            term.pump(0.06)
            term.press(b"\x1b")
            term.pump(0.06)
            if i == 19:
                before = term.rss_mb()
        term.pump(0.5)
        after = term.rss_mb()
        result.name += f" ({before:.0f} -> {after:.0f} MB)"
        if after - before > 8:
            result.problems.append(f"memory grew {before:.0f} -> {after:.0f} MB")
        return finish(term, result)
    finally:
        term.close()
