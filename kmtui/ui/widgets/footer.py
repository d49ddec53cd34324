"""KeyFooter: Textual's Footer, rebuilt only when the keys it shows change.

Textual 8.2's :class:`~textual.widgets.Footer` recomposes (a new widget per
key, each styled from the CSS) every time the screen publishes that its
bindings may have changed, and queues one recompose per publication. While
the app starts the screen publishes five times, and later on every change of
focus, of the run's ends or of play/pause, mostly with the same keys as
before. Here the publications coalesce into one check after the next refresh,
and the footer is recomposed only when the keys, their descriptions or their
enabled state differ from what it shows: the same footer, less CPU (thirty
copies share a server). The first time it shows keys it posts
:class:`KeyFooter.Shown`: the app draws its first frame then.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[Any, ...], ...]
"""What the footer shows: one (key, description, action, enabled, tooltip, group) per key."""


class KeyFooter(Footer):
    """A Footer that recomposes only when what it shows changes."""

    class Shown(Message):
        """The footer shows its keys for the first time (the app waits for it to draw its first frame)."""

    _shown: Keys | None = None
    _queued = False

    def shown(self) -> Keys:
        """The keys the footer would show now, with what it shows of each."""
        return tuple((binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip,
                      binding.group)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Footer.bindings_changed, but one check per refresh instead of one recompose per call.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._queued:
            self._queued = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._queued = False
        if not self.is_attached:
            return
        shown = self.shown()
        if shown == self._shown:
            return
        first = self._shown is None
        self._shown = shown
        await self.recompose()
        if first:
            self.post_message(self.Shown())
