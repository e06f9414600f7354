"""Word (DOCX) minutes: the body of word/document.xml read in order, the real Acadre referat's facts read, and
damaged or protected files refused with the file named."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from lxml import etree
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.errors import LoaderError
from kommunegraf.loaders import load
from kommunegraf.loaders.docx import MEDIA_TYPE, extract_docx
from kommunegraf.loaders.docx_package import is_docx
from kommunegraf.loaders.registry import read_document

REFERAT = FIXTURES / "realworld" / "documents" / "syddjurs-puk-2013-06-20.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def p(*runs: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A paragraph: each run given as its inner XML (``<w:t>..</w:t>``), or as plain text."""
    props = ""
    if style or num:
        props = "<w:pPr>"
        props += f'<w:pStyle w:val="{style}"/>' if style else ""
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        props += "</w:pPr>"
    body = "".join(run if run.startswith("<") else f"<w:r><w:t xml:space='preserve'>{run}</w:t></w:r>" for run in runs)
    return f"<w:p>{props}{body}</w:p>"


def tc(*paragraphs: str) -> str:
    return f"<w:tc>{''.join(paragraphs)}</w:tc>"


def table(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{''.join(cells)}</w:tr>" for cells in rows) + "</w:tbl>"


def docx(body: str, extra: dict[str, str] | None = None, document: str | None = None) -> bytes:
    """A minimal Word document: [Content_Types].xml and word/document.xml holding ``body``."""
    xml = document or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", xml)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def lines_of(data: bytes) -> list[str]:
    """The extracted text's non-blank lines."""
    return [line for line in extract_docx(data, "x.docx").text.split("\n") if line]


def _paragraph_texts(path: Path) -> list[str]:
    """The document's numbered units, read independently: body paragraphs and table rows in document order."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    units = []
    for element in root.find(f"{W}body").iter(f"{W}p", f"{W}tr"):
        rows = [a for a in element.iterancestors(f"{W}tr")]
        if element.tag == f"{W}tr" or not rows:
            units.append(element)
    return ["".join(t.text or "" for t in unit.iter(f"{W}t")) for unit in units]


# -- the body, in order ----------------------------------------------------------------------


def test_paragraphs_and_table_rows_become_lines_in_document_order():
    data = docx(
        p("Referat")
        + table([tc(p("Sagsnr.:")), tc(p("12/27845"))], [tc(p("Sagen afgøres i:")), tc(p("Byrådet"))])
        + p("Beslutning")
    )
    assert lines_of(data) == ["Referat", "Sagsnr.:\t12/27845", "Sagen afgøres i:\tByrådet", "Beslutning"]


def test_each_paragraph_is_a_block_of_its_own():
    text = extract_docx(docx(p("Resumé") + p("Sagen handler om en plan.")), "x.docx").text
    assert text.split("\n")[:3] == ["Resumé", "", "Sagen handler om en plan."]


def test_a_heading_is_kept_as_its_own_line():
    data = docx(p("Indstilling", style="Heading2") + p("Direktøren indstiller, at planen godkendes."))
    assert lines_of(data) == ["Indstilling", "Direktøren indstiller, at planen godkendes."]


def test_a_heading_numbered_by_word_gets_its_number_back():
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="7"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    data = docx(
        p("Godkendelse af dagsorden", style="Overskrift1", num=(1, 0))
        + p("Godkendt.")
        + p("Budget 2026", style="Overskrift1", num=(1, 0)),
        extra={"word/numbering.xml": numbering},
    )
    assert lines_of(data) == ["7. Godkendelse af dagsorden", "Godkendt.", "8. Budget 2026"]


def test_a_bullet_is_put_back_and_a_number_in_running_text_is_not():
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    data = docx(
        p("Hvad vil du gerne have opnået i 2017?", num=(1, 0)) + p("at planen godkendes", num=(2, 0)),
        extra={"word/numbering.xml": numbering},
    )
    assert lines_of(data) == ["• Hvad vil du gerne have opnået i 2017?", "at planen godkendes"]


def test_deleted_text_is_dropped_and_inserted_text_kept():
    data = docx(
        p(
            "<w:r><w:t xml:space='preserve'>Sagen </w:t></w:r>",
            "<w:del w:id='1' w:author='A'><w:r><w:delText>udsættes</w:delText></w:r></w:del>",
            "<w:ins w:id='2' w:author='A'><w:r><w:t>godkendes</w:t></w:r></w:ins>",
            "<w:r><w:t>.</w:t></w:r>",
        )
    )
    assert lines_of(data) == ["Sagen godkendes."]


def test_a_field_keeps_its_result_and_drops_its_instruction():
    data = docx(
        p(
            "<w:r><w:t xml:space='preserve'>Se side </w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType='begin'/></w:r>",
            "<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r>",
            "<w:r><w:t>2</w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
        )
    )
    assert lines_of(data) == ["Se side 2"]


def test_text_in_a_hyperlink_is_kept():
    data = docx(p("<w:hyperlink r:id='rId1' xmlns:r='urn:r'><w:r><w:t>www.kulturkommune.dk</w:t></w:r></w:hyperlink>"))
    assert lines_of(data) == ["www.kulturkommune.dk"]


def test_breaks_tabs_and_hyphens_inside_a_paragraph():
    data = docx(
        p(
            "<w:r><w:t>Kaløvig Kursuscenter</w:t><w:br/><w:t>8410 Rønde</w:t></w:r>",
            "<w:r><w:tab/><w:t>Kultur</w:t><w:noBreakHyphen/><w:t>kick, kultur</w:t><w:softHyphen/>"
            "<w:t>kommune</w:t></w:r>",
        )
    )
    assert lines_of(data) == ["Kaløvig Kursuscenter", "8410 Rønde\tKultur-kick, kulturkommune"]


def test_a_single_cell_row_gives_each_paragraph_a_line_and_nested_tables_are_flattened():
    members = table([tc(p("Jesper Mathiesen (A)"))], [tc(p("Ole Bollesen (A)"))])
    data = docx(table([tc(p("Referat"), p("Ekstraordinært PUK"))], [tc(p("Medlemmer"), members)]))
    assert lines_of(data) == ["Referat", "Ekstraordinært PUK", "Medlemmer", "Jesper Mathiesen (A)", "Ole Bollesen (A)"]


def test_a_contents_entry_prints_its_dot_leader_so_it_is_not_the_items_heading():
    entry = (
        "<w:p><w:pPr><w:tabs><w:tab w:val='right' w:leader='dot' w:pos='9191'/></w:tabs></w:pPr>"
        "<w:r><w:t>715.</w:t><w:tab/><w:t>Kulturkommune 2017</w:t><w:tab/><w:t>2</w:t></w:r></w:p>"
    )
    assert lines_of(docx(entry)) == ["715.\tKulturkommune 2017 ........ 2"]


def test_headers_and_footers_are_not_read():
    footer = f'<w:ftr xmlns:w="{W_NS}"><w:p><w:r><w:t>Side 1 af 3</w:t></w:r></w:p></w:ftr>'
    data = docx(p("Referat"), extra={"word/footer1.xml": footer, "word/header1.xml": footer.replace("ftr", "hdr")})
    assert "Side 1" not in extract_docx(data, "x.docx").text


def test_provenance_counts_body_paragraphs_and_table_rows():
    data = docx(p("Referat") + table([tc(p("Sagsnr.:")), tc(p("12/27845"))], [tc(p("Bilag"))]) + p("Slut"))
    document = extract_docx(data, "x.docx")
    numbered = {line: origin for line, origin in zip(document.text.split("\n"), document.origins, strict=True) if line}
    assert numbered == {"Referat": (1, 1), "Sagsnr.:\t12/27845": (2, 2), "Bilag": (3, 3), "Slut": (4, 4)}
    assert document.source_line_count == 4


def test_a_docx_says_what_it_is():
    document = extract_docx(docx(p("Referat")), "x.docx")
    assert (document.media_type, document.encoding) == (MEDIA_TYPE, "docx")


# -- recognised by content ---------------------------------------------------------------------


def test_a_docx_is_recognised_by_its_content_not_its_name(tmp_path):
    path = tmp_path / "referat.dat"
    path.write_bytes(REFERAT.read_bytes())
    assert read_document(path).media_type == MEDIA_TYPE


def test_a_zip_without_a_word_document_is_not_taken_for_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert not is_docx(buffer.getvalue())


def test_build_on_a_folder_finds_docx_files(tmp_path):
    folder = tmp_path / "referater"
    folder.mkdir()
    (folder / REFERAT.name).write_bytes(REFERAT.read_bytes())
    (folder / f"{REFERAT.name}.meta.json").write_text('{"municipality": "706"}', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in report["files"]] == [REFERAT.name]


# -- the real Acadre referat -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def referat():
    return load(REFERAT)


def test_the_real_referat_states_its_meeting(referat):
    meeting = referat.meeting
    assert (meeting.committee.name, meeting.date.isoformat(), meeting.start_time) == (
        "Udvalget for plan, udvikling og kultur",
        "2013-06-20",
        "10:30",
    )
    assert referat.municipality.code == "706"


def test_the_real_referat_lists_its_members_with_their_parties(referat):
    members = {m.name: m.party for m in referat.meeting.participants}
    assert members == {
        "Jesper Mathiesen": "A",
        "Ole Bollesen": "A",
        "Niels Viderø": "A",
        "Ole Bjerregaard": "V",
        "Steen Fris": "C",
    }
    assert referat.meeting.absent == []


def test_the_real_referat_reads_item_715_with_its_title_not_its_contents_entry(referat):
    assert [(i.number, i.title) for i in referat.items] == [(715, "Kulturkommune 2017. Politiske fokusområder")]


def test_the_real_referat_reads_the_case_and_who_decides_it(referat):
    item = referat.items[0]
    assert (item.case.number, item.decided_by.name) == ("12/27845", "Udvalget for plan, udvikling og kultur")


def test_the_real_referat_reads_this_meetings_decision_not_the_earlier_ones(referat):
    assert referat.items[0].decision.text == (
        "Punktet blev drøftet. Sagen genoptages på det kommende ordinære møde i udvalget, hvor der vil foreligge "
        "et 1. oplæg til strategi med udgangspunkt i udvalgets hidtidige drøftelser."
    )


def test_the_real_referat_reads_the_bilag_table_without_numbers_access_or_file_numbers(referat):
    assert [(a.number, a.title) for a in referat.items[0].attachments] == [
        ("1", "Opsamlingsnotat. Temamøde 20.09.2012"),
        ("2", "Politik for Kultur og Fritid - Lokalt engagement, Godkendt af byrådet 300409"),
        ("3", "Kulturkommune 2017 - arbejdsoplæg til Udvalget for Plan, Udvikling og Kultur"),
    ]


def test_the_real_referats_facts_name_the_paragraphs_that_state_them(referat):
    paragraphs = _paragraph_texts(REFERAT)
    item = referat.items[0]

    def stated(span, text: str) -> bool:
        return any(text in paragraphs[n - 1] for n in range(span.start, span.end + 1))

    assert stated(item.case.lines, "12/27845")
    assert stated(item.decision.lines, "Punktet blev drøftet.")
    assert all(stated(a.lines, a.title) for a in item.attachments)
    assert all(stated(m.lines, m.name) for m in referat.meeting.participants)
    assert referat.source.line_count == len(paragraphs)


# -- refused with the file named -----------------------------------------------------------------


def _load_bytes(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return load(path)


def test_a_corrupt_docx_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(LoaderError, match=r"afkortet\.docx: corrupt DOCX"):
        _load_bytes(tmp_path, "afkortet.docx", REFERAT.read_bytes()[:20000])


def test_a_zip_without_word_document_xml_is_an_error_naming_the_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    with pytest.raises(LoaderError, match=r"tom\.docx: not a Word document: the zip has no word/document\.xml"):
        extract_docx(buffer.getvalue(), "tom.docx")


def test_malformed_document_xml_is_an_error_naming_the_file_and_the_xml_line(tmp_path):
    broken = f'<?xml version="1.0"?>\n<w:document xmlns:w="{W_NS}">\n<w:body>\n<w:p><w:r><w:t>Referat</w:p>'
    with pytest.raises(LoaderError, match=r"brudt\.docx: malformed DOCX: word/document\.xml .*XML line 4"):
        _load_bytes(tmp_path, "brudt.docx", docx("", document=broken))


def test_an_encrypted_docx_is_an_error_that_says_it_needs_a_password(tmp_path):
    # what Word writes for a password-protected .docx: an OLE compound file holding an "EncryptedPackage" stream
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    with pytest.raises(LoaderError, match=r"fortrolig\.docx: encrypted DOCX: it needs a password"):
        _load_bytes(tmp_path, "fortrolig.docx", ole)


def test_a_docx_without_text_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(LoaderError, match=r"blank\.docx: DOCX without text"):
        _load_bytes(tmp_path, "blank.docx", docx(p() + p(" ")))
