"""Raster: the scatter's cell layers, their packed styles, and layers → rows.

This module owns the representation every scatter layer is drawn in: a
:class:`Layer` is two ``height × width`` numpy arrays, codepoints (0 means
transparent) and int64 style keys. A key packs a cell's whole style — fg
colour id in bits 0-15, bg colour id in bits 16-31, attribute flags from bit
32 — so layers compose (:func:`compose`) and rows diff with plain array
operations. :class:`StyleTable` hands out the colour ids and turns keys and
codepoints back into :data:`~kmtui.render.cells.Row` runs; :class:`RowCache`
keeps the last rows and rebuilds only those whose cells changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kmtui.render.cells import CellStyle, Row

BG_SHIFT = 16
FLAG_SHIFT = 32
BOLD = 1
DIM = 2
REVERSE = 4
UNDERLINE = 8


@dataclass(slots=True, eq=False)
class Layer:
    """One drawing layer: codepoints (0 = transparent) and packed style keys."""

    ch: NDArray[np.uint32]
    st: NDArray[np.int64]

    @classmethod
    def blank(cls, shape: tuple[int, int], fill: str | None = None) -> Layer:
        """A transparent layer, or one filled with the character ``fill``."""
        ch = np.zeros(shape, dtype=np.uint32) if fill is None else np.full(shape, ord(fill), dtype=np.uint32)
        return cls(ch, np.zeros(shape, dtype=np.int64))

    def clear(self) -> None:
        """Make every cell transparent again."""
        self.ch[:] = 0
        self.st[:] = 0


class StyleTable:
    """Colour ids for packed style keys, and the :class:`CellStyle` of each key.

    Id 0 is "no colour" (None). Ids are never reused, so a key means the same
    style for the renderer's whole life, whatever the theme.
    """

    def __init__(self) -> None:
        self._colors: list[str | None] = [None]
        self._color_ids: dict[str | None, int] = {None: 0}
        self._styles: dict[int, CellStyle] = {}

    def color(self, color: str | None) -> int:
        """The id of ``color``, allocated on first use."""
        cid = self._color_ids.get(color)
        if cid is None:
            cid = len(self._colors)
            if cid >= 1 << BG_SHIFT:
                raise RuntimeError("too many colours")
            self._colors.append(color)
            self._color_ids[color] = cid
        return cid

    def fg(self, color: str | None, flags: int = 0) -> int:
        """A style key with only foreground and flags (bg is added at compose)."""
        return self.color(color) | (flags << FLAG_SHIFT)

    def style(self, key: int) -> CellStyle:
        """The :class:`CellStyle` a packed key stands for."""
        style = self._styles.get(key)
        if style is None:
            flags = key >> FLAG_SHIFT
            style = CellStyle(
                fg=self._colors[key & 0xFFFF],
                bg=self._colors[(key >> BG_SHIFT) & 0xFFFF],
                bold=bool(flags & BOLD),
                dim=bool(flags & DIM),
                reverse=bool(flags & REVERSE),
                underline=bool(flags & UNDERLINE),
            )
            self._styles[key] = style
        return style

    def rows(self, chars: NDArray[np.uint32], keys: NDArray[np.int64]) -> list[Row]:
        """Runs for a block of rows: arrays of shape (n_rows, width) → n_rows Rows."""
        n_rows, width = chars.shape
        if width == 0:
            return [()] * n_rows
        text = chars.astype("<u4", copy=False).tobytes().decode("utf-32-le")
        # A run starts at each row's first cell and wherever the style changes.
        starts_mask = np.ones((n_rows, width), dtype=bool)
        np.not_equal(keys[:, 1:], keys[:, :-1], out=starts_mask[:, 1:])
        starts = np.flatnonzero(starts_mask)
        run_keys = keys.ravel()[starts]
        run_list = run_keys.tolist()
        styles = self._styles
        for k in set(run_list):  # not np.unique: its first call imports numpy.ma (~20 ms of start-up)
            if k not in styles:
                self.style(k)
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1] = n_rows * width
        runs = [
            (text[a:z], styles[k])
            for a, z, k in zip(starts.tolist(), ends.tolist(), run_list, strict=False)
        ]
        # Every row starts a run, so row r's runs lie between consecutive row starts.
        bounds = np.searchsorted(starts, np.arange(n_rows + 1) * width).tolist()
        return [tuple(runs[bounds[i] : bounds[i + 1]]) for i in range(n_rows)]


class RowCache:
    """The last rendered rows, rebuilt only where cells changed, and which rows did."""

    def __init__(self, styles: StyleTable) -> None:
        self._styles = styles
        self._rows: list[Row] = []
        self._prev_ch: NDArray[np.uint32] | None = None
        self._prev_key: NDArray[np.int64] | None = None
        self._dirty: dict[int, tuple[int, int]] = {}
        """Row → the ``(first, end)`` columns (half-open) holding every cell changed since the last take."""

    @property
    def valid(self) -> bool:
        """False until the first :meth:`update` and after :meth:`forget`."""
        return self._prev_ch is not None

    @property
    def rows(self) -> list[Row]:
        """A copy of the current rows."""
        return list(self._rows)

    def forget(self) -> None:
        """Make the next :meth:`update` rebuild (and report) every row."""
        self._prev_ch = self._prev_key = None

    def update(self, ch: NDArray[np.uint32], key: NDArray[np.int64]) -> list[Row]:
        """New composed cells: rebuild the rows that differ from the last ones; all rows."""
        prev_ch, prev_key = self._prev_ch, self._prev_key
        height, width = ch.shape
        if prev_ch is None or prev_key is None or prev_ch.shape != ch.shape:
            dirty = np.arange(height)
            first = np.zeros(height, dtype=np.intp)
            end = np.full(height, width, dtype=np.intp)
            self._rows = [()] * height
        else:
            changed = (ch != prev_ch) | (key != prev_key)
            dirty = np.flatnonzero(changed.any(axis=1))
            cells = changed[dirty]
            if dirty.size:
                first = cells.argmax(axis=1)
                end = width - cells[:, ::-1].argmax(axis=1)
            else:
                first = end = dirty
        if dirty.size:
            for r, row in zip(dirty.tolist(), self._styles.rows(ch[dirty], key[dirty]), strict=False):
                self._rows[r] = row
        self._prev_ch, self._prev_key = ch, key
        for r, a, b in zip(dirty.tolist(), first.tolist(), end.tolist(), strict=True):
            old = self._dirty.get(r)
            self._dirty[r] = (a, b) if old is None else (min(a, old[0]), max(b, old[1]))
        return list(self._rows)

    def take_dirty(self, height: int) -> set[int]:
        """Rows below ``height`` rebuilt since the last call, then forgets them."""
        return set(self.take_dirty_spans(height))

    def take_dirty_spans(self, height: int) -> dict[int, tuple[int, int]]:
        """Rows below ``height`` rebuilt since the last call, each with its changed columns; then forgets them.

        Returns
        -------
        dict of int to (int, int)
            Row → the half-open ``(first, end)`` span of columns holding every cell that changed in
            that row (the whole width after a rebuild). One span per row: measured, several spans
            per row (split at gaps of 8 or 30 unchanged cells) sent more bytes, not fewer, as
            Textual starts each region with a cursor move and a full style.
        """
        spans = {r: span for r, span in self._dirty.items() if r < height}
        self._dirty = {}
        return spans


def compose(
    base: Layer,
    layers: tuple[Layer, ...],
    bg: NDArray[np.int64],
    cursor_cell: tuple[int, int] | None,
) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """Stack ``layers`` over ``base`` (later ones on top), mark the cursor, add ``bg``.

    Parameters
    ----------
    base : Layer
        The opaque bottom layer (axes and blanks).
    layers : tuple of Layer
        Drawn in order where their codepoint is not 0.
    bg : ndarray of shape (height, width) of int64
        Background colour id of every cell (regions or the theme's).
    cursor_cell : (col, row) or None
        A cell drawn in reverse video.

    Returns
    -------
    chars, keys : ndarray
        Fresh arrays of codepoints and full style keys.
    """
    ch = base.ch.copy()
    st = base.st.copy()
    for layer in layers:
        on = layer.ch != 0
        np.copyto(ch, layer.ch, where=on)
        np.copyto(st, layer.st, where=on)
    if cursor_cell is not None:
        c, r = cursor_cell
        st[r, c] |= REVERSE << FLAG_SHIFT
    st |= bg << BG_SHIFT
    return ch, st
