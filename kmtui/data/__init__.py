"""kmtui's data layer: built-in datasets, CSV reading, and the Dataset they produce.

Pure: imports only numpy and the standard library.

>>> from kmtui.data import load_dataset, read_csv
>>> load_dataset("iris").X.shape
(150, 4)
"""

from __future__ import annotations

from kmtui.data.builtin import DATASETS, DEFAULT_DATASET, BuiltinInfo, load_dataset
from kmtui.data.csv import MISSING_TOKENS, read_csv
from kmtui.data.dataset import Dataset, standardize

__all__ = [
    "DATASETS",
    "DEFAULT_DATASET",
    "MISSING_TOKENS",
    "BuiltinInfo",
    "Dataset",
    "load_dataset",
    "read_csv",
    "standardize",
]
