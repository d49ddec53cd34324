"""``kmtui serve``'s options, errors and pages: one error line, loopback by default, offline page."""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys

import pytest
from wsclient import ROOT, Server

from kmtui.serve import (
    DEFAULT_HOST,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_PORT,
    add_arguments,
    child_argv,
    config_from,
    is_loopback,
    strip_serve_options,
)


def serve(*args: str, code: str | None = None, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kmtui.serve ARGS`` (or ``code``) to its end."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    argv = [sys.executable, "-c", code] if code else [sys.executable, "-m", "kmtui.serve", *args]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result
    errors = [line for line in lines if line.startswith("kmtui: error: ")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    return errors[0]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults_are_loopback_port_8000_and_50_sessions() -> None:
    args = parse()
    assert (args.host, args.port, args.max_sessions, args.idle_timeout, args.public_url) == (
        DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_SESSIONS, 0.0, None)
    assert (DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_SESSIONS) == ("127.0.0.1", 8000, 50)


@pytest.mark.parametrize("argv", [["--port", "99999"], ["--port", "http"], ["--max-sessions", "0"],
                                  ["--idle-timeout", "-1"], ["--idle-timeout", "nan"],
                                  ["--public-url", "lab.example.org"], ["--public-url", "ftp://x/"]])
def test_bad_option_values_are_one_error_line(argv: list[str]) -> None:
    line = one_error_line(serve(*argv))
    assert argv[0] in line


def test_a_busy_port_is_one_error_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = one_error_line(serve("--port", str(port)))
    assert line == (f"kmtui: error: cannot listen on 127.0.0.1 port {port}: address already in use "
                    "(is another kmtui serve running? choose another --port)")


def test_another_host_warns_that_there_is_no_login() -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning is printed, then listening fails.
    result = serve("--host", "192.0.2.1", "--port", "0")
    assert "cannot listen on 192.0.2.1" in one_error_line(result)
    warning = [line for line in result.stderr.splitlines() if line.startswith("kmtui: warning:")]
    assert len(warning) == 1 and "no login" in warning[0] and "reverse proxy" in warning[0]


def test_loopback_hosts() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "lab.example.org", ""]))


def test_without_textual_serve_it_says_how_to_install_it() -> None:
    code = ("import sys; sys.modules['textual_serve'] = None\n"
            "from kmtui.serve.__main__ import main; sys.exit(main(['--port', '0']))")
    assert one_error_line(serve(code=code)) == "kmtui: error: kmtui serve needs textual-serve: pip install 'kmtui[serve]'"


def test_data_from_standard_input_is_refused() -> None:
    assert "standard input" in one_error_line(serve("-", "--port", "0"))


def test_the_children_get_the_data_and_options_but_not_the_server_options() -> None:
    argv = ["data.csv", "--host", "::1", "-k", "4", "--port=9000", "--public-url", "https://x/y",
            "--max-sessions", "3", "--idle-timeout=60", "--projector"]
    assert strip_serve_options(argv) == ["data.csv", "-k", "4", "--projector"]
    assert child_argv(["-k", "4"]) == [sys.executable, "-m", "kmtui", "-k", "4"]
    with pytest.raises(SystemExit):  # abbreviations would escape strip_serve_options: they are refused
        parse("--max-s", "3")


def test_public_url_sets_the_websocket_url() -> None:
    pytest.importorskip("textual_serve")
    from kmtui.serve.server import KmtuiServer

    config = config_from(parse("--public-url", "https://lab.example.org/kmtui/"), [])
    server = KmtuiServer(config)
    assert server.websocket_url() == "wss://lab.example.org/kmtui/ws"
    assert server.static_url() == "https://lab.example.org/kmtui/static/"
    plain = KmtuiServer(config_from(parse("--public-url", "http://10.0.0.2:8080"), []))
    assert plain.websocket_url() == "ws://10.0.0.2:8080/ws"
    local = KmtuiServer(config_from(parse(), []))
    assert local.websocket_url() == "" and local.static_url() == "static/"  # derived in the browser


async def test_the_page_fetches_nothing_from_outside_the_machine(start_server, http) -> None:
    server: Server = start_server("--seed", "3")
    response = await http.get(server.url)
    page = await response.text()
    assert "googleapis" not in page and "@import" not in page
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "an absolute URL in the page"
    assert not re.findall(r"""url\(\s*["']?(?:https?:)?//""", page)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # every file the page refers to is served here
    for ref in re.findall(r"""(?:src|href)="(static/[^"]+)\"""", page) + re.findall(r'url\("(static/[^"]+)"\)', page):
        got = await http.get(server.url + ref)
        assert got.status == 200, ref
    assert "static/fonts/RobotoMono-VariableFont_wght.ttf" in page
    behind = start_server("--public-url", "https://lab.example.org/kmtui")
    page = await (await http.get(behind.url)).text()
    assert 'data-session-websocket-url="wss://lab.example.org/kmtui/ws"' in page
