"""What every loader's record needs: the source's description and the municipality.

The municipality is the one the text names as its own; where it names none,
the one the user gave (``--municipality`` or a sidecar). What the text
states wins; a given value that disagrees is reported, not used.
"""

from __future__ import annotations

from kommunegraf.errors import MissingMetadataError
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.municipality import Found
from kommunegraf.records import (
    Finding,
    MunicipalityMention,
    SourceInfo,
    Span,
)
from kommunegraf.reference.municipalities import by_code, by_name


def source_info(document: RawDocument, layout: str) -> SourceInfo:
    return SourceInfo(
        path=document.path,
        sha256=document.sha256,
        format=layout,
        line_count=document.source_line_count or document.line_count,
        media_type=document.media_type,
        page_starts=list(document.page_starts) if document.page_starts else None,
    )


def resolve_municipality(
    document: RawDocument, named: Found, overrides: Overrides, findings: list[Finding]
) -> MunicipalityMention | None:
    """The municipality the text names (``named``: what ``find_municipality`` found), else the one given.

    What the document states wins: a given value that disagrees with it is a
    warning, a given value that fills the gap is noted.
    """
    found, notes = named
    line = found.lines.start if found else None
    findings += [Finding(code="municipality-uncertain", message=note, line=line) for note in notes]
    if not overrides.municipality:
        return found
    given = by_code(overrides.municipality) or by_name(overrides.municipality)
    if given is None:
        raise MissingMetadataError(document.path, f"unknown municipality {overrides.municipality!r}")
    if found is None:
        findings.append(
            Finding(code="given-municipality", message=f"municipality not stated; using {given.name} as given")
        )
        return MunicipalityMention(code=given.code, name=given.name, lines=Span(start=1, end=1))
    if found.code != given.code:
        findings.append(
            Finding(
                code="disagrees-with-given",
                message=f"the text names {found.name}, not {given.name} as given; keeping {found.name}",
                line=line,
            )
        )
    return found
