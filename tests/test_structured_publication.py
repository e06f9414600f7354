"""Publication XML exports (tests/fixtures/realworld/structured/publication-xml-*) and the Publication ZIP."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from lxml import etree

from kommunegraf.errors import LoaderError
from kommunegraf.loaders import load
from kommunegraf.loaders.registry import read_document

STRUCTURED = FIXTURES / "realworld" / "structured"
BALLERUP = STRUCTURED / "publication-xml-ballerup-kb-2013" / "Publication32.xml"
REGION = STRUCTURED / "publication-xml-regionh-fu-2012-09-25" / "Publication553.xml"
AARHUS = STRUCTURED / "publication-xml-aarhus-2016-10-06" / "publication.xml"
ENCLOSURE = STRUCTURED / "publication-xml-ballerup-kb-2013" / "enclosure-1.pdf"  # Publication32's Enclosures\1.pdf


@pytest.fixture(scope="module")
def ballerup():
    return load(BALLERUP)


def _xml(path: Path):
    return etree.parse(str(path)).getroot()


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


def _zip(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def test_members_and_their_parties_are_read_without_claiming_attendance(ballerup):
    names = [m.text for m in _xml(BALLERUP).iterfind("Agendas/Agenda/Meeting/Members/MeetingMember/Name")]
    stated = {m["name"]: m["party"] for n in names if (m := re.fullmatch(r"(?P<name>.+?) \((?P<party>\w)\)", n))}
    assert stated  # the names carry party letters: "Doris Børger (A)"
    assert {m.person: m.letter for m in ballerup.memberships} == stated
    assert (ballerup.meeting.participants, ballerup.meeting.absent) == ([], [])


def test_a_final_publication_with_every_decision_field_empty_is_an_agenda(ballerup):
    root = _xml(BALLERUP)
    assert root.findtext("PublicationTypeAsEnum") == "Final"
    decisions = [f for f in root.iterfind(".//Items/Item/Fields/ItemField") if f.findtext("IsFeedback") == "True"]
    assert decisions and all(not (f.findtext("Content") or "").strip() for f in decisions)
    assert ballerup.meeting.document_type == "agenda"
    assert all(item.decision is None for item in ballerup.items)


def test_the_meeting_is_read_from_committee_when_and_where(ballerup):
    meeting = ballerup.meeting
    assert (meeting.committee.name, meeting.date, meeting.start_time, meeting.location) == (
        "KMB IT-udvalget",
        dt.date(2013, 5, 15),
        "16:30",
        "Mødecenter A, Lokale 3 på Ballerup Rådhus",
    )


def test_the_earlier_treatment_field_becomes_a_previous_treatment(ballerup):
    # <Caption>Tidligere behandling</Caption> ... "KMB IT-udvalget den 5. december 2012 Punkt 3"
    item = next(i for i in ballerup.items if i.number == 2)
    assert [(p.committee, p.date, p.number) for p in item.previous] == [("KMB IT-udvalget", dt.date(2012, 12, 5), 3)]


def test_enclosures_become_the_items_attachments(ballerup):
    stated = {
        int(e.findtext("ItemNumber")): e.findtext("Name")
        for e in _xml(BALLERUP).iterfind("Agendas/Agenda/Items/Item/Enclosures/Enclosure")
    }
    assert stated == {3: "Brev fra KL til Kommunalbestyrelsen vedr Monopolbrud"}
    assert {i.number: [a.title for a in i.attachments] for i in ballerup.items if i.attachments} == {
        n: [t] for n, t in stated.items()
    }


def test_an_enclosure_not_beside_the_xml_is_a_finding(ballerup):
    # the fixture folder holds the enclosure as enclosure-1.pdf, not as Enclosures\1.pdf
    missing = [f for f in ballerup.findings if f.code == "enclosure-missing"]
    assert len(missing) == 1 and "Enclosures\\1.pdf" in missing[0].message


def test_an_enclosure_beside_the_xml_is_no_finding(tmp_path):
    (tmp_path / "Enclosures").mkdir()
    (tmp_path / "Enclosures" / "1.pdf").write_bytes(ENCLOSURE.read_bytes())
    copy = tmp_path / "Publication32.xml"
    copy.write_bytes(BALLERUP.read_bytes())
    record = load(copy, overrides=None)
    assert "enclosure-missing" not in _codes(record.findings)


def test_the_regions_upper_case_captions_are_read_as_sections():
    export = read_document(REGION).export
    first = export.items[0]
    headings = [s.heading.value for s in first.sections if s.heading]
    assert headings[0] == "PUNKTET BEHANDLET TIDLIGERE"
    assert [s.heading.value for s in first.sections if s.decision] == ["FORRETNINGSUDVALGETS BESLUTNING"]
    assert export.committee.value == "FORRETNINGSUDVALGET"


def test_the_regions_draft_is_an_agenda_and_the_generators_empty_placeholder_is_no_section():
    export = read_document(REGION).export
    assert export.document_type == "agenda"  # <PublicationTypeAsEnum>Draft
    third = next(i for i in export.items if i.number == 3)  # both decision fields hold "Tomt indhold"
    assert [s for s in third.sections if s.decision] == []


def test_hierarchical_numbers_load_as_top_level_items_with_sub_items_as_sections():
    export = read_document(AARHUS).export
    numbers = [i.findtext("Number") for i in _xml(AARHUS).iterfind("Agendas/Agenda/Items/Item")]
    assert "1.1" in numbers
    assert [i.number for i in export.items] == sorted({int(n.split(".")[0]) for n in numbers} - {0})
    assert [s.heading.value for s in export.items[0].sections] == [
        "1.1 Status siden sidst",
        "1.2 Status på udviklingsønsker",
        "1.3 Besøg af First Agenda",
        "1.4 Plan for resten af året",
    ]
    assert "sub-items" in _codes(export.findings)


def test_the_synthetic_items_numbered_0_are_findings_naming_the_referat_enclosure():
    export = read_document(AARHUS).export
    carried = [f.message for f in export.findings if f.code == "referat-enclosure"]
    assert len(carried) == 2 and any("Appendix_referat - åbent.pdf" in m for m in carried)
    assert 0 not in [i.number for i in export.items]


def test_a_publication_zip_reads_the_xml_and_finds_its_enclosures(tmp_path):
    path = _zip(tmp_path, "meeting.zip", {"Publication32.xml": BALLERUP.read_bytes(), "Enclosures/1.pdf": b"%PDF"})
    record = load(path)
    assert [i.title for i in record.items] == [i.findtext("Caption") for i in _xml(BALLERUP).iter("Item")]
    assert "enclosure-missing" not in _codes(record.findings)


def test_an_enclosure_missing_from_the_zip_is_a_finding(tmp_path):
    path = _zip(tmp_path, "meeting.zip", {"Publication32.xml": BALLERUP.read_bytes()})
    assert "enclosure-missing" in _codes(load(path).findings)


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "Enclosures/../../evil.txt", "C:\\evil.txt"])
def test_a_zip_member_leaving_its_folder_is_an_error_naming_the_zip_and_the_member(tmp_path, member):
    path = _zip(tmp_path, "evil.zip", {"Publication32.xml": BALLERUP.read_bytes(), member: b"x"})
    with pytest.raises(LoaderError) as raised:
        load(path)
    assert "evil.zip" in str(raised.value) and repr(member) in str(raised.value)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_zip_without_the_xml_is_an_error(tmp_path):
    path = _zip(tmp_path, "enclosures.zip", {"Enclosures/1.pdf": b"%PDF"})
    with pytest.raises(LoaderError) as raised:
        load(path)
    assert "enclosures.zip" in str(raised.value) and "no Publication XML" in str(raised.value)


def test_a_final_publication_with_a_filled_decision_field_is_minutes_with_that_decision(tmp_path):
    data = BALLERUP.read_bytes()
    at = data.index(b"<Caption><![CDATA[Beslutning]]></Caption>", data.index(b"<Number><![CDATA[2]]></Number>"))
    empty = b"<Content></Content>"
    start = data.index(empty, at)
    filled = data[:start] + b"<Content><![CDATA[<p>Godkendt.</p>]]></Content>" + data[start + len(empty) :]
    copy = tmp_path / "Publication32.xml"
    copy.write_bytes(filled)
    record = load(copy)
    assert record.meeting.document_type == "minutes"
    assert {i.number: i.decision.text for i in record.items if i.decision} == {2: "Godkendt."}
