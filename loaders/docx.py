"""Word (DOCX) minutes: the text of ``word/document.xml``, paragraph by paragraph, for the layout loaders.

A DOCX is a zip; its body is read straight from ``word/document.xml`` with
lxml (entities not resolved, no network), without python-docx. The body is
walked in document order:

- a paragraph (``w:p``) becomes a line of text followed by an empty line, the
  way the text layouts separate blocks; a line break inside it (``w:br``,
  ``w:cr``) starts a new line of the same block. Runs inside hyperlinks,
  insertions (``w:ins``), content controls and simple fields are kept;
  deleted text (``w:del``) is dropped, and of a field only its result (the
  instruction ``w:instrText`` is dropped). Headings (a ``Heading1``..``9`` or
  ``Overskrift…`` style, or an outline level) are paragraphs like any other:
  a line, a block, of their own.
- Word's list numbering (``w:numPr``) is not in the text. A bullet is put
  back as "• " (the reader drops it); a generated number is put back only on
  a heading, where it numbers an agenda item. In running text a number such
  as "1." at a line's start would read as an item heading, so there it is
  left out.
- a tab to a stop Word fills with dots (a contents entry's page number, in a
  ``TOC``/``Indholdsfortegnelse`` style) is printed as dots, as on paper, so the
  entry reads as a contents line and not as the item's heading.
- a table row (``w:tr``) becomes one line, its cells joined by a tab, a
  cell's paragraphs by a space. A row of a single cell (the layout tables
  Acadre and other systems print the meeting header and item heading in)
  gives each of its paragraphs a line of its own, and a row whose cells hold
  tables of their own (a list of members laid out in columns) is flattened:
  its cells' paragraphs and the nested rows are read in order, each a line.

Headers, footers, footnotes and text boxes are not read.

Provenance: the file's "lines" are its paragraphs, numbered from 1 in
document order, where a body paragraph counts one and a table row (at any
depth) counts one; a paragraph inside a table takes the number of its row.
``origins[i]`` names the paragraph number (first, last) behind text line
``i + 1``.

The package (the zip and its parts) is read by ``docx_package``, styles by
``docx_styles``, list numbering by ``docx_numbering`` and a paragraph's runs
by ``docx_runs``; this module walks the body.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.docx_numbering import Numbering, list_reference
from kommunegraf.loaders.docx_package import DOCUMENT_PART, parse_part, read_parts
from kommunegraf.loaders.docx_runs import Runs
from kommunegraf.loaders.docx_styles import Styles, has_leader_tab, outline_heading
from kommunegraf.loaders.docx_xml import W
from kommunegraf.text import clean

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_TABS = re.compile(r"[ \t]*\t[ \t]*")
_PAGE_AFTER_TAB = re.compile(r"\t\s*(\d{1,4})\s*$")
LEADER = " ........ "  # what a dot-leader tab prints before a contents entry's page number


@dataclass
class _Block:
    """One paragraph or table row as the reader gets it: its lines, and the paragraph number behind them."""

    lines: list[str]
    number: int


class _Reader:
    """Walks the body in document order, numbering paragraphs and table rows."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[_Block] = []
        self.count = 0

    # -- block level -----------------------------------------------------------------
    def body(self, element) -> None:
        for child in _content(element):
            if child.tag == f"{W}p":
                self.count += 1
                self.add(self.paragraph(child), self.count)
            elif child.tag == f"{W}tbl":
                self.table(child)

    def add(self, lines: list[str], number: int) -> None:
        lines = [line for line in (_tidy(line) for line in lines)]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if lines:
            self.blocks.append(_Block(lines, number))

    def table(self, table) -> None:
        for row in _content(table):
            if row.tag != f"{W}tr":
                continue
            self.count += 1
            number = self.count
            cells = [cell for cell in _content(row) if cell.tag == f"{W}tc"]
            if any(cell.find(f".//{W}tbl") is not None for cell in cells):
                for cell in cells:  # a layout row: its cells' paragraphs and nested rows, each a line
                    for child in _content(cell):
                        if child.tag == f"{W}p":
                            self.add(self.paragraph(child), number)
                        elif child.tag == f"{W}tbl":
                            self.table(child)
            elif len(cells) == 1:
                for child in _content(cells[0]):
                    if child.tag == f"{W}p":
                        self.add(self.paragraph(child), number)
            else:
                texts = []
                for cell in cells:
                    parts = [" ".join(self.paragraph(p)) for p in _content(cell) if p.tag == f"{W}p"]
                    texts.append(clean(" ".join(parts)))
                self.add(["\t".join(texts)], number)

    # -- paragraph level -------------------------------------------------------------
    def paragraph(self, paragraph) -> list[str]:
        """The paragraph's text, split at its line breaks."""
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        heading = self.styles.is_heading(style_id) or outline_heading(paragraph.find(f"{W}pPr/{W}outlineLvl"))
        parts: list[str] = []
        Runs(parts).walk(paragraph)
        text = "".join(parts)
        if "\t" in text and (self.styles.has_leader(style_id) or has_leader_tab(paragraph.find(f"{W}pPr"))):
            text = _PAGE_AFTER_TAB.sub(lambda m: LEADER + m[1], text)  # "Title ........ 2", as printed
        num = list_reference(paragraph.find(f"{W}pPr/{W}numPr")) or self.styles.numbering(style_id)
        if num is not None and text.strip():
            fmt, label = self.numbering.label(*num)
            if fmt == "bullet" or (heading and label and not text.lstrip().startswith(label)):
                text = f"{label} {text.lstrip()}" if label else text
        return text.split("\n")


def _content(element):
    """The children of a body, cell, table or row, with content controls and custom XML unwrapped."""
    for child in element:
        tag = child.tag
        if tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
            if inner is not None:
                yield from _content(inner)
        elif tag == f"{W}ins" or tag == f"{W}moveTo":
            yield from _content(child)
        else:
            yield child


def _tidy(line: str) -> str:
    """Whitespace collapsed, runs of tabs (a contents line's leader) one tab, no tab at either end."""
    cells = _TABS.split(line.replace("\xa0", " "))
    return "\t".join(cell for cell in (clean(cell) for cell in cells) if cell)


def extract_docx(data: bytes, path: str) -> RawDocument:
    """The text of a Word document's body, one paragraph or table row a block, with its lines mapped to them.

    Raises LoaderError for an encrypted (OLE) file, a corrupt zip, a zip
    without ``word/document.xml``, malformed XML, and a document without text.
    """
    document_xml, styles_xml, numbering_xml = read_parts(data, path)
    root = parse_part(document_xml, DOCUMENT_PART, path, required=True)
    body = root.find(f"{W}body")
    if body is None:
        raise LoaderError(path, f"malformed DOCX: {DOCUMENT_PART} has no w:body")
    reader = _Reader(
        Styles(parse_part(styles_xml, "word/styles.xml", path, required=False)),
        Numbering.parse(parse_part(numbering_xml, "word/numbering.xml", path, required=False)),
    )
    reader.body(body)
    if not reader.blocks:
        raise LoaderError(path, "DOCX without text: its body has no words")
    text_lines: list[str] = []
    origins: list[tuple[int, int]] = []
    for block in reader.blocks:
        for line in block.lines:
            text_lines.append(line)
            origins.append((block.number, block.number))
        text_lines.append("")
        origins.append((block.number, block.number))
    return RawDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text="\n".join(text_lines),
        encoding="docx",
        media_type=MEDIA_TYPE,
        origins=tuple(origins),
        source_line_count=max(reader.count, 1),
    )
