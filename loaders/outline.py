"""The outline of a minutes document: its header, then its agenda items, each with its heading and body.

Where items print headings (``item_headings`` finds them), an item runs from
its heading to the next. Minutes whose items print no heading (a portal that
shows the title only in a button) are cut where an item evidently starts: a
case number, an open/closed mark, a heading that opens items ("Resumé",
"Beslutningstema") after the current item has text, or a heading the current
item already had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kommunegraf.loaders.item_headings import HeadingCandidate, find_items
from kommunegraf.loaders.phrases import names_a_place
from kommunegraf.loaders.profiles import Unit
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.loaders.wording_rules import HEADER_ROLES


@dataclass
class ItemOutline:
    number: int | None
    title: str | None
    closed: bool
    heading: list[Unit]
    body: list[Unit] = field(default_factory=list)
    printed_number: bool = True


@dataclass
class Outline:
    header: list[Unit]
    items: list[ItemOutline]
    titled: bool  # items have printed headings


def _closed_group(unit: Unit) -> bool | None:
    """A contents group heading's open/closed mark ("Lukkede dagsordenspunkter"), or None."""
    cue = unit.cue
    if cue is None or cue.kind != "toc_group" or cue.compiled is None:
        return None
    return bool(cue.compiled.rule.closed)


def outline(units: list[Unit]) -> Outline:
    """Header and items of a document's units."""
    headings = find_items(units)
    if headings:
        return _titled(units, headings)
    return _untitled(units)


def _titled(units: list[Unit], headings: list[HeadingCandidate]) -> Outline:
    first = headings[0].index
    header_end = first
    # a bare case number on the line before the first heading belongs to the item ("00.01.00-K01-1-16", "1.")
    if first > 0 and units[first - 1].cue is not None and units[first - 1].cue.kind == "case":
        header_end = first - 1
    items: list[ItemOutline] = []
    closed_group = False
    for position, heading in enumerate(headings):
        start = heading.index
        end = headings[position + 1].index if position + 1 < len(headings) else len(units)
        heading_units = [units[start]]
        body_start = start + 1
        if heading.title_index is not None:
            heading_units.append(units[heading.title_index])
            body_start = heading.title_index + 1
        body = units[body_start:end]
        if position + 1 < len(headings) and _case_before(units, headings[position + 1].index, body_start):
            body = units[body_start : headings[position + 1].index - 1]  # the next item's case number
        if position == 0 and header_end < first:
            body = [units[header_end], *body]
        for unit in units[start:end]:
            group = _closed_group(unit)
            if group is not None and unit is not units[start]:
                closed_group = group
        items.append(ItemOutline(heading.number, heading.title, closed_group, heading_units, body))
    for index in range(1, len(items)):
        heading_index = headings[index].index
        if _case_before(units, heading_index, headings[index - 1].index + 1):
            items[index].body.insert(0, units[heading_index - 1])
    return Outline(units[:header_end], items, titled=True)


def _case_before(units: list[Unit], heading: int, body_start: int) -> bool:
    """A case number on the line before a heading is the next item's ("00.01.00-K01-1-16" / "1."), when the item
    it stands in has printed its own case already."""
    before = units[heading - 1] if heading - 1 >= body_start else None
    if before is None or before.cue is None or before.cue.kind != "case":
        return False
    return any(u.cue is not None and u.cue.kind == "case" for u in units[body_start : heading - 1])


def _header_end(units: list[Unit]) -> int:
    """Where the header of minutes without item headings ends: after its last label before the first section
    ("Åben" / "Mødested ..." / "Medlemmer ...": an open mark above the labels is the document's)."""
    last_label = -1
    for index, unit in enumerate(units):
        cue = unit.cue
        if cue is None:
            continue
        if cue.kind in ("section", "section_form", "decision_heading"):
            break
        if cue.kind == "label" and cue.role in HEADER_ROLES:
            last_label = index
    return last_label + 1


def _section_key(unit: Unit) -> str:
    """Which heading a unit is, for telling a repeated heading: the decision whatever its wording, else the words."""
    cue = unit.cue
    assert cue is not None
    if cue.kind == "decision_heading" or cue.role == "decision":
        return "decision"
    return unit.text.casefold().rstrip(" :")


TITLE_LINE_CHARS = 150


def _title_before(unit: Unit, start: Unit) -> bool:
    """A short line standing alone right before an item's first heading is the item's title
    ("Fælles ansvar for nedbringelse af hjemløshed" / "Beslutning")."""
    text = unit.text
    return (
        unit.cue is None
        and unit.new_block
        and start.new_block
        and len(text) <= TITLE_LINE_CHARS
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ","))
        and not names_a_place(text)
    )


def _untitled(units: list[Unit]) -> Outline:
    """Items without printed headings, cut where an item evidently starts."""
    openers = {c.id for c in vocabulary().of("section") if c.rule.opener}
    header_end = _header_end(units)
    header: list[Unit] = []
    items: list[ItemOutline] = []
    current: ItemOutline | None = None
    seen: set[str] = set()
    has_text = False
    has_case = False

    titled_by_lines = False

    def start_item(unit: Unit) -> None:
        nonlocal current, has_text, has_case, titled_by_lines
        before = current.body if current is not None else header
        title = before.pop() if before and _title_before(before[-1], unit) else None
        if not items:
            titled_by_lines = title is not None
        current = ItemOutline(
            len(items) + 1, title.text if title else None, False, [title] if title else [], [unit], printed_number=False
        )
        items.append(current)
        seen.clear()
        has_text = has_case = False

    for position, unit in enumerate(units):
        cue = unit.cue
        kind = cue.kind if cue is not None else None
        if position < header_end:
            header.append(unit)
            continue
        is_case = kind == "case" or (kind == "label" and cue is not None and cue.role == "case")
        starts = is_case or kind in ("access", "decision_heading") or kind in ("section", "section_form")
        if current is None:
            if starts:
                start_item(unit)
                if is_case:
                    has_case = True
                elif cue is not None and kind in ("section", "section_form"):
                    seen.add(_section_key(unit))
            else:
                header.append(unit)
            continue
        new = False
        if (is_case and (has_case or has_text)) or (kind == "access" and (has_case or has_text)):
            new = True
        elif kind in ("section", "section_form", "decision_heading") and cue is not None:
            key = _section_key(unit)
            if titled_by_lines:  # items print a title line: an item starts at one, whatever its first heading
                new = bool(current.body) and _title_before(current.body[-1], unit) and (has_text or has_case)
            elif key in seen or (cue.rule in openers and has_text):
                new = True
        if new:
            start_item(unit)
        else:
            current.body.append(unit)
        if is_case:
            has_case = True
        elif cue is not None and kind in ("section", "section_form", "decision_heading"):
            seen.add(_section_key(unit))
        elif cue is None and seen:
            has_text = True
    return Outline(header, items, titled=False)
