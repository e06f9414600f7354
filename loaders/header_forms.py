"""One-line meeting headers ("REFERAT <udvalg> d. <dato>", "<Udvalg> tirsdag den <dato> kl. <tid>"), also
where a header's short lines print one over several lines, and what a document says it is."""

from __future__ import annotations

from functools import lru_cache

from kommunegraf.loaders.committee_names import committee_name
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.header_facts import FORM, HeaderFacts, offer_time
from kommunegraf.loaders.phrases import holds
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.vocabulary import Compiled, vocabulary
from kommunegraf.records import Span
from kommunegraf.text import clean, parse_danish_date


def read_forms(facts: HeaderFacts, header: list[Unit]) -> None:
    """One-line headers, also where a header's short lines print one over several lines."""
    blocks: list[list[Unit]] = []
    for unit in header:
        if unit.new_block or not blocks:
            blocks.append([])
        blocks[-1].append(unit)
    for block in blocks:
        for length in range(min(len(block), 6), 0, -1):
            for start in range(0, len(block) - length + 1):
                window = block[start : start + length]
                if any(
                    u.used
                    or (
                        u.cue is not None
                        and u.cue.kind != "header_form"
                        and not (position == 0 and u.cue.kind == "doc_type")
                    )
                    for position, u in enumerate(window)
                ):
                    continue
                text = clean(" ".join(u.text for u in window))
                if len(text) > 300:
                    continue
                typed = window[0].cue is not None and window[0].cue.kind == "doc_type"
                for compiled, groups in _form_matches(text):
                    if typed and not any(is_doc_type(key) for key in compiled.rule.keys):
                        continue  # a form that starts with what the document is
                    if _form(facts, groups, lines_of(*window)):
                        for unit in window:
                            unit.used = True
                        facts.document_type = facts.document_type or _document_type_opening(text)
                        break


def _form(facts: HeaderFacts, groups: dict[str, str | None], span: Span) -> bool:
    """Offer the facts one form's groups state; False where they state none a header would (a place that holds
    a date, a committee that is a document type)."""
    committee = groups.get("committee")
    if groups.get("place") and parse_danish_date(groups["place"] or ""):
        return False  # a place holds no date: the window took in more than the place line
    if committee is not None:
        name = committee_name(committee)
        if not name or is_doc_type(name) or len(name.split()) > 10:
            return False
    took = False
    if committee:
        facts.offer("committee", committee_name(committee), span, FORM)
        took = True
    if groups.get("date"):
        date = parse_danish_date(groups["date"] or "")
        if date is None:
            return False
        facts.offer("date", date, span, FORM)
        took = True
    if groups.get("time"):
        offer_time(facts, groups["time"] or "", span, FORM)
        took = True
    if groups.get("place"):
        facts.offer("location", clean(groups["place"] or "").strip(" ,."), span, FORM)
        took = True
    return took


def is_doc_type(name: str) -> bool:
    return any(w.casefold() == name.casefold() for c in vocabulary().of("doc_type") for w in c.rule.words)


@lru_cache(maxsize=4096)
def _form_matches(text: str) -> tuple[tuple[Compiled, dict[str, str | None]], ...]:
    """The one-line header forms a text is, in the wording's order. Kept by text: a committee's header
    lines (its members, its room) come back meeting after meeting."""
    found = []
    for _, compiled, _ in classifier().candidates(text, forms=True):  # the forms a line starting so can be
        if not holds(compiled, text):
            continue
        match = compiled.regex.fullmatch(text)
        if match:
            found.append((compiled, match.groupdict()))
    return tuple(found)


def _document_type_opening(text: str) -> str | None:
    """What a one-line header says the document is, where it opens with it ("Dagsorden 8. oktober 2025 ...")."""
    for compiled in vocabulary().of("doc_type"):
        for word in sorted(compiled.rule.words, key=len, reverse=True):
            if text[: len(word)].casefold() == word.casefold() and not text[len(word) : len(word) + 1].isalpha():
                return compiled.rule.kind
    return None
