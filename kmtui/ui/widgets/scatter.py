"""ScatterView: the main plot, a line-API widget over kmtui's own rasterizer.

The widget holds state (points, labels, centroids, the glide in progress) and
hands drawing to :class:`kmtui.render.scatter.ScatterRenderer`. After every
change it refreshes only the cells the renderer reports as changed (per row,
the span from the first to the last changed cell), so a centroid glide sends
a few cells of a few lines to the terminal, not the whole plot. A timer
runs only while something animates; idle means no timer at all.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from kmtui.engine.state import Labels
from kmtui.render.cells import CellStyle, Row
from kmtui.render.frame import Frame
from kmtui.render.lines import Segments, to_centroids, to_own
from kmtui.render.motion import Glide, flash_seconds
from kmtui.render.palette import Theme
from kmtui.render.scatter import ScatterRenderer, bounds_for

FRAME_SECONDS = 1 / 30
"""Glide frame interval: smooth on a local terminal, light over SSH."""

OWN_LINES_MAX = 3000
"""Above this many points the ``l`` view draws the lines of an even sample of them."""

_PLAIN = Style()
"""The style of padding and blank lines: an empty Style, not None (see render_line)."""


class ScatterView(Widget):
    """The scatter plot of the drawn pair, with centroids, trails and regions."""

    DEFAULT_CSS = """
    ScatterView { width: 1fr; height: 1fr; }
    """

    class AnimationDone(Message):
        """Posted when a glide or flash has finished (play mode waits for it)."""

    class ModeChanged(Message):
        """The plot changed between one shape per cell and braille (a resize): the legend follows."""

    class Clicked(Message):
        """A click on the plot: the data coordinates and the nearest point, if any."""

        def __init__(self, x: float, y: float, point: int | None) -> None:
            super().__init__()
            self.x = x
            self.y = y
            self.point = point

    def __init__(self, theme: Theme, *, ascii: bool = False, wide: bool = False, id: str | None = None) -> None:
        """``wide``: points two cells wide (``--projector``; see :class:`ScatterRenderer`)."""
        super().__init__(id=id)
        self.renderer = ScatterRenderer(theme, ascii=ascii, wide=wide)
        self._rows: list[Row] = []
        self._style_cache: dict[int, tuple[CellStyle, Style]] = {}
        """``id(cell style)`` → (that cell style, its rich Style): an int key hashes at C speed."""
        self._strips: dict[int, tuple[Row, int, Strip]] = {}
        """Line → (the row it was made from, the width, its Strip): an unchanged row is not made again."""
        self._legend_strip: tuple[Text, int, Strip] | None = None
        self._timer: Timer | None = None
        self._glide: Glide | None = None
        self._flash_until = 0.0
        self._points: NDArray[np.float64] = np.empty((0, 2))
        self._labels: Labels | None = None
        self._highlight: NDArray[np.bool_] | None = None
        self._changed: NDArray[np.bool_] | None = None
        """Points that changed cluster at the step shown: marked until the next step."""
        self._cursor: int | None = None
        self._centroids: NDArray[np.float64] | None = None
        self._trails: list[NDArray[np.float64]] = []
        self.show_trails = True
        self._regions = False
        self._line_point: tuple[int, int | None] | None = None
        """The point drawn with a line to every centroid, and its nearest centroid (strong)."""
        self.own_lines = False
        """Every point's line to its own centroid (``l``)."""
        self._legend: Text | None = None
        """The legend row under the plot (the last line), or None for none."""

    # ------------------------------------------------------------ inputs

    def set_data(self, points: NDArray[np.float64], x_label: str, y_label: str) -> None:
        """New points (a new dataset or drawn pair): fixes the view's bounds."""
        self._points = points
        self.renderer.set_bounds(bounds_for(points), x_label, y_label)
        self._labels = None
        self._highlight = None
        self._changed = None
        self.renderer.set_points(points, None)
        self._push()

    def show_frame(self, frame: Frame, *, duration: float = 0.3) -> bool:
        """Show a step's frame: glide its centroids from ``frame.glide_from``, flash ``frame.flash``.

        Returns True when an animation started (an ``AnimationDone`` will follow).
        """
        self._stop_animation()
        self._labels = frame.labels
        self._changed = frame.changed if frame.changed is not None and frame.changed.any() else None
        self._trails = list(frame.trails)
        self._centroids = frame.centroids
        now = time.monotonic()
        animating = False
        if frame.flashes and duration > 0:
            self._highlight = frame.flash
            self._flash_until = now + flash_seconds(duration)
            animating = True
        else:
            self._highlight = None
        self._glide = Glide.between(frame.glide_from, frame.centroids, now, duration)
        animating = animating or self._glide is not None
        self.renderer.set_points(self._points, frame.labels, self.marks, marked=self._lasting)
        self._apply_centroids(now)
        if animating:
            self._timer = self.set_interval(FRAME_SECONDS, self._tick)
        return animating

    def set_regions(self, on: bool) -> None:
        if on == self._regions:  # the screen hands the view on every step: only a change draws
            return
        self._regions = on
        self.renderer.set_regions(on)
        self._push()

    def set_trails(self, on: bool) -> None:
        if on == self.show_trails:
            return
        self.show_trails = on
        self._apply_centroids(time.monotonic())

    def set_cursor(self, index: int | None) -> None:
        self._cursor = index
        self.renderer.set_cursor(index)
        self.renderer.set_points(self._points, self._labels, self.marks, marked=self._lasting)
        self._push()

    def set_cursor_at(self, at: tuple[float, float] | None) -> None:
        """The placing crosshair at a spot in data coordinates, or none."""
        self.renderer.set_cursor_at(at)
        self._push()

    @property
    def _lasting(self) -> bool:
        """True when the marks drawn are the lasting ones (underlined), not a flash (reversed)."""
        return self._highlight is None

    @property
    def marks(self) -> NDArray[np.bool_] | None:
        """The points drawn marked: flashing ones, else those that changed cluster at this step.

        The changed marks (bold, underlined) give way to the inspect or quiz cursor.
        """
        if self._highlight is not None:
            return self._highlight
        return self._changed if self._cursor is None else None

    def set_theme(self, theme: Theme) -> None:
        self.renderer.set_theme(theme)
        self._style_cache.clear()
        self._strips.clear()
        self._legend_strip = None
        self._push()

    @property
    def animating(self) -> bool:
        return self._timer is not None

    def finish_animation(self) -> None:
        """Jump to the end state at once (a key pressed mid-glide)."""
        if self._timer is not None:
            self._stop_animation()
            self._highlight = None
            self.renderer.set_points(self._points, self._labels, self.marks, marked=self._lasting)
            self._apply_centroids(time.monotonic())

    # ------------------------------------------------------------ animation

    def _current_centroids(self, now: float) -> NDArray[np.float64] | None:
        return self._centroids if self._glide is None else self._glide.at(now)

    def _apply_centroids(self, now: float) -> None:
        trails = self._trails if self.show_trails else []
        current = self._current_centroids(now)
        self.renderer.set_centroids(current, trails)
        self.renderer.set_lines(self._segments(current))
        self._push()

    # ------------------------------------------------------------ lines

    def set_line_point(self, index: int | None, nearest: int | None = None) -> None:
        """Draw point ``index``'s line to every centroid, the one to ``nearest`` strong (None: no such lines)."""
        line_point = None if index is None else (index, nearest)
        if line_point == self._line_point:  # the screen hands it on every step: only a change draws
            return
        self._line_point = line_point
        self._apply_centroids(time.monotonic())

    def set_own_lines(self, on: bool) -> None:
        """Draw (or not) every point's line to its own centroid."""
        self.own_lines = on
        self._apply_centroids(time.monotonic())

    def _segments(self, centroids: NDArray[np.float64] | None) -> Segments | None:
        if centroids is None or len(centroids) == 0:
            return None
        parts = []
        if self.own_lines and self._labels is not None and len(self._labels) == len(self._points):
            every = max(1, len(self._points) // OWN_LINES_MAX)
            parts.append(to_own(self._points[::every], self._labels[::every], centroids))
        if self._line_point is not None and self._line_point[0] < len(self._points):
            index, nearest = self._line_point
            parts.append(to_centroids(self._points[index], centroids, nearest))
        return Segments.join(*parts) if parts else None

    def _tick(self) -> None:
        now = time.monotonic()
        done = True
        if self._glide is not None:
            if self._glide.done(now):
                self._glide = None
            else:
                done = False
        if self._highlight is not None:
            if now >= self._flash_until:
                self._highlight = None
                self.renderer.set_points(self._points, self._labels, self.marks, marked=self._lasting)
            else:
                done = False
        self._apply_centroids(now)
        if done:
            self._stop_animation()
            self.post_message(self.AnimationDone())

    def _stop_animation(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._glide = None

    # ------------------------------------------------------------ drawing

    def _push(self) -> None:
        """Re-render and refresh only the lines that changed."""
        if self.size.width <= 0 or self.size.height <= 0:
            return
        self._rows = self.renderer.render()
        dirty = self.renderer.dirty_spans()
        if len(dirty) >= self.size.height:
            self.refresh()
            return
        # only the changed cells of each row: a glide frame sends a few cells, not whole lines
        # (one call: Textual works out the widget's offset once per call, not once per region)
        if dirty:
            self.refresh(*(Region(first, y, end - first, 1) for y, (first, end) in sorted(dirty.items())))

    def set_legend(self, legend: Text | None) -> None:
        """The one-line legend drawn under the plot (✖ centroid, each cluster's shape and size)."""
        if legend is not None and self._legend is not None and legend.plain == self._legend.plain \
                and legend.spans == self._legend.spans:
            return
        had = self._legend is not None
        self._legend = legend
        if had != (legend is not None):
            self._resize_renderer()
            self.refresh()
        elif self.size.height > 0:
            self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    @property
    def legend_rows(self) -> int:
        """1 when a legend row sits under the plot (not on tiny plots), else 0."""
        return 1 if self._legend is not None and self.size.height >= 8 else 0

    def _resize_renderer(self) -> None:
        self.renderer.resize(self.size.width, self.size.height - self.legend_rows)
        self._rows = self.renderer.render()
        self.renderer.dirty_rows()

    def on_mount(self) -> None:
        if self.app.no_color:  # braille tells clusters apart by colour only: keep the shapes
            self.renderer.set_mode("glyph")

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        mode = self.renderer.effective_mode
        self.renderer.resize(event.size.width, event.size.height - self.legend_rows)
        if self.renderer.effective_mode != mode:
            self.post_message(self.ModeChanged())
        self._rows = self.renderer.render()
        self.renderer.dirty_rows()  # a full refresh follows: forget the per-row changes
        self.refresh()

    def _style(self, cs: CellStyle) -> Style:
        hit = self._style_cache.get(id(cs))
        if hit is not None and hit[0] is cs:
            return hit[1]
        st = Style(color=cs.fg, bgcolor=cs.bg, bold=cs.bold, dim=cs.dim, reverse=cs.reverse,
                   underline=cs.underline)
        self._style_cache[id(cs)] = (cs, st)  # the entry keeps cs alive, so its id is not reused
        return st

    def render_line(self, y: int) -> Strip:
        # Every segment carries a Style, never None: Textual's line filters
        # (NO_COLOR's Monochrome, the dim filter) read each segment's style.
        width, height = self.size
        legend = self._legend
        if legend is not None and y == height - 1 and height >= 8:  # the legend row (see legend_rows)
            return self._legend_line(legend, width)
        rows = self._rows
        if y >= len(rows):
            return Strip.blank(width, _PLAIN)
        row = rows[y]
        made = self._strips.get(y)
        if made is not None and made[0] is row and made[1] == width:
            return made[2]
        style = self._style
        segments = [Segment(text, style(cs)) for text, cs in row]
        # Every glyph is one cell (kmtui.render.cells), so the row's cell length is its length:
        # rich's cell_len, a table search per character of braille, is not needed.
        cells = sum(len(text) for text, _ in row)
        strip = Strip(segments, cells)
        if cells != width:
            strip = strip.adjust_cell_length(width, _PLAIN)
        self._strips[y] = (row, width, strip)
        return strip

    def _legend_line(self, legend: Text, width: int) -> Strip:
        """The legend row, on the plot's own background (a light theme's too), under its colours."""
        made = self._legend_strip
        if made is not None and made[0] is legend and made[1] == width:
            return made[2]
        theme = self.renderer.theme
        base = Style(color=theme.foreground or None, bgcolor=theme.background or None)
        strip = Strip(list(legend.render(self.app.console)), legend.cell_len).apply_style(
            base).crop_extend(0, width, base)
        self._legend_strip = (legend, width, strip)
        return strip

    def row_text(self, y: int) -> str:
        """The characters of line ``y`` (tests)."""
        return "".join(t for t, _ in self._rows[y]) if y < len(self._rows) else ""

    @property
    def legend_text(self) -> str:
        """The characters of the legend row, "" when none is drawn (tests)."""
        return self._legend.plain if self.legend_rows and self._legend is not None else ""

    def on_click(self, event: events.Click) -> None:
        pos = self.renderer.data_at(event.x, event.y)
        if pos is None:
            return
        self.post_message(self.Clicked(pos[0], pos[1], self.renderer.point_at(event.x, event.y)))
