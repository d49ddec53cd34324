"""Cells: the renderers' output, rows of styled text runs.

This module owns the contract between kmtui's pure renderers and the widgets
that show them. A :data:`Row` is a tuple of :data:`Run` — ``(text, style)`` —
that maps one to one onto a rich ``Segment(text, Style(...))``: adjacent
cells of the same style are already merged, and every glyph is one cell
wide, so ``len(text)`` is the run's width in cells.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class CellStyle:
    """The look of a run of cells; hashable, so widgets can cache on it.

    Attributes
    ----------
    fg, bg : str or None
        ``#rrggbb`` colours; None means the terminal's default.
    bold, dim, reverse : bool
        Text attributes. ``reverse`` swaps ``fg`` and ``bg`` on screen.
    """

    fg: str | None
    bg: str | None
    bold: bool = False
    dim: bool = False
    reverse: bool = False
    underline: bool = False


Run: TypeAlias = tuple[str, CellStyle]
Row: TypeAlias = tuple[Run, ...]


def row_text(row: Row) -> str:
    """The row's characters without styles (for tests and plain-text output)."""
    return "".join(text for text, _ in row)


def row_width(row: Row) -> int:
    """The row's width in cells (every glyph kmtui draws is one cell wide)."""
    return sum(len(text) for text, _ in row)


def slice_row(row: Row, first: int, end: int) -> Row:
    """The runs of cells ``first`` to ``end`` (half-open) of ``row``, cut where the span cuts a run.

    >>> st = CellStyle(None, None)
    >>> slice_row((("abc", st), ("de", st)), 1, 4)
    (('bc', CellStyle(fg=None, bg=None, bold=False, dim=False, reverse=False, underline=False)), \
('d', CellStyle(fg=None, bg=None, bold=False, dim=False, reverse=False, underline=False)))
    """
    out: list[Run] = []
    x = 0
    for text, style in row:
        a, b = max(first, x), min(end, x + len(text))
        if a < b:
            out.append((text[a - x:b - x], style))
        x += len(text)
        if x >= end:
            break
    return tuple(out)


def is_single_cell(char: str) -> bool:
    """Whether a terminal draws ``char`` in exactly one cell.

    Wide (East Asian W/F), combining and control characters are not single
    cells; ambiguous-width characters (A) are, as rich and most terminals
    outside CJK locales draw them.
    """
    if len(char) != 1 or not char.isprintable():
        return False
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F")
