"""Motion: the easing curve, glides and flash timing, by value."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui.render.motion import (
    FLASH_SHARE,
    MIN_FLASH_SECONDS,
    Glide,
    ease_in_out,
    flash_seconds,
    glide_frames,
    lerp,
)

GRID = np.linspace(0.0, 1.0, 1001).tolist()


def test_ease_ends_and_middle() -> None:
    assert ease_in_out(0.0) == 0.0
    assert ease_in_out(1.0) == 1.0
    assert ease_in_out(0.5) == 0.5
    assert ease_in_out(0.25) == pytest.approx(4 * 0.25**3)  # the cubic's slow start
    assert ease_in_out(0.75) == pytest.approx(1 - 4 * 0.25**3)


def test_ease_clamps_outside_the_unit_interval() -> None:
    assert ease_in_out(-0.5) == 0.0
    assert ease_in_out(1.5) == 1.0


def test_ease_is_symmetric() -> None:
    for t in GRID:
        assert ease_in_out(1.0 - t) == pytest.approx(1.0 - ease_in_out(t), abs=1e-12)


def test_ease_is_monotone_and_stays_in_range() -> None:
    values = [ease_in_out(t) for t in GRID]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(b > a for a, b in zip(values[:-1], values[1:], strict=True))  # strictly increasing


def test_ease_is_slow_at_both_ends() -> None:
    h = 1e-3
    assert ease_in_out(h) / h < 0.01  # flat start
    assert (1.0 - ease_in_out(1.0 - h)) / h < 0.01  # flat end
    h = 1e-5
    assert (ease_in_out(0.5 + h) - ease_in_out(0.5 - h)) / (2 * h) == pytest.approx(3.0, rel=1e-4)  # fastest


def test_lerp_and_its_end() -> None:
    a = np.array([[0.0, 0.0], [2.0, 4.0]])
    b = np.array([[1.0, -1.0], [4.0, 0.0]])
    np.testing.assert_array_equal(lerp(a, b, 0.0), a)
    np.testing.assert_array_equal(lerp(a, b, 0.5), [[0.5, -0.5], [3.0, 2.0]])
    assert lerp(a, b, 1.0) is b  # lands exactly, no rounding


def test_glide_frames_are_eased_and_end_on_the_target() -> None:
    a = np.zeros((2, 2))
    b = np.array([[10.0, 0.0], [0.0, -10.0]])
    frames = glide_frames(a, b, 4)
    assert len(frames) == 4
    for f, pos in enumerate(frames, start=1):
        np.testing.assert_allclose(pos, b * ease_in_out(f / 4))
    np.testing.assert_allclose(frames[1], b / 2)  # half the time, half the way
    assert frames[-1] is b
    assert glide_frames(a, b, 0) == [b]


def test_glide_between_says_when_there_is_nothing_to_glide() -> None:
    a = np.zeros((3, 2))
    b = np.ones((3, 2))
    assert Glide.between(None, b, 0.0, 0.3) is None
    assert Glide.between(a, b, 0.0, 0.0) is None
    assert Glide.between(b.copy(), b, 0.0, 0.3) is None  # nothing moves
    assert Glide.between(np.zeros((2, 2)), b, 0.0, 0.3) is None  # K changed
    assert isinstance(Glide.between(a, b, 0.0, 0.3), Glide)


def test_glide_position_over_time() -> None:
    a = np.zeros((1, 2))
    b = np.array([[8.0, -4.0]])
    g = Glide.between(a, b, began=100.0, duration=2.0)
    assert g is not None
    np.testing.assert_array_equal(g.at(100.0), a)
    np.testing.assert_allclose(g.at(101.0), [[4.0, -2.0]])
    np.testing.assert_allclose(g.at(100.5), b * ease_in_out(0.25))
    assert g.at(102.0) is b and g.at(105.0) is b
    assert g.progress(99.0) == 0.0
    assert not g.done(101.99) and g.done(102.0)


def test_flash_lasts_a_share_of_the_glide_with_a_floor() -> None:
    assert flash_seconds(0.3) == pytest.approx(0.3 * FLASH_SHARE)
    assert flash_seconds(0.05) == MIN_FLASH_SECONDS
    assert flash_seconds(0.0) == MIN_FLASH_SECONDS
