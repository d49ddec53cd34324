r"""The exceptions kmtui shows to people: bad input and bad usage.

Everything the command line reports as ``kmtui: error: …`` is an
:class:`InputError`. It carries where the problem is (file, line, column) so
the message can say so, and which of the user's choices it is about (its
``roles``: the x column, the features, …). The data layer names roles in
words and never a command-line flag; the CLI prints :meth:`InputError.render`
with its own flag for each role, and exits with status 2.

The rendered line is always safe to print: control characters in the
message, the source or a column name (all of which may quote a stranger's
file) become visible ``\xNN`` placeholders (:func:`kmtui.textsafe.clean`).
"""

from __future__ import annotations

from collections.abc import Mapping

from kmtui.textsafe import clean

#: Longest message and source shown: a cell or a path from a hostile file cannot flood the terminal.
MESSAGE_LIMIT = 2000
SOURCE_LIMIT = 300


class InputError(ValueError):
    """Bad input or bad usage, with where it happened.

    Parameters
    ----------
    message : str
        What is wrong, in plain words, without a trailing full stop.
    source : str, optional
        The file name (or ``<stdin>``) the problem was found in.
    line : int, optional
        1-based line number in ``source``.
    column : int or str, optional
        1-based column number, or a column name.
    roles : sequence of str, optional
        The choices the problem is about, among ``"x"``, ``"y"``,
        ``"features"`` and ``"label"``. Not part of ``str(error)``: a front end
        names them its own way (the CLI by its flags, see :meth:`render`).
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | str | None = None,
        roles: tuple[str, ...] = (),
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.roles = tuple(roles)
        super().__init__(self.__str__())

    def render(self, role_names: Mapping[str, str] | None = None) -> str:
        """The one-line message, with the roles named by ``role_names`` after where it is.

        >>> InputError("x and y are the same column", source="blobs", roles=("x", "y")).render(
        ...     {"x": "--x", "y": "--y"})
        'blobs, --x and --y: x and y are the same column'
        """
        where: list[str] = []
        if self.source is not None:
            where.append(clean(self.source, limit=SOURCE_LIMIT))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {clean(str(self.column), limit=SOURCE_LIMIT)}")
        if role_names is not None:
            named = [role_names[r] for r in self.roles if r in role_names]
            if named:
                where.append(" and ".join(named))
        message = clean(self.message, limit=MESSAGE_LIMIT)
        return f"{', '.join(where)}: {message}" if where else message

    def __str__(self) -> str:
        return self.render()


class UsageError(InputError):
    """Bad usage of the command line: an unknown option, a value out of range, a bad combination."""
