"""Seed documents damaged in the ways real files are: the inputs of the loaders' robustness tests and fuzz script.

Lines deleted, duplicated and shuffled, the file cut short, random bytes
spliced in, part of it in another encoding, and very long lines.
"""

from __future__ import annotations

import base64
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "minutes"
SEED_BYTES = tuple(path.read_bytes() for path in sorted(EXAMPLES.glob("*.txt")))


@st.composite
def damaged_document(draw) -> bytes:
    lines = draw(st.sampled_from(SEED_BYTES)).split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        operation = draw(st.sampled_from(["delete", "duplicate", "shuffle", "bytes", "encoding", "long", "truncate"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        span = draw(st.integers(1, 40))
        if operation == "delete":
            del lines[at : at + span]
        elif operation == "duplicate":
            lines[at:at] = lines[at : at + span]
        elif operation == "shuffle":
            chunk = lines[at : at + span]
            lines[at : at + span] = draw(st.permutations(chunk)) if chunk else chunk
        elif operation == "bytes":
            lines.insert(at, draw(st.binary(min_size=1, max_size=200)))
        elif operation == "encoding" and lines:
            index = min(at, len(lines) - 1)
            lines[index] = lines[index].decode("utf-8", "replace").encode("cp1252", "replace")
        elif operation == "long":
            entries = b"Anne Jensen (A), " * draw(st.integers(1000, 20000))
            lines.insert(at, "Mødedeltagere ".encode() + entries)
        elif operation == "truncate":
            data = b"\n".join(lines)
            lines = data[: draw(st.integers(0, len(data)))].split(b"\n")
    return b"\n".join(lines)


# Byte-level damage for the fuzz run (benchmarks/fuzz_loaders.py). Each function takes a random.Random, so one
# seed gives the same cases; each returns the damaged file's bytes.

_RANDOM_OPERATIONS = ("flip", "byte", "insert", "delete", "duplicate", "truncate", "swap", "zero")


def random_damage(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """``data`` with one to five random edits: a bit flipped, a byte set, bytes inserted, deleted, duplicated,
    swapped or zeroed, or the tail cut."""
    buffer = bytearray(data)
    for _ in range(rounds if rounds is not None else rng.randint(1, 5)):
        if not buffer:
            buffer.extend(rng.randbytes(rng.randint(1, 64)))
            continue
        operation = rng.choice(_RANDOM_OPERATIONS)
        at = rng.randrange(len(buffer))
        span = min(len(buffer) - at, rng.choice((1, 8, 64, 512, 4096)))
        if operation == "flip":
            buffer[at] ^= 1 << rng.randrange(8)
        elif operation == "byte":
            buffer[at] = rng.randrange(256)
        elif operation == "insert":
            buffer[at:at] = rng.randbytes(rng.randint(1, 200))
        elif operation == "delete":
            del buffer[at : at + span]
        elif operation == "duplicate":
            buffer[at:at] = buffer[at : at + span]
        elif operation == "truncate":
            del buffer[at:]
        elif operation == "swap":
            other = rng.randrange(len(buffer))
            first, second = sorted((at, other))
            if second - first >= span:
                buffer[first : first + span], buffer[second : second + span] = (
                    buffer[second : second + span],
                    buffer[first : first + span],
                )
        else:
            buffer[at : at + span] = bytes(span)
    return bytes(buffer)


def truncated(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut short at a random byte (never empty)."""
    return data[: rng.randint(1, max(1, len(data) - 1))]


# --- PDF -------------------------------------------------------------------------------------------------------

_PDF_OBJECT = re.compile(rb"(\d+) 0 obj\s")
_PDF_LENGTH = re.compile(rb"/Length (\d+)")
_PDF_MEDIABOX = re.compile(rb"/MediaBox\s*\[[^\]]*\]")
_PDF_NUMBER = re.compile(rb"(?<![\w./])-?\d+(?:\.\d+)?(?![\w.])")


def pdf_objects(data: bytes) -> tuple[dict[int, bytes], bytes]:
    """The numbered objects of a PDF without object streams (reportlab's), each its body between ``obj`` and
    ``endobj``, and the trailer dictionary."""
    objects: dict[int, bytes] = {}
    at = 0
    while found := _PDF_OBJECT.search(data, at):
        start = found.end()
        end = data.find(b"endobj", start)
        stream = data.find(b"stream", start)
        if stream != -1 and (end == -1 or stream < end) and (length := _PDF_LENGTH.search(data, start, stream)):
            end = data.find(b"endobj", stream + int(length[1]))
        if end == -1:
            break
        objects[int(found[1])] = data[start:end].strip()
        at = end + len(b"endobj")
    trailer = re.search(rb"trailer\s*(<<.*>>)\s*startxref", data, re.S)
    return objects, trailer[1] if trailer else b"<< /Root 1 0 R >>"


def pdf_from_objects(objects: dict[int, bytes], trailer: bytes) -> bytes:
    """A PDF of ``objects`` with a correct cross-reference table, so a reader finds every object where it is."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects, default=0) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer)
    out += b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def pdf_stream(content: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body holding ``content`` compressed (FlateDecode)."""
    packed = zlib.compress(content, 6)
    return b"<< /Filter /FlateDecode /Length %d %s>>\nstream\n%s\nendstream" % (len(packed), extra, packed)


def _stream_content(body: bytes) -> bytes | None:
    """The decoded content of a stream object's body (ASCII85 and Flate as reportlab writes them), if it has one."""
    split = body.find(b"stream")
    if split == -1:
        return None
    header, raw = body[:split], body[split + len(b"stream") :].lstrip(b"\r\n")
    raw = raw[: raw.rfind(b"endstream")].rstrip(b"\r\n")
    try:
        if b"/ASCII85Decode" in header:
            raw = base64.a85decode(raw.removesuffix(b"~>"), adobe=False)
        if b"/FlateDecode" in header:
            raw = zlib.decompress(raw)
    except (ValueError, zlib.error):
        return None
    return raw


def _page_contents(objects: dict[int, bytes]) -> list[int]:
    """The numbers of the page content streams."""
    found = []
    for body in objects.values():
        if b"/Type /Page" in body and b"/Type /Pages" not in body:
            contents = re.search(rb"/Contents (\d+) 0 R", body)
            if contents and int(contents[1]) in objects:
                found.append(int(contents[1]))
    return found


def pdf_stream_bytes_flipped(data: bytes, rng: random.Random) -> bytes:
    """A few bytes of one stream's encoded data changed (a bad sector or a bad transfer inside a page)."""
    spans = [(m.end(), data.find(b"endstream", m.end())) for m in re.finditer(rb"stream\r?\n", data)]
    spans = [(start, end) for start, end in spans if end > start]
    if not spans:
        return random_damage(data, rng)
    start, end = rng.choice(spans)
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(start, end)
        buffer[at] = rng.randrange(256)
    return bytes(buffer)


_JUNK_OPERATORS = (
    b"BT ", b"ET ", b"q " * 2000, b"Q Q Q ", b"/F9 12 Tf ", b"0 Tz ", b"1e30 Tc ", b"0 0 Td " * 500, b"(\\",
    b"<4142", b"[ " * 3000, b"<< " * 3000, b"BI /W 100000 /H 100000 /BPC 8 /CS /RGB ID \xff\xfe EI ",
    b"1 0 0 1 1e38 1e38 cm ", b"/F1 0 Tf (Punkt 1: Meddelelser) Tj ", b"/F1 1e20 Tf (x) Tj ", b"(\x00\x01\x1b) Tj ",
    b"0 0 0 0 re W n ", b"/Nonexistent Do ", b"3 Tr ", b"[(a) -1e30 (b)] TJ ",
)  # fmt: skip
_STRANGE_NUMBERS = (b"1e999", b"-1e308", b"99999999999999999999999", b"nan", b"-0", b"0.0000000000001", b"--5",
                    b".", b"1.2.3", b"-2147483649", b"4294967296")  # fmt: skip


def _damaged_content(content: bytes, rng: random.Random) -> bytes:
    operation = rng.choice(("flip", "numbers", "delete", "junk", "repeat", "truncate"))
    buffer = bytearray(content)
    if operation == "flip" and buffer:
        for _ in range(rng.randint(1, 10)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif operation == "numbers":
        numbers = list(_PDF_NUMBER.finditer(content))
        for number in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 20))), key=lambda m: -m.start()):
            buffer[number.start() : number.end()] = rng.choice(_STRANGE_NUMBERS)
    elif operation == "delete" and buffer:
        at = rng.randrange(len(buffer))
        del buffer[at : at + rng.randint(1, 400)]
    elif operation == "junk":
        at = rng.randint(0, len(buffer))
        buffer[at:at] = b" " + b" ".join(rng.choices(_JUNK_OPERATORS, k=rng.randint(1, 4))) + b" "
    elif operation == "repeat":
        buffer = bytearray(bytes(buffer) * rng.choice((20, 200)))
    else:
        del buffer[rng.randint(0, len(buffer)) :]
    return bytes(buffer)


def pdf_content_damaged(data: bytes, rng: random.Random) -> bytes:
    """One page's content stream decoded, its operators or numbers damaged, and stored again in a PDF whose
    cross-reference table is right (the damage is in what the page draws, not in finding it)."""
    objects, trailer = pdf_objects(data)
    pages = _page_contents(objects)
    if not pages:
        return pdf_stream_bytes_flipped(data, rng)
    number = rng.choice(pages)
    content = _stream_content(objects[number])
    if content is None:
        return pdf_stream_bytes_flipped(data, rng)
    objects[number] = pdf_stream(_damaged_content(content, rng))
    return pdf_from_objects(objects, trailer)


BAD_MEDIABOXES = (
    b"[ 0 0 0 0 ]", b"[ 0 0 -595 -842 ]", b"[ 595 842 0 0 ]", b"[ 0 0 1e30 1e30 ]", b"[ 0 0 1e-30 1e-30 ]",
    b"[ 0 0 595 ]", b"[ ]", b"[ /a /b /c /d ]", b"[ 0 0 595 842 12 ]", b"[ 0 0 nan 842 ]",
    b"[ 0 0 99999999999999999999 842 ]", b"[ -3.4e38 -3.4e38 3.4e38 3.4e38 ]", b"[ (0) (0) (595) (842) ]",
    b"[ 0 0 595 842", b"[ 0 0 14400 14400 ]", b"[ 0 0 1 1 ]", b"[ 1 0 R 0 0 ]",
)  # fmt: skip


def pdf_bad_mediabox(data: bytes, rng: random.Random) -> bytes:
    """Every page's /MediaBox, or one page's, replaced by a bad one (empty, inverted, huge, not numbers,
    too short); sometimes a strange /Rotate as well."""
    boxes = list(_PDF_MEDIABOX.finditer(data))
    if not boxes:
        return random_damage(data, rng)
    chosen = boxes if rng.random() < 0.5 else [rng.choice(boxes)]
    bad = rng.choice(BAD_MEDIABOXES)
    out = bytearray(data)
    for box in sorted(chosen, key=lambda m: -m.start()):
        replacement = b"/MediaBox " + bad
        if rng.random() < 0.2:
            replacement += b" /Rotate " + rng.choice((b"45", b"-90", b"1000000000", b"nan"))
        out[box.start() : box.end()] = replacement
    return bytes(out)


def pdf_structure_damaged(data: bytes, rng: random.Random) -> bytes:
    """The page tree or the objects damaged: a cycle in the page tree, a /Count that lies, an object missing, an
    object that is itself, contents that are no stream, a catalogue pointing at a page."""
    objects, trailer = pdf_objects(data)
    if not objects:
        return random_damage(data, rng)
    pages = next((n for n, body in objects.items() if b"/Type /Pages" in body), None)
    page = next((n for n, body in objects.items() if b"/Type /Page\n" in body or b"/Type /Page " in body), None)
    operation = rng.choice(("cycle", "count", "missing", "self", "contents", "root", "parent-cycle"))
    if operation == "cycle" and pages is not None:
        objects[pages] = re.sub(rb"/Kids \[", b"/Kids [ %d 0 R " % pages, objects[pages])
    elif operation == "count" and pages is not None:
        count = rng.choice((b"1000000000", b"-1", b"0", b"2147483648"))
        objects[pages] = re.sub(rb"/Count \d+", b"/Count " + count, objects[pages])
    elif operation == "missing":
        del objects[rng.choice(list(objects))]
    elif operation == "self":
        number = rng.choice(list(objects))
        objects[number] = b"%d 0 R" % number
    elif operation == "contents" and page is not None:
        objects[page] = re.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % page, objects[page])
    elif operation == "root" and page is not None:
        trailer = re.sub(rb"/Root \d+ 0 R", b"/Root %d 0 R" % page, trailer)
    elif operation == "parent-cycle" and page is not None:
        objects[page] = re.sub(rb"/Parent \d+ 0 R", b"/Parent %d 0 R" % page, objects[page])
        objects[page] = objects[page].replace(b"/Type /Page", b"/Type /Pages /Kids [ %d 0 R ] /Count 1" % page, 1)
    else:
        return random_damage(data, rng)
    return pdf_from_objects(objects, trailer)


_PAGE_TEXT = (
    "REFERAT", "Erhvervs- og Beskæftigelsesudvalget", "Mødedato 09-11-2021", "Punkt 1: Meddelelser",
    "Beslutning", "Taget til efterretning.",
)  # fmt: skip


def _text_page(lines: tuple[str, ...] = _PAGE_TEXT) -> bytes:
    rows = [b"BT /F1 11 Tf 56 %d Td (%s) Tj ET" % (760 - 16 * i, line.encode("cp1252")) for i, line in enumerate(lines)]
    return b"\n".join(rows)


def _pdf_with_pages(pages: int, content: bytes) -> bytes:
    """``pages`` A4 pages that all draw the one content stream given (object 4)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: content,
    }
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects[2] = b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, pages)
    for n in range(pages):
        objects[5 + n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents 4 0 R /Resources << /Font << /F1 3 0 R "
            b">> >> >>"
        )
    return pdf_from_objects(objects, b"<< /Root 1 0 R /Size 0 >>")


def pdf_of_many_pages(pages: int) -> bytes:
    """A PDF of ``pages`` pages sharing one small content stream: a few MB that open as a very long document."""
    return _pdf_with_pages(pages, pdf_stream(_text_page()))


@dataclass(frozen=True)
class Bomb:
    """Raw deflate data (no header) and what it inflates to: its size, CRC-32 (ZIP) and Adler-32 (zlib, PDF)."""

    data: bytes
    size: int
    crc32: int
    adler32: int

    def zlib_stream(self) -> bytes:
        """The data as a zlib stream (a PDF's FlateDecode)."""
        return b"\x78\xda" + self.data + self.adler32.to_bytes(4, "big")


def deflate_bomb(inflated: int, unit: bytes = b" ", prefix: bytes = b"", suffix: bytes = b"") -> Bomb:
    """Deflate data that inflates to ``prefix``, ``inflated`` bytes of ``unit`` repeated, and ``suffix``.

    Each megabyte of ``unit`` is compressed once, after a full flush (which makes its compressed form the same
    wherever it stands), and repeated: a gigabyte costs a megabyte and a fraction of a second to make.
    """
    chunk = (unit * (2**20 // len(unit) + 1))[: 2**20]
    count, rest = divmod(inflated, len(chunk))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(chunk[:rest] + suffix) + compressor.flush()
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(count):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    crc, adler = zlib.crc32(chunk[:rest] + suffix, crc), zlib.adler32(chunk[:rest] + suffix, adler)
    return Bomb(head + block * count + end, len(prefix) + inflated + len(suffix), crc, adler)


def pdf_flate_bomb(inflated: int, unit: bytes = b" ") -> bytes:
    """A one-page PDF whose content stream is ``inflated`` bytes of ``unit`` once inflated, a megabyte or so on
    disk (whitespace, or a text operator drawn again and again)."""
    packed = deflate_bomb(inflated, unit).zlib_stream()
    stream = b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed)
    return _pdf_with_pages(1, stream)


# --- HTML ------------------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)
_HEAD_OPEN = re.compile(rb"<head[^>]*>", re.IGNORECASE)
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)


def _into_head(page: bytes, markup: bytes) -> bytes:
    head = _HEAD_OPEN.search(page)
    if head:
        return page[: head.end()] + markup + page[head.end() :]
    html = re.search(rb"<html[^>]*>", page, re.IGNORECASE)
    at = html.end() if html else 0
    return page[:at] + b"<head>" + markup + b"</head>" + page[at:]


def html_with_charset(page: bytes, label: bytes, form: str = "meta") -> bytes:
    """``page`` (UTF-8) with its charset declarations replaced by one saying ``label``: ``<meta charset>``, the
    http-equiv form, or two declarations that disagree."""
    page = _META_CHARSET.sub(b"", page)
    if form == "http-equiv":
        markup = b'<meta http-equiv="Content-Type" content="text/html; charset=' + label + b'">'
    elif form == "twice":
        markup = b'<meta charset="' + label + b'"><meta charset="utf-8">'
    else:
        markup = b'<meta charset="' + label + b'">'
    return _into_head(page, markup)


def html_with_links(page: bytes, hrefs: list[bytes], base: bytes | None, canonical: bytes | None) -> bytes:
    """``page`` with a ``<base>`` and a canonical link in its head, and links to ``hrefs`` in a Bilag list at the
    end of its body (where an item's attachments are listed)."""
    head = b""
    if base is not None:
        head += b'<base href="' + base + b'">'
    if canonical is not None:
        head += b'<link rel="canonical" href="' + canonical + b'">'
    page = _into_head(page, head) if head else page
    links = b"".join(b'<li><a href="' + href + b'">Bilag %d</a></li>' % n for n, href in enumerate(hrefs, 1))
    return _before_body_end(page, b"<h3>Bilag</h3><ul>" + links + b"</ul>")


def _before_body_end(page: bytes, markup: bytes) -> bytes:
    ends = list(_BODY_CLOSE.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + markup + page[at:]


def html_with_attributes(page: bytes, count: int, distinct: bool) -> bytes:
    """``page`` with one element that carries ``count`` attributes (distinct names, or the same name again)."""
    names = (b' a%d="v"' % n for n in range(count)) if distinct else (b' a="v"' for _ in range(count))
    return _before_body_end(page, b"<p" + b"".join(names) + b">Bilag</p>")


def html_nested(page: bytes, depth: int, tag: bytes = b"div", closed: bool = True) -> bytes:
    """``page`` with its whole body inside ``depth`` nested ``tag`` elements (closed at the end, or never)."""
    body = _BODY_OPEN.search(page)
    if not body:
        return (b"<%s>" % tag) * depth + page
    close = (b"</%s>" % tag) * depth if closed else b""
    inner = page[body.end() :]
    end = _BODY_CLOSE.search(inner)
    at = end.start() if end else len(inner)
    return page[: body.end()] + (b"<%s>" % tag) * depth + inner[:at] + close + inner[at:]


def html_markup_damaged(page: bytes, rng: random.Random) -> bytes:
    """Tags dropped, an unclosed comment, script or CDATA, strange character references, a chunk repeated."""
    tags = list(re.finditer(rb"</?[A-Za-z][^>]{0,200}>", page))
    operation = rng.choice(("drop-closing", "drop-any", "unclosed", "references", "repeat"))
    out = bytearray(page)
    if operation in ("drop-closing", "drop-any") and tags:
        chosen = [t for t in tags if t[0].startswith(b"</")] if operation == "drop-closing" else tags
        for tag in sorted(rng.sample(chosen, min(len(chosen), rng.randint(1, 30))), key=lambda m: -m.start()):
            del out[tag.start() : tag.end()]
    elif operation == "unclosed":
        at = rng.randint(0, len(out))
        out[at:at] = rng.choice((b"<!--", b"<script>", b"<style>", b"<![CDATA[", b"<textarea>", b"<title>", b"<"))
    elif operation == "references":
        for _ in range(rng.randint(1, 10)):
            at = rng.randint(0, len(out))
            out[at:at] = rng.choice((b"&#0;", b"&#x110000;", b"&#xD800;", b"&#99999999999;", b"&#x1b;", b"&amp",
                                     b"&nosuchentity;", b"&#x85;", b"&#128;"))  # fmt: skip
    else:
        at = rng.randrange(max(1, len(out)))
        out[at:at] = bytes(out[at : at + rng.choice((100, 2000))]) * rng.choice((10, 200))
    return bytes(out)


# --- XML -------------------------------------------------------------------------------------------------------

_XML_TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)([^<>]*)>")
_XML_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")


def xml_broken(data: bytes, rng: random.Random) -> bytes:
    """Tags deleted or cut in half, a stray end tag, an unclosed comment or CDATA, a second root, a strange
    encoding declared."""
    tags = list(_XML_TAG.finditer(data))
    operation = rng.choice(("delete", "cut", "stray", "unclosed", "second-root", "encoding"))
    out = bytearray(data)
    if operation == "delete" and tags:
        for tag in sorted(rng.sample(tags, min(len(tags), rng.randint(1, 5))), key=lambda m: -m.start()):
            del out[tag.start() : tag.end()]
    elif operation == "cut" and tags:
        tag = rng.choice(tags)
        del out[tag.start() + (tag.end() - tag.start()) // 2 : tag.end()]
    elif operation == "stray":
        at = rng.randint(0, len(out))
        out[at:at] = b"</nosuchelement>"
    elif operation == "unclosed":
        at = rng.randint(0, len(out))
        out[at:at] = rng.choice((b"<!--", b"<![CDATA[", b"<?pi", b"<", b"&"))
    elif operation == "second-root":
        out += b"<second/>"
    else:
        label = rng.choice((b"undefined", b"punycode", b"utf-16", b"ebcdic", b"rot13", b"x-user-defined", b""))
        declaration = b'<?xml version="1.0" encoding="' + label + b'"?>'
        existing = _XML_DECLARATION.match(data)
        out[: existing.end() if existing else 0] = declaration
    return bytes(out)


def xml_renamed(data: bytes, rng: random.Random) -> bytes:
    """One element name changed: everywhere it occurs (a system's other version), or in one start tag only."""
    names = sorted({m[2] for m in _XML_TAG.finditer(data) if not m[1]})
    if not names:
        return random_damage(data, rng)
    name = rng.choice(names)
    new = rng.choice((b"Renamed", name.upper(), name + b"X", b"x:" + name, name[:-1] or b"y"))
    if rng.random() < 0.7:
        return re.sub(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])", lambda m: b"<" + m[1] + new, data)
    starts = [m for m in _XML_TAG.finditer(data) if m[2] == name and not m[1]]
    tag = rng.choice(starts)
    return data[: tag.start(2)] + new + data[tag.end(2) :]


_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 13})) + b"\x7f"
_CONTROL_REFERENCES = (b"&#0;", b"&#1;", b"&#x1F;", b"&#xFFFE;", b"&#xD800;", b"&#x110000;", b"&#27;", b"&#x0B;")


def with_control_characters(data: bytes, rng: random.Random) -> bytes:
    """Control characters XML forbids, as raw bytes or as character references, in text and attribute values."""
    out = bytearray(data)
    gaps = [m.end() for m in re.finditer(rb">[^<\s]", data)] + [m.start() for m in re.finditer(rb'="', data)]
    for _ in range(rng.randint(1, 12)):
        at = rng.choice(gaps) if gaps and rng.random() < 0.8 else rng.randint(0, len(out))
        if rng.random() < 0.5:
            insert = bytes(rng.choices(_CONTROL_BYTES, k=rng.randint(1, 3)))
        else:
            insert = rng.choice(_CONTROL_REFERENCES)
        out[at:at] = insert
        gaps = [g + len(insert) if g > at else g for g in gaps]
    return bytes(out)


def _root_name(data: bytes) -> bytes:
    root = next((m for m in _XML_TAG.finditer(data) if not m[1] and not m[2].startswith(b"?")), None)
    return root[2] if root else b"root"


def xml_with_entities(data: bytes, kind: str) -> bytes:
    """``data`` with a document type declaring entities, used in the first text of the document: a billion
    laughs, a quadratic blow-up, an external file (``/etc/passwd``) or an external DTD on the network."""
    if kind == "laughs":
        entities = b'<!ENTITY a0 "lol">' + b"".join(
            b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)
        )
        use = b"&a9;"
    elif kind == "quadratic":
        entities = b'<!ENTITY big "' + b"x" * 100_000 + b'">'
        use = b"&big;" * 20_000
    elif kind == "file":
        entities = b'<!ENTITY secret SYSTEM "file:///etc/passwd">'
        use = b"&secret;"
    else:
        entities = b'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;'
        use = b""
    doctype = b"<!DOCTYPE " + _root_name(data) + b" [" + entities + b"]>"
    declaration = _XML_DECLARATION.match(data)
    at = declaration.end() if declaration else len(b"\xef\xbb\xbf") if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[:at] + doctype + data[at:]
    text = re.search(rb">([^<\s][^<]*)<", data[at + len(doctype) :])
    if text is None or not use:
        return data
    where = at + len(doctype) + text.start(1)
    return data[:where] + use + data[where:]


def xml_nested(data: bytes, depth: int) -> bytes:
    """``data`` with ``depth`` nested elements inside its root element."""
    root = next((m for m in _XML_TAG.finditer(data) if not m[1] and not m[2].startswith(b"?")), None)
    if root is None:
        return b"<d>" * depth + data
    return data[: root.end()] + b"<d>" * depth + b"</d>" * depth + data[root.end() :]


# --- ZIP and DOCX ----------------------------------------------------------------------------------------------


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_with_member_replaced(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The ZIP (a DOCX) with member ``name`` passed through ``change``, the other members as they were."""
    return zip_of([(member, change(content) if member == name else content) for member, content in zip_members(data)])


def zip_bomb(members: list[tuple[str, bytes]], name: str, bomb: Bomb, stated_size: int | None = None) -> bytes:
    """A ZIP of ``members`` and a member ``name`` holding ``bomb`` (a thousandth of its inflated size on disk);
    its headers state ``stated_size`` as its size where given (a lie), else the truth."""
    entries = [(n.encode(), zlib.compress(c, 9)[2:-4], zlib.crc32(c), len(c), len(c)) for n, c in members]
    shown = bomb.size if stated_size is None else stated_size
    entries.append((name.encode(), bomb.data, bomb.crc32, bomb.size, shown))
    out, directory = bytearray(), bytearray()
    for entry_name, packed, crc, _size, stated in entries:
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(packed), stated,
                            len(entry_name), 0)  # fmt: skip
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(packed), stated,
                                 len(entry_name), 0, 0, 0, 0, 0, len(out)) + entry_name  # fmt: skip
        out += local + entry_name + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return bytes(out + directory + end)


# --- text ------------------------------------------------------------------------------------------------------


def _line_starts(data: bytes) -> list[int]:
    return [0] + [m.end() for m in re.finditer(rb"\n", data)]


def inserted_at_a_line(data: bytes, block: bytes, rng: random.Random, after: float = 0.0) -> bytes:
    """``block`` inserted at the start of a random line (in the part of the file past ``after``, a share)."""
    starts = [s for s in _line_starts(data) if s >= after * len(data)] or [len(data)]
    at = rng.choice(starts)
    return data[:at] + block + data[at:]


def blank_lines(count: int, kind: str) -> bytes:
    """``count`` lines with nothing on them (or, for ``sparse``, one short line in every fifty)."""
    if kind == "crlf":
        return b"\r\n" * count
    if kind == "spaces":
        return b"   \n" * count
    if kind == "sparse":
        return (b"\n" * 49 + b"x\n") * (count // 50)
    return b"\n" * count


def dot_leader(count: int, kind: str) -> bytes:
    """A contents line whose leader is ``count`` characters long."""
    leaders = {"dots": ".", "spaced": ". ", "ellipsis": "…", "underscores": "_", "dashes": "-"}
    return ("Punkt 1: Meddelelser " + leaders[kind] * count + " 3\n").encode()


def short_paragraphs(count: int, kind: str) -> bytes:
    """``count`` paragraphs of a word or two each."""
    units = {"words": b"Ord.\n\n", "letters": b"a\n", "bullets": b"- punkt\n\n", "numbers": b"%d\n\n"}
    unit = units[kind]
    return b"".join(unit % n for n in range(count)) if b"%d" in unit else unit * count


def with_stray_bytes(data: bytes, rng: random.Random) -> bytes:
    """A UTF-8 file with one to three bytes that are no UTF-8, each put after a blank in a sentence of prose (a
    long line ending in a full stop, with no list in it), where it cannot change what the reader finds."""
    lines = data.split(b"\n")
    prose = [i for i, line in enumerate(lines) if len(line) >= 60 and line.rstrip().endswith(b".") and
             b" " in line and not any(mark in line for mark in (b",", b"(", b":", b";"))]  # fmt: skip
    for _ in range(rng.randint(1, 3)):
        if not prose:
            break
        index = rng.choice(prose)
        blanks = [m.end() for m in re.finditer(rb" ", lines[index])]
        at = rng.choice(blanks)
        stray = rng.choice((b"\xff", b"\xc3", b"\x80", b"\xe6", b"\xfe\xfe"))
        lines[index] = lines[index][:at] + stray + lines[index][at:]
    return b"\n".join(lines)


def with_nul(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """NUL bytes where they do not belong: one in the text, one after the first 64 KiB, a run of them, every
    other byte (the text in UTF-16, with or without its byte order mark). Returns the bytes and which."""
    kind = rng.choice(("one", "late", "run", "utf-16-bom", "utf-16", "utf-16-be"))
    if kind == "one":
        at = rng.randint(0, len(data))
        return data[:at] + b"\x00" + data[at:], kind
    if kind == "late":
        padded = data + b"\n" + ("Sagen er drøftet i udvalget. ".encode() * 2600)[:70_000] + b"\n"
        return padded + b"\x00\n", kind
    if kind == "run":
        at = rng.randint(0, len(data))
        return data[:at] + b"\x00" * rng.choice((10, 5000)) + data[at:], kind
    text = data.decode("utf-8", "replace")
    if kind == "utf-16-bom":
        return text.encode("utf-16"), kind
    return text.encode("utf-16-le" if kind == "utf-16" else "utf-16-be"), kind


TERMINAL_TRAPS = ("\x01", "\x1b[31m", "\x1b]0;title\x07", "\x0c", "\x0b", "\u2028", "\u202e", "\x7f", "\x9b")


def with_terminal_traps(data: bytes, rng: random.Random) -> bytes:
    """Control characters and escape sequences (colour, a window title, bidirectional override) in the text's
    lines, where a title or a name may carry them on into warnings, errors and exports."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 6)):
        index = rng.randrange(len(lines))
        at = rng.randint(0, len(lines[index]))
        lines[index] = lines[index][:at] + rng.choice(TERMINAL_TRAPS).encode() + lines[index][at:]
    return b"\n".join(lines)
