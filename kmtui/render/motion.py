"""Motion: the easing curve and centroid glides, written once for every animation.

This module owns how kmtui moves things on screen: the cubic ease-in-out
curve (:func:`ease_in_out`), the eased position of a glide at a moment
(:class:`Glide`, for a widget driven by a clock) or at each of a fixed number
of frames (:func:`glide_frames`, for ``kmtui play``), and how long the flash
of points that changed cluster lasts (:func:`flash_seconds`). Pure: no
Textual, no clock of its own — callers pass the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: A glide's length at normal speed, in seconds (design: "about 0.3 s").
GLIDE_SECONDS = 0.3

#: A flash lasts this share of the glide it goes with, but never less than
#: :data:`MIN_FLASH_SECONDS`, so it stays visible at high speeds.
FLASH_SHARE = 0.8
MIN_FLASH_SECONDS = 0.15


def ease_in_out(t: float) -> float:
    """Cubic ease-in-out: slow start, fast middle, slow end.

    Parameters
    ----------
    t : float
        Progress in time; clamped to [0, 1].

    Returns
    -------
    float
        Progress in space, in [0, 1]: 0 at 0, 1 at 1, 0.5 at 0.5,
        increasing, and symmetric (``ease(1 - t) == 1 - ease(t)``).
    """
    t = min(1.0, max(0.0, t))
    return 4 * t * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def lerp(start: NDArray[np.float64], end: NDArray[np.float64], s: float) -> NDArray[np.float64]:
    """The point a share ``s`` of the way from ``start`` to ``end`` (``end`` itself at ``s == 1``)."""
    if s >= 1.0:
        return end
    return start + (end - start) * s


def glide_frames(start: NDArray[np.float64], end: NDArray[np.float64], n: int) -> list[NDArray[np.float64]]:
    """Eased positions for ``n`` evenly timed frames of a glide, the last one ``end``.

    Parameters
    ----------
    start, end : ndarray of shape (k, 2)
        Centroids before and after (same shape).
    n : int
        Number of frames; below 1 counts as 1 (just ``end``).

    Returns
    -------
    list of ndarray of shape (k, 2)
        Frame ``f`` (from 1) is at ``ease_in_out(f / n)`` of the way.
    """
    n = max(1, int(n))
    return [lerp(start, end, ease_in_out(f / n)) for f in range(1, n + 1)]


def flash_seconds(glide_seconds: float) -> float:
    """How long changed points stay highlighted next to a glide of ``glide_seconds``."""
    return max(MIN_FLASH_SECONDS, glide_seconds * FLASH_SHARE)


@dataclass(frozen=True, eq=False)
class Glide:
    """Centroids gliding from ``start`` to ``end`` over ``duration`` seconds from ``began``.

    Make one with :meth:`between`, which says when there is nothing to glide.

    Attributes
    ----------
    start, end : ndarray of shape (k, 2)
    began : float
        Clock time the glide started (any clock, e.g. ``time.monotonic()``).
    duration : float
        Seconds, > 0.
    """

    start: NDArray[np.float64]
    end: NDArray[np.float64]
    began: float
    duration: float

    @classmethod
    def between(
        cls,
        start: NDArray[np.float64] | None,
        end: NDArray[np.float64],
        began: float,
        duration: float,
    ) -> Glide | None:
        """A glide, or None when there is nothing to animate.

        None when ``start`` is None, ``duration <= 0``, the shapes differ
        (K changed) or nothing moves.
        """
        if start is None or duration <= 0 or start.shape != end.shape or np.array_equal(start, end):
            return None
        return cls(start, end, began, duration)

    def progress(self, now: float) -> float:
        """The eased share of the way covered at clock time ``now``, in [0, 1]."""
        return ease_in_out((now - self.began) / self.duration)

    def at(self, now: float) -> NDArray[np.float64]:
        """The centroids at clock time ``now`` (``end`` once the glide is done)."""
        return lerp(self.start, self.end, self.progress(now))

    def done(self, now: float) -> bool:
        """True from ``began + duration`` on."""
        return now - self.began >= self.duration
