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
    "●": "o", "◆": "+", "⋅": ".", "·": ".",
})


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
    marker: str = "hd",
    color: bool = True,
    highlight: tuple[float, float] | None = None,
    highlight_label: str = "",
    current: tuple[float, float] | None = None,
    current_label: str = "",
    dark: bool = True,
    ascii: bool = False,
) -> str:
    """A line chart of ``ys`` against ``xs``, ``width`` × ``height`` cells."""
    plt = _plt()
    width, height = max(width, 10), max(height, 4)
    plt.plotsize(width, height)
    plt.theme(("pro" if dark else "clear") if color else "clear")
    if ascii:
        marker = "*"
    if len(xs):
        plt.plot(list(xs), list(ys), marker=marker, color="cyan" if color else None)
    if highlight is not None:
        plt.scatter([highlight[0]], [highlight[1]], marker="o" if ascii else "●",
                    color="orange" if color else None, label=highlight_label or None)
    if current is not None:
        plt.scatter([current[0]], [current[1]], marker="+" if ascii else "◆",
                    color="white" if color and dark else ("black" if color else None),
                    label=current_label or None)
    if title:
        plt.title(title)
    if xlabel:
        plt.xlabel(xlabel)
    rows = height - 2 - (1 if title else 0) - (1 if xlabel else 0) - 1
    if len(ys):
        lo, hi = float(min(ys)), float(max(ys))
        if hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1e-300):
            # one value (or a flat line): give the axis a span so its ticks are round numbers
            pad = max(abs(lo) * 0.05, 1e-12)
            lo, hi = lo - pad, hi + pad
            plt.ylim(lo, hi)
        yt = nice_ticks(lo, hi, max(3, rows // 2 + 1))
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
    """The elbow curve (inertia against K) with the knee and the current K marked."""
    knee = None
    if curve.knee is not None:
        knee = (curve.knee, curve.inertia[curve.ks.index(curve.knee)])
    cur = None
    if current_k is not None and current_k in curve.ks and current_k != curve.knee:
        cur = (current_k, curve.inertia[curve.ks.index(current_k)])
    big = height >= 12
    return line_chart(curve.ks, curve.inertia, width=width, height=height,
                      title="inertia vs K" if big else "", xlabel="K" if height >= 10 else "",
                      color=color, highlight=knee,
                      highlight_label=(f"knee K={curve.knee}" + (" (yours)" if current_k == curve.knee else ""))
                      if knee else "",
                      current=cur, current_label=f"your K={current_k}" if cur else "",
                      marker=marker, dark=dark, ascii=ascii)
