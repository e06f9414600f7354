"""PDF minutes, built directly: real PDFs printed from the seeds give the same facts as the seed texts."""

from __future__ import annotations

import json

import pdfplumber
import pytest
from conftest import STAMP, score, seed
from makepdf import make_encrypted_pdf, make_pdf, make_scanned_pdf
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.errors import LoaderError
from kommunegraf.loaders import load
from kommunegraf.loaders.pdf import plain_letters
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
