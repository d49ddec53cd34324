"""Built-in datasets: every one loads, is seeded, has the promised shape; blobs' knee is at 3."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kmtui.data import DATASETS, Dataset, load_dataset
from kmtui.errors import InputError

NAMES = list(DATASETS)


def test_registry_lists_the_promised_datasets_in_order() -> None:
    assert NAMES == [
        "blobs", "iris", "moons", "rings", "aniso", "uneven", "uniform", "smiley", "bars", "circles",
        "pimpled", "customers", "grid",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_loads_with_the_right_shape_and_finite_values(name: str) -> None:
    info = DATASETS[name]
    ds = load_dataset(name)
    assert isinstance(ds, Dataset)
    assert ds.name == name
    assert ds.source == "built-in"
    assert ds.description == info.description
    assert ds.X.dtype == np.float64
    assert ds.X.shape == (info.n_samples, len(info.feature_names))
    assert ds.feature_names == info.feature_names
    assert np.isfinite(ds.X).all()
    assert ds.default_xy == info.default_xy
    if ds.y is not None:
        assert ds.y.dtype == np.int64
        assert ds.y.shape == (ds.n_samples,)
        assert ds.target_names == info.target_names
        # Every group is present: codes 0..n_groups-1 each appear.
        assert set(np.unique(ds.y)) == set(range(len(info.target_names)))


@pytest.mark.parametrize("name", NAMES)
def test_description_is_one_line(name: str) -> None:
    description = DATASETS[name].description
    assert description and "\n" not in description and len(description) <= 90


@pytest.mark.parametrize("name", NAMES)
def test_terminal_friendly_size(name: str) -> None:
    n = DATASETS[name].n_samples
    assert 20 <= n <= 400


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data(name: str) -> None:
    a = load_dataset(name, random_state=7)
    b = load_dataset(name, random_state=7)
    np.testing.assert_array_equal(a.X, b.X)
    if a.y is None:
        assert b.y is None
    else:
        np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "iris"])
def test_other_seed_other_data(name: str) -> None:
    one, two = load_dataset(name, random_state=1), load_dataset(name, random_state=2)
    assert not np.array_equal(one.X, two.X)


def test_default_seed_is_zero_and_a_generator_works() -> None:
    np.testing.assert_array_equal(load_dataset("blobs").X, load_dataset("blobs", random_state=0).X)
    rng = np.random.default_rng(0)
    from_rng = load_dataset("blobs", random_state=rng)
    np.testing.assert_array_equal(from_rng.X, load_dataset("blobs").X)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "iris"])
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_n_samples_is_obeyed(name: str, n: int) -> None:
    ds = load_dataset(name, n_samples=n, random_state=3)
    assert ds.X.shape == (n, 2)
    assert np.isfinite(ds.X).all()


def test_name_is_case_insensitive() -> None:
    assert load_dataset(" Blobs ").name == "blobs"


def test_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as info:
        load_dataset("blobz")
    message = str(info.value)
    assert "unknown dataset 'blobz'" in message
    for name in NAMES:
        assert name in message


@pytest.mark.parametrize("n", [0, -5])
def test_bad_n_samples(n: int) -> None:
    with pytest.raises(InputError, match="at least 1"):
        load_dataset("blobs", n_samples=n)


def test_iris_has_a_fixed_size() -> None:
    assert load_dataset("iris", n_samples=150).n_samples == 150
    with pytest.raises(InputError, match="exactly 150"):
        load_dataset("iris", n_samples=100)


# ------------------------------------------------------------------ iris


def test_iris_is_fishers_data() -> None:
    ds = load_dataset("iris")
    assert ds.X.shape == (150, 4)
    assert ds.feature_names == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert ds.target_names == ("setosa", "versicolor", "virginica")
    assert ds.default_xy == (2, 3)
    np.testing.assert_array_equal(ds.X[0], [5.1, 3.5, 1.4, 0.2])
    assert ds.target_names[ds.y[0]] == "setosa"
    np.testing.assert_array_equal(ds.X[-1], [5.9, 3.0, 5.1, 1.8])
    assert ds.target_names[ds.y[-1]] == "virginica"
    assert np.bincount(ds.y).tolist() == [50, 50, 50]
    # Rows are in species blocks of 50, as in Fisher's table.
    np.testing.assert_array_equal(ds.y, np.repeat([0, 1, 2], 50))


def test_iris_matches_scikit_learns_copy_exactly() -> None:
    import importlib.util

    # Read scikit-learn's bundled file directly: importing sklearn.datasets takes seconds.
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("scikit-learn is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data" / "iris.csv"
    lines = path.read_text().splitlines()
    ref = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    ds = load_dataset("iris")
    np.testing.assert_array_equal(ds.X, ref[:, :4])
    np.testing.assert_array_equal(ds.y, ref[:, 4].astype(np.int64))
    assert list(ds.target_names) == lines[0].split(",")[2:]


def test_iris_csv_is_bundled_as_package_data() -> None:
    from importlib import resources

    text = resources.files("kmtui.data").joinpath("iris.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "sepal_length,sepal_width,petal_length,petal_width,species"
    assert lines[1] == "5.1,3.5,1.4,0.2,setosa"
    assert len(lines) == 151


def test_loaded_data_cannot_be_changed_in_place() -> None:
    ds = load_dataset("iris")
    with pytest.raises(ValueError):
        ds.X[0, 0] = 99.0
    assert ds.y is not None
    with pytest.raises(ValueError):
        ds.y[0] = 2
    assert load_dataset("iris").X[0, 0] == 5.1


# ------------------------------------------------------------------ shapes


def test_blobs_groups_are_round_and_far_apart() -> None:
    ds = load_dataset("blobs")
    assert ds.y is not None
    centers = np.array([ds.X[ds.y == g].mean(axis=0) for g in range(3)])
    spreads = np.array([ds.X[ds.y == g].std(axis=0) for g in range(3)])
    gaps = [np.linalg.norm(centers[i] - centers[j]) for i in range(3) for j in range(i + 1, 3)]
    assert min(gaps) > 6 * spreads.max()
    assert np.bincount(ds.y).tolist() == [100, 100, 100]


def test_grid_is_a_classroom_example() -> None:
    ds = load_dataset("grid")
    assert 20 <= ds.n_samples <= 40
    assert ds.X.min() >= 0 and ds.X.max() <= 8
    # Whole numbers, and no two points on the same spot: easy to work out by hand.
    np.testing.assert_array_equal(ds.X, np.round(ds.X))
    assert len({tuple(p) for p in ds.X}) == ds.n_samples
    assert np.bincount(ds.y).tolist() == [15, 15]


def test_grid_stays_in_range_when_large() -> None:
    ds = load_dataset("grid", n_samples=300, random_state=5)
    assert ds.X.min() >= 0 and ds.X.max() <= 8


def test_uniform_has_no_labels_and_fills_its_square() -> None:
    ds = load_dataset("uniform")
    assert ds.y is None and ds.target_names == ()
    assert ds.X.min() >= 0 and ds.X.max() <= 10
    assert ds.X.min() < 0.5 and ds.X.max() > 9.5


def test_rings_are_concentric() -> None:
    ds = load_dataset("rings")
    r = np.linalg.norm(ds.X, axis=1)
    assert np.all(np.abs(r[ds.y == 0] - 1.0) < 0.3)
    assert np.all(np.abs(r[ds.y == 1] - 0.4) < 0.3)


def test_moons_interleave() -> None:
    ds = load_dataset("moons")
    upper, lower = ds.X[ds.y == 0], ds.X[ds.y == 1]
    # The lower moon's tip reaches into the upper moon's bowl and vice versa.
    assert upper[:, 0].max() > lower[:, 0].min() + 1.0
    assert upper[:, 1].mean() > lower[:, 1].mean()


def test_uneven_groups_differ_in_size_and_spread() -> None:
    ds = load_dataset("uneven")
    sizes = np.bincount(ds.y)
    spreads = [ds.X[ds.y == g].std(axis=0).mean() for g in range(3)]
    assert sizes[0] > 2 * sizes[2] and spreads[0] > 3 * spreads[2]


def test_aniso_groups_are_stretched() -> None:
    ds = load_dataset("aniso")
    for g in range(3):
        eig = np.linalg.eigvalsh(np.cov(ds.X[ds.y == g].T))
        assert eig[1] / eig[0] > 4  # far from round


def test_smiley_has_a_face() -> None:
    ds = load_dataset("smiley")
    assert ds.target_names == ("left eye", "right eye", "mouth", "outline")
    left, right, mouth = (ds.X[ds.y == g].mean(axis=0) for g in range(3))
    assert left[0] < 0 < right[0] and left[1] > 0 and right[1] > 0
    assert mouth[1] < 0


# ------------------------------------------------------------------ blobs' elbow


def _inertia_curve(X: np.ndarray) -> list[float]:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # One thread: on a small shared machine scikit-learn's thread pool costs more than it gains.
    with threadpool_limits(1):
        return [
            float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
            for k in range(1, 11)
        ]


@pytest.mark.parametrize("random_state", [0, 1, 2, 3, 42])
def test_blobs_knee_is_at_three(random_state: int) -> None:
    kneed = pytest.importorskip("kneed")
    pytest.importorskip("sklearn")
    ds = load_dataset("blobs", random_state=random_state)
    inertia = _inertia_curve(ds.X)
    locator = kneed.KneeLocator(
        list(range(1, 11)), inertia, curve="convex", direction="decreasing", S=1.0,
        interp_method="interp1d",
    )
    assert locator.knee == 3
    # And clearly so: three groups explain almost everything, a fourth adds little.
    assert inertia[2] < 0.1 * inertia[0]
    assert inertia[3] > 0.75 * inertia[2]


def test_the_new_teaching_datasets() -> None:
    assert NAMES[8:12] == ["bars", "circles", "pimpled", "customers"] and len(NAMES) >= 12
    bars = load_dataset("bars")
    assert bars.y is not None
    counts = np.bincount(bars.y)
    assert counts.tolist() == [50, 100, 200], "1 : 2 : 4 points in bars of the same size"
    for code, x0 in enumerate((0.0, 3.0, 6.0)):
        xs = bars.X[bars.y == code, 0]
        assert x0 <= xs.min() and xs.max() <= x0 + 2.0
    circles = load_dataset("circles")
    assert circles.y is not None and np.bincount(circles.y).tolist() == [50] * 7
    centres = np.array([circles.X[circles.y == c].mean(axis=0) for c in range(7)])
    radii = [np.linalg.norm(circles.X[circles.y == c] - centres[c], axis=1).max() for c in range(7)]
    assert max(radii) <= 0.95 + 0.1
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(centres) for b in centres[i + 1:]]
    assert min(gaps) == pytest.approx(2.0, abs=0.2), "neighbours touch"
    pimpled = load_dataset("pimpled")
    assert pimpled.y is not None and pimpled.target_names[4] == "pimple"
    pimple = pimpled.X[pimpled.y == 4]
    assert len(pimple) == 24 and pimple.std(axis=0).max() < 0.4
    customers = load_dataset("customers")
    assert customers.feature_names == ("income (k$)", "spending (1-100)")
    assert customers.y is not None and np.bincount(customers.y).tolist() == [23, 22, 81, 35, 39]
    assert np.array_equal(customers.X, np.round(customers.X))
    assert customers.X[:, 0].min() >= 15 and customers.X[:, 0].max() <= 137
    assert customers.X[:, 1].min() >= 1 and customers.X[:, 1].max() <= 100


def test_the_teaching_lines_of_the_new_datasets_hold() -> None:
    from kmtui.engine import KMeans
    from kmtui.engine.elbow import elbow

    curve = elbow(load_dataset("customers").X, random_state=0)
    assert (curve.knee, curve.gap_k) == (5, 1), "Kneedle says 5, the gap's rule says 1"
    assert curve.gap is not None and max(range(10), key=curve.gap.__getitem__) == 4, "the gap peaks at 5"
    circles = load_dataset("circles")
    km = KMeans(7, init="k-means++", n_init=10, random_state=0).fit(circles.X)
    assert sorted(np.bincount(km.labels_).tolist()) == [50] * 7, "found with K=7 and restarts"
    bars = load_dataset("bars")
    km = KMeans(3, init="k-means++", n_init=10, random_state=0).fit(bars.X)
    assert bars.y is not None
    dense = km.labels_[bars.y == 2]
    assert min(np.bincount(dense, minlength=3)[np.bincount(dense, minlength=3) > 0]) > 40, "the dense bar is cut"
