"""HTML minutes pages, as municipal portals render them: the page's text, block by block, for the layout loaders.

lxml's HTML parser reads the page (it copes with the tag soup portals
serve, and knows the source line of every element, which becomes the
provenance). Each block element (heading, paragraph, list entry, table row,
definition term with its description) becomes a line of text followed by an
empty line, the way the text layouts separate blocks; table cells are
separated by tabs. Navigation, page header and footer, scripts and forms are
left out; where the page has a ``<main>`` element only that is read. Links are
kept per line, so attachments (Bilag) get their URL.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import Link, RawDocument, decode
from kommunegraf.text import clean

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "header", "form", "button", "select", "iframe", "svg",
    "head",
})  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


def is_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


@dataclass
class _Line:
    parts: list[str] = field(default_factory=list)
    first: int | None = None
    last: int | None = None
    links: list[Link] = field(default_factory=list)

    def add(self, text: str, line: int | None) -> None:
        if not text:
            return
        self.parts.append(text)
        if line is not None:
            self.first = line if self.first is None else min(self.first, line)
            end = line + text.count("\n")
            self.last = end if self.last is None else max(self.last, end)

    @property
    def text(self) -> str:
        cells = "".join(self.parts).split("\t")
        return "\t".join(clean(cell) for cell in cells).strip("\t")


class _Reader:
    """Walks the element tree, flushing a line at every block boundary."""

    def __init__(self, base: str | None, skipped: frozenset[str]) -> None:
        self.base = base
        self.skipped = skipped
        self.lines: list[tuple[str, int, int, tuple[Link, ...]]] = []
        self.current = _Line()

    def flush(self) -> None:
        text = self.current.text
        if text:
            first = self.current.first or (self.lines[-1][2] if self.lines else 1)
            last = self.current.last or first
            self.lines.append((text, first, last, tuple(self.current.links)))
        self.current = _Line()

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag == "button" and tag in self.skipped:
            # accordion portals print an item's title only as the heading of the button that opens it
            headings = [h for h in element.iter("h1", "h2", "h3", "h4", "h5", "h6")]
            for heading in headings:
                self.flush()
                self.walk_inside(heading)
            self.current.add(" ", None)
            self._tail(element)
            return
        if tag in self.skipped or not tag or _hidden(element):
            self.current.add(" " if tag else "", None)
            self._tail(element)
            return
        block = tag in _BLOCKS
        if tag in ("td", "th"):
            if self.current.parts:
                self.current.add("\t", element.sourceline)
        elif tag == "dd":
            self.current.add(" ", element.sourceline)  # "Mødedato" + " Tirsdag d. ..." on one line
        elif block:
            self.flush()
        if tag == "br":
            self.flush()
        self.current.add(element.text or "", element.sourceline)
        for child in element:
            self.walk(child)
        if tag == "a" and element.get("href"):
            self.current.links.append(_link(clean(element.text_content()), element.get("href"), self.base))
        if block and tag not in ("td", "th", "dt"):
            self.flush()
        self._tail(element)

    def walk_inside(self, element) -> None:
        """An element's text as a block of its own, without its tail."""
        tail, element.tail = element.tail, None
        try:
            self.walk(element)
        finally:
            element.tail = tail

    def _tail(self, element) -> None:
        if element.tail:
            self.current.add(element.tail, element.sourceline)


def _hidden(element) -> bool:
    """A dialog the page opens on demand ("Tip en ven", error messages), or an element marked hidden."""
    return element.get("role") in ("dialog", "alertdialog") or element.get("hidden") is not None


def extract_html(data: bytes, path: str) -> RawDocument:
    """The text of an HTML page, one block a paragraph, with its lines mapped to the page's source lines."""
    import lxml.html
    from lxml import etree

    text, encoding = _decode(data, path)
    text = _LONG_TAG.sub(_first_attributes, text)
    try:
        # huge_tree: libxml2 otherwise stops at 256 levels of nesting and drops the rest of the page unsaid
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as error:
        raise LoaderError(path, f"unreadable HTML: {error}") from None
    base_element = root.find(".//base[@href]")
    canonical = root.find(".//link[@rel='canonical']")
    base = (
        base_element.get("href")
        if base_element is not None
        else canonical.get("href")
        if canonical is not None
        else None
    )
    main = root.find(".//main")
    # a <header> inside <main> holds the page's title; the site's own header is outside it
    reader = _Reader(base, _SKIPPED - {"header"} if main is not None else _SKIPPED)
    reader.walk(main if main is not None else (root.find("body") if root.find("body") is not None else root))
    reader.flush()
    if not reader.lines:
        raise LoaderError(path, "HTML page without text: nothing in its body to read")
    text_lines: list[str] = []
    origins: list[tuple[int, int]] = []
    links: dict[int, tuple[Link, ...]] = {}
    for line_text, first, last, line_links in reader.lines:
        text_lines.append(line_text)
        origins.append((first, max(first, last)))
        if line_links:
            links[len(text_lines)] = line_links
        text_lines.append("")
        origins.append((max(first, last), max(first, last)))
    return RawDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text="\n".join(text_lines),
        encoding=encoding,
        media_type="text/html",
        origins=tuple(origins),
        source_line_count=text.count("\n") + 1,
        links=links,
    )


def fragment_lines(markup: str, first_line: int) -> list[tuple[str, int, int]]:
    """The text of an HTML fragment (a field of an XML export), a line per block, with the file lines of each.

    ``first_line`` is the file line the fragment starts on; the fragment's own
    line breaks are the file's.
    """
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        lines = enumerate(markup.split("\n"), start=first_line)
        return [(clean(line), number, number) for number, line in lines if clean(line)]
    reader = _Reader(None, _SKIPPED)
    reader.walk(root)
    reader.flush()
    shift = first_line - 1
    return [(text, first + shift, last + shift) for text, first, last, _ in reader.lines]


# A start tag longer than this holds more attributes than any page needs; libxml2 compares each attribute
# with all before it (duplicates), so thousands on one element cost seconds, 200,000 minutes. Such a tag keeps
# its first MAX_ATTRIBUTES attributes (the reader uses href, rel, role and hidden).
_LONG_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(\s[^<>]{4000,})>")
_ATTRIBUTE = re.compile(r"""[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?""")
MAX_ATTRIBUTES = 64


def _first_attributes(tag: re.Match[str]) -> str:
    kept = []
    for attribute in _ATTRIBUTE.finditer(tag[2]):
        kept.append(attribute[0])
        if len(kept) == MAX_ATTRIBUTES:
            break
    kept_text = " ".join(kept)
    lines_dropped = tag[2].count("\n") - kept_text.count("\n")  # the page's later lines keep their numbers
    return f"<{tag[1]} {kept_text}{chr(10) * lines_dropped}>"


_WEB_SCHEMES = ("http", "https")


def _link(text: str, href: str, base: str | None) -> Link:
    """A link as the page gives it, resolved against the page's base; a target that is not a web address (a
    ``javascript:`` or ``file:`` URL, one the URL rules cannot parse) is refused, with the reason."""
    href = href.strip()
    try:
        target = urljoin(base, href) if base else href
        scheme = urlsplit(target).scheme.lower()
    except ValueError as error:
        return Link(text, "", refused=f"the link {href[:80]!r} is no valid URL ({error})")
    if scheme and scheme not in _WEB_SCHEMES:
        return Link(text, "", refused=f"the link {href[:80]!r} is a {scheme}: URL, not a web address; not kept")
    return Link(text, target)


# Charsets a web page may declare (the WHATWG Encoding Standard's, by Python's codec names); another declared
# name ("undefined", "punycode", "rot13") is no text encoding of a page: the text rules decide instead.
_WEB_ENCODINGS = re.compile(
    r"utf[-_]?8|utf[-_]?16(?:[-_][bl]e)?|ascii|latin[-_]?1|iso8859[-_]\d+|cp12\d\d|cp8\d\d|koi8[-_][ru]|mac[-_]?roman"
    r"|gbk|gb18030|gb2312|big5|euc[-_](?:jp|kr)|shift[-_]jis|iso2022[-_]jp"
)


def _web_encoding(name: str) -> str | None:
    try:
        normal = codecs.lookup(name).name
    except LookupError:
        return None
    if normal.startswith("utf-16"):
        return "utf-8"  # a page's own <meta> can only be read if it is not UTF-16: the label means UTF-8 (WHATWG)
    return normal if _WEB_ENCODINGS.fullmatch(normal) else None


def _decode(data: bytes, path: str) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    name = _web_encoding(declared.group(1).decode("ascii").lower()) if declared else None
    if name:
        try:
            return data.decode(name).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), name
        except UnicodeError:
            pass  # a wrong declaration: fall back to the text rules
    text, encoding = decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
