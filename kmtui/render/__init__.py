"""Rendering: pure models of kmtui's drawings, as rows of styled cells.

Imports numpy, the standard library and (for ``frame``) the engine's Step
only — never textual, rich or plotext — so every drawing can be tested
without a terminal. ``palette`` holds the visual language (colours, shapes,
themes), ``ticks`` the axis ticks and their labels, ``cells`` the output type
(rows of ``(text, CellStyle)`` runs that map one to one onto rich Segments),
and ``scatter`` the main plot's rasterizer: a façade over three stages,
``plotarea`` (size, bounds, axes; drawn by ``layout``), ``pointlayer``
(points and marks; binned and painted by ``points``) and ``overlaylayer``
(regions, lines, trails, centroids, cursor; painted by ``overlays`` and
``lines``), stacked into rows by ``raster`` (layers, style keys, rows). ``frame`` is the render model of one step of a run (what to draw, in
the drawn pair's plane) and ``motion`` the easing curve and glides; import
them from their modules (this package does not, so importing it stays free
of the engine).
"""

from __future__ import annotations

from kmtui.render.cells import CellStyle, Row, Run, row_text, row_width
from kmtui.render.palette import DARK, LIGHT, PROJECTOR, THEMES, Theme, blend, cluster_shape
from kmtui.render.scatter import Bounds, ScatterRenderer, bounds_for
from kmtui.render.ticks import format_tick, nice_ticks, tick_labels

__all__ = [
    "DARK",
    "LIGHT",
    "PROJECTOR",
    "THEMES",
    "Bounds",
    "CellStyle",
    "Row",
    "Run",
    "ScatterRenderer",
    "Theme",
    "blend",
    "bounds_for",
    "cluster_shape",
    "format_tick",
    "nice_ticks",
    "row_text",
    "row_width",
    "tick_labels",
]
