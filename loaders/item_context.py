"""What an item's readers share: what the meeting's header told, the sections an item is cut into, and how a
reader reports what it did not understand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kommunegraf.loaders.profiles import Unit


@dataclass
class ItemContext:
    """What the meeting's header told, which an item's reading needs."""

    meeting_date: dt.date | None = None
    committee: str | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)


@dataclass
class Section:
    """A part of an item under one heading (the preamble has none), and the role its text has."""

    role: str
    rule: str | None
    heading: Unit | None
    units: list[Unit] = field(default_factory=list)
    committee: str | None = None  # a decision heading's committee and date
    date: dt.date | None = None
    number: int | None = None
    value: str = ""  # text on the heading's own line


# A finding's code, message, line and text as printed: what a reader did not understand, and where.
Report = Callable[[str, str, int | None, str | None], None]
