"""Different seeds, different answers: K-Means finds a local minimum.

    python demos/local_minima.py
"""

from __future__ import annotations

import signal

from kmtui import KMeans, load_dataset

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the script quietly

X = load_dataset("blobs").X
best = KMeans(3, init="k-means++", n_init=10, random_state=0).fit(X).inertia_
print(f"best of 10 k-means++ runs: inertia {best:,.1f}\n")
print("seed  iterations   inertia   verdict")
for seed in range(10):
    km = KMeans(3, init="uniform", random_state=seed).fit(X)
    verdict = "found the three blobs" if km.inertia_ <= best * 1.05 else "stuck in a local minimum"
    print(f"{seed:>4}  {km.n_iter_:>10}  {km.inertia_:>8,.1f}   {verdict}")
print("\nTry one in the app: kmtui --seed 3, press p, then r for new centroids.")
