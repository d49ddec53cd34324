"""PagedText: a text box that shows a page at a time and says when there is more.

The narration (the inspect text among it) and the lesson banner have a few
rows at 80×24; a longer text used to be cut without a sign. This widget
wraps its text to its width and, when it is taller than its rows, keeps a
gutter at the right whose last rows say ``↓ more`` / ``PgDn`` (ASCII
``[more]``) — or ``↑ PgUp`` on the last page — and pages with
:meth:`PagedText.page_down` / :meth:`PagedText.page_up` (PgDn / PgUp on the
main screen). A text that fits is drawn whole, with no gutter. A new text
starts at its first page. :meth:`PagedText.render` is the whole text (what
the tests and the screen read), the lines drawn are a page of it.

:class:`WrappedText`, its base, is the same box without pages: the side
panel's step, cluster and ledger lines, which change on every step.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

SIGNS = {False: ("↓ more", "  PgDn", "↑ PgUp"), True: ("[more]", "  PgDn", "[PgUp]")}
"""``(more, key, back)`` per ``ascii``: the gutter's words. Not ``▼``/``▲`` (clusters 6 and 1), nor, in
ASCII, ``v``/``^`` (the same clusters' ASCII shapes)."""

GUTTER = 1 + max(len(s) for signs in SIGNS.values() for s in signs)
"""Columns the sign takes at the right when the text overflows (a blank, then the sign)."""


class WrappedText(Widget):
    """Wrapped text drawn as a Static draws it, for texts that change on every step.

    A Static turns its text into Textual ``Content`` and wraps and styles it again on
    every repaint (about 1 ms for three short rows, most of a side panel's share of a key
    press); here the text is wrapped once per width and text, and a repaint hands out the
    lines. The base style is read once per repaint, not once per line.
    """

    DEFAULT_CSS = """
    WrappedText { height: auto; }
    """

    def __init__(self, text: Text | str = "", *, tail: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tail = tail
        """Keep the last lines when the text is taller than the box (a log read down, the newest last)."""
        self._text = Text(text) if isinstance(text, str) else text
        self._version = 0
        """Counts the texts shown (the caches' key)."""
        self._wrapped: dict[tuple[int, int, Style], list[Strip]] = {}
        """The text wrapped at a width, by ``(width, version, style)``: sizing, paging and drawing all need it."""
        self._style_now: Style | None = None
        """The base style, while a repaint runs (``rich_style`` walks the ancestors: once per repaint)."""

    # ------------------------------------------------------------ content

    def update(self, text: Text | str, *, layout: bool = True) -> None:
        """Show a new text (``layout=False``: the widget's height does not depend on it).

        The same text again changes nothing: no repaint.
        """
        text = Text(text) if isinstance(text, str) else text
        if text == self._text:
            return
        self._text = text
        self._version += 1
        self._wrapped.clear()
        self._new_text()
        self.refresh(layout=layout)

    def _new_text(self) -> None:
        """A new text was given (subclasses reset their state)."""

    def render(self) -> Text:
        """The whole text (what the tests read; a PagedText draws a page of it)."""
        return self._text

    # ------------------------------------------------------------ drawing

    @property
    def _base_style(self) -> Style:
        return self._style_now if self._style_now is not None else self.rich_style

    def _wrap(self, width: int) -> list[Strip]:
        if width <= 0:
            return []
        style = self._base_style
        key = (width, self._version, style)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = self._wrap_now(width, style)
        return lines

    def _wrap_now(self, width: int, style: Style) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=width, height=None, no_wrap=False, overflow="fold")
        lines = console.render_lines(self._text, options, style=style, pad=False)
        # as Static draws it: a wrapped line keeps no trailing blank; the padding is in the base style
        pad = _pad(style)
        return [Strip(_rstrip(line)).adjust_cell_length(width, pad) for line in lines]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._wrap(width)))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style_now = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._style_now = None

    def _lines(self) -> list[Strip]:
        """The lines on screen, each as wide as the widget."""
        return self._wrap(self.size.width)

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        if self.tail and len(lines) > self.size.height:
            y += len(lines) - self.size.height
        if y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self._base_style)  # as Static draws the rows under its text


class PagedText(WrappedText):
    """Wrapped text, one page of it on screen, with a "more" sign when it overflows."""

    DEFAULT_CSS = """
    PagedText { height: auto; }
    """

    def __init__(self, text: Text | str = "", *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(text, id=id)
        self.ascii = ascii
        self.page = 0
        """The page shown, from 0."""
        self._cache: tuple[tuple[int, int, int, int, Style], list[Strip]] | None = None
        """``((width, rows, page, version, style), lines)`` of the last page drawn."""

    def _new_text(self) -> None:
        self.page = 0  # a new text starts at its first page (the same text again keeps the page)

    # ------------------------------------------------------------ paging

    @property
    def pages(self) -> int:
        """How many pages the text takes at the current size (1 when it fits)."""
        rows = self.size.height
        if rows <= 0 or self.size.width <= 0:
            return 1
        n = len(self._wrap(self.size.width - GUTTER)) if self.overflows else 0
        return max(1, -(-n // rows))

    @property
    def overflows(self) -> bool:
        """Whether the text is taller than the rows it has."""
        return self.size.width > 0 and len(self._wrap(self.size.width)) > self.size.height

    @property
    def more_below(self) -> bool:
        return self.overflows and self.page < self.pages - 1

    def page_down(self) -> bool:
        """The next page; False (nothing changes) when this is the last one or all fits."""
        if not self.more_below:
            return False
        self.page += 1
        self.refresh()
        return True

    def page_up(self) -> bool:
        """The previous page; False when this is the first."""
        if self.page == 0:
            return False
        self.page -= 1
        self.refresh()
        return True

    # ------------------------------------------------------------ drawing

    def _lines(self) -> list[Strip]:
        return self._page_lines()

    def _page_lines(self) -> list[Strip]:
        width, rows = self.size.width, self.size.height
        style = self._base_style
        key = (width, rows, self.page, self._version, style)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if not self.overflows:
            lines = self._wrap(width)
        else:
            self.page = min(self.page, self.pages - 1)
            text_width = width - GUTTER
            wrapped = self._wrap(text_width)
            page = wrapped[self.page * rows:(self.page + 1) * rows]
            page += [Strip.blank(text_width, _pad(style))] * (rows - len(page))
            more, press, back = SIGNS[self.ascii]
            gutter = [""] * rows
            if self.page < self.pages - 1:
                gutter[-1] = more if rows == 1 else press
                if rows > 1:
                    gutter[-2] = more
            else:
                gutter[-1] = back
            sign = style + Style(bold=True)
            lines = [Strip([*line, Segment(" " + g.ljust(GUTTER - 1), sign)], width) for line, g in zip(
                page, gutter, strict=True)]
        self._cache = (key, lines)
        return lines

    @property
    def page_text(self) -> str:
        """The characters on screen, one line per row (tests)."""
        return "\n".join(strip.text for strip in self._page_lines())


def _pad(style: Style) -> Style:
    """The style of blank cells: the background only, as Textual pads a Static."""
    return Style(bgcolor=style.bgcolor)


def wrapped_rows(text: Text, width: int, console: Console) -> int:
    """The rows ``text`` takes wrapped at ``width`` (to give a box the height its longest text needs)."""
    return len(text.wrap(console, width)) if width > 0 else 0


def _rstrip(line: list[Segment]) -> list[Segment]:
    """``line`` without its trailing blanks."""
    out = list(line)
    while out:
        text, style, control = out[-1]
        kept = text.rstrip(" ")
        if kept:
            out[-1] = Segment(kept, style, control)
            break
        out.pop()
    return out
