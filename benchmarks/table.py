"""What the benchmark scripts share: the results table (kmtui beside its anchor) and the machine's CPU."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "s":
        return f"{v * 1e3:.1f} ms" if v < 10 else f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 1000 else f"{v / 1e3:.2f} s"
    if unit == "B":
        return f"{v:,.0f} B"
    if unit == "B/s":
        return f"{v / 1e3:,.1f} kB/s"
    if unit == "MiB":
        return f"{v:.1f} MiB"
    return f"{v:g} {unit}"


def print_table(rows: list[dict[str, Any]]) -> None:
    head = ("what", "kmtui", "anchor", "ratio", "budget", "met?")
    cells = [(r["what"], fmt(r["kmtui"], r["unit"]), fmt(r["anchor"], r["unit"]),
              "—" if r["ratio"] is None else f"{r['ratio']:.3g}×", r["budget"],
              {True: "yes", False: "NO", None: "—"}[r["met"]]) for r in rows]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    for c in [head, tuple("-" * w for w in widths), *cells]:
        print("  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(c, widths))))
