"""Word's paragraph styles (``word/styles.xml``): which are headings, which carry list numbering, which print a
dot leader; a style inherits from the one it is based on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kommunegraf.loaders.docx_numbering import list_reference
from kommunegraf.loaders.docx_xml import W, int_value

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|indholdsfortegnelse)\s*[1-9]$", re.IGNORECASE)
_LEADERS = frozenset({"dot", "hyphen", "underscore", "middleDot", "heavy"})


@dataclass
class _Style:
    heading: bool
    num: tuple[str, int] | None
    based_on: str | None
    leader: bool  # a tab stop that prints a row of dots (a contents entry's page number)


class Styles:
    """Paragraph styles (``word/styles.xml``): which are headings, which carry list numbering."""

    def __init__(self, root) -> None:
        self.styles: dict[str, _Style] = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") not in (None, "paragraph"):
                continue
            style_id = style.get(f"{W}styleId", "")
            name = style.find(f"{W}name")
            names = (style_id, name.get(f"{W}val", "") if name is not None else "")
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            based = style.find(f"{W}basedOn")
            self.styles[style_id] = _Style(
                heading=any(_HEADING_STYLE.match(n) for n in names) or outline_heading(outline),
                num=list_reference(style.find(f"{W}pPr/{W}numPr")),
                based_on=based.get(f"{W}val") if based is not None else None,
                leader=any(_TOC_STYLE.match(n) for n in names) or has_leader_tab(style.find(f"{W}pPr")),
            )

    def _chain(self, style_id: str | None):
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def is_heading(self, style_id: str | None) -> bool:
        if style_id and _HEADING_STYLE.match(style_id):
            return True
        return any(style.heading for style in self._chain(style_id))

    def has_leader(self, style_id: str | None) -> bool:
        return any(style.leader for style in self._chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        return next((style.num for style in self._chain(style_id) if style.num), None)


def has_leader_tab(properties) -> bool:
    """Paragraph properties with a tab stop whose gap Word fills with dots, dashes or a line."""
    if properties is None:
        return False
    return any(
        tab.get(f"{W}leader") in _LEADERS and tab.get(f"{W}val") != "clear"
        for tab in properties.iterfind(f"{W}tabs/{W}tab")
    )


def outline_heading(outline) -> bool:
    """An outline level (``w:outlineLvl`` 0..8) makes a paragraph a heading; 9 is body text."""
    return outline is not None and int_value(outline.get(f"{W}val"), 9) < 9
