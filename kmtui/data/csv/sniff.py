"""The layout of a file from its first lines: delimiter, header, decimal comma."""

from __future__ import annotations

import csv
import re

from kmtui.data.csv.cells import is_missing, is_number

#: Candidate delimiters, the most common first (it wins ties).
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

#: Lines looked at to guess the delimiter and the header.
SNIFF_LINES = 50


def head_lines(text: str) -> list[str]:
    """The first non-blank lines of ``text``, enough to guess its layout."""
    head = text[:65536]
    lines = re.split(r"\r\n|\r|\n", head)
    if len(head) < len(text) and len(lines) > 1:
        lines = lines[:-1]  # may be cut in the middle
    return [ln for ln in lines if ln.strip()][: SNIFF_LINES + 1]


def sniff(lines: list[str]) -> tuple[str, list[list[str]]]:
    """Guess the delimiter from the first lines; return it and those lines split by it.

    The winner splits the most lines into the same number (at least 2) of
    fields; then the one whose fields are most often numbers (so ``1,5;2,5``
    is semicolon-separated with decimal commas); then the most common.
    """
    best, best_rows, best_score = ",", [[ln] for ln in lines], (-1.0, -1.0, 0)
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            rows = list(csv.reader(lines, delimiter=delimiter, skipinitialspace=True))
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        cells = [c for r in (rows[1:] or rows) for c in r if not is_missing(c)]
        numeric = sum(is_number(c, delimiter != ",") for c in cells) / max(len(cells), 1)
        score = (counts.count(mode) / len(counts), numeric, -rank)
        if score > best_score:
            best, best_rows, best_score = delimiter, rows, score
    return best, best_rows


def has_header(rows: list[list[str]], decimal_comma: bool) -> bool:
    """Whether the first row names the columns.

    It does when one of its cells is text in a column whose rows below are
    numbers; with no rows below, when all of its cells are text.
    """
    first, below = rows[0], rows[1 : SNIFF_LINES + 1]
    if not below:
        return all(not is_missing(c) and not is_number(c, decimal_comma) for c in first)
    for j, cell in enumerate(first):
        if is_missing(cell) or is_number(cell, decimal_comma):
            continue
        numbers = texts = 0
        for row in below:
            if j < len(row) and not is_missing(row[j]):
                if is_number(row[j], decimal_comma):
                    numbers += 1
                else:
                    texts += 1
        if numbers and numbers >= texts:
            return True
    return False

