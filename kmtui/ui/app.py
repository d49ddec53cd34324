"""KmtuiApp: the thin Textual app around the main screen.

The App holds what is global — the theme, signal handling, and the keys that
work on every screen (help, quit, screenshot, the command palette) — and
pushes a :class:`~kmtui.ui.screens.main.MainScreen`, which owns the session
and its keys. :func:`make_app` is the one way in, for the CLI, the tests and
:func:`show`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from textual import events
from textual.app import SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.worker import WorkerFailed

from kmtui import keymap
from kmtui.files import write_numbered
from kmtui.narration.text import asciify
from kmtui.render.palette import DARK, PROJECTOR, Theme, theme_for
from kmtui.session import Session, View
from kmtui.ui import textual_fixes
from kmtui.ui.bindings import bindings
from kmtui.ui.firstframe import FirstFrameApp
from kmtui.ui.input_gate import InputGate
from kmtui.ui.screens.main import MainScreen
from kmtui.ui.terminal import AsciiScrollBarRender, ascii_reason, prune_watchers

if TYPE_CHECKING:  # a lesson loads tomllib and the lesson modules: only when one is played
    from kmtui.lessons.lesson import Lesson


@dataclass(frozen=True)
class AppOptions:
    """What the app starts with (the CLI's options, resolved)."""

    selection: Any
    """The :class:`~kmtui.data.selection.Selection` to show."""
    k: int = 3
    init: str = "uniform"
    seed: int = 0
    seed_given: bool = True
    max_iter: int = 300
    tol: float = 0.0
    empty: str = "relocate"
    centroids: Any = None
    """Exact starting centroids, shape (k, n_features), or None."""
    projector: bool = False
    ascii: bool = False
    animate: bool = True
    theme: str | None = None
    auto_elbow: bool = True
    lesson: Lesson | None = None
    """A lesson to play: space then advances the lesson."""
    ascii_reason: str | None = None
    """Why ASCII mode was turned on by itself (see :func:`ascii_reason`), said once at start."""


#: Terminals without Unicode glyphs: ASCII mode by itself.


def make_session(options: AppOptions) -> Session:
    """The session the options describe."""
    return Session(options.selection, k=options.k, init=options.init, seed=options.seed,
                   max_iter=options.max_iter, tol=options.tol, empty=options.empty,
                   centroids=options.centroids, view=View(animate=options.animate))


async def _nothing() -> None:
    return None


class KmtuiApp(FirstFrameApp):
    """Step through K-Means in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "kmtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = bindings("app")

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.input_gate = InputGate(self, super().post_message)
        textual_fixes.install()
        if options.ascii:
            self.add_class("-ascii")  # app.tcss: toasts and the command palette without block glyphs
        player = None
        if options.lesson is not None:
            from kmtui.lessons.player import LessonPlayer

            player = LessonPlayer(options.lesson)
        self.main = MainScreen(make_session(options), PROJECTOR if options.projector else DARK, ascii=options.ascii,
                               projector=options.projector, lesson=player, auto_elbow=options.auto_elbow)

    @property
    def session(self) -> Session:
        """The session the main screen shows."""
        return self.main.session

    _signalled: int | None = None
    """The status of a signal that arrived while Textual was starting, before on_load."""

    def _catch_early_signals(self) -> None:
        """Between the CLI's handlers and the app's own: a signal is remembered, then obeyed.

        Raising from a signal handler while Textual starts its driver could leave
        its input thread running and the process alive; instead the status is
        kept (and handed to the running loop, if there is one), on_load exits
        with it, and a hard deadline makes sure the process ends regardless.
        """
        def early(signum: int, _frame: object) -> None:
            status = 128 + signum
            self._signalled = status
            timer = threading.Timer(3.0, os._exit, (status,))
            timer.daemon = True
            timer.start()
            try:
                asyncio.get_running_loop().call_soon_threadsafe(self._on_signal, status)
            except RuntimeError:  # no loop yet: on_load sees _signalled
                pass

        for name in ("SIGHUP", "SIGTERM", "SIGINT"):
            sig = getattr(signal, name, None)
            if sig is not None:
                signal.signal(sig, early)

    def on_load(self) -> None:
        # Before the terminal enters application mode: from here on a signal
        # exits through the app, which restores the terminal.
        self._install_signal_handlers()
        if self._signalled is not None:
            self._on_signal(self._signalled)

    def on_mount(self) -> None:
        theme = self.options.theme
        if theme:
            if theme not in self.available_themes:
                self.notify(f"unknown theme {theme!r}; using the default", severity="warning", markup=False)
            else:
                self.theme = theme
        self.main.set_theme(self._look(), dark=self.current_theme.dark)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.options.ascii:
            self._scrollbar_renderer = ScrollBar.renderer
            ScrollBar.renderer = AsciiScrollBarRender
        if self.options.ascii_reason:
            self.notify(self.options.ascii_reason + " (as --ascii)", markup=False, timeout=8)

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        # after the Footer's recompose for the new screen has run
        self.call_after_refresh(prune_watchers, self.main)

    def post_message(self, message: Message) -> bool:
        """Post ``message``; input from the terminal waits at the :class:`~kmtui.ui.input_gate.InputGate`."""
        gate: InputGate | None = getattr(self, "input_gate", None)  # None while Textual's __init__ runs
        return (gate is not None and gate.offer(message)) or super().post_message(message)

    def on_unmount(self) -> None:
        self.input_gate.close()
        if self.options.ascii:  # a class attribute: put it back for the next app in this process
            ScrollBar.renderer = getattr(self, "_scrollbar_renderer", ScrollBarRender)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast; spelled in ASCII under ``--ascii``."""
        if self.options.ascii:
            message, title = asciify(message), asciify(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def run(self, *, headless: bool = False, inline: bool = False, inline_no_clear: bool = False,
            mouse: bool = True, size: tuple[int, int] | None = None, auto_pilot: Any = None,
            loop: asyncio.AbstractEventLoop | None = None) -> int | None:
        """Run in this terminal, after making sure there is one and taking the keys from it.

        Raises
        ------
        InputError
            One error line, at once, when there is no terminal to draw on or
            read keys from (:func:`kmtui.cli.inputs.prepare_terminal`).
        """
        if not headless:
            from kmtui.cli.inputs import prepare_terminal

            prepare_terminal()
            self._catch_early_signals()
        return super().run(headless=headless, inline=inline, inline_no_clear=inline_no_clear, mouse=mouse,
                           size=size, auto_pilot=auto_pilot, loop=loop)

    def get_default_screen(self) -> Screen[Any]:
        return self.main

    def get_driver_class(self) -> type[Driver]:
        """:class:`~kmtui.ui.driver.KmtuiDriver` on a POSIX terminal; Textual's choice otherwise (the web driver)."""
        if os.environ.get("TEXTUAL_DRIVER") or os.name != "posix":
            return super().get_driver_class()
        from kmtui.ui.driver import KmtuiDriver

        return KmtuiDriver

    # ------------------------------------------------------------ Textual's faults, contained

    async def on_event(self, event: events.Event) -> None:
        # Textual 8.2's Screen._forward_event can meet a widget that has left the
        # layout (``'NoneType' object has no attribute 'region'``) while a mouse
        # event is on its way: drop that one event instead of the app.
        if not isinstance(event, events.MouseEvent):
            await super().on_event(event)
            return
        try:
            await super().on_event(event)
        except AttributeError:
            self.capture_mouse(None)

    def _handle_exception(self, error: Exception) -> None:
        # Textual 8.2's command palette gathers commands in a worker that may
        # still run after the palette closed (escape right after typing):
        # ``query_one(CommandList)`` then fails with NoMatches and the worker
        # failure would end the app. Only that failure is dropped.
        cause = getattr(error, "error", None)
        if isinstance(error, WorkerFailed) and isinstance(cause, NoMatches) and "CommandPalette" in str(cause):
            return
        super()._handle_exception(error)

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen; with only the main screen left, do nothing (never ScreenStackError)."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete(_nothing()).call_next(self)
        return super().pop_screen()

    # ------------------------------------------------------------ look

    def _look(self) -> Theme:
        """The plot's colours for the current Textual theme."""
        # $background as the CSS sees it (a theme may leave it to Textual's default)
        bg = self.current_theme.to_color_system().generate().get("background")
        ansi = self.current_theme.name.startswith("ansi")  # textual-ansi: the terminal's own 16 colours
        return theme_for(dark=self.current_theme.dark, projector=self.options.projector,
                         color_system="standard" if ansi else self._color_depth(),
                         background=bg if isinstance(bg, str) else None)

    def _color_depth(self) -> str | None:
        """rich's colour system for this terminal (``"standard"`` = 16 colours, ``"256"``, ``"truecolor"``).

        Headless (tests, screenshots) there is no terminal to ask: truecolor,
        unless ``TEXTUAL_COLOR_SYSTEM`` names one.
        """
        from textual import constants

        if self.is_headless and constants.COLOR_SYSTEM in (None, "auto"):
            return "truecolor"
        return self.console.color_system

    def watch_theme(self, _: str) -> None:
        if self.main.is_mounted:
            self.main.set_theme(self._look(), dark=self.current_theme.dark)

    # ------------------------------------------------------------ signals

    def _install_signal_handlers(self) -> None:
        # SSH dropping sends SIGHUP; a session manager sends SIGTERM. Leave at
        # once, restoring the terminal if it is still there; never hang.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover
            return
        # SIGINT from kill -INT (ctrl+c itself arrives as a key in raw mode) is 130.
        signals = ((getattr(signal, "SIGHUP", None), 129), (signal.SIGTERM, 143), (signal.SIGINT, 130))
        for sig, status in signals:
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self._on_signal, status)
            except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover
                pass

    def _on_signal(self, status: int) -> None:
        # A hard deadline: if the terminal is gone, restoring it may block.
        timer = threading.Timer(1.0, os._exit, (status,))
        timer.daemon = True
        timer.start()
        self.exit(status)

    # ------------------------------------------------------------ global keys

    def action_save_screenshot(self) -> None:
        """Save an SVG of the screen under a new name (in a browser: hand it to the browser)."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.deliver(f"kmtui-{stamp}", ".svg", self.export_screenshot(), "image/svg+xml", what="screenshot")

    def deliver(self, stem: str, suffix: str, text: str, mime: str, *, what: str) -> str | None:
        """Give a file to the person: a download in a browser (kmtui serve), else a new file here.

        Files are never written through a symlink and never over a file; an unwritable or
        vanished folder is a toast, not a crash. Returns the name used, or None.
        """
        name = f"{stem}{suffix}"
        if self.is_web:
            import io

            self.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime)
            self.notify(f"{what} sent to your browser: {name}", markup=False)
            return name
        try:
            path = write_numbered(Path.cwd(), stem, suffix, text)
        except OSError as err:
            self.notify(f"could not save the {what}: {err.strerror or err}", severity="error", markup=False)
            return None
        self.notify(f"{what} saved: {path.name}", markup=False)
        return path.name

    def action_help(self) -> None:
        # Built once and kept: laying out the key table is the slow part.
        if not self.is_screen_installed("help"):
            from kmtui.ui.screens.help import HelpScreen  # Markdown is slow to import: not at start-up

            self.install_screen(HelpScreen(ascii=self.options.ascii), name="help")
        if self.screen is not self.get_screen("help"):
            self.push_screen("help")

    def action_command_palette(self) -> None:
        if not self.options.ascii:
            super().action_command_palette()
        elif self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="Search for commands..."))

    def action_interrupt(self) -> None:
        self.exit(130)

    async def action_quit(self) -> None:
        self.exit(0)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for row in keymap.KEYS:
            if row.palette and row.action not in ("quit", "interrupt", "command_palette"):
                target = self.main if row.scope == "main" else self
                label, text = f"{row.label} ({keymap.key_label(row.keys[0])})", row.help
                if self.options.ascii:
                    label, text = asciify(label), asciify(text)
                yield SystemCommand(label, text,
                                    lambda a=row.action, t=target: self.call_later(self.run_action, a, t))


def make_app(options: AppOptions) -> KmtuiApp:
    """The one factory for the app: the CLI, the tests and show() all use it."""
    return KmtuiApp(options)


def run_app(options: AppOptions) -> int:
    """Run the app in this terminal; returns the exit status.

    Raises
    ------
    InputError
        When there is no terminal to draw on and read keys from (see
        :meth:`KmtuiApp.run`).
    """
    if not options.ascii:
        reason = ascii_reason()
        if reason is not None:
            options = replace(options, ascii=True, ascii_reason=reason)
    # The real terminal's size wins: Textual's console and driver read COLUMNS and
    # LINES first, so a stale (or huge) value would lay the app out for a terminal
    # that is not there. The charts are given their size explicitly.
    saved = {name: os.environ.pop(name) for name in ("COLUMNS", "LINES") if name in os.environ}
    try:
        app = make_app(options)
        result = app.run()
    finally:
        os.environ.update(saved)
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)


def show(X: Any, k: int = 3, *, feature_names: Iterable[str] | None = None, y: Any = None,
         init: str = "uniform", seed: int | None = None, name: str = "array", **kwargs: Any) -> None:
    """Open the app on an array (``kmtui.show``)."""
    import secrets

    from kmtui.data.dataset import Dataset
    from kmtui.data.selection import select
    from kmtui.engine.steps import check_data

    Xa = check_data(X)
    if Xa.shape[1] < 2:
        raise ValueError("show() needs at least two features to draw")
    names = tuple(feature_names) if feature_names is not None else tuple(f"x{i}" for i in range(Xa.shape[1]))
    y_codes: np.ndarray | None = None
    targets: tuple[str, ...] = ()
    if y is not None:
        uniq, codes = np.unique(np.asarray(y), return_inverse=True)
        y_codes, targets = codes.astype(np.int64), tuple(str(u) for u in uniq)
    ds = Dataset(name=name, X=Xa, feature_names=names, y=y_codes, target_names=targets, source="<array>")
    options = AppOptions(selection=select(ds), k=k, init=init,
                         seed=seed if seed is not None else secrets.randbelow(2**31),
                         seed_given=seed is not None, **kwargs)
    run_app(options)
