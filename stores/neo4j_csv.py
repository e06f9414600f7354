"""CSV for ``neo4j-admin database import``: a value's header type, its text in a field, and one file being written.

- Array delimiter U+001F (the ASCII unit separator): it cannot occur in an
  IRI (``sources``) nor in ``lines`` ("12-40,55") or ``pages`` ("3:12-40");
  ``;``, neo4j-admin's default, may occur in an IRI. A value that contains
  it anyway is refused.
- Every string is quoted (RFC 4180, a quote doubled) and a missing property
  is an empty unquoted field: neo4j-admin reads ``""`` as the empty string and
  an empty field as no property, as the loader leaves it. Strings may hold
  commas, quotes and line breaks; a file notes whether a line break is inside
  a value, so that only such files are named to ``--multiline-fields``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from kommunegraf.errors import KommunegrafError

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"


class Neo4jImportError(KommunegrafError):
    """The graph holds a value the import files cannot carry as the loader would store it."""


class _Absent:
    """A missing property: an empty, unquoted field (no property), where every string is quoted ("" is the empty
    string)."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""


ABSENT = _Absent()


SCALAR_TYPES = {str: "string", int: "long", bool: "boolean", float: "double"}


def neo4j_type(value: Any) -> str:
    """The neo4j-admin header type that stores ``value`` as the driver stores the Python value."""
    found = SCALAR_TYPES.get(type(value))
    if found is not None:
        return found
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (list, tuple)) and value:
        kinds = {neo4j_type(v) for v in value}
        if len(kinds) == 1 and not next(iter(kinds)).endswith("[]"):
            return f"{kinds.pop()}[]"
    raise Neo4jImportError(f"a {type(value).__name__} value ({value!r:.60}) has no neo4j-admin import type")


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return value  # numbers unquoted, strings quoted
    return value.isoformat()  # dates and datetimes, quoted


def csv_value(value: Any) -> Any:
    """``value`` as the writer is given it: see ``_Absent`` and the module's notes."""
    if type(value) is str:  # most values: the check first
        return value
    if value is None:
        return ABSENT
    if isinstance(value, (list, tuple)):
        parts = [str(_scalar(v)) for v in value]
        if any(ARRAY_DELIMITER in part for part in parts):
            raise Neo4jImportError(f"a list value holds the array delimiter U+001F: {value!r:.80}")
        return ARRAY_DELIMITER.join(parts)
    return _scalar(value)


def cell(value: Any) -> str:
    """A value that is not a string as a CSV field (see ``csv_value``); numbers and flags, the usual ones, first."""
    kind = type(value)
    if kind is int or kind is float:
        return repr(value)
    if kind is bool:
        return '"true"' if value else '"false"'
    if value is ABSENT or value is None:
        return ""
    value = csv_value(value)
    if type(value) is str:
        return '"' + value.replace('"', '""') + '"'
    return repr(value)


class CsvFile:
    """One CSV file being written: its writer, rows and whether a value spans lines."""

    def __init__(self, path: Path, header: list[str], stack: ExitStack) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle: IO[str] = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
        self.handle = handle
        self.rows = 0
        self.multiline = False
        handle.write(self.line(header))  # the header's names are strings: quoted, which neo4j-admin accepts

    def line(self, values: list[Any]) -> str:
        """One row as a CSV line (values as ``csv_value`` gives them): every string quoted, a quote doubled, a
        number bare, a missing value an empty field."""
        cells = ['"' + value.replace('"', '""') + '"' if type(value) is str else cell(value) for value in values]
        return ",".join(cells) + "\n"

    def write_lines(self, lines: list[str]) -> None:
        """Rows written out as CSV lines (``line``, or made in place where every value is known to be plain).

        A value that spans lines is noted here, for the batch at once: its text then has more line breaks
        than rows, or a carriage return.
        """
        text = "".join(lines)
        if not self.multiline and (text.count("\n") != len(lines) or "\r" in text):
            self.multiline = True
        self.handle.write(text)
        self.rows += len(lines)
