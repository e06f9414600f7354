"""Minutes that open with a REFERAT header: the Ballerup text and Herlev Markdown layouts share this."""

from __future__ import annotations

from collections.abc import Iterable

from kommunegraf.loaders.assemble import assemble_minutes
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.header import read_header
from kommunegraf.loaders.lines import Line
from kommunegraf.loaders.minutes import prepare, read_body
from kommunegraf.loaders.municipality import MunicipalityTally
from kommunegraf.records import MinutesRecord


def load_headed(document: RawDocument, layout: str, lines: Iterable[Line], overrides: Overrides) -> MinutesRecord:
    """Read the document's ``lines`` (in the layout's reading) in one pass: items, header and municipality."""
    tally = MunicipalityTally()
    before, items = read_body(prepare(tally.watch(lines)), require_colon=True)
    header = read_header(before)
    return assemble_minutes(
        document,
        layout,
        tally.found(),
        overrides,
        committee=header.committee,
        date=header.date,
        date_lines=header.date_lines,
        items=items,
        start_time=header.start_time,
        location=header.location,
        participants=header.participants,
        header_span=header.span,
        toc_entries=header.toc_entries,
        warnings=header.not_understood,
    )
