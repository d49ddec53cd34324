"""Fixtures for the ``kmtui serve`` tests: a server process that is always ended."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

aiohttp = pytest.importorskip("aiohttp", reason="the serve tests need aiohttp (pip install '.[test]')")
pytest.importorskip("textual_serve", reason="kmtui serve needs textual-serve (pip install '.[serve]')")

from wsclient import Server  # noqa: E402

if sys.platform != "linux":  # pragma: no cover
    pytest.skip("the serve tests read /proc", allow_module_level=True)


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """Start ``python -m kmtui.serve --port 0 ARGS``; every server started is killed at teardown."""
    started: list[Server] = []

    def start(*args: str) -> Server:
        server = Server(*args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp client session."""
    async with aiohttp.ClientSession() as session:
        yield session
