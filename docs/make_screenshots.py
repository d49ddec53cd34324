"""Regenerate the README's screenshots: the real app, driven by Textual's Pilot.

    pip install '.[test]' cairosvg && python docs/make_screenshots.py [NAME ...]

Each shot is an SVG from ``App.export_screenshot`` turned into a PNG with
cairosvg (or, without it, ImageMagick's ``convert``), with the font set to
DejaVu Sans Mono (Textual's SVG asks for Fira Code from the web, which a
converter cannot fetch). Names given: only those shots.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.ui.app import AppOptions, make_app

OUT = Path(__file__).parent / "screenshots"

SHOTS = [
    # name, size, dataset, keys, options
    ("kmtui-160x48", (160, 48), "blobs", "space space space space space", {}),
    ("kmtui-80x24", (80, 24), "blobs", "space space space", {}),
    ("kmtui-iris-crosstab", (160, 48), "iris", "space space space space space x", {}),
    ("kmtui-code-regions", (120, 40), "blobs", "space space space space v c", {}),
    ("kmtui-projector", (120, 40), "blobs", "space space space space", {"projector": True}),
    ("kmtui-light", (120, 40), "blobs", "end v", {"theme": "textual-light"}),
    ("kmtui-projector-light", (120, 40), "blobs", "space space space space v",
     {"projector": True, "theme": "textual-light"}),
]


async def shoot(name: str, size: tuple[int, int], dataset: str, keys: str, options: dict) -> Path:
    app = make_app(AppOptions(selection=select(load_dataset(dataset)), k=3, seed=3, animate=False, **options))
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        for key in keys.split():
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        svg = app.export_screenshot(title=f"kmtui {size[0]}×{size[1]}")
    svg = re.sub(r"@font-face\s*{[^}]*}", "", svg)
    svg = svg.replace("font-family: Fira Code, monospace;", 'font-family: "DejaVu Sans Mono", monospace;')
    OUT.mkdir(exist_ok=True)
    png = OUT / f"{name}.png"
    try:
        import cairosvg
    except ImportError:  # ImageMagick instead
        subprocess.run(["convert", "-density", "144", "svg:-", "-resize", "1400x", str(png)],
                       input=svg.encode(), check=True)
    else:
        cairosvg.svg2png(bytestring=svg.encode(), write_to=str(png), output_width=1400)
    return png


async def main(names: list[str]) -> None:
    for shot in SHOTS:
        if not names or shot[0] in names:
            print(await shoot(*shot))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
