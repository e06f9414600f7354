"""Minutes converted to Markdown: "# Punkt 65: ...", "## **Beslutning**" (Herlev and alike).

Markup is stripped line by line (line numbers stay those of the file), then
the text reads like any headed minutes.
"""

from __future__ import annotations

import re

from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.headed import load_headed
from kommunegraf.loaders.lines import numbered
from kommunegraf.records import MinutesRecord

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.*?)\1")
_ITEM = re.compile(r"^\s{0,3}#{1,6}\s+(?:\*\*)?Punkt\s+\d+\s*:", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """ "## **Punkt 69: Lukket: Tjeklister**" -> "Punkt 69: Lukket: Tjeklister"."""
    if "#" not in text and "*" not in text and "_" not in text:
        return text.rstrip()
    text = _HEADING_MARK.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    return text.replace("**", "").rstrip()


class MarkdownLoader:
    name = "referat-markdown"
    description = "Markdown minutes with '# Punkt N: title' headings (Herlev)"

    def detect(self, document: RawDocument) -> float:
        return 0.95 if "#" in document.text and _ITEM.search(document.text) else 0.0

    def load(self, document: RawDocument, overrides: Overrides) -> MinutesRecord:
        return load_headed(document, self.name, numbered(map(strip_markdown, document.iter_lines())), overrides)
