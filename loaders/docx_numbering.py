"""Word's list numbering (``word/numbering.xml``): the label a numbered or bulleted paragraph would print.

A list (``w:numId``) takes its levels from an abstract definition, with
overrides of its own; each level has a format ("decimal", "lowerLetter",
"upperRoman", "bullet" ...), a label text ("%1.%2.") and a start. Counting
follows document order: a paragraph of a level counts it and restarts the
deeper levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunegraf.loaders.docx_xml import W, int_value


@dataclass
class Numbering:
    """Word's list definitions (``word/numbering.xml``) and the counters of the lists met so far."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)  # (numId, level) -> fmt
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.iter(f"{W}abstractNum"):
            levels = abstract.setdefault(definition.get(f"{W}abstractNumId", ""), {})
            for level in definition.iter(f"{W}lvl"):
                levels[int_value(level.get(f"{W}ilvl"))] = _level(level)
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            reference = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(reference.get(f"{W}val", "") if reference is not None else "", {}))
            for override in num.iter(f"{W}lvlOverride"):
                index = int_value(override.get(f"{W}ilvl"))
                level = override.find(f"{W}lvl")
                start = override.find(f"{W}startOverride")
                if level is not None:
                    levels[index] = _level(level)
                elif start is not None and index in levels:
                    fmt, text, _ = levels[index]
                    levels[index] = (fmt, text, int_value(start.get(f"{W}val"), 1))
            for index, value in levels.items():
                numbering.formats[(num_id, index)] = value
        return numbering

    def label(self, num_id: str, level: int) -> tuple[str, str]:
        """The next label of list ``num_id`` at ``level``: (its format, its text), counting it."""
        fmt = self.formats.get((num_id, level))
        if fmt is None or num_id == "0":
            return "", ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[level] == 0:
            counters[level] = fmt[2] - 1
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt[0] == "bullet":
            return "bullet", "•"

        def value(match: re.Match) -> str:
            index = int(match[1]) - 1
            level_fmt = self.formats.get((num_id, index), ("decimal", "", 1))[0]
            return _formatted(max(counters[index], 1), level_fmt)

        return fmt[0], re.sub(r"%([1-9])", value, fmt[1])


def _level(level) -> tuple[str, str, int]:
    fmt = level.find(f"{W}numFmt")
    text = level.find(f"{W}lvlText")
    start = level.find(f"{W}start")
    return (
        fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
        text.get(f"{W}val", "") if text is not None else "",
        int_value(start.get(f"{W}val"), 1) if start is not None else 1,
    )


def _formatted(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(number)


def _roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def list_reference(num_pr) -> tuple[str, int] | None:
    """A paragraph's or style's ``w:numPr``: its list (numId) and level (0..8); None without a list."""
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{W}numId")
    level = num_pr.find(f"{W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{W}val", "0"), min(max(int_value(level.get(f"{W}val")) if level is not None else 0, 0), 8)
