"""Hostile text: markup, escape sequences, NUL, bidi overrides and over-long strings never reach the terminal raw.

Every text field that comes from outside (a CSV file's name, its header, its
label values, a lesson's title and texts, names quoted in error messages) is
fed a corpus of nasty strings, through the readers and through the commands
(``trace``, ``elbow``, ``play`` when not a terminal, ``datasets``, errors)
and the app; the text written must hold none of them raw.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kmtui.cli import main
from kmtui.data import read_csv
from kmtui.data.selection import select
from kmtui.errors import InputError
from kmtui.lessons import load_lesson
from kmtui.textsafe import clean, is_clean

#: The corpus: markup, OSC / CSI / plain escapes, BEL, NUL, bidi overrides, a very long string.
CORPUS = [
    "[b]x[/b]",
    "[/i]",
    "[link=file:///etc/passwd]x[/link]",
    "a\x1b]0;pwned\x07b",
    "\x1b[2J\x1b[31mred",
    "nul\x00here",
    "\u202eevil\u202c",
    "\u2066iso\u2069\u200f",
    "c1\x9b31m",
    "del\x7f",
    "L" * 10_000,
]

#: What must never be written raw (newline and tab are allowed in output, not in names).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def assert_safe(text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40):found.start() + 40]!r}"


def test_clean_makes_every_corpus_string_printable_and_short() -> None:
    for s in CORPUS:
        c = clean(s)
        assert is_clean(c) and RAW.search(c) is None and len(c) <= 200
        assert clean(c) == c  # idempotent: cleaning twice changes nothing
    assert clean("a\x1b]0;pwned\x07b") == "a\\x1b]0;pwned\\x07b"
    assert clean("\u202eevil") == "\\u202eevil"
    assert clean("[b]x[/b]") == "[b]x[/b]"  # markup is left as text: nothing parses it


# ------------------------------------------------------------------ the CSV reader


def hostile_csv(path: Path, names: list[str], labels: list[str]) -> Path:
    """A CSV with a header of ``names`` (numbers below), then a label column of ``labels``."""
    rng = np.random.default_rng(0)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*names, "kind"])
    for i in range(40):
        w.writerow([*(f"{v:.3f}" for v in rng.normal(size=len(names))), labels[i % len(labels)]])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


TEXTY = [s for s in CORPUS if "\x00" not in s]  # a NUL makes the file binary: refused (below)
FILE_NAMES = ["[b]x", "a\x1b]0;pwned\x07b", "\x1b[2Jclear", "\u202eevil", "del\x7f", "L" * 200]


def test_header_names_and_labels_from_a_file_are_clean(tmp_path: Path) -> None:
    f = hostile_csv(tmp_path / "data.csv", TEXTY, TEXTY)
    ds = read_csv(f)
    assert len(ds.feature_names) == len(TEXTY)
    for text in (*ds.feature_names, *ds.target_names, ds.name, ds.description, *ds.warnings):
        assert_safe(text)
        assert len(text) <= 2000
    assert ds.feature_names[:3] == ("[b]x[/b]", "[/i]", "[link=file:///etc/passwd]x[/link]")
    assert ds.feature_names[3] == "a\\x1b]0;pwned\\x07b" and ds.target_names[3] == "a\\x1b]0;pwned\\x07b"
    assert ds.feature_names[-1] == "L" * 199 + "…"
    # a cleaned name is what a person types to choose the column
    sel = select(ds, x="a\\x1b]0;pwned\\x07b", y="[/i]")
    assert sel.x_name == "a\\x1b]0;pwned\\x07b"


@pytest.mark.parametrize("stem", FILE_NAMES, ids=range(len(FILE_NAMES)))
def test_the_dataset_name_from_a_file_name_is_clean(tmp_path: Path, stem: str) -> None:
    f = hostile_csv(tmp_path / f"{stem}.csv", ["a", "b"], ["p", "q"])
    ds = read_csv(f)
    assert_safe(ds.name)
    assert_safe(ds.source)
    assert ds.name == clean(stem)


def test_a_nul_in_the_header_is_one_clean_error(tmp_path: Path) -> None:
    f = tmp_path / "n.csv"
    f.write_bytes(b"a\x1b]0;x\x07,b\x00c\n1,2\n3,4\n")
    with pytest.raises(InputError, match="NUL bytes") as err:
        read_csv(f)
    assert_safe(str(err.value))


# ------------------------------------------------------------------ the commands


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    return hostile_csv(tmp_path / "\x1b]0;pwned\x07[b]x.csv", TEXTY[:6] + [TEXTY[-1]], TEXTY)


@pytest.mark.parametrize(
    "argv",
    [
        ("trace", "--seed", "1", "--features", "0,1,2,3"),
        ("trace", "--seed", "1", "--labels"),
        ("elbow", "--no-chart", "--k-max", "3", "--n-init", "1", "--seed", "1"),
        ("play", "--no-animation", "--seed", "1"),
    ],
    ids=["trace-features", "trace", "elbow", "play"],
)
def test_commands_write_no_raw_control_characters(
    capsys: pytest.CaptureFixture[str], hostile_file: Path, argv: tuple[str, ...]
) -> None:
    status, out, err = run_cli(capsys, argv[0], str(hostile_file), *argv[1:])
    assert status == 0, err
    assert_safe(out)
    assert_safe(err)
    if argv[0] != "play":  # play draws the axes' names, not the data's
        assert "\\x1b]0;pwned\\x07[b]x" in out  # the name, shown with visible placeholders
    else:
        assert "[/i]" in out or "[b]x[/b]" in out
    if argv[0] == "trace" and "--features" in argv:
        assert "[b]x[/b], [/i], [link=file:///etc/passwd]x[/link], a\\x1b]0;pwned\\x07b" in out


def test_trace_json_escapes_everything(capsys: pytest.CaptureFixture[str], hostile_file: Path) -> None:
    status, out, _ = run_cli(capsys, "trace", str(hostile_file), "--json", "--seed", "1")
    assert status == 0
    assert_safe(out)
    doc = json.loads(out)
    assert_safe(doc["dataset"]["name"])
    for name in doc["dataset"]["features"]:
        assert_safe(name)


def test_datasets_writes_no_raw_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "datasets")
    assert status == 0 and "blobs" in out
    assert_safe(out + err)


@pytest.mark.parametrize("bad", CORPUS, ids=range(len(CORPUS)))
def test_error_lines_quote_hostile_names_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: str
) -> None:
    plain = hostile_csv(tmp_path / "plain.csv", ["a", "b"], ["p", "q"])
    cases: list[tuple[str, ...]] = [
        ("trace", str(plain), "--x", bad),  # a column that does not exist
        ("trace", str(plain), "--label", bad),
        ("trace", "-d", bad),  # a dataset that does not exist
        ("trace", str(tmp_path / bad.replace("/", "_").replace("\x00", "0"))),  # no such file
    ]
    for argv in cases:
        status, out, err = run_cli(capsys, *argv)
        assert status == 2, (argv, err)
        assert err.startswith("kmtui: error:") and err.count("\n") == 1, err
        assert len(err) < 3000
        assert_safe(out + err.rstrip("\n"))


def test_a_bad_cell_is_quoted_cleanly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "cell.csv"
    f.write_text("a,b\n1,2\n3,\x1b]0;pwned\x07\u202e\n4,5\n6,7\n", encoding="utf-8")
    status, _, err = run_cli(capsys, "trace", str(f))
    assert status == 2 and "line 3" in err and "is not a number" in err
    assert_safe(err.rstrip("\n"))


def test_input_error_render_cleans_message_source_and_column() -> None:
    err = InputError("bad \x1b[2J\u202e", source="f\x1b]0;t\x07.csv", column="1 (\x07)")
    text = err.render()
    assert_safe(text)
    assert text == "f\\x1b]0;t\\x07.csv, column 1 (\\x07): bad \\x1b[2J\\u202e"
    assert len(InputError("x" * 100_000).render()) <= 2000


# ------------------------------------------------------------------ lessons


def test_lesson_title_and_texts_are_clean(tmp_path: Path) -> None:
    steps = "".join(f"[[step]]\nsay = {json.dumps(s)}\n" for s in CORPUS)
    f = tmp_path / "l.toml"
    f.write_text(f"title = {json.dumps(''.join(CORPUS[:9]))}\ndataset = 'blobs'\n{steps}", encoding="utf-8")
    lesson = load_lesson(f)
    assert_safe(lesson.title)
    assert len(lesson.title) <= 200
    for step in lesson.steps:
        assert_safe(step.say)
        assert len(step.say) <= 2000
    assert lesson.steps[0].say == "[b]x[/b]" and lesson.steps[3].say == "a\\x1b]0;pwned\\x07b"


def test_a_lesson_named_with_escapes_says_so_cleanly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "\x1b]0;pwned\x07.toml"
    f.write_text("[[step]]\nkeys = [\"\\u001b[2J\"]\n", encoding="utf-8")
    status, _, err = run_cli(capsys, "lesson", str(f))
    assert status == 2 and "cannot press" in err and err.count("\n") == 1
    assert_safe(err.rstrip("\n"))


# ------------------------------------------------------------------ the app


async def test_the_app_shows_hostile_names_literally(tmp_path: Path) -> None:
    from kmtui.ui.app import AppOptions, make_app

    f = hostile_csv(tmp_path / "[b]x.csv", ["[/b]", "a\x1b]0;pwned\x07b", "[link=file:///etc/passwd]x[/link]"],
                    ["[/i]", "\u202eevil", "\x1b[2J"])
    ds = read_csv(f)
    app = make_app(AppOptions(selection=select(ds), k=3, seed=3, animate=False, auto_elbow=False))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for key in ("space", "space", "x", "i", "right"):
            await pilot.press(key)
            await pilot.pause()
        screen: Any = app.screen
        text = "\n".join(strip.text for strip in screen._compositor.render_strips())
    assert "[b]x" in text and "[/b]" in text
    assert_safe(text)
    assert "\\x1b]0;pwned\\x07b" in text


# ------------------------------------------------------------------ lesson files validated as data

STEP = "[[step]]\nsay = 'a'\n"


def _lesson_cases(tmp: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    (tmp / "folder").mkdir()
    import os

    os.mkfifo(tmp / "fifo.csv")
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    deep_tables = "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
    many_keys = "[[step]]\nkeys = [" + ", ".join(["'space'"] * 300) + "]\n"
    return [
        ("ds-array", "dataset = ['a']\n" + STEP, ("'dataset' must be text", "not an array")),
        ("ds-table", "dataset = {a = 1}\n" + STEP, ("'dataset' must be text", "not a table")),
        ("ds-unknown", "dataset = 'blobz'\n" + STEP, ("unknown dataset 'blobz'", "blobs", "iris")),
        ("csv-int", "csv = 5\n" + STEP, ("'csv' must be text", "not a whole number")),
        ("csv-list", "csv = ['a.csv']\n" + STEP, ("'csv' must be text", "not an array")),
        ("csv-nul", 'csv = "a\\u0000b.csv"\n' + STEP, ("'csv' holds a NUL",)),
        ("csv-zero", "csv = '/dev/zero'\n" + STEP, ("'csv'", "/dev/zero", "not a regular CSV file")),
        ("csv-dir", "csv = 'folder'\n" + STEP, ("'csv'", "is a directory")),
        ("csv-fifo", "csv = 'fifo.csv'\n" + STEP, ("'csv'", "a FIFO")),
        ("csv-missing", "csv = 'nope.csv'\n" + STEP, ("'csv': no such file",)),
        ("title", "title = 5\n" + STEP, ("'title' must be text, not a whole number",)),
        ("k-text", "k = '3'\n" + STEP, ("'k' must be a whole number >= 1, not text",)),
        ("k-huge", "k = 99999999999999\n" + STEP, ("'k' must be at most",)),
        ("seed-float", "seed = 1.5\n" + STEP, ("'seed' must be a whole number >= 0, not 1.5",)),
        ("init-array", "init = ['x']\n" + STEP, ("'init' must be one of", "not an array")),
        ("step-text", "step = 'x'\n", ("'step' must be an array of tables", "not text")),
        ("step-int", "step = [1]\n", ("step 1 must be a table", "not a whole number")),
        ("say-array", "[[step]]\nsay = ['a']\n", ("step 1: 'say' must be text, not an array",)),
        ("keys-int", "[[step]]\nkeys = 5\n", ("step 1: 'keys' must be an array of key names",)),
        ("keys-item", "[[step]]\nkeys = ['space', 1]\n", ("step 1: 'keys' item 2 must be a key name",)),
        ("keys-many", many_keys, ("step 1 presses 300 keys", "at most 200")),
        ("deep-arrays", deep, ("nested more than 32 deep",)),
        ("deep-tables", deep_tables, ("nested more than 32 deep",)),
        ("big", "title = '" + "x" * 1_100_000 + "'\n" + STEP, ("larger than 1 MB",)),
    ]



def test_lesson_files_are_checked_as_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name, text, expected in _lesson_cases(tmp_path):
        f = tmp_path / f"{name}.toml"
        f.write_text(text, encoding="utf-8")
        status, out, err = run_cli(capsys, "lesson", str(f))
        assert status == 2, (name, err)
        assert err.startswith(f"kmtui: error: {f}") and err.count("\n") == 1, (name, err)
        for part in expected:
            assert part in err, (name, part, err)
        assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_a_lesson_that_is_a_device_is_refused(capsys: pytest.CaptureFixture[str], path: str) -> None:
    status, _, err = run_cli(capsys, "lesson", path)
    assert status == 2 and "not a regular file" in err and err.count("\n") == 1


def test_brackets_in_strings_and_comments_are_not_nesting(tmp_path: Path) -> None:
    f = tmp_path / "ok.toml"
    f.write_text("title = '" + "[" * 100 + "'  # " + "{" * 100 + "\n[[step]]\nsay = \"\"\"" + "[" * 100
                 + "\"\"\"\n", encoding="utf-8")
    lesson = load_lesson(f)
    assert lesson.title == "[" * 100 and lesson.steps[0].say == "[" * 100
