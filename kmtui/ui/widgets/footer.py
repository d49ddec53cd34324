"""KeyFooter: Textual's Footer, rebuilt only when the keys it shows change.

Textual 8.2's :class:`~textual.widgets.Footer` recomposes (a new widget per
key, each styled from the CSS) every time the screen publishes that its
bindings may have changed, and queues one recompose per publication. While
the app starts the screen publishes five times, and later on every change of
focus, of the run's ends or of play/pause, mostly with the same keys as
before. Here the publications coalesce into one check after the next refresh,
and the footer is recomposed only when the keys or their descriptions differ
from what it shows; a key turned on or off (``b`` at step 0) is dimmed or
undimmed in place. The same footer, less CPU (thirty copies share a server),
and no layout pass on the key press that enables ``b``. The first time it shows keys it posts
:class:`KeyFooter.Shown`: the app draws its first frame then.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Keys = tuple[tuple[Any, ...], ...]
"""What the footer shows: one (key, description, action, enabled, tooltip, group) per key."""


def _without_enabled(keys: Keys) -> Keys:
    return tuple(key[:4] + key[5:] for key in keys)


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

    def _set_enabled(self, shown: Keys) -> bool:
        """Dim or undim the keys already shown, as a recompose would; False if this Textual cannot.

        A FooterKey keeps its state in ``_disabled`` (a click on a dimmed key rings the bell)
        and shows it with the ``-disabled`` class; the first binding of an action is the one shown.
        """
        keys = list(self.query(FooterKey))
        if not all(hasattr(footer_key, "_disabled") for footer_key in keys):
            return False
        enabled: dict[str, bool] = {}
        for key in shown:
            enabled.setdefault(key[3], key[4])
        for footer_key in keys:
            on = enabled.get(footer_key.action)
            if on is not None and footer_key._disabled == on:
                footer_key._disabled = not on
                footer_key.set_class(not on, "-disabled")
        return True

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
        old, self._shown = self._shown, shown
        if old is not None and _without_enabled(old) == _without_enabled(shown) and self._set_enabled(shown):
            return  # only keys turned on or off (b at step 0): dimmed in place, no new widgets
        await self.recompose()
        if first:
            self.post_message(self.Shown())
