"""The one place kmtui talks to plotext (5.x): small line charts as text.

plotext 6 has another API and textual-plotext reaches into plotext's private
modules, so everything plotext-specific stays behind these functions. They
return the chart as a string with ANSI colours (or plain text); callers turn
it into what they need (Rich Text in the app, plain output in the CLI).

Ticks are chosen here, not by plotext: round values from
:func:`kmtui.render.ticks.nice_ticks`, so every label names the row it sits on
(plotext's own labels drift on short charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kmtui.render.ticks import nice_ticks, tick_labels

ASCII_FRAME = str.maketrans({
    "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "┤": "+", "├": "+", "┬": "+",
    "┴": "+", "┼": "+", "▄": "*", "▀": "*", "▌": "*", "▐": "*", "▖": "*", "▗": "*", "▘": "*",
    "▝": "*", "▚": "*", "▞": "*", "▙": "*", "▛": "*", "▜": "*", "▟": "*", "█": "#", "•": "*",
    "●": "o", "◆": "+", "⋅": ".", "·": ".", "○": "O", "□": "=",
})

REFERENCE_MARK = "⋅"
"""The marker of a reference level (the best inertia known), said in the title as ``⋅⋅⋅ best of 10``."""


def _plt() -> Any:
    import plotext as plt  # no stubs, no py.typed: see [tool.mypy] in pyproject

    plt.clear_figure()
    # plotext would clip to the terminal it guesses from COLUMNS/LINES; the caller knows the size.
    plt.limit_size(False, False)
    return plt


def line_chart(
    xs: Sequence[float],
    ys: Sequence[float],
    *,
    width: int,
    height: int,
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    marker: str = "hd",
    color: bool = True,
    highlight: tuple[float, float] | None = None,
    highlight_label: str = "",
    current: tuple[float, float] | None = None,
    current_label: str = "",
    dark: bool = True,
    ascii: bool = False,
    reference: tuple[float, str] | None = None,
    highlight_mark: str = "●",
    current_mark: str = "◆",
) -> str:
    """A line chart of ``ys`` against ``xs``, ``width`` × ``height`` cells.

    ``reference`` is ``(y, label)``: a level drawn across the chart in
    :data:`REFERENCE_MARK` dots and named in the title (the inertia chart's
    best inertia known at this K).
    """
    plt = _plt()
    width, height = max(width, 10), max(height, 4)
    plt.plotsize(width, height)
    plt.theme(("pro" if dark else "clear") if color else "clear")
    if ascii:
        marker = "*"
    if reference is not None and len(xs):
        x0, x1 = float(min(xs)), float(max(xs))
        plt.plot([x0, x1] if x1 > x0 else [x0 - 0.5, x0 + 0.5], [reference[0]] * 2,
                 marker=REFERENCE_MARK, color="orange" if color else None)
        if reference[1]:
            ref_title = f"{REFERENCE_MARK * 3} {reference[1]}"
            both = f"{ref_title} · {title}" if title else ref_title
            title = both if len(both) <= width - 10 else ref_title  # plotext drops a title too wide
    if len(xs):  # after the reference, so the run's own line stays on top
        plt.plot(list(xs), list(ys), marker=marker, color="cyan" if color else None)
    if highlight is not None:
        plt.scatter([highlight[0]], [highlight[1]], marker=highlight_mark,
                    color="orange" if color else None, label=highlight_label or None)
    if current is not None:
        plt.scatter([current[0]], [current[1]], marker=current_mark,
                    color="white" if color and dark else ("black" if color else None),
                    label=current_label or None)
    if title:
        plt.title(title)
    if xlabel:
        plt.xlabel(xlabel)
    if ylabel:
        plt.ylabel(ylabel)  # plotext writes it at the left of the x label's row
    rows = height - 2 - (1 if title else 0) - (1 if xlabel or ylabel else 0) - 1
    if len(ys):
        lo, hi = float(min(ys)), float(max(ys))
        if reference is not None:
            lo, hi = min(lo, reference[0]), max(hi, reference[0])
        if hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1e-300):
            # one value (or a flat line): give the axis a span so its ticks are round numbers
            pad = max(abs(lo) * 0.05, 1e-12)
            lo, hi = lo - pad, hi + pad
            plt.ylim(lo, hi)
        yt = nice_ticks(lo, hi, max(3, rows // 2 + 1))
        while len(yt) > max(rows, 2):
            # two ticks on one row: plotext would pick either (set order), so keep every other one
            yt = yt[::2] if len(yt) % 2 else [*yt[:-1:2], yt[-1]]
        if yt:
            plt.yticks(yt, tick_labels(yt))
    if len(xs) and all(float(x).is_integer() for x in xs):
        ints = [int(x) for x in xs]
        if len(ints) <= max(2, (width - 8) // 2):
            plt.xticks(ints)
        else:
            xt = [t for t in nice_ticks(ints[0], ints[-1], max(2, (width - 10) // 5)) if float(t).is_integer()]
            plt.xticks([int(t) for t in xt])
    out: str = plt.build()
    if not color:
        out = plt.uncolorize(out)
    if ascii:
        out = out.translate(ASCII_FRAME)
    return out


def elbow_chart(curve: Any, *, width: int, height: int, color: bool = True,
                current_k: int | None = None, marker: str = "hd", dark: bool = True,
                ascii: bool = False) -> str:
    """The elbow curve (inertia against K) with the knee and the current K marked.

    The legend is the title line, each mark once (plotext's own legend doubles
    them), in marks no cluster uses as its shape: :data:`KNEE_MARK` and
    :data:`YOUR_MARK`.
    """
    knee = None
    if curve.knee is not None:
        knee = (curve.knee, curve.inertia[curve.ks.index(curve.knee)])
    cur = None
    if current_k is not None and current_k in curve.ks and current_k != curve.knee:
        cur = (current_k, curve.inertia[curve.ks.index(current_k)])
    knee_mark, your_mark = (ASCII_KNEE_MARK, ASCII_YOUR_MARK) if ascii else (KNEE_MARK, YOUR_MARK)
    parts = []
    if knee:
        parts.append(f"{knee_mark} knee K={curve.knee}" + (" = your K" if current_k == curve.knee else ""))
    if cur:
        parts.append(f"{your_mark} your K={current_k}")
    title = "  ".join(parts) if height >= 8 else ""
    return line_chart(curve.ks, curve.inertia, width=width, height=height, title=title,
                      xlabel="K (clusters)" if height >= 6 else "", ylabel="inertia" if height >= 6 else "",
                      color=color, highlight=knee, current=cur, marker=marker, dark=dark, ascii=ascii,
                      highlight_mark=knee_mark, current_mark=your_mark)


KNEE_MARK, ASCII_KNEE_MARK = "○", "O"
"""The knee's mark on the elbow chart (no cluster's shape)."""
YOUR_MARK, ASCII_YOUR_MARK = "□", "="
"""The current K's mark on the elbow chart (no cluster's shape)."""
