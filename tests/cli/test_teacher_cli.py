"""The teacher's command line: exact starting centroids, the trace for the board, and exports that never overwrite."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from kmtui.cli import main
from kmtui.data import read_csv

DEMOS = Path(__file__).resolve().parents[2] / "demos"
WORKED = str(DEMOS / "worked-example.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_trace_json_starts_at_exactly_the_given_centroids(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "trace", WORKED, "--centroids", "1,6;5,3", "--json")
    doc = json.loads(out)
    assert status == 0 and doc["init"] == "given" and doc["k"] == 2
    assert doc["steps"][0]["centroids"] == [[1.0, 6.0], [5.0, 3.0]] and doc["steps"][0]["phase"] == "init"
    # the source material's path, closely: (1, 6) → (2, 5) → … → (4.5, 6.5); (5, 3) → (3.5, 2.5) → … → (2, 1.5)
    updates = [s["centroids"] for s in doc["steps"] if s["phase"] == "update"]
    assert updates[0] == [[2.0, 5.0], [3.5, 2.5]]
    np.testing.assert_allclose(doc["steps"][-1]["centroids"], [[4.5, 6.5], [2, 1.5]], atol=0.1)


def test_centroids_in_four_dimensions_and_a_leading_minus(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "trace", "-d", "iris", "--features", "0,1,2,3", "--centroids",
                         "5,3.4,1.5,0.2;5.9,2.8,4.4,1.4;6.8,3,5.7,2.1", "--json")
    assert status == 0 and json.loads(out)["steps"][0]["centroids"][1] == [5.9, 2.8, 4.4, 1.4]
    status, out, _ = run(capsys, "trace", "--centroids", "-5,-3;0,5", "--json")
    assert status == 0 and json.loads(out)["steps"][0]["centroids"] == [[-5.0, -3.0], [0.0, 5.0]]


@pytest.mark.parametrize(("argv", "message"), [
    (["--centroids", "1,6;five,3"], "centroid 2 ('five,3') is not numbers"),
    (["--centroids", "1,6;5"], "centroid 2 has 1 coordinates but centroid 1 has 2"),
    (["--centroids", "1,6,0;5,3,0"], "each centroid needs 2 coordinates, one per clustered feature (x, y), not 3"),
    (["--centroids", "1,6;5,3", "-k", "3"], "-k 3 does not match the 2 centroids"),
    (["--centroids", "nan,1"], "is not finite"),
    (["--centroids", ";"], "at least one centroid"),
])
def test_bad_centroids_are_one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                          message: str) -> None:
    for command in ("trace", "play"):
        status, out, err = run(capsys, command, *argv)
        assert status == 2 and out == "" and err.count("\n") == 1, err
        assert err.startswith("kmtui: error:") and message in err, err


def test_the_same_k_may_be_given_beside_the_centroids(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "trace", "--centroids", "0,0;1,1", "-k", "2", "--json")
    assert status == 0 and json.loads(out)["k"] == 2


def test_the_trace_table_shows_the_centroids_at_the_init_and_every_update(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "trace", WORKED, "--centroids", "1,6;5,3")
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("centroids: ")]
    assert status == 0 and "init given" in out
    assert lines == ["centroids: 0 (1, 6) · 1 (5, 3)", "centroids: 0 (2, 5) · 1 (3.5, 2.5)",
                     "centroids: 0 (3.4, 5.8) · 1 (2.71, 1.57)", "centroids: 0 (4.56, 6.44) · 1 (2.07, 1.47)"]
    assert "repeat this run with --seed" not in out, "a given start needs no seed to repeat"


def test_the_trace_table_names_the_empty_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "trace", "--centroids", "-5,-3;0,5;30,30", "--empty", "keep")
    assert status == 0 and "cluster 2 empty: kept its place" in out
    assert "· 2 (30, 30) empty" in out


def test_trace_csv_writes_the_data_and_the_final_labels(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    target = tmp_path / "labels.csv"
    status, out, _ = run(capsys, "trace", WORKED, "--centroids", "1,6;5,3", "--json", "--csv", str(target))
    doc = json.loads(out)
    rows = list(csv.reader(target.open()))
    assert status == 0 and rows[0] == ["x", "y", "cluster"] and len(rows) == 25
    assert [int(r[2]) for r in rows[1:]] == doc["labels"]
    data = read_csv(WORKED)
    np.testing.assert_array_equal([[float(r[0]), float(r[1])] for r in rows[1:]], data.X)
    # never over a file: refused with one line, the file kept
    before = target.read_bytes()
    status, out, err = run(capsys, "trace", WORKED, "--csv", str(target))
    assert status == 2 and out == "" and err.count("\n") == 1 and "already exists" in err
    assert target.read_bytes() == before


def test_trace_csv_refuses_a_dangling_symlink(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "nowhere")
    status, _, err = run(capsys, "trace", "--csv", str(link))
    assert status == 2 and "already exists" in err and not (tmp_path / "nowhere").exists()


def test_play_cast_is_an_asciicast_v2_recording(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "run.cast"
    status, _, err = run(capsys, "play", WORKED, "--centroids", "1,6;5,3", "--fps", "20", "--cast", str(target))
    assert status == 0 and str(target) in err
    lines = target.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["version"] == 2 and header["width"] > 0 and header["height"] > 0
    events = [json.loads(line) for line in lines[1:]]
    assert len(events) > 5
    times = [e[0] for e in events]
    assert all(isinstance(t, float) for t in times) and times == sorted(times) and times[-1] > 1
    assert all(e[1] == "o" and isinstance(e[2], str) for e in events)
    text = "".join(e[2] for e in events)
    assert "Converged" in text and "\x1b[" in text
    # never over a file
    status, _, err = run(capsys, "play", "--cast", str(target))
    assert status == 2 and "already exists" in err and err.count("\n") == 1


def test_lesson_takes_overrides_and_display_options(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import kmtui.ui.app as app_module

    seen = {}

    def fake_run_app(options: object) -> int:
        seen["options"] = options
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    status, _, err = run(capsys, "lesson", str(DEMOS / "first-lesson.toml"), "-k", "4", "--seed", "9", "-d",
                         "moons", "--projector", "--ascii", "--no-animation")
    o = seen["options"]
    assert status == 0, err
    assert (o.k, o.seed, o.selection.dataset.name) == (4, 9, "moons")  # type: ignore[attr-defined]
    assert o.projector and o.ascii and not o.animate  # type: ignore[attr-defined]
    status, _, err = run(capsys, "lesson", str(DEMOS / "06-worked-example.toml"))
    o = seen["options"]
    np.testing.assert_array_equal(o.centroids, [[1, 6], [5, 3]])  # type: ignore[attr-defined]
    status, _, err = run(capsys, "lesson", str(DEMOS / "first-lesson.toml"), "-d", "nope")
    assert status == 2 and "unknown dataset 'nope'" in err
