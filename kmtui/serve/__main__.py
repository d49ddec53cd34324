"""``python -m kmtui.serve [serve options] [DATA] [kmtui options]``: serve without the main CLI.

The serve options are parsed here; every other word is passed on to each tab's
``kmtui`` unchanged (the main CLI checks those; this entry point is for
scripts, tests and benchmarks).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from kmtui.errors import InputError
from kmtui.serve import add_arguments, run, strip_serve_options


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, serve, and turn an :class:`InputError` into one ``kmtui: error:`` line (status 2)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = _Parser(prog="python -m kmtui.serve", description="kmtui in a web browser, one kmtui per tab.")
    add_arguments(parser)
    try:
        try:
            args, rest = parser.parse_known_args(words)
        except SystemExit as done:  # --help
            return int(done.code or 0)
        # Only for the page title and the standard-input check: DATA comes first if given.
        args.data = rest[0] if rest and (rest[0] == "-" or not rest[0].startswith("-")) else None
        return run(args, strip_serve_options(words))
    except InputError as error:
        print(f"kmtui: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kmtui: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
