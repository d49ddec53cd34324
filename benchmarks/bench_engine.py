"""Benchmark: kmtui's K-Means engine against scikit-learn, in the same process and run.

Measures the two engine budgets of the design (design.md, "Budgets"):

1. one Lloyd iteration on 1 000 000 × 2 points, K=8: ≤ 1.5× scikit-learn's.
   Both fit the same data from the same initial centroids with ``n_init=1``,
   ``tol=0`` and ``max_iter=20`` on data where 20 iterations do not converge
   (checked: ``n_iter_ == 20`` for both); the fit time divided by ``n_iter_``
   is the time per iteration. kmtui's bare assign + update
   (``steps._assign`` + ``steps._update``, no estimator, no Steps) is reported
   too, and both again on one thread (for information: no budget);
2. the elbow sweep K=1..10, ``n_init=10``, on the 300-point built-in ``blobs``:
   ``kmtui.elbow`` against a loop of ``sklearn.cluster.KMeans(n_clusters=k,
   n_init=10, random_state=0).fit(X)``: ≤ 0.25× scikit-learn's. The same on
   100 000 points, without a budget (``--quick`` skips it);
3. ``kmtui elbow`` on 200 000 points of blobs: the sweep K=1..10, ``n_init=10``
   at scikit-learn's default tol (1e-4), *with* the gap statistic (10
   reference sets of 2 000 points, each swept the same way), against
   scikit-learn's plain sweep ``KMeans(k, n_init=10).fit`` for k in 1..10 in
   the same run: ≤ 2× (``--quick`` skips it).

Every time is the minimum of several rounds (``time.perf_counter``); in each
round kmtui and scikit-learn each run once, in an order that rotates, so that
a busy moment hurts both. The machine, the thread pools (``threadpoolctl``), the BLAS/OpenMP
environment variables and the load average go into the output: on a shared
2-core machine they change the numbers more than anything else (scikit-learn's
OpenMP threads slow down several-fold when another process holds a core).
``--wait-idle`` starts each round only when the machine is idle (Linux).

Run: ``python benchmarks/bench_engine.py [--quick] [--wait-idle] [--repeat N] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import cpu_model  # noqa: E402

# Run from a checkout without installing: the repository root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.cluster import KMeans as SKMeans  # noqa: E402

import kmtui  # noqa: E402
from kmtui.engine import _kernels, steps  # noqa: E402

N_BIG, K_BIG, ITERS = 1_000_000, 8, 20
ENV_VARS = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
)


# ------------------------------------------------------------------ machine




def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load_average() -> list[float] | None:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict[str, Any]:
    # threadpool_info lists only the libraries loaded so far: sklearn.cluster
    # is imported above, so its OpenMP runtime is among them.
    pools = [
        {k: info.get(k) for k in ("user_api", "internal_api", "prefix", "version", "num_threads", "architecture")}
        for info in threadpoolctl.threadpool_info()
    ]
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable_cores(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "kmtui": kmtui.__version__,
        "kmtui_engine_threads": _kernels._THREADS,
        "threadpools": pools,
        "env": {name: os.environ.get(name) for name in ENV_VARS},
    }


# ------------------------------------------------------------------- timing


def cpu_idle_fraction(seconds: float = 0.3) -> float:
    """Share of CPU time spent idle over the next ``seconds`` (Linux; 1.0 elsewhere)."""

    def read() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = read()
        time.sleep(seconds)
        idle1, total1 = read()
    except OSError:
        return 1.0
    return (idle1 - idle0) / max(1, total1 - total0)


WAIT_IDLE = False  # set by --wait-idle
WAITED = {"rounds": 0, "idle": 0}


def wait_for_idle(threshold: float = 0.9, patience: float = 60.0) -> None:
    """With --wait-idle, return once the machine is idle (or after ``patience`` seconds)."""
    if not WAIT_IDLE:
        return
    WAITED["rounds"] += 1
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if cpu_idle_fraction() >= threshold:
            WAITED["idle"] += 1
            break
    # The core has been asleep: spin a little so that the first timed
    # function does not pay for the clock and caches waking up.
    spin = time.perf_counter() + 0.05
    while time.perf_counter() < spin:
        pass


def best_of(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Minimum seconds of each function over ``repeat`` rounds.

    In each round every function runs once, in an order that rotates from
    round to round, so that none is always first after a pause or always
    second after the other's memory traffic.
    """
    best = {name: float("inf") for name in fns}
    names = list(fns)
    for i in range(repeat):
        wait_for_idle()
        for name in names[i % len(names) :] + names[: i % len(names)]:
            t0 = time.perf_counter()
            fns[name]()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def sk_lloyd(X: np.ndarray, C0: np.ndarray, max_iter: int) -> SKMeans:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "n_init ignored with an explicit init"
        return SKMeans(len(C0), init=C0, n_init=1, max_iter=max_iter, tol=0.0, algorithm="lloyd").fit(X)


def km_lloyd(X: np.ndarray, C0: np.ndarray, max_iter: int) -> kmtui.KMeans:
    return kmtui.KMeans(len(C0), init=C0, n_init=1, max_iter=max_iter, tol=0.0).fit(X)


# ------------------------------------------------------------- 1: iteration


def bench_iteration(repeat: int, single_thread: bool) -> list[dict[str, Any]]:
    rng = np.random.default_rng(0)
    # Uniform points: Lloyd creeps on them, so 20 iterations never converge.
    X = rng.uniform(0.0, 1.0, size=(N_BIG, 2))
    C0 = X[np.sort(rng.choice(N_BIG, size=K_BIG, replace=False))].copy()

    sk, km = sk_lloyd(X, C0, ITERS), km_lloyd(X, C0, ITERS)  # warm-up and checks
    if sk.n_iter_ != ITERS or km.n_iter_ != ITERS:
        raise SystemExit(f"a fit converged early (scikit-learn {sk.n_iter_}, kmtui {km.n_iter_}): pick other data")
    same_labels = bool(np.array_equal(sk.labels_, km.labels_))
    rel_inertia = abs(km.inertia_ - sk.inertia_) / sk.inertia_

    t = best_of({"sk": lambda: sk_lloyd(X, C0, ITERS), "km": lambda: km_lloyd(X, C0, ITERS)}, repeat)
    XT = steps._transposed(X)  # made once per run by the loop too
    labels = steps._assign(X, C0, XT)[0]

    def bare() -> None:
        lab, _ = steps._assign(X, C0, XT)
        steps._update(X, lab, C0, "relocate", XT)

    tb = best_of(
        {
            "assign+update": bare,
            "assign": lambda: steps._assign(X, C0, XT),
            "update": lambda: steps._update(X, labels, C0, "relocate", XT),
        },
        repeat,
    )
    note = (f"{N_BIG:,}×2, K={K_BIG}, {ITERS} iterations from the same centroids; "
            f"same labels: {same_labels}; inertia rel. diff {rel_inertia:.1e}")
    rows = [
        row("Lloyd iteration, 1M×2, K=8 (fit / n_iter_)", t["km"] / ITERS, t["sk"] / ITERS, 1.5, "≤", note),
        row("  kmtui bare assign+update (no estimator)", tb["assign+update"], t["sk"] / ITERS, None, "",
            f"steps._assign {tb['assign'] * 1e3:.1f} ms + steps._update {tb['update'] * 1e3:.1f} ms "
            "(X.T made once, as the loop does)"),
    ]
    if single_thread:
        saved = _kernels._THREADS
        _kernels._THREADS = 1
        try:
            with threadpoolctl.threadpool_limits(limits=1):
                t1 = best_of({"sk": lambda: sk_lloyd(X, C0, ITERS), "km": lambda: km_lloyd(X, C0, ITERS)}, repeat)
        finally:
            _kernels._THREADS = saved
        rows.append(row("  same, both on 1 thread (information)", t1["km"] / ITERS, t1["sk"] / ITERS, None, "",
                        "threadpoolctl limits=1 for scikit-learn, _kernels._THREADS=1 for kmtui"))
    return rows


# ----------------------------------------------------------------- 2: elbow


def elbow_data(n: int) -> tuple[np.ndarray, str]:
    try:
        from kmtui.data import load_dataset

        return load_dataset("blobs", n_samples=n, random_state=0).X, "kmtui built-in blobs"
    except Exception:  # the data layer is optional here
        rng = np.random.default_rng(0)
        centres = np.array([(-5.0, -3.0), (5.0, -3.0), (0.0, 5.0)])
        X = centres[rng.integers(0, 3, n)] + rng.normal(size=(n, 2))
        return X, "three gaussian blobs (seed 0)"


def sk_sweep(X: np.ndarray, tol: float = 1e-4) -> list[float]:
    return [SKMeans(n_clusters=k, n_init=10, random_state=0, tol=tol).fit(X).inertia_ for k in range(1, 11)]


def km_sweep(X: np.ndarray) -> list[float]:
    # the plain sweep to compare with scikit-learn's: run to the end (tol=0), no gap statistic
    return kmtui.elbow(X, k_max=10, n_init=10, init="k-means++", random_state=0, tol=0.0, gap=False).inertia


def km_elbow_with_gap(X: np.ndarray) -> Any:
    """What ``kmtui elbow`` computes: the sweep at tol 1e-4 and the gap statistic."""
    return kmtui.elbow(X, k_max=10, n_init=10, init="k-means++", random_state=0)


def bench_elbow_gap(n: int, repeat: int, budget: float) -> list[dict[str, Any]]:
    X, source = elbow_data(n)
    t = best_of({"sk": lambda: sk_sweep(X), "km": lambda: km_elbow_with_gap(X)}, repeat)
    curve, sk_curve = km_elbow_with_gap(X), sk_sweep(X)
    worst = max(abs(a - b) / b for a, b in zip(curve.inertia, sk_curve, strict=True))
    note = (f"{source}, {n:,} points; kmtui elbow's work: the sweep at tol 1e-4 plus the gap statistic "
            f"({curve.n_refs} reference sets of {curve.ref_points:,} points), knee {curve.knee}, gap K "
            f"{curve.gap_k}, verdict {curve.verdict}; scikit-learn: the plain sweep at its default tol; "
            f"best-of-10 inertia within {worst:.1e} of scikit-learn's at every K")
    return [row(f"Elbow with gap, {n:,} points", t["km"], t["sk"], budget, "≤", note)]


def bench_elbow(n: int, repeat: int, budget: float | None, single_thread: bool = False) -> list[dict[str, Any]]:
    X, source = elbow_data(n)
    km_curve, sk_curve = km_sweep(X), sk_sweep(X)  # warm-up; same problem?
    worst = max(abs(a - b) / b for a, b in zip(km_curve, sk_curve, strict=True))
    t = best_of({"sk": lambda: sk_sweep(X), "km": lambda: km_sweep(X)}, repeat)
    note = (f"{source}, {n:,} points; best-of-10 inertia within {worst:.1e} of scikit-learn's at every K "
            "(kmtui runs to tol=0, scikit-learn stops at its default tol=1e-4)")
    rows = [row(f"Elbow sweep K=1..10, n_init=10, {n:,} points", t["km"], t["sk"], budget, "≤", note)]
    if n <= 10_000:
        # The same amount of work: scikit-learn also running every fit to strict convergence.
        t0 = best_of({"sk": lambda: sk_sweep(X, tol=0.0)}, repeat)
        rows.append(row("  same work: scikit-learn at tol=0 (information)", t["km"], t0["sk"], None, "",
                        "both run every K-Means until no label changes"))
    if single_thread:
        with threadpoolctl.threadpool_limits(limits=1):
            t1 = best_of({"sk": lambda: sk_sweep(X)}, repeat)
        rows.append(row("  same, scikit-learn on 1 thread (information)", t["km"], t1["sk"], None, "",
                        "scikit-learn's OpenMP limited to 1 thread by threadpoolctl; kmtui as above"))
    return rows


# ------------------------------------------------------------------- output


def row(what: str, ours: float, theirs: float, budget: float | None, op: str, note: str) -> dict[str, Any]:
    ratio = ours / theirs
    return {
        "what": what,
        "kmtui_s": ours,
        "sklearn_s": theirs,
        "ratio": ratio,
        "budget": None if budget is None else f"{op} {budget}×",
        "met": None if budget is None else bool(ratio <= budget),
        "note": note,
    }


def fmt_time(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 10 else f"{s:.2f} s"


def print_table(rows: list[dict[str, Any]]) -> None:
    head = ("what", "kmtui", "scikit-learn", "ratio", "budget", "met?")
    cells = [
        (r["what"], fmt_time(r["kmtui_s"]), fmt_time(r["sklearn_s"]), f"{r['ratio']:.3f}×",
         r["budget"] or "—", {True: "yes", False: "NO", None: "—"}[r["met"]])
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    def line(c: tuple[str, ...]) -> str:
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(c, widths, strict=True)))

    print(line(head))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line(c))
    print()
    for r in rows:
        print(f"* {r['what'].strip()}: {r['note']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer rounds; skip the 100 000-point sweep and the 1-thread runs")
    ap.add_argument("--repeat", type=int, default=None, help="rounds per measurement (default 5, 3 with --quick)")
    ap.add_argument("--wait-idle", action="store_true", help="start each round when the machine is idle (Linux)")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON")
    args = ap.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 5)
    global WAIT_IDLE
    WAIT_IDLE = args.wait_idle

    info = machine()
    started = dt.datetime.now(dt.UTC)
    load_before = load_average()
    print(f"kmtui engine benchmark, {started:%Y-%m-%d %H:%M} UTC")
    print(f"{info['platform']}; {info['cpu']}; {info['usable_cores']} usable cores of {info['cores']}")
    print(f"python {info['python']}, numpy {info['numpy']}, scikit-learn {info['sklearn']}, kmtui {info['kmtui']}")
    for p in info["threadpools"]:
        print(f"  thread pool: {p['user_api']}/{p['internal_api']} {p['prefix']} {p['version'] or ''} "
              f"threads={p['num_threads']}")
    print(f"  kmtui engine threads: {info['kmtui_engine_threads']}")
    env_set = {k: v for k, v in info["env"].items() if v is not None}
    print("  env: " + (", ".join(f"{k}={v}" for k, v in env_set.items()) if env_set
                       else f"none of {', '.join(ENV_VARS)} is set"))
    print(f"  load average before: {load_before}  (minimum of {repeat} rounds"
          f"{', each started when the machine was idle' if WAIT_IDLE else ''})\n", flush=True)

    rows = bench_iteration(repeat, single_thread=not args.quick)
    rows += bench_elbow(300, repeat, 0.25, single_thread=not args.quick)
    if not args.quick:
        rows += bench_elbow(100_000, 1, None)
        rows += bench_elbow_gap(200_000, 1, 2.0)
    load_after = load_average()
    print_table(rows)
    print(f"\nload average after: {load_after}")
    if WAIT_IDLE:
        print(f"rounds started on an idle machine: {WAITED['idle']} of {WAITED['rounds']}")

    if args.json:
        report = {
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "date": started.isoformat(timespec="seconds"),
            "machine": info,
            "load_average": {"before": load_before, "after": load_after},
            "repeat": repeat,
            "wait_idle": WAIT_IDLE and dict(WAITED),
            "results": rows,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
