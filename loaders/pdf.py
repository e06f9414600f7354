"""PDF minutes: words and their positions from pdfplumber, turned into the text a layout loader reads.

pdfplumber (on pdfminer.six) was chosen over pypdf because it gives every
word with its position and font size. The repairs in ``pdf_repair`` need
exactly that: a running header is recognised by where it stands on each
page, a wrapped line by how close it comes to its column's edge, and a
two-column page by the empty strip between its columns. pypdf's text
extraction returns a string whose layout those decisions would have to be
guessed from.

The printed lines are numbered through the document (page by page), and
``RawDocument.origins`` maps each extracted text line to the printed lines
it joins, so provenance names pages and lines of the PDF.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.pdf_repair import PhysicalLine, drop_running_lines, join_wrapped

PDF_MAGIC = b"%PDF-"
MIN_GUTTER = 12.0  # points: the narrowest empty strip taken for the space between two columns


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def _rows(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into printed rows, top to bottom, each left to right."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(word.top - rows[-1][0].top) <= 0.4 * max(word.size, 1.0):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _row_text(row: list[_Word]) -> str:
    """The row's words, a tab where a wide gap separates them (a table cell, a contents page number)."""
    parts = [row[0].text]
    for before, word in pairwise(row):
        parts.append("\t" if _wide_gap(before, word) else " ")
        parts.append(word.text)
    return "".join(parts)


def _wide_gap(before: _Word, word: _Word) -> bool:
    return word.x0 - before.x1 > 2.0 * max(before.size, word.size)


def find_gutter(words: list[_Word], page_width: float) -> tuple[float, float] | None:
    """The empty vertical strip between two columns, if the page has two.

    Looked for in the middle of the page; both sides must hold text, and the
    right column's lines must start at one edge (a ragged right margin of
    short lines is not a column).
    """
    if len(words) < 8:
        return None
    low, high = int(page_width * 0.3), int(page_width * 0.7)
    covered = [False] * (high - low + 1)
    for word in words:
        for x in range(max(low, int(word.x0)), min(high, int(word.x1) + 1) + 1):
            covered[x - low] = True
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for i, taken in enumerate([*covered, True]):
        if not taken and run_start is None:
            run_start = i
        elif taken and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    left_edge, right_edge = low + best[0], low + best[1]
    right_rows = _rows([w for w in words if w.x0 >= right_edge])
    left_rows = _rows([w for w in words if w.x1 <= left_edge])
    if len(right_rows) < 3 or len(left_rows) < 3:
        return None
    starts = [round(row[0].x0) for row in right_rows]
    aligned = max(sum(1 for s in starts if abs(s - start) <= 2) for start in starts)
    return (left_edge, right_edge) if aligned >= 0.6 * len(starts) else None


def _physical(row: list[_Word], page: int, column: int, right_edge: float) -> PhysicalLine:
    first = row[0]
    return PhysicalLine(
        text=_row_text(row),
        page=page,
        column=column,
        x0=first.x0,
        x1=row[-1].x1,
        top=min(w.top for w in row),
        bottom=max(w.bottom for w in row),
        size=first.size,
        first_word_width=first.x1 - first.x0,
        right_edge=right_edge,
        tabular=any(_wide_gap(a, b) for a, b in pairwise(row)),
    )


_LIGATURES = re.compile("[\ufb00-\ufb06]")


def plain_letters(text: str) -> str:
    """Ligatures a font draws as one glyph ("ﬁ") as their letters, soft hyphens dropped."""
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text).replace("\u00ad", "")


def _page_words(page) -> list[_Word]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"])
    return [
        _Word(plain_letters(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), w["size"])
        for w in words
        if plain_letters(w["text"])
    ]


def _open(data: bytes, path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise LoaderError(path, "encrypted PDF: it needs a password; save an unprotected copy") from None
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise LoaderError(path, "encrypted PDF: it needs a password; save an unprotected copy") from None
        raise LoaderError(path, f"corrupt PDF: {cause or type(cause).__name__}") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        raise LoaderError(path, f"corrupt PDF: {error or type(error).__name__}") from None
    return pdf


def extract_pdf(data: bytes, path: str) -> RawDocument:
    """The text of a PDF's text layer, repaired (see ``pdf_repair``), with its lines mapped to pages.

    Raises LoaderError for a corrupt or encrypted file, and for a scanned PDF
    that has no text layer (OCR is not done here).
    """
    from pdfminer.psparser import PSException

    pdf = _open(data, path)
    pages: list[list[list[_Word]]] = []
    widths: list[float] = []
    images = 0
    try:
        with pdf:
            for page in pdf.pages:
                pages.append(_rows(_page_words(page)))
                widths.append(float(page.width))
                images += len(page.images)
    except (PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        raise LoaderError(path, f"corrupt PDF (page {len(pages) + 1}): {error or type(error).__name__}") from None
    if not any(pages):
        if images:
            raise LoaderError(
                path, f"scanned PDF: its {len(pages)} page(s) hold images but no text layer; OCR is not supported"
            )
        raise LoaderError(path, "PDF without text: no page has any words")
    return _document(pages, widths, data, path)


def _document(pages: list[list[list[_Word]]], widths: list[float], data: bytes, path: str) -> RawDocument:
    dropped = drop_running_lines([[_row_text(row) for row in rows] for rows in pages])
    body_pages = [
        [row for i, row in enumerate(rows) if i not in drop] for rows, drop in zip(pages, dropped, strict=True)
    ]
    single_column_right = 0.0
    layouts: list[tuple[float, float] | None] = []
    for rows, width in zip(body_pages, widths, strict=True):
        gutter = find_gutter([w for row in rows for w in row], width)
        layouts.append(gutter)
        plain = [row for row in rows if not any(_wide_gap(a, b) for a, b in pairwise(row))]
        if gutter is None and plain:  # table rows may run wider than the text
            single_column_right = max(single_column_right, *(row[-1].x1 for row in plain))
    printed: list[PhysicalLine] = []
    for number, (rows, gutter) in enumerate(zip(body_pages, layouts, strict=True), start=1):
        if gutter is None:
            printed += [_physical(row, number, 0, single_column_right) for row in rows]
            continue
        left = _rows([w for row in rows for w in row if w.x1 <= gutter[0]])
        right = _rows([w for row in rows for w in row if w.x0 >= gutter[1]])
        left_edge = max(row[-1].x1 for row in left)
        right_edge = max(row[-1].x1 for row in right)
        printed += [_physical(row, number, 0, left_edge) for row in left]
        printed += [_physical(row, number, 1, right_edge) for row in right]
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


def page_of(line: int, page_starts: tuple[int, ...]) -> int:
    """The 1-based page a printed line number falls on."""
    return max(1, bisect_right(page_starts, line))
