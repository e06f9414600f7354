"""Real PDF files made from seed texts, as a word processor would print them (test fixtures).

Each source line is a paragraph, wrapped at the column edge with long words
hyphenated; an empty source line is an empty printed line. Every page gets a
running header and a "Side N af M" footer, and chosen pages are set in two
columns. Markdown headings are printed in bold without their markup.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

BODY, BOLD = "Helvetica", "Helvetica-Bold"
SIZE, LEADING = 10.0, 13.0
MARGIN, TOP, BOTTOM, GUTTER = 56.0, 70.0, 70.0, 24.0
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@dataclass
class _Page:
    columns: int
    lines: list[tuple[int, float, str, str]] = field(default_factory=list)  # column, y, font, text


def _split_word(word: str, room: float, font: str) -> tuple[str, str] | None:
    """Hyphenate ``word`` so its head (with a hyphen) fits in ``room``: between two lower-case letters."""
    for cut in range(len(word) - 4, 3, -1):
        if word[cut - 1].islower() and word[cut].islower() and stringWidth(word[:cut] + "-", font, SIZE) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def take_line(text: str, width: float, font: str = BODY) -> tuple[str, str]:
    """The first printed line of ``text`` at ``width`` (greedy; a long word is hyphenated) and what remains."""
    words = text.split()
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, SIZE) <= width:
            current = candidate
            continue
        rest = words[index + 1 :]
        room = width - stringWidth(f"{current} ", font, SIZE) if current else width
        split = _split_word(word, room, font) if len(word) >= 10 else None
        if split:
            return (f"{current} {split[0]}" if current else split[0]), " ".join([split[1], *rest])
        if current:
            return current, " ".join([word, *rest])
        return word, " ".join(rest)  # a word wider than the column
    return current, ""


def _styled(line: str, markdown: bool) -> tuple[str, str]:
    if markdown and _HEADING.match(line):
        return BOLD, _HEADING.sub("", line).replace("**", "").strip()
    if markdown:
        return BODY, line.replace("**", "").strip()
    return BODY, line.strip()


def make_pdf(
    text: str,
    *,
    header: str,
    markdown: bool = False,
    rewrap: bool = True,
    two_column_pages: frozenset[int] = frozenset(),
) -> bytes:
    """``text`` printed on A4 pages; returns the PDF's bytes.

    With ``rewrap`` each source line is a paragraph filled to the column;
    without it each source line is one printed line (text that is already the
    lines of an earlier print), in a font small enough for the longest line.
    A tab separates text from a right-aligned page number, as in a table of contents.
    """
    width, height = A4
    full = width - 2 * MARGIN
    size = SIZE
    if not rewrap:
        longest = max(stringWidth(line.strip(), BODY, SIZE) for line in text.split("\n"))
        size = min(SIZE, SIZE * full / longest * 0.995)
    leading = LEADING * size / SIZE
    pages: list[_Page] = []
    column = 0
    y = 0.0

    def new_page() -> None:
        nonlocal column, y
        pages.append(_Page(columns=2 if len(pages) + 1 in two_column_pages else 1))
        column, y = 0, height - TOP

    def column_width() -> float:
        return (full - GUTTER) / 2 if pages[-1].columns == 2 else full

    def advance() -> None:
        nonlocal column, y
        y -= leading
        if y < BOTTOM:
            if pages[-1].columns == 2 and column == 0:
                column, y = 1, height - TOP
            else:
                new_page()

    def place(font: str, printed: str) -> None:
        pages[-1].lines.append((column, y, font, printed))
        advance()

    new_page()
    for raw in text.split("\n"):
        if not raw.strip():
            if y < height - TOP:  # no empty line at the top of a column
                advance()
            continue
        font, content = _styled(raw, markdown)
        if "\t" in content or not rewrap:
            place(font, content)
            continue
        while content:  # one printed line at a time: the column may change width at a page break
            first, content = take_line(content, column_width(), font)
            place(font, first)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    offset = (full + GUTTER) / 2
    for number, sheet in enumerate(pages, start=1):
        canvas.setFont(BODY, 8)
        canvas.drawString(MARGIN, height - 40, header)
        canvas.drawRightString(width - MARGIN, 40, f"Side {number} af {len(pages)}")
        for col, line_y, font, printed in sheet.lines:
            canvas.setFont(font, size)
            left = MARGIN + col * offset
            _draw_row(canvas, printed, left, line_y, column_width_of(sheet, full), font, size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_row(canvas: Canvas, printed: str, left: float, y: float, width: float, font: str, size: float) -> None:
    """A line; tab-separated cells as a table row (a contents entry: text, then its page number at the right)."""
    cells = printed.split("\t")
    if len(cells) == 1:
        canvas.drawString(left, y, printed)
        return
    if len(cells) == 2 and cells[1].strip().isdigit():
        canvas.drawString(left, y, cells[0])
        canvas.drawRightString(left + width, y, cells[1].strip())
        return
    cell_width = width / len(cells)
    for index, cell in enumerate(cells):
        text = cell.strip()
        while text and stringWidth(text, font, size) > cell_width - 2.5 * size:
            text = text[:-1]
        canvas.drawString(left + index * cell_width, y, text)


def column_width_of(sheet: _Page, full: float) -> float:
    return (full - GUTTER) / 2 if sheet.columns == 2 else full


def make_scanned_pdf() -> bytes:
    """A page holding only a picture, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(40, 520, 18):
        draw.line((30, row, 370, row), fill=40, width=3)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(picture), 50, 100, width=495, height=690)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_encrypted_pdf(password: str) -> bytes:
    """A one-page PDF that opens only with ``password``."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, encrypt=StandardEncryption(password, canPrint=1))
    canvas.drawString(MARGIN, 700, "REFERAT Erhvervs- og Beskæftigelsesudvalget d. 09-11-2021")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_many_pages_pdf(texts: list[str], pages: int, *, header: str) -> bytes:
    """Exactly ``pages`` A4 pages printed from ``texts``, repeated as often as needed (a long document).

    Each source line is a paragraph wrapped at the column edge, as :func:`make_pdf`
    prints it, in one column; every page has the running header and a "Side N af M" footer.
    """
    width, height = A4
    full = width - 2 * MARGIN
    lines = [line.strip() for text in texts for line in text.split("\n")]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    source = 0
    for number in range(1, pages + 1):
        canvas.setFont(BODY, 8)
        canvas.drawString(MARGIN, height - 40, header)
        canvas.drawRightString(width - MARGIN, 40, f"Side {number} af {pages}")
        canvas.setFont(BODY, SIZE)
        y = height - TOP
        rest = ""
        while y >= BOTTOM:
            if not rest:
                rest = lines[source % len(lines)].replace("\t", " ")
                source += 1
                if not rest:  # an empty source line is an empty printed line
                    y -= LEADING
                    continue
            printed, rest = take_line(rest, full)
            canvas.drawString(MARGIN, y, printed)
            y -= LEADING
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
