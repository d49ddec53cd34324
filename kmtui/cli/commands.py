"""The commands: trace, elbow, play, lesson, datasets and the interactive app.

Each takes the parsed options and the stream to print on, and returns the
exit status. The heavy modules (the engine, the UI) are imported inside each
command, so ``kmtui --help`` stays fast and the headless commands never load
Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from kmtui.cli.inputs import load, load_lesson, make_run, resolve_seed, served, stdin_has_data
from kmtui.errors import UsageError

#: A command: the parsed options and standard output in, the exit status out.
Command = Callable[[argparse.Namespace, TextIO], int]


def _wrap(text: str, out: TextIO) -> str:
    """``text`` folded to the terminal's width (at most 100 columns; 100 when not a terminal)."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size((100, 24)).columns if out.isatty() else 100
    return textwrap.fill(text, width=max(40, min(width, 100)))


# ------------------------------------------------------------------ trace


def _refuse_existing(path: str | None, flag: str) -> None:
    """An output path that exists (a file, a folder, a symlink) is refused before any work."""
    if path is not None and os.path.lexists(path):
        raise UsageError(f"{flag} {path}: already exists; kmtui never replaces a file")


def _write_out(path: str, text: str, flag: str) -> None:
    from kmtui.files import FileExists, write_new

    try:
        write_new(path, text)
    except FileExists:
        raise UsageError(f"{flag} {path}: already exists; kmtui never replaces a file") from None
    except OSError as err:
        raise UsageError(f"{flag} {path}: cannot write: {err.strerror or err}") from None


def centroid_line(centroids: Any, empty: frozenset[int] | set[int] = frozenset()) -> str:
    """``0 (1, 6) · 1 (5, 3)``: the centroids, rounded for a board (3 significant digits)."""
    from kmtui.narration import fmt_num

    return " · ".join(f"{j} ({', '.join(fmt_num(float(v), 3) for v in c)})" + (" empty" if j in empty else "")
                      for j, c in enumerate(centroids))


def cmd_trace(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui trace``: run to convergence and print every step, as a table or as JSON (and ``--csv``)."""
    from kmtui.engine.elbow import final_inertia
    from kmtui.engine.state import Phase
    from kmtui.export import final_labels, labels_csv, trace_json

    csv_out = getattr(args, "csv_out", None)
    _refuse_existing(csv_out, "--csv")
    sel = load(args)
    seed = resolve_seed(args.seed)
    run = make_run(args, sel, seed)
    steps = run.run_to_end()
    last = steps[-1]
    labels = final_labels(run)
    init = run.config.init
    if csv_out is not None:
        _write_out(csv_out, labels_csv(sel, labels), "--csv")
    if args.json:
        out.write(trace_json(sel, run))
        return 0
    from kmtui.narration import describe_stop, fmt_num

    final = final_inertia(sel.X, steps)
    ds = sel.dataset
    names = ", ".join(sel.feature_names)
    out.write(f"kmtui trace · {ds.name} ({ds.n_samples} points; {names}"
              f"{', standardized' if sel.standardized else ''}) · K={args.k} · init {init} · "
              f"seed {seed}\n\n")
    header = f"{'step':>4}  {'phase':<6}  {'iter':>4}  {'inertia':>12}  {'changed':>7}  {'shift':>10}  note"
    out.write(header + "\n")
    for s in steps:
        changed = "" if s.changed is None else str(s.changed)
        shift = "" if s.shift is None else fmt_num(s.shift)
        inertia = "—" if s.inertia is None else fmt_num(s.inertia)
        note = ""
        if s.phase is Phase.INIT:
            note = f"{args.k} centroids placed ({init})"
        if s.empty:
            note = "; ".join(
                f"cluster {e.cluster} empty: " + (f"took point {e.point}" if e.action == "relocated"
                                                    else "kept its place" if e.action == "kept"
                                                    else "joined the largest cluster")
                for e in s.empty)
        if s.stop is not None:
            note = (note + "; " if note else "") + f"stop: {s.stop}"
        out.write(f"{s.index:>4}  {s.phase.value:<6}  {s.iteration:>4}  {inertia:>12}  {changed:>7}  "
                  f"{shift:>10}  {note}".rstrip() + "\n")
        if s.phase is not Phase.ASSIGN:
            empty = {e.cluster for e in s.empty}
            out.write(f"{'':>14}centroids: {centroid_line(s.centroids, empty)}\n")
    out.write(f"\nshift: the sum of the squared distances the centroids moved in that update. "
              f"centroids: ({names}), 3 significant digits (--json has them in full).\n")
    out.write(_wrap(describe_stop(last) + f" Final inertia {fmt_num(final)}.", out) + "\n")
    out.write("centroids (" + names + "):\n")
    import numpy as np

    sizes = np.bincount(labels, minlength=run.config.n_clusters)
    for j, c in enumerate(last.centroids):
        coords = ", ".join(fmt_num(v) for v in c)
        out.write(f"  {j}: ({coords})  {int(sizes[j])} points\n")
    if getattr(args, "labels", False):
        out.write("labels: " + " ".join(str(v) for v in labels.tolist()) + "\n")
    if csv_out is not None:
        out.write(f"wrote {csv_out}\n")
    if args.seed is None and init != "given":
        out.write(f"(repeat this run with --seed {seed})\n")
    return 0


# ------------------------------------------------------------------ elbow


def _elbow_progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rkmtui: elbow {done}/{total} runs" + ("\n" if done == total else ""))
    sys.stderr.flush()


def cmd_elbow(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui elbow``: the best inertia for K = 1..k-max, the knee, the gap statistic and the verdict."""
    from kmtui.engine.elbow import elbow
    from kmtui.narration import fmt_num, plural
    from kmtui.narration.steps import describe_elbow, describe_gap, elbow_verdict_line

    sel = load(args)
    n = sel.dataset.n_samples
    if args.k_max > n:
        raise UsageError(f"--k-max {args.k_max} is more than the {plural(n, 'point')} in the data")
    if args.k_max > 100:
        raise UsageError(f"--k-max {args.k_max} is too large: the elbow is read at small K (at most 100)")
    seed = resolve_seed(args.seed)
    progress = _elbow_progress if sys.stderr.isatty() and not args.json else None
    curve = elbow(sel.X, k_max=args.k_max, n_init=args.n_init, init=args.init, max_iter=args.max_iter,
                  tol=args.tol, empty=args.empty, random_state=seed, progress=progress)
    if args.json:
        json.dump(curve.to_dict(), out, allow_nan=False)
        out.write("\n")
        return 0
    ds = sel.dataset
    out.write(f"kmtui elbow · {ds.name} ({ds.n_samples} points) · best of {args.n_init} runs per K · "
              f"init {args.init} · tol {args.tol:g} · seed {seed}\n\n")
    gap = curve.gap is not None
    head = f"{'K':>3}  {'inertia':>12}  {'worst run':>12}  {'fall':>12}"
    out.write(head + (f"  {'reference':>12}  {'gap':>7}  {'s(K)':>6}" if gap else "") + "\n")
    prev = None
    for i, (k, best, hi) in enumerate(zip(curve.ks, curve.inertia, curve.inertia_max, strict=True)):
        fall = "" if prev is None else fmt_num(prev - best)
        line = f"{k:>3}  {fmt_num(best):>12}  {fmt_num(hi):>12}  {fall:>12}"
        if curve.reference is not None and curve.gap is not None and curve.gap_sd is not None:
            line += f"  {fmt_num(curve.reference[i]):>12}  {curve.gap[i]:>7.3f}  {curve.gap_sd[i]:>6.3f}"
        marks = [m for m, at in (("knee", curve.knee), ("gap", curve.gap_k)) if at == k]
        out.write(line + (f"  ← {' and '.join(marks)}" if marks else "") + "\n")
        prev = best
    out.write(f"\ninertia: the best of {args.n_init} runs at each K; worst run: the highest of them; "
              "fall: how much one more cluster lowered the inertia.\n")
    if gap:
        out.write(_wrap(f"reference: the inertia of {curve.n_refs} data sets of {curve.ref_points} points "
                        "spread evenly over the data's bounding box, clustered the same way (their mean"
                        + (f", scaled to {n} points" if curve.ref_points < n else "")
                        + "); gap: log(reference) − log(inertia), how much more grouped than no groups at "
                        "all; s(K): its standard error. " + describe_gap(curve), out) + "\n")
    out.write("\n" + _wrap(describe_elbow(curve), out) + "\n")
    if out.isatty() and not args.no_chart:
        from kmtui.charts import elbow_chart

        size = os.get_terminal_size(out.fileno())
        out.write("\n" + f"Elbow: {elbow_verdict_line(curve)}\n"
                  + elbow_chart(curve, width=min(size.columns, 100), height=16, color=True) + "\n")
    return 0


# ------------------------------------------------------------------ play, lesson, the app


def cmd_play(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui play``: the run animated in the terminal by :func:`kmtui.cli.play.play` (and ``--cast``)."""
    from kmtui.cli.play import play

    if not (0.5 <= args.fps <= 60):
        raise UsageError(f"--fps must be between 0.5 and 60, not {args.fps:g}")
    cast_out = getattr(args, "cast", None)
    _refuse_existing(cast_out, "--cast")
    sel = load(args)
    seed = resolve_seed(args.seed)
    run = make_run(args, sel, seed)
    if cast_out is None:
        return play(run, sel, out=out, fps=args.fps, ascii=args.ascii, projector=args.projector,
                    animate=not args.no_animation)
    from kmtui.cli.play import record

    text = record(make_run(args, sel, seed), sel, fps=args.fps, ascii=args.ascii, projector=args.projector,
                  animate=not args.no_animation)
    status = play(run, sel, out=out, fps=args.fps, ascii=args.ascii, projector=args.projector,
                  animate=not args.no_animation)
    _write_out(cast_out, text, "--cast")
    print(f"kmtui: wrote {cast_out}", file=sys.stderr)
    return status


def cmd_lesson(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui lesson FILE.toml``: the app, playing a scripted lesson (``-k``, ``--seed``, ``-d`` override it)."""
    overrides: dict[str, Any] = {}
    if args.k is not None:
        overrides["k"] = args.k
    if args.seed is not None:
        overrides["seed"] = args.seed
    if args.dataset is not None:
        from kmtui.data.builtin import DATASETS

        name = args.dataset.strip().lower()
        if name not in DATASETS:
            raise UsageError(f"-d: unknown dataset {args.dataset!r} (built-in datasets: {', '.join(DATASETS)})")
        overrides["dataset"] = name
    lesson, selection, start = load_lesson(args.file, **overrides)
    from kmtui.ui.app import AppOptions, run_app

    options = AppOptions(selection=selection, k=lesson.k, init=lesson.init, seed=lesson.seed,
                         tol=lesson.tol, empty=lesson.empty, centroids=start,
                         projector=args.projector, ascii=args.ascii, animate=not args.no_animation,
                         theme=args.theme, lesson=lesson)
    return run_app(options)


def cmd_app(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui [DATA]``: the interactive app.

    With no DATA and no ``--dataset``, a file or pipe on standard input is the
    data (``kmtui < data.csv`` is ``kmtui -``). :func:`~kmtui.ui.app.run_app`
    then takes the keys from the terminal, or fails with one error line when
    there is none (never an app nobody sees).
    """
    if args.data is None and args.dataset is None and not served() and stdin_has_data():
        args.data = "-"
    selection = load(args)
    from kmtui.cli.inputs import starting_centroids
    from kmtui.ui.app import AppOptions, run_app

    options = AppOptions(
        selection=selection, k=args.k, init=args.init, seed=resolve_seed(args.seed),
        centroids=starting_centroids(args, selection),
        seed_given=args.seed is not None, max_iter=args.max_iter, tol=args.tol, empty=args.empty,
        projector=args.projector, ascii=args.ascii, animate=not args.no_animation, theme=args.theme,
    )
    return run_app(options)


# ------------------------------------------------------------------ datasets


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui serve``: the app in a browser; each tab runs kmtui with the same data and options."""
    from kmtui import serve
    from kmtui.cli.inputs import load

    load(args)  # a bad CSV or option: one error line now, not a broken session in every tab
    return serve.run(args, serve.strip_serve_options(list(args.words)))


def cmd_datasets(args: argparse.Namespace, out: TextIO) -> int:
    """``kmtui datasets``: the built-in datasets, one line each (or JSON)."""
    from kmtui.data import DATASETS, load_dataset
    from kmtui.textsafe import clean

    rows: list[dict[str, Any]] = []
    for name in DATASETS:
        ds = load_dataset(name)
        rows.append({"name": name, "n_samples": ds.n_samples, "n_features": ds.n_features,
                     "labeled": ds.y is not None, "description": ds.description})
    if args.json:
        json.dump(rows, out)
        out.write("\n")
        return 0
    width = max(len(name) for name in DATASETS)
    for r in rows:
        out.write(f"{clean(r['name']):<{width}}  {r['n_samples']:>4} × {r['n_features']}  "
                  f"{'labeled  ' if r['labeled'] else '         '}{clean(r['description'], limit=2000)}\n")
    out.write("\nuse one with: kmtui -d NAME   (or give a CSV file: kmtui data.csv)\n")
    return 0


__all__ = ["Command", "cmd_app", "cmd_datasets", "cmd_elbow", "cmd_lesson", "cmd_play",
           "cmd_trace"]
