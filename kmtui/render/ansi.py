"""Rows of styled runs as ANSI text, for output without Textual (``kmtui play``).

Pure string building: each run becomes one SGR sequence and its text. Colours
go out as 24-bit (``truecolor``) or as the nearest of the xterm 256-colour
cube (``256``), or not at all (``none``).
"""

from __future__ import annotations

from collections.abc import Iterable

from kmtui.render.cells import CellStyle, Row

RESET = "\x1b[0m"


def _rgb(color: str) -> tuple[int, int, int]:
    h = color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def xterm256(color: str) -> int:
    """The nearest xterm-256 index (cube or grey ramp) to a ``#rrggbb`` colour."""
    r, g, b = _rgb(color)
    steps = (0, 95, 135, 175, 215, 255)

    def nearest(v: int) -> int:
        return min(range(6), key=lambda i: abs(steps[i] - v))

    ci = (nearest(r), nearest(g), nearest(b))
    cube = tuple(steps[i] for i in ci)
    grey_i = max(0, min(23, round((r + g + b) / 3 - 8) // 10))
    grey = 8 + 10 * grey_i
    d_cube = sum((a - c) ** 2 for a, c in zip((r, g, b), cube, strict=True))
    d_grey = sum((a - grey) ** 2 for a in (r, g, b))
    if d_grey < d_cube:
        return 232 + grey_i
    return 16 + 36 * ci[0] + 6 * ci[1] + ci[2]


def sgr(style: CellStyle, colors: str = "truecolor") -> str:
    """The escape sequence that sets ``style`` (after a reset)."""
    codes = ["0"]
    if style.bold:
        codes.append("1")
    if style.dim:
        codes.append("2")
    if style.reverse:
        codes.append("7")
    if style.underline:
        codes.append("4")
    if colors != "none":
        for color, base in ((style.fg, 38), (style.bg, 48)):
            if color is None:
                continue
            if colors == "256":
                codes.append(f"{base};5;{xterm256(color)}")
            else:
                r, g, b = _rgb(color)
                codes.append(f"{base};2;{r};{g};{b}")
    return "\x1b[" + ";".join(codes) + "m"


def rows_to_ansi(rows: Iterable[Row], colors: str = "truecolor") -> list[str]:
    """One ANSI string per row, each ending with a reset."""
    cache: dict[CellStyle, str] = {}
    out = []
    for row in rows:
        parts = []
        for text, style in row:
            seq = cache.get(style)
            if seq is None:
                seq = cache[style] = sgr(style, colors)
            parts.append(seq + text)
        out.append("".join(parts) + RESET)
    return out
