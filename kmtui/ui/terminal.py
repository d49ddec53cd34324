"""What the terminal can show, and keeping Textual's bookkeeping from growing.

:func:`ascii_reason` decides when ASCII is needed without being asked (a
locale that is not UTF-8, a terminal type without braille or box drawing);
:class:`AsciiScrollBarRender` draws scroll bars without block glyphs;
:func:`prune_watchers` drops what Textual keeps of closed widgets.
"""

from __future__ import annotations

import os
from typing import Any

from textual.dom import DOMNode
from textual.scrollbar import ScrollBarRender

ASCII_TERMS = frozenset({"linux", "vt52", "vt100", "vt102", "vt220", "dumb"})


def _utf8(name: str) -> bool:
    return "utf-8" in name.lower() or "utf8" in name.lower()


def ascii_reason(environ: dict[str, str] | None = None) -> str | None:
    """Why this terminal should get ASCII only, or None when Unicode will show.

    A locale that is not UTF-8 (``LANG=C LC_ALL=C``) or a terminal type
    without braille and box drawing (``TERM=linux``, ``vt100``, ``dumb``).
    The locale is read from the environment as the shell set it: Python
    itself runs in UTF-8 mode under the C locale and coerces ``LC_CTYPE`` to
    ``C.UTF-8`` (PEP 538, 540), so its own encodings always say UTF-8; a
    ``LC_CTYPE=C.UTF-8`` beside a ``LANG`` that is not UTF-8 is that coercion.
    """
    env = os.environ if environ is None else environ
    term = env.get("TERM", "")
    if term in ASCII_TERMS:
        return f"ASCII mode: TERM={term} shows no braille or box drawing"
    lang, ctype, lc_all = env.get("LANG", ""), env.get("LC_CTYPE", ""), env.get("LC_ALL", "")
    if ctype == "C.UTF-8" and lang and not _utf8(lang):
        ctype = ""  # Python's coercion, not the user's locale
    for var, value in (("LC_ALL", lc_all), ("LC_CTYPE", ctype), ("LANG", lang)):
        if value:
            return None if _utf8(value) else f"ASCII mode: the locale ({var}={value}) is not UTF-8"
    return None


class AsciiScrollBarRender(ScrollBarRender):
    """A scroll bar without block glyphs: the thumb is a reverse-video run of blanks."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


def prune_watchers(root: DOMNode) -> int:
    """Drop the data-binding watchers of widgets that have closed, under ``root``; returns how many.

    Textual 8.2 removes a closed widget's watcher only when the watched value
    changes. The Footer recomposes its keys each time the screen changes, each
    new key bound to ``Footer.compact``, which never changes: every help or
    palette opening left ~20 dead keys reachable (memory grew ~0.4 MB per
    opening, and each new binding scanned the whole list).
    """
    dropped = 0
    for node in root.walk_children(with_self=True):
        watchers: dict[str, list[tuple[Any, Any]]] | None = getattr(node, "__watchers", None)
        for name, pairs in (watchers or {}).items():
            alive = [(reactable, callback) for reactable, callback in pairs if not reactable._closing
                     and (reactable is node or getattr(reactable, "is_attached", True))]
            dropped += len(pairs) - len(alive)
            watchers[name] = alive  # type: ignore[index]
    return dropped
