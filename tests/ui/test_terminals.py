"""Terminal capabilities: --ascii everywhere, ASCII by itself where Unicode will not show, --theme checked.

The ASCII scan reads what the compositor would send for each screen
(``screen._compositor.render_strips()``): the main screen in several states,
the help screen from top to bottom, the command palette with a query, and a
toast. Not one character may be outside printable ASCII.
"""

from __future__ import annotations

from typing import Any

import pytest

from kmtui.cli import main
from kmtui.ui.app import ascii_reason
from kmtui.ui.screens.help import HelpScreen


def non_ascii(app: Any) -> set[str]:
    """Every character outside printable ASCII on the current screen."""
    chars: set[str] = set()
    for strip in app.screen._compositor.render_strips():
        chars |= {c for c in strip.text if not " " <= c <= "~"}
    return chars


async def test_ascii_covers_every_screen_toast_and_the_palette(ui: Any) -> None:
    app = ui.app("iris", ascii=True, auto_elbow=True)
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ui.settle(pilot)
        seen["start"] = non_ascii(app)
        for key in ("space", "space", "space", "v", "c", "x", "o", "right", "escape", "g"):
            await pilot.press(key)
            await pilot.pause()
            seen[f"main after {key}"] = non_ascii(app)
        await pilot.press("escape", "question_mark")
        await ui.until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        seen["help"] = non_ascii(app)
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            seen["help, scrolled"] = seen.get("help, scrolled", set()) | non_ascii(app)
        await pilot.press("escape")
        await pilot.pause()
        app.notify("speed ×2 — K−1, √(x²)", markup=False)
        await pilot.pause(0.3)
        assert app.screen.query("Toast"), "the toast is on screen"
        seen["toast"] = non_ascii(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        seen["palette"] = non_ascii(app)
        await pilot.press("i", "n")
        await pilot.pause(0.5)
        seen["palette, searching"] = non_ascii(app)
    assert {where: chars for where, chars in seen.items() if chars} == {}


async def test_help_and_toasts_keep_unicode_without_ascii(ui: Any) -> None:
    """The scan above can fail: the same screens show Unicode when --ascii is off."""
    app = ui.app("iris")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("question_mark")
        await ui.until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert {"╭", "√", "—"} <= non_ascii(app)


async def test_the_automatic_ascii_mode_says_why_once(ui: Any) -> None:
    app = ui.app(ascii=True, ascii_reason="ASCII mode: TERM=linux shows no braille or box drawing")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ui.settle(pilot)
        said = [n.message for n in app._notifications]
        assert said == ["ASCII mode: TERM=linux shows no braille or box drawing (as --ascii)"]
        assert not non_ascii(app)


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({"LANG": "C", "LC_ALL": "C", "TERM": "xterm"}, "ASCII mode: the locale (LC_ALL=C) is not UTF-8"),
        # LANG=C alone: Python coerces LC_CTYPE to C.UTF-8 (PEP 538), the shell's locale is still C
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8", "TERM": "xterm"}, "ASCII mode: the locale (LANG=C) is not UTF-8"),
        ({"LANG": "en_GB.ISO-8859-1", "TERM": "xterm"},
         "ASCII mode: the locale (LANG=en_GB.ISO-8859-1) is not UTF-8"),
        ({"LANG": "C.UTF-8", "TERM": "linux"}, "ASCII mode: TERM=linux shows no braille or box drawing"),
        ({"LANG": "C.UTF-8", "TERM": "vt100"}, "ASCII mode: TERM=vt100 shows no braille or box drawing"),
        ({"LANG": "en_US.UTF-8", "TERM": "dumb"}, "ASCII mode: TERM=dumb shows no braille or box drawing"),
        ({"LANG": "en_US.UTF-8", "TERM": "xterm-256color"}, None),
        ({"LANG": "C", "LC_CTYPE": "en_US.utf8", "TERM": "xterm"}, None),
        ({"LANG": "C", "LC_ALL": "de_DE.UTF-8", "TERM": "screen"}, None),
        ({"TERM": "xterm"}, None),  # nothing set: no evidence against UTF-8
    ],
)
def test_ascii_reason(env: dict[str, str], why: str | None) -> None:
    assert ascii_reason(env) == why


def test_unknown_theme_is_one_error_line_listing_the_themes(capsys: pytest.CaptureFixture[str]) -> None:
    from textual.theme import BUILTIN_THEMES

    for argv in (["--theme", "nonsense"], ["play", "--theme", "nonsense"], ["lesson", "x.toml", "--theme", "nope"]):
        assert main(argv) == 2
        captured = capsys.readouterr()
        (line,) = captured.err.splitlines()
        assert line.startswith("kmtui: error: argument --theme: unknown theme ")
        assert all(name in line for name in BUILTIN_THEMES)
        assert captured.out == ""


def test_a_known_theme_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "--theme", "textual-light", "--seed", "1"]) == 0
    assert "Converged after" in capsys.readouterr().out
