"""The command line: parse arguments, load data, dispatch to a mode, report errors.

Every failure a person can cause (a bad option, a broken CSV, an impossible K)
ends here as one line on standard error, ``kmtui: error: …``, and exit status
2; an interrupt exits with 130. No traceback reaches the terminal for those.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn, TextIO

from kmtui.errors import InputError

PROG = "kmtui"
COMMANDS = ("trace", "elbow", "play", "datasets")

#: The flag that sets each role an InputError can be about (see InputError.roles).
ROLE_FLAGS = {"x": "--x", "y": "--y", "features": "--features", "label": "--label"}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the one-line ``kmtui: error:`` the design promises."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see '{self.prog} --help')")


def _positive_int(name: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be at least 1, not {value}")
        return value

    return parse


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, not {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"--seed must be between 0 and 2**63-1, not {value}")
    return value


def _tol(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--tol must be a number, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"--tol must be a finite number >= 0, not {text}")
    return value


def _common(p: argparse.ArgumentParser) -> None:
    from kmtui.engine.steps import EMPTY_POLICIES, INIT_METHODS

    p.add_argument("data", nargs="?", metavar="DATA",
                   help="a CSV file, '-' for standard input, or nothing for the built-in dataset")
    g = p.add_argument_group("data and algorithm")
    g.add_argument("-d", "--dataset", metavar="NAME", help="a built-in dataset (see 'kmtui datasets'); default blobs")
    g.add_argument("-k", "--k", type=_positive_int("K"), default=3, metavar="INT", help="number of clusters (default 3)")
    g.add_argument("--init", choices=INIT_METHODS, default="uniform",
                   help="how the first centroids are placed (default uniform: each coordinate "
                        "uniformly within the data's range)")
    g.add_argument("--seed", type=_seed, metavar="INT",
                   help="seed for every random choice (absent: a random one, shown so the run can be repeated)")
    g.add_argument("--max-iter", type=_positive_int("--max-iter"), default=300, metavar="INT",
                   help="iterations at most (default 300)")
    g.add_argument("--tol", type=_tol, default=0.0, metavar="FLOAT",
                   help="stop when centroids move less than this, relative to the data's variance "
                        "(scikit-learn's rule; default 0: stop when no label changes)")
    g.add_argument("--empty", choices=EMPTY_POLICIES, default="relocate",
                   help="an empty cluster takes the farthest point (relocate, scikit-learn's rule) "
                        "or stays where it is (keep)")
    g.add_argument("--x", metavar="COL", help="column on the horizontal axis (header name or 0-based index)")
    g.add_argument("--y", metavar="COL", help="column on the vertical axis")
    g.add_argument("--features", metavar="COL,COL,...",
                   help="columns to cluster on (default: the two drawn)")
    g.add_argument("--label", metavar="COL", help="column of known labels (for the crosstab)")
    g.add_argument("--standardize", action="store_true", help="scale every feature to mean 0, variance 1")
    d = p.add_argument_group("display")
    d.add_argument("--projector", action="store_true",
                   help="high contrast, big glyphs and digits, the last key shown: for a lecture hall")
    d.add_argument("--ascii", action="store_true", help="ASCII glyphs only, for terminals without Unicode")
    d.add_argument("--no-animation", action="store_true", help="show end states at once")
    d.add_argument("--theme", metavar="NAME", help="a Textual theme (e.g. textual-dark, textual-light)")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The main parser (the interactive app) and one parser per headless command."""
    from kmtui import __version__

    desc = (
        "Learn K-Means clustering in the terminal: place K centroids, assign every point to its "
        "nearest centroid, move each centroid to the mean of its points, repeat until nothing changes."
    )
    epilog = (
        "commands:\n"
        "  kmtui [DATA] [options]          the interactive app (default)\n"
        "  kmtui trace [DATA] [--json]     run to convergence without a UI; print every step\n"
        "  kmtui elbow [DATA] [--k-max N] [--n-init N] [--json]\n"
        "                                  inertia against K, and the knee\n"
        "  kmtui play [DATA] [--fps N]     a non-interactive animation in the terminal, then a summary\n"
        "  kmtui lesson FILE.toml          a scripted lesson in the app (space advances it)\n"
        "  kmtui datasets                  list the built-in datasets\n\n"
        "exit status: 0 success, 2 bad usage or input, 130 interrupted"
    )
    main = _Parser(prog=PROG, description=desc, epilog=epilog,
                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--version", action="version", version=f"kmtui {__version__}")
    _common(main)
    subs: dict[str, argparse.ArgumentParser] = {}

    trace = _Parser(prog=f"{PROG} trace", description="Run K-Means to convergence and print every step.")
    _common(trace)
    trace.add_argument("--json", action="store_true", help="print JSON (the design's trace format)")
    trace.add_argument("--labels", action="store_true", help="also print every point's final label (table mode)")
    subs["trace"] = trace

    elbow = _Parser(prog=f"{PROG} elbow",
                    description="Run K-Means for K = 1..k-max and print the inertia; find the knee (Kneedle).")
    _common(elbow)
    elbow.add_argument("--k-max", type=_positive_int("--k-max"), default=10, metavar="N", help="largest K (default 10)")
    elbow.add_argument("--n-init", type=_positive_int("--n-init"), default=10, metavar="N",
                       help="runs per K; the best is kept (default 10)")
    elbow.add_argument("--json", action="store_true", help="print JSON")
    # The elbow wants the best inertia per K: k-means++ finds it in fewer restarts.
    elbow.set_defaults(init="k-means++")
    elbow.add_argument("--no-chart", action="store_true", help="no chart even on a terminal")
    subs["elbow"] = elbow

    play = _Parser(prog=f"{PROG} play",
                   description="Animate a run in the terminal without the app, then print a summary.")
    _common(play)
    play.add_argument("--fps", type=float, default=10.0, metavar="N", help="frames per second (default 10)")
    subs["play"] = play

    lesson = _Parser(prog=f"{PROG} lesson",
                     description="Play a scripted lesson in the app: space does the next step of the lesson.")
    lesson.add_argument("file", metavar="FILE.toml", help="the lesson (see demos/*.toml)")
    d = lesson.add_argument_group("display")
    d.add_argument("--projector", action="store_true", help="high contrast, big glyphs, the last key shown")
    d.add_argument("--ascii", action="store_true", help="ASCII glyphs only")
    d.add_argument("--no-animation", action="store_true", help="show end states at once")
    d.add_argument("--theme", metavar="NAME", help="a Textual theme")
    subs["lesson"] = lesson

    datasets = _Parser(prog=f"{PROG} datasets", description="List the built-in datasets.")
    datasets.add_argument("--json", action="store_true", help="print JSON")
    subs["datasets"] = datasets
    return main, subs


# ------------------------------------------------------------------ the data


@dataclass(frozen=True)
class Loaded:
    """What the modes need: the selection and where the data came from."""

    selection: object  # kmtui.data.selection.Selection (typed loosely to keep imports lazy)


def load(args: argparse.Namespace) -> Loaded:
    """Read the data the options name and choose its columns."""
    from kmtui.data import load_dataset, read_csv
    from kmtui.data.selection import select

    if args.data is not None and args.dataset is not None:
        raise InputError(f"give a CSV file or --dataset, not both (got {args.data!r} and --dataset {args.dataset})")
    if args.data is not None:
        ds = read_csv(args.data, label=args.label)
    else:
        ds = load_dataset(args.dataset or "blobs")
        if args.label is not None:
            raise InputError("--label is for CSV files; built-in datasets carry their own labels")
    sel = select(ds, x=args.x, y=args.y, features=args.features, standardize=args.standardize)
    for warning in ds.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    n = ds.n_samples
    if args.k > n:
        where = ds.source if ds.source != "built-in" else ds.name
        from kmtui.narration import plural

        raise InputError(f"K={args.k} is more than the {plural(n, 'point')} in the data; "
                         + (f"pick K from 1 to {n}" if n > 1 else "K must be 1"), source=where)
    return Loaded(sel)


def resolve_seed(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh random one (shown so the run can be repeated)."""
    return seed if seed is not None else secrets.randbelow(2**31)


# ------------------------------------------------------------------ the modes


def cmd_trace(args: argparse.Namespace, out: TextIO) -> int:
    from kmtui import __version__
    from kmtui.engine import Run
    from kmtui.engine.state import Phase, StopReason

    loaded = load(args)
    sel = loaded.selection
    seed = resolve_seed(args.seed)
    run = Run(sel.X, args.k, init=args.init, seed=seed, max_iter=args.max_iter, tol=args.tol, empty=args.empty)
    steps = run.run_to_end()
    last = steps[-1]
    last_assign = next(s for s in reversed(steps) if s.phase is Phase.ASSIGN)
    from kmtui.engine.elbow import final_inertia

    final = final_inertia(sel.X, steps)
    ds = sel.dataset
    if args.json:
        doc = {
            "kmtui_version": __version__,
            "dataset": {"name": ds.name, "n_samples": ds.n_samples, "features": list(sel.feature_names),
                        "standardized": sel.standardized},
            "k": args.k, "init": args.init, "seed": seed, "empty": args.empty, "tol": args.tol,
            "max_iter": args.max_iter,
            "steps": [s.to_dict() for s in steps],
            "converged": last.stop is not StopReason.MAX_ITER,
            "stop": str(last.stop),
            "n_iter": last.iteration,
            "inertia": final,
            "labels": last_assign.labels.tolist(),
        }
        json.dump(doc, out, allow_nan=False)
        out.write("\n")
        return 0
    from kmtui.narration import describe_stop, fmt_num

    names = ", ".join(sel.feature_names)
    out.write(f"kmtui trace · {ds.name} ({ds.n_samples} points; {names}"
              f"{', standardized' if sel.standardized else ''}) · K={args.k} · init {args.init} · "
              f"seed {seed}\n\n")
    header = f"{'step':>4}  {'phase':<6}  {'iter':>4}  {'inertia':>12}  {'changed':>7}  {'shift':>10}  note"
    out.write(header + "\n")
    for s in steps:
        changed = "" if s.changed is None else str(s.changed)
        shift = "" if s.shift is None else fmt_num(s.shift)
        inertia = "—" if s.inertia is None else fmt_num(s.inertia)
        note = ""
        if s.phase is Phase.INIT:
            note = f"{args.k} centroids placed ({args.init})"
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
    out.write("\nshift: the sum of the squared distances the centroids moved in that update.\n")
    out.write(_wrap(describe_stop(last) + f" Final inertia {fmt_num(final)}.", out) + "\n")
    out.write("centroids (" + ", ".join(sel.feature_names) + "):\n")
    sizes = last_assign.cluster_sizes()
    for j, c in enumerate(last.centroids):
        coords = ", ".join(fmt_num(v) for v in c)
        out.write(f"  {j}: ({coords})  {int(sizes[j])} points\n")
    if getattr(args, "labels", False):
        out.write("labels: " + " ".join(str(v) for v in last_assign.labels.tolist()) + "\n")
    if args.seed is None:
        out.write(f"(repeat this run with --seed {seed})\n")
    return 0


def _wrap(text: str, out: TextIO) -> str:
    import shutil
    import textwrap

    width = shutil.get_terminal_size((100, 24)).columns if out.isatty() else 100
    return textwrap.fill(text, width=max(40, min(width, 100)))


def cmd_elbow(args: argparse.Namespace, out: TextIO) -> int:
    from kmtui.engine.elbow import elbow
    from kmtui.narration import describe_knee, fmt_num, plural

    loaded = load(args)
    sel = loaded.selection
    n = sel.dataset.n_samples
    if args.k_max > n:
        raise InputError(f"--k-max {args.k_max} is more than the {plural(n, 'point')} in the data")
    if args.k_max > 100:
        raise InputError(f"--k-max {args.k_max} is too large: the elbow is read at small K (at most 100)")
    seed = resolve_seed(args.seed)
    progress = None
    if sys.stderr.isatty() and not args.json:
        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rkmtui: elbow {done}/{total} runs" + ("\n" if done == total else ""))
            sys.stderr.flush()
    curve = elbow(sel.X, k_max=args.k_max, n_init=args.n_init, init=args.init, max_iter=args.max_iter,
                  tol=args.tol, empty=args.empty, random_state=seed, progress=progress)
    if args.json:
        json.dump(curve.to_dict(), out, allow_nan=False)
        out.write("\n")
        return 0
    ds = sel.dataset
    out.write(f"kmtui elbow · {ds.name} ({ds.n_samples} points) · best of {args.n_init} runs per K · "
              f"init {args.init} · seed {seed}\n\n")
    out.write(f"{'K':>3}  {'inertia':>12}  {'worst run':>12}  {'fall':>12}\n")
    prev = None
    for k, best, hi in zip(curve.ks, curve.inertia, curve.inertia_max, strict=True):
        fall = "" if prev is None else fmt_num(prev - best)
        mark = "  ← knee" if k == curve.knee else ""
        out.write(f"{k:>3}  {fmt_num(best):>12}  {fmt_num(hi):>12}  {fall:>12}{mark}\n")
        prev = best
    out.write(f"\ninertia: the best of {args.n_init} runs at each K; worst run: the highest of them; "
              "fall: how much one more cluster lowered the inertia.\n")
    out.write(_wrap(describe_knee(curve.knee), out) + "\n")
    if out.isatty() and not args.no_chart:
        from kmtui.charts import elbow_chart

        size = os.get_terminal_size(out.fileno()) if out.isatty() else os.terminal_size((80, 24))
        out.write("\n" + elbow_chart(curve, width=min(size.columns, 100), height=16, color=True) + "\n")
    return 0


def cmd_play(args: argparse.Namespace, out: TextIO) -> int:
    from kmtui.engine import Run
    from kmtui.play import play

    if not (0.5 <= args.fps <= 60):
        raise InputError(f"--fps must be between 0.5 and 60, not {args.fps:g}")
    sel = load(args).selection
    seed = resolve_seed(args.seed)
    run = Run(sel.X, args.k, init=args.init, seed=seed, max_iter=args.max_iter, tol=args.tol, empty=args.empty)
    return play(run, sel, out=out, fps=args.fps, ascii=args.ascii, projector=args.projector,
                animate=not args.no_animation)


def cmd_lesson(args: argparse.Namespace) -> int:
    from kmtui.data import load_dataset, read_csv
    from kmtui.data.selection import select
    from kmtui.lessons import load_lesson

    lesson = load_lesson(args.file)
    ds = read_csv(lesson.csv) if lesson.csv is not None else load_dataset(lesson.dataset or "blobs")
    if lesson.k > ds.n_samples:
        raise InputError(f"k={lesson.k} is more than the {ds.n_samples} points of its data", source=args.file)
    from kmtui.ui.app import AppOptions, run_app

    options = AppOptions(selection=select(ds), k=lesson.k, init=lesson.init, seed=lesson.seed,
                         projector=args.projector, ascii=args.ascii, animate=not args.no_animation,
                         theme=args.theme, lesson=lesson)
    return run_app(options)


def cmd_datasets(args: argparse.Namespace, out: TextIO) -> int:
    from kmtui.data import DATASETS, load_dataset

    rows = []
    for name in DATASETS:
        ds = load_dataset(name)
        rows.append({"name": name, "n_samples": ds.n_samples, "n_features": ds.n_features,
                     "labeled": ds.y is not None, "description": ds.description})
    if args.json:
        json.dump(rows, out)
        out.write("\n")
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        out.write(f"{r['name']:<{width}}  {r['n_samples']:>4} × {r['n_features']}  "
                  f"{'labeled  ' if r['labeled'] else '         '}{r['description']}\n")
    out.write("\nuse one with: kmtui -d NAME   (or give a CSV file: kmtui data.csv)\n")
    return 0


def _keys_from_the_terminal() -> None:
    """After reading the data from standard input, take the keys from the terminal instead."""
    if sys.stdin is not None and sys.stdin.isatty():
        return
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        raise InputError(
            "the data came on standard input and there is no terminal to read keys from; "
            "give the CSV as a file, or use 'kmtui trace -' or 'kmtui play -'"
        ) from None
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def cmd_app(args: argparse.Namespace) -> int:
    loaded = load(args)
    if args.data == "-":
        _keys_from_the_terminal()
    from kmtui.ui.app import AppOptions, run_app

    options = AppOptions(
        selection=loaded.selection, k=args.k, init=args.init, seed=resolve_seed(args.seed),
        seed_given=args.seed is not None, max_iter=args.max_iter, tol=args.tol, empty=args.empty,
        projector=args.projector, ascii=args.ascii, animate=not args.no_animation, theme=args.theme,
    )
    return run_app(options)


# ------------------------------------------------------------------ entry


def main(argv: Sequence[str] | None = None) -> int:
    """Run kmtui; returns the exit status (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # A closed pipe (kmtui trace | head) ends quietly instead of with a traceback.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        main_parser, subs = build_parser()
        try:
            if argv and argv[0] in subs:
                command = argv[0]
                args = subs[command].parse_args(argv[1:])
            else:
                command = "app"
                args = main_parser.parse_args(argv)
        except SystemExit as done:  # --help and --version print, then land here
            return int(done.code or 0)
        out = sys.stdout
        if command == "trace":
            status = cmd_trace(args, out)
        elif command == "elbow":
            status = cmd_elbow(args, out)
        elif command == "play":
            status = cmd_play(args, out)
        elif command == "lesson":
            status = cmd_lesson(args)
        elif command == "datasets":
            status = cmd_datasets(args, out)
        else:
            status = cmd_app(args)
        out.flush()
        return status
    except InputError as err:
        print(f"{PROG}: error: {err.render(ROLE_FLAGS)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
