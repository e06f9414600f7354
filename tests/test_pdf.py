"""PDF minutes, built directly: real PDFs printed from the seeds give the same facts as the seed texts."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2.raw as pdfium_c
import pytest
from conftest import SEEDS, STAMP, score, seed
from hypothesis import given
from hypothesis import strategies as st
from makepdf import BODY, make_encrypted_pdf, make_many_pages_pdf, make_pdf, make_scanned_pdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.errors import LoaderError
from kommunegraf.loaders import load
from kommunegraf.loaders.pdf import extract_pdf, iter_pages
from kommunegraf.loaders.pdf_layout import widest_empty_run
from kommunegraf.loaders.pdf_words import X_TOLERANCE, Word, iter_words, plain_letters
from kommunegraf.loaders.registry import read_document
from kommunegraf.pipeline import build


@pytest.fixture(scope="module")
def pdf_build(seed_pdfs):
    return build(seed_pdfs, loaded_at=STAMP)


@pytest.fixture(scope="module")
def pdf_graph_json(seed_pdfs, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf-out")
    result = CliRunner().invoke(app, ["build", *map(str, seed_pdfs), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "graph.json"


def test_pdfs_made_from_the_seeds_score_at_least_095_f1_in_every_category(pdf_graph_json):
    scored = score(pdf_graph_json)
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_each_pdf_is_read_by_the_layout_of_its_text(pdf_build):
    layouts = {report.path.rsplit("/", 1)[-1][:3]: report.format for report in pdf_build.files}
    assert layouts == {
        "000": "minutes",
        "001": "minutes",
        "002": "document",
        "003": "minutes",  # the PDF path mends the list numbers stuck at line ends: no damage left
        "004": "minutes",  # the Markdown headings are printed as bold text: no markup left
    }


def test_running_header_and_page_numbers_are_not_in_the_text(seed_pdfs):
    text = read_document(seed_pdfs[0]).text
    assert "Side 1 af" not in text
    assert "Ballerup Kommune · Referat" not in text


def test_a_paragraph_wrapped_over_many_printed_lines_is_one_line_again(seed_pdfs):
    lines = read_document(seed_pdfs[0]).text.split("\n")
    participants = next(line for line in lines if line.startswith("Mødedeltagere"))
    assert participants.endswith("Per Mortensen (A), Musa Kekec (A)")


def test_the_two_column_page_is_read_left_column_first(seed_pdfs):
    with pdfplumber.open(seed_pdfs[0]) as pdf:
        page = pdf.pages[1]
        left = page.crop((0, 60, page.width / 2, page.height - 60)).extract_text().split("\n")
        right = page.crop((page.width / 2, 60, page.width, page.height - 60)).extract_text().split("\n")
    text = read_document(seed_pdfs[0]).text
    last_left, first_right = left[-1].strip(), right[0].strip()
    assert text.index(last_left.split()[-1]) < text.index(first_right)


def test_facts_from_a_pdf_name_the_page_and_line_that_state_them(pdf_build):
    graph = pdf_build.graph
    source = next(n for n in graph.of_label("Source") if n.properties["path"].endswith("000_eeae5a2dcf1e0b42.pdf"))
    sussie = next(n for n in graph.of_label("Person") if n.properties["name"] == "Sussie Wandel")
    where = graph.provenance(source.id, sussie.provenance[source.id])
    page, _, lines = where["pages"].split(",")[0].partition(":")
    with pdfplumber.open(source.properties["path"]) as pdf:
        page_text = pdf.pages[int(page) - 1].extract_text()
    assert "Sussie Wandel" in page_text
    assert source.properties["pages"] == len(source.properties["page_starts"].split(","))
    assert source.properties["media_type"] == "application/pdf"
    assert int(lines.split("-")[0]) >= 1


def test_the_same_pdf_builds_the_same_graph_as_its_text_apart_from_provenance(pdf_build, seed_graph):
    def facts(graph):
        return {(r.type, r.start, r.end) for r in graph.relationships.values()}

    assert facts(pdf_build.graph) == facts(seed_graph)


def test_a_scanned_pdf_is_an_error_that_says_it_has_no_text_layer(tmp_path):
    path = tmp_path / "scannet-referat.pdf"
    path.write_bytes(make_scanned_pdf())
    with pytest.raises(LoaderError, match=r"scannet-referat\.pdf: scanned PDF: .*no text layer; OCR is not supported"):
        load(path)


def test_an_encrypted_pdf_is_an_error_that_asks_for_an_unprotected_copy(tmp_path):
    path = tmp_path / "fortrolig.pdf"
    path.write_bytes(make_encrypted_pdf("hemmelig"))
    with pytest.raises(LoaderError, match=r"fortrolig\.pdf: encrypted PDF"):
        load(path)


def test_ligatures_and_soft_hyphens_from_the_font_become_plain_letters():
    assert plain_letters("Indholds\u00adfortegnelse, ﬁnansiering og ﬂeksjob") == (
        "Indholdsfortegnelse, finansiering og fleksjob"
    )


def test_a_corrupt_pdf_is_reported_and_the_other_files_still_load(tmp_path, seed_pdfs):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(seed_pdfs[1].read_bytes()[:1500])
    good = tmp_path / "good.pdf"
    good.write_bytes(seed_pdfs[0].read_bytes())
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert by_name["good.pdf"]["status"] == "ok"
    assert by_name["broken.pdf"]["status"] == "failed"
    assert "broken.pdf" in by_name["broken.pdf"]["errors"][0]
    assert "PDF" in by_name["broken.pdf"]["errors"][0]


def test_a_pdf_is_recognised_by_its_content_not_its_name(tmp_path):
    path = tmp_path / "referat.dat"
    path.write_bytes(make_pdf(seed("001").read_text(encoding="utf-8"), header="Referat"))
    record = load(path)
    assert record.source.media_type == "application/pdf"
    assert record.meeting.committee.name == "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"


def test_the_text_command_shows_the_extracted_text_with_its_pages(seed_pdfs):
    result = CliRunner().invoke(app, ["text", str(seed_pdfs[0]), "--origins"])
    assert result.exit_code == 0, result.output
    first = result.output.split("\n")[0]
    assert first.split() == ["1:1", "REFERAT", "Erhvervs-", "og", "Beskæftigelsesudvalget", "d.", "09-11-2021"]


def test_provenance_read_in_merge_order_names_the_same_pages_as_for_one_fact(seed_pdfs, seed_paths):
    graph = build([*seed_pdfs, *seed_paths], loaded_at=STAMP).graph
    facts = list(graph.relationships.values())
    facts = facts[::2] + facts[1::2]  # documents with and without pages, in and out of their runs
    in_order = graph.provenance_in_order()
    found = [in_order(fact.source, fact.spans) for fact in facts]
    assert found == [graph.provenance(fact.source, fact.spans) for fact in facts]
    assert 0 < sum("pages" in where for where in found) < len(found)


# -- words from PDFium's characters --------------------------------------------

REAL_PDF = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "documents" / "aarhus-br-2025-08-27.pdf"


def words_of(data: bytes) -> list[list[tuple[str, float, float, float, float, float]]]:
    """Each page's words as (text, x0, x1, top, bottom, size), in the order the page draws them."""
    return [[(w.text, w.x0, w.x1, w.top, w.bottom, w.size) for w in words] for words, _, _ in iter_words(data, "t.pdf")]


def drawn(*pieces: tuple[str, float, float, float]) -> bytes:
    """A one-page PDF with each (text, x, y, font size) drawn where it says, in Helvetica."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for text, x, y, size in pieces:
        canvas.setFont(BODY, size)
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_words_of_the_seed_pdfs_are_the_words_pdfplumber_finds_at_the_same_places(seed_pdfs):
    for path in seed_pdfs:
        ours = words_of(path.read_bytes())
        with pdfplumber.open(path) as pdf:
            theirs = [
                page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"])
                for page in pdf.pages
            ]
        assert len(ours) == len(theirs)
        for mine, plumbers in zip(ours, theirs, strict=True):
            assert Counter(w[0] for w in mine) == Counter(w["text"] for w in plumbers), path.name
            by_place = sorted(mine, key=lambda w: (round(w[3]), w[1]))
            expected = sorted(plumbers, key=lambda w: (round(w["top"]), w["x0"]))
            for word, other in zip(by_place, expected, strict=True):
                assert word[0] == other["text"]
                assert word[1] == pytest.approx(other["x0"], abs=0.5)
                assert word[2] == pytest.approx(other["x1"], abs=0.5)
                assert word[4] == pytest.approx(other["bottom"], abs=0.5)
                assert word[5] == pytest.approx(other["size"], abs=0.01)


def test_words_split_where_the_gap_between_characters_is_wider_than_the_tolerance():
    head = stringWidth("Beslut", BODY, 10)
    close, apart = X_TOLERANCE - 0.5, X_TOLERANCE + 0.5
    data = drawn(
        ("Beslut", 100, 700, 10),
        ("ning", 100 + head + close, 700, 10),
        ("Beslut", 100, 650, 10),
        ("ning", 100 + head + apart, 650, 10),
    )
    assert [w[0] for w in words_of(data)[0]] == ["Beslutning", "Beslut", "ning"]


def test_a_word_ends_where_the_text_moves_up_or_down_more_than_the_tolerance():
    width = stringWidth("m2", BODY, 10)
    data = drawn(("m2", 100, 700, 10), ("3", 100 + width, 701.5, 10), ("m2", 100, 650, 10), ("3", 100 + width, 653, 10))
    assert [w[0] for w in words_of(data)[0]] == ["m23", "m2", "3"]


def test_a_word_ends_where_the_font_size_changes():
    data = drawn(("Punkt", 100, 700, 10), ("1", 100 + stringWidth("Punkt", BODY, 10), 700, 14))
    assert [(w[0], w[5]) for w in words_of(data)[0]] == [("Punkt", pytest.approx(10)), ("1", pytest.approx(14))]


def test_a_word_s_font_size_is_the_size_it_is_printed_at_after_the_text_is_scaled():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.scale(0.5, 0.5)  # as FirstAgenda prints: a 16 pt font on a page scaled by 0.68 is printed at 10.9 pt
    canvas.setFont(BODY, 20)
    canvas.drawString(200, 1400, "Referat")
    canvas.showPage()
    canvas.save()
    [[(text, x0, x1, top, bottom, size)]] = words_of(buffer.getvalue())
    assert (text, size) == ("Referat", pytest.approx(10))
    assert bottom - top == pytest.approx(10)
    assert x1 - x0 == pytest.approx(stringWidth("Referat", BODY, 10), abs=0.1)


def test_a_hyphen_that_pdfium_marks_as_ending_a_line_is_read_as_a_hyphen(seed_pdfs):
    text = read_document(seed_pdfs[0]).text
    assert "\ufffe" not in text and "\x02" not in text
    pages = words_of(seed_pdfs[0].read_bytes())
    assert any(w[0].endswith("-") and w[0][:-1].isalpha() for page in pages for w in page)


@pytest.mark.skipif(not REAL_PDF.is_file(), reason="the real-world documents are not beside the project")
def test_a_font_pdfminer_could_not_map_to_unicode_is_read_as_letters():
    text = read_document(REAL_PDF).text
    assert "Institut for Menneskerettigheder (november 2023) oplever" in text
    assert "(cid:" not in text


def test_a_long_pdf_is_read_one_page_at_a_time(monkeypatch):
    """1,000 pages: each page's characters are read from PDFium and let go before the next page is opened."""
    pages = 1000
    data = make_many_pages_pdf([path.read_text(encoding="utf-8") for path in SEEDS], pages, header="Referat")
    open_now, most_open, opened = 0, 0, 0
    load, close = pdfium_c.FPDFText_LoadPage, pdfium_c.FPDFText_ClosePage

    def counted_load(page: object) -> object:
        nonlocal open_now, most_open, opened
        open_now, opened = open_now + 1, opened + 1
        most_open = max(most_open, open_now)
        return load(page)

    def counted_close(textpage: object) -> None:
        nonlocal open_now
        open_now -= 1
        close(textpage)

    monkeypatch.setattr(pdfium_c, "FPDFText_LoadPage", counted_load)
    monkeypatch.setattr(pdfium_c, "FPDFText_ClosePage", counted_close)
    reading = iter_pages(data, "long.pdf")
    first = next(reading)
    assert first.texts and opened == 1  # the first page comes before the second is opened
    document = extract_pdf(data, "long.pdf")
    assert len(document.page_starts) == pages
    assert opened == 1 + pages and most_open == 1 and open_now == 0
    assert "Side 999 af 1000" not in document.text  # the running footer is still known on every page


@given(st.lists(st.tuples(st.floats(0, 600), st.floats(0, 80)), max_size=40))
def test_the_widest_empty_strip_is_found_from_the_words_spans_as_point_by_point(boxes):
    """The gutter search reads the words' spans, not every point; it finds what covering point by point found."""
    words = [Word("w", x0, x0 + width, 0.0, 10.0, 10.0) for x0, width in boxes]
    low, high = 178, 416  # the middle of an A4 page
    covered = [False] * (high - low + 1)
    for word in words:
        for x in range(max(low, int(word.x0)), min(high, int(word.x1) + 1) + 1):
            covered[x - low] = True
    expected, run_start = None, None
    for i, taken in enumerate([*covered, True]):
        if not taken and run_start is None:
            run_start = i
        elif taken and run_start is not None:
            if expected is None or i - run_start > expected[1] - expected[0]:
                expected = (run_start, i)
            run_start = None
    assert widest_empty_run(words, low, high) == expected


def test_a_pdf_with_more_pages_than_minutes_have_is_refused_before_a_page_is_read(monkeypatch):
    from kommunegraf.loaders import pdf_limits

    data = make_many_pages_pdf([path.read_text(encoding="utf-8") for path in SEEDS[:1]], 12, header="Referat")
    monkeypatch.setattr(pdf_limits, "MAX_PAGES", 10)
    opened = []
    monkeypatch.setattr(pdfium_c, "FPDFText_LoadPage", lambda page: opened.append(page))
    with pytest.raises(LoaderError, match=r"12 pages, more than minutes have \(10\)"):
        extract_pdf(data, "long.pdf")
    assert opened == []
