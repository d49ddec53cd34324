"""The Session's exact starts and branches (pure: no terminal)."""

from __future__ import annotations

import numpy as np

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.session import Session


def test_given_centroids_are_the_first_step_and_the_init_is_given() -> None:
    C = np.array([[-5.0, -3.0], [0.0, 5.0]])
    s = Session(select(load_dataset("blobs")), k=7, init="k-means++", centroids=C)
    assert s.k == 2 and s.config.init == "given"
    np.testing.assert_array_equal(s.run.current.centroids, C)
    s.start_from(np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]), empty="keep")
    assert s.k == 3 and s.config.init == "given" and s.config.empty == "keep"


def test_a_branch_keeps_the_run_it_left_and_unbranch_returns_there() -> None:
    s = Session(select(load_dataset("blobs")), k=3, seed=3)
    s.run.next()
    s.run.next()
    parent = s.run
    moved = parent.current.centroids.copy()
    moved[0] = [9.0, 9.0]
    s.branch(moved)
    assert s.run is not parent and s.run.cursor == 0 and s.config.init == "manual"
    np.testing.assert_array_equal(s.run.current.centroids, moved)
    s.run.next()
    assert s.unbranch() and s.run is parent and s.run.cursor == 2
    assert not s.unbranch()
    s.branch(moved)
    s.restart(seed=4)  # a new run forgets the branches
    assert s.parents == [] and not s.unbranch()
