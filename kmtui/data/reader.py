"""The CSV reader's old address: :func:`read_csv` now lives in :mod:`kmtui.data.csv`.

Kept so that ``from kmtui.data.reader import read_csv`` goes on working.
"""

from __future__ import annotations

from kmtui.data.csv import MAX_MAGNITUDE, MISSING_TOKENS, read_csv
from kmtui.data.csv.decode import Source

__all__ = ["MAX_MAGNITUDE", "MISSING_TOKENS", "Source", "read_csv"]
