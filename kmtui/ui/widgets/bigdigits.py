"""HeavyDigits: the inertia in a heavy three-row face of block glyphs, for ``--projector``.

Textual's :class:`~textual.widgets.Digits` draws thin line art (``╶─┐``)
that a projector washes out; this face is built of full and half blocks, so
each stroke is a full cell wide and reads from the back row. Same interface
as ``Digits`` for what the side panel needs: ``update(text)``.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

#: Three rows per character, every row of a character the same width.
FONT: dict[str, tuple[str, str, str]] = {
    "0": ("█▀█", "█ █", "█▄█"),
    "1": ("▀█ ", " █ ", "▄█▄"),
    "2": ("▀▀█", "█▀▀", "█▄▄"),
    "3": ("▀▀█", " ▀█", "▄▄█"),
    "4": ("█ █", "▀▀█", "  █"),
    "5": ("█▀▀", "▀▀█", "▄▄█"),
    "6": ("█▀▀", "█▀█", "█▄█"),
    "7": ("▀▀█", "  █", "  █"),
    "8": ("█▀█", "█▀█", "█▄█"),
    "9": ("█▀█", "▀▀█", "▄▄█"),
    ".": (" ", " ", "▄"),
    ",": (" ", " ", "▗"),
    "-": ("   ", "▀▀▀", "   "),
    "+": ("▄█▄", " ▀ ", "   "),
    "x": ("   ", "▀▄▀", "▀ ▀"),
    "^": ("▄▀▄", "   ", "   "),
    "e": ("▄▀▄", "█▀▀", "▀▀▀"),
    " ": (" ", " ", " "),
}


def heavy_rows(text: str) -> tuple[str, str, str]:
    """``text`` in the heavy face: three rows, a blank column between characters.

    >>> heavy_rows("10")
    ('▀█  █▀█', ' █  █ █', '▄█▄ █▄█')
    """
    rows: list[list[str]] = [[], [], []]
    for ch in text:
        glyph = FONT.get(ch, (" ", " ", ch))
        for r in range(3):
            rows[r].append(glyph[r])
    return " ".join(rows[0]), " ".join(rows[1]), " ".join(rows[2])


class HeavyDigits(Static):
    """Big bold digits of block glyphs (the projector's inertia)."""

    DEFAULT_CSS = """
    HeavyDigits { height: 3; text-style: bold; }
    """

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.value = ""
        self.update(value)

    def update(self, value: object = "", *, layout: bool = True) -> None:
        """Show ``value`` (a number as text) in the heavy face."""
        self.value = str(value)
        super().update(Text("\n".join(heavy_rows(self.value)), no_wrap=True, overflow="crop"), layout=layout)
