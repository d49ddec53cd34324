"""TakeAwayKeys: what the teacher takes away — the run as JSON and CSV (w), the session as a lesson (W)."""

from __future__ import annotations

from pathlib import Path

from textual import events

from kmtui import keymap
from kmtui.files import write_numbered
from kmtui.lessons.writer import Recording, lesson_text
from kmtui.ui.modes import Move, Place
from kmtui.ui.screens.restarts import RestartKeys

_NOT_RECORDED = frozenset({"W", "w", "M", "m", "escape"})
"""Keys the W lesson does not replay (they write files or wait for a person)."""


class TakeAwayKeys(RestartKeys):
    """What the teacher takes away: the run as JSON and CSV (w), the session as a lesson file (W)."""

    @property
    def recording(self) -> Recording:
        """The settings the session started with and the keys pressed since (for W)."""
        rec: Recording | None = getattr(self, "_recording", None)
        if rec is None:
            s = self.session
            run = s.run
            given = run.steps[0].centroids.tolist() if run.config.init == "given" else None
            rec = Recording(s.selection, run.config, given)
            self._recording = rec
        return rec

    def on_mount(self) -> None:
        _ = self.recording  # the settings as the session starts

    def on_key(self, event: events.Key) -> None:
        row = keymap.find(event.key)
        if row is not None and row.lesson and event.key not in _NOT_RECORDED and not self._replaying:
            if not isinstance(self.mode, (Place, Move)):
                self.recording.key(keymap.key_label(event.key))

    def action_write_run(self) -> None:
        """w: the run as JSON (the trace format) and the labels as CSV, under new names in the current folder."""
        from kmtui.export import final_labels, labels_csv, trace_json

        s = self.session
        try:
            a = write_numbered(Path.cwd(), "kmtui-run", ".json", trace_json(s.selection, s.run))
            b = write_numbered(Path.cwd(), "kmtui-labels", ".csv", labels_csv(s.selection, final_labels(s.run)))
        except OSError as err:
            self.notify(f"could not write the run: {err.strerror or err}", severity="error", markup=False)
            return
        self.notify(f"wrote {a.name} (the run, as kmtui trace --json) and {b.name} (the final labels)",
                    markup=False)
        self.say(f"Wrote {a} and {b}.")

    def action_write_lesson(self) -> None:
        """W: the session so far (its settings and the keys pressed since the start) as a lesson file."""
        try:
            path = write_numbered(Path.cwd(), "kmtui-lesson", ".toml", lesson_text(self.recording))
        except OSError as err:
            self.notify(f"could not write the lesson: {err.strerror or err}", severity="error", markup=False)
            return
        self.notify(f"wrote {path.name}: kmtui lesson {path.name} plays it again", markup=False)
        self.say(f"Wrote {path}: {len(self.recording.steps)} steps. Fill in their 'say' and play it with "
                 f"kmtui lesson {path.name}.")
