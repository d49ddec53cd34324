"""Palette: the colours, shapes and glyphs every kmtui drawing uses.

This module owns the visual language of the design ("Visual language"): the
Okabe–Ito cluster colours, one shape per cluster so clusters also read in
monochrome and on a washed-out projector, the ASCII fallbacks for ``--ascii``,
the centroid mark, the themes (``DARK``, ``LIGHT``, ``PROJECTOR``,
``PROJECTOR_LIGHT``, and ``ANSI_DARK`` / ``ANSI_LIGHT`` for 16-colour
terminals), and :func:`theme_for`, which picks one for a colour depth.

Clusters beyond eight cycle, but colours and shapes cycle out of step
(cluster ``j`` has colour ``j % 8`` and shape ``(j + j // 8) % 8``), so the
first 64 clusters are still told apart by their colour-and-shape pair.

Every glyph here is one terminal cell wide (Unicode East Asian width N or A,
which terminals and rich draw as one cell), so a row of ``width`` glyphs is
``width`` cells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: The Okabe–Ito colour-blind-safe palette, in the order clusters use it.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey
)

#: Okabe–Ito's hues darkened so that each holds (contrast >= 3:1, WCAG's bar
#: for graphics) on the light Textual themes' backgrounds, #E0E0E0 to white;
#: the bright originals (yellow 1.1:1 on white) vanish there.
OKABE_ITO_ON_LIGHT: tuple[str, ...] = (
    "#B35900",  # orange
    "#0072B2",  # blue (sky blue darkened to Okabe-Ito's own blue's depth)
    "#007A4D",  # bluish green
    "#8A7A00",  # yellow, as olive
    "#1F3FBF",  # blue, deeper
    "#C02800",  # vermillion
    "#A8327F",  # reddish purple
    "#3A3A3A",  # grey
)

#: One shape per cluster, in palette order.
#: No shape is a cross, so none can be taken for the centroid's ``✖``.
SHAPES: tuple[str, ...] = ("●", "▲", "■", "◆", "▶", "★", "▼", "◉")
#: The ``--ascii`` shapes, in palette order (no ``x``: the centroid is ``X``).
ASCII_SHAPES: tuple[str, ...] = ("o", "^", "#", "*", "+", "@", "v", "%")

#: A point not yet assigned to any cluster (labels None or -1).
UNASSIGNED_GLYPH = "•"
ASCII_UNASSIGNED_GLYPH = "."

#: A centroid: the strongest mark on the screen. Three cells in reverse video
#: (a bar of its cluster's colour with this glyph in the middle), bold, with a
#: halo of cleared cells around it (:func:`kmtui.render.overlays.paint_centroids`).
CENTROID_GLYPH = "✖"
ASCII_CENTROID_GLYPH = "X"
#: The centroid mark's cells either side of the glyph (reverse video, so solid colour).
CENTROID_SIDE = " "

#: A past centroid position (and the path between two of them).
TRAIL_GLYPH = "·"
ASCII_TRAIL_GLYPH = ","

#: A centroid outside the view, clamped to the edge, points the way it went.
#: Keys are (dx, dy) with +1 meaning right / up in data space.
EDGE_ARROWS: dict[tuple[int, int], str] = {
    (-1, 0): "←",
    (1, 0): "→",
    (0, 1): "↑",
    (0, -1): "↓",
    (-1, 1): "↖",
    (1, 1): "↗",
    (-1, -1): "↙",
    (1, -1): "↘",
}
ASCII_EDGE_ARROWS: dict[tuple[int, int], str] = {
    (-1, 0): "<",
    (1, 0): ">",
    (0, 1): "^",
    (0, -1): "v",
    (-1, 1): "<",
    (1, 1): ">",
    (-1, -1): "<",
    (1, -1): ">",
}

#: Braille: U+2800 plus one bit per dot of a 2-wide, 4-tall cell.
BRAILLE_BASE = 0x2800
#: ``BRAILLE_BITS[row][col]`` is the bit of the dot at that row (0 = top) and column.
BRAILLE_BITS: tuple[tuple[int, int], ...] = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
#: ``--ascii`` stand-in for braille: how many of a cell's 8 dots are set → a glyph.
ASCII_DENSITY: tuple[str, ...] = (" ", ".", ".", ":", ":", "*", "*", "#", "#")

#: Axis drawing: (vertical, horizontal, corner, y tick, x tick).
AXIS_GLYPHS: tuple[str, str, str, str, str] = ("│", "─", "└", "┤", "┬")
ASCII_AXIS_GLYPHS: tuple[str, str, str, str, str] = ("|", "-", "+", "+", "+")
ELLIPSIS = "…"
ASCII_ELLIPSIS = "~"


@dataclass(frozen=True)
class Theme:
    """Colours of one look; every colour is a ``#rrggbb`` string.

    Attributes
    ----------
    name : str
        ``dark``, ``light`` or ``projector``.
    background, foreground : str
        The plot's background and its plain text (axis titles).
    axis : str
        Tick labels.
    grid : str
        Axis lines and tick marks: faint, so they do not compete with data.
    unassigned : str
        Points that belong to no cluster yet.
    clusters : tuple of str
        Cluster colours, cycled for K beyond their number.
    region_tint : float
        How much of a cluster colour is blended into the background of its
        Voronoi region, 0 (none) to 1 (the full colour).
    trail_fade : float
        How far a trail dot's colour is blended from its cluster colour
        towards the background, 0 (not at all) to 1 (invisible).
    regions : tuple of str
        Explicit region backgrounds, cycled like ``clusters``; when empty
        (the default) a region is its cluster colour blended into the
        background by ``region_tint``. The 16-colour themes set them, since
        faint blends all fall on the same ANSI colour.
    dark : bool
        Whether the background is dark.
    """

    name: str
    background: str
    foreground: str
    axis: str
    grid: str
    unassigned: str
    clusters: tuple[str, ...] = OKABE_ITO
    region_tint: float = 0.2
    trail_fade: float = 0.45
    regions: tuple[str, ...] = ()
    dark: bool = True

    def cluster_color(self, j: int) -> str:
        """The colour of cluster ``j`` (any non-negative int; cycles)."""
        return self.clusters[j % len(self.clusters)]

    def region_color(self, j: int) -> str:
        """The background tint of cluster ``j``'s Voronoi region."""
        if self.regions:
            return self.regions[j % len(self.regions)]
        return blend(self.background, self.cluster_color(j), self.region_tint)

    def trail_color(self, j: int) -> str:
        """The colour of cluster ``j``'s trail dots."""
        return blend(self.cluster_color(j), self.background, self.trail_fade)


DARK = Theme(
    name="dark",
    background="#1c1c1c",
    foreground="#e4e4e4",
    axis="#a8a8a8",
    grid="#585858",
    unassigned="#a8a8a8",
    region_tint=0.3,
)

LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1c1c1c",
    axis="#4e4e4e",
    grid="#b2b2b2",
    unassigned="#767676",
    clusters=OKABE_ITO_ON_LIGHT,
    region_tint=0.16,
    trail_fade=0.4,
    dark=False,
)

#: High contrast for a projector: black background, bright saturated colours
#: that survive a washed-out image, stronger region tints and trails.
PROJECTOR = Theme(
    name="projector",
    background="#000000",
    foreground="#ffffff",
    axis="#ffffff",
    grid="#bcbcbc",
    unassigned="#8a8a8a",
    clusters=(
        "#FFA500",  # orange
        "#00BFFF",  # sky blue
        "#00E676",  # green
        "#FFFF00",  # yellow
        "#4D8DFF",  # blue, lifted so it shows on black
        "#FF3D00",  # vermillion
        "#FF66CC",  # pink
        "#D0D0D0",  # light grey
    ),
    region_tint=0.38,
    trail_fade=0.3,
)

#: The projector look on a light background (``--projector`` with a light
#: Textual theme): white, near-black text, the dark saturated colours.
PROJECTOR_LIGHT = Theme(
    name="projector-light",
    background="#ffffff",
    foreground="#000000",
    axis="#000000",
    grid="#4e4e4e",
    unassigned="#767676",
    clusters=OKABE_ITO_ON_LIGHT,
    region_tint=0.22,
    trail_fade=0.3,
    dark=False,
)

#: The 16 ANSI colours as rich maps them (rich's STANDARD_PALETTE): a colour
#: given as one of these hex values is sent as exactly that ANSI colour.
ANSI: tuple[str, ...] = (
    "#000000", "#AA0000", "#00AA00", "#AA5500", "#0000AA", "#AA00AA", "#00AAAA", "#AAAAAA",
    "#555555", "#FF5555", "#55FF55", "#FFFF55", "#5555FF", "#FF55FF", "#55FFFF", "#FFFFFF",
)

#: 16 colours on a dark background: bright points, each region a different
#: basic background colour, unassigned points white. A cluster's own region —
#: where its points sit after an assign — is never its hue (bright cyan on cyan
#: melted into one patch) and is the most contrasting choice for the first
#: clusters (luminance ratio ≥ 2.5 for 0–2).
ANSI_DARK = Theme(
    name="ansi-dark",
    background=ANSI[0],
    foreground=ANSI[15],
    axis=ANSI[15],
    grid=ANSI[7],
    unassigned=ANSI[15],
    clusters=tuple(ANSI[i] for i in (3, 14, 10, 11, 12, 9, 13, 7)),
    regions=tuple(ANSI[i] for i in (4, 2, 3, 6, 7, 8, 1, 5)),
    trail_fade=0.0,
)

#: 16 colours on a light background: dark points, bright region backgrounds
#: (again never a cluster's own hue under its points).
ANSI_LIGHT = Theme(
    name="ansi-light",
    background=ANSI[15],
    foreground=ANSI[0],
    axis=ANSI[0],
    grid=ANSI[8],
    unassigned=ANSI[7],
    clusters=tuple(ANSI[i] for i in (3, 6, 2, 5, 4, 1, 0, 8)),
    regions=tuple(ANSI[i] for i in (10, 11, 14, 7, 9, 13, 12, 6)),
    trail_fade=0.0,
    dark=False,
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT, PROJECTOR, PROJECTOR_LIGHT, ANSI_DARK, ANSI_LIGHT)}


def theme_for(*, dark: bool, projector: bool = False, color_system: str | None = "truecolor",
              background: str | None = None) -> Theme:
    """The plot's theme for a Textual theme's darkness and the terminal's colour depth.

    Parameters
    ----------
    dark : bool
        Whether the Textual theme is dark.
    projector : bool, default=False
        ``--projector``: high contrast.
    color_system : str or None
        rich's colour system for the console (``App.console.color_system``):
        ``"standard"`` or ``"windows"`` (16 colours) gets the ANSI themes, in
        which every cluster and every region is a different ANSI colour;
        ``"256"``, ``"truecolor"`` and None (``NO_COLOR``) the others.
    background : str or None
        The Textual theme's background (``#rrggbb``); the plot takes it, so
        the plot and the panels beside it are one surface (not with 16
        colours, which use the ANSI black or white).
    """
    if color_system in ("standard", "windows"):
        return ANSI_DARK if dark else ANSI_LIGHT
    theme = (PROJECTOR if dark else PROJECTOR_LIGHT) if projector else (DARK if dark else LIGHT)
    if background is not None and background.startswith("#") and len(background) == 7:
        theme = replace(theme, background=background)
    return theme


WIDE_SHAPES: dict[str, str] = {"■": "▪"}
"""Shapes replaced where points take two cells (the projector): ``■`` fills its cell, so a
pair ``■■`` fuses into a bar that looks like the centroid's three-cell bar from far away;
``▪▪`` stays two squares."""


def cluster_shape(j: int, *, ascii: bool = False, wide: bool = False) -> str:
    """The shape of cluster ``j``; cycles out of step with the colours.

    Parameters
    ----------
    j : int
        Cluster index, ``>= 0``.
    ascii : bool, default=False
        Use the ``--ascii`` shapes.
    wide : bool, default=False
        Points are drawn two cells wide (see :data:`WIDE_SHAPES`).

    Examples
    --------
    >>> cluster_shape(2), cluster_shape(2, wide=True), cluster_shape(0, wide=True)
    ('■', '▪', '●')
    """
    shapes = ASCII_SHAPES if ascii else SHAPES
    n = len(shapes)
    shape = shapes[(j + j // n) % n]
    return WIDE_SHAPES.get(shape, shape) if wide and not ascii else shape


def _parse_hex(color: str) -> tuple[int, int, int]:
    text = color.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def blend(a: str, b: str, t: float) -> str:
    """Mix two ``#rrggbb`` colours: ``a`` at ``t = 0``, ``b`` at ``t = 1``.

    Parameters
    ----------
    a, b : str
        Colours as ``#rrggbb`` (or ``#rgb``).
    t : float
        The share of ``b``; clipped to ``[0, 1]``.

    Returns
    -------
    str
        ``#RRGGBB``.
    """
    t = min(1.0, max(0.0, float(t)))
    ra, ga, ba = _parse_hex(a)
    rb, gb, bb = _parse_hex(b)
    mix = (round(ca + (cb - ca) * t) for ca, cb in ((ra, rb), (ga, gb), (ba, bb)))
    return "#{:02X}{:02X}{:02X}".format(*mix)


def _luminance(color: str) -> float:
    def lin(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = _parse_hex(color)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, 1 (none) to 21.

    Text wants 4.5 or more, graphics (points, marks) 3 or more.

    >>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
