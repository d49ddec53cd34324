"""A key press does no more drawing than its change needs (the keypress budget, BENCHMARKS.md).

Each step's per-cluster facts are worked out once (in the session), a text is not
shown again when it did not change, and a layout pass (the whole screen's, the
costliest part of a step) is asked for only when a text's height changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.engine.steps import inertia_per_cluster
from kmtui.session import Session
from kmtui.ui.widgets.side import show_text

# ------------------------------------------------------------------ the session's per-step facts


def test_facts_are_the_steps_sizes_and_inertia_shares() -> None:
    s = Session(select(load_dataset("blobs")), k=3, seed=3)
    assert s.facts().sizes is None and s.facts().shares is None  # step 0: no labels yet
    s.run.next()
    step = s.run.current
    assert step.labels is not None
    facts = s.facts()
    assert facts.sizes == tuple(int(n) for n in np.bincount(step.labels, minlength=3))
    per = inertia_per_cluster(s.run.X, step.centroids, step.labels)
    assert facts.shares is not None
    assert facts.shares == pytest.approx(tuple(100 * per / per.sum()))
    assert sum(facts.shares) == pytest.approx(100.0)


def test_facts_are_computed_once_per_step_and_never_read_across_runs() -> None:
    s = Session(select(load_dataset("blobs")), k=3, seed=3)
    s.run.next()
    first = s.facts()
    assert s.facts() is first  # the side panel and the legend read the same object
    s.run.next()
    s.run.back()
    assert s.facts() is first  # stepping back reads it again, not a new computation
    s.set_k(4)
    s.run.next()
    four = s.facts()
    assert four is not first and four.sizes is not None and len(four.sizes) == 4
    assert sum(four.sizes) == s.n_samples


# ------------------------------------------------------------------ show_text


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, one entry per whole-screen layout pass."""
    passes: list[int] = []
    real = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return passes


class _Panel(App[None]):
    CSS = "#line { width: 20; height: auto; } #fixed { width: 20; height: 2; }"

    def compose(self) -> ComposeResult:
        yield Static(id="line")
        yield Static(id="fixed")


async def test_show_text_lays_out_only_when_the_height_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        assert show_text(line, Text("short")) is True
        await pilot.pause()
        assert line.size.height == 1
        passes = count_layouts(monkeypatch)
        assert show_text(line, Text("other")) is True  # same height: no layout pass
        await pilot.pause()
        assert passes == [] and str(line.render()) == "other"
        assert show_text(line, Text("other")) is False  # the same text: nothing at all
        long = "a sentence long enough to wrap over three rows"
        assert show_text(line, Text(long)) is True
        await pilot.pause()
        assert passes and line.size.height == 3  # it grew: laid out
        passes.clear()
        assert show_text(line, Text("one row")) is True
        await pilot.pause()
        assert passes and line.size.height == 1  # and shrank again


async def test_show_text_in_a_hidden_widget_is_laid_out_when_shown() -> None:
    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        show_text(line, Text("short"))
        await pilot.pause()
        line.display = False
        await pilot.pause()
        show_text(line, Text("a sentence long enough to wrap over three rows"))
        await pilot.pause()
        line.display = True
        await pilot.pause()
        assert line.size.height == 3
        show_text(line, Text("short again"))
        await pilot.pause()
        assert line.size.height == 1


async def test_show_text_fixed_height_never_lays_out(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _Panel()
    async with app.run_test(size=(40, 10)) as pilot:
        fixed = app.query_one("#fixed", Static)
        show_text(fixed, Text("x"), fixed=True)
        await pilot.pause()
        passes = count_layouts(monkeypatch)
        show_text(fixed, Text("a sentence long enough to wrap over three rows"), fixed=True)
        await pilot.pause()
        assert passes == [] and fixed.size.height == 2
        assert "a sentence" in str(fixed.render())


# ------------------------------------------------------------------ the app: a step in the middle of a run


async def test_stepping_through_a_run_and_back_asks_for_no_layout(ui: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: two layout passes per step (the cluster line, the ledger, the charts), later one in
    four; now none, from step 0 to the end and back: the cluster line has the rows its widest form
    needs at this K from the start, the ledger its three, and the footer dims and undims ``b`` in
    place. (A layout is the costliest part of a key press, and the chart below no longer jumps.)"""
    app = ui.app("moons")  # 40 steps at K=3, seed 3
    async with app.run_test(size=(160, 48)) as pilot:
        await ui.settle(pilot)
        chart = app.main.query_one("#inertia-chart")
        chart_height = chart.size.height
        passes = count_layouts(monkeypatch)
        presses = 0
        while not app.session.run.at_end and presses < 12:
            await pilot.press("space")
            await pilot.pause()
            await pilot.pause()
            presses += 1
        assert presses == 12 and app.session.run.cursor == 12
        assert f"Step {app.session.run.cursor}" in ui.text(app, "#step-info")
        for _ in range(12):
            await pilot.press("b")
            await pilot.pause()
            await pilot.pause()
        assert app.session.run.cursor == 0
        assert ui.text(app, "#step-info").startswith("Step 0")
        assert passes == [], len(passes)
        assert chart.size.height == chart_height


# ------------------------------------------------------------------ widgets drawn as Textual's own


class _Pair(App[None]):
    CSS = """
    Digits, InertiaDigits { width: 30; height: 3; color: #ff8800; }
    Static, WrappedText { width: 24; height: 3; background: #202020; color: #e0e0e0; }
    """

    def compose(self) -> ComposeResult:
        from textual.widgets import Digits

        from kmtui.ui.widgets.paged import WrappedText
        from kmtui.ui.widgets.side import InertiaDigits

        yield Digits("", id="theirs")
        yield InertiaDigits("", id="ours")
        yield Static(id="static")
        yield WrappedText(id="wrapped")


def _lines(widget: Any) -> list[list[tuple[str, Any]]]:
    """The widget's rows as drawn on screen: (text, style) per segment, segments of one style merged."""
    out = []
    for strip in widget.render_lines(widget.size.region):
        merged: list[tuple[str, Any]] = []
        for seg in strip:
            style = (seg.style.color, seg.style.bgcolor, seg.style.bold, seg.style.dim) if seg.style else None
            if merged and merged[-1][1] == style:
                merged[-1] = (merged[-1][0] + seg.text, style)
            else:
                merged.append((seg.text, style))
        out.append(merged)
    return out


def _cells(widget: Any) -> list[list[tuple[str, Any, Any, Any]]]:
    """What the eye sees of each cell: its character and background, and the colour and weight of
    a character that is not blank (a blank's foreground does not show)."""
    rows = []
    for strip in widget.render_lines(widget.size.region):
        row = []
        for seg in strip:
            st = seg.style
            for ch in seg.text:
                ink = (st.color, st.bold, st.dim) if st and ch != " " else None
                row.append((ch, st.bgcolor if st else None, ink, st.reverse if st else None))
        rows.append(row)
    return rows


async def test_inertia_digits_draw_exactly_as_textuals_digits() -> None:
    from textual.widgets import Digits

    from kmtui.ui.widgets.side import InertiaDigits, digits_text

    app = _Pair()
    async with app.run_test(size=(40, 14)) as pilot:
        theirs, ours = app.query_one(Digits), app.query_one(InertiaDigits)
        values = ["", "0", digits_text(5049.3), digits_text(0.000123), digits_text(-12.5), digits_text(3.2e9)]
        for value in values:
            theirs.update(value)
            ours.update(value)
            await pilot.pause()
            assert _lines(ours) == _lines(theirs), value
        assert "".join(t for t, _ in _lines(ours)[0]).strip()  # the last value is drawn, not blank


async def test_wrapped_text_draws_as_a_static_does() -> None:
    from kmtui.ui.widgets.paged import WrappedText

    app = _Pair()
    async with app.run_test(size=(40, 14)) as pilot:
        static, wrapped = app.query_one(Static), app.query_one(WrappedText)
        texts = [Text("Step 3 · update · iteration 2\ninertia "), Text("short"),
                 Text.assemble(("ΔJ", "bold"), " assign −23.19, update −6.903 and more words to wrap")]
        for text in texts:
            static.update(text)
            wrapped.update(text)
            await pilot.pause()
            assert _cells(wrapped) == _cells(static), text.plain
        assert str(wrapped.render()) == texts[-1].plain
