"""A PDF's words, page by page: every character with its box and font size from PDFium, grouped into words.

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
and makes an object per character, which made its words alone many times
slower than this loader's whole text, repairs included (``benchmarks/bench_pdf.py``;
the figures are in BENCHMARKS.md). It is kept as a development dependency,
to compare with, and is never imported here.

A page is opened, its words made, and closed before the next is opened
(:func:`iter_words`).
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.pdf_limits import check_inflated, check_page_count

if TYPE_CHECKING:
    import pypdfium2

TextPageHandle = object  # PDFium's FPDF_TEXTPAGE (a ctypes pointer from pypdfium2.raw)

X_TOLERANCE = 1.5  # points: a wider gap between two characters ends a word
Y_TOLERANCE = 2.0  # points: a character this much higher or lower than the one before starts a new word

_ENCRYPTED = "encrypted PDF: it needs a password; save an unprotected copy"
_BLANK = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())  # a blank ends a word (str.isspace)


@dataclass(slots=True)
class Word:
    """A printed word: its text, its box in points from the page's top left corner, and its font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


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
    every call (these two run once a character, where that check costs most; BENCHMARKS.md has the figure)."""
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


def page_words(textpage: TextPageHandle, left: float, top: float) -> list[Word]:
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
    words: list[Word] = []
    for start, end, x0, x1, low, high, size in spans:
        word = text[start:end]
        if not_plain and _NOT_PLAIN.search(word):
            word = _plain_word(word)
            if not word:
                continue
        words.append(Word(word, x0 - left, x1 - left, top - high - size, top - low, size))
    return words


def _image_count(page: pypdfium2.PdfPage) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


def _open(data: bytes, path: str) -> pypdfium2.PdfDocument:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise LoaderError(path, _ENCRYPTED) from None
        raise LoaderError(path, f"corrupt PDF: {error}") from None


def iter_words(data: bytes, path: str) -> Iterator[tuple[list[Word], float, int]]:
    """Each page's words (in the order the page draws them), its width, and its images if it has no words;
    one page at a time: a page is opened, its words made, and closed before the next is opened.

    Raises LoaderError for a corrupt or encrypted file.
    """
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    check_inflated(data, path)
    pdf = _open(data, path)
    try:
        check_page_count(len(pdf), path)
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
