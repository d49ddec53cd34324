"""KmtuiDriver: Textual's Linux driver, hardened against what a terminal may send.

Two faults of Textual's :class:`~textual.drivers.linux_driver.LinuxDriver`
(textual 8.2) are worked around here:

- **Invalid UTF-8 from the terminal.** The input thread decodes with a
  strict incremental UTF-8 decoder, so one byte such as ``0xb1`` (a terminal
  with a meta-bit or Latin-1 setting sends those) raises
  ``UnicodeDecodeError`` in the thread and the app panics. Here the decoder
  replaces such bytes with U+FFFD, which the key parser ignores.
- **COLUMNS / LINES win over the terminal.** The driver asks
  :func:`shutil.get_terminal_size`, which reads those variables first; a
  stale or huge value lays the app out for a terminal that is not there
  (and 10 000 × 10 000 cells cost a gigabyte). Here the size is the
  terminal's own (``TIOCGWINSZ`` on the output, then the input), clamped to
  :data:`MAX_SIZE`.
"""

from __future__ import annotations

import os
import selectors
import sys
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

MAX_SIZE = (1000, 500)
"""The largest terminal laid out, in columns and rows (a bigger one is drawn at this size)."""
FALLBACK_SIZE = (80, 24)


def terminal_size(fds: tuple[int, ...] | None = None) -> tuple[int, int]:
    """The terminal's own size in (columns, rows), clamped to :data:`MAX_SIZE`; never COLUMNS/LINES.

    Parameters
    ----------
    fds : tuple of int, optional
        The descriptors to ask, in order; standard output, error and input by default.
    """
    if fds is None:
        fds = tuple(f.fileno() for f in (sys.__stdout__, sys.__stderr__, sys.__stdin__) if f is not None)
    for fd in fds:
        try:
            size = os.get_terminal_size(fd)
        except (OSError, ValueError):
            continue
        if size.columns > 0 and size.lines > 0:
            return min(size.columns, MAX_SIZE[0]), min(size.lines, MAX_SIZE[1])
    return FALLBACK_SIZE


class KmtuiDriver(LinuxDriver):
    """The Linux driver with a forgiving input decoder and the real terminal size."""

    def _get_terminal_size(self) -> tuple[int, int]:
        return terminal_size()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, decoding with ``errors="replace"``)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process_selector_events(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not text:
                        break
                    for event in feed(text):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
