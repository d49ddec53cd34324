"""Anchor: a Textual hello world, the floor for start-up, idle CPU, memory and key latency.

An App with one Static. ``space`` bumps a counter in the text, so the same app
also gives Textual's own keypress → screen floor; ``q`` quits. Nothing else:
no CSS file, no timers, no extra widgets.

Run: ``python benchmarks/anchors/hello.py``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

TEXT = "Hello, world! presses: {n}"


class HelloApp(App[None]):
    """One Static that says hello and counts presses of space."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "bump", "Bump"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Static(TEXT.format(n=0), id="hello")

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one("#hello", Static).update(TEXT.format(n=self.presses))


if __name__ == "__main__":
    HelloApp().run()
