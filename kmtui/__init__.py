"""kmtui: learn K-Means clustering in the terminal.

The Python API has scikit-learn's shape::

    from kmtui import KMeans, elbow, knee, crosstab, load_dataset, read_csv, show

    ds = load_dataset("iris")
    km = KMeans(n_clusters=3, random_state=0).fit(ds.X)
    table, rows, cols = crosstab(km.labels_, ds.y)
    show(ds.X[:, 2:], k=3)   # open the app on an array

Importing kmtui loads no user-interface package; :func:`show` imports the app
only when it is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kmtui.data import Dataset, load_dataset, read_csv
    from kmtui.engine import KMeans, Run, Step, crosstab, elbow, knee

from kmtui._version import __version__

__all__ = [
    "Dataset",
    "KMeans",
    "Run",
    "Step",
    "__version__",
    "crosstab",
    "elbow",
    "knee",
    "load_dataset",
    "read_csv",
    "show",
]


def show(X: Any, k: int = 3, **options: Any) -> None:
    """Open the interactive app on an array of shape (n_samples, n_features).

    ``options`` are the app's (``init``, ``seed``, ``feature_names``, ``y``, …).
    """
    from kmtui.ui.app import show as _show

    _show(X, k=k, **options)


_LAZY = {
    "Dataset": "kmtui.data",
    "load_dataset": "kmtui.data",
    "read_csv": "kmtui.data",
    "KMeans": "kmtui.engine",
    "Run": "kmtui.engine",
    "Step": "kmtui.engine",
    "crosstab": "kmtui.engine",
    "elbow": "kmtui.engine",
    "knee": "kmtui.engine",
}


def __getattr__(name: str) -> Any:
    # Lazy, so `kmtui --version` and `import kmtui` stay fast.
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kmtui' has no attribute {name!r}")
