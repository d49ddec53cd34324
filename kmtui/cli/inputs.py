"""What a command runs on: the data (a CSV file, standard input or a built-in) as a Selection, and the seed.

Also where the keys come from once standard input has been the data: the
terminal (``/dev/tty``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from typing import TYPE_CHECKING

from kmtui.cli.options import PROG
from kmtui.errors import InputError, UsageError

if TYPE_CHECKING:  # the data layer loads numpy: imported when a command runs, not for --help
    from kmtui.data.selection import Selection
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
    sel = select(ds, x=args.x, y=args.y, features=args.features, standardize=args.standardize)
    for warning in ds.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    n = ds.n_samples
    if args.k > n:
        from kmtui.narration import plural

        raise InputError(f"K={args.k} is more than the {plural(n, 'point')} in the data; "
                         + (f"pick K from 1 to {n}" if n > 1 else "K must be 1"), source=ds.where)
    return sel


def load_lesson(path: str) -> tuple[Lesson, Selection]:
    """A lesson file and the data it names (its CSV file, or a built-in dataset)."""
    from kmtui.data import load_dataset, read_csv
    from kmtui.data.selection import select
    from kmtui.lessons import load_lesson as read_lesson

    lesson = read_lesson(path)
    ds = read_csv(lesson.csv) if lesson.csv is not None else load_dataset(lesson.dataset or "blobs")
    if lesson.k > ds.n_samples:
        raise InputError(f"k={lesson.k} is more than the {ds.n_samples} points of its data", source=path)
    return lesson, select(ds)


def resolve_seed(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh random one (shown so the run can be repeated)."""
    return seed if seed is not None else secrets.randbelow(2**31)


def keys_from_the_terminal() -> None:
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
