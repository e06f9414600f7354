"""Which committee and date minutes are of: where the header does not say, from the items and the text that
names the meeting; then checked against what the user gave (``--committee``, ``--date``, a sidecar)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rapidfuzz import fuzz

from kommunegraf.errors import MissingMetadataError
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.committee_names import committee_like, committee_name, defined_abbreviation
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.header_facts import Stated
from kommunegraf.loaders.item_reader import ItemFacts
from kommunegraf.loaders.phrases import holds
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.records import Finding, NamedMention, Span
from kommunegraf.text import clean, parse_danish_date


def defined_abbreviations(units: list[Unit]) -> dict[str, str]:
    """Abbreviations the document defines: "Udvalget for plan, udvikling og kultur (PUK)"."""
    found: dict[str, str] = {}
    for unit in units[:400]:
        if "(" in unit.text and len(unit.text) < 200:
            defined = defined_abbreviation(unit.text)
            if defined and committee_like(defined[1]):
                found.setdefault(*defined)
    return found


def date_of_own_reference(units: list[Unit], year: int | None) -> Stated | None:
    """ "dagsorden for mødet den 9. september": the meeting's date, where the header lost it. The wording's
    first form that the text holds anywhere wins; one pass over the units."""
    forms = [c for c in vocabulary().of("meeting_reference") if "date" in c.regex.groupindex]  # type: ignore[union-attr]
    found: list[Stated | None] = [None] * len(forms)
    for unit in units:
        for rank, compiled in enumerate(forms):
            if found[rank] is not None or not holds(compiled, unit.text):
                continue
            match = compiled.regex.search(unit.text)  # type: ignore[union-attr]
            if not match or not match["date"]:
                continue
            text = match["date"]
            date = parse_danish_date(text) or (parse_danish_date(f"{text} {year}") if year else None)
            if date:
                found[rank] = Stated(date, lines_of(unit), 5)
                if rank == 0:
                    return found[0]
    return next((stated for stated in found if stated is not None), None)


def _blocks(units: list[Unit]) -> list[tuple[str, int, int]]:
    """The text of each paragraph (units between blank lines), for phrases that wrap: text, first, last line."""
    blocks: list[tuple[str, int, int]] = []
    current: list[Unit] = []
    for unit in [*units, None]:
        if unit is None or (unit.new_block and current):
            if current:
                text = current[0].text if len(current) == 1 else clean(" ".join(u.text for u in current))
                blocks.append((text, current[0].first, current[-1].last))
            current = []
        if unit is not None:
            current.append(unit)
    return blocks


def find_own_meeting(
    units: list[Unit], items: list[ItemFacts], date: dt.date | None
) -> tuple[Stated | None, Stated | None]:
    """The committee (and date) text names as the meeting's own: "til dagens møde i Kommunalbestyrelsen",
    "punkt 4 "<title>" på dagsordenen den <dato> til <udvalg>s møde" (an item of this document)."""
    titles = {i.record.number: (i.record.title or "") for i in items}
    blocks = _blocks(units)
    for compiled in vocabulary().of("meeting_reference"):
        assert compiled.regex is not None
        if "committee" not in compiled.regex.groupindex:
            continue
        for text, first, last in blocks:
            if not holds(compiled, text):
                continue
            for match in compiled.regex.finditer(text):
                groups = match.groupdict()
                stated_date = parse_danish_date(groups.get("date") or "")
                if date is not None and stated_date is not None and stated_date != date:
                    continue
                if groups.get("number"):
                    title = titles.get(int(groups["number"]))
                    if not title or fuzz.ratio(clean(groups.get("title") or "").casefold(), title.casefold()) < 85:
                        continue
                name = committee_like(groups["committee"])
                if name:
                    span = Span(start=first, end=last)
                    found_date = Stated(stated_date, span, 7) if stated_date else None
                    return Stated(name, span, 7), found_date
    return None, None


OwnMeeting = Callable[[dt.date | None], tuple[Stated | None, Stated | None]]


def committee_from_items(items: list[ItemFacts], own_meeting: OwnMeeting, date: dt.date | None) -> Stated | None:
    """Where the header names no committee: a decision heading with the meeting's date, or text naming it."""
    for item in items:
        for name, heading_date, span in item.decision_committees:
            if (date is None or heading_date is None or heading_date == date) and committee_like(name):
                return Stated(name, span, 6)
    return own_meeting(date)[0]


def date_from_items(items: list[ItemFacts]) -> Stated | None:
    dates = {d for item in items for _, d, _ in item.decision_committees if d}
    if len(dates) == 1:
        date = dates.pop()
        span = next(s for item in items for _, d, s in item.decision_committees if d == date)
        return Stated(date, span, 6)
    return None


def with_overrides(
    document: RawDocument,
    committee: Stated | None,
    date: Stated | None,
    overrides: Overrides,
    findings: list[Finding],
) -> tuple[NamedMention, dt.date, Span]:
    """The committee and date the text states, else as the user gave them (a finding either way where they
    differ); a document nobody gives them for is refused, saying which is missing."""
    missing = []
    if committee is None and overrides.committee:
        committee = Stated(overrides.committee, Span(start=1, end=1), 9)
        findings.append(
            Finding(code="given-committee", message=f"committee not stated; using {overrides.committee!r} as given")
        )
    elif (
        committee is not None
        and overrides.committee
        and committee_name(overrides.committee).casefold() != str(committee.value).casefold()
    ):
        findings.append(
            Finding(
                code="disagrees-with-given",
                message=f"the text names the committee {committee.value!r}, not {overrides.committee!r} as given",
                line=committee.span.start,
            )
        )
    if date is None and overrides.date:
        date = Stated(overrides.date, Span(start=1, end=1), 9)
        findings.append(
            Finding(code="given-date", message=f"date not stated; using {overrides.date.isoformat()} as given")
        )
    elif date is not None and overrides.date and overrides.date != date.value:
        findings.append(
            Finding(
                code="disagrees-with-given",
                message=f"the text dates the meeting {date.value}, not {overrides.date.isoformat()} as given",
                line=date.span.start,
            )
        )
    if committee is None:
        missing.append("committee (--committee)")
    if date is None:
        missing.append("date (--date)")
    if missing:
        raise MissingMetadataError(
            document.path, "the document does not state its " + ", ".join(missing) + "; pass it or add a sidecar"
        )
    assert committee is not None and date is not None
    mention = NamedMention(name=str(committee.value), lines=committee.span)
    return mention, date.value, date.span  # type: ignore[return-value]
