"""Inspect (o): a cursor on one point, its distance to every centroid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kmtui.engine.steps import sq_distances
from kmtui.session import Session


def distances_of(session: Session, index: int) -> NDArray[np.float64]:
    """One point's distance to every centroid, summed as the assign step sums them."""
    X = session.selection.X
    d: NDArray[np.float64] = np.sqrt(sq_distances(X[index : index + 1], session.run.current.centroids)[0])
    return d


@dataclass
class Inspect:
    """The point under the inspect cursor."""

    index: int

    @classmethod
    def start(cls, session: Session) -> Inspect:
        """The point nearest the middle of the data."""
        pts = session.selection.points
        centre = np.median(pts, axis=0)
        return cls(int(np.argmin(((pts - centre) ** 2).sum(axis=1))))

    def move(self, session: Session, dx: int, dy: int) -> bool:
        """The nearest point in a direction (arrow keys); False when there is none that way."""
        pts = session.selection.points
        span = np.ptp(pts, axis=0)
        span[span == 0] = 1.0
        rel = (pts - pts[self.index]) / span
        along = rel[:, 0] * dx + rel[:, 1] * dy
        across = np.abs(rel[:, 1] * dx - rel[:, 0] * dy)
        ok = along > 1e-12
        if not ok.any():
            return False
        self.index = int(np.argmin(np.where(ok, along + 2.0 * across, np.inf)))
        return True

    def valid(self, session: Session) -> bool:
        return self.index < session.n_samples
