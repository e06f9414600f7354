"""PDF minutes: every character with its box and font size from PDFium, turned into the text a layout loader reads.

The repairs in ``pdf_repair`` need each word's position and font size: a
running header is recognised by where it stands on each page, a wrapped line
by how close it comes to its column's edge, and a two-column page by the
empty strip between its columns. A plain text extraction (pypdf's, or
PDFium's own page text) returns a string whose layout those decisions would
have to be guessed from.

The characters and words come from PDFium (``pdf_words``, with the limits of
``pdf_limits`` checked first), their rows and columns from ``pdf_layout``.

A page is opened, read and closed before the next (``pdf_words.iter_words``), and
kept only as its rows' texts and boxes; a page's words are kept only where
it may be set in two columns. A running header is known only by comparing
pages, so that is what the document is assembled from.

The printed lines are numbered through the document (page by page), and
``RawDocument.origins`` maps each extracted text line to the printed lines
it joins, so provenance names pages and lines of the PDF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.pdf_layout import RowBox, find_gutter, group_rows, may_have_columns, row_box, row_text
from kommunegraf.loaders.pdf_repair import PhysicalLine, drop_running_lines, join_wrapped
from kommunegraf.loaders.pdf_words import Word, iter_words

PDF_MAGIC = b"%PDF-"


@dataclass(slots=True)
class _Page:
    """One page read: its printed rows' texts (top to bottom) and boxes, and its width.

    The words are kept (``rows``) only on a page that may be set in two
    columns (``pdf_layout.may_have_columns``): elsewhere a row's box is all the
    document needs of it, which keeps a long document's pages small.
    """

    texts: list[str]
    boxes: list[RowBox]
    rows: list[list[Word]] | None
    width: float
    images: int  # counted only on a page without words (for the "scanned PDF" error)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def _physical(text: str, box: RowBox, page: int, column: int, right_edge: float) -> PhysicalLine:
    return PhysicalLine(text, page, column, *box[:4], box.size, box.first_word_width, right_edge, "\t" in text)


def iter_pages(data: bytes, path: str) -> Iterator[_Page]:
    """The PDF's pages read one at a time (``pdf_words.iter_words``), as rows; the words kept only where
    ``pdf_layout.may_have_columns``."""
    for words, width, images in iter_words(data, path):
        rows = group_rows(words)
        kept = rows if may_have_columns(rows, width) else None
        yield _Page([row_text(row) for row in rows], [row_box(row) for row in rows], kept, width, images)


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
            (group_rows([w for w in words if w.x1 <= gutter[0]]), group_rows([w for w in words if w.x0 >= gutter[1]]))
        ):
            edge = max(row[-1].x1 for row in side)
            printed += [_physical(row_text(row), row_box(row), number, column, edge) for row in side]
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
