"""Terminal: the real ``kmtui`` in a pseudo-terminal, with a pyte screen of what it drew.

Shared by the pty tests (``tests/pty``) and the robustness suite. The child
is a session leader whose controlling terminal is the pty (a hangup behaves
as over ssh); standard input may be a file instead. Every wait has a deadline.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]
ALT_SCREEN_OFF = b"\x1b[?1049l"
CURSOR_SHOWN = b"\x1b[?25h"
MOUSE_OFF = b"\x1b[?1000l"
"""What a restored terminal gets last: the alternate screen left, the cursor shown, mouse reporting off."""
RESTORED = (ALT_SCREEN_OFF, CURSOR_SHOWN, MOUSE_OFF)


class Terminal:
    """kmtui running in a pty of ``size`` (columns, rows)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 stdin: Path | int | None = None, size: tuple[int, int] = (80, 24),
                 drop_env: tuple[str, ...] = ()) -> None:
        cols, rows = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
        full.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows), COLORTERM="truecolor",
                    PYTHONPATH=str(ROOT) + os.pathsep + full.get("PYTHONPATH", ""))
        full.pop("NO_COLOR", None)
        for name in ("LC_ALL", "LC_CTYPE"):
            full.pop(name, None)
        full["LANG"] = "C.UTF-8"  # Unicode, unless a test says otherwise (ASCII mode turns on by itself)
        full.update(env or {})
        for name in drop_env:
            full.pop(name, None)

        def become_session_leader_with_this_tty() -> None:
            # start_new_session made us a session leader; take the pty as the
            # controlling terminal (standard output is always the pty)
            fcntl.ioctl(1, termios.TIOCSCTTY, 0)
            if close_stdin:
                os.close(0)

        close_stdin = stdin == -1  # kmtui <&-
        data: int | None
        if close_stdin:
            data = None
        elif isinstance(stdin, Path):
            data = os.open(stdin, os.O_RDONLY | os.O_NONBLOCK if stdin.is_fifo() else os.O_RDONLY)
        else:
            data = stdin
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kmtui", *args],
            stdin=data if data is not None else slave, stdout=slave, stderr=slave, env=full, cwd=cwd,
            start_new_session=True, preexec_fn=become_session_leader_with_this_tty, close_fds=True,
        )
        os.close(slave)
        if isinstance(stdin, Path) and data is not None:
            os.close(data)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.master_open = True

    # -------------------------------------------------------------- reading

    def pump(self, seconds: float) -> None:
        """Read whatever the app writes for ``seconds``."""
        end = time.monotonic() + seconds
        while self.master_open:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], min(left, 0.02))
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the slave side is closed (the app exited)
                return
            if not data:
                return
            self.raw.extend(data)
            self.stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    @property
    def words(self) -> str:
        """The screen with whitespace collapsed (narration wraps)."""
        return " ".join(self.text.split())

    def wait_for(self, what: str | Callable[[], bool], timeout: float) -> None:
        cond = (lambda: what in self.words) if isinstance(what, str) else what
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what!r}; screen:\n{self.text}")
            if self.proc.poll() is not None:
                self.pump(0.1)
                raise AssertionError(f"kmtui exited with {self.proc.returncode} while waiting for {what!r}; "
                                     f"screen:\n{self.text}\n{bytes(self.raw[-600:])!r}")
            self.pump(0.05)

    def restored(self) -> bool:
        """True when the terminal modes were put back after the app's last start of application mode."""
        start = self.raw.rfind(b"\x1b[?1049h")
        tail = bytes(self.raw[start:]) if start >= 0 else bytes(self.raw)
        return start < 0 or all(mode in tail[tail.rfind(ALT_SCREEN_OFF):] for mode in RESTORED)

    # -------------------------------------------------------------- writing

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def resize(self, cols: int, rows: int) -> None:
        """Resize the pty (the kernel sends SIGWINCH to the app) and the screen read from it."""
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen.resize(rows, cols)

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float) -> int | None:
        """The exit status (negative: killed by that signal), or None if still running."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if self.master_open:
                self.pump(0.02)
            else:
                time.sleep(0.02)
        if self.master_open:
            self.pump(0.05)
        return self.proc.poll()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def hang_up(self) -> None:
        os.close(self.master)
        self.master_open = False

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(5)
        if self.master_open:
            os.close(self.master)
            self.master_open = False
