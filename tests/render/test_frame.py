"""Frame: what the plot shows for a step, and what glides or flashes on the way."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui.engine import Run
from kmtui.engine.state import Phase, Step
from kmtui.render.frame import Frame, frame_for, project

PAIR = (2, 0)  # not (0, 1): columns must really be picked, and in this order


def three_feature_run(seed: int = 1) -> Run:
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0, 0.0], [5.0, -3.0, 8.0], [-4.0, 6.0, 2.0]])
    X = np.concatenate([rng.normal(c, 1.5, (40, 3)) for c in centres])
    return Run(X, 3, seed=seed)


def all_frames(run: Run, pair: tuple[int, int] = PAIR) -> list[tuple[Step, Step | None, Frame, list[np.ndarray]]]:
    """Walk the run forward: (step, previous, frame, Run.trail at that step)."""
    out = []
    prev = None
    while True:
        step = run.current
        out.append((step, prev, frame_for(step, prev, run.trail, pair), list(run.trail)))
        prev = step
        if not run.next():
            return out


def test_centroids_are_projected_onto_the_pair() -> None:
    for step, _, frame, _ in all_frames(three_feature_run()):
        assert frame.centroids.shape == (3, 2)
        np.testing.assert_array_equal(frame.centroids[:, 0], step.centroids[:, 2])
        np.testing.assert_array_equal(frame.centroids[:, 1], step.centroids[:, 0])
        assert not frame.centroids.flags.writeable
        assert (frame.index, frame.phase, frame.iteration) == (step.index, step.phase, step.iteration)
        # the same labels (a step unpacks its packed labels on access, keeping the last few)
        assert (frame.labels is None) == (step.labels is None)
        if frame.labels is not None:
            np.testing.assert_array_equal(frame.labels, step.labels)


def test_project() -> None:
    c = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(project(c, (1, 2)), [[1, 2], [4, 5], [7, 8], [10, 11]])
    np.testing.assert_array_equal(project(c, (2, 0)), [[2, 0], [5, 3], [8, 6], [11, 9]])


def test_trails_are_the_past_positions_projected() -> None:
    frames = all_frames(three_feature_run())
    assert len(frames) > 6
    for step, _, frame, trail in frames:
        if step.phase is Phase.INIT:
            assert frame.trails == ()
            continue
        # Run.trail ends with the current position, which is not part of the trail.
        np.testing.assert_array_equal(trail[-1], step.centroids)
        assert len(frame.trails) == len(trail) - 1
        for got, c in zip(frame.trails, trail[:-1], strict=True):
            np.testing.assert_array_equal(got, c[:, [2, 0]])
    # The trail grows by one after each update, not after an assign.
    last = frames[-1]
    n_updates = sum(1 for s, *_ in frames if s.phase is Phase.UPDATE)
    assert len(last[2].trails) == n_updates  # init plus every update, minus the current


def test_a_trail_not_ending_at_the_current_position_is_kept_whole() -> None:
    step = Step(index=3, phase=Phase.UPDATE, iteration=2, centroids=np.array([[9.0, 9.0]]))
    trail = [np.array([[0.0, 1.0]]), np.array([[2.0, 3.0]])]
    frame = frame_for(step, None, trail, (0, 1))
    assert [t.tolist() for t in frame.trails] == [[[0.0, 1.0]], [[2.0, 3.0]]]


def test_glide_from_only_on_assign_then_update() -> None:
    frames = all_frames(three_feature_run())
    glides = 0
    for step, prev, frame, _ in frames:
        if prev is not None and prev.phase is Phase.ASSIGN and step.phase is Phase.UPDATE:
            assert frame.glide_from is not None
            np.testing.assert_array_equal(frame.glide_from, prev.centroids[:, [2, 0]])
            assert frame.moves == (not np.array_equal(prev.centroids, step.centroids))
            glides += 1
        else:
            assert frame.glide_from is None and not frame.moves
    assert glides == sum(1 for s, *_ in frames if s.phase is Phase.UPDATE)


def test_no_glide_without_a_previous_step_or_when_going_back() -> None:
    run = three_feature_run()
    steps = run.run_to_end()
    assign, update = steps[1], steps[2]
    assert (assign.phase, update.phase) == (Phase.ASSIGN, Phase.UPDATE)
    assert frame_for(update, None, [], PAIR).glide_from is None
    assert frame_for(assign, update, [], PAIR).glide_from is None  # back from the update
    assert frame_for(update, steps[0], [], PAIR).glide_from is None  # init → update is not a glide


def test_flash_is_the_points_whose_label_changed_on_an_assign() -> None:
    frames = all_frames(three_feature_run())
    flashes = 0
    for step, prev, frame, _ in frames:
        if step.phase is Phase.ASSIGN and prev is not None and prev.labels is not None:
            assert frame.flash is not None
            np.testing.assert_array_equal(frame.flash, prev.labels != step.labels)
            # previous is the update after the last assign: same labels, so this is the engine's count
            assert int(frame.flash.sum()) == step.changed
            assert frame.flashes == (step.changed > 0)
            assert not frame.flash.flags.writeable
            flashes += 1
        else:
            assert frame.flash is None and not frame.flashes
    assert flashes == sum(1 for s, *_ in frames if s.phase is Phase.ASSIGN) - 1  # all but the first


def test_flash_values_by_hand() -> None:
    C = np.zeros((2, 2))
    before = Step(index=2, phase=Phase.UPDATE, iteration=1, centroids=C, labels=np.array([0, 0, 1, 1]))
    now = Step(index=3, phase=Phase.ASSIGN, iteration=2, centroids=C, labels=np.array([0, 1, 1, 0]))
    frame = frame_for(now, before, [C], (0, 1))
    assert frame.flash is not None and frame.flash.tolist() == [False, True, False, True]
    assert frame.flashes
    first = Step(index=1, phase=Phase.ASSIGN, iteration=1, centroids=C, labels=np.array([0, 1, 1, 0]))
    init = Step(index=0, phase=Phase.INIT, iteration=0, centroids=C)
    assert frame_for(first, init, [C], (0, 1)).flash is None  # nothing to compare with
    assert frame_for(now, now, [C], (0, 1)).flash.tolist() == [False] * 4  # type: ignore[union-attr]
    other = Step(index=2, phase=Phase.UPDATE, iteration=1, centroids=C, labels=np.array([0, 1]))
    assert frame_for(now, other, [C], (0, 1)).flash is None  # another dataset: no mask


@pytest.mark.parametrize("pair", [(0, 1), (1, 2), (2, 0)])
def test_frames_drive_the_renderer_like_the_app(pair: tuple[int, int]) -> None:
    """The frame holds what the app handed the scatter before frame.py existed."""
    run = three_feature_run(seed=4)
    i, j = pair
    prev = None
    while True:
        step = run.current
        frame = frame_for(step, prev, run.trail, pair)
        trails = [c[:, [i, j]] for c in run.trail[:-1]] if step.phase is not Phase.INIT else []
        assert len(frame.trails) == len(trails)
        for a, b in zip(frame.trails, trails, strict=True):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(frame.centroids, step.centroids[:, [i, j]])
        prev = step
        if not run.next():
            break
