"""XML exports parsed safely, with the repairs real publishing systems need, and their lines kept.

lxml parses every export with entity resolution, DTD loading and network
access off: an export is data from outside, and an entity must never read a
file or a URL.

Two things real exports get wrong are repaired, each with a finding that
names its lines; anything else malformed is a ``LoaderError`` naming the
file and the line the parser stopped at:

- character references to control characters XML 1.0 forbids (``&#xC;``, a
  form feed that eDoc copies from Word's page breaks), and the same control
  characters written raw: each becomes a space, so no line moves;
Lines are the file's lines as XML counts them: a line ends at a carriage
return, a line feed, or the two together (XML 1.0, 2.11). libxml2 numbers
lines by line feeds only, so a lone carriage return (eDoc writes a whole
referat's ``FullText`` with them) becomes a line feed before parsing, which
is what the parser makes of it in the text anyway; every element's
``sourceline``, and a text's line feeds counted from it, are then the file's
lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunegraf.errors import LoaderError
from kommunegraf.records import Finding

_BOM = b"\xef\xbb\xbf"
# XML 1.0 allows tab, line feed and carriage return of the C0 controls, nothing else
_CONTROL_REFERENCE = re.compile(rb"&#(?:x0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));")
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LONE_CR = re.compile(rb"\r(?!\n)")
_XML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?(?:<!--.*?-->\s*)*<[A-Za-z_]",
    re.DOTALL,
)


def is_xml(data: bytes) -> bool:
    """Whether the bytes open like an XML document (HTML is told apart before this is asked)."""
    return bool(_XML_START.match(data[:4096].removeprefix(_BOM)))


@dataclass
class ParsedXml:
    """An export's element tree, how many lines its file has, and what was repaired to read it."""

    root: object  # lxml.etree._Element
    line_count: int
    findings: list[Finding] = field(default_factory=list)


def _lines_of(data: bytes, matches: list[re.Match[bytes]]) -> list[int]:
    lines, offset, line = [], 0, 1
    for match in matches:
        piece = data[offset : match.start()]
        line += piece.count(b"\n") + len(_LONE_CR.findall(piece))
        offset = match.start()
        lines.append(line)
    return lines


def _repaired(data: bytes, path: str) -> tuple[bytes, list[Finding]]:
    findings = []
    for pattern, what in ((_CONTROL_REFERENCE, "character reference"), (_CONTROL_BYTE, "character")):
        matches = list(pattern.finditer(data))
        if not matches:
            continue
        lines = _lines_of(data, matches)
        shown = ", ".join(str(line) for line in sorted(set(lines))[:10])
        findings.append(
            Finding(
                code="xml-repaired",
                message=f"{len(matches)} control {what}(s) XML forbids replaced by spaces (lines {shown})",
                line=lines[0],
                text=matches[0][0].decode("latin-1"),
            )
        )
        data = pattern.sub(b" ", data)
    return data, findings


def parse_xml(data: bytes, path: str) -> ParsedXml:
    """The export's tree; raises LoaderError with the file and line when it is not well-formed."""
    from lxml import etree

    data, findings = _repaired(data, path)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_blank_text=False
    )
    data = _LONE_CR.sub(b"\n", data)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or None
        message = error.msg or str(error)
        if "end of data" in message or "Premature end" in message or "EndTag" in message:
            message += " (the file is cut short?)"
        raise LoaderError(path, f"malformed XML: {message}", line) from None
    if root is None:
        raise LoaderError(path, "empty XML document")
    return ParsedXml(root=root, line_count=data.count(b"\n") + 1, findings=findings)


def local(tag: object) -> str:
    """An element's name without its namespace ("{ns}Meeting" -> "Meeting")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def text_lines(element: object) -> tuple[int, int]:
    """The file lines an element's own text runs over (its start tag's line to its last line feed)."""
    start = element.sourceline or 1  # type: ignore[attr-defined]
    return start, start + (element.text or "").count("\n")  # type: ignore[attr-defined]
