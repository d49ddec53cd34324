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


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _lint_imports(cwd: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    from pathlib import Path

    exe = Path(sys.executable).parent / "lint-imports"
    return subprocess.run([str(exe)], capture_output=True, text=True, cwd=cwd, env=env)


def test_import_contracts_hold() -> None:
    """pyproject's import-linter contracts: pure layers import no UI, arrows only point down."""
    out = _lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 kept, 0 broken" in out.stdout


def test_import_contracts_catch_an_engine_reaching_up(tmp_path: object) -> None:
    """The same contracts fail on a copy of the package whose engine imports the UI."""
    import os
    import shutil
    from pathlib import Path

    dst = Path(str(tmp_path))
    shutil.copytree(ROOT / "kmtui", dst / "kmtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", dst / "pyproject.toml")
    with open(dst / "kmtui" / "engine" / "metrics.py", "a") as fh:
        fh.write("\nimport kmtui.ui.text  # noqa\n")
    env = {**os.environ, "PYTHONPATH": str(dst)}
    out = _lint_imports(dst, env)
    assert out.returncode != 0
    assert "The engine stands alone BROKEN" in out.stdout
    assert "The pure layers import no UI package BROKEN" in out.stdout
