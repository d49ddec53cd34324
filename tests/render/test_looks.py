"""Looks: 16-colour themes, theme choice by colour depth, contrast, and the centroid mark."""

from __future__ import annotations

import numpy as np
import pytest
from rich.color import Color, ColorSystem
from rich.style import Style

from kmtui.render import palette
from kmtui.render.palette import ANSI_DARK, ANSI_LIGHT, DARK, LIGHT, PROJECTOR, PROJECTOR_LIGHT, Theme, theme_for
from kmtui.render.palette import contrast_ratio as contrast
from kmtui.render.scatter import ScatterRenderer


def ansi_number(colour: str) -> int:
    """The ANSI colour rich sends for ``colour`` on a 16-colour terminal."""
    number = Color.parse(colour).downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number


def contrast(a: str, b: str) -> float:
    """WCAG's luminance ratio of two #rrggbb colours (1: the same, 21: black on white)."""
    def lum(c: str) -> float:
        r, g, bl = (int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))
        f = lambda v: v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl)
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", [ANSI_DARK, ANSI_LIGHT], ids=lambda t: t.name)
def test_16_colours_every_cluster_and_region_is_its_own_ansi_colour(theme: Theme) -> None:
    fg = [ansi_number(theme.cluster_color(j)) for j in range(8)]
    bg = [ansi_number(theme.region_color(j)) for j in range(8)]
    plot = ansi_number(theme.background)
    assert len(set(fg)) == 8, fg
    assert len(set(bg)) == 8 and plot not in bg, (bg, plot)  # every region shows against the plot
    assert plot not in fg
    for j in range(8):  # a cluster's points show on its own region: another hue, and enough contrast
        assert fg[j] != bg[j]
        hues = {n % 8 for n in (fg[j], bg[j]) if n not in (0, 7, 8, 15)}  # greys have no hue
        assert len(hues) == len({fg[j], bg[j]} - {0, 7, 8, 15}), (j, fg[j], bg[j])
        if j < 3:
            assert contrast(theme.cluster_color(j), theme.region_color(j)) >= 2.5, j
    assert ansi_number(theme.unassigned) not in fg
    # the SGR codes rich sends: 30-37/90-97 for points, 40-47/100-107 for regions
    codes = {Style(color=theme.cluster_color(j), bgcolor=theme.region_color(j))._make_ansi_codes(ColorSystem.STANDARD)
             for j in range(8)}
    assert len(codes) == 8


def test_the_old_16_colour_problem_is_real() -> None:
    # Blended tints all fall on one ANSI colour, and two clusters share one.
    assert len({ansi_number(DARK.region_color(j)) for j in range(8)}) == 1  # all regions one colour
    fg = [ansi_number(DARK.cluster_color(j)) for j in range(8)]
    assert len(set(fg)) < 8


@pytest.mark.parametrize("system", ["standard", "windows"])
def test_theme_for_16_colours(system: str) -> None:
    assert theme_for(dark=True, color_system=system) is ANSI_DARK
    assert theme_for(dark=False, projector=True, color_system=system) is ANSI_LIGHT


@pytest.mark.parametrize("system", ["256", "truecolor", None])
def test_theme_for_more_colours(system: str | None) -> None:
    assert theme_for(dark=True, projector=True, color_system=system) is PROJECTOR
    assert theme_for(dark=False, projector=True, color_system=system) is PROJECTOR_LIGHT
    assert theme_for(dark=False, color_system=system).clusters == LIGHT.clusters
    assert theme_for(dark=True, color_system=system, background="#123456").background == "#123456"


@pytest.mark.parametrize("theme", list(palette.THEMES.values()), ids=lambda t: t.name)
def test_text_contrast_at_least_4_5(theme: Theme) -> None:
    assert contrast(theme.axis, theme.background) >= 4.5
    assert contrast(theme.foreground, theme.background) >= 4.5


@pytest.mark.parametrize("theme", [PROJECTOR, PROJECTOR_LIGHT, LIGHT], ids=lambda t: t.name)
def test_projector_and_light_clusters_stand_out_from_the_background(theme: Theme) -> None:
    for j in range(8):
        assert contrast(theme.cluster_color(j), theme.background) >= 3.0, j


# ------------------------------------------------------------ the centroid mark


def render(ascii: bool = False, theme: Theme = DARK) -> tuple[ScatterRenderer, list]:
    r = ScatterRenderer(theme, ascii=ascii, mode="glyph")
    r.resize(60, 20)
    r.set_bounds((0.0, 10.0, 0.0, 10.0), "x", "y")
    grid = np.array([[x, y] for x in np.linspace(0.1, 9.9, 60) for y in np.linspace(0.1, 9.9, 30)])
    r.set_points(grid, np.zeros(len(grid), dtype=np.int32))
    r.set_centroids(np.array([[5.0, 5.0]]))
    return r, r.render()


def cells(row: tuple) -> list[tuple[str, object]]:
    return [(ch, style) for text, style in row for ch in text]


@pytest.mark.parametrize("ascii", [False, True])
def test_centroid_is_three_reverse_cells_inside_a_halo(ascii: bool) -> None:
    r, rows = render(ascii)
    col, row = r.cell_of(5.0, 5.0)
    line = cells(rows[row])
    mark = line[col - 1: col + 2]
    cross = palette.ASCII_CENTROID_GLYPH if ascii else palette.CENTROID_GLYPH
    assert "".join(ch for ch, _ in mark) == f" {cross}0"  # centroid 0: its number beside the cross
    assert all(st.reverse and st.bold and st.fg == DARK.cluster_color(0) for _, st in mark)
    # the halo: blank either side of the mark although points cover the whole plot; off a
    # projector it keeps to the mark's row (a glide then repaints one row per centroid)
    assert line[col - 2][0] == " " and line[col + 2][0] == " "
    shape = palette.cluster_shape(0, ascii=ascii)
    for y in (row - 1, row + 1):
        assert "".join(ch for ch, _ in cells(rows[y])[col - 2: col + 3]) == shape * 5
    assert line[col - 3][0] == shape
    # nothing else on the screen is reverse video
    reversed_cells = [(y, x) for y, rw in enumerate(rows) for x, (_, st) in enumerate(cells(rw)) if st.reverse]
    assert reversed_cells == [(row, col - 1), (row, col), (row, col + 1)]


def test_each_centroid_shows_its_number_as_the_narration_names_it() -> None:
    """Centroid j's bar reads ✖j (one digit: from 10 on the bar keeps its blank)."""
    r = ScatterRenderer(DARK, mode="glyph")
    r.resize(80, 30)
    r.set_bounds((0.0, 12.0, 0.0, 12.0), "x", "y")
    at = np.array([[1.0 + j, 1.0 + j] for j in range(11)])
    r.set_centroids(at)
    rows = r.render()
    for j in range(11):
        col, row = r.cell_of(*at[j])
        ch = "".join(c for c, _ in cells(rows[row])[col: col + 2])
        assert ch == palette.CENTROID_GLYPH + (str(j) if j < 10 else palette.CENTROID_SIDE), (j, ch)


def test_on_a_projector_the_halo_also_clears_the_rows_above_and_below() -> None:
    r, rows = render(theme=PROJECTOR)
    col, row = r.cell_of(5.0, 5.0)
    for y in (row - 1, row + 1):
        assert "".join(ch for ch, _ in cells(rows[y])[col - 2: col + 3]) == "     "
    shape = palette.cluster_shape(0)
    assert cells(rows[row - 2])[col][0] == shape
