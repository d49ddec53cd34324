"""What a command runs on: the data (a CSV file, standard input or a built-in) as a Selection, and the seed.

Also whether the app has a terminal at all (:func:`check_terminal`), and
where the keys come from once standard input has been the data: the
controlling terminal (``/dev/tty``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import stat
import sys
from typing import TYPE_CHECKING, Any

from kmtui.cli.options import PROG
from kmtui.errors import InputError, UsageError

if TYPE_CHECKING:  # the data layer loads numpy: imported when a command runs, not for --help
    import numpy as np
    from numpy.typing import NDArray

    from kmtui.data.selection import Selection
    from kmtui.engine import Run
    from kmtui.lessons import Lesson


def load(args: argparse.Namespace) -> Selection:
    """Read the data the options name and choose its columns.

    Prints the data's warnings (dropped rows and such) on standard error, one
    ``kmtui: warning:`` line each.

    Raises
    ------
    InputError
        For bad data, a column that does not exist, or a K larger than the data.
    """
    from kmtui.data import load_dataset, read_csv
    from kmtui.data.selection import select

    if args.data is not None and args.dataset is not None:
        raise UsageError(f"give a CSV file or --dataset, not both (got {args.data!r} and --dataset {args.dataset})")
    if args.data is not None:
        ds = read_csv(args.data, label=args.label)
    else:
        ds = load_dataset(args.dataset or "blobs")
        if args.label is not None:
            raise UsageError("--label is for CSV files; built-in datasets carry their own labels")
    given = getattr(args, "centroids", None)
    if given is not None:
        if getattr(args, "k_given", False) and args.k != len(given):
            raise UsageError(f"-k {args.k} does not match the {len(given)} centroids of --centroids "
                             "(K is their count: leave -k out)")
        args.k = len(given)
    sel = select(ds, x=args.x, y=args.y, features=args.features, standardize=args.standardize)
    from kmtui.cli.options import ROLE_FLAGS
    from kmtui.data.notes import DataWarning

    flags = {**ROLE_FLAGS, "standardize": "--standardize"}
    scale = sel.scale_warning()
    for warning in (*ds.warnings, *([scale] if scale is not None else [])):
        if isinstance(warning, DataWarning) and warning.column in sel.feature_names:
            continue  # about a column left out by default, which was chosen after all
        text = warning.render(flags) if isinstance(warning, DataWarning) else warning
        print(f"{PROG}: warning: {text}", file=sys.stderr)
    n = ds.n_samples
    if args.k > n:
        from kmtui.narration import plural

        raise InputError(f"K={args.k} is more than the {plural(n, 'point')} in the data; "
                         + (f"pick K from 1 to {n}" if n > 1 else "K must be 1"), source=ds.where)
    if given is not None:
        starting_centroids(args, sel)
    return sel


def starting_centroids(args: argparse.Namespace, sel: Selection) -> NDArray[np.float64] | None:
    """``--centroids`` as an array of shape (K, clustered features), or None when not given.

    Raises
    ------
    UsageError
        When a centroid has another number of coordinates than the clustered features.
    """
    import numpy as np

    given = getattr(args, "centroids", None)
    if given is None:
        return None
    n = len(sel.features)
    if len(given[0]) != n:
        names = ", ".join(sel.feature_names)
        raise UsageError(f"--centroids: each centroid needs {n} coordinates, one per clustered feature "
                         f"({names}), not {len(given[0])}")
    return np.array(given, dtype=np.float64)


def make_run(args: argparse.Namespace, sel: Selection, seed: int) -> Run:
    """The run the options describe (from ``--centroids`` exactly, its init then reported as ``given``)."""
    from dataclasses import replace

    from kmtui.engine import Run

    start = starting_centroids(args, sel)
    init: Any = args.init if start is None else start
    run = Run(sel.X, args.k, init=init, seed=seed, max_iter=args.max_iter, tol=args.tol, empty=args.empty)
    if start is not None:
        run.config = replace(run.config, init="given")
    return run


def load_lesson(path: str, **overrides: Any) -> tuple[Lesson, Selection, NDArray[np.float64] | None]:
    """A lesson file (with the command line's ``overrides`` of its settings), its first data and centroids.

    Every scene's data is read and checked now (:func:`kmtui.lessons.prepare.prepare`).
    """
    from kmtui.lessons import load_lesson as read_lesson
    from kmtui.lessons.prepare import prepare

    lesson = read_lesson(path)
    if overrides:
        lesson = lesson.with_settings(**overrides)
    return prepare(lesson)


def resolve_seed(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh random one (shown so the run can be repeated)."""
    return seed if seed is not None else secrets.randbelow(2**31)


NEEDS_A_TERMINAL = "the app needs a terminal (use ssh -t, or kmtui trace / kmtui play)"
"""The one error line when the app has no terminal to read keys from or draw on."""


def _is_tty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:  # pragma: no cover - a closed descriptor is simply not a terminal
        return False


def stdin_has_data() -> bool:
    """Whether standard input is a file, a pipe or a socket: data, not keys.

    A terminal is keys; a closed standard input, or a device such as
    ``/dev/null``, is neither; nor is a ``sys.stdin`` replaced by one without
    a descriptor (pytest's).
    """
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # closed (kmtui <&-: None), or no descriptor
        return False
    return stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def served() -> bool:
    """Whether a driver other than the terminal's is chosen (``kmtui serve``'s web driver).

    A served child talks over pipes by design: none of the terminal checks apply.
    """
    return bool(os.environ.get("TEXTUAL_DRIVER"))


def _open_tty() -> int:
    try:
        return os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        raise InputError(NEEDS_A_TERMINAL) from None


def check_terminal() -> None:
    """Fail at once, with one error line, when the app could not work here.

    Textual draws on standard error and reads keys from standard input; kmtui
    wants standard output on the terminal too (``kmtui > out.txt`` would
    otherwise fill a file's neighbour with escape codes). Keys come from
    standard input when it is a terminal, else from the controlling terminal
    (``/dev/tty``), which must then open.

    Raises
    ------
    InputError
        :data:`NEEDS_A_TERMINAL`, when there is no terminal to draw on or to
        read keys from (no ``ssh -t``, a cron job, output to a file).
    """
    if served():
        return
    if not (_is_tty(1) and _is_tty(2)):
        raise InputError(NEEDS_A_TERMINAL)
    if not _is_tty(0):
        os.close(_open_tty())


def prepare_terminal() -> None:
    """Make sure the app has a terminal, and read its keys from it: :func:`check_terminal`, then
    :func:`keys_from_the_terminal`.

    Raises
    ------
    InputError
        :data:`NEEDS_A_TERMINAL`.
    """
    check_terminal()
    keys_from_the_terminal()


def keys_from_the_terminal() -> None:
    """When standard input is not a terminal (it was the data, or closed), take the keys from ``/dev/tty``.

    Raises
    ------
    InputError
        :data:`NEEDS_A_TERMINAL` when there is no controlling terminal.
    """
    if served() or _is_tty(0):
        return
    fd = _open_tty()
    if fd != 0:  # with standard input closed, the terminal opens as descriptor 0 already
        os.dup2(fd, 0)
        os.close(fd)
    keys = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdin = keys
    if sys.__stdin__ is None:  # Python started with standard input closed; Textual reads sys.__stdin__
        sys.__stdin__ = keys  # type: ignore[misc]
