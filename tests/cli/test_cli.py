"""The headless command line: trace, elbow, datasets, and how bad usage is reported.

Most tests call :func:`kmtui.cli.main` in-process (fast); a few run
``python -m kmtui`` to see the real exit status, standard error and a pipe.
The interactive app is never started here: ``run_app`` is replaced by a stub,
so a bad option the CLI wrongly accepts fails the test instead of opening a UI.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui import KMeans, __version__, knee
from kmtui.cli import main
from kmtui.data import DATASETS, load_dataset

ROOT = Path(__file__).resolve().parents[2]
BLOBS = load_dataset("blobs").X
TRACE_KEYS = {"kmtui_version", "dataset", "k", "init", "seed", "empty", "tol", "steps", "converged", "n_iter",
              "inertia", "labels"}
ELBOW_KEYS = {"ks", "inertia", "inertia_min", "inertia_max", "knee", "n_init", "seed"}


@pytest.fixture(autouse=True)
def _keep_signal_handlers() -> Iterator[None]:
    # main() sets SIGPIPE to SIG_DFL for the whole process; give pytest its own back.
    saved = signal.getsignal(signal.SIGPIPE) if hasattr(signal, "SIGPIPE") else None
    yield
    if saved is not None:
        signal.signal(signal.SIGPIPE, saved)


@pytest.fixture(autouse=True)
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Never start the UI: record the options the app would have been given."""
    import kmtui.ui.app as app_module

    calls: list[Any] = []

    def fake_run_app(options: Any) -> int:
        calls.append(options)
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    return calls


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run main(argv) in-process: (status, stdout, stderr). argparse's --help/--version exit via SystemExit."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    out, err = capsys.readouterr()
    return status, out, err


def run(*argv: str, stdin: bytes | None = None, timeout: float = 20) -> subprocess.CompletedProcess[bytes]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "kmtui", *argv], input=stdin, capture_output=True,
                          timeout=timeout, env=env, cwd=ROOT)


def assert_one_error_line(err: str, fragment: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert lines[0].startswith("kmtui: error: "), lines[0]
    assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    assert "Traceback" not in err


# ------------------------------------------------------------------ trace --json


@pytest.fixture(scope="module")
def trace_doc() -> dict[str, Any]:
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    saved = signal.getsignal(signal.SIGPIPE)
    try:
        with redirect_stdout(buf):
            assert main(["trace", "--seed", "1", "--json"]) == 0
    finally:
        signal.signal(signal.SIGPIPE, saved)
    return json.loads(buf.getvalue())


def test_trace_json_has_the_designs_shape(trace_doc: dict[str, Any]) -> None:
    doc = trace_doc
    assert TRACE_KEYS <= set(doc)
    assert doc["kmtui_version"] == __version__
    assert doc["dataset"] == {**doc["dataset"], "name": "blobs", "n_samples": 300, "features": ["x", "y"]}
    assert (doc["k"], doc["init"], doc["seed"], doc["empty"], doc["tol"]) == (3, "uniform", 1, "relocate", 0.0)
    assert doc["converged"] is True
    labels = doc["labels"]
    assert len(labels) == 300 and set(labels) <= {0, 1, 2}
    assert doc["n_iter"] == doc["steps"][-1]["iteration"]


def test_trace_steps_alternate_and_inertia_never_increases(trace_doc: dict[str, Any]) -> None:
    steps = trace_doc["steps"]
    assert [s["index"] for s in steps] == list(range(len(steps)))
    assert steps[0]["phase"] == "init" and steps[0]["inertia"] is None and steps[0]["iteration"] == 0
    for i, s in enumerate(steps[1:], start=1):
        assert s["phase"] == ("assign" if i % 2 == 1 else "update"), i
        assert s["iteration"] == (i + 1) // 2
        assert ("changed" in s) == (s["phase"] == "assign") and ("shift" in s) == (s["phase"] == "update")
        assert len(s["centroids"]) == 3 and all(len(c) == 2 for c in s["centroids"])
    assert steps[1]["changed"] == 300, "every point changes on the first assign"
    inertia = [s["inertia"] for s in steps[1:]]
    assert all(b <= a for a, b in zip(inertia, inertia[1:])), inertia
    assert "stop" in steps[-1] and all("stop" not in s for s in steps[:-1])


def test_trace_numbers_are_the_designs_definitions(trace_doc: dict[str, Any]) -> None:
    """inertia after assign: new labels, old centroids; after update: same labels, new centroids."""
    steps = trace_doc["steps"]
    labels = None
    for prev, s in zip(steps, steps[1:]):
        old = np.array(prev["centroids"])
        new = np.array(s["centroids"])
        if s["phase"] == "assign":
            d = ((BLOBS[:, None, :] - old[None]) ** 2).sum(axis=2)
            new_labels = d.argmin(axis=1)
            changed = 300 if labels is None else int((new_labels != labels).sum())
            labels = new_labels
            np.testing.assert_array_equal(new, old)
            assert s["changed"] == changed
            assert s["inertia"] == pytest.approx(((BLOBS - old[labels]) ** 2).sum(), rel=1e-9)
        else:
            assert s["inertia"] == pytest.approx(((BLOBS - new[labels]) ** 2).sum(), rel=1e-9)
            assert s["shift"] == pytest.approx(((new - old) ** 2).sum(), rel=1e-9, abs=1e-12)
            assert s["empty"] == []
    assert trace_doc["labels"] == labels.tolist()


def test_trace_json_equals_the_estimator(trace_doc: dict[str, Any]) -> None:
    km = KMeans(n_clusters=3, init="uniform", random_state=1).fit(BLOBS)
    assert trace_doc["labels"] == km.labels_.tolist()
    assert trace_doc["n_iter"] == km.n_iter_
    assert trace_doc["inertia"] == pytest.approx(km.inertia_, rel=1e-12)
    np.testing.assert_allclose(trace_doc["steps"][-1]["centroids"], km.cluster_centers_, rtol=0, atol=0)


def test_trace_table(capsys: pytest.CaptureFixture[str], trace_doc: dict[str, Any]) -> None:
    status, out, err = cli(capsys, "trace", "--seed", "1")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "kmtui trace · blobs (300 points; x, y) · K=3 · init uniform · seed 1"
    rows = [ln for ln in lines if re.match(r"^\s*\d+\s+(init|assign|update)\s+\d+", ln)]
    assert len(rows) == len(trace_doc["steps"])
    for row, step in zip(rows, trace_doc["steps"], strict=True):
        index, phase, iteration = row.split()[:3]
        assert (int(index), phase, int(iteration)) == (step["index"], step["phase"], step["iteration"])
    assert rows[-1].rstrip().endswith("stop: labels")
    assert f"Converged after {trace_doc['n_iter']} iterations" in out
    sizes = [int(m) for m in re.findall(r"^\s+\d: \(.*\)\s+(\d+) points$", out, flags=re.M)]
    assert sorted(sizes) == sorted(np.bincount(trace_doc["labels"], minlength=3).tolist())
    assert "repeat this run" not in out, "a given seed needs no reminder"


def test_trace_without_seed_shows_one_that_repeats_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "trace")
    assert status == 0
    m = re.search(r"\(repeat this run with --seed (\d+)\)", out)
    assert m, out[-200:]
    status, again, _ = cli(capsys, "trace", "--seed", m.group(1))
    assert status == 0
    assert again == out.replace(f"\n(repeat this run with --seed {m.group(1)})", "")


def test_trace_labels_option(capsys: pytest.CaptureFixture[str], trace_doc: dict[str, Any]) -> None:
    status, out, _ = cli(capsys, "trace", "--seed", "1", "--labels")
    assert status == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("labels: "))
    assert [int(v) for v in line.split()[1:]] == trace_doc["labels"]


# ------------------------------------------------------------------ elbow


def test_elbow_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "elbow", "--json", "--seed", "0")
    assert status == 0 and err == ""
    doc = json.loads(out)
    assert ELBOW_KEYS <= set(doc)
    assert doc["knee"] == 3 and doc["ks"] == list(range(1, 11))
    assert (doc["n_init"], doc["seed"]) == (10, 0)
    for best, lo, hi in zip(doc["inertia"], doc["inertia_min"], doc["inertia_max"], strict=True):
        assert lo <= best <= hi
    assert all(b <= a for a, b in zip(doc["inertia"], doc["inertia"][1:]))
    assert knee(doc["ks"], doc["inertia"]) == 3
    kneed = pytest.importorskip("kneed")
    ref = kneed.KneeLocator(doc["ks"], doc["inertia"], curve="convex", direction="decreasing", S=1.0,
                            interp_method="interp1d")
    assert ref.knee == 3


def test_elbow_table_marks_the_knee(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "elbow", "--seed", "0", "--k-max", "5", "--n-init", "3")
    assert status == 0
    marked = [ln for ln in out.splitlines() if "← knee" in ln]
    assert len(marked) == 1 and marked[0].split()[0] == "3"
    assert "knee at K=3" in out


def test_elbow_json_has_the_gap_statistic_and_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    from kmtui.engine.elbow import elbow
    from kmtui.engine.gap import choose_k

    status, out, _ = cli(capsys, "elbow", "--json", "--seed", "0")
    doc = json.loads(out)
    assert status == 0 and doc["tol"] == 1e-4, "kmtui elbow stops runs at scikit-learn's default tol"
    assert (doc["knee"], doc["gap_k"], doc["verdict"]) == (3, 3, "clear")
    assert len(doc["reference"]) == len(doc["gap"]) == len(doc["gap_sd"]) == 10 and doc["n_refs"] == 10
    for ref, best, g in zip(doc["reference"], doc["inertia"], doc["gap"], strict=True):
        assert g == pytest.approx(np.log(ref) - np.log(best), abs=1e-9)
    assert choose_k(doc["ks"], doc["gap"], doc["gap_sd"]) == 3
    same = elbow(load_dataset("blobs").X, random_state=0)
    assert doc["gap"] == same.gap and doc["inertia"] == same.inertia
    status, out, _ = cli(capsys, "elbow", "--json", "--seed", "0", "-d", "uniform")
    doc = json.loads(out)
    assert doc["gap_k"] == 1 and doc["verdict"] == "none" and doc["knee"] == 4
    status, out, _ = cli(capsys, "elbow", "--json", "--seed", "0", "--tol", "0")
    assert json.loads(out)["tol"] == 0.0


def test_elbow_table_says_the_verdict_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "elbow", "--seed", "0", "-d", "uniform")
    words = " ".join(out.split())
    assert status == 0
    assert ("Kneedle sees a bend at 4, but data with no groups at all gives this curve too: "
            "no clear structure") in words
    assert "judgement" in words
    gap_row = next(ln for ln in out.splitlines() if "← gap" in ln)
    assert gap_row.split()[0] == "1"
    assert "reference" in out and "s(K)" in out
    status, out, _ = cli(capsys, "elbow", "--seed", "0")
    words = " ".join(out.split())
    assert "Clear structure: Kneedle finds the knee at K=3 and the gap statistic" in words
    assert next(ln for ln in out.splitlines() if "← knee and gap" in ln).split()[0] == "3"


# ------------------------------------------------------------------ datasets, version, help


def test_datasets_lists_all_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "datasets")
    assert status == 0
    listed = [ln.split()[0] for ln in out.splitlines() if ln and ln.split()[0] in DATASETS]
    assert listed == list(DATASETS) and len(listed) >= 12
    for name in DATASETS:
        line = next(ln for ln in out.splitlines() if ln.startswith(name + " "))
        ds = load_dataset(name)
        assert f"{ds.n_samples} × {ds.n_features}" in line
    status, out, _ = cli(capsys, "datasets", "--json")
    assert [row["name"] for row in json.loads(out)] == list(DATASETS)


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["trace", "--help"], ["elbow", "--help"],
                                  ["datasets", "--help"]], ids=" ".join)
def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = cli(capsys, *argv)
    assert status == 0 and err == ""
    if argv == ["--version"]:
        assert out.strip() == f"kmtui {__version__}"
    else:
        assert out.startswith("usage: kmtui")


def test_app_mode_hands_the_options_to_the_app(capsys: pytest.CaptureFixture[str], app_calls: list[Any]) -> None:
    status, _, err = cli(capsys, "-d", "iris", "-k", "4", "--seed", "9", "--init", "farthest", "--x", "sepal_length",
                         "--no-animation", "--standardize")
    assert status == 0 and err == ""
    (opts,) = app_calls
    assert (opts.k, opts.seed, opts.seed_given, opts.init, opts.animate) == (4, 9, True, "farthest", False)
    assert opts.selection.dataset.name == "iris" and opts.selection.x_name == "sepal_length"
    assert opts.selection.standardized


# ------------------------------------------------------------------ bad usage


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {
        "ok": "a,b\n1,2\n3,4\n5,6\n7,8\n",
        "empty": "",
        "text": "a,b\n1,2\n3,x\n5,6\n",
        "header_only": "a,b\n",
        "one_column": "a\n1\n2\n",
        "ragged": "a,b\n1,2,3\n3,4\n",
        "inf": "a,b\n1,inf\n3,4\n",
    }
    out = {}
    for name, text in paths.items():
        p = tmp_path / f"{name}.csv"
        p.write_text(text)
        out[name] = str(p)
    (tmp_path / "binary.csv").write_bytes(b"a,b\n\x00\x01\x02\n")
    out["binary"] = str(tmp_path / "binary.csv")
    (tmp_path / "adir").mkdir()
    out["dir"] = str(tmp_path / "adir")
    out["missing"] = str(tmp_path / "no-such.csv")
    return out


BAD_USAGE = [
    # (id, argv with {placeholders}, a fragment the one error line must contain)
    ("unknown option", ["--bogus"], "unrecognized arguments: --bogus"),
    ("k 0", ["-k", "0"], "K must be at least 1, not 0"),
    ("k negative", ["-k", "-1"], "K must be at least 1"),
    ("k abc", ["-k", "abc"], "K must be a whole number, not 'abc'"),
    ("k missing", ["-k"], "expected one argument"),
    ("k more than points", ["-k", "1000"], "K=1000 is more than the 300 points"),
    ("unknown dataset", ["-d", "nope"], "unknown dataset 'nope'"),
    ("unknown init", ["--init", "nope"], "invalid choice: 'nope'"),
    ("unknown empty", ["--empty", "nope"], "invalid choice: 'nope'"),
    ("missing file", ["{missing}"], "no such file"),
    ("directory", ["{dir}"], "is a directory"),
    ("file and dataset", ["{ok}", "--dataset", "iris"], "not both"),
    ("unknown column", ["-d", "iris", "--x", "nope"], "iris, --x: unknown x column 'nope'"),
    ("column out of range", ["--x", "5"], "--x: x column index 5 is out of range: the data has 2 columns"),
    ("same column twice", ["--x", "0", "--y", "0"], "--x and --y: x and y are the same column ('x')"),
    ("features once", ["--features", "x"], "--features: choose at least 2 feature columns, not 1"),
    ("features twice", ["-d", "iris", "--features", "0,0"],
     "--features: column 'sepal_length' is listed twice in the features"),
    ("label on builtin", ["--label", "x"], "--label is for CSV files"),
    ("tol negative", ["--tol", "-1"], "--tol must be a finite number >= 0"),
    ("tol nan", ["--tol", "nan"], "--tol must be a finite number >= 0"),
    ("seed negative", ["--seed", "-5"], "--seed must be between 0 and 2**63-1, not -5"),
    ("seed float", ["--seed", "1.5"], "--seed must be a whole number"),
    ("max-iter 0", ["--max-iter", "0"], "--max-iter must be at least 1"),
    ("empty csv", ["{empty}"], "empty"),
    ("text in numeric column", ["{text}"], "line 3, column 2"),
    ("header only", ["{header_only}"], "no data rows"),
    ("one column", ["{one_column}"], "at least 2 numeric columns"),
    ("ragged", ["{ragged}"], "line 2"),
    ("infinity", ["{inf}"], "not a finite number"),
    ("binary", ["{binary}"], "binary"),
    ("x negative index", ["--x", "-1"], "--x: x column index -1 is out of range"),
]


def _cases() -> list[Any]:
    return [pytest.param(*case, id=case[0]) for case in BAD_USAGE]


@pytest.mark.parametrize("mode", ["app", "trace"])
@pytest.mark.parametrize(("name", "argv", "fragment"), _cases())
def test_bad_usage_is_one_error_line_and_status_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], app_calls: list[Any],
    mode: str, name: str, argv: list[str], fragment: str,
) -> None:
    args = [a.format(**files) for a in argv]
    if mode == "trace":
        args = ["trace", *args]
    status, out, err = cli(capsys, *args)
    assert app_calls == [], "the app must not start on bad usage"
    assert status == 2, f"status {status}; stdout {out[:200]!r}"
    assert out == ""
    assert_one_error_line(err, fragment)
    for key in re.findall(r"\{(\w+)\}", " ".join(argv)):
        assert Path(files[key]).name in err, "the error names the file"


def test_text_in_a_numeric_column_says_where(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, _, err = cli(capsys, "trace", files["text"])
    assert status == 2
    assert err.strip() == f"kmtui: error: {files['text']}, line 3, column 2 (b): 'x' is not a number"


@pytest.mark.parametrize(("argv", "line"), [
    (["-d", "iris", "--x", "nope"],
     "iris, --x: unknown x column 'nope' (columns: sepal_length, sepal_width, petal_length, petal_width)"),
    (["--y", "7"], "blobs, --y: y column index 7 is out of range: the data has 2 columns (0 to 1)"),
    (["--x", "y", "--y", "1"], "blobs, --x and --y: x and y are the same column ('y'); pick two different columns"),
    (["--features", "x"], "blobs, --features: choose at least 2 feature columns, not 1"),
    (["-d", "iris", "--features", "0,1", "--x", "2"],
     "iris, --x and --features: the x column ('petal_length') is not among the features"),
    (["-d", "iris", "--features", "sepal_width,0", "--y", "petal_width"],
     "iris, --y and --features: the y column ('petal_width') is not among the features"),
    (["{labeled}", "--label", "zz"], "{labeled}, --label: unknown label column 'zz' (columns: a, b, c, d)"),
    (["{labeled}", "--label", "a", "--x", "a"], "{labeled}, --x: unknown x column 'a' (columns: b, d)"),
], ids=["unknown", "out of range", "same", "one feature", "x not a feature", "y not a feature", "label",
        "label as x"])
def test_a_column_error_names_the_flag_that_chose_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], line: str
) -> None:
    """The data layer names the role (the x column, the features); the CLI adds the flag that set it."""
    labeled = tmp_path / "labeled.csv"
    labeled.write_text("a,b,c,d\n1,2,p,7\n3,4,q,8\n5,6,p,9\n")
    args = [a.format(labeled=labeled) for a in argv]
    status, out, err = cli(capsys, "trace", *args)
    assert (status, out) == (2, "")
    assert err == f"kmtui: error: {line.format(labeled=labeled)}\n"


def test_bad_usage_in_elbow_and_datasets(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, fragment in ((["elbow", "--k-max", "0"], "--k-max must be at least 1"),
                           (["elbow", "--n-init", "0"], "--n-init must be at least 1"),
                           (["datasets", "--bogus"], "unrecognized arguments: --bogus")):
        status, out, err = cli(capsys, *argv)
        assert (status, out) == (2, "")
        assert_one_error_line(err, fragment)


@pytest.mark.parametrize("mode", [["trace"], ["elbow", "--k-max", "3", "--n-init", "1"], []],
                         ids=["trace", "elbow", "app"])
def test_dropped_rows_are_reported_once(capsys: pytest.CaptureFixture[str], tmp_path: Path, mode: list[str],
                                        app_calls: list[Any]) -> None:
    p = tmp_path / "gaps.csv"
    p.write_text("a,b\n1,2\n,4\n5,6\n7,8\n")
    status, out, err = cli(capsys, *mode, str(p), "-k", "2", "--seed", "0")
    assert status == 0
    if mode[:1] == ["trace"]:
        assert "(3 points" in out
    if not mode:
        assert app_calls[0].selection.dataset.n_samples == 3
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kmtui: warning:") and "dropped 1 row" in lines[0]
    assert "line 3" in lines[0], "the warning says which line"


# ------------------------------------------------------------------ the real process


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["trace", "-k", "0"], "K must be at least 1"),
    (["elbow", "-d", "nope"], "unknown dataset 'nope'"),
])
def test_process_exit_status_2_and_one_stderr_line(argv: list[str], fragment: str) -> None:
    proc = run(*argv)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert_one_error_line(proc.stderr.decode(), fragment)


def test_process_version_and_help() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"kmtui {__version__}"
    proc = run("--help")
    assert proc.returncode == 0 and b"exit status: 0 success, 2 bad usage" in proc.stdout


def test_process_reads_csv_from_stdin() -> None:
    csv = b"a,b\n0,0\n0,1\n1,0\n10,10\n10,11\n11,10\n"
    proc = run("trace", "-", "-k", "2", "--seed", "0", "--json", stdin=csv)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["dataset"]["n_samples"] == 6 and doc["dataset"]["features"] == ["a", "b"]
    labels = doc["labels"]
    assert labels[0] == labels[1] == labels[2] != labels[3] == labels[4] == labels[5]


def test_process_bad_csv_on_stdin_says_where() -> None:
    proc = run("trace", "-", stdin=b"a,b\n1,2\n3,x\n")
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr.decode(), "<stdin>, line 3, column 2")


def test_process_closed_pipe_ends_quietly() -> None:
    """kmtui trace | head: no traceback when the reader goes away."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.Popen([sys.executable, "-m", "kmtui", "trace", "--seed", "1", "--json", "--labels"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    status = proc.wait(timeout=20)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert status in (0, -signal.SIGPIPE)


# ------------------------------------------------------------------ the package's shape


def test_every_command_has_a_parser_and_a_function() -> None:
    from kmtui.cli import COMMANDS
    from kmtui.cli.options import PARSERS, app_parser

    assert set(COMMANDS) == set(PARSERS) | {"app"}
    assert app_parser().prog == "kmtui"
    for name, build in PARSERS.items():
        assert build().prog == f"kmtui {name}"


def test_the_console_script_is_main() -> None:
    import importlib
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["kmtui"]
    module, _, attr = target.partition(":")
    assert getattr(importlib.import_module(module), attr) is main


def test_a_usage_error_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from kmtui.cli.options import trace_parser
    from kmtui.errors import InputError, UsageError

    with pytest.raises(UsageError) as info:
        trace_parser().parse_args(["--k", "0"])
    assert isinstance(info.value, InputError)
    assert str(info.value) == "argument -k/--k: K must be at least 1, not 0 (see 'kmtui trace --help')"


def test_customers_csv_leaves_the_id_out_with_one_warning(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = ["CustomerID,Gender,Age,Annual Income (k$),Spending Score (1-100)"]
    rows += [f"{i},{rng.choice(['Male', 'Female'])},{rng.integers(18, 70)},{rng.integers(15, 137)},"
             f"{rng.integers(1, 100)}" for i in range(1, 201)]
    path = tmp_path / "Mall_Customers.csv"
    path.write_text("\n".join(rows) + "\n")
    status, out, err = cli(capsys, "trace", str(path), "--json", "--seed", "0")
    assert status == 0
    doc = json.loads(out)
    assert doc["dataset"]["features"] == ["Age", "Annual Income (k$)"]
    assert err.splitlines() == [
        f"kmtui: warning: {path}: column 1 (CustomerID) is named like an ID and holds different whole numbers: "
        "taken as a row number or an ID, not drawn or clustered (use --x or --features to include it)"]
    status, out, err = cli(capsys, "trace", str(path), "--json", "--seed", "0", "--x", "CustomerID")
    assert json.loads(out)["dataset"]["features"][0] == "CustomerID" and err == "", "chosen: no warning"
    status, out, err = cli(capsys, "trace", str(path), "--json", "--seed", "0", "--features",
                           "Annual Income (k$),Spending Score (1-100)")
    assert json.loads(out)["dataset"]["features"] == ["Annual Income (k$)", "Spending Score (1-100)"]
