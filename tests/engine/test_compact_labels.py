"""A run's labels are stored compactly (uint8 / uint16), the public labels_ stays int32."""

from __future__ import annotations

import numpy as np
import pytest

from kmtui import KMeans
from kmtui.engine.history import Run
from kmtui.engine.state import PackedLabels, Phase, Step, compact_labels, label_dtype


def test_label_dtype_by_k() -> None:
    assert [label_dtype(k) for k in (1, 255, 256, 257, 65536, 65537)] == [
        np.uint8, np.uint8, np.uint8, np.uint16, np.uint16, np.int32]


def test_compact_labels_keeps_values_and_copies_only_to_shrink() -> None:
    lab = np.array([0, 3, 255], dtype=np.int32)
    small = compact_labels(lab, 256)
    assert small.dtype == np.uint8 and small.tolist() == [0, 3, 255]
    assert compact_labels(small, 256) is small


def test_steps_store_uint8_and_updates_share_their_assigns_labels() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 2))
    run = Run(X, 4, init="random", seed=1)
    steps = run.run_to_end()
    labelled = [s for s in steps if s.labels is not None]
    assert labelled and all(s.labels.dtype == np.uint8 for s in labelled)
    pairs = [(a, u) for a, u in zip(steps, steps[1:], strict=False) if a.phase is Phase.ASSIGN and u.phase is Phase.UPDATE]
    assert pairs and all(u.packed is a.packed for a, u in pairs if not u.empty)  # one array, not two
    stored = {id(s.packed) for s in labelled}
    assert len(stored) <= (len(labelled) + 1) // 2 + 1
    km = KMeans(n_clusters=4, init="random", random_state=1).fit(X)
    assert km.labels_.dtype == np.int32
    np.testing.assert_array_equal(km.labels_, steps[-1].labels if steps[-1].phase is Phase.ASSIGN
                                  else [s for s in steps if s.phase is Phase.ASSIGN][-1].labels)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 16, 17, 256, 257, 70000])
def test_packed_labels_round_trip(k: int) -> None:
    rng = np.random.default_rng(k)
    for n in (0, 1, 7, 8, 9, 1001):
        lab = rng.integers(0, k, n)
        packed = PackedLabels(lab, k)
        out = packed.unpack()
        assert out.dtype == label_dtype(k) and out.tolist() == lab.tolist()
        assert not out.flags.writeable
        bits = 1 if k <= 2 else 2 if k <= 4 else 4 if k <= 16 else 8 if k <= 256 else 16 if k <= 65536 else 32
        assert packed.nbytes <= -(-n * bits // 8) + 1


def test_a_million_labels_at_k3_take_a_quarter_megabyte() -> None:
    lab = np.random.default_rng(0).integers(0, 3, 1_000_000)
    assert PackedLabels(lab, 3).nbytes == 250_000


def test_many_clusters_use_uint16() -> None:
    X = np.arange(600, dtype=float).reshape(300, 2)
    step = Step(1, Phase.ASSIGN, 1, X.copy(), np.arange(300, dtype=np.int64))
    assert step.labels is not None and step.labels.dtype == np.uint16
    assert step.cluster_sizes().tolist() == [1] * 300
    with pytest.raises(ValueError):
        step.labels[0] = 1  # read-only, as before
