"""The command line: parse the arguments, dispatch to a command, report errors.

``kmtui = "kmtui.cli:main"`` is the console script. The pieces:
:mod:`~kmtui.cli.options` (the parsers and their checks),
:mod:`~kmtui.cli.inputs` (the data as a Selection, the seed, the keys) and
:mod:`~kmtui.cli.commands` (one function per command). :data:`COMMANDS` maps
each command's name to its function; ``app`` is the one without a word.

Every failure a person can cause (a bad option, a broken CSV, an impossible K)
ends here as one line on standard error, ``kmtui: error: …``, and exit status
2; an interrupt exits with 130. No traceback reaches the terminal for those.
A data error about a role (the x column, the features) names the flag that
set it.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from kmtui.cli.commands import (
    Command,
    cmd_app,
    cmd_datasets,
    cmd_elbow,
    cmd_lesson,
    cmd_play,
    cmd_serve,
    cmd_trace,
)
from kmtui.cli.options import PARSERS, PROG, ROLE_FLAGS, app_parser
from kmtui.errors import InputError

#: Each command by name. A new one needs an entry here and its parser in options.PARSERS.
COMMANDS: dict[str, Command] = {
    "app": cmd_app,
    "trace": cmd_trace,
    "elbow": cmd_elbow,
    "play": cmd_play,
    "lesson": cmd_lesson,
    "serve": cmd_serve,
    "datasets": cmd_datasets,
}


class Signalled(BaseException):
    """A hangup or a termination arrived outside the app (loading a file, a headless command).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    on the way swallows it; :func:`main` turns it into the status.
    """

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


#: The status for each signal that ends kmtui (128 + its number); the app itself handles them while it runs.
SIGNAL_STATUS: dict[str, int] = {"SIGHUP": 129, "SIGTERM": 143}


def _raise_signalled(signum: int, _frame: object) -> None:
    raise Signalled(128 + signum)


def install_signal_handlers() -> None:
    """SIGHUP and SIGTERM raise :class:`Signalled` (SIGINT already raises KeyboardInterrupt)."""
    for name in SIGNAL_STATUS:
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, _raise_signalled)


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):  # the terminal hung up
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run kmtui; returns the exit status (the console script exits with it).

    SIGINT exits 130, SIGTERM 143 and SIGHUP 129 in every phase: here, while
    a file loads or a headless command runs; in the app, through its own
    handlers (:meth:`kmtui.ui.app.KmtuiApp._install_signal_handlers`).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    # --centroids "-5,-3;0,5" starts with a minus: argparse would take it for an option.
    for i in range(len(words) - 1):
        if words[i] == "--centroids" and words[i + 1].startswith("-"):
            words[i:i + 2] = [f"--centroids={words[i + 1]}"]
            break
    # A closed pipe (kmtui trace | head) ends quietly instead of with a traceback.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        install_signal_handlers()
        return _main(words)
    except Signalled as sig:
        return sig.status
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted")
        return 130


def _main(words: list[str]) -> int:
    try:
        if words and words[0] in PARSERS:
            command, parser, rest = words[0], PARSERS[words[0]](), words[1:]
        else:
            command, parser, rest = "app", app_parser(), words
        try:
            args = parser.parse_args(rest)
            args.words = rest  # the words as given (kmtui serve passes its DATA and options on)
        except SystemExit as done:  # --help and --version print, then land here
            return int(done.code or 0)
        out = sys.stdout
        status = COMMANDS[command](args, out)
        out.flush()
        return status
    except InputError as err:
        print(f"{PROG}: error: {err.render(ROLE_FLAGS)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted")
        return 130


__all__ = ["COMMANDS", "PROG", "main"]
