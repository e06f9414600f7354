"""Minutes that open with a REFERAT header: the Ballerup text and Herlev Markdown layouts share this."""

from __future__ import annotations

from kommunegraf.loaders.assemble import assemble_minutes
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.header import read_header
from kommunegraf.loaders.lines import Line
from kommunegraf.loaders.minutes import prepare, read_items, split_items
from kommunegraf.records import MinutesRecord


def load_headed(document: RawDocument, layout: str, lines: list[Line], overrides: Overrides) -> MinutesRecord:
    before, item_blocks = split_items(prepare(lines), require_colon=True)
    header = read_header(before)
    return assemble_minutes(
        document,
        layout,
        lines,
        overrides,
        committee=header.committee,
        date=header.date,
        date_lines=header.date_lines,
        items=read_items(item_blocks),
        start_time=header.start_time,
        location=header.location,
        participants=header.participants,
        header_span=header.span,
        toc_entries=header.toc_entries,
        warnings=header.not_understood,
    )
