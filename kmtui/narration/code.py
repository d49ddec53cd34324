"""The Python code that performs each step (the code panel), in the source material's terms.

Every line is at most :data:`MAX_LINE` characters, so that the code panel's
two columns show it unwrapped at 80 columns: code is never broken inside an
expression, and what is copied from the screen runs. The scikit-learn side
(:func:`sklearn_code`) runs as shown given ``X``: when the run's init is one
scikit-learn does not have (uniform, farthest-point, placed by hand), the
snippet passes the run's own starting centroids as an array.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from kmtui.engine.state import Phase, Step

MAX_LINE = 36
"""The longest line of any snippet: half of an 80-column panel, less its gutter."""


def code_for(step: Step, *, init: str = "uniform") -> str:
    """The numpy that performs ``step``, in the source material's terms."""
    if step.phase is Phase.INIT:
        if init == "uniform":
            return ("# init (K-Means step 1): K random\n"
                    "# centroids within the data's range\n"
                    "lo = X.min(axis=0)\n"
                    "hi = X.max(axis=0)\n"
                    "size = (k, X.shape[1])\n"
                    "centroids = np.random.uniform(\n"
                    "    lo, hi, size=size)")
        if init == "random":
            return ("# init (K-Means step 1): K distinct\n"
                    "# data points as centroids\n"
                    "idx = np.random.choice(\n"
                    "    len(X), size=k, replace=False)\n"
                    "centroids = X[idx]")
        if init == "farthest":
            return ("# init (K-Means step 1):\n"
                    "# farthest-point init\n"
                    "first = np.random.randint(len(X))\n"
                    "centroids = [X[first]]\n"
                    "for _ in range(k - 1):\n"
                    "    d = np.min(\n"
                    "        [((X - c) ** 2).sum(1)\n"
                    "         for c in centroids],\n"
                    "        axis=0)\n"
                    "    i = np.argmax(d)\n"
                    "    centroids.append(X[i])")
        if init == "k-means++":
            return ("# init (K-Means step 1): k-means++\n"
                    "# (as scikit-learn does it)\n"
                    "from sklearn.cluster import (\n"
                    "    kmeans_plusplus)\n"
                    "centroids, _ = kmeans_plusplus(\n"
                    "    X, n_clusters=k)")
        return ("# init (K-Means step 1):\n"
                "# centroids placed by hand\n"
                "centroids = np.array(clicked)")
    if step.phase is Phase.ASSIGN:
        return ("# assign (K-Means step 2): the\n"
                "# distance from each point to\n"
                "# every centroid; the nearest\n"
                "# one's index is the label\n"
                "diff = X[:, None, :] - centroids\n"
                "sq = (diff ** 2).sum(axis=2)\n"
                "distances = np.sqrt(sq)\n"
                "labels = np.argmin(\n"
                "    distances, axis=1)\n"
                "near = sq[np.arange(len(X)), labels]\n"
                "inertia = near.sum()")
    return ("# update (K-Means step 3): each\n"
            "# centroid moves to the mean of\n"
            "# its points\n"
            "old = centroids.copy()\n"
            "centroids = np.array(\n"
            "    [X[labels == j].mean(axis=0)\n"
            "     for j in range(k)])\n"
            "converged = np.array_equal(\n"
            "    centroids, old)\n"
            "# kmtui (like scikit-learn) stops\n"
            "# when an assign changes no label:\n"
            "# then the means cannot change")


SKLEARN_CODE = """from sklearn.cluster import KMeans
model = KMeans(n_clusters={k},
               n_init=1,
               random_state={seed},
               init={init})
model.fit(X)
labels = model.labels_
model.cluster_centers_
model.inertia_"""
"""The scikit-learn run, as a template (``k``, ``init``, ``seed``); see :func:`sklearn_code`."""


def sklearn_code(*, k: int, init: str, seed: int | None,
                 centroids: Sequence[Sequence[float]] | None = None) -> str:
    """The whole run in scikit-learn, runnable as shown once ``X`` holds the data.

    Parameters
    ----------
    k, init, seed
        The run's settings.
    centroids : array-like of shape (k, n_features), or None
        The run's starting centroids: passed as ``init=np.array(...)`` when
        scikit-learn has no such init (uniform, farthest, by hand), so that
        it starts where kmtui did (to 6 significant digits) and reaches the
        same result. The array comes last, so the call's settings show first
        on a short screen.
    """
    if init in ("random", "k-means++"):
        return SKLEARN_CODE.format(k=k, init=f'"{init}"', seed=seed)
    rows = centroids if centroids is not None else []
    body = ",\n".join(textwrap.fill(", ".join(f"{float(v):.6g}" for v in row) + "]", MAX_LINE - 1,
                                     initial_indent="    [", subsequent_indent="     ",
                                     break_on_hyphens=False, break_long_words=False)
                       for row in rows)
    return "import numpy as np\n" + SKLEARN_CODE.format(k=k, init="np.array([\n" + body + "])", seed=seed)
