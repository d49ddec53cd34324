"""The one place kmtui talks to plotext (5.x): small line charts as text.

plotext 6 has another API and textual-plotext reaches into plotext's private
modules, so everything plotext-specific stays behind these two functions. They
return the chart as a string with ANSI colours (or plain text); callers turn
it into what they need (Rich Text in the app, plain output in the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _plt() -> Any:
    import plotext as plt

    plt.clear_figure()
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
    dark: bool = True,
) -> str:
    """A line chart of ``ys`` against ``xs``, ``width`` × ``height`` cells."""
    plt = _plt()
    plt.plotsize(max(width, 10), max(height, 4))
    plt.theme("clear" if not color else ("pro" if dark else "clear"))
    if not color:
        plt.theme("clear")
    if len(xs):
        plt.plot(list(xs), list(ys), marker=marker, color="cyan" if color else None)
    if highlight is not None:
        plt.scatter([highlight[0]], [highlight[1]], marker="●" if marker != "dot" else "x",
                    color="orange" if color else None, label=highlight_label or None)
    if current is not None:
        plt.scatter([current[0]], [current[1]], marker="◆" if marker != "dot" else "+",
                    color="white" if color else None)
    if title:
        plt.title(title)
    if xlabel:
        plt.xlabel(xlabel)
    if len(xs) and all(float(x).is_integer() for x in xs) and len(xs) <= 20:
        plt.xticks([int(x) for x in xs])
    out: str = plt.build()
    if not color:
        out = plt.uncolorize(out)
    return out


def elbow_chart(curve: Any, *, width: int, height: int, color: bool = True,
                current_k: int | None = None, marker: str = "hd", dark: bool = True) -> str:
    """The elbow curve (inertia against K) with the knee marked."""
    knee = None
    if curve.knee is not None:
        knee = (curve.knee, curve.inertia[curve.ks.index(curve.knee)])
    cur = None
    if current_k is not None and current_k in curve.ks:
        cur = (current_k, curve.inertia[curve.ks.index(current_k)])
    return line_chart(curve.ks, curve.inertia, width=width, height=height,
                      title="inertia vs K" if height >= 12 else "", xlabel="K" if height >= 10 else "", color=color, highlight=knee,
                      highlight_label=f"knee K={curve.knee}" if knee else "", current=cur,
                      marker=marker, dark=dark)
