"""The one exception kmtui shows to people: bad input or bad usage.

Everything the command line reports as ``kmtui: error: …`` is an
:class:`InputError`. It carries where the problem is (file, line, column) so
the message can say so; the CLI prints ``str(error)`` and exits with status 2.
"""

from __future__ import annotations


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
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message
