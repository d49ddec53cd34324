"""Bounded inputs: hostile CSV sources are refused early, in seconds and without gigabytes.

Each case runs kmtui in a child process (with a timeout) that reports its own
peak memory; the refusal must be one ``kmtui: error:`` line, exit status 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kmtui.data import read_csv
from kmtui.data.csv import limits
from kmtui.errors import InputError

ROOT = Path(__file__).resolve().parents[2]

#: The child: kmtui's main, then its peak resident memory (KB) on the last line of stderr.
CHILD = (
    "import resource, sys\n"
    "from kmtui.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stderr.write(f'PEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    "sys.exit(status)\n"
)

SECONDS = 10.0
PEAK_MB = 400


def run_kmtui(*argv: str, stdin: int | None = None, timeout: float = 30) -> tuple[int, str, float, float]:
    """Exit status, the error text (without the PEAK line), seconds taken and peak MB."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    took = time.monotonic() - start
    lines = proc.stderr.splitlines()
    peak = next((int(ln.split()[1]) / 1024 for ln in lines if ln.startswith("PEAK ")), float("nan"))
    err = "\n".join(ln for ln in lines if not ln.startswith("PEAK "))
    return proc.returncode, err, took, peak


def assert_refused(result: tuple[int, str, float, float], *words: str) -> None:
    status, err, took, peak = result
    assert status == 2, err
    assert err.startswith("kmtui: error:") and "\n" not in err, err
    assert "Traceback" not in err and "MemoryError" not in err
    for w in words:
        assert w in err, err
    assert took < SECONDS, f"took {took:.1f} s"
    assert peak < PEAK_MB, f"peak {peak:.0f} MB"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_data_is_refused(device: str) -> None:
    assert_refused(run_kmtui("trace", device), device, "NUL bytes")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_on_standard_input_is_refused(device: str) -> None:
    with open(device, "rb") as f:
        assert_refused(run_kmtui("trace", "-", stdin=f.fileno()), "<stdin>", "NUL bytes")


@pytest.mark.parametrize(("line", "words"), [("1,2\n", ("cells",)), (",".join(["1.5"] * 250) + "\n", ("cells",)),
                                             ("1" * 4096, ("longer than 1 MB",))],
                         ids=["narrow", "wide", "no-newline"])
def test_an_endless_stream_on_standard_input_is_refused(line: str, words: tuple[str, ...]) -> None:
    # A child writes the same line forever, like `yes`; kmtui must stop reading it.
    writer = subprocess.Popen(
        [sys.executable, "-c", f"import sys\nb = {line.encode()!r} * 64\nwhile True: sys.stdout.buffer.write(b)"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert writer.stdout is not None
        assert_refused(run_kmtui("trace", "-", stdin=writer.stdout.fileno()), "<stdin>", *words)
    finally:
        writer.kill()
        writer.wait()


def test_a_file_of_100000_columns_is_refused_in_seconds(tmp_path: Path) -> None:
    f = tmp_path / "wide.csv"
    row = ",".join(["0.5"] * 100_000)
    f.write_text("\n".join([row] * 4) + "\n")
    assert_refused(run_kmtui("trace", str(f)), "100,000 fields", "at most 1,000 columns")


def test_one_50_mb_line_of_numbers_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "line.csv"
    with open(f, "w") as out:
        chunk = ",".join(["7"] * 500_000)  # 1 MB
        for _ in range(50):
            out.write(chunk + ",")
        out.write("7\n")
    assert_refused(run_kmtui("trace", str(f)), "line 1", "longer than 1 MB")


def test_1000_columns_are_read_and_traced_in_seconds(tmp_path: Path) -> None:
    f = tmp_path / "ok.csv"
    lines = [",".join(f"c{j}" for j in range(1000))]
    lines += [",".join(str((i * 7 + j) % 13) for j in range(1000)) for i in range(20)]
    f.write_text("\n".join(lines) + "\n")
    status, err, took, peak = run_kmtui("trace", str(f), "--k", "2", "--seed", "1", "--features",
                                        ",".join(str(j) for j in range(1000)))
    assert status == 0, err
    assert took < SECONDS and peak < PEAK_MB


def test_a_file_larger_than_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.csv"
    with open(f, "wb") as out:
        out.truncate(limits.MAX_BYTES + 1)  # sparse: costs nothing, and would be all NULs
    start = time.monotonic()
    with pytest.raises(InputError, match="at most 256 MB"):
        read_csv(f)
    assert time.monotonic() - start < 1.0


def test_limits_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import io

    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    with pytest.raises(InputError, match="cells"):
        read_csv(io.BytesIO(b"a,b\n" + b"1,2\n" * 60))
    f = tmp_path / "t.csv"
    f.write_text("a,b\n" + "1,2\n" * 30)
    assert read_csv(f).n_samples == 30
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    with pytest.raises(InputError, match="a row has 4 fields: kmtui reads at most 3 columns"):
        read_csv(io.BytesIO(b"a,b,c,d\n1,2,3,4\n5,6,7,8\n"))
    with pytest.raises(InputError, match="at most 5 bytes"):
        limits.read_bounded_text(io.StringIO("x" * 10), "s", max_chars=5)  # message in MB, whatever the size
