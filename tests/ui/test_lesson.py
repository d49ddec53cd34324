"""Lessons: the file format (pure) and playing one in the app."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kmtui.cli import main
from kmtui.data import load_dataset
from kmtui.data.selection import select
from kmtui.errors import InputError
from kmtui.lessons import load_lesson
from kmtui.ui.app import AppOptions, make_app

DEMO = Path(__file__).resolve().parents[2] / "demos" / "first-lesson.toml"


def test_the_demo_lesson_parses() -> None:
    lesson = load_lesson(DEMO)
    assert lesson.title == "K-Means in seven presses" and lesson.k == 3 and lesson.seed == 3
    assert lesson.steps[1].keys == ("space",) and "argmin" in lesson.steps[1].say
    assert len(lesson.steps) == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 'x'\n", "at least one [[step]]"),
        ("title = 'x'\n[[step]]\nkeys = ['q']\n", "cannot press 'q'"),
        ("title = 'x'\n[[step]]\nsay = 1\n", "'say' must be text"),
        ("title = 'x'\n[[step]]\n", "neither 'say' nor 'keys'"),
        ("colour = 'red'\n[[step]]\nsay = 'a'\n", "unknown setting 'colour'"),
        ("k = 0\n[[step]]\nsay = 'a'\n", "'k' must be a whole number"),
        ("init = 'best'\n[[step]]\nsay = 'a'\n", "'init' must be one of"),
        ("dataset = 'iris'\ncsv = 'a.csv'\n[[step]]\nsay = 'a'\n", "not both"),
        ("title = 'x\n", "not valid TOML"),
        ("[[step]]\nsay = 'a'\nkey = ['space']\n", "unknown field 'key'"),
    ],
)
def test_bad_lessons_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "l.toml"
    f.write_text(text)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("(", r"\(")) as err:
        load_lesson(f)
    assert str(f) in str(err.value)


def test_bad_lesson_on_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["lesson", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kmtui: error:") and "no such lesson file" in err and err.count("\n") == 1


async def test_space_plays_the_lesson_then_steps_as_usual() -> None:
    lesson = load_lesson(DEMO)
    app = make_app(AppOptions(selection=select(load_dataset(lesson.dataset)), k=lesson.k, seed=lesson.seed,
                              animate=False, auto_elbow=False, lesson=lesson))
    async with app.run_test(size=(120, 40)) as pilot:
        text = lambda: str(app.query_one("#lesson").render())  # noqa: E731
        assert "Lesson: K-Means in seven presses" in text() and "Press space" in text()
        await pilot.press("space")  # step 1: words only, the run does not move
        await pilot.pause()
        assert app.session.run.cursor == 0 and text().startswith("Lesson 1/7")
        await pilot.press("space")  # step 2 presses space for us: the first assign
        await pilot.pause()
        assert app.session.run.cursor == 1 and "Lesson 2/7" in text() and "argmin" in text()
        await pilot.press("space", "space")  # update, then regions on
        await pilot.pause()
        assert app.session.run.cursor == 2 and app.session.view.regions
        await pilot.press("space")  # end: converged
        await pilot.pause()
        assert app.session.run.at_end and app.session.run.current.stop is not None
        await pilot.press("space", "space")  # r + end, then the elbow
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Lesson 7/7" in text() and "end of the lesson" in text()
        # r inside a lesson draws its seed from the lesson's own and the step's number:
        # the same run every rehearsal, however often the teacher went back and forth
        from kmtui.lessons.player import LessonPlayer

        assert app.session.config.seed == LessonPlayer(lesson).seeds_for(6)() == 904587073
        assert app.session.run.at_end and app.session.run.current.inertia < 600  # this one finds the three blobs
        assert app.session.elbow is not None and app.session.elbow.knee == 3
        before = app.session.run.cursor
        await pilot.press("home", "space")  # after the lesson, space steps as usual
        await pilot.pause()
        assert app.session.run.cursor == 1 and before > 1


async def test_back_in_a_lesson_returns_to_the_previous_lesson_step_and_its_run_state() -> None:
    """space ×3 then b: the banner and the run both go back to lesson step 2; space shows step 3 again."""
    lesson = load_lesson(DEMO)
    app = make_app(AppOptions(selection=select(load_dataset(lesson.dataset)), k=lesson.k, seed=lesson.seed,
                              animate=False, auto_elbow=False, lesson=lesson))
    async with app.run_test(size=(120, 40)) as pilot:
        text = lambda: str(app.query_one("#lesson").render())  # noqa: E731
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert text().startswith("Lesson 3/7") and app.session.run.cursor == 2
        forward_screen = ui_screen(app)
        centroids = app.session.run.current.centroids.copy()
        await pilot.press("b")
        await pilot.pause()
        assert text().startswith("Lesson 2/7") and app.session.run.cursor == 1
        assert app.session.run.current.phase.value == "assign"
        await pilot.press("left")
        await pilot.pause()
        assert text().startswith("Lesson 1/7") and app.session.run.cursor == 0
        await pilot.press("space", "space")
        await pilot.pause()
        assert text().startswith("Lesson 3/7") and app.session.run.cursor == 2
        assert (app.session.run.current.centroids == centroids).all()
        assert ui_screen(app) == forward_screen, "going back and forward again shows the same screen"
        await pilot.press("space", "space")  # v, then end: lesson 5 over the converged run
        await pilot.pause()
        assert text().startswith("Lesson 5/7") and app.session.run.at_end and app.session.view.regions
        await pilot.press("b")  # back to lesson 4: regions on, the run at step 2 again
        await pilot.pause()
        assert text().startswith("Lesson 4/7") and app.session.run.cursor == 2 and app.session.view.regions
        await pilot.press("b")
        await pilot.pause()
        assert text().startswith("Lesson 3/7") and not app.session.view.regions


def ui_screen(app: object) -> str:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in strips)


# ------------------------------------------------------------------ the teacher's settings, scenes and lines


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "l.toml"
    f.write_text(text, encoding="utf-8")
    return f


def test_every_setting_a_teacher_needs(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a,b,c,kind\n1,6,0,p\n5,3,1,q\n2,2,2,p\n7,7,3,q\n")
    f = _write(tmp_path, """
title = "all of them"
csv = "d.csv"
label = "kind"
features = ["a", "b", "c"]
x = "b"
y = "a"
standardize = false
centroids = [[1, 6, 0], [5, 3, 1]]
seed = 5
tol = 0.001
empty = "keep"
init = "k-means++"

[[step]]
keys = ["+", "-", "[", "]", "?", "left_square_bracket", "space", "esc", "←"]

[[step]]
dataset = "moons"
k = 2
place = [[0, 0], [1, 0.5]]
quiz = true
say = "moons"
""")
    from kmtui.cli.inputs import load_lesson as prepared

    lesson, sel, start = prepared(str(f))
    assert lesson.k == 2 and lesson.seed == 5 and lesson.tol == 0.001 and lesson.empty == "keep"
    assert sel.feature_names == ("a", "b", "c") and (sel.x_name, sel.y_name) == ("b", "a")
    assert sel.dataset.y is not None
    np.testing.assert_array_equal(start, [[1, 6, 0], [5, 3, 1]])
    assert lesson.steps[0].keys == ("plus", "minus", "left_square_bracket", "right_square_bracket",
                                    "question_mark", "left_square_bracket", "space", "escape", "left")
    second = lesson.steps[1]
    assert second.quiz and second.place == ((0.0, 0.0), (1.0, 0.5))
    assert second.scene is not None and second.scene.k == 2 and second.selection.dataset.name == "moons"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title = 'x'\n\n[[step]]\nsay = 'a'\n\n[[step]]\nsay = 'b'\nkey = ['space']\n", 8,
         "step 2: unknown field 'key'"),
        ("title = 'x'\ncentroids = [[1, 6], [5]]\n[[step]]\nsay = 'a'\n", 2, "centroid 2 has 1 coordinates"),
        ("centroids = [[1, 6, 3], [5, 3, 3]]\n[[step]]\nsay = 'a'\n", 1,
         "each centroid needs 2 numbers, one per clustered feature"),
        ("k = 3\ncentroids = [[1, 6], [5, 3]]\n[[step]]\nsay = 'a'\n", 1, "'k' = 3 does not match the 2 centroids"),
        ("[[step]]\nsay = 'a'\n[[step]]\nfeatures = ['nope']\n", 4, "'features'"),
        ("[[step]]\nsay = 'a'\n[[step]]\nkeys = ['q']\n", 4, "step 2: a lesson cannot press 'q'"),
        ("[[step]]\nplace = [[1, 2, 3]]\n", 2, "'place' takes two numbers per centroid"),
        ("[[step]]\nquiz = 'yes'\n", 2, "'quiz' must be true or false"),
        ("standardize = 1\n[[step]]\nsay = 'a'\n", 1, "'standardize' must be true or false"),
        ("empty = 'drop'\n[[step]]\nsay = 'a'\n", 1, "'empty' must be one of relocate, keep"),
        ("tol = -1\n[[step]]\nsay = 'a'\n", 1, "'tol' must be a finite number >= 0"),
        ("dataset = 'grid'\nk = 31\n[[step]]\nsay = 'a'\n", 2, "'k' = 31 is more than the 30 points"),
        ("x = 'nope'\n[[step]]\nsay = 'a'\n", 1, "'x'"),
    ],
)
def test_errors_name_the_file_and_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    from kmtui.cli.inputs import load_lesson as prepared

    f = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        prepared(str(f))
    said = str(err.value)
    assert said.startswith(f"{f}, line {line}: "), said
    assert message in said, said


def test_a_scene_on_the_command_line_is_one_error_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    f = _write(tmp_path, "[[step]]\nsay = 'a'\n\n[[step]]\ndataset = 'blobz'\n")
    assert main(["lesson", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kmtui: error: {f}, line 5: step 2: 'dataset': unknown dataset 'blobz'")
    assert err.count("\n") == 1


async def test_a_scene_switches_data_and_k_and_back_restores_them(tmp_path: Path) -> None:
    f = _write(tmp_path, """
dataset = "blobs"
k = 3
seed = 3
[[step]]
keys = ["end"]
[[step]]
dataset = "moons"
centroids = [[0, 0], [1, 0.5]]
keys = ["a"]
[[step]]
k = 4
init = "k-means++"
[[step]]
place = [[0, 0], [1, 1]]
""")
    from kmtui.cli.inputs import load_lesson as prepared

    lesson, sel, start = prepared(str(f))
    app = make_app(AppOptions(selection=sel, k=lesson.k, seed=lesson.seed, animate=False, auto_elbow=False,
                              lesson=lesson))
    async with app.run_test(size=(120, 40)) as pilot:
        s = app.session
        await pilot.press("space")
        await pilot.pause()
        assert s.selection.dataset.name == "blobs" and s.run.at_end
        await pilot.press("space")
        await pilot.pause()
        assert s.selection.dataset.name == "moons" and s.config.init == "given" and s.run.cursor == 1
        np.testing.assert_array_equal(s.run.steps[0].centroids, [[0, 0], [1, 0.5]])
        assert "moons" in str(app.main.query_one("#header").render())
        await pilot.press("space")
        await pilot.pause()
        assert s.k == 4 and s.config.init == "k-means++" and s.selection.dataset.name == "moons"
        await pilot.press("space")
        await pilot.pause()
        assert s.config.init == "manual" and s.k == 2
        np.testing.assert_array_equal(s.run.current.centroids, [[0, 0], [1, 1]])
        for _ in range(3):
            await pilot.press("b")
            await pilot.pause()
        assert app.main.lesson.position == 1 and s.selection.dataset.name == "blobs" and s.k == 3
        assert s.run.at_end


async def test_a_quiz_step_asks_and_space_reveals(tmp_path: Path) -> None:
    f = _write(tmp_path, "dataset = 'blobs'\nseed = 3\n[[step]]\nquiz = true\nsay = 'guess'\n"
                         "[[step]]\nsay = 'next'\n")
    lesson = load_lesson(f)
    app = make_app(AppOptions(selection=select(load_dataset("blobs")), k=3, seed=3, animate=False,
                              auto_elbow=False, lesson=lesson))
    async with app.run_test(size=(120, 40)) as pilot:
        from kmtui.ui.modes import Quiz

        await pilot.press("space")
        await pilot.pause()
        mode = app.main.mode
        assert isinstance(mode, Quiz) and app.main.lesson.position == 1
        assert "Which centroid" in str(app.main.query_one("#narration").render()) or "join" in str(
            app.main.query_one("#narration").render())
        await pilot.press("space")
        await pilot.pause()
        said = str(app.main.query_one("#narration").render())
        assert app.main.mode is None and app.main.lesson.position == 1
        assert said.startswith(f"The answer: point #{mode.point} joins centroid ")
        await pilot.press("space")
        await pilot.pause()
        assert app.main.lesson.position == 2 and app.session.run.cursor == 0


async def test_a_run_of_steps_in_a_lesson_is_drawn_once_and_ends_where_pressing_them_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # moons, K=6: the run takes longer than 9 steps, so the nine spaces end mid-run
    f = _write(tmp_path, """
dataset = "moons"
k = 6
seed = 3
[[step]]
keys = ["space", "space", "space", "space", "space", "space", "space", "space", "space", "b", "space"]
""")
    from kmtui.cli.inputs import load_lesson as prepared
    from kmtui.ui.screens.base import RunScreen

    lesson, sel, _ = prepared(str(f))
    shows: list[int] = []
    real_show = RunScreen.show

    def counted(self: RunScreen, *args: object, **kwargs: object) -> None:
        shows.append(self.session.run.cursor)
        real_show(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RunScreen, "show", counted)
    app = make_app(AppOptions(selection=sel, k=6, seed=3, animate=False, auto_elbow=False, lesson=lesson))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shows.clear()
        await pilot.press("space")  # the lesson's step: its eleven keys
        await pilot.pause()
        lesson_cursor = app.session.run.cursor
        lesson_narration = str(app.main.query_one("#narration").render())
        lesson_centroids = app.session.run.current.centroids.copy()
    assert lesson_cursor == 9
    assert shows == [9, 8, 9], "the nine spaces are drawn once, then b and space"

    plain = make_app(AppOptions(selection=select(load_dataset("moons")), k=6, seed=3, animate=False,
                                auto_elbow=False))
    async with plain.run_test(size=(100, 30)) as pilot:
        for key in ["space"] * 9 + ["b", "space"]:
            await pilot.press(key)
        await pilot.pause()
        assert plain.session.run.cursor == lesson_cursor
        assert str(plain.main.query_one("#narration").render()) == lesson_narration
        np.testing.assert_array_equal(plain.session.run.current.centroids, lesson_centroids)


async def test_back_to_the_lessons_start_keeps_the_elbow_computed_after_the_first_frame(ui: object) -> None:
    """The automatic elbow finishes after the first frame, when the lesson's start was already
    remembered: space then b used to bring back "Elbow: press e to compute it" and no chart."""
    lesson = load_lesson(DEMO)
    app = make_app(AppOptions(selection=select(load_dataset(lesson.dataset)), k=lesson.k, seed=lesson.seed,
                              animate=False, auto_elbow=True, lesson=lesson))
    async with app.run_test(size=(120, 40)) as pilot:
        await ui.settle(pilot)  # type: ignore[attr-defined]
        title = lambda: str(app.main.query_one("#elbow-title").render())  # noqa: E731
        assert app.session.elbow is not None and "knee at K=3" in title()
        start = ui_screen(app)
        await pilot.press("space")
        await ui.settle(pilot)  # type: ignore[attr-defined]
        await pilot.press("b")
        await ui.settle(pilot)  # type: ignore[attr-defined]
        assert app.main.lesson.position == 0
        assert app.session.elbow is not None and "knee at K=3" in title(), title()
        assert ui_screen(app) == start


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_plot_keeps_its_size_through_a_lesson(size: tuple[int, int]) -> None:
    """The lesson's text has the rows its longest step needs from the start: the plot does not lose
    or gain a row (and redraw at a new scale) from one lesson step to the next, and no text is cut."""
    lesson = load_lesson(DEMO)
    app = make_app(AppOptions(selection=select(load_dataset(lesson.dataset)), k=lesson.k, seed=lesson.seed,
                              animate=False, auto_elbow=False, lesson=lesson))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        box = app.main.query_one("#lesson")
        heights = {app.main.query_one("#scatter").size.height}
        for _ in range(len(lesson.steps)):
            await pilot.press("space")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            heights.add(app.main.query_one("#scatter").size.height)
            assert not box.overflows, str(box.render())  # the longest step fits, so every step does
        assert len(heights) == 1, heights
        assert 2 <= box.size.height <= 4
