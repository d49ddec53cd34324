"""TakeAwayKeys: what the teacher takes away — the run as JSON and CSV (w), the session as a lesson (W)."""

from __future__ import annotations

from pathlib import Path

from textual import events

from kmtui import keymap
from kmtui.files import write_numbered
from kmtui.lessons.writer import Recording, lesson_text
from kmtui.narration import screen as say
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

    def _deliver(self, stem: str, suffix: str, text: str, mime: str, what: str) -> str | None:
        """A new file here, or a download in a browser (kmtui serve): the App decides."""
        deliver = getattr(self.app, "deliver", None)
        if deliver is not None:
            name: str | None = deliver(stem, suffix, text, mime, what=what)
            return name
        try:  # an app without deliver (not kmtui's): a new file here
            return write_numbered(Path.cwd(), stem, suffix, text).name
        except OSError as err:
            self.notify(f"could not write the {what}: {err.strerror or err}", severity="error", markup=False)
            return None

    def _shown(self, name: str) -> str:
        return f"{name} (sent to your browser)" if self.app.is_web else str(Path.cwd() / name)

    def action_write_run(self) -> None:
        """w: the run as JSON (the trace format) and the labels as CSV, under new names (never over a file)."""
        from kmtui.export import final_labels, labels_csv, trace_json

        s = self.session
        a = self._deliver("kmtui-run", ".json", trace_json(s.selection, s.run), "application/json",
                          "run (as kmtui trace --json)")
        b = self._deliver("kmtui-labels", ".csv", labels_csv(s.selection, final_labels(s.run)), "text/csv",
                          "final labels")
        if a is not None and b is not None:
            self.say(say.wrote_run(self._shown(a), self._shown(b)))

    def action_write_lesson(self) -> None:
        """W: the session so far (its settings and the keys pressed since the start) as a lesson file."""
        name = self._deliver("kmtui-lesson", ".toml", lesson_text(self.recording), "application/toml", "lesson")
        if name is not None:
            self.say(say.wrote_lesson(self._shown(name), len(self.recording.steps), name))
