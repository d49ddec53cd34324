"""Reading a lesson's data before it plays: every scene's data and centroids, checked (pure: no UI).

:func:`prepare` walks the lesson's scenes in order — the top level, then each
step that switches data or run — reads the data each names (a CSV file
relative to the lesson, or a built-in dataset), chooses its columns, and
checks its K and exact centroids against that data. So a lesson that would
fail at its fifth step fails when it is opened, with the file and line.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from kmtui.data.selection import Selection
from kmtui.errors import InputError
from kmtui.lessons.lesson import Lesson
from kmtui.lessons.scene import Scene, Where

_ROLES = {"x": "'x'", "y": "'y'", "features": "'features'", "label": "'label'"}


def selection_for(scene: Scene, current: Selection | None, at: Where, step: int | None = None) -> Selection:
    """The data a scene names (or ``current`` when it names none), its columns chosen."""
    from kmtui.data import load_dataset, read_csv
    from kmtui.data.selection import select

    if current is not None and not scene.changes_data:
        return current
    key = "csv" if scene.csv is not None else "dataset" if scene.dataset is not None else None
    try:
        if scene.csv is not None:
            ds = read_csv(scene.csv, label=scene.label)
        elif scene.dataset is not None:
            ds = load_dataset(scene.dataset)
        elif current is not None:
            ds = current.dataset
        else:
            ds = load_dataset("blobs")
        if scene.label is not None and scene.csv is None:
            raise at.error("'label' is for a CSV file: give 'csv' beside it", "label", step)
        return select(ds, x=scene.x, y=scene.y, features=list(scene.features) if scene.features else None,
                      standardize=bool(scene.standardize))
    except InputError as err:
        if err.source == at.source:
            raise
        role = next((r for r in err.roles if r in ("x", "y", "features", "label")), None)
        raise at.error(err.render(_ROLES), role or key, step) from None


def centroids_for(scene: Scene, sel: Selection, at: Where, step: int | None = None) -> NDArray[np.float64] | None:
    """The scene's exact centroids as an array (as many numbers each as clustered features), or None."""
    if scene.centroids is None:
        return None
    n = len(sel.features)
    if len(scene.centroids[0]) != n:
        raise at.error(f"'centroids': each centroid needs {n} numbers, one per clustered feature "
                       f"({', '.join(sel.feature_names)}), not {len(scene.centroids[0])}", "centroids", step)
    return np.array(scene.centroids, dtype=np.float64)


def _check_k(k: int | None, sel: Selection, at: Where, step: int | None) -> None:
    n = sel.dataset.n_samples
    if k is not None and k > n:
        raise at.error(f"'k' = {k} is more than the {n} points of its data", "k", step)


def prepare(lesson: Lesson) -> tuple[Lesson, Selection, NDArray[np.float64] | None]:
    """The lesson with each scene's data read, its first data, and its exact starting centroids.

    Raises
    ------
    InputError
        Naming the lesson file and line: data that cannot be read, a column
        that does not exist, a K larger than the data, centroids of the wrong
        length.
    """
    at = lesson.where or Where(lesson.source)
    sel = selection_for(lesson.setup, None, at)
    _check_k(lesson.setup.k, sel, at, None)
    start = centroids_for(lesson.setup, sel, at)
    current, steps = sel, []
    for i, st in enumerate(lesson.steps, start=1):
        if st.scene is not None:
            new = selection_for(st.scene, current, at, i)
            _check_k(st.scene.k, new, at, i)
            st = replace(st, selection=new if new is not current else None,
                         start=centroids_for(st.scene, new, at, i))
            current = new
        steps.append(st)
    return replace(lesson, steps=tuple(steps)), sel, start
