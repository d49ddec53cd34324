"""Session supervision without kmtui: a child that ignores every polite request still ends.

The child here ignores the ``quit`` message and SIGTERM and leaves a grandchild
in its process group; :meth:`Session.end` must escalate to SIGKILL and leave
nothing behind, within its grace periods. A child that quits by itself is
ended without a signal.
"""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
from wsclient import group_alive

from kmtui.serve.sessions import KILL_WAIT, QUIT_GRACE, TERM_GRACE, Session

STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
time.sleep(60)
"""

POLITE = """
import sys
sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
sys.stdin.buffer.read(1)  # the quit packet arrives: leave
"""


async def _nothing(*_: object) -> None:
    return None


def make_session(code: str) -> Session:
    from textual_serve.download_manager import DownloadManager

    return Session([sys.executable, "-c", code], write_bytes=_nothing, write_str=_nothing, close=_nothing,
                   download_manager=DownloadManager())


async def _children_started(pgid: int, n: int) -> None:
    from wsclient import children_of

    deadline = time.monotonic() + 5
    while len(children_of(pgid)) < n:
        assert time.monotonic() < deadline, "the child did not start its grandchild"
        await asyncio.sleep(0.02)


async def test_a_hung_child_and_its_group_are_killed() -> None:
    session = make_session(STUBBORN)
    await session.start(80, 24)
    assert session.pgid is not None
    await _children_started(session.pgid, 1)
    start = time.monotonic()
    how = await session.end()
    took = time.monotonic() - start
    assert how == "sigkill"
    assert not group_alive(session.pgid), "the grandchild outlived the session"
    assert took < QUIT_GRACE + TERM_GRACE + KILL_WAIT + 0.5
    assert await session.end() == "sigkill", "end() is idempotent"


async def test_a_child_that_quits_gets_no_signal() -> None:
    session = make_session(POLITE)
    await session.start(80, 24)
    assert session.pgid is not None
    assert await asyncio.wait_for(session.end(), QUIT_GRACE + 1) == "quit"
    assert not group_alive(session.pgid)


async def test_a_session_never_started_ends_at_once() -> None:
    session = make_session(POLITE)
    assert await session.end() == "not started"


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_children_die_with_the_server_even_on_sigkill(tmp_path) -> None:
    """If kmtui serve itself is SIGKILLed, no child is left running (no orphan, ever)."""
    import os
    import signal
    import subprocess

    from wsclient import wait_until

    script = tmp_path / "server.py"
    script.write_text(
        "import asyncio, sys\n"
        f"sys.path[:0] = {sys.path!r}\n"
        "from test_supervision import make_session\n"
        "async def main():\n"
        "    s = make_session('import time; time.sleep(60)')\n"
        "    await s.start(80, 24)\n"
        "    print(s.pgid, flush=True)\n"
        "    await asyncio.sleep(60)\n"
        "asyncio.run(main())\n")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    child = 0
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        assert group_alive(child)
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        assert wait_until(lambda: not group_alive(child), 3), "the child outlived a SIGKILLed server"
    finally:
        proc.kill()
        proc.wait(5)
        if child and group_alive(child):  # the test failed: leave no process behind anyway
            os.killpg(child, signal.SIGKILL)
        if proc.stdout is not None:
            proc.stdout.close()
