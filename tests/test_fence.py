"""The pure layers import no user-interface package (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

UI_PACKAGES = ("textual", "rich", "plotext")


@pytest.mark.parametrize(
    "module",
    ["kmtui", "kmtui.engine", "kmtui.data", "kmtui.render", "kmtui.narration", "kmtui.cli", "kmtui.lessons",
     "kmtui.cli.play", "kmtui.render.ansi"],
)
def test_pure_modules_load_no_ui(module: str) -> None:
    code = (
        f"import sys, importlib; m = importlib.import_module({module!r}); "
        # touch the lazy public API too
        "import kmtui; kmtui.KMeans; kmtui.load_dataset; kmtui.elbow; "
        f"print(','.join(p for p in {UI_PACKAGES!r} if p in sys.modules or any(k.startswith(p + '.') for k in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} loaded {out.stdout.strip()}"


def test_the_fence_can_see_a_ui_import() -> None:
    # the check above would notice: importing the UI does load textual
    code = "import sys, kmtui.ui.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
