"""Sentences to styled text: the one place the UI turns words into Rich Text.

Nothing shown on screen is ever parsed as markup: sentences arrive as plain
strings or as :data:`~kmtui.narration.text.Said` pieces with a style name,
and become :class:`rich.text.Text` here, spelled out in ASCII under
``--ascii``.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from kmtui.narration.text import Said, asciify
from kmtui.render.palette import Theme

_STYLES = {"": Style(), "b": Style(bold=True), "dim": Style(dim=True), "reverse": Style(reverse=True)}


def styled(said: Said | str, theme: Theme, *, ascii: bool = False) -> Text:
    """A sentence as Text: ``"c3"`` pieces in cluster 3's colour."""
    pieces = [(said, "")] if isinstance(said, str) else said
    out = Text()
    for text, style in pieces:
        if ascii:
            text = asciify(text)
        if style.startswith("c") and style[1:].isdigit():
            out.append(text, Style(color=theme.cluster_color(int(style[1:]))))
        else:
            out.append(text, _STYLES.get(style, Style()))
    return out
