"""Lessons: the file format (pure) and playing one in the app."""

from __future__ import annotations

from pathlib import Path

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
    assert lesson.title == "K-Means in ten presses" and lesson.k == 3 and lesson.seed == 3
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
        assert "Lesson: K-Means in ten presses" in text() and "Press space" in text()
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
