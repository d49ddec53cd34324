"""One browser tab's kmtui: a child process that always ends.

textual-serve's :class:`~textual_serve.app_service.AppService` speaks the
protocol (length-prefixed ``D``/``M``/``P`` packets on the child's pipes); this
module replaces how the child is started and stopped:

- it is started with ``exec``, never through a shell, from an argv list (the
  command textual-serve holds is that list quoted with :func:`shlex.join`);
- it leads its own process group (``start_new_session``), so everything it
  starts is ended with it, and on Linux it is killed if the server dies
  (``PR_SET_PDEATHSIG``), so no child outlives ``kmtui serve`` even on SIGKILL;
- :meth:`Session.end` asks the app to quit, then sends SIGTERM to the group,
  then SIGKILL, each after a grace period, and waits until the group is gone.
  A hung app (Textual's web driver can ignore SIGTERM while starting up) is
  therefore still ended, within :data:`QUIT_GRACE` + :data:`TERM_GRACE` seconds
  and a little more.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import shlex
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable, Mapping

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("kmtui.serve")

QUIT_GRACE = 0.6
"""Seconds the app has to quit by itself after the ``quit`` message."""
TERM_GRACE = 0.9
"""Seconds the process group has after SIGTERM before SIGKILL."""
KILL_WAIT = 0.8
"""Seconds to wait for the group to be reaped after SIGKILL."""

FRAME_BYTES = 512
"""A payload this large is a frame, not the mode-setting bytes sent at start."""

_PR_SET_PDEATHSIG = 1


# Resolved here, in the server: the forked child must not search for libraries.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """In the child before exec: be killed when the server's thread dies (Linux only)."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def group_alive(pgid: int) -> bool:
    """Whether any process is still in process group ``pgid``."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's group: it exists
        return True
    return True


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Session(AppService):
    """The kmtui behind one websocket.

    Parameters
    ----------
    argv : list of str
        The child's command line (``[sys.executable, "-m", "kmtui", ...]``).
    write_bytes, write_str, close : callables
        Send to and close the browser's websocket.
    download_manager : DownloadManager
        The server's, for files the app delivers to the browser.
    env : mapping of str to str, optional
        Added to the child's environment.
    """

    def __init__(
        self,
        argv: list[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
        env: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(shlex.join(argv), write_bytes=write_bytes, write_str=write_str, close=close,
                         download_manager=download_manager)
        self.argv = list(argv)
        self.extra_env = dict(env or {})
        self.pgid: int | None = None
        self._ending: asyncio.Task[str] | None = None
        self._loop = asyncio.get_running_loop()
        self.last_input = self._loop.time()
        """Loop time of the last key, click or resize from the browser."""
        self.drawn = asyncio.Event()
        """Set when the first frame (not just mode-setting bytes) has been sent to the browser."""
        self.browser_focused: bool | None = None
        """The tab's focus as the browser last reported it (None: not reported)."""

    # ---------------------------------------------------------------- start

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        # 60 fps is textual-serve's default; kmtui animates at its own pace and a
        # classroom of tabs on two cores is better served by fewer frames.
        env["TEXTUAL_FPS"] = "30"
        env.pop("TEXTUAL", None)  # no devtools connection from a served child
        env.update(self.extra_env)
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        argv = shlex.split(self.command)  # the quoted command, back into the exact argv
        self._process = process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
            preexec_fn=_die_with_parent if _LIBC is not None else None,
        )
        self.pgid = process.pid  # a session leader's group id is its pid
        assert process.stdin is not None
        self._stdin = process.stdin
        log.debug("started pid %d: %s", process.pid, self.command)
        return process

    @property
    def pid(self) -> int | None:
        """The child's process id (its group id too), once started."""
        return None if self._process is None else self._process.pid

    @property
    def holds_a_place(self) -> bool:
        """True while the session is starting or its child runs: it counts against ``--max-sessions``.

        A session whose child has exited no longer does, though its relay may
        still be finishing: a tab closed and opened again at once finds its
        place free.
        """
        return self._process is None or self._process.returncode is None

    async def run(self) -> None:
        """Relay the child's output; when it ends by itself, close the tab's websocket."""
        await super().run()
        if self._ending is None:  # it quit or crashed: the browser shows "Session ended"
            try:
                await self.remote_close()
            except Exception:  # pragma: no cover - the socket is already gone
                pass

    async def on_data(self, payload: bytes) -> None:
        await super().on_data(payload)
        if not self.drawn.is_set() and len(payload) >= FRAME_BYTES:
            self.drawn.set()
            # Textual's web driver blurs the app as it starts, after a focus the
            # page may already have sent; say it again so the footer shows at once.
            if self.browser_focused:
                await super().focus()

    async def focus(self) -> None:
        self.browser_focused = True
        await super().focus()

    async def blur(self) -> None:
        self.browser_focused = False
        await super().blur()

    # ---------------------------------------------------------------- input

    def touch(self) -> None:
        """Note activity from the browser (for the idle timeout)."""
        self.last_input = self._loop.time()

    def idle_for(self) -> float:
        """Seconds since the last key, click or resize."""
        return self._loop.time() - self.last_input

    # ---------------------------------------------------------------- end

    async def stop(self) -> None:
        """End the child (see :meth:`end`); textual-serve's name for it."""
        await self.end()

    def end(self) -> asyncio.Task[str]:
        """End the child and its process group; safe to call many times.

        Returns
        -------
        asyncio.Task of str
            Resolves to how it ended: ``"quit"``, ``"sigterm"``, ``"sigkill"``
            or ``"not started"``.
        """
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        return self._ending

    async def _end(self) -> str:
        process = self._process
        if process is None or self.pgid is None:
            return "not started"
        pgid = self.pgid
        try:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        except Exception:  # pragma: no cover - downloads are best effort
            pass
        how = "quit"
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            if not await self._wait(process, QUIT_GRACE):
                how = "sigterm"
                _signal_group(pgid, signal.SIGTERM)
                if not await self._wait(process, TERM_GRACE):
                    how = "sigkill"
                    _signal_group(pgid, signal.SIGKILL)
                    await self._wait(process, KILL_WAIT)
        # The leader is gone; anything it left in its group goes too.
        if group_alive(pgid):
            _signal_group(pgid, signal.SIGKILL)
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), KILL_WAIT)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._task.cancel()
        log.debug("pid %d ended (%s)", pgid, how)
        return how

    @staticmethod
    async def _wait(process: Process, timeout: float) -> bool:
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), timeout)
        except asyncio.TimeoutError:
            return False
        return True
