"""The light robustness run, part of the normal tests: one seed × 500 inputs at 80×24, and a resize storm.

The full run (thousands of inputs, every size, phase and signal) is
``python -m tests.robustness --full``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .fuzz import fuzz_case, resize_storm

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def test_500_fuzzed_inputs_while_playing(tmp_path: Path) -> None:
    result = fuzz_case(tmp_path, seed=1, size=(80, 24), phase="play", n_keys=500)
    assert result.keys == 500
    assert result.ok, result.problems
    assert (result.status, result.restored, result.traceback) == (0, True, False)


def test_a_resize_storm_while_playing_then_home_shows_step_0(tmp_path: Path) -> None:
    result = resize_storm(tmp_path, (80, 24), "play", n=200)
    assert result.ok, result.problems
