"""Single cells: what counts as missing, as a number, and how a cell is quoted in a message."""

from __future__ import annotations

#: Cell values read as "no value" (compared after stripping and lower-casing).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "?"})

#: Largest magnitude accepted. Squared distances of larger numbers can overflow
#: float64, which would turn inertia into inf.
MAX_MAGNITUDE = 1e150
MAX_MAGNITUDE_TEXT = "1e150"


NAN = "nan"
USUAL_MISSING = frozenset(
    v for token in MISSING_TOKENS for v in (token, token.upper(), token.capitalize(), token.title())
)

INF_WORDS = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


def is_missing(cell: str) -> bool:
    return cell.strip().lower() in MISSING_TOKENS


def is_number(cell: str, decimal_comma: bool) -> bool:
    try:
        float(cell.replace(",", ".") if decimal_comma else cell)
    except ValueError:
        return False
    return True


def show_cell(cell: str) -> str:
    """A cell as it appears in a message: quoted, stripped, not too long."""
    cell = cell.strip()
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")

