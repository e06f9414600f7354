"""Minutes as plain text with a REFERAT header and "Punkt N: title" items (Ballerup 2021-23 and alike)."""

from __future__ import annotations

import re

from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.headed import load_headed
from kommunegraf.loaders.header import HEADER_LINES, looks_like_header
from kommunegraf.loaders.lines import numbered
from kommunegraf.records import MinutesRecord

_ITEM = re.compile(r"^\s*Punkt\s+\d+\s*:", re.MULTILINE)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s", re.MULTILINE)


class HeadedTextLoader:
    name = "referat-text"
    description = "text minutes with a REFERAT header and 'Punkt N: title' items (Ballerup 2021-23)"

    def detect(self, document: RawDocument) -> float:
        if "#" in document.text and _MARKDOWN_HEADING.search(document.text):
            return 0.0
        headed = looks_like_header(document.head(HEADER_LINES))
        if _ITEM.search(document.text):
            return 0.9 if headed else 0.4
        return 0.5 if headed else 0.0  # a header with no items: loaded, to report it as truncated

    def load(self, document: RawDocument, overrides: Overrides) -> MinutesRecord:
        return load_headed(document, self.name, numbered(document.iter_lines()), overrides)
