"""Publishing systems' XML exports (eDoc, Acadre MM): read from their fields and text, scored against gold, and
twins of printed minutes giving the same facts. Fixtures: tests/fixtures/realworld/structured (real exports)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, STAMP

from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders import Overrides, load
from kommunegraf.loaders.registry import read_document
from kommunegraf.pipeline import build, write_outputs
from kommunegraf.records import MinutesRecord

REALWORLD = FIXTURES / "realworld"
EDOC = REALWORLD / "structured" / "edoc-ballerup-sfu-2012-12-04" / "eDocAgendaPublishing.xml"
ACADRE = REALWORLD / "structured" / "acadre-syddjurs-puk-2013-06-20"
ACADRE_AGENDA = ACADRE / "3687981.XML"
ACADRE_MANIFEST = ACADRE / "XML_1863.xml"
BALLERUP_PDF = REALWORLD / "documents" / "ballerup-sfu-2012-12-04.pdf"


def _minutes(path: Path) -> MinutesRecord:
    record = load(path)
    assert isinstance(record, MinutesRecord)
    return record


@pytest.fixture(scope="module")
def edoc() -> MinutesRecord:
    return _minutes(EDOC)


@pytest.fixture(scope="module")
def acadre() -> MinutesRecord:
    return _minutes(ACADRE_AGENDA)


def _score(inputs: list[Path], gold: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    result = build(inputs, loaded_at=STAMP)
    assert [f.path for f in result.failed] == []
    write_outputs(result, tmp_path)
    command = [sys.executable, str(FIXTURES / "score.py"), "--graph", str(tmp_path / "graph.json"), str(gold)]
    return subprocess.run([*command, "--min-f1", "0.95"], capture_output=True, text=True, check=False)


# -- what the exports state ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "gold"),
    [
        ([EDOC], "edoc-ballerup-sfu-2012-12-04.json"),
        ([ACADRE_AGENDA], "acadre-syddjurs-puk-2013-06-20.json"),
        ([ACADRE_MANIFEST], "acadre-syddjurs-puk-2013-06-20.json"),
        (
            [REALWORLD / "structured" / "publication-xml-ballerup-kb-2013" / "Publication32.xml"],
            "publication32-ballerup.json",
        ),
        ([REALWORLD / "documents" / "syddjurs-puk-2013-06-20.docx"], "syddjurs-puk-2013-06-20.json"),
    ],
    ids=["edoc", "acadre", "acadre-manifest", "publication", "docx"],
)
def test_each_export_and_the_docx_score_at_least_095_in_every_category_against_their_gold(inputs, gold, tmp_path):
    scored = _score(inputs, REALWORLD / "gold" / gold, tmp_path)
    assert scored.returncode == 0, scored.stdout


def test_edoc_items_are_ordered_by_their_number_not_their_place_in_the_file(edoc):
    # the file lists items 2, 4, 5, 6, 3, 1, 7, 8
    assert [item.number for item in edoc.items] == list(range(1, 9))


def test_an_edoc_item_title_is_its_documents_title_field(edoc):
    assert edoc.items[1].title == "Bygningsvedligeholdelse 2013 - anlægsbevilling"


def test_the_edoc_meeting_state_says_the_document_is_minutes(edoc):
    # <MeetingState>Referat endeligt godkendt</MeetingState>
    assert edoc.meeting.document_type == "minutes"
    assert (edoc.meeting.committee.name, str(edoc.meeting.date), edoc.meeting.start_time) == (
        "Sundheds- og Forebyggelsesudvalget",
        "2012-12-04",
        "13:00",
    )


def test_acadre_members_come_from_the_meeting_member_fields_with_the_party_in_the_name(acadre):
    # <field name="name">Jesper  Mathiesen (A)</field> ... <field name="absent">0</field>
    attended = {(p.name, p.party) for p in acadre.meeting.participants}
    assert ("Jesper Mathiesen", "A") in attended and ("Steen Fris", "C") in attended
    assert acadre.meeting.absent == []


def test_an_acadre_member_flagged_absent_is_absent_not_a_participant(tmp_path):
    data = ACADRE_AGENDA.read_bytes()
    marked = data.replace(
        b'Steen  Fris (C)</field><field name="absent">0', b'Steen  Fris (C)</field><field name="absent">1'
    )
    assert marked != data
    (tmp_path / ACADRE_AGENDA.name).write_bytes(marked)
    shutil.copy(f"{ACADRE_AGENDA}.meta.json", tmp_path / f"{ACADRE_AGENDA.name}.meta.json")
    record = _minutes(tmp_path / ACADRE_AGENDA.name)
    assert [p.name for p in record.meeting.absent] == ["Steen Fris"]
    assert "Steen Fris" not in {p.name for p in record.meeting.participants}


def test_the_acadre_item_number_runs_on_through_the_year(acadre):
    # <table name="agendaitemparents"> ... <field name="sort">715</field>
    item = acadre.items[0]
    assert (item.number, item.title, item.case.number) == (
        715,
        "Kulturkommune 2017. Politiske fokusområder",
        "12/27845",
    )


def test_of_the_decisions_in_an_acadre_item_the_one_of_this_meeting_is_its_decision(acadre):
    # bullets "Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013", "... den 24-04-2013" and
    # "... den 20-06-2013"; the meeting is on 20 June 2013
    assert acadre.items[0].decision.text.startswith("Punktet blev drøftet.")


def test_acadre_enclosures_become_attachments_with_the_titles_of_their_fields(acadre):
    assert [a.title for a in acadre.items[0].attachments] == [
        "Opsamlingsnotat. Temamøde 20.09.2012",
        "Politik for Kultur og Fritid - Lokalt engagement, Godkendt af byrådet 300409",
        "Kulturkommune 2017 - arbejdsoplæg til Udvalget for Plan, Udvikling og Kultur",
    ]


def test_the_acadre_committee_drops_its_defined_abbreviation(acadre):
    # <field name="name">Udvalget for plan, udvikling og kultur (PUK)</field>
    assert acadre.meeting.committee.name == "Udvalget for plan, udvikling og kultur"


# -- provenance -----------------------------------------------------------------------------------


def _file_lines(path: Path) -> list[str]:
    # XML counts a lone carriage return as a line end, as the reader does
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def test_facts_of_an_export_name_the_lines_of_the_xml_file_that_state_them(edoc):
    lines = _file_lines(EDOC)
    decision = edoc.items[1].decision
    assert "Indstillingen godkendt" in "\n".join(lines[decision.lines.start - 1 : decision.lines.end])
    case = edoc.items[1].case
    assert "2012-28504" in lines[case.lines.start - 1]
    title = edoc.items[1].title
    assert title is not None
    assert title in lines[edoc.items[1].lines.start - 1 : edoc.items[1].lines.end + 20].__str__()


def test_a_manifest_loads_the_agenda_xml_it_names_as_one_meeting_in_that_files_lines(acadre):
    through_manifest = _minutes(ACADRE_MANIFEST)
    assert Path(through_manifest.source.path).name == "3687981.XML"
    assert through_manifest.items == acadre.items
    assert through_manifest.municipality.code == "706"  # from the named file's sidecar
    assert any(f.code == "manifest" and "XML_1863.xml" in f.message for f in through_manifest.findings)


# -- repaired and refused -------------------------------------------------------------------------


def test_control_character_references_are_replaced_with_a_finding_naming_their_line(edoc):
    repaired = [f for f in edoc.findings if f.code == "xml-repaired"]
    assert len(repaired) == 1 and repaired[0].text == "&#xC;"
    assert _file_lines(EDOC)[repaired[0].line - 1].strip() == "&#xC;"


def test_a_truncated_export_is_an_error_naming_the_file_and_the_line_where_it_stops(tmp_path):
    data = EDOC.read_bytes()
    cut = tmp_path / "eDocAgendaPublishing.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoaderError) as raised:
        load(cut, overrides=None)
    assert raised.value.path == str(cut) and "malformed XML" in raised.value.message
    assert raised.value.line is not None and raised.value.line > 1000


def test_an_export_field_start_time_no_clock_shows_is_reported_and_left_out(tmp_path):
    data = EDOC.read_bytes().replace(b"04-12-2012 13:00:00", b"04-12-2012 25:75:00")
    changed = tmp_path / EDOC.name
    changed.write_bytes(data)
    record = _minutes(changed)
    assert record.meeting.start_time == "13:00"  # as the printed minutes in the export state it
    (finding,) = [f for f in record.findings if f.code == "impossible-time"]
    assert finding.line == 4 and "25:75" in finding.message


def test_a_truncated_export_fails_alone_and_the_other_files_still_load(tmp_path):
    cut = tmp_path / "cut.xml"
    cut.write_bytes(ACADRE_AGENDA.read_bytes()[:5000])
    result = build([cut, EDOC], loaded_at=STAMP)
    assert [Path(f.path).name for f in result.failed] == ["cut.xml"]
    assert len(result.files) == 2


def test_a_manifest_naming_a_missing_file_is_an_error_naming_the_manifest_and_the_file(tmp_path):
    manifest = tmp_path / ACADRE_MANIFEST.name
    shutil.copy(ACADRE_MANIFEST, manifest)
    with pytest.raises(LoaderError) as raised:
        load(manifest)
    assert raised.value.path == str(manifest) and "3687981.xml" in raised.value.message


def test_a_manifest_finds_the_file_it_names_in_another_letter_case():
    # the manifest names "3687981.xml"; the file is "3687981.XML"
    assert read_document(ACADRE_MANIFEST).path.endswith("3687981.XML")


def test_xml_of_no_known_system_is_an_error_naming_its_root_element(tmp_path):
    unknown = tmp_path / "export.xml"
    unknown.write_text('<?xml version="1.0"?>\n<Møderække><Møde/></Møderække>\n', encoding="utf-8")
    with pytest.raises(UnsupportedDocumentError, match="<Møderække>"):
        load(unknown)


def test_an_external_entity_in_an_export_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE Meeting [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        "<Meeting><Committee>Økonomiudvalget &leak;</Committee><MeetingDate>01-02-2013 10:00:00</MeetingDate>"
        "<MeetingState>Referat</MeetingState></Meeting>\n",
        encoding="utf-8",
    )
    document = read_document(hostile)
    assert "TOP SECRET" not in document.text
    assert document.export is not None and "TOP SECRET" not in str(document.export.committee)


def test_an_export_is_recognised_by_its_content_not_its_name(tmp_path):
    renamed = tmp_path / "minutes.txt"
    shutil.copy(ACADRE_AGENDA, renamed)
    shutil.copy(f"{ACADRE_AGENDA}.meta.json", f"{renamed}.meta.json")
    assert _minutes(renamed).items[0].number == 715


# -- twins: the export and the printed minutes of the same meeting -----------------------------------


def facts(record: MinutesRecord, *, skip: frozenset[str] = frozenset()) -> dict[str, object]:
    """What a reader of the minutes would say the record states, without where it says it."""
    meeting = record.meeting
    stated: dict[str, object] = {
        "meeting": (record.municipality.code, meeting.committee.name, meeting.date, meeting.start_time),
        "attended": sorted((p.name, p.party, p.role) for p in meeting.participants),
        "absent": sorted(p.name for p in meeting.absent),
        "parties": sorted({(m.person, m.letter) for m in record.memberships}),
    }
    for item in record.items:
        stated[f"item {item.number}"] = {
            "title": item.title,
            "closed": item.closed,
            "case": item.case.number if item.case else None,
            "decision": (item.decision.text, item.decision.outcome) if item.decision else None,
            "decided_by": None if "decided_by" in skip else item.decided_by.name if item.decided_by else None,
            "recommended_by": [r.name for r in item.recommended_by],
            "attachments": [(a.title, a.recommended) for a in item.attachments],
            "previous": [(p.committee, p.date, p.number) for p in item.previous],
            "presenters": [(p.name, p.org) for p in item.presenters],
            "absent": [p.name for p in item.absent],
        }
    return stated


def test_the_edoc_export_and_the_printed_pdf_of_the_same_meeting_state_the_same_facts(edoc):
    assert facts(edoc) == facts(_minutes(BALLERUP_PDF))


def test_where_the_export_names_attachments_otherwise_than_the_print_the_report_says_which_were_used(edoc):
    said = [f for f in edoc.findings if f.code == "attachment-titles"]
    # item 6's attachment is "Prioritering af midler til kronikerindsatser" in the export, "...kronikerindsats"
    # in print
    assert any("Prioritering af midler til kronikerindsats)" in f.message for f in said)
    assert all(re.search(r"printed attachment titles are used", f.message) for f in said)


def test_the_acadre_export_and_its_printed_docx_state_the_same_facts(acadre):
    # The DOCX prints "Sagen afgøres i: Udvalget for plan, udvikling og kultur"; the export has no field for who
    # decides (its ``comname`` is the committee whose agenda holds the item), so that fact is the print's alone.
    printed = _minutes(REALWORLD / "documents" / "syddjurs-puk-2013-06-20.docx")
    assert printed.items[0].decided_by is not None and acadre.items[0].decided_by is None
    assert facts(acadre, skip=frozenset({"decided_by"})) == facts(printed, skip=frozenset({"decided_by"}))


def test_of_two_export_items_with_one_number_the_first_is_kept_and_the_report_says_so(tmp_path):
    export = tmp_path / "eDocAgendaPublishing.xml"
    export.write_text(
        '<?xml version="1.0"?>\n<Meeting><Committee>Økonomiudvalget</Committee>'
        "<MeetingDate>01-02-2013 10:00:00</MeetingDate><MeetingState>Referat</MeetingState>\n"
        "<MeetingAgendaTypes><MeetingAgendaType><AgendaType>Åben dagsorden</AgendaType><MeetingAgendaItems>\n"
        "<MeetingAgendaItem><AgendaItemNumber>1</AgendaItemNumber><Document><Title>Budget</Title></Document>"
        "</MeetingAgendaItem>\n"
        "<MeetingAgendaItem><AgendaItemNumber>1</AgendaItemNumber><Document><Title>Skoler</Title></Document>"
        "</MeetingAgendaItem>\n"
        "</MeetingAgendaItems></MeetingAgendaType></MeetingAgendaTypes></Meeting>\n",
        encoding="utf-8",
    )
    fields = read_document(export).export
    assert fields is not None
    assert [item.title.value for item in fields.items if item.title] == ["Budget"]
    assert [(f.code, f.line) for f in fields.findings] == [("item-number", 5)]


def test_a_regions_export_belongs_to_the_region_it_names():
    # Publication553 names no municipality; its items name "Region Hovedstaden" (regionskode 1084)
    record = _minutes(REALWORLD / "structured" / "publication-xml-regionh-fu-2012-09-25" / "Publication553.xml")
    assert (record.municipality.code, record.municipality.name) == ("1084", "Region Hovedstaden")


def test_a_letter_enclosed_with_an_export_loads_as_a_document_with_its_subject_and_date():
    # KL's letter prints "Tilslutning til monopolbruddet" and, in a cell beside it, "Den 3. januar 2013"
    record = load(REALWORLD / "structured" / "publication-xml-ballerup-kb-2013" / "enclosure-1.pdf")
    assert (record.kind, record.title, str(record.date)) == ("document", "Tilslutning til monopolbruddet", "2013-01-03")


# What two folders of exports do not state anywhere (SYSTEMS.md names them): the user gives it, as --municipality
# and --committee would.
NOT_STATED = {
    "edoc-fujitsu-middelfart-testudvalg-2017-05-02": Overrides(municipality="Middelfart"),
    "publication-xml-aarhus-2016-10-06": Overrides(municipality="Aarhus"),
}


@pytest.mark.parametrize("folder", sorted(p.name for p in (REALWORLD / "structured").iterdir() if p.is_dir()))
def test_every_file_of_every_export_folder_loads(folder):
    files = sorted(p for p in (REALWORLD / "structured" / folder).iterdir() if not p.name.endswith(".meta.json"))
    result = build(files, overrides=NOT_STATED.get(folder), loaded_at=STAMP)
    assert len(result.files) == len(files)
    assert [(f.path, f.errors) for f in result.failed] == []


def test_an_export_that_names_no_municipality_is_an_error_that_asks_for_one():
    fujitsu = REALWORLD / "structured" / "edoc-fujitsu-middelfart-testudvalg-2017-05-02"
    with pytest.raises(LoaderError, match="does not state its municipality"):
        load(next(fujitsu.glob("*.xml")))


def test_an_attachment_keeps_the_file_name_the_export_gives_it(acadre):
    # <field name="name">Opsamlingsnotat. Temamøde 20.09.2012</field> ... <field name="filename">3525829E1.DOCX</field>
    assert acadre.items[0].attachments[0].file == "3525829E1.DOCX"


def test_a_printed_attachment_title_keeps_the_file_of_the_export_attachment_it_stands_for(edoc):
    # item 6's attachment is printed "Prioritering af midler til kronikerindsats", exported as "...indsatser" with
    # <PDFDocument>1548303.PDF</PDFDocument>
    attachment = next(item for item in edoc.items if item.number == 6).attachments[0]
    assert (attachment.title, attachment.file) == ("Prioritering af midler til kronikerindsats", "1548303.PDF")


def test_bad_exports_fail_each_with_its_own_error_and_the_rest_of_the_build_loads(tmp_path):
    cut = tmp_path / "cut.xml"
    cut.write_bytes(EDOC.read_bytes()[:100_000])
    lonely = tmp_path / "manifest" / ACADRE_MANIFEST.name
    lonely.parent.mkdir()
    shutil.copy(ACADRE_MANIFEST, lonely)
    escaping = tmp_path / "escaping.zip"
    publication = REALWORLD / "structured" / "publication-xml-ballerup-kb-2013" / "Publication32.xml"
    with zipfile.ZipFile(escaping, "w") as archive:
        archive.writestr("Publication32.xml", publication.read_bytes())
        archive.writestr("../outside.txt", b"x")
    result = build([cut, lonely, escaping, ACADRE_AGENDA], loaded_at=STAMP)
    failed = {Path(f.path).name: " ".join(f.errors) for f in result.failed}
    assert sorted(failed) == ["XML_1863.xml", "cut.xml", "escaping.zip"]
    assert "malformed XML" in failed["cut.xml"] and "3687981.xml" in failed["XML_1863.xml"]
    assert "../outside.txt" in failed["escaping.zip"]
    assert [f.status for f in result.files if Path(f.path).name == ACADRE_AGENDA.name] == ["partial"]
    assert result.graph.counts()[0]["AgendaItem"] == 1
