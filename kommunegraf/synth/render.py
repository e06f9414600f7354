"""A planned meeting written out in one of the three seed layouts.

- ``referat-text``: Ballerup 2021-23 (REFERAT header, Mødedeltagere, "Punkt N: title",
  ANBEFALES attachments, "Afbud" after each item);
- ``pdf-text``: Ballerup 2016 as plain PDF extraction leaves it (no header,
  wrapped "Punkt N Title" headings, list numbers stuck at line ends, the
  committee and date only in a reference to one of its own items);
- ``referat-markdown``: Herlev (Markdown headings, "Forvaltningen indstiller",
  "Beslutningskompetence", "Afbud:" lists inside the decision, running item numbers).
"""

from __future__ import annotations

import datetime as dt
import textwrap

from kommunegraf.synth import vocabulary as v
from kommunegraf.synth.plan import Item, Meeting, Person

SUFFIX = {"referat-text": ".txt", "pdf-text": ".txt", "referat-markdown": ".md"}


def long_date(date: dt.date) -> str:
    return f"{date.day}. {v.MONTHS[date.month - 1]} {date.year}"


def genitive(body: str) -> str:
    return f"{body}s"


def _party(person: Person) -> str:
    return f"{person.name} ({person.party})" if person.party else person.name


def _participant(person: Person, role: str | None, absent: bool) -> str:
    text = _party(person)
    if role:
        text += f" ({role})"
    return text + (" (Afbud)" if absent else "")


def _presence(meeting: Meeting, item: Item) -> str:
    people = " samt ".join(f"{p.title} {p.name} fra {p.unit}" for p in item.presenters)
    return f"På {genitive(meeting.committee)} møde deltager {people} under behandlingen af sagen."


def _recommending(units: list[str]) -> str:
    if len(units) == 1:
        return f"{units[0]} indstiller, at"
    names = [unit.removeprefix("Center for ") for unit in units]
    return f"Centrene for {' samt '.join(names)} indstiller, at"


def _title(item: Item, closed_prefix: str) -> str:
    return f"{closed_prefix}{item.title}" if item.closed else item.title


def _decision_lines(item: Item) -> list[str]:
    return [item.decision, *([item.remark] if item.remark else [])]


def _previous(item: Item) -> list[str]:
    return [f"{p.committee} den {long_date(p.date)} Punkt {p.number}" for p in item.previous]


def _blocks(*blocks: str | None) -> list[str]:
    """Blocks separated by empty lines, as the layouts print them."""
    out: list[str] = []
    for block in blocks:
        if block is None:
            continue
        out += [block, ""]
    return out


def _municipality_sentence(meeting: Meeting) -> str:
    return f"{meeting.municipality.name} har modtaget en orientering, som gives på mødet."


def _when(meeting: Meeting) -> str:
    """ "Tirsdag d. 09. november 2021 kl. 13:00"."""
    date = meeting.date
    return f"{v.WEEKDAYS[date.weekday()]} d. {date:%d}. {v.MONTHS[date.month - 1]} {date.year} kl. {meeting.start_time}"


def _contents(meeting: Meeting, closed_prefix: str) -> list[str]:
    """The table of contents: one title a line, dots, a tab and its page."""
    entries = [f"{_title(item, closed_prefix)}.....\t{3 + 2 * i}" for i, item in enumerate(meeting.items)]
    return [*entries, ""]


def render_referat_text(meeting: Meeting) -> str:
    lines = _blocks(
        f"REFERAT {meeting.committee} d. {meeting.date:%d-%m-%Y}",
        f"Mødedato {_when(meeting)}",
        f"Mødested {meeting.location}",
        "Mødedeltagere " + ", ".join(_participant(p, role, absent) for p, role, absent in meeting.participants),
        "Indholdsfortegnelse",
    )
    lines += _contents(meeting, "Lukket: LUKKET ")
    for item in meeting.items:
        lines += _blocks(f"Punkt {item.number}: {_title(item, 'Lukket: LUKKET ')}", item.case)
        if item.previous:
            lines += _blocks("Tidligere behandling", *_previous(item))
        if not item.closed:
            lines += _blocks("Indhold", "Sammendrag", item.paragraphs[0], "Sagsfremstilling", *item.paragraphs[1:])
            if item.number == 1:
                lines += _blocks(_municipality_sentence(meeting))
            if item.presenters:
                lines += _blocks("Yderligere deltagelse på mødet", _presence(meeting, item))
            lines += _blocks("Økonomiske konsekvenser og finansiering", "Ingen økonomiske konsekvenser")
            if item.attachments:
                recommended = sum(1 for a in item.attachments if a[1])
                lines += _blocks("Bilag", f"{len(item.attachments)} bilag, heraf {recommended} anbefales")
        if item.decided_by:
            lines += _blocks("Beslutningen træffes af", item.decided_by)
        if item.recommended_by and not item.closed:
            lines += _blocks("Indstilling", _recommending(item.recommended_by) + ":", f"1. {item.paragraphs[-1]}")
        lines += _blocks("Beslutning", *_decision_lines(item))
        if item.attachments:
            listed = [
                f"{number}. ANBEFALES {title}" if number else (f"ANBEFALES {title}" if recommended else title)
                for title, recommended, number in item.attachments
            ]
            lines += _blocks("Bilag", *listed)
        if item.absent:
            lines += _blocks("Afbud " + ", ".join(_party(p) for p in item.absent))
    return "\n".join(lines)


def _wrapped(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False))


def render_pdf_text(meeting: Meeting) -> str:
    lines: list[str] = []
    referred = meeting.items[-1] if len(meeting.items) > 1 else meeting.items[0]
    for item in meeting.items:
        lines += _blocks(_wrapped(f"Punkt {item.number} {item.title}", 50))
        if item.previous:
            lines += _blocks("Tidligere behandling", *_previous(item))
        body = list(item.paragraphs)
        if item.number == 1:
            body.append(
                f"{_municipality_sentence(meeting)} Orienteringen hænger sammen med punkt {referred.number} "
                f'"{referred.title}" på dagsordenen den {long_date(meeting.date)} til '
                f"{genitive(meeting.committee)} møde."
            )
        lines += _blocks("Indhold", "Sammendrag", *(_wrapped(p) for p in body))
        if item.presenters:
            lines += _blocks(_wrapped(_presence(meeting, item)))
        if item.decided_by:
            lines += _blocks("Beslutningen træffes af", item.decided_by)
        if item.recommended_by:
            sentence = textwrap.wrap(item.paragraphs[-1], 70)
            stuck = "\n".join([f"{sentence[0]}1.", *sentence[1:]])  # the list number lands at the line end
            lines += _blocks("Indstilling", _recommending(item.recommended_by), stuck)
        lines += _blocks("Beslutning", *(_wrapped(p) for p in _decision_lines(item)))
    return "\n".join(lines)


def render_referat_markdown(meeting: Meeting) -> str:
    lines = _blocks(
        f"# **REFERAT {meeting.committee} {meeting.term} d. {meeting.date:%d-%m-%Y}**",
        f"**Mødedato** {_when(meeting)}",
        f"**Mødested** {meeting.location}",
        "## Indholdsfortegnelse",
    )
    lines += _contents(meeting, "Lukket: ")
    for item in meeting.items:
        lines += _blocks(f"# Punkt {item.number}: {_title(item, 'Lukket: ')}", item.case)
        if item.previous:
            lines += _blocks("## Tidligere behandling", *_previous(item))
        story = list(item.paragraphs[1:] or item.paragraphs)
        if item is meeting.items[0]:
            story.append(_municipality_sentence(meeting))
        if item.presenters:
            person = item.presenters[0]
            story.append(f"Forvaltningen giver en status med deltagelse af {person.title} {person.name}.")
        lines += _blocks("## Resume", item.paragraphs[0])
        if item.recommended_by:
            lines += _blocks(
                "## Forvaltningen indstiller", f"at {item.paragraphs[-1][0].lower()}{item.paragraphs[-1][1:]}"
            )
        lines += _blocks("## Sagsfremstilling", *story, "## Økonomi", "Intet at bemærke.")
        if item.decided_by:
            lines += _blocks("## Beslutningskompetence", item.decided_by)
        absent = ["Afbud:", *(_party(p) for p in item.absent)] if item.absent else []
        lines += _blocks("## Beslutning", *absent, *_decision_lines(item))
        if item.attachments:
            lines += _blocks("## **Bilag**", *(title for title, _, _ in item.attachments))
    return "\n".join(lines)


RENDERERS = {
    "referat-text": render_referat_text,
    "pdf-text": render_pdf_text,
    "referat-markdown": render_referat_markdown,
}


def render(meeting: Meeting) -> str:
    return RENDERERS[meeting.layout](meeting)
