"""Ticks: round axis values and short labels for them.

This module owns where an axis puts its ticks and how a tick reads. Ticks are
multiples of 1, 2, 2.5 or 5 × 10^n, built from exact decimals (an integer
times a power of ten, parsed as a decimal string) so a tick is the double
nearest a short decimal and its label never shows float noise such as
``0.30000000000000004``. It works from ``1e-300`` to ``1e300`` and for an
empty range (``lo == hi``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

# Step mantissas as (integer, exponent shift): 2.5 × 10^e is 25 × 10^(e-1),
# so every tick is an integer times a power of ten.
_MANTISSAS: tuple[tuple[int, int], ...] = ((1, 0), (2, 0), (25, -1), (5, 0))

# Labels switch to scientific notation outside this magnitude range.
_FIXED_MIN = 1e-4
_FIXED_MAX = 1e6


def _steps_from(exponent: int) -> list[tuple[int, int]]:
    """Candidate steps ``(m, e)`` meaning ``m × 10^e``, ascending, from ``10^exponent``."""
    out: list[tuple[int, int]] = []
    for e in range(exponent, exponent + 5):
        out.extend((m, e + shift) for m, shift in _MANTISSAS)
    return out


def _value(k: int, m: int, e: int) -> float:
    # float("25e-3") is the double nearest 0.025: no accumulated float error.
    return float(f"{k * m}e{e}")


def _multiples(lo: float, hi: float, m: int, e: int) -> list[float]:
    """Every multiple of ``m × 10^e`` inside ``[lo, hi]``, ascending, no duplicates."""
    step = _value(1, m, e)
    if step == 0.0 or not math.isfinite(step):
        return []
    k0 = math.ceil(lo / step)
    k1 = math.floor(hi / step)
    # lo / step is rounded; nudge the ends so the test below is exact.
    while _value(k0 - 1, m, e) >= lo:
        k0 -= 1
    while _value(k0, m, e) < lo:
        k0 += 1
    while _value(k1 + 1, m, e) <= hi:
        k1 += 1
    while _value(k1, m, e) > hi:
        k1 -= 1
    if k1 - k0 > 10_000:  # a caller bug, not a plot: refuse to build a huge list
        return []
    values: list[float] = []
    for k in range(k0, k1 + 1):
        v = _value(k, m, e)
        # Near the precision limit two multiples can round to one double.
        if math.isfinite(v) and (not values or v != values[-1]):
            values.append(v + 0.0)  # + 0.0 turns -0.0 into 0.0
    return values


def nice_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """Round tick values inside ``[lo, hi]``.

    Parameters
    ----------
    lo, hi : float
        The axis range; swapped if ``lo > hi``. Must be finite.
    max_ticks : int, default=5
        At most this many ticks are returned.

    Returns
    -------
    list of float
        Ascending multiples of the largest-needed step among 1, 2, 2.5, 5 ×
        10^n, all inside ``[lo, hi]``: at least one when ``max_ticks >= 1``
        (barring ranges narrower than float precision), ``[lo]`` when
        ``lo == hi``, ``[]`` when ``max_ticks < 1``.

    Raises
    ------
    ValueError
        If ``lo`` or ``hi`` is not finite.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"axis range must be finite, got [{lo}, {hi}]")
    if lo > hi:
        lo, hi = hi, lo
    if max_ticks < 1:
        return []
    # Dividing first keeps a range like [-1e308, 1e308] from overflowing.
    span = hi / max_ticks - lo / max_ticks
    if lo == hi or span <= 0.0:
        return [lo + 0.0]
    exponent = math.floor(math.log10(span))
    candidates = _steps_from(exponent - 2)
    # A step below span / (4 max_ticks) gives far too many ticks; from there on,
    # the first step giving at most max_ticks is the finest that fits.
    start = next(i for i, (m, e) in enumerate(candidates) if _value(4, m, e) >= span)
    best: list[float] = []
    for m, e in candidates[start:]:
        values = _multiples(lo, hi, m, e)
        if 0 < len(values) <= max_ticks:
            return values
        if len(values) > max_ticks:
            best = values
        elif values == [] and best:
            break
    if best:
        # Only reachable for max_ticks == 1: the middle of the last full set.
        return [best[len(best) // 2]]
    # A range holding no multiple of any step near its size (max_ticks == 1 and
    # a narrow range away from zero): walk down to finer steps.
    for m, e in reversed(candidates[:start]):
        values = _multiples(lo, hi, m, e)
        if values:
            return [values[len(values) // 2]]
    return [lo + 0.0]


def format_tick(value: float) -> str:
    """A short label for one tick.

    Fixed notation for magnitudes in ``[1e-4, 1e6)``, otherwise scientific
    without a plus sign or leading exponent zeros (``2.5e150``, ``1e-150``).
    Uses the shortest decimal that reads back as the same double, so ticks
    from :func:`nice_ticks` show their round value.

    Parameters
    ----------
    value : float
        The tick.

    Returns
    -------
    str
        The label, e.g. ``"0"``, ``"-0.5"``, ``"0.3"``, ``"250000"``, ``"1e6"``.
    """
    if value == 0.0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if _FIXED_MIN <= magnitude < _FIXED_MAX:
        text = repr(value)  # shortest round-trip; fixed notation in this range
        if text.endswith(".0"):
            text = text[:-2]
        return text
    sign, digits, exp = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exp, int)
    mantissa = str(digits[0])
    if len(digits) > 1:
        mantissa += "." + "".join(str(d) for d in digits[1:])
    return f"{'-' if sign else ''}{mantissa}e{exp + len(digits) - 1}"


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels for a list of ticks (see :func:`format_tick`)."""
    return [format_tick(t) for t in ticks]
