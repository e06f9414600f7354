"""The outline of a minutes document: its header, then its agenda items, each with its heading and body.

Item headings are found in three steps, none of which knows a municipality:

1. Every line that has the form of an item heading is a candidate
   (``item_heading`` rules). A document uses its strongest form: where items
   are headed "Punkt N", "N." lines are numbered lists; where they are "N.",
   bare "N Title" lines are contents entries.
2. A candidate followed by nothing but other candidates (or contents groups)
   is a contents entry, not an item: an item has content, a case number or a
   section under its heading. Contents entries with leader dots and a page
   number are never items.
3. Item numbers only go up: a smaller number after an item is a list in its
   text ("1. at der gives afslag ...").

Minutes whose items print no heading (a portal that shows the title only in a
button) are cut where an item evidently starts: a case number, an open/closed
mark, a heading that opens items ("Resumé", "Beslutningstema") after the
current item has text, or a heading the current item already had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.phrases import names_a_place
from kommunegraf.loaders.profiles import Unit
from kommunegraf.loaders.vocabulary import HEADER_ROLES, vocabulary
from kommunegraf.text import clean

_LEADER = re.compile(r"\.{4,}\s*\d*\s*$|\.{4,}|\t\s*\d+\s*$|…{2,}")
_CONTENT_KINDS = frozenset({"section", "section_form", "decision_heading", "case", "access"})
_CONTENT_LABELS = frozenset({"case", "absent", "ignore"})  # "Sagsnr.:", "Fraværende:", "Dok.nr.:" stand in items
CONTENT_CHARS = 200  # prose under a candidate heading that makes it an item even without a section


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


def is_contents_entry(unit: Unit) -> bool:
    """A contents line: leader dots and a page number."""
    return bool(_LEADER.search(unit.text))


def _is_content(unit: Unit) -> bool:
    cue = unit.cue
    if cue is None:
        return False
    if cue.kind in _CONTENT_KINDS:
        return True
    return cue.kind == "label" and cue.role in _CONTENT_LABELS


@dataclass
class _Candidate:
    index: int  # of the heading unit
    number: int
    title: str | None
    strength: int
    rule: str  # the item_heading rule that read it
    title_index: int | None = None  # a title on the next line


def _candidates(units: list[Unit]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for index, unit in enumerate(units):
        cue = unit.cue
        if cue is None or cue.kind != "item_heading" or cue.compiled is None:
            continue
        rule = cue.compiled.rule
        number = int(cue.groups["number"])
        if number < 1:
            continue  # "00 Referat uden bilag": items are numbered from 1
        if rule.title_next_line:
            following = units[index + 1] if index + 1 < len(units) else None
            if following is None or not _title_like(following) or not _starts_line(units, index):
                continue
            found.append(_Candidate(index, number, following.text, rule.strength, rule.id, index + 1))
        elif rule.strength == 3 or _starts_line(units, index):
            found.append(_Candidate(index, number, cue.groups.get("title") or None, rule.strength, rule.id))
    return found


TITLE_CHARS = 250  # a title on the line after its number is no longer than this


def _title_like(unit: Unit) -> bool:
    text = unit.text
    if unit.cue is not None and unit.cue.kind not in ("header_form",):
        return False
    return len(text) <= TITLE_CHARS and (text[:1].isupper() or text[:1] in '"“(«')


def _starts_line(units: list[Unit], index: int) -> bool:
    """A numbered heading stands where a line may start, not where a wrapped sentence goes on
    ("... skal være gældende i" / "2013. Det foreslås derfor ...")."""
    unit = units[index]
    if unit.new_block or index == 0:
        return True
    before = units[index - 1]
    return (
        before.cue is not None
        or before.text.rstrip().endswith((".", ":", "!", "?"))
        or is_contents_entry(before)
        or classifier().classify(before.text, header=True) is not None  # a header line ("... kl. 19.00")
    )


def _has_content(units: list[Unit], start: int, end: int, title: str | None) -> bool:
    prose = 0
    for unit in units[start:end]:
        if _is_content(unit):
            return True
        if unit.cue is None and (title is None or clean(unit.text) != clean(title)):
            prose += len(unit.text)
    return prose >= CONTENT_CHARS


def find_items(units: list[Unit]) -> list[_Candidate]:
    """The candidates that are item headings (see the module's docstring)."""
    candidates = _candidates(units)
    if not candidates:
        return []
    strengths = sorted({c.strength for c in candidates}, reverse=True)
    best = _headings_of([c for c in candidates if c.strength == strengths[0]], units)
    for strength in strengths[1:]:
        # Items are the outermost structure: a weaker form that starts before the stronger form's first
        # heading and makes many more items holds the stronger form's lines in its items (numbered lists).
        tier = [c for c in candidates if c.strength == strength]
        enough = max(3, 2 * len(best))
        if len(tier) < enough or (best and tier[0].index > best[0].index):
            continue  # it cannot make enough items, or start before
        weaker = _headings_of(tier, units)
        if len(weaker) >= enough and (not best or weaker[0].index < best[0].index):
            best = weaker
    return best


def _headings_of(kept: list[_Candidate], units: list[Unit]) -> list[_Candidate]:
    """The headings among candidates of one strength. A document heads its items in one way: where forms
    compete (items "2" with the title on the next line, lists "1 Bedre ..." in them), the form that makes the
    most items is the heading; the forms together where they make as many (a PDF's text glues some headings)."""
    best = _accept(units, kept)
    rules = dict.fromkeys(c.rule for c in kept)
    for rule in rules if len(rules) > 1 else ():
        alone = _accept(units, [c for c in kept if c.rule == rule])
        if len(alone) > len(best):
            best = alone
    return best


def _accept(units: list[Unit], kept: list[_Candidate]) -> list[_Candidate]:
    accepted: list[_Candidate] = []
    for position, candidate in enumerate(kept):
        if is_contents_entry(units[candidate.index]) or (
            candidate.title_index is not None and is_contents_entry(units[candidate.title_index])
        ):
            continue  # "Åbningstiden på Skovly og Magneten ....... 3"
        start = (candidate.title_index or candidate.index) + 1
        following = kept[position + 1] if position + 1 < len(kept) else None
        end = following.index if following is not None else len(units)
        printed_twice = following is not None and following.number == candidate.number and start == end
        if not printed_twice and not _has_content(units, start, end, candidate.title):
            continue  # a contents entry; a heading printed twice is one heading
        if accepted and candidate.number <= accepted[-1].number:
            continue
        accepted.append(candidate)
    return accepted


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


def _titled(units: list[Unit], headings: list[_Candidate]) -> Outline:
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
