"""DataWarning: a warning about the data that names the user's choices by role.

The data layer says what to do in words ("choose it as the x column or among
the features"); a front end names the same choices its own way (the CLI by
its flags, ``use --x or --features``) with :meth:`DataWarning.render`, as it
does for :class:`~kmtui.errors.InputError`. A DataWarning is a ``str`` (the
words version), so code that only prints warnings needs no change.
"""

from __future__ import annotations

from collections.abc import Mapping

from kmtui.textsafe import clean


class DataWarning(str):
    """One warning line with a ``{how}`` slot for what to do about it.

    Parameters
    ----------
    template : str
        The line, with ``{how}`` where the remedy goes.
    roles : tuple of str
        The choices the remedy is about: ``"x"``, ``"y"``, ``"features"``,
        ``"label"``, ``"standardize"``.
    words : str
        The remedy in words, for the plain text.
    column : str, optional
        The name of the column the warning is about, when there is one: a
        front end leaves the warning out once that column is chosen after all.
    """

    template: str
    roles: tuple[str, ...]
    words: str
    column: str | None

    def __new__(cls, template: str, roles: tuple[str, ...], words: str, column: str | None = None) -> DataWarning:
        template, words = clean(template, limit=4000), clean(words, limit=400)
        self = super().__new__(cls, template.replace("{how}", words))
        self.template, self.roles, self.words, self.column = template, tuple(roles), words, column
        return self

    def render(self, names: Mapping[str, str] | None = None) -> str:
        """The line with the remedy named by ``names`` (role → flag or key): ``use --x or --features``.

        >>> w = DataWarning("column 1 is an ID; to use it, {how}", ("x", "features"),
        ...                 "choose it as the x column or among the features")
        >>> w.render({"x": "--x", "features": "--features"})
        'column 1 is an ID; to use it, use --x or --features'
        >>> str(w)
        'column 1 is an ID; to use it, choose it as the x column or among the features'
        """
        if not names or not all(r in names for r in self.roles):
            return str(self)
        return self.template.replace("{how}", "use " + " or ".join(names[r] for r in self.roles))
