"""PDF minutes: every character with its box and font size from PDFium, turned into the text a layout loader reads.

The repairs in ``pdf_repair`` need each word's position and font size: a
running header is recognised by where it stands on each page, a wrapped line
by how close it comes to its column's edge, and a two-column page by the
empty strip between its columns. A plain text extraction (pypdf's, or
PDFium's own page text) returns a string whose layout those decisions would
have to be guessed from.

PDFium, through pypdfium2, gives every character of a page with exactly
that: its Unicode value (``FPDFText_GetText``, the page in one call), its box
(``FPDFText_GetLooseCharBox``: the advance width between the font's descent
and ascent; its bottom is pdfminer's) and its font size (``FPDFText_GetFontSize``
times the text matrix's scale, ``FPDFText_GetMatrix``: the size the text is
printed at, as pdfminer gives it; a word's top is its bottom less that
size, as in pdfminer). Words are made here as pdfplumber's
``extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])`` made
them when it was the extractor: a word ends at a blank (the file's own, or
one PDFium puts where it sees a word break; pdfplumber split there too, by
sorting a line's characters), where the next character starts more than
1.5 pt right of the last one's end or left of its start, moves more than
2 pt up or down, or has another font size. On the seed PDFs and the real
ones the words are pdfplumber's, text and place (tests/test_pdf.py); PDFium
also reads a font pdfminer could not map to Unicode (its "(cid:10)").

pdfplumber (on pdfminer.six) interprets each page's content stream in Python
and makes an object per character: 15 pages/s for its words alone on the
Aarhus PDF against 280 pages/s for this loader's whole text, repairs
included (``benchmarks/bench_pdf.py``). It is kept as a development
dependency, to compare with, and is never imported here.

A page is opened, read and closed before the next (:func:`iter_words`), and
kept only as its rows' texts and boxes; a page's words are kept only where
it may be set in two columns. A running header is known only by comparing
pages, so that is what the document is assembled from.

The printed lines are numbered through the document (page by page), and
``RawDocument.origins`` maps each extracted text line to the printed lines
it joins, so provenance names pages and lines of the PDF.
"""

from __future__ import annotations

import ctypes
import hashlib
import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.pdf_repair import EDGE_ROWS, PhysicalLine, drop_running_lines, join_wrapped

if TYPE_CHECKING:
    import pypdfium2

TextPageHandle = object  # PDFium's FPDF_TEXTPAGE (a ctypes pointer from pypdfium2.raw)

PDF_MAGIC = b"%PDF-"
MIN_GUTTER = 12.0  # points: the narrowest empty strip taken for the space between two columns
X_TOLERANCE = 1.5  # points: a wider gap between two characters ends a word
Y_TOLERANCE = 2.0  # points: a character this much higher or lower than the one before starts a new word

_ENCRYPTED = "encrypted PDF: it needs a password; save an unprotected copy"
_BLANK = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())  # a blank ends a word (str.isspace)


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


class _RowBox(NamedTuple):
    """Where a printed row stands: its words' outer edges, its top and bottom, its first word's size and width."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word_width: float


@dataclass(slots=True)
class _Page:
    """One page read: its printed rows' texts (top to bottom) and boxes, and its width.

    The words are kept (``rows``) only on a page that may be set in two
    columns (:func:`may_have_columns`): elsewhere a row's box is all the
    document needs of it, which keeps a long document's pages small.
    """

    texts: list[str]
    boxes: list[_RowBox]
    rows: list[list[_Word]] | None
    width: float
    images: int  # counted only on a page without words (for the "scanned PDF" error)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def _rows(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into printed rows, top to bottom, each left to right.

    A word joins the row above when its top is within 0.4 of its font size
    (1 pt at least) of the top of that row's first word.
    """
    rows: list[list[_Word]] = []
    row: list[_Word] = []
    row_top = 0.0
    for word in sorted(words, key=_TOP_LEFT):
        size = word.size
        if row and abs(word.top - row_top) <= 0.4 * (size if size > 1.0 else 1.0):
            row.append(word)
        else:
            row = [word]
            row_top = word.top
            rows.append(row)
    for row in rows:
        if len(row) > 1:
            row.sort(key=_LEFT)
    return rows


_TOP_LEFT, _LEFT = attrgetter("top", "x0"), attrgetter("x0")


def _row_text(row: list[_Word]) -> str:
    """The row's words, a tab where a wide gap separates them (a table cell, a contents page number):
    wider than twice the larger font size of the two words."""
    before = row[0]
    if len(row) == 1:
        return before.text
    parts = [before.text]
    for word in row[1:]:
        widest = before.size if before.size > word.size else word.size
        parts.append("\t" if word.x0 - before.x1 > 2.0 * widest else " ")
        parts.append(word.text)
        before = word
    return "".join(parts)


def _widest_empty_run(words: list[_Word], low: int, high: int) -> tuple[int, int] | None:
    """The longest run of whole points in ``low..high`` that no word covers, as (start, end) offsets from ``low``.

    A word covers the points from ``int(x0)`` to ``int(x1) + 1``. The first of
    equally long runs is taken. Found from the words' spans sorted by start,
    not point by point.
    """
    spans = sorted(
        (start, end) for start, end in ((max(low, int(w.x0)), min(high, int(w.x1) + 1)) for w in words) if start <= end
    )
    best: tuple[int, int] | None = None
    free = low  # the first point not covered by the spans seen so far
    for start, end in spans:
        if start > free and (best is None or start - free > best[1] - best[0]):
            best = (free - low, start - low)
        free = max(free, end + 1)
    if free <= high and (best is None or high + 1 - free > best[1] - best[0]):
        best = (free - low, high + 1 - low)
    return best


def _gutter_band(page_width: float) -> tuple[int, int]:
    """The whole points across the middle of the page where a gutter is looked for."""
    return int(page_width * 0.3), int(page_width * 0.7)


def may_have_columns(rows: list[list[_Word]], page_width: float) -> bool:
    """Whether :func:`find_gutter` may find two columns on this page, whichever of its edge rows
    (``pdf_repair.EDGE_ROWS`` at the top and at the bottom) turn out to be running lines and are dropped.

    Checked on the rows between the edge rows: words only ever cover a strip,
    so with more rows the widest empty strip is never wider.
    """
    inner = [w for row in rows[EDGE_ROWS : len(rows) - EDGE_ROWS] for w in row]
    best = _widest_empty_run(inner, *_gutter_band(page_width))
    return best is not None and best[1] - best[0] >= MIN_GUTTER


def find_gutter(words: list[_Word], page_width: float) -> tuple[float, float] | None:
    """The empty vertical strip between two columns, if the page has two.

    Looked for in the middle of the page; both sides must hold text, and the
    right column's lines must start at one edge (a ragged right margin of
    short lines is not a column).
    """
    if len(words) < 8:
        return None
    low, high = _gutter_band(page_width)
    best = _widest_empty_run(words, low, high)
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    left_edge, right_edge = low + best[0], low + best[1]
    right_rows = _rows([w for w in words if w.x0 >= right_edge])
    if len(right_rows) < 3:
        return None
    left_rows = _rows([w for w in words if w.x1 <= left_edge])
    if len(left_rows) < 3:
        return None
    starts = [round(row[0].x0) for row in right_rows]
    aligned = max(sum(1 for s in starts if abs(s - start) <= 2) for start in set(starts))
    return (left_edge, right_edge) if aligned >= 0.6 * len(starts) else None


def _row_box(row: list[_Word]) -> _RowBox:
    first = row[0]
    if len(row) == 1:
        return _RowBox(first.x0, first.x1, first.top, first.bottom, first.size, first.x1 - first.x0)
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    return _RowBox(first.x0, row[-1].x1, top, bottom, first.size, first.x1 - first.x0)


def _physical(text: str, box: _RowBox, page: int, column: int, right_edge: float) -> PhysicalLine:
    return PhysicalLine(text, page, column, *box[:4], box.size, box.first_word_width, right_edge, "\t" in text)


_LIGATURES = re.compile("[\ufb00-\ufb06]")


def plain_letters(text: str) -> str:
    """Ligatures a font draws as one glyph ("ﬁ") as their letters, soft hyphens dropped."""
    if "\u00ad" not in text and not _LIGATURES.search(text):
        return text
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text).replace("\u00ad", "")


@cache
def _fast_calls() -> tuple[Callable[[int, int, int], int], Callable[[int, int], int]]:
    """``FPDFText_GetLooseCharBox`` and ``FPDFText_GetUnicode`` of pypdfium2's PDFium, declared with plain
    pointer arguments: ctypes then passes the handles as they are, without checking their pointer types on
    every call (these two run once a character; the checked calls took 40% longer)."""
    import pypdfium2.raw as pdfium_c

    def plain(function: object, *types: type) -> Callable:
        return ctypes.CFUNCTYPE(*types)(ctypes.cast(function, ctypes.c_void_p).value)

    get_box = plain(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    get_unicode = plain(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)
    return get_box, get_unicode


def _page_text(textpage: TextPageHandle, count: int) -> str:
    """The page's characters as one string, one character for each of PDFium's (``FPDFText_GetText``, one call);
    where PDFium's text and its characters do not line up one to one, read character by character."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    get_unicode = _fast_calls()[1]
    handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    return "".join(
        chr(code) if code < 0xD800 or code >= 0xE000 else "\ufffd"
        for code in map(get_unicode, repeat(handle, count), range(count))
    )


_NOT_PLAIN = re.compile("[\x00-\x1f\u00ad\ufb00-\ufb06\ufffe]")  # what _plain_word changes


def _plain_word(text: str) -> str:
    """A word's text without what PDFium gives for a glyph without a Unicode value (a control code), its
    line-end hyphen (0x02, 0xFFFE in its text) as a hyphen, ligatures and soft hyphens as in :func:`plain_letters`."""
    text = text.replace("\x02", "-").replace("\ufffe", "-")
    return plain_letters(_CONTROL.sub("", text))


_CONTROL = re.compile("[\x00-\x1f]")


def page_words(textpage: TextPageHandle, left: float, top: float) -> list[_Word]:
    """The words of one page's text (an ``FPDF_TEXTPAGE``), in the order the page draws them.

    Coordinates are points from the page's top left corner (``left``/``top``:
    where that corner is in PDF space, whose y axis runs upwards). A word's
    box is the union of its characters' boxes; its font size is its first
    character's, scaled by the text matrix (the size it is printed at).

    The loop runs once a character, so it works in PDF space and keeps a
    word's box as numbers: its characters' left edge, right edge, and lowest
    and highest baseline-descent (all of a word's characters have one size,
    so its top is its highest character's bottom less the size).
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = _page_text(textpage, count)
    get_box = _fast_calls()[0]
    handle = ctypes.cast(textpage, ctypes.c_void_p).value
    rect = pdfium_c.FS_RECTF()
    rect_address = ctypes.addressof(rect)
    matrix = pdfium_c.FS_MATRIX()
    blank, x_tolerance, y_tolerance = _BLANK, X_TOLERANCE, Y_TOLERANCE

    spans: list[tuple[int, int, float, float, float, float, float]] = []  # start, end, x0, x1, low, high, size
    start = -1  # index of the word's first character; -1 between words
    end = 0  # one past its last
    x0 = x1 = low = high = size = 0.0  # the word's edges, its characters' lowest and highest bottoms, its size
    last_x0 = last_x1 = last_bottom = 0.0  # the word's last character
    height = -1.0  # of the last character's box: the font size is looked up again when it changes
    char_size = 0.0
    for index, character in enumerate(text):
        if character in blank:
            if start >= 0:
                spans.append((start, end, x0, x1, low, high, size))
                start = -1
            continue
        if character < " " and character != "\x02":  # a glyph without a Unicode value: no text, no place
            continue
        get_box(handle, index, rect_address)
        bottom = rect.bottom
        if rect.top - bottom != height:
            height = rect.top - bottom
            pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
            scale = abs(matrix.d) if matrix.b == 0 and matrix.c == 0 else math.hypot(matrix.c, matrix.d)
            char_size = pdfium_c.FPDFText_GetFontSize(textpage, index) * scale
        char_x0 = rect.left
        char_x1 = rect.right
        if start < 0:
            start = index
            x0, x1, low, high, size = char_x0, char_x1, bottom, bottom, char_size
        elif (
            char_x0 < last_x0
            or char_x0 > last_x1 + x_tolerance
            or char_size != size
            or not -y_tolerance <= bottom - last_bottom <= y_tolerance  # same size: the tops move as the bottoms
        ):
            spans.append((start, end, x0, x1, low, high, size))
            start = index
            x0, x1, low, high, size = char_x0, char_x1, bottom, bottom, char_size
        else:
            if char_x1 > x1:
                x1 = char_x1
            if bottom < low:
                low = bottom
            elif bottom > high:
                high = bottom
        end = index + 1
        last_x0, last_x1, last_bottom = char_x0, char_x1, bottom
    if start >= 0:
        spans.append((start, end, x0, x1, low, high, size))
    not_plain = _NOT_PLAIN.search(text) is not None
    words: list[_Word] = []
    for start, end, x0, x1, low, high, size in spans:
        word = text[start:end]
        if not_plain and _NOT_PLAIN.search(word):
            word = _plain_word(word)
            if not word:
                continue
        words.append(_Word(word, x0 - left, x1 - left, top - high - size, top - low, size))
    return words


def _image_count(page: pypdfium2.PdfPage) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


MAX_INFLATED = 512 * 2**20  # bytes all of a PDF's Flate streams may inflate to: minutes' text is a few MB
_ZLIB_MOST = 1032  # the most a byte of Deflate data can inflate to
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_STEP = 16 * 2**20  # inflated a piece at a time and let go: the check itself holds no more


def check_inflated(data: bytes, path: str, limit: int = MAX_INFLATED) -> None:
    """Refuse a PDF whose compressed streams inflate past ``limit`` in all (a decompression bomb), before PDFium
    inflates them. Data that is not Deflate (another filter, or none) is passed over: PDFium reads it."""
    if len(data) * _ZLIB_MOST <= limit:
        return  # too small to hold more
    total = 0
    for start in _STREAM_START.finditer(data):
        end = data.find(b"endstream", start.end())
        inflater = zlib.decompressobj()
        pending = data[start.end() : end if end >= 0 else len(data)]
        try:
            while pending and total <= limit:
                total += len(inflater.decompress(pending, _STEP))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue
        if total > limit:
            raise LoaderError(path, f"its compressed streams inflate past {limit >> 20} MB (a decompression bomb)")


def _open(data: bytes, path: str) -> pypdfium2.PdfDocument:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise LoaderError(path, _ENCRYPTED) from None
        raise LoaderError(path, f"corrupt PDF: {error}") from None


MAX_PAGES = 5000  # the longest minutes with their appendices run to hundreds of pages


def iter_words(data: bytes, path: str) -> Iterator[tuple[list[_Word], float, int]]:
    """Each page's words (in the order the page draws them), its width, and its images if it has no words;
    one page at a time: a page is opened, its words made, and closed before the next is opened.

    Raises LoaderError for a corrupt or encrypted file.
    """
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    check_inflated(data, path)
    pdf = _open(data, path)
    try:
        if len(pdf) > MAX_PAGES:
            raise LoaderError(path, f"{len(pdf)} pages, more than minutes have ({MAX_PAGES}): not read")
        for number in range(1, len(pdf) + 1):
            try:
                page = pdf.get_page(number - 1)
            except pypdfium2.PdfiumError as error:
                raise LoaderError(path, f"corrupt PDF (page {number}): {error}") from None
            try:
                left, _, right, top = page.get_bbox()
                textpage = pdfium_c.FPDFText_LoadPage(page.raw)
                if not textpage:
                    raise LoaderError(path, f"corrupt PDF (page {number}): PDFium cannot read its text")
                try:
                    words = page_words(textpage, left, top)
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
                images = 0 if words else _image_count(page)
            finally:
                page.close()
            yield words, right - left, images
    finally:
        pdf.close()


def iter_pages(data: bytes, path: str) -> Iterator[_Page]:
    """The PDF's pages read one at a time (:func:`iter_words`), as rows; the words kept only where
    :func:`may_have_columns`."""
    for words, width, images in iter_words(data, path):
        rows = _rows(words)
        kept = rows if may_have_columns(rows, width) else None
        yield _Page([_row_text(row) for row in rows], [_row_box(row) for row in rows], kept, width, images)


def extract_pdf(data: bytes, path: str) -> RawDocument:
    """The text of a PDF's text layer, repaired (see ``pdf_repair``), with its lines mapped to pages.

    Raises LoaderError for a corrupt or encrypted file, and for a scanned PDF
    that has no text layer (OCR is not done here).
    """
    pages = list(iter_pages(data, path))
    if not any(page.texts for page in pages):
        if any(page.images for page in pages):
            raise LoaderError(
                path, f"scanned PDF: its {len(pages)} page(s) hold images but no text layer; OCR is not supported"
            )
        raise LoaderError(path, "PDF without text: no page has any words")
    return _document(pages, data, path)


def _document(pages: list[_Page], data: bytes, path: str) -> RawDocument:
    dropped = drop_running_lines([page.texts for page in pages])
    kept_rows: list[list[int]] = []
    layouts: list[tuple[float, float] | None] = []
    single_column_right = 0.0
    for page, drop in zip(pages, dropped, strict=True):
        kept = [i for i in range(len(page.texts)) if i not in drop] if drop else list(range(len(page.texts)))
        kept_rows.append(kept)
        gutter = None
        if page.rows is not None:
            gutter = find_gutter([w for i in kept for w in page.rows[i]], page.width)
        layouts.append(gutter)
        if gutter is None:  # table rows may run wider than the text
            plain = [page.boxes[i].x1 for i in kept if "\t" not in page.texts[i]]
            single_column_right = max(single_column_right, *plain) if plain else single_column_right
    printed: list[PhysicalLine] = []
    for number, (page, kept, gutter) in enumerate(zip(pages, kept_rows, layouts, strict=True), start=1):
        if gutter is None:
            printed += [_physical(page.texts[i], page.boxes[i], number, 0, single_column_right) for i in kept]
            continue
        assert page.rows is not None  # a gutter is looked for only where the words were kept
        words = [w for i in kept for w in page.rows[i]]
        for column, side in enumerate(
            (_rows([w for w in words if w.x1 <= gutter[0]]), _rows([w for w in words if w.x0 >= gutter[1]]))
        ):
            edge = max(row[-1].x1 for row in side)
            printed += [_physical(_row_text(row), _row_box(row), number, column, edge) for row in side]
    return _as_document(printed, len(pages), data, path)


def _as_document(printed: list[PhysicalLine], page_count: int, data: bytes, path: str) -> RawDocument:
    """Number the printed lines through the pages and map the joined text lines onto them.

    A page's lines are counted in reading order (a left column before a
    right one), without its running header, footer and page number.
    """
    numbers = {id(line): number for number, line in enumerate(printed, start=1)}
    firsts: dict[int, int] = {}
    for number, line in enumerate(printed, start=1):
        firsts.setdefault(line.page, number)
    page_starts = [0] * page_count
    start = len(printed) + 1
    for page in range(page_count, 0, -1):  # a page without text starts where the next one does
        start = page_starts[page - 1] = firsts.get(page, start)
    text_lines: list[str] = []
    origins: list[tuple[int, int]] = []
    for logical in join_wrapped(printed):
        if logical is None:
            text_lines.append("")
            origins.append(origins[-1] if origins else (1, 1))
            continue
        text_lines.append(logical.text)
        origins.append((numbers[id(logical.first)], numbers[id(logical.last)]))
    return RawDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text="\n".join(text_lines),
        encoding="pdf",
        media_type="application/pdf",
        origins=tuple(origins),
        source_line_count=max(len(printed), 1),
        page_starts=tuple(page_starts),
    )
