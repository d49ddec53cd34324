"""Side-panel charts: inertia per step and the elbow, drawn by plotext.

Each chart is a Static that re-renders its plotext text when its data or its
size changes, and only then. A chart's size is set by the CSS (``1fr``), never by
its text, so a new chart never asks for a layout pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from kmtui.charts import elbow_chart, line_chart
from kmtui.engine.elbow import ElbowCurve


class _Chart(Static):
    DEFAULT_CSS = """
    _Chart { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.color = True
        self.dark = True
        self.simple = False
        self.ascii = False
        self._key: tuple[object, ...] | None = None
        self.plain_lines: list[str] = []
        """The chart as drawn, without colours (to locate ticks under a click)."""

    def _draw(self, key: tuple[object, ...], build) -> None:  # type: ignore[no-untyped-def]
        if not self.is_mounted or not self.display or (self.parent is not None and not self.parent.display):
            self._key = None  # drawn when shown again (on_resize)
            return
        w, h = self.content_size.width, self.content_size.height
        if w < 12 or h < 5:
            self._blank()
            self._key = None
            return
        full = (key, w, h, self.color, self.dark, self.simple, self.ascii)
        if full == self._key:
            return
        self._key = full
        text = build(w, h)
        rich_text = Text.from_ansi(text) if self.color else Text(text)
        self.plain_lines = rich_text.plain.splitlines()
        self.update(rich_text, layout=False)

    def _blank(self) -> None:
        """Show nothing (and do nothing when nothing is shown already)."""
        if self.content != "":
            self.update("", layout=False)

    def on_resize(self, event: events.Resize) -> None:
        self._key = None
        self.redraw()

    def redraw(self) -> None:  # pragma: no cover - overridden
        pass


class InertiaChart(_Chart):
    """Inertia after every step so far: it falls, then flattens at convergence."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values: list[float] = []
        self.reference: float | None = None
        """The best inertia known at this K (the elbow's restarts), drawn as a line."""
        self.reference_label = ""
        self._pending = False

    def set_values(self, values: Sequence[float], reference: float | None = None,
                   reference_label: str = "") -> None:
        if list(values) == self.values and (reference, reference_label) == (self.reference,
                                                                             self.reference_label):
            return
        self.values = list(values)
        self.reference, self.reference_label = reference, reference_label
        # After the frame that shows the step: the plot and counters answer the key first.
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._redraw_pending)

    def _redraw_pending(self) -> None:
        self._pending = False
        self.redraw()

    def redraw(self) -> None:
        vals = self.values
        if not vals:  # step 0 has no inertia: nothing to plot, and no plotext import before the first frame
            self._key = None
            self.plain_lines = []
            self._blank()
            return
        ref = None if self.reference is None else (self.reference, self.reference_label)
        self._draw(
            (tuple(vals), ref),
            lambda w, h: line_chart(
                list(range(1, len(vals) + 1)), vals, width=w, height=h,
                title="inertia J per half-step" if h >= 12 else "",
                xlabel="half-step" if h >= 6 else "", ylabel="inertia J" if h >= 6 else "",
                color=self.color, dark=self.dark, ascii=self.ascii,
                marker="hd", reference=None if ref is None else (ref[0], ref[1] if h >= 7 else ""),
            ),
        )


class ElbowChart(_Chart):
    """Inertia against K with the knee marked; a click picks a K."""

    class Picked(Message):
        """The person clicked the chart near K = ``k``."""

        def __init__(self, k: int) -> None:
            super().__init__()
            self.k = k

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.curve: ElbowCurve | None = None
        self.current_k: int | None = None

    def set_curve(self, curve: ElbowCurve | None, current_k: int | None) -> None:
        self.curve = curve
        self.current_k = current_k
        self.redraw()

    def redraw(self) -> None:
        curve = self.curve
        if curve is None:
            self._key = None
            self._blank()
            return
        self._draw(
            (id(curve), self.current_k),
            lambda w, h: elbow_chart(curve, width=w, height=h, color=self.color,
                                     current_k=self.current_k, dark=self.dark, ascii=self.ascii,
                                     marker="hd"),
        )

    def k_at(self, x: int) -> int | None:
        """The K whose tick label is nearest column ``x`` of the drawn chart."""
        curve = self.curve
        if curve is None or not curve.ks:
            return None
        wanted = {str(k) for k in curve.ks}
        for line in reversed(self.plain_lines):
            ticks = [(m.start() + (len(m.group()) - 1) / 2, int(m.group()))
                     for m in re.finditer(r"\d+", line) if m.group() in wanted]
            if len(ticks) >= max(2, len(curve.ks) // 2):
                return min(ticks, key=lambda t: abs(t[0] - x))[1]
        return None

    def on_click(self, event: events.Click) -> None:
        k = self.k_at(event.x)
        if k is not None:
            self.post_message(self.Picked(k))
