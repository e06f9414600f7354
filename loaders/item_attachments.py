"""An item's attachments: the entries of its Bilag list, and a heading word that is an attachment's title."""

from __future__ import annotations

import re

from kommunegraf.loaders.item_context import Section
from kommunegraf.loaders.phrases import attachment, is_keyed_attachment
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.records import AttachmentRecord


def read_attachments(sections: list[Section]) -> list[AttachmentRecord]:
    """The attachments the Bilag sections list, one entry a line or a wrapped numbered entry."""
    records: list[AttachmentRecord] = []
    for section in sections:
        entries: list[list[Unit]] = []
        keyed = False
        for position, unit in enumerate(section.units):
            text = unit.text
            if position == 0 and attachment(text) is None and re.match(r"^\d+\s+bilag\b", text, re.I):
                unit.used = True
                break  # "1 bilag": the count stands for the list
            if entries and keyed and not is_keyed_attachment(text):
                if unit.new_block and _body_text(text):
                    break  # a numbered list ends at the first paragraph of text ("c. Konference den ...")
                if not unit.new_block:
                    entries[-1].append(unit)  # an entry that wraps
                    continue
            if not entries:
                keyed = is_keyed_attachment(text)
            entries.append([unit])
        for entry_units in entries:
            text = " ".join(u.text for u in entry_units)
            found = attachment(text)
            for unit in entry_units:
                unit.used = True
            if found is None:
                continue
            records.append(
                AttachmentRecord(
                    title=found.title,
                    recommended=found.recommended,
                    number=found.number,
                    lines=lines_of(*entry_units),
                )
            )
    return records


def _body_text(text: str) -> bool:
    """A line of an item's text, not an attachment's title: a lettered point, a sentence, a long line."""
    return bool(re.match(r"^[a-zæøå][.)]\s", text)) or text.endswith(".") or len(text) > 120


def attachment_named_like_a_heading(current: Section, body: list[Unit], following: int) -> bool:
    """A heading word first in a Bilag list, followed by more entries, is an attachment's title."""
    if current.role != "attachments" or current.units:
        return False
    after = body[following] if following < len(body) else None
    if after is None:
        return True  # the item ends: a heading with nothing under it
    return after.cue is None and (
        is_keyed_attachment(after.text) or (len(after.text) < 120 and not after.text.endswith("."))
    )
