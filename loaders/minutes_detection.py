"""Whether a document is minutes, and which profile its text needs: told from its first lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.profiles import is_transcript, profile_units
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean

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
