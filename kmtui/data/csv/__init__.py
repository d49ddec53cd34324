"""Reading a person's own CSV file into a :class:`~kmtui.data.dataset.Dataset`.

A small pipeline, one module per stage: :mod:`.decode` (a path, standard
input or a file object → text: encodings, byte-order marks, binary data),
:mod:`.sniff` (delimiter, header, decimal comma), :mod:`.parse` (text → rows
with their line numbers), :mod:`.table` (rows → columns converted to numbers),
:mod:`.columns` (which columns are the features, the drawn pair, the label)
and :mod:`.read` (:func:`read_csv`, which runs them and drops rows with
missing values). Every problem becomes one :class:`~kmtui.errors.InputError`
that says, in plain words, what is wrong and where (file, 1-based line,
1-based column and its header name).
"""

from __future__ import annotations

from kmtui.data.csv.cells import MAX_MAGNITUDE, MISSING_TOKENS
from kmtui.data.csv.read import read_csv

__all__ = ["MAX_MAGNITUDE", "MISSING_TOKENS", "read_csv"]
