"""What a run exports: the trace document (JSON), the labels (CSV) and a recording (asciicast v2).

Pure: no Textual, no file system. ``kmtui trace --json``, ``kmtui trace
--csv``, ``kmtui play --cast`` and the app's ``w`` key all build their text
here, so the file the app writes is exactly what the command line prints;
:mod:`kmtui.files` writes it (never over a file).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kmtui.data.selection import Selection
from kmtui.engine.history import Run
from kmtui.engine.state import Phase, StopReason


def final_labels(run: Run) -> NDArray[np.int32]:
    """The labels of the run's last assign step (the run is computed to its end)."""
    steps = run.run_to_end()
    last_assign = next(s for s in reversed(steps) if s.phase is Phase.ASSIGN)
    labels = last_assign.labels
    assert labels is not None, "an assign step has labels"
    return labels.astype(np.int32)  # a Step keeps them compact (uint8/uint16)


def trace_doc(selection: Selection, run: Run) -> dict[str, Any]:
    """The design's trace format: the dataset, the run's settings, every step, the final labels.

    The run is computed to its end. Its init is reported as the run's config
    says (``"given"`` for exact starting centroids).
    """
    from kmtui._version import __version__
    from kmtui.engine.elbow import final_inertia

    steps = run.run_to_end()
    last = steps[-1]
    cfg = run.config
    ds = selection.dataset
    return {
        "kmtui_version": __version__,
        "dataset": {"name": ds.name, "n_samples": ds.n_samples, "features": list(selection.feature_names),
                    "standardized": selection.standardized},
        "k": cfg.n_clusters, "init": cfg.init, "seed": cfg.seed, "empty": cfg.empty, "tol": cfg.tol,
        "max_iter": cfg.max_iter,
        "steps": [s.to_dict() for s in steps],
        "converged": last.stop is not StopReason.MAX_ITER,
        "stop": str(last.stop),
        "n_iter": last.iteration,
        "inertia": final_inertia(run.X, steps),
        "labels": final_labels(run).tolist(),
    }


def trace_json(selection: Selection, run: Run) -> str:
    """:func:`trace_doc` as one line of JSON and a newline."""
    return json.dumps(trace_doc(selection, run), allow_nan=False) + "\n"


def labels_csv(selection: Selection, labels: NDArray[np.integer[Any]]) -> str:
    """The clustered data (the features as clustered, standardized or not) and a ``cluster`` column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*selection.feature_names, "cluster"])
    for row, label in zip(selection.X.tolist(), labels.tolist(), strict=True):
        w.writerow([*(repr(float(v)) for v in row), int(label)])
    return buf.getvalue()


class Cast:
    """An asciicast v2 recording: a header line, then ``[time, "o", text]`` events, one JSON line each.

    Parameters
    ----------
    width, height : int
        The terminal size the recording was made for.
    title : str
        Shown by asciinema-player.
    """

    def __init__(self, width: int, height: int, title: str = "kmtui") -> None:
        self.width, self.height, self.title = width, height, title
        self.time = 0.0
        self.events: list[tuple[float, str]] = []

    def write(self, text: str) -> None:
        """Output at the current time (joined with the event before when at the same moment)."""
        if not text:
            return
        if self.events and self.events[-1][0] == self.time:
            self.events[-1] = (self.time, self.events[-1][1] + text)
        else:
            self.events.append((self.time, text))

    def wait(self, seconds: float) -> None:
        self.time = round(self.time + max(0.0, seconds), 6)

    def text(self) -> str:
        header = {"version": 2, "width": self.width, "height": self.height, "title": self.title,
                  "env": {"TERM": "xterm-256color"}}
        lines = [json.dumps(header)]
        lines += [json.dumps([t, "o", s]) for t, s in self.events]
        return "\n".join(lines) + "\n"
