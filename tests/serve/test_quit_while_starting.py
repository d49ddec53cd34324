"""A browser tab closed while kmtui starts: resize and quit before the first frame, under Textual's web driver.

``kmtui serve`` runs each tab's kmtui with ``TEXTUAL_DRIVER`` set to Textual's
web driver, which reads packets from standard input (``M`` + 4-byte length +
JSON meta). A tab opened and closed within a second sends a resize and a quit
while the app is still mounting its screen. That used to end in a
``NoMatches`` traceback and exit 1 (reported earlier as a hang at 100 % CPU):
the run screen's ``on_mount`` reached for widgets the quit had already torn
down. It must end at once, with status 0 and no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and signals")

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 15.0
"""Start-up included, on a loaded 2-core machine."""


def meta(payload: dict[str, object]) -> bytes:
    data = json.dumps(payload).encode()
    return b"M" + len(data).to_bytes(4, "big") + data


@pytest.mark.parametrize("delay", [0.0, 0.4])
def test_resize_and_quit_while_starting_ends_cleanly(delay: float) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST", "NO_COLOR"))}
    env.update(TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver", COLUMNS="80", ROWS="24",
               PYTHONPATH=str(ROOT), TERM="xterm-256color")
    proc = subprocess.Popen([sys.executable, "-m", "kmtui", "--seed", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        time.sleep(delay)
        t0 = time.monotonic()
        # the resize and the quit, then the tab is gone (standard input closes)
        out, err = proc.communicate(meta({"type": "resize", "width": 100, "height": 30}) + meta({"type": "quit"}),
                                    timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert b"Traceback" not in err and b"NoMatches" not in err and b"Error" not in err, err[-800:]
    assert proc.returncode == 0
    assert out.startswith(b"__GANGLION__") and b'{"type": "exit"}' in out  # the web driver's goodbye
    assert time.monotonic() - t0 < DEADLINE
