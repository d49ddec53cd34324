"""Place (m): the person puts the K centroids where they like."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Place:
    """Centroids placed so far on the drawn pair, until ``k`` of them."""

    k: int
    placed: list[tuple[float, float]] = field(default_factory=list)

    def add(self, x: float, y: float) -> bool:
        """One more centroid; True when all ``k`` are placed."""
        self.placed.append((x, y))
        return self.left == 0

    @property
    def left(self) -> int:
        return self.k - len(self.placed)
