"""The demo scripts a teacher runs as they are: each runs and shows what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parent.parent / "demos"


def _run(name: str) -> str:
    out = subprocess.run([sys.executable, str(DEMOS / name)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_source_material_agrees_with_kmtui() -> None:
    out = _run("source_material.py")
    assert "same labels: True | same centroids: True" in out


def test_local_minima_shows_both_outcomes() -> None:
    out = _run("local_minima.py")
    assert "stuck in a local minimum" in out and "found the three blobs" in out


def test_iris_crosstab_finds_setosa() -> None:
    out = _run("iris_crosstab.py")
    assert any(line.split()[1:] == ["50", "0", "0"] for line in out.splitlines() if line[:7].strip().isdigit())


@pytest.mark.parametrize("name", ["elbow.py"])
def test_elbow_demo(name: str) -> None:
    out = _run(name)
    assert "blobs: knee at K=3" in out and "Kneedle's knee: 2" in out
