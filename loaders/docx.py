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
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.text import clean

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_PART = "word/document.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the OLE stream name, as the directory stores it
MAX_PART_SIZE = 200 << 20  # bytes: a document.xml larger than this is not minutes (a zip bomb)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.IGNORECASE)
_TABS = re.compile(r"[ \t]*\t[ \t]*")
_TOC_STYLE = re.compile(r"^(?:toc|indholdsfortegnelse)\s*[1-9]$", re.IGNORECASE)
_LEADERS = frozenset({"dot", "hyphen", "underscore", "middleDot", "heavy"})
_PAGE_AFTER_TAB = re.compile(r"\t\s*(\d{1,4})\s*$")
LEADER = " ........ "  # what a dot-leader tab prints before a contents entry's page number
# Symbol-font characters a paragraph may print with w:sym, as Unicode (Word stores them at U+F000 + code)
_SYMBOL_FONT = {0xB7: "•", 0x2D: "-", 0xAE: "→", 0xD7: "×"}
_SYMBOL_FONTS = ("symbol", "wingdings", "webdings")


def is_docx(data: bytes) -> bool:
    """A Word document, recognised by content, not by the file's name.

    A zip holding ``word/document.xml``; also a zip whose directory is
    damaged but whose entries name it (a truncated download), and a
    password-protected one, so both get a DOCX error rather than "binary file".
    """
    if is_encrypted_docx(data):
        return True
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return DOCUMENT_PART.encode() in data


def is_encrypted_docx(data: bytes) -> bool:
    """An OLE compound file holding an ``EncryptedPackage``: what Word writes for a password-protected .docx."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


@dataclass
class _Block:
    """One paragraph or table row as the reader gets it: its lines, and the paragraph number behind them."""

    lines: list[str]
    number: int


@dataclass
class _Numbering:
    """Word's list definitions (``word/numbering.xml``) and the counters of the lists met so far."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)  # (numId, level) -> fmt
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.iter(f"{W}abstractNum"):
            levels = abstract.setdefault(definition.get(f"{W}abstractNumId", ""), {})
            for level in definition.iter(f"{W}lvl"):
                levels[_int(level.get(f"{W}ilvl"))] = _level(level)
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            reference = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(reference.get(f"{W}val", "") if reference is not None else "", {}))
            for override in num.iter(f"{W}lvlOverride"):
                index = _int(override.get(f"{W}ilvl"))
                level = override.find(f"{W}lvl")
                start = override.find(f"{W}startOverride")
                if level is not None:
                    levels[index] = _level(level)
                elif start is not None and index in levels:
                    fmt, text, _ = levels[index]
                    levels[index] = (fmt, text, _int(start.get(f"{W}val"), 1))
            for index, value in levels.items():
                numbering.formats[(num_id, index)] = value
        return numbering

    def label(self, num_id: str, level: int) -> tuple[str, str]:
        """The next label of list ``num_id`` at ``level``: (its format, its text), counting it."""
        fmt = self.formats.get((num_id, level))
        if fmt is None or num_id == "0":
            return "", ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[level] == 0:
            counters[level] = fmt[2] - 1
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt[0] == "bullet":
            return "bullet", "•"

        def value(match: re.Match) -> str:
            index = int(match[1]) - 1
            level_fmt = self.formats.get((num_id, index), ("decimal", "", 1))[0]
            return _formatted(max(counters[index], 1), level_fmt)

        return fmt[0], re.sub(r"%([1-9])", value, fmt[1])


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(level) -> tuple[str, str, int]:
    fmt = level.find(f"{W}numFmt")
    text = level.find(f"{W}lvlText")
    start = level.find(f"{W}start")
    return (
        fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
        text.get(f"{W}val", "") if text is not None else "",
        _int(start.get(f"{W}val"), 1) if start is not None else 1,
    )


def _formatted(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(number)


def _roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


@dataclass
class _Style:
    heading: bool
    num: tuple[str, int] | None
    based_on: str | None
    leader: bool  # a tab stop that prints a row of dots (a contents entry's page number)


class _Styles:
    """Paragraph styles (``word/styles.xml``): which are headings, which carry list numbering."""

    def __init__(self, root) -> None:
        self.styles: dict[str, _Style] = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") not in (None, "paragraph"):
                continue
            style_id = style.get(f"{W}styleId", "")
            name = style.find(f"{W}name")
            names = (style_id, name.get(f"{W}val", "") if name is not None else "")
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            based = style.find(f"{W}basedOn")
            self.styles[style_id] = _Style(
                heading=any(_HEADING_STYLE.match(n) for n in names) or _outline_heading(outline),
                num=_num_pr(style.find(f"{W}pPr/{W}numPr")),
                based_on=based.get(f"{W}val") if based is not None else None,
                leader=any(_TOC_STYLE.match(n) for n in names) or _has_leader(style.find(f"{W}pPr")),
            )

    def _chain(self, style_id: str | None):
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def is_heading(self, style_id: str | None) -> bool:
        if style_id and _HEADING_STYLE.match(style_id):
            return True
        return any(style.heading for style in self._chain(style_id))

    def has_leader(self, style_id: str | None) -> bool:
        return any(style.leader for style in self._chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        return next((style.num for style in self._chain(style_id) if style.num), None)


def _has_leader(properties) -> bool:
    """Paragraph properties with a tab stop whose gap Word fills with dots, dashes or a line."""
    if properties is None:
        return False
    return any(
        tab.get(f"{W}leader") in _LEADERS and tab.get(f"{W}val") != "clear"
        for tab in properties.iterfind(f"{W}tabs/{W}tab")
    )


def _outline_heading(outline) -> bool:
    return outline is not None and _int(outline.get(f"{W}val"), 9) < 9


def _num_pr(num_pr) -> tuple[str, int] | None:
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{W}numId")
    level = num_pr.find(f"{W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{W}val", "0"), min(max(_int(level.get(f"{W}val")) if level is not None else 0, 0), 8)


class _Reader:
    """Walks the body in document order, numbering paragraphs and table rows."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
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
        heading = self.styles.is_heading(style_id) or _outline_heading(paragraph.find(f"{W}pPr/{W}outlineLvl"))
        parts: list[str] = []
        _Runs(parts).walk(paragraph)
        text = "".join(parts)
        if "\t" in text and (self.styles.has_leader(style_id) or _has_leader(paragraph.find(f"{W}pPr"))):
            text = _PAGE_AFTER_TAB.sub(lambda m: LEADER + m[1], text)  # "Title ........ 2", as printed
        num = _num_pr(paragraph.find(f"{W}pPr/{W}numPr")) or self.styles.numbering(style_id)
        if num is not None and text.strip():
            fmt, label = self.numbering.label(*num)
            if fmt == "bullet" or (heading and label and not text.lstrip().startswith(label)):
                text = f"{label} {text.lstrip()}" if label else text
        return text.split("\n")


class _Runs:
    """A paragraph's runs, in order: text, tabs, breaks; deleted text and field instructions left out."""

    _SKIPPED = frozenset(
        f"{W}{name}"
        for name in (
            "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "drawing", "pict", "object",
            "footnoteReference", "endnoteReference", "commentReference", "annotationRef", "txbxContent", "sdtPr",
            "sdtEndPr",
        )
    )  # fmt: skip

    _TEXT = frozenset(f"{W}{name}" for name in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"))

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.fields: list[bool] = []  # per open field: whether its result has started

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in self._SKIPPED:
                continue
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag in self._TEXT and self.fields and not self.fields[-1]:
                continue  # inside a field's instruction
            if tag == f"{W}t":
                self.parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                self.parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                self.parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                self.parts.append("-")
            elif tag == f"{W}softHyphen":
                continue
            elif tag == f"{W}sym":
                self.parts.append(_symbol(child))
            elif "AlternateContent" in tag:
                continue  # drawings and text boxes
            else:
                self.walk(child)  # runs, hyperlinks, insertions, smart tags, content controls, simple fields


def _symbol(element) -> str:
    code = _int_hex(element.get(f"{W}char"))
    if code is None or code > 0x10FFFF:
        return ""
    font = (element.get(f"{W}font") or "").lower()
    if code >= 0xF000:
        code -= 0xF000
    if font.startswith(_SYMBOL_FONTS):
        return _SYMBOL_FONT.get(code, "") if font.startswith("symbol") else ""
    character = chr(code)
    return character if character.isprintable() else ""


def _int_hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None


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


def _open(data: bytes, path: str) -> tuple[bytes, bytes | None, bytes | None]:
    if is_encrypted_docx(data):
        raise LoaderError(
            path,
            "encrypted DOCX: it needs a password (Word saves a password-protected .docx as an OLE compound file, "
            "D0 CF 11 E0, not as a zip); save an unprotected copy",
        )
    if data.startswith(OLE_MAGIC):
        raise LoaderError(path, "not a DOCX: an OLE compound file (an old .doc?); save it as .docx or PDF")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if DOCUMENT_PART not in names:
                raise LoaderError(path, f"not a Word document: the zip has no {DOCUMENT_PART}")
            parts = []
            for name in (DOCUMENT_PART, "word/styles.xml", "word/numbering.xml"):
                if name not in names:
                    parts.append(None)
                    continue
                too_large = LoaderError(path, f"corrupt DOCX: {name} is larger than {MAX_PART_SIZE >> 20} MB")
                if archive.getinfo(name).file_size > MAX_PART_SIZE:
                    raise too_large
                with archive.open(name) as member:  # the header's size may lie: read no more than the limit
                    part = member.read(MAX_PART_SIZE + 1)
                if len(part) > MAX_PART_SIZE:
                    raise too_large
                parts.append(part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise LoaderError(path, f"corrupt DOCX: not a readable zip ({error or type(error).__name__})") from None
    return parts[0], parts[1], parts[2]  # type: ignore[return-value]


def _parse(xml: bytes | None, name: str, path: str, required: bool):
    from lxml import etree

    if xml is None:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        if not required:
            return None  # styles and numbering only refine the text
        line = error.lineno if error.lineno else None
        where = f" (XML line {line})" if line else ""
        raise LoaderError(path, f"malformed DOCX: {name} is not well-formed XML{where}: {error.msg}") from None


def extract_docx(data: bytes, path: str) -> RawDocument:
    """The text of a Word document's body, one paragraph or table row a block, with its lines mapped to them.

    Raises LoaderError for an encrypted (OLE) file, a corrupt zip, a zip
    without ``word/document.xml``, malformed XML, and a document without text.
    """
    document_xml, styles_xml, numbering_xml = _open(data, path)
    root = _parse(document_xml, DOCUMENT_PART, path, required=True)
    body = root.find(f"{W}body")
    if body is None:
        raise LoaderError(path, f"malformed DOCX: {DOCUMENT_PART} has no w:body")
    reader = _Reader(
        _Styles(_parse(styles_xml, "word/styles.xml", path, required=False)),
        _Numbering.parse(_parse(numbering_xml, "word/numbering.xml", path, required=False)),
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
