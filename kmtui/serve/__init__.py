"""``kmtui serve``: the app in a web browser, one kmtui per tab, on textual-serve.

This module owns the command's face: its options (:func:`add_arguments`), their
checks, the child command line and :func:`run`. The web server is in
:mod:`kmtui.serve.server`, a tab's process in :mod:`kmtui.serve.sessions`, the
pages in :mod:`kmtui.serve.page`. textual-serve is an optional dependency
(``pip install 'kmtui[serve]'``); nothing here imports it until :func:`run`.

The CLI wires it as::

    serve = Parser(prog="kmtui serve", ...)
    common(serve)                      # DATA and the usual options
    kmtui.serve.add_arguments(serve)   # --host --port --public-url ...
    args = serve.parse_args(argv[1:])
    load(args)                         # so a bad CSV is one error line now, not in every tab
    return kmtui.serve.run(args, kmtui.serve.strip_serve_options(argv[1:]))
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import site
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kmtui.cli.options import positive_int
from kmtui.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 50

#: The serve-only options that take a value; they are not passed to the children.
SERVE_OPTIONS = ("--host", "--port", "--public-url", "--max-sessions", "--idle-timeout")

INSTALL_HINT = "kmtui serve needs textual-serve: pip install 'kmtui[serve]'"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port must be a whole number, not {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be between 1 and 65535 (0: any free port), not {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--idle-timeout must be a number of seconds, not {text!r}") from None
    if not (value >= 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"--idle-timeout must be 0 (never) or more seconds, not {text}")
    return value


def _public_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"--public-url must be the http:// or https:// address people open, without ? or #, not {text!r}")
    return text.rstrip("/")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the serve-only options to ``parser`` (DATA and the common options are the CLI's).

    It also turns off option abbreviations on ``parser``, so that
    :func:`strip_serve_options` can tell exactly which words were the server's.
    """
    parser.allow_abbrev = False
    g = parser.add_argument_group("web server")
    g.add_argument("--host", default=DEFAULT_HOST, metavar="HOST",
                   help="address to listen on (default 127.0.0.1: this machine only; anything else is "
                        "reachable by others and has no login: put a reverse proxy with one in front)")
    g.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="PORT",
                   help="port to listen on (default 8000; 0: any free port)")
    g.add_argument("--public-url", type=_public_url, metavar="URL",
                   help="the address people open when a reverse proxy is in front, e.g. "
                        "https://lab.example.org/kmtui (sets the websocket's URL)")
    g.add_argument("--max-sessions", type=positive_int("--max-sessions"), default=DEFAULT_MAX_SESSIONS, metavar="N",
                   help="tabs at most at once (default 50; about 40 MiB each); beyond, a page says the class is full")
    g.add_argument("--idle-timeout", type=_seconds, default=0.0, metavar="SECONDS",
                   help="end a tab's session after this long without a key or click (default 0: never)")


def strip_serve_options(argv: Sequence[str]) -> list[str]:
    """``argv`` without the serve-only options and their values: what each child kmtui gets."""
    out: list[str] = []
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in SERVE_OPTIONS:
            skip = True
        elif not any(word.startswith(opt + "=") for opt in SERVE_OPTIONS):
            out.append(word)
    return out


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def child_argv(app_argv: Sequence[str]) -> list[str]:
    """The command line of one tab's kmtui: this interpreter, so it works from a venv."""
    return [sys.executable, "-m", "kmtui", *app_argv]


def child_environment() -> dict[str, str]:
    """Extra environment for the children: find the same kmtui the server runs.

    When kmtui runs from a checkout (not from site-packages), the checkout goes
    first on ``PYTHONPATH``, so a child never imports another installed kmtui.
    """
    root = str(Path(__file__).resolve().parent.parent.parent)
    site_dirs = {str(Path(p).resolve()) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    if root in site_dirs:
        return {}
    old = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": root + (os.pathsep + old if old else "")}


@dataclass(frozen=True)
class ServeConfig:
    """Everything the server needs, checked."""

    argv: list[str]
    """The child's command line."""
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    idle_timeout: float = 0.0
    """Seconds without input before a session ends; 0: never."""
    title: str = "kmtui"
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment for every child."""


def config_from(args: argparse.Namespace, app_argv: Sequence[str]) -> ServeConfig:
    """The server's configuration from parsed options and the children's argv."""
    if getattr(args, "data", None) == "-":
        raise InputError("kmtui serve cannot read DATA from standard input (every tab reads it again): "
                         "give a CSV file")
    title = "kmtui"
    data = getattr(args, "data", None) or getattr(args, "dataset", None)
    if data:
        title = f"kmtui · {Path(str(data)).name}"
    return ServeConfig(argv=child_argv(app_argv), host=str(args.host), port=int(args.port),
                       public_url=args.public_url, max_sessions=int(args.max_sessions),
                       idle_timeout=float(args.idle_timeout), title=title, env=child_environment())


def run(args: argparse.Namespace, app_argv: list[str]) -> int:
    """Serve kmtui until SIGTERM or ctrl+c; returns the exit status (0, or 130 after ctrl+c).

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser that :func:`add_arguments` extended (``data`` is read if present).
    app_argv : list of str
        The arguments every tab's ``kmtui`` gets: the data and the app's options.

    Raises
    ------
    InputError
        textual-serve is not installed, DATA is standard input, or the
        address cannot be listened on (busy port, no permission, unknown host).
    """
    config = config_from(args, app_argv)
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    if not is_loopback(config.host):
        print(f"kmtui: warning: listening on {config.host}: anyone who can reach this machine on port "
              f"{config.port} can start kmtui sessions. kmtui serve has no login; for a class, put a reverse "
              "proxy with authentication (and https) in front and keep --host 127.0.0.1.", file=sys.stderr)
    import asyncio

    from kmtui.serve.server import serve

    return asyncio.run(serve(config))


__all__ = ["ServeConfig", "add_arguments", "child_argv", "config_from", "is_loopback", "run",
           "strip_serve_options"]
