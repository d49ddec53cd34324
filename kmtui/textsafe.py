"""Text from outside made safe to show: control characters as visible placeholders (pure, no imports).

A file name, a CSV header or cell, a lesson's title or text may hold escape
sequences (which would set a terminal's title, clear its screen or change its
colours), NUL bytes, or bidi overrides (which reorder what is shown). The data
layer, the lesson reader and the error messages pass such text through
:func:`clean` where it enters kmtui, so everything downstream — the app,
``kmtui trace``, ``elbow``, ``play``, every error line — receives only
printable text. Markup is not this module's business: nothing in kmtui parses
text as markup (the UI builds Rich ``Text`` from plain strings).
"""

from __future__ import annotations

import re

#: C0 and C1 control characters (tab and newline included: they become spaces),
#: DEL, and the Unicode bidi marks, overrides and isolates that can reorder
#: what a terminal shows; also the line and paragraph separators.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]"
)

#: Characters kept by default: a name or a title longer than this is cut with "…".
DEFAULT_LIMIT = 200


def _placeholder(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def clean(text: str, *, limit: int = DEFAULT_LIMIT) -> str:
    """Text from outside (a file name, a CSV header, a lesson) made safe to show.

    Control characters become visible ``\\xNN`` / ``\\uNNNN`` placeholders
    (so an escape sequence can never reach the terminal), newlines and tabs
    become spaces, and anything longer than ``limit`` characters is cut
    with ``…``.

    Parameters
    ----------
    text : str
        The text as it came (anything else is turned into a string first).
    limit : int, default=200
        Most characters kept, the ``…`` included.

    Returns
    -------
    str
        Printable text, at most ``limit`` characters long.

    >>> print(clean("a\\x1b]0;title\\x07b"))
    a\\x1b]0;title\\x07b
    >>> clean("x" * 10, limit=5)
    'xxxx…'
    """
    if not isinstance(text, str):
        text = str(text)
    # Cut before replacing too (a 50 MB name costs nothing), then again after.
    if len(text) > limit:
        text = text[:limit]
        cut = True
    else:
        cut = False
    out = _CONTROL.sub(_placeholder, text.replace("\n", " ").replace("\t", " ").replace("\r", " "))
    if cut or len(out) > limit:
        out = out[: limit - 1] + "…"
    return out


def is_clean(text: str) -> bool:
    """Whether ``text`` holds no control character, bidi override or separator."""
    return _CONTROL.search(text) is None


__all__ = ["DEFAULT_LIMIT", "clean", "is_clean"]
