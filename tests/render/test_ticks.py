"""Axis ticks: round values inside the range, short labels without float noise."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmtui.render.ticks import format_tick, nice_ticks, tick_labels

RANGES = [
    (0.0, 1.0),
    (0.1, 0.9),
    (-3.7, 12.2),
    (4.3, 7.9),  # iris sepal length
    (0.29, 0.31),
    (1e-150, 5e-150),
    (-1e150, 1e150),
    (0.0, 1e150),
    (1e150, 7.3e150),
    (-1e308, 1e308),
    (2e-320, 5e-320),  # subnormal
    (-0.0004, 0.0007),
    (123456.0, 123457.0),
    (-5.0, -2.0),
]


def _is_round(values: list[float]) -> bool:
    """Every tick a multiple of one step whose mantissa is 1, 2, 2.5 or 5."""
    if len(values) < 2:
        return True
    decs = [Decimal(repr(v)) for v in values]
    step = decs[1] - decs[0]
    mantissa = step.scaleb(-step.adjusted()).normalize()
    if mantissa not in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        return False
    return all((d / step) == (d / step).to_integral_value() for d in decs) and all(
        b - a == step for a, b in zip(decs, decs[1:])
    )


@pytest.mark.parametrize(("lo", "hi"), RANGES)
@pytest.mark.parametrize("max_ticks", [2, 5, 8])
def test_ticks_are_round_inside_and_few_enough(lo: float, hi: float, max_ticks: int) -> None:
    ticks = nice_ticks(lo, hi, max_ticks)
    assert 1 <= len(ticks) <= max_ticks
    assert all(lo <= t <= hi for t in ticks)
    assert ticks == sorted(set(ticks))
    assert _is_round(ticks), ticks


@pytest.mark.parametrize(("lo", "hi"), RANGES)
def test_enough_ticks_to_read_the_axis(lo: float, hi: float) -> None:
    # Asking for 5 gives at least 2 on any range wider than float noise.
    assert len(nice_ticks(lo, hi, 5)) >= 2


@pytest.mark.parametrize(("lo", "hi"), RANGES)
def test_labels_are_short_and_free_of_float_noise(lo: float, hi: float) -> None:
    for label in tick_labels(nice_ticks(lo, hi, 6)):
        assert len(label) <= 8, label
        assert "0000000" not in label and "9999999" not in label
        assert "+" not in label


def test_known_ticks() -> None:
    assert nice_ticks(0.0, 1.0, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(-3.7, 12.2, 6) == [-2.5, 0.0, 2.5, 5.0, 7.5, 10.0]
    assert nice_ticks(0.29, 0.31, 5) == [0.29, 0.295, 0.3, 0.305, 0.31]
    assert tick_labels(nice_ticks(0.0, 0.9, 10)) == ["0", "0.1", "0.2", "0.3", "0.4", "0.5",
                                                    "0.6", "0.7", "0.8", "0.9"]


def test_tiny_and_huge_ranges() -> None:
    assert tick_labels(nice_ticks(1e-150, 5e-150, 5)) == ["1e-150", "2e-150", "3e-150", "4e-150", "5e-150"]
    assert tick_labels(nice_ticks(-1e150, 1e150, 5)) == ["-1e150", "-5e149", "0", "5e149", "1e150"]


def test_empty_range_gives_the_value() -> None:
    assert nice_ticks(3.14159, 3.14159, 5) == [3.14159]
    assert nice_ticks(0.0, 0.0, 5) == [0.0]
    assert nice_ticks(1e-150, 1e-150, 5) == [1e-150]


def test_reversed_range_and_degenerate_requests() -> None:
    assert nice_ticks(1.0, 0.0, 3) == [0.0, 0.5, 1.0]
    assert nice_ticks(0.0, 1.0, 0) == []
    assert nice_ticks(0.1, 0.9, 1) == [0.5]
    with pytest.raises(ValueError):
        nice_ticks(0.0, math.inf, 5)
    with pytest.raises(ValueError):
        nice_ticks(math.nan, 1.0, 5)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (0.3, "0.3"),
        (0.1 + 0.2, "0.30000000000000004"),  # a value that is not round shows as it is
        (-0.5, "-0.5"),
        (2.5, "2.5"),
        (10.0, "10"),
        (250000.0, "250000"),
        (1e6, "1e6"),
        (2.5e150, "2.5e150"),
        (1e-150, "1e-150"),
        (0.0001, "0.0001"),
        (0.00002, "2e-5"),
        (-3e-7, "-3e-7"),
    ],
)
def test_format_tick(value: float, label: str) -> None:
    assert format_tick(value) == label


def test_ticks_built_from_noisy_sums_read_clean() -> None:
    # 0.1 * 3 is 0.30000000000000004; the tick must be the double nearest 0.3.
    ticks = nice_ticks(0.0, 0.35, 8)
    assert 0.3 in ticks
    assert "0.30000000000000004" not in tick_labels(ticks)


@settings(max_examples=100, deadline=None)
@given(
    centre=st.floats(-1e200, 1e200, allow_nan=False),
    exponent=st.integers(-200, 200),
    fraction=st.floats(0.01, 1.0),
    max_ticks=st.integers(1, 12),
)
def test_property_inside_bounded_nonempty(centre: float, exponent: int, fraction: float, max_ticks: int) -> None:
    span = fraction * 10.0**exponent
    lo, hi = centre - span, centre + span
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return
    ticks = nice_ticks(lo, hi, max_ticks)
    assert 1 <= len(ticks) <= max_ticks
    assert all(lo <= t <= hi for t in ticks)
    assert all(math.isfinite(t) for t in ticks)
