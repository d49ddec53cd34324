"""Run every kmtui benchmark and print one table of measurements beside their anchors.

Runs, each in its own process (so one's imports and caches do not help
another):

1. ``benchmarks/bench_engine.py --quick`` (when it exists): the engine against
   scikit-learn;
2. ``benchmarks/bench_render.py --widgets``: the scatter rasterizer and the
   ScatterView widget against textual-plotext's PlotextPlot;
3. ``benchmarks/bench_app.py``: the real app in a pseudo-terminal against a
   Textual hello world and a naive textual-plotext animation.

Then prints one table — what, kmtui, anchor, ratio, budget, met? — and writes
``bench-results/latest.json`` (plus a dated copy): the machine (CPU model,
cores, load average), the date, the versions, the git commit, the command,
every benchmark's own JSON and the combined rows. Takes about 3 minutes on 2
cores (``--quick``: about 1.5).

Run: ``python benchmarks/run_all.py [--quick] [--skip engine,render,app] [--out DIR]``.
Exit status 0 when every budget is met, 1 when one is not, 2 when a benchmark failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import cpu_model, print_table  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
PACKAGES = ("kmtui", "numpy", "scikit-learn", "textual", "rich", "plotext", "textual-plotext", "pyte",
            "threadpoolctl")


# ---------------------------------------------------------------- the machine




def git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def machine() -> dict[str, Any]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    status = git("status", "--porcelain")
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "versions": versions,
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),
    }


# ---------------------------------------------------------------- running


def run(name: str, argv: list[str], json_path: Path, timeout: float) -> dict[str, Any]:
    """Run one benchmark; its stdout goes to ours; returns its JSON (or why there is none)."""
    print(f"\n=== {name}: {' '.join(Path(a).name if a == PY else a for a in argv)}", flush=True)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(argv, cwd=ROOT, timeout=timeout, check=False)
        status: int | str = proc.returncode
    except subprocess.TimeoutExpired:
        status = f"timed out after {timeout:g} s"
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"command": argv, "status": status, "seconds": seconds}
    if json_path.exists():
        out["report"] = json.loads(json_path.read_text())
    else:
        out["error"] = f"no JSON written (exit status {status})"
    return out


# ---------------------------------------------------------------- rows


def engine_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """bench_engine's rows (times in s against scikit-learn) in the common shape."""
    rows = []
    for r in report.get("results", []):
        rows.append({
            "what": r.get("what", "?"), "unit": "s", "kmtui": r.get("kmtui_s"), "anchor": r.get("sklearn_s"),
            "anchor_name": "scikit-learn", "ratio": r.get("ratio"), "budget": r.get("budget") or "—",
            "met": r.get("met"), "note": r.get("note"),
        })
    return rows


def render_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The rasterizer budgets, from the widget comparison (same run as the anchor)."""
    rows: list[dict[str, Any]] = []
    widgets = report.get("widgets") or {}
    km = (widgets.get("kmtui") or {}).get("frames", {})
    pt = ((widgets.get("plotext") or {}).get("frames")) or {}
    for n, budget in (("3000", 4.0), ("1000000", 16.0)):
        f = km.get(n)
        if f is None:
            continue
        p = pt.get(n)
        ms = f["model_to_rows"]["median_ms"]
        anchor = None if p is None else p["render"]["median_ms"]
        rows.append({
            "what": f"scatter frame, model → rows, {int(n):,} pts (ms)", "unit": "ms", "kmtui": ms,
            "kmtui_p95": f["model_to_rows"]["p95_ms"], "anchor": anchor,
            "anchor_name": "PlotextPlot.render()", "ratio": None if anchor is None else ms / anchor,
            "budget": f"≤ {budget:g} ms", "met": ms <= budget,
        })
    for n, f in km.items():
        p = pt.get(n)
        a = f["total"]["median_ms"]
        b = None if p is None else p["total"]["median_ms"]
        rows.append({
            "what": f"scatter frame + strips, {int(n):,} pts (ms)", "unit": "ms", "kmtui": a,
            "kmtui_p95": f["total"]["p95_ms"], "anchor": b, "anchor_p95": None if p is None else p["total"]["p95_ms"],
            "anchor_name": "PlotextPlot render() + strips", "ratio": None if b is None else a / b,
            "budget": "≥ 10× faster (ratio ≤ 0.1)", "met": None if b is None else a * 10 <= b,
        })
    g = (widgets.get("kmtui") or {}).get("glide")
    if g:
        rows.append({
            "what": f"glide frame through ScatterView, {g['points']:,} pts (ms)", "unit": "ms",
            "kmtui": g["median_ms"], "kmtui_p95": g["p95_ms"], "anchor": None, "anchor_name": None,
            "ratio": None, "budget": "≤ 2 ms", "met": g["median_ms"] <= 2.0,
            "note": f"{g['lines_per_frame']:.1f} lines repainted per frame",
        })
    elif "glide frame, 100 000 points" in report.get("renderer", {}):
        r = report["renderer"]["glide frame, 100 000 points"]
        rows.append({"what": "glide frame (renderer), 100,000 pts (ms)", "unit": "ms", "kmtui": r["median_ms"],
                     "anchor": None, "anchor_name": None, "ratio": None, "budget": "≤ 2 ms",
                     "met": r["median_ms"] <= 2.0})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs everywhere (a smoke test, not for the record)")
    ap.add_argument("--skip", default="", help="comma-separated: engine, render, app")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-results", help="where latest.json goes")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    args.out.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now(dt.UTC)
    info = machine()
    load_before = os.getloadavg()
    print(f"kmtui benchmarks, {started:%Y-%m-%d %H:%M} UTC on {info['cpu']}, "
          f"{info['usable_cores']} usable cores of {info['cores']}; load average {load_before}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v))

    stamp = started.strftime("%Y%m%dT%H%M%S")
    parts: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    engine = HERE / "bench_engine.py"
    if "engine" not in skip:
        if engine.exists():
            path = args.out / f"engine-{stamp}.json"
            parts["engine"] = run("engine", [PY, str(engine), "--quick", "--json", str(path)], path, 300)
            rows += engine_rows(parts["engine"].get("report", {}))
        else:
            parts["engine"] = {"error": "benchmarks/bench_engine.py does not exist"}
    if "render" not in skip:
        path = args.out / f"render-{stamp}.json"
        argv_render = [PY, str(HERE / "bench_render.py"), "--widgets", "--repeat", "10" if args.quick else "20",
                       "--json", str(path)]
        if args.quick:
            argv_render += ["--plotext-max", "30000"]
        parts["render"] = run("render", argv_render, path, 300)
        rows += render_rows(parts["render"].get("report", {}))
    if "app" not in skip:
        path = args.out / f"app-{stamp}.json"
        argv_app = [PY, str(HERE / "bench_app.py"), "--json", str(path)] + (["--quick"] if args.quick else [])
        parts["app"] = run("app", argv_app, path, 600)
        rows += parts["app"].get("report", {}).get("rows", [])

    finished = dt.datetime.now(dt.UTC)
    print(f"\n=== all benchmarks, {started:%Y-%m-%d %H:%M} UTC, {info['cpu']}, {info['usable_cores']} cores, "
          f"{(finished - started).total_seconds():.0f} s; load average before {load_before}, after {os.getloadavg()}\n")
    print_table(rows)
    failed = [name for name, p in parts.items() if "error" in p]
    for name in failed:
        print(f"\n{name}: {parts[name]['error']}")

    report = {
        "command": " ".join([Path(PY).name, *sys.argv]),
        "date": started.isoformat(timespec="seconds"),
        "seconds": (finished - started).total_seconds(),
        "machine": {**info, "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "quick": args.quick,
        "rows": rows,
        "benchmarks": parts,
    }
    text = json.dumps(report, indent=2, default=str) + "\n"
    (args.out / "latest.json").write_text(text)
    (args.out / f"all-{stamp}.json").write_text(text)
    for p in parts.values():  # their reports are inside all-*.json now
        cmd = p.get("command") or []
        if "--json" in cmd:
            Path(cmd[cmd.index("--json") + 1]).unlink(missing_ok=True)
    print(f"\nwrote {args.out / 'latest.json'}")
    if failed:
        return 2
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
