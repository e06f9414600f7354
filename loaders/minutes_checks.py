"""Checks on minutes read whole: whether an agenda holds decisions, header text nothing understood, a text cut
short, and the share of lines read."""

from __future__ import annotations

import re

from kommunegraf.loaders.header_facts import HeaderFacts
from kommunegraf.loaders.item_reader import ItemFacts
from kommunegraf.loaders.outline import Outline
from kommunegraf.loaders.people import looks_like_people
from kommunegraf.loaders.phrases import outcome_phrase
from kommunegraf.loaders.profiles import Unit
from kommunegraf.records import Finding


def settle_document_type(header: HeaderFacts, items: list[ItemFacts], findings: list[Finding]) -> str:
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


def unassigned_header_text(header: list[Unit]) -> list[Finding]:
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


def truncation(units: list[Unit]) -> Finding | None:
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


def coverage(shape: Outline, findings: list[Finding]) -> float:
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
