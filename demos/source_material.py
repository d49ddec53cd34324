"""K-Means the way the source material writes it, in plain numpy — and kmtui agreeing.

    python demos/source_material.py
"""

from __future__ import annotations

import signal

import numpy as np

from kmtui import KMeans, load_dataset

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the script quietly

X = load_dataset("blobs").X
k = 3
rng = np.random.default_rng(7)

# Step 1: K random centroids, x and y drawn uniformly within the data's ranges
centroids = rng.uniform(X.min(axis=0), X.max(axis=0), size=(k, X.shape[1]))
start = centroids.copy()

for iteration in range(1, 301):  # noqa: B007 - printed after the loop
    # Step 2: distance from each point to every centroid; the nearest one is the label
    distances = np.sqrt(((X[:, None, :] - centroids[None]) ** 2).sum(axis=2))
    labels = np.argmin(distances, axis=1)
    # Step 3: each centroid moves to the mean of its points (an empty one stays put)
    centroids_old = centroids.copy()
    centroids = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centroids_old[j]
                          for j in range(k)])
    # Repeat until the centroids stop changing
    if np.array_equal(centroids, centroids_old):
        break

inertia = ((X - centroids[labels]) ** 2).sum()
print(f"numpy by hand: converged after {iteration} iterations, inertia {inertia:.4f}")

km = KMeans(n_clusters=k, init=start, empty="keep").fit(X)
print(f"kmtui.KMeans : converged after {km.n_iter_} iterations, inertia {km.inertia_:.4f}")
print("same labels:", bool((km.labels_ == labels).all()),
      "| same centroids:", bool(np.allclose(km.cluster_centers_, centroids)))
print("(kmtui stops when an assign changes no label: then the means, so the centroids, cannot change either)")
