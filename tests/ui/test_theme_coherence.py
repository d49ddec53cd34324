"""The plot's look in the app: 16 colours, every Textual theme, with and without --projector."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.theme import BUILTIN_THEMES

from kmtui.render.palette import ANSI_DARK
from kmtui.render.palette import contrast_ratio as contrast
from kmtui.ui.widgets.scatter import ScatterView


def plot_colours(app) -> tuple[dict[str, set[int]], set[int]]:
    """ANSI numbers sent on a 16-colour terminal: {glyph: fg numbers} and the set of bg numbers."""
    view = app.screen.query_one(ScatterView)
    left, top, pw, ph = view.renderer.plot_area()
    fg: dict[str, set[int]] = {}
    bg: set[int] = set()
    for y in range(top, top + ph):
        x = 0
        for seg in view.render_line(y):
            for ch in seg.text:
                if left <= x < left + pw and seg.style is not None:
                    if seg.style.bgcolor is not None:
                        bg.add(seg.style.bgcolor.downgrade(ColorSystem.STANDARD).number)
                    if ch.strip() and seg.style.color is not None and not seg.style.reverse:
                        fg.setdefault(ch, set()).add(seg.style.color.downgrade(ColorSystem.STANDARD).number)
                x += 1
    return fg, bg


async def test_16_colours_clusters_and_regions_are_distinct(ui, monkeypatch: pytest.MonkeyPatch) -> None:
    import textual.constants

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")  # as TERM=xterm without COLORTERM
    app = ui.app("blobs", k=6, init="random")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.console.color_system == "standard"
        await pilot.press("space", "v")
        await ui.settle(pilot)
        view = app.screen.query_one(ScatterView)
        assert view.renderer.theme is ANSI_DARK
        fg, bg = plot_colours(app)
        shapes = {s: c for s, c in fg.items() if s in "●▲■◆▶★"}
        assert len(shapes) == 6
        assert all(len(c) == 1 for c in shapes.values())  # one colour per cluster ...
        assert len(set().union(*shapes.values())) == 6  # ... and six different ones
        assert len(bg) == 6  # six regions, six background colours


@pytest.mark.slow  # every one of Textual's themes, each drawn: the quick loop checks 16 colours above
@pytest.mark.parametrize("projector", [False, True])
async def test_every_textual_theme_the_plot_follows(ui, projector: bool) -> None:
    app = ui.app("blobs", projector=projector)
    async with app.run_test(size=(100, 30)) as pilot:
        for name in BUILTIN_THEMES:
            app.theme = name
            await pilot.pause()
            look = app.screen.query_one(ScatterView).renderer.theme
            screen_bg = app.screen.styles.background
            assert look.dark == app.current_theme.dark, name
            if name.startswith("ansi"):  # the terminal's own colours: the 16-colour look
                assert look.regions, name
                continue
            assert look.background.upper() == screen_bg.hex.upper(), name
            for colour in (look.axis, look.foreground):
                assert contrast(colour, look.background) >= 4.5, (name, colour)
            digits = app.screen.query_one("#inertia")
            text = digits.styles.color.blend(screen_bg, 1 - digits.styles.color.a) if digits.styles.color.a < 1 \
                else digits.styles.color
            # three-row digits are large text (WCAG: 3:1); the projector's want more
            assert contrast(text.hex[:7], screen_bg.hex[:7]) >= (4.5 if projector else 3.0), name
