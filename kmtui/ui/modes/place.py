"""Place (m): the person puts the K centroids where they like, with the arrows or the mouse.

A crosshair starts in the middle of the data; the arrows move it one
:func:`snap_step` at a time and enter drops a centroid there. Clicks are
snapped to the same round values, so a click meant for (1, 6) places (1, 6),
not (1.1, 6.147). Pure: no Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kmtui.render.layout import bounds_for
from kmtui.render.ticks import nice_ticks


def snap_step(lo: float, hi: float) -> float:
    """A round step for an axis from ``lo`` to ``hi``: a tenth, a half or the whole of its tick unit.

    The tick step is 1, 2, 2.5 or 5 × 10^e (:func:`~kmtui.render.ticks.nice_ticks`);
    a tick step of 1 × 10^e snaps to 10^e / 10, one of 2 or 2.5 to 10^e / 2,
    one of 5 to 10^e: for an axis from 0 to 8 (ticks at 0, 2, 4…) that is 0.5.

    >>> snap_step(0, 8), snap_step(0, 4), snap_step(0, 100)
    (0.5, 0.1, 5.0)
    """
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else max(abs(hi - lo), 1e-9) / 4
    e = math.floor(math.log10(step))
    unit = 10.0 ** e
    m = step / unit
    out = unit if m >= 4.99 else unit / 2 if m >= 1.99 else unit / 10
    return float(f"{out:.12g}")


def snap(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (without float noise: 0.1 × 3 is 0.3)."""
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return round(round(value / step) * step, digits) + 0.0


@dataclass
class Crosshair:
    """A spot on the drawn pair that the arrows move in round steps."""

    x: float
    y: float
    dx: float
    dy: float

    @classmethod
    def over(cls, points: NDArray[np.float64], at: tuple[float, float] | None = None) -> Crosshair:
        """A crosshair for these points: at ``at``, or the middle of their bounds; snapped."""
        b = bounds_for(points, pad=0.0)
        dx, dy = snap_step(b.xmin, b.xmax), snap_step(b.ymin, b.ymax)
        x, y = at if at is not None else ((b.xmin + b.xmax) / 2, (b.ymin + b.ymax) / 2)
        return cls(snap(x, dx), snap(y, dy), dx, dy)

    def move(self, sx: int, sy: int) -> None:
        self.x = snap(self.x + sx * self.dx, self.dx)
        self.y = snap(self.y + sy * self.dy, self.dy)

    def snapped(self, x: float, y: float) -> tuple[float, float]:
        """A clicked spot, snapped to this crosshair's steps."""
        return snap(x, self.dx), snap(y, self.dy)


@dataclass
class Place:
    """Centroids placed so far on the drawn pair, until ``k`` of them."""

    k: int
    placed: list[tuple[float, float]] = field(default_factory=list)
    cross: Crosshair | None = None
    """Where enter drops the next centroid (None: clicks only)."""

    def add(self, x: float, y: float) -> bool:
        """One more centroid; True when all ``k`` are placed."""
        self.placed.append((x, y))
        return self.left == 0

    @property
    def left(self) -> int:
        return self.k - len(self.placed)
