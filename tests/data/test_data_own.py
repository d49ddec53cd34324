"""Own data as people have it: ID columns, text columns with many values, features on different scales."""

from __future__ import annotations

import io

import numpy as np

from kmtui.data import read_csv
from kmtui.data.notes import DataWarning
from kmtui.data.selection import select

FLAGS = {"x": "--x", "y": "--y", "features": "--features", "label": "--label", "standardize": "--standardize"}


def customers_csv(n: int = 200) -> str:
    rng = np.random.default_rng(0)
    rows = ["CustomerID,Gender,Age,Annual Income (k$),Spending Score (1-100)"]
    for i in range(1, n + 1):
        rows.append(f"{i},{rng.choice(['Male', 'Female'])},{rng.integers(18, 70)},{rng.integers(15, 137)},"
                    f"{rng.integers(1, 100)}")
    return "\n".join(rows) + "\n"


def test_customers_id_is_not_drawn_and_gender_is_the_label() -> None:
    ds = read_csv(io.StringIO(customers_csv()))
    sel = select(ds)
    assert sel.feature_names == ("Age", "Annual Income (k$)")
    assert "CustomerID" in ds.feature_names, "kept, so that it can still be chosen"
    assert ds.target_names == ("Female", "Male") or ds.target_names == ("Male", "Female")
    assert ds.y is not None and set(ds.y.tolist()) == {0, 1}
    (warning,) = ds.warnings
    assert isinstance(warning, DataWarning) and warning.column == "CustomerID"
    assert warning.render(FLAGS) == (
        "<stream>: column 1 (CustomerID) is named like an ID and holds different whole numbers: taken as a "
        "row number or an ID, not drawn or clustered (use --x or --features to include it)")
    assert "(choose it as the x column or among the features to include it)" in str(warning)
    assert select(ds, x="CustomerID").x_name == "CustomerID"


def test_what_counts_as_an_id() -> None:
    def drawn(text: str) -> tuple[str, ...]:
        return select(read_csv(io.StringIO(text))).feature_names

    body = "".join(f"{i + 7},{i * 0.5 % 3},{(i * 7) % 5}.5\n" for i in range(10))
    assert drawn("user_id,a,b\n" + body) == ("a", "b")
    assert drawn("index,a,b\n" + body) == ("a", "b")
    assert drawn("userId,a,b\n" + body) == ("a", "b")
    assert drawn("n,a,b\n" + body) == ("a", "b"), "the first column counts 7, 8, 9, …"
    # not an ID: values repeat, or a fraction, or a named column that is not first
    assert drawn("id,a,b\n" + "1,2,3\n1,4,5\n2,6,8\n") == ("id", "a")
    assert drawn("a,b,c\n" + "".join(f"{i * 1.5},{i},{i % 3}\n" for i in range(5))) == ("a", "b")
    # only two numeric columns: the ID-like one stays rather than leaving nothing to draw
    assert drawn("id,a\n1,5.5\n2,7.25\n3,1.5\n") == ("id", "a")


def test_a_text_column_with_many_values_is_ignored() -> None:
    body = "".join(f"c{i % 21},{i},{i * i % 7}.5\n" for i in range(60))
    ds = read_csv(io.StringIO("kind,a,b\n" + body))
    assert ds.y is None
    (warning,) = ds.warnings
    assert isinstance(warning, DataWarning)
    assert warning.render(FLAGS).endswith("too many for known labels (at most 20); it is ignored: to use it, "
                                          "use --label")
    body = "".join(f"c{i % 20},{i},{i * i % 7}.5\n" for i in range(60))
    assert len(read_csv(io.StringIO("kind,a,b\n" + body)).target_names) == 20


def test_scales_that_differ_more_than_ten_times_say_standardize() -> None:
    rng = np.random.default_rng(1)
    rows = "".join(f"{a:.3f},{b:.1f}\n" for a, b in zip(rng.normal(0, 1, 50), rng.normal(0, 30, 50), strict=True))
    sel = select(read_csv(io.StringIO("small,big\n" + rows)))
    warning = sel.scale_warning()
    assert warning is not None
    ratio = sel.X[:, 1].std() / sel.X[:, 0].std()
    assert f"differ {ratio:.0f}×" in warning and "distances are mostly big" in warning
    assert warning.render(FLAGS).endswith("to weigh them alike, use --standardize")
    assert sel.toggle_standardize().scale_warning() is None
    rows = "".join(f"{a:.3f},{b:.3f}\n" for a, b in zip(rng.normal(0, 1, 50), rng.normal(0, 5, 50), strict=True))
    assert select(read_csv(io.StringIO("a,b\n" + rows))).scale_warning() is None
