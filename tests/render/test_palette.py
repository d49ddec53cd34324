"""The visual language: cluster colours and shapes, glyph widths, themes, blending."""

from __future__ import annotations

import dataclasses

import pytest

from kmtui.render import palette
from kmtui.render.cells import is_single_cell
from kmtui.render.palette import DARK, LIGHT, PROJECTOR, OKABE_ITO, blend, cluster_shape


def test_okabe_ito_in_design_order() -> None:
    assert OKABE_ITO == (
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    )
    for j, colour in enumerate(OKABE_ITO):
        assert DARK.cluster_color(j) == colour
        assert LIGHT.cluster_color(j) == palette.OKABE_ITO_ON_LIGHT[j]  # the same hues, darkened for white


def test_first_eight_clusters_have_the_design_shapes() -> None:
    # cluster 4 was a ✚ (taken for the centroid's ✖), ASCII cluster 6 an x (beside the centroid X)
    assert [cluster_shape(j) for j in range(8)] == list("●▲■◆▶★▼◉")
    assert [cluster_shape(j, ascii=True) for j in range(8)] == list("o^#*+@v%")


def test_no_cluster_shape_looks_like_the_centroid() -> None:
    crosses = set("✖✚✕✗✘+xX×")
    assert not crosses & set(palette.SHAPES)
    assert not {"x", "X"} & set(palette.ASCII_SHAPES)


def test_clusters_beyond_eight_cycle_but_stay_distinct_pairs() -> None:
    assert DARK.cluster_color(8) == DARK.cluster_color(0)
    pairs = {(DARK.cluster_color(j), cluster_shape(j)) for j in range(64)}
    assert len(pairs) == 64
    assert cluster_shape(8) != cluster_shape(0)


def _all_glyphs() -> list[str]:
    glyphs = [*palette.SHAPES, *palette.ASCII_SHAPES, palette.UNASSIGNED_GLYPH,
              palette.ASCII_UNASSIGNED_GLYPH, palette.CENTROID_GLYPH, palette.ASCII_CENTROID_GLYPH,
              palette.TRAIL_GLYPH, palette.ASCII_TRAIL_GLYPH, *palette.EDGE_ARROWS.values(),
              *palette.ASCII_EDGE_ARROWS.values(), *palette.ASCII_DENSITY, *palette.AXIS_GLYPHS,
              *palette.ASCII_AXIS_GLYPHS, palette.ELLIPSIS, palette.ASCII_ELLIPSIS]
    glyphs += [chr(palette.BRAILLE_BASE + bits) for bits in range(256)]
    return glyphs


def test_every_glyph_is_one_cell_wide() -> None:
    bad = [g for g in _all_glyphs() if not is_single_cell(g)]
    assert bad == []


def test_every_glyph_is_one_cell_wide_for_rich() -> None:
    # The widget measures with rich; it must agree (rich is only used by the test).
    cells = pytest.importorskip("rich.cells")
    bad = [g for g in _all_glyphs() if cells.cell_len(g) != 1]
    assert bad == []


def test_is_single_cell_rejects_wide_and_combining() -> None:
    assert not is_single_cell("中")
    assert not is_single_cell("\u0301")
    assert not is_single_cell("\n")
    assert is_single_cell("✖")


def test_ascii_glyphs_are_ascii() -> None:
    ascii_glyphs = [*palette.ASCII_SHAPES, palette.ASCII_UNASSIGNED_GLYPH,
                    palette.ASCII_CENTROID_GLYPH, palette.ASCII_TRAIL_GLYPH,
                    *palette.ASCII_EDGE_ARROWS.values(), *palette.ASCII_DENSITY,
                    *palette.ASCII_AXIS_GLYPHS, palette.ASCII_ELLIPSIS]
    assert all(g.isascii() for g in ascii_glyphs)


def test_blend_endpoints_and_midpoint() -> None:
    assert blend("#000000", "#FFFFFF", 0.0) == "#000000"
    assert blend("#000000", "#FFFFFF", 1.0) == "#FFFFFF"
    assert blend("#000000", "#FFFFFF", 0.5) == "#808080"
    assert blend("#102030", "#302010", 0.5) == "#202020"
    assert blend("#fff", "#000", 2.0) == "#000000"  # t clipped, short form accepted
    with pytest.raises(ValueError):
        blend("#12", "#000000", 0.5)


def test_region_and_trail_colours_lie_between_background_and_cluster() -> None:
    tint = DARK.region_color(0)
    assert tint == blend(DARK.background, OKABE_ITO[0], DARK.region_tint)
    assert tint not in (DARK.background, OKABE_ITO[0])
    assert DARK.trail_color(1) == blend(OKABE_ITO[1], DARK.background, DARK.trail_fade)


def test_themes_are_frozen_and_distinct() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DARK.background = "#123456"  # type: ignore[misc]
    assert PROJECTOR.background == "#000000"
    assert PROJECTOR.region_tint > DARK.region_tint
    assert len({DARK, LIGHT, PROJECTOR}) == 3
    assert palette.THEMES["projector"] is PROJECTOR
    # unassigned grey differs from the grey cluster (cluster 7)
    for theme in (DARK, LIGHT, PROJECTOR):
        assert theme.unassigned != theme.cluster_color(7)
