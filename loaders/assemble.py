"""What every loader's record needs: the source's description and the municipality.

The municipality is the one the text names as its own; where it names none,
the one the user gave (``--municipality`` or a sidecar). A disagreement is
reported, not resolved silently.
"""

from __future__ import annotations

from kommunegraf.errors import MissingMetadataError
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.municipality import Found
from kommunegraf.records import (
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
    document: RawDocument, named: Found, overrides: Overrides, warnings: list[str]
) -> MunicipalityMention | None:
    """The municipality the text names (``named``: what ``find_municipality`` found), or the one given."""
    found, notes = named
    warnings += notes
    if overrides.municipality:
        given = by_code(overrides.municipality) or by_name(overrides.municipality)
        if given is None:
            raise MissingMetadataError(document.path, f"unknown municipality {overrides.municipality!r}")
        if found and found.code != given.code:
            warnings.append(f"the text names {found.name}; using {given.name} as given")
        if found is None or found.code != given.code:
            return MunicipalityMention(code=given.code, name=given.name, lines=Span(start=1, end=1))
    return found
