"""The one key table: every binding comes from it, every row has its sentence and its action.

These fail when a binding is added beside the table, when a row's action has no
method to run, when two rows claim one key in one scope, or when the lesson
validator and the table disagree.
"""

from __future__ import annotations

from textual.actions import parse

from kmtui import keymap
from kmtui.lessons.lesson import ALLOWED_KEYS
from kmtui.ui.app import KmtuiApp
from kmtui.ui.screens.main import MainScreen


def _bound(bindings: list[object]) -> set[tuple[str, str]]:
    """(key, action) pairs of a list of Textual bindings."""
    return {(key, b.action) for b in bindings for key in b.key.split(",")}  # type: ignore[attr-defined]


def test_every_binding_is_a_row_of_the_table_and_every_row_is_bound() -> None:
    rows = {(k, r.action) for r in keymap.KEYS for k in r.keys if r.action != "command_palette"}
    bound = _bound(MainScreen.BINDINGS) | _bound(KmtuiApp.BINDINGS)
    assert bound == rows


def test_every_row_has_a_help_sentence_a_label_and_an_action_to_run() -> None:
    for row in keymap.KEYS:
        assert row.help.strip() and row.label.strip(), row.action
        _, name, _ = parse(row.action)
        owner = MainScreen if row.scope == "main" else KmtuiApp
        assert callable(getattr(owner, f"action_{name}", None)), f"{owner.__name__} has no action_{name}"


def test_no_key_means_two_things_in_one_scope_except_the_play_pause_twin() -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in keymap.KEYS:
        for key in row.keys:
            other = seen.setdefault((row.scope, key), row.action)
            assert other == row.action or {other, row.action} == {"play", "pause"}, (key, other, row.action)


def test_help_rows_cover_every_sentence_once() -> None:
    sentences = [text for _, text in keymap.help_rows()]
    assert len(sentences) == len(set(sentences))
    assert set(sentences) == {row.help for row in keymap.KEYS}


def test_the_lesson_validator_allows_exactly_the_lesson_keys_of_the_table() -> None:
    assert ALLOWED_KEYS == {k for row in keymap.KEYS if row.lesson for k in row.keys}
    assert "q" not in ALLOWED_KEYS and "s" not in ALLOWED_KEYS and "space" in ALLOWED_KEYS


def test_keys_as_people_type_them() -> None:
    for typed, name in (("+", "plus"), ("-", "minus"), ("[", "left_square_bracket"), ("]", "right_square_bracket"),
                        ("?", "question_mark"), (" ", "space"), ("space", "space"), ("a", "a"), ("D", "D")):
        assert keymap.normalize_key(typed) == name
    assert keymap.find("+") is not None and keymap.find("+").action == "k_up"  # type: ignore[union-attr]
