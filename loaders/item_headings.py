"""Which lines of a minutes document are its agenda items' headings.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.profiles import Unit
from kommunegraf.text import clean

_LEADER = re.compile(r"\.{4,}\s*\d*\s*$|\.{4,}|\t\s*\d+\s*$|…{2,}")
_CONTENT_KINDS = frozenset({"section", "section_form", "decision_heading", "case", "access"})
_CONTENT_LABELS = frozenset({"case", "absent", "ignore"})  # "Sagsnr.:", "Fraværende:", "Dok.nr.:" stand in items
CONTENT_CHARS = 200  # prose under a candidate heading that makes it an item even without a section


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
class HeadingCandidate:
    index: int  # of the heading unit
    number: int
    title: str | None
    strength: int
    rule: str  # the item_heading rule that read it
    title_index: int | None = None  # a title on the next line


def _candidates(units: list[Unit]) -> list[HeadingCandidate]:
    found: list[HeadingCandidate] = []
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
            found.append(HeadingCandidate(index, number, following.text, rule.strength, rule.id, index + 1))
        elif rule.strength == 3 or _starts_line(units, index):
            found.append(HeadingCandidate(index, number, cue.groups.get("title") or None, rule.strength, rule.id))
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


def find_items(units: list[Unit]) -> list[HeadingCandidate]:
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


def _headings_of(kept: list[HeadingCandidate], units: list[Unit]) -> list[HeadingCandidate]:
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


def _accept(units: list[Unit], kept: list[HeadingCandidate]) -> list[HeadingCandidate]:
    accepted: list[HeadingCandidate] = []
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
