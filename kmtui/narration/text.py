"""Text helpers shared by every sentence: numbers, plurals, ASCII, and safe spans.

Sentences are plain strings or lists of :data:`Span` — ``(text, style)`` pairs
whose style is a small name (``"b"``, ``"dim"``, ``"c3"`` for cluster 3's
colour), never markup. The UI turns spans into styled text, so a file name
or a CSV header with ``[b]`` in it is shown as it is, never parsed.
"""

from __future__ import annotations

import math

from kmtui.textsafe import clean

Span = tuple[str, str]
"""A piece of a sentence and its style name ("" for plain)."""

Said = list[Span]
"""A sentence as styled pieces."""


def plain(said: Said | str) -> str:
    """The characters of a sentence, without styles."""
    return said if isinstance(said, str) else "".join(t for t, _ in said)


def fmt_num(value: float, digits: int = 4) -> str:
    """A number short enough for a narrow column, without float noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    mag = abs(value)
    if mag >= 1e6 or mag < 1e-3:
        return f"{value:.{digits - 1}e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")
    if mag >= 1000:
        return f"{value:,.1f}"
    text = f"{value:.{digits}g}"
    return text


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


_ASCII = str.maketrans({
    "—": "-", "–": "-", "·": "|", "×": "x", "√": "sqrt", "Σ": "sum", "²": "^2", "…": "...", "✖": "X",
    "←": "<-", "→": "->", "↓": "down", "↑": "up", "≤": "<=", "≥": ">=", "‖": "|", "Δ": "d", "\u00a0": " ", "●": "o", "▲": "^",
    "■": "#", "◆": "*", "✚": "+", "★": "@", "▼": "v", "◉": "%", "’": "'", "“": '"', "”": '"',
    "−": "-", "█": "#", "◀": "<", "○": "O", "□": "=", "▶": ">", "•": ".", "⋅": ".",
})


def asciify(text: str) -> str:
    """Text for ``--ascii`` terminals: common symbols spelled out, anything else non-ASCII as '?'."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


# clean() lives in kmtui.textsafe (the data layer uses it too, and must not import narration).
__all__ = ["Said", "Span", "asciify", "clean", "fmt_num", "plain", "plural"]
