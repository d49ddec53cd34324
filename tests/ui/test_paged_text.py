"""80×24 first: the inspect text and the lesson's text page with a visible "more" sign, and only when needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.lessons import load_lesson
from kmtui.ui.app import AppOptions, make_app
from kmtui.ui.widgets.paged import GUTTER, SIGNS, PagedText

SMALL = (80, 24)


def words(text: str) -> list[str]:
    return text.split()


def page_words(box: PagedText) -> list[str]:
    """The words of the page on screen, without the gutter's sign."""
    lines = box.page_text.splitlines()
    if box.overflows:
        lines = [line[: box.size.width - GUTTER] for line in lines]
    return words("\n".join(lines))




async def test_long_inspect_text_shows_more_and_pgdn_reaches_the_rest(ui: Any) -> None:
    app = ui.app("blobs", k=8)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space", "space", "o")
        await pilot.pause()
        box = app.main.query_one("#narration", PagedText)
        whole = words(str(box.render()))
        assert "np.argmin" in whole and whole[-1] == "stop)"
        assert box.overflows and box.pages == 2 and box.page == 0
        first = box.page_text
        more, press, back = SIGNS[False]
        assert more in first and press.strip() in first and back not in first
        assert "stop)" not in first
        seen = page_words(box)
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.page == 1
        assert back in box.page_text and more not in box.page_text
        seen += page_words(box)
        assert seen == whole  # every word, once, in order
        await pilot.press("pagedown")  # the last page: nothing further
        await pilot.pause()
        assert box.page == 1
        await pilot.press("pageup")
        await pilot.pause()
        assert box.page == 0 and box.page_text == first
        # the plot keeps its room
        assert app.main.query_one("#scatter").region.height >= 8
        # another point: a new text, from its first page
        await pilot.press("pagedown", "left")
        await pilot.pause()
        assert box.page == 0


async def test_short_inspect_text_has_no_sign(ui: Any) -> None:
    app = ui.app("blobs", k=3)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space", "space", "o")
        await pilot.pause()
        box = app.main.query_one("#narration", PagedText)
        assert not box.overflows and box.pages == 1
        shown = box.page_text
        assert not any(sign.strip() in shown for sign in SIGNS[False])
        assert words(shown) == words(str(box.render()))  # all of it, on screen
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.page == 0 and box.page_text == shown


async def test_ascii_sign_is_ascii(ui: Any) -> None:
    app = ui.app("blobs", k=8, ascii=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space", "space", "o")
        await pilot.pause()
        box = app.main.query_one("#narration", PagedText)
        assert box.overflows
        shown = box.page_text
        assert SIGNS[True][0] in shown and all(ord(c) < 128 for c in shown)
        await pilot.press("pagedown")
        await pilot.pause()
        assert SIGNS[True][2] in box.page_text


LONG = ("Assign: each point measures its distance to every centroid and joins the nearest (np.argmin). " * 5
        + "THE-LAST-WORDS of the lesson step.")


async def test_long_lesson_text_shows_more_and_pgdn_reaches_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "long.toml"
    f.write_text(f'title = "Long"\ndataset = "blobs"\nk = 3\nseed = 3\n\n[[step]]\nsay = "{LONG}"\n\n'
                 '[[step]]\nkeys = ["space"]\nsay = "Short."\n', encoding="utf-8")
    lesson = load_lesson(f)
    app = make_app(AppOptions(selection=select(load_dataset("blobs")), k=3, seed=3, animate=False,
                              auto_elbow=False, lesson=lesson))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        banner = app.main.query_one("#lesson", PagedText)
        assert not banner.overflows and "Press space to begin" in banner.page_text
        await pilot.press("space")  # lesson step 1: the long text
        await pilot.pause()
        assert banner.size.height == 4 and banner.overflows and banner.pages >= 2
        assert SIGNS[False][0] in banner.page_text and "THE-LAST-WORDS" not in banner.page_text
        whole = words(str(banner.render()))
        seen = page_words(banner)
        for _ in range(banner.pages - 1):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += page_words(banner)
        assert seen == whole and "THE-LAST-WORDS" in banner.page_text
        assert SIGNS[False][2] in banner.page_text
        # space still advances the lesson; its short text fits, with no sign
        await pilot.press("space")
        await pilot.pause()
        assert "Short." in str(banner.render()) and not banner.overflows
        assert not any(s.strip() in banner.page_text for s in SIGNS[False])


async def test_pgdn_scrolls_the_code_panel_when_the_texts_fit(ui: Any) -> None:
    """The code panel (c) is taller than its room at 80×24: PgDn shows its next page, PgUp the first."""
    from kmtui.ui.widgets.detail import DetailPanel

    app = ui.app("blobs", k=3)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("space", "c")
        await pilot.pause()
        panel = app.main.query_one(DetailPanel)
        narration = app.main.query_one("#narration", PagedText)
        assert panel.display and panel.max_scroll_y > 0 and panel.scroll_y == 0
        assert not narration.overflows
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y > 0
        body = app.main.query_one("#detail-body")
        first_row_now = panel.scroll_y
        # what is on screen now is further down the code than the first row
        assert first_row_now >= min(panel.max_scroll_y, panel.size.height - 1)
        await pilot.press("pageup")
        await pilot.pause()
        assert panel.scroll_y == 0
        assert str(body.render())  # the code is still shown
        # with the panel hidden, PgDn changes nothing and says nothing wrong
        await pilot.press("c", "pagedown")
        await pilot.pause()
        assert not panel.display and app.session.run.cursor == 1
