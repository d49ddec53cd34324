"""Seeded generators for kmtui's synthetic built-in datasets.

Each generator is ``name(n_samples, rng) -> (X, y)``: ``X`` of shape
``(n_samples, 2)``, float64, and ``y`` the group each point was drawn from
(int64 codes) or None when there are no groups. They use only the Generator
they are given, so the same seed always gives the same points. The shapes are
chosen to teach: ``blobs`` is the case K-Means gets right, ``moons``,
``rings``, ``aniso`` and ``uneven`` are classic cases it gets wrong, and
``uniform`` has no clusters at all. Sizes suit a terminal: a few hundred
points read well at 80×24.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _split(n_samples: int, weights: Sequence[float]) -> list[int]:
    """Share ``n_samples`` among groups in proportion to ``weights``, summing exactly."""
    w = np.asarray(weights, dtype=np.float64)
    exact = n_samples * w / w.sum()
    sizes = np.floor(exact).astype(int)
    # Hand the leftover points to the groups that lost the largest fractions.
    for i in np.argsort(-(exact - sizes), kind="stable")[: n_samples - int(sizes.sum())]:
        sizes[i] += 1
    return [int(s) for s in sizes]


def _shuffled(
    rng: np.random.Generator, parts: Sequence[FloatArray]
) -> tuple[FloatArray, IntArray]:
    """Stack groups, labelled 0, 1, … in order, and shuffle the rows.

    Shuffling means no group is always drawn on top of the others.
    """
    X = np.concatenate(parts, axis=0)
    y = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    order = rng.permutation(len(X))
    return np.ascontiguousarray(X[order]), y[order]


def _gaussian(
    rng: np.random.Generator, center: Sequence[float], std: float, size: int
) -> FloatArray:
    return rng.normal(loc=center, scale=std, size=(size, 2))


def blobs(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Three round, equally sized, well separated groups: the textbook case.

    The centres form a triangle about 9–10 apart and each group has a
    standard deviation of 1, so the elbow is unmistakably at K=3.
    """
    centers = [(-5.0, -3.0), (5.0, -3.0), (0.0, 5.0)]
    sizes = _split(n_samples, [1, 1, 1])
    parts = [_gaussian(rng, c, 1.0, s) for c, s in zip(centers, sizes, strict=False)]
    return _shuffled(rng, parts)


def moons(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Two interleaved half circles (like scikit-learn's ``make_moons``, noise 0.08)."""
    n_upper, n_lower = _split(n_samples, [1, 1])
    t_upper = rng.uniform(0.0, np.pi, n_upper)
    t_lower = rng.uniform(0.0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.column_stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    upper += rng.normal(scale=0.08, size=upper.shape)
    lower += rng.normal(scale=0.08, size=lower.shape)
    return _shuffled(rng, [upper, lower])


def _ring(rng: np.random.Generator, radius: float, noise: float, size: int) -> FloatArray:
    t = rng.uniform(0.0, 2.0 * np.pi, size)
    r = radius + rng.normal(scale=noise, size=size)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def rings(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Two concentric circles, radius 1 and 0.4; the outer one gets more points.

    The split (60/40) keeps both rings about equally dense on screen.
    """
    n_outer, n_inner = _split(n_samples, [0.6, 0.4])
    return _shuffled(rng, [_ring(rng, 1.0, 0.05, n_outer), _ring(rng, 0.4, 0.05, n_inner)])


def aniso(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Three groups stretched and sheared by one linear map.

    The same transformation as scikit-learn's "assumptions of k-means"
    example: round groups become long diagonal ellipses, which K-Means, whose
    clusters are round, cuts across.
    """
    centers = [(-4.0, -1.0), (0.0, 2.5), (4.0, 6.0)]
    sizes = _split(n_samples, [1, 1, 1])
    parts = [_gaussian(rng, c, 1.0, s) for c, s in zip(centers, sizes, strict=False)]
    shear = np.array([[0.6, -0.6], [-0.4, 0.8]])
    return _shuffled(rng, [p @ shear for p in parts])


def uneven(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Three groups of very different sizes (60 %, 28 %, 12 %) and spreads.

    K-Means favours equal-variance clusters, so it tends to split the large,
    wide group and merge the small tight ones.
    """
    sizes = _split(n_samples, [0.60, 0.28, 0.12])
    parts = [
        _gaussian(rng, (-3.0, 0.0), 1.8, sizes[0]),
        _gaussian(rng, (3.5, 3.0), 0.6, sizes[1]),
        _gaussian(rng, (3.5, -2.5), 0.3, sizes[2]),
    ]
    return _shuffled(rng, parts)


def uniform(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, None]:
    """Points spread evenly over the square [0, 10]²: no clusters at all."""
    return rng.uniform(0.0, 10.0, size=(n_samples, 2)), None


def smiley(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """A face: left eye, right eye, mouth and outline (codes 0, 1, 2, 3)."""
    n_left, n_right, n_mouth, n_outline = _split(n_samples, [0.12, 0.12, 0.28, 0.48])
    left = _gaussian(rng, (-3.5, 3.5), 0.7, n_left)
    right = _gaussian(rng, (3.5, 3.5), 0.7, n_right)
    # The mouth is the lower part of a circle: from 200° to 340°.
    t = rng.uniform(np.deg2rad(200.0), np.deg2rad(340.0), n_mouth)
    r = 6.0 + rng.normal(scale=0.3, size=n_mouth)
    mouth = np.column_stack([r * np.cos(t), 0.5 + r * np.sin(t)])
    outline = _ring(rng, 10.0, 0.3, n_outline)
    return _shuffled(rng, [left, right, mouth, outline])


# The classroom example's two groups: small enough to work out by hand.
_GRID_CENTERS = ((2, 2), (6, 5))
_GRID_RADIUS = 2.3


def _lattice_near(center: tuple[int, int]) -> IntArray:
    """Whole-number points within ``_GRID_RADIUS`` of ``center`` and inside [0, 8]²."""
    cx, cy = center
    xs, ys = np.meshgrid(np.arange(9), np.arange(9), indexing="ij")
    pts = np.column_stack([xs.ravel(), ys.ravel()])
    near = (pts[:, 0] - cx) ** 2 + (pts[:, 1] - cy) ** 2 <= _GRID_RADIUS**2
    return pts[near]


def grid(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Two groups on whole-number coordinates in [0, 8] (codes 0 and 1).

    Up to 21 points per group sit on distinct lattice points, so a student
    can compute distances with pencil and paper; beyond that, extra points
    get one decimal place and may share a spot with others.
    """
    parts = []
    for center, size in zip(_GRID_CENTERS, _split(n_samples, [1, 1]), strict=False):
        lattice = _lattice_near(center)
        take = min(size, len(lattice))
        chosen = lattice[rng.choice(len(lattice), size=take, replace=False)].astype(np.float64)
        extra = np.round(_gaussian(rng, center, 1.2, size - take), 1)
        parts.append(np.clip(np.concatenate([chosen, extra]), 0.0, 8.0))
    return _shuffled(rng, parts)


def density_bars(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Three tall bars side by side, each filled evenly, with 1 : 2 : 4 times the points
    (Naftali Harris's "density bars"): K-Means goes by distance, not by density."""
    sizes = _split(n_samples, [1, 2, 4])
    parts = [np.column_stack([rng.uniform(x0, x0 + 2.0, s), rng.uniform(0.0, 10.0, s)])
             for x0, s in zip((0.0, 3.0, 6.0), sizes, strict=True)]
    return _shuffled(rng, parts)


def _disk(rng: np.random.Generator, center: tuple[float, float], radius: float, size: int) -> FloatArray:
    r = radius * np.sqrt(rng.uniform(0.0, 1.0, size))  # evenly over the disk, not crowded at its centre
    t = rng.uniform(0.0, 2.0 * np.pi, size)
    return np.column_stack([center[0] + r * np.cos(t), center[1] + r * np.sin(t)])


_PACKED = ((0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (1.0, 1.732), (3.0, 1.732), (2.0, 3.464), (5.0, 1.732))


def packed_circles(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Seven round groups of equal size packed so that they touch (Naftali Harris's
    "packed circles"): round, equal groups K-Means can find, but only with the right K
    and a good start."""
    sizes = _split(n_samples, [1] * len(_PACKED))
    return _shuffled(rng, [_disk(rng, c, 0.95, s) for c, s in zip(_PACKED, sizes, strict=True)])


def pimpled_smiley(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """The smiley with a pimple: a small, tight group on the cheek (Naftali Harris's
    "pimpled smiley"), codes 0–3 as :func:`smiley` and 4 for the pimple."""
    n_face, n_pimple = _split(n_samples, [0.94, 0.06])
    face, labels = smiley(n_face, rng)
    pimple = _gaussian(rng, (6.0, -1.0), 0.25, n_pimple)
    X = np.concatenate([face, pimple])
    y = np.concatenate([labels, np.full(n_pimple, 4, dtype=np.int64)])
    order = rng.permutation(len(X))
    return np.ascontiguousarray(X[order]), y[order]


# Five groups of annual income (k$) and spending score (1-100), like the well-known
# Mall Customers data (200 shoppers): centre, spread and share of each.
_CUSTOMERS = (
    ((26.0, 20.0), (7.0, 7.0), 23),   # low income, low spending
    ((25.0, 79.0), (7.0, 9.0), 22),   # low income, high spending
    ((55.0, 50.0), (8.0, 6.0), 81),   # middle income, middle spending
    ((88.0, 17.0), (14.0, 9.0), 35),  # high income, low spending
    ((86.0, 82.0), (14.0, 9.0), 39),  # high income, high spending
)


def customers(n_samples: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Annual income (k$, 15–137) × spending score (1–100) of shoppers in five groups,
    drawn like the Mall Customers data that market-segmentation examples use; whole
    numbers, as in the original."""
    sizes = _split(n_samples, [w for _, _, w in _CUSTOMERS])
    parts: list[FloatArray] = []
    for (center, spread, _), s in zip(_CUSTOMERS, sizes, strict=True):
        pts = rng.normal(loc=center, scale=spread, size=(s, 2))
        parts.append(np.round(np.clip(pts, (15.0, 1.0), (137.0, 100.0))).astype(np.float64))
    return _shuffled(rng, parts)
