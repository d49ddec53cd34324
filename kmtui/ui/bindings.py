"""Textual bindings made from :mod:`kmtui.keymap` (the one table of keys)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from kmtui.keymap import Key, Scope, in_scope


def binding(row: Key) -> Binding:
    display = row.display if row.display and "," not in row.display and "…" not in row.display else None
    return Binding(",".join(row.keys), row.action, row.label, show=row.footer == 1, key_display=display,
                   priority=row.priority, tooltip=row.help, id=row.id)


def bindings(scope: Scope) -> list[BindingType]:
    """The bindings of the App (``"app"``) or of the main screen (``"main"``)."""
    return [binding(row) for row in in_scope(scope) if row.action != "command_palette"]
