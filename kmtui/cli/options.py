"""The command line's options: one argparse parser per command, and the checks on their values.

A usage error is the one-line ``kmtui: error: …`` the design promises, not
argparse's usage block: :class:`Parser` raises :class:`~kmtui.errors.UsageError`.
This module also knows which flag sets each role a data error can be about
(:data:`ROLE_FLAGS`), so that the data layer never has to.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import NoReturn

from kmtui.errors import UsageError

PROG = "kmtui"

#: The flag that sets each role an InputError can be about (see InputError.roles).
ROLE_FLAGS = {"x": "--x", "y": "--y", "features": "--features", "label": "--label"}

DESCRIPTION = (
    "Learn K-Means clustering in the terminal: place K centroids, assign every point to its "
    "nearest centroid, move each centroid to the mean of its points, repeat until nothing changes."
)
EPILOG = (
    "commands:\n"
    "  kmtui [DATA] [options]          the interactive app (default)\n"
    "  kmtui trace [DATA] [--json] [--csv FILE]\n"
    "                                  run to convergence without a UI; print every step\n"
    "  kmtui elbow [DATA] [--k-max N] [--n-init N] [--json]\n"
    "                                  inertia against K, and the knee\n"
    "  kmtui play [DATA] [--fps N] [--cast FILE]\n"
    "                                  a non-interactive animation in the terminal, then a summary\n"
    "  kmtui lesson FILE.toml          a scripted lesson in the app (space advances it, b goes back)\n"
    "  kmtui serve [DATA] [--host H] [--port P] [--max-sessions N] [--idle-timeout S]\n"
    "                                  the app in a web browser, one kmtui per tab (127.0.0.1:8000)\n"
    "  kmtui datasets                  list the built-in datasets\n\n"
    "exit status: 0 success, 2 bad usage or input, 130 interrupted"
)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the one-line ``kmtui: error:`` the design promises."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ------------------------------------------------------------------ values


def positive_int(name: str) -> Callable[[str], int]:
    """A parser of whole numbers of at least 1, whose messages call the value ``name``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be at least 1, not {value}")
        return value

    return parse


def seed(text: str) -> int:
    """``--seed``: a whole number from 0 to 2**63-1 (what numpy's generators take)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, not {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"--seed must be between 0 and 2**63-1, not {value}")
    return value


def tol(text: str) -> float:
    """``--tol``: a finite number, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--tol must be a number, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"--tol must be a finite number >= 0, not {text}")
    return value


def centroids(text: str) -> tuple[tuple[float, ...], ...]:
    """``--centroids "X,Y;X,Y;…"``: one centroid per ``;``, its coordinates separated by ``,``."""
    rows = [r.strip() for r in text.strip().strip(";").split(";")]
    if not rows or not rows[0]:
        raise argparse.ArgumentTypeError("--centroids needs at least one centroid, as \"X,Y;X,Y\"")
    out: list[tuple[float, ...]] = []
    for n, row in enumerate(rows, start=1):
        try:
            values = tuple(float(v) for v in row.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"centroid {n} ({row!r}) is not numbers separated by commas, "
                "as in \"1,6;5,3\"") from None
        if not all(math.isfinite(v) for v in values):
            raise argparse.ArgumentTypeError(f"centroid {n} ({row!r}) is not finite")
        if out and len(values) != len(out[0]):
            raise argparse.ArgumentTypeError(
                f"centroid {n} has {len(values)} coordinates but centroid 1 has {len(out[0])}")
        out.append(values)
    return tuple(out)


class _SetK(argparse.Action):
    """``-k``: the value, and that it was given (``--centroids`` then must agree with it)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.k_given = True


def theme(text: str) -> str:
    """``--theme``: one of Textual's built-in themes (a misspelling is an error, not a silent default)."""
    from textual.theme import BUILTIN_THEMES  # only when --theme is given: Textual is slow to import

    if text not in BUILTIN_THEMES:
        raise argparse.ArgumentTypeError(f"unknown theme {text!r}; the themes are: "
                                         + ", ".join(sorted(BUILTIN_THEMES)))
    return text


# ------------------------------------------------------------------ option groups


INIT_METHODS: tuple[str, ...] = ("uniform", "random", "k-means++", "farthest")
"""The engine's ways to place the first centroids (:data:`kmtui.engine.validation.INIT_METHODS`)."""
EMPTY_POLICIES: tuple[str, ...] = ("relocate", "keep")
"""The engine's empty-cluster policies (:data:`kmtui.engine.validation.EMPTY_POLICIES`).

Both are spelled here so that building a parser (and ``kmtui --help``) imports
no numpy; tests/cli/test_startup.py checks they are the engine's.
"""


def add_common(p: argparse.ArgumentParser) -> None:
    """DATA, the data and algorithm options, and the display options every run mode takes."""
    p.add_argument("data", nargs="?", metavar="DATA",
                   help="a CSV file, '-' for standard input, or nothing for the built-in dataset")
    g = p.add_argument_group("data and algorithm")
    g.add_argument("-d", "--dataset", metavar="NAME", help="a built-in dataset (see 'kmtui datasets'); default blobs")
    g.add_argument("-k", "--k", type=positive_int("K"), default=3, metavar="INT", action=_SetK,
                   help="number of clusters (default 3)")
    p.set_defaults(k_given=False)
    g.add_argument("--centroids", type=centroids, metavar="X,Y;X,Y;...",
                   help="exact starting centroids, one per ';' with as many numbers as clustered features "
                        "(K is their count; the init is then 'given')")
    g.add_argument("--init", choices=INIT_METHODS, default="uniform",
                   help="how the first centroids are placed (default uniform: each coordinate "
                        "uniformly within the data's range)")
    g.add_argument("--seed", type=seed, metavar="INT",
                   help="seed for every random choice (absent: a random one, shown so the run can be repeated)")
    g.add_argument("--max-iter", type=positive_int("--max-iter"), default=300, metavar="INT",
                   help="iterations at most (default 300)")
    g.add_argument("--tol", type=tol, default=0.0, metavar="FLOAT",
                   help="stop when centroids move less than this, relative to the data's variance "
                        "(scikit-learn's rule; default 0: stop when no label changes)")
    g.add_argument("--empty", choices=EMPTY_POLICIES, default="relocate",
                   help="an empty cluster takes the farthest point (relocate, scikit-learn's rule) "
                        "or stays where it is (keep)")
    g.add_argument(ROLE_FLAGS["x"], metavar="COL",
                   help="column on the horizontal axis (header name or 0-based index)")
    g.add_argument(ROLE_FLAGS["y"], metavar="COL", help="column on the vertical axis")
    g.add_argument(ROLE_FLAGS["features"], metavar="COL,COL,...",
                   help="columns to cluster on (default: the two drawn)")
    g.add_argument(ROLE_FLAGS["label"], metavar="COL", help="column of known labels (for the crosstab)")
    g.add_argument("--standardize", action="store_true", help="scale every feature to mean 0, variance 1")
    d = p.add_argument_group("display")
    d.add_argument("--projector", action="store_true",
                   help="high contrast, big glyphs and digits, the last key shown: for a lecture hall")
    d.add_argument("--ascii", action="store_true", help="ASCII glyphs only, for terminals without Unicode")
    d.add_argument("--no-animation", action="store_true", help="show end states at once")
    d.add_argument("--theme", type=theme, metavar="NAME",
                   help="a Textual theme (e.g. textual-dark, textual-light)")


# ------------------------------------------------------------------ one parser per command


def app_parser() -> argparse.ArgumentParser:
    """``kmtui [DATA] [options]``: the interactive app, and --version and the overview in --help."""
    from kmtui import __version__

    p = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"kmtui {__version__}")
    add_common(p)
    return p


def trace_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{PROG} trace", description="Run K-Means to convergence and print every step.")
    add_common(p)
    p.add_argument("--json", action="store_true", help="print JSON (the design's trace format)")
    p.add_argument("--labels", action="store_true", help="also print every point's final label (table mode)")
    p.add_argument("--csv", metavar="FILE", dest="csv_out",
                   help="also write the clustered data with a 'cluster' column (the final labels) to FILE "
                        "(never over an existing file)")
    return p


def elbow_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{PROG} elbow",
               description="Run K-Means for K = 1..k-max and print the inertia; find the knee (Kneedle) "
                           "and the gap statistic, and say whether they agree. Runs stop at "
                           "scikit-learn's default --tol 1e-4 here (0: every run to the end).")
    add_common(p)
    p.add_argument("--k-max", type=positive_int("--k-max"), default=10, metavar="N", help="largest K (default 10)")
    p.add_argument("--n-init", type=positive_int("--n-init"), default=10, metavar="N",
                   help="runs per K; the best is kept (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    # The elbow wants the best inertia per K: k-means++ finds it in fewer restarts.
    # and scikit-learn's default tol: the sweep is several times faster on large data
    p.set_defaults(init="k-means++", tol=1e-4)
    p.add_argument("--no-chart", action="store_true", help="no chart even on a terminal")
    return p


def play_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{PROG} play", description="Animate a run in the terminal without the app, then print a summary.")
    add_common(p)
    p.add_argument("--fps", type=float, default=10.0, metavar="N", help="frames per second (default 10)")
    p.add_argument("--cast", metavar="FILE",
                   help="also record the animation as an asciicast v2 file (asciinema-player), "
                        "never over an existing file")
    return p


def lesson_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{PROG} lesson",
               description="Play a scripted lesson in the app: space does the next step of the lesson.")
    p.add_argument("file", metavar="FILE.toml", help="the lesson (see demos/*.toml)")
    g = p.add_argument_group("overrides (instead of the lesson's own settings)")
    g.add_argument("-k", "--k", type=positive_int("K"), metavar="INT", help="number of clusters")
    g.add_argument("--seed", type=seed, metavar="INT", help="the seed")
    g.add_argument("-d", "--dataset", metavar="NAME", help="a built-in dataset")
    d = p.add_argument_group("display")
    d.add_argument("--projector", action="store_true", help="high contrast, big glyphs, the last key shown")
    d.add_argument("--ascii", action="store_true", help="ASCII glyphs only")
    d.add_argument("--no-animation", action="store_true", help="show end states at once")
    d.add_argument("--theme", type=theme, metavar="NAME", help="a Textual theme")
    return p


def serve_parser() -> argparse.ArgumentParser:
    from kmtui import serve  # its options only: textual-serve is imported when the server starts

    p = Parser(prog=f"{PROG} serve", description="The app in a web browser: every tab gets its own kmtui.")
    add_common(p)
    serve.add_arguments(p)
    return p


def datasets_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{PROG} datasets", description="List the built-in datasets.")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


#: The parser of each command named by the first word (the app has no word: :func:`app_parser`).
#: Built only for the command used.
PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "trace": trace_parser,
    "elbow": elbow_parser,
    "play": play_parser,
    "lesson": lesson_parser,
    "serve": serve_parser,
    "datasets": datasets_parser,
}
