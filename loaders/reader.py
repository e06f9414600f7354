"""The minutes reader: any municipality's minutes and agendas, whatever system printed them.

Text (from a text file, or extracted from a PDF or HTML page) is prepared by
a profile (``profiles``), its lines classified (``cues``), cut into a header
and items (``outline``), and each part read (``meeting_header``,
``item_reader``). What the document states wins over what the user gave
(``--committee``, ``--date``, ``--municipality`` or a sidecar); a
disagreement is a finding. Nothing is invented: a document whose committee or
date nobody states is refused with an error that says which is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import pairwise

from rapidfuzz import fuzz

from kommunegraf.errors import MissingMetadataError, UnsupportedDocumentError
from kommunegraf.loaders.assemble import resolve_municipality, source_info
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.decoding import RawDocument, replaced_lines
from kommunegraf.loaders.item_reader import ItemContext, ItemFacts, ItemReader
from kommunegraf.loaders.meeting_header import HeaderFacts, HeaderReader, ListedPerson, Stated
from kommunegraf.loaders.municipality import find_municipality
from kommunegraf.loaders.origins import refused_links
from kommunegraf.loaders.outline import Outline, outline
from kommunegraf.loaders.people import looks_like_people
from kommunegraf.loaders.phrases import (
    committee_like,
    committee_name,
    defined_abbreviation,
    holds,
    outcome_phrase,
    unit_of_role,
)
from kommunegraf.loaders.profiles import Unit, is_transcript, lines_of, profile_units
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.records import (
    Employment,
    Finding,
    MeetingRecord,
    MinutesRecord,
    NamedMention,
    PartyMembership,
    PersonMention,
    Span,
)
from kommunegraf.text import clean, parse_danish_date

DETECT_LINES = 400  # a layout is recognised from the document's first lines
_STUCK_NUMBER = re.compile(r"[a-zæøå]\d{1,2}\.$")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s", re.M)
_EVIDENCE_KINDS = frozenset({"decision_heading", "doc_type", "toc_heading", "access"})
_EVIDENCE_ROLES = frozenset(
    {"decision", "recommendation", "decided_by", "date", "place", "members", "participants", "absent", "case"}
)


ENOUGH_EVIDENCE = 2  # kinds of minutes structure that make a document minutes


def minutes_evidence(lines: Iterable[str], enough: int = ENOUGH_EVIDENCE) -> set[str]:
    """The kinds of minutes structure among ``lines`` (item headings, decisions, header labels, case numbers),
    up to ``enough`` of them."""
    found: set[str] = set()
    classify = classifier().classify
    for line in lines:
        if len(found) >= enough:
            break
        text = clean(line)
        if not text or len(text) > 300:
            continue
        cue = classify(text)
        if cue is None:
            continue
        if cue.kind == "item_heading" and cue.compiled is not None and cue.compiled.rule.strength >= 2:
            found.add("item_heading")
        elif cue.kind in _EVIDENCE_KINDS:
            found.add(cue.kind)
        elif cue.kind in ("section", "label", "section_form") and cue.role in _EVIDENCE_ROLES:
            found.add(f"{cue.kind}:{cue.role}")
        elif cue.kind == "case":
            found.add("case")
        elif cue.kind == "header_form" and cue.groups.get("committee"):
            found.add("header_form")
    return found


class MinutesReader:
    """Minutes and agendas of any layout; ``profile`` says what the text went through (see ``profiles``)."""

    def __init__(self, name: str, profile: str, description: str) -> None:
        self.name = name
        self.profile = profile
        self.description = description

    def detect(self, document: RawDocument) -> float:
        profile, evidence = detect_minutes(document)
        if profile != self.profile:
            return 0.0
        if evidence >= ENOUGH_EVIDENCE:
            return 0.9
        return 0.35 if evidence else 0.0

    def load(self, document: RawDocument, overrides: Overrides) -> MinutesRecord:
        units = profile_units(self.profile, enumerate(document.iter_lines(), 1))
        classify_all(units)
        shape = outline(units)
        header = HeaderReader().read(shape.header)
        return assemble(document, self.name, shape, header, units, overrides)


_WORD_CUES = frozenset({"section", "label", "toc_heading", "doc_type"})


def classify_all(units: list[Unit]) -> None:
    """Each unit's cue; a heading word that runs on into a lower-case line ("Forslag" / "til nyt budget", a
    table's column head) is text, not a heading."""
    classify = classifier().classify
    for unit in units:
        unit.cue = classify(unit.text, header=False)  # one-line headers are read by the header's reader
    for unit, following in pairwise(units):
        cue = unit.cue
        if (
            cue is not None
            and cue.kind in _WORD_CUES
            and not cue.value
            and not following.new_block
            and following.text[:1].islower()
        ):
            unit.cue = None


_detected: dict[str, tuple[str, int]] = {}  # sha256 -> (profile, kinds of evidence): every reader asks


def detect_minutes(document: RawDocument) -> tuple[str, int]:
    """The profile a document's text needs, and how many kinds of minutes structure its first lines show."""
    known = _detected.get(document.sha256)
    if known is not None:
        return known
    head = document.head(DETECT_LINES)
    text = "\n".join(head)
    transcript = is_transcript(head[:60])
    markdown = "#" in text and len(_MARKDOWN_HEADING.findall(text)) >= 2
    pdf_text = not markdown and _stuck_lines(head) >= 2
    profile = "transcript" if transcript else "markdown" if markdown else "pdf-text" if pdf_text else "plain"
    evidence = len(minutes_evidence(_cut_head(head) if transcript else head))
    if len(_detected) > 64:
        _detected.clear()
    _detected[document.sha256] = (profile, evidence)
    return profile, evidence


def _stuck_lines(head: list[str]) -> int:
    """Lines that end in what a PDF's text glues to them: the next item's number ("...budget3."), a heading
    ("...godkendt.Bilag")."""
    words, glued = _glued_headings()
    stuck = 0
    for line in head:
        if line.endswith("."):
            stuck += bool(_STUCK_NUMBER.search(line, len(line) - 4))
        elif line.endswith(words):
            stuck += bool(glued.search(line))
        if stuck >= 2:
            break
    return stuck


@cache
def _glued_headings() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The one-word section headings of the wording, and a sentence's end glued to one ("godkendt.Bilag")."""
    words = tuple(w for c in vocabulary().of("section") for w in c.rule.words if " " not in w)
    return words, re.compile(rf"[a-zæøå.]\.(?:{'|'.join(map(re.escape, words))})$")


def _cut_head(head: list[str]) -> list[str]:
    return [u.text for u in profile_units("transcript", enumerate(head, 1))]


def assemble(
    document: RawDocument,
    layout: str,
    shape: Outline,
    header: HeaderFacts,
    units: list[Unit],
    overrides: Overrides,
) -> MinutesRecord:
    findings: list[Finding] = list(header.findings)
    abbreviations = _defined_abbreviations(units)
    committee = header.committee
    date = header.date
    if date is None:
        date = _date_of_own_reference(units, header.meeting_year)
    context = ItemContext(
        meeting_date=date.value if date else None,  # type: ignore[arg-type]
        committee=str(committee.value) if committee else None,
        abbreviations=abbreviations,
    )
    items = [ItemReader(item, position, context).read() for position, item in enumerate(shape.items, start=1)]
    # the committee and the date are asked of the text one after the other: one reading for both
    own_meeting = cache(lambda date: _find_own_meeting(units, items, date))
    if committee is None:
        committee = _committee_from_items(items, own_meeting, context.meeting_date)
    if date is None:
        date = _date_from_items(items) or own_meeting(None)[1]
    if not items and committee is None and date is None:
        raise UnsupportedDocumentError(document.path, "no recognisable structure: no header and no agenda items")
    committee_mention, date_value, date_lines = _with_overrides(document, committee, date, overrides, findings)
    municipality = resolve_municipality(document, find_municipality(document.text), overrides, findings)
    if municipality is None:
        raise MissingMetadataError(
            document.path, "the document does not state its municipality (--municipality); pass it or add a sidecar"
        )

    participants, absent, memberships, employments = _people(header, items)
    for item in items:
        findings += [f.model_copy(update={"message": f"item {item.record.number}: {f.message}"}) for f in item.findings]
        memberships += item.memberships
        employments += item.employments
    _apply_item_absences(header, items)
    if not items:
        findings.append(Finding(code="no-items", message="no agenda item found (a header or contents only)"))
    elif shape.titled is False:
        findings.append(Finding(code="untitled-items", message="items print no heading: numbered by their position"))
    findings += _unassigned(shape.header)
    findings += refused_links(document)
    findings += [
        Finding(code="bytes-replaced", message="bytes that are not UTF-8 replaced (U+FFFD) on this line", line=line)
        for line in replaced_lines(document.text, document.encoding)
    ]
    truncated = _truncation(units)
    if header.contents_entries > len(items):
        findings.append(
            Finding(
                code="truncated",
                message=f"the table of contents lists {header.contents_entries} items, "
                f"the text has {len(items)}: cut short?",
            )
        )
    elif truncated:
        findings.append(truncated)
    spans = [i.record.lines for i in items] + [lines_of(u) for u in shape.header[:1]]
    lines = Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else date_lines
    meeting = MeetingRecord(
        committee=committee_mention,
        date=date_value,
        date_lines=date_lines,
        document_type=_document_type(header, items, findings),
        start_time=str(header.start_time.value) if header.start_time else None,
        location=str(header.location.value) if header.location else None,
        participants=participants,
        absent=absent,
        lines=lines,
    )
    return MinutesRecord(
        source=source_info(document, layout),
        municipality=municipality,
        meeting=meeting,
        items=[i.record for i in items],
        memberships=_unique(memberships),
        employments=_unique(employments),
        findings=findings,
        coverage=_coverage(shape, findings),
    )


# -- committee and date -----------------------------------------------------------------


def _defined_abbreviations(units: list[Unit]) -> dict[str, str]:
    """Abbreviations the document defines: "Udvalget for plan, udvikling og kultur (PUK)"."""
    found: dict[str, str] = {}
    for unit in units[:400]:
        if "(" in unit.text and len(unit.text) < 200:
            defined = defined_abbreviation(unit.text)
            if defined and committee_like(defined[1]):
                found.setdefault(*defined)
    return found


def _date_of_own_reference(units: list[Unit], year: int | None) -> Stated | None:
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


def _find_own_meeting(
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


def _committee_from_items(items: list[ItemFacts], own_meeting: OwnMeeting, date: dt.date | None) -> Stated | None:
    """Where the header names no committee: a decision heading with the meeting's date, or text naming it."""
    for item in items:
        for name, heading_date, span in item.decision_committees:
            if (date is None or heading_date is None or heading_date == date) and committee_like(name):
                return Stated(name, span, 6)
    return own_meeting(date)[0]


def _date_from_items(items: list[ItemFacts]) -> Stated | None:
    dates = {d for item in items for _, d, _ in item.decision_committees if d}
    if len(dates) == 1:
        date = dates.pop()
        span = next(s for item in items for _, d, s in item.decision_committees if d == date)
        return Stated(date, span, 6)
    return None


def _with_overrides(
    document: RawDocument,
    committee: Stated | None,
    date: Stated | None,
    overrides: Overrides,
    findings: list[Finding],
) -> tuple[NamedMention, dt.date, Span]:
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


# -- people ---------------------------------------------------------------------------


def _mention(person: ListedPerson, absent: bool) -> PersonMention:
    entry = person.entry
    return PersonMention(name=entry.name, party=entry.party, role=entry.role, absent=absent, lines=person.span)


def _people(
    header: HeaderFacts, items: list[ItemFacts]
) -> tuple[list[PersonMention], list[PersonMention], list[PartyMembership], list[Employment]]:
    """Who attended and who did not: the lists, minus the absent, plus substitutes; else absences in every item."""
    absent: dict[str, PersonMention] = {}
    for person in header.people:
        if person.role == "absent" or person.entry.absent:
            absent.setdefault(person.entry.name, _mention(person, True))
    for person in header.absent_prose:
        absent.setdefault(person.entry.name, _mention(person, True))
    present: dict[str, PersonMention] = {}
    for person in header.people:
        listed_present = person.role in ("members", "participants", "substitutes", "staff") and not person.entry.absent
        if listed_present and person.entry.name not in absent:
            present.setdefault(person.entry.name, _mention(person, False))
    for person in header.attended_prose:  # "I stedet mødte X": a listed member stated present after all
        if person.entry.name in present:
            absent.pop(person.entry.name, None)
        present.setdefault(person.entry.name, _mention(person, False))
    for item in items:
        for person in item.attended:
            if person.name not in absent:
                present.setdefault(person.name, person.model_copy(update={"role": None}))
    if not absent and not header.saw_participant_list:
        for person in _absent_in_every_item(items):
            absent.setdefault(person.name, person)
    for name in absent:
        present.pop(name, None)
    memberships: list[PartyMembership] = []
    employments: list[Employment] = list(header.employments)
    for person in (*header.people, *header.absent_prose, *header.attended_prose):
        entry = person.entry
        if entry.party:
            memberships.append(PartyMembership(person=entry.name, letter=entry.party, lines=person.span))
        unit = unit_of_role(entry.role)
        if unit:
            employments.append(Employment(person=entry.name, org=unit, title=entry.role, lines=person.span))
    return list(present.values()), list(absent.values()), memberships, employments


def _absent_in_every_item(items: list[ItemFacts]) -> list[PersonMention]:
    """Without a meeting-level list: a person printed absent in every item that prints absences."""
    listing = [item for item in items if item.prints_absences and item.record.absent]
    if not listing:
        return []
    common = set.intersection(*({p.name for p in item.record.absent} for item in listing))
    first = listing[0]
    return [p.model_copy(update={"role": None}) for p in first.record.absent if p.name in common]


def _apply_item_absences(header: HeaderFacts, items: list[ItemFacts]) -> None:
    """Absences the header states for numbered items ("deltog ikke i behandlingen af punkt 13",
    "forlod mødet efter behandlingen af punkt 7"): on the items the document holds."""
    for person, numbers, effect in header.item_absences:
        for item in items:
            record = item.record
            if effect == "item_absent":
                hit = record.number in numbers
            else:  # left after the items named: absent from the later ones not named
                hit = bool(numbers) and record.number > min(numbers) and record.number not in numbers
            if hit and all(p.name != person.entry.name for p in record.absent):
                record.absent.append(_mention(person, True))


# -- checks ----------------------------------------------------------------------------


def _document_type(header: HeaderFacts, items: list[ItemFacts], findings: list[Finding]) -> str:
    """A document that calls itself an agenda is one, and its items have no decision: a "Beslutning:" in it
    is a proposal's wording (a members' proposal prints the decision it asks for), reported and not read.
    Where most items print a decision, the portal kept the agenda's title on the minutes."""
    if header.document_type != "agenda":
        return "minutes"
    decided = [i.record for i in items if i.record.decision is not None]
    if decided and len(decided) * 2 > len(items):
        return "minutes"
    for record in decided:
        assert record.decision is not None
        findings.append(
            Finding(
                code="decision-in-agenda",
                message=f"item {record.number}: the document is an agenda; its decision text is not read "
                f"as a decision: {record.decision.text[:80]!r}",
                line=record.decision.lines.start,
            )
        )
        record.decision = None
    return "agenda"


def _unassigned(header: list[Unit]) -> list[Finding]:
    """Header lines nothing understood, one finding per run of them."""
    findings: list[Finding] = []
    run: list[Unit] = []

    def flush() -> None:
        if run:
            text = " / ".join(u.text for u in run)
            findings.append(
                Finding(
                    code="unassigned-text",
                    message=f"header text not understood: {text[:120]!r}",
                    line=run[0].first,
                    text=run[0].text[:200],
                )
            )
            run.clear()

    for unit in header:
        if unit.used or (unit.cue is not None and unit.cue.kind != "header_form"):
            flush()
        else:
            run.append(unit)
    flush()
    return findings


_SENTENCE_OR_LIST_END = re.compile(r"[.!?:;)\]\"”]$|^\S+$")


def _truncation(units: list[Unit]) -> Finding | None:
    """A document that ends mid-sentence was cut short (an excerpt): say so."""
    last = next((u for u in reversed(units) if u.cue is None or u.cue.kind != "furniture"), None)
    if last is None or last.cue is not None:
        return None
    text = last.text
    if len(text.split()) < 2 or _SENTENCE_OR_LIST_END.search(text) or text[-1].isdigit():
        return None
    if outcome_phrase(text) or looks_like_people(text):
        return None  # "Taget til efterretning", a signature: ends without a full stop, but whole
    return Finding(code="truncated", message="the text ends mid-sentence: cut short?", line=last.first, text=text[-80:])


def _coverage(shape: Outline, findings: list[Finding]) -> float:
    """The share of the document's lines read into a fact or a known section."""
    flagged = {f.line for f in findings if f.code == "unknown-heading"}
    total = covered = 0
    for unit in shape.header:
        total += 1
        covered += unit.used or (unit.cue is not None and unit.cue.kind != "header_form")
    for item in shape.items:
        for unit in (*item.heading, *item.body):
            total += 1
            covered += unit.first not in flagged
    return round(covered / total, 3) if total else 0.0


def _unique(records: list) -> list:
    seen, out = set(), []
    for record in records:
        key = record.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out
