"""Move (M): pick one centroid by its number, move it with the arrows, drop it with enter.

The run then branches: a new :class:`~kmtui.engine.history.Run` starts from
the centroids as they are, with the moved one where it was dropped
(:meth:`kmtui.session.Session.branch`); back at the branch's first step goes
back to the run it left. Pure: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kmtui.ui.modes.place import Crosshair


@dataclass
class Move:
    """Which centroid is being moved (None: not picked yet) and where it is going."""

    centroids: NDArray[np.float64]
    """The centroids of the step the move starts from (all clustered features)."""
    xy: tuple[int, int]
    """The drawn pair's columns among the clustered features."""
    points: NDArray[np.float64]
    """The drawn points (for the crosshair's round steps)."""
    picked: int | None = None
    cross: Crosshair | None = None

    def pick(self, j: int) -> bool:
        """Take centroid ``j``; False when there is none of that number."""
        if not 0 <= j < len(self.centroids):
            return False
        self.picked = j
        i, k = self.xy
        self.cross = Crosshair.over(self.points, (float(self.centroids[j, i]), float(self.centroids[j, k])))
        return True

    def moved(self) -> NDArray[np.float64]:
        """The centroids with the picked one at the crosshair."""
        assert self.picked is not None and self.cross is not None
        C = np.array(self.centroids, dtype=np.float64)
        i, k = self.xy
        C[self.picked, i] = self.cross.x
        C[self.picked, k] = self.cross.y
        return C
