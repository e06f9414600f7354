"""eDoc (Fujitsu) AgendaWeb XML (tests/fixtures/realworld/structured/edoc-fujitsu-middelfart-testudvalg-2017-05-02):
two publications of a test committee's agenda; only the structure is real."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from lxml import etree

from kommunegraf.loaders import Overrides, load
from kommunegraf.loaders.registry import document_from_file_bytes, load_document, read_document

FOLDER = FIXTURES / "realworld" / "structured" / "edoc-fujitsu-middelfart-testudvalg-2017-05-02"
EARLIER = FOLDER / "41a93779-8b2a-414b-9f87-691e24f8f40a.xml"
LATER = FOLDER / "e9117c72-1d79-4fe9-9653-ef7ab6f27187.xml"
NS = {"e": "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"}
MIDDELFART = Overrides(municipality="410")  # the files do not name their municipality (the folder does)


@pytest.fixture(scope="module")
def later():
    return load(LATER, overrides=MIDDELFART)


def _participant(name: str) -> dict[str, str]:
    root = etree.parse(str(LATER)).getroot()
    people = root.iterfind(".//e:MeetingParticipant", NS)
    person = next(p for p in people if p.findtext("e:Name", namespaces=NS) == name)
    return {etree.QName(c).localname: (c.text or "").strip() for c in person}


def test_a_participant_with_participate_false_is_absent(later):
    assert _participant("Niels Bebe ")["Participate"] == "false"
    assert [p.name for p in later.meeting.absent] == ["Niels Bebe"]
    assert "Niels Bebe" not in [p.name for p in later.meeting.participants]


def test_the_party_list_letter_is_the_party_and_the_role_is_kept(later):
    stated = _participant("Allan Buch")
    allan = next(p for p in later.meeting.participants if p.name == "Allan Buch")
    assert (allan.party, allan.role) == (stated["PoliticalPartyList"], stated["RoleInMeeting"]) == ("A", "Formand")


def test_an_organisation_in_place_of_a_party_letter_is_no_party(later):
    assert _participant("Arne Tofterup")["PoliticalPartyList"] == "Spejderforeninger"
    arne = next(p for p in later.meeting.participants if p.name == "Arne Tofterup")
    assert arne.party is None
    assert "Arne Tofterup" not in [m.person for m in later.memberships]


def test_items_are_numbered_by_their_serial_number():
    root = etree.parse(str(EARLIER)).getroot()
    serial = [int(h.findtext("e:SerialNo", namespaces=NS)) for h in root.iterfind(".//e:HandlingItem", NS)]
    assert serial == [2, 3, 4, 5, 6]  # SortOrder counts 1..5
    assert [i.number for i in read_document(EARLIER).export.items] == serial


def test_an_item_not_public_is_closed(later):
    root = etree.parse(str(LATER)).getroot()
    closed = {
        int(e.findtext("e:HandlingItem/e:SerialNo", namespaces=NS))
        for e in root.iterfind(".//e:AgendaElement", NS)
        if e.findtext("e:AccessIsPublic", namespaces=NS) == "false"
    }
    assert closed == {5, 6}
    assert {i.number for i in later.items if i.closed} == closed


def test_attachments_are_read_with_their_titles(later):
    item = next(i for i in later.items if i.number == 1)
    assert [a.title for a in item.attachments] == [
        "TrekantBrand Nyhedsbrev nr. 1-2017.msg",
        "Nyhedsbrev nr. 1-2017.pdf",
        "Signaturbevis.txt",
        "TrekantBrand nyhedsbrev nr. 2-2017.msg",
    ]


def test_the_case_number_and_the_meeting_fields_are_read(later):
    assert next(i for i in later.items if i.number == 3).case.number == "2013-003869"
    meeting = later.meeting
    assert (meeting.committee.name, str(meeting.date), meeting.start_time, meeting.location) == (
        "Hennys testudvalg",
        "2017-05-02",
        "10:00",
        "Mødelokale 1, Midtpunkt",
    )
    assert meeting.document_type == "agenda"  # <edoc:Type>Dagsorden


def test_a_case_presentation_marked_is_decision_is_the_decision():
    # the real file is an agenda and marks no presentation as the decision: here it is a referat, and item 3's
    # "Høring" is marked
    marked = LATER.read_bytes().replace(b"<edoc:Type>Dagsorden</edoc:Type>", b"<edoc:Type>Referat</edoc:Type>", 1)
    start = marked.index(b"<edoc:SerialNo>3</edoc:SerialNo>")
    at = marked.index("<edoc:Title>Høring</edoc:Title>".encode(), start)
    flag = marked.index(b"<edoc:IsDecision>false</edoc:IsDecision>", at)
    assert marked.index(b"</edoc:CasePresentation>", at) > flag  # Høring's own flag
    false = b"<edoc:IsDecision>false</edoc:IsDecision>"
    marked = marked[:flag] + b"<edoc:IsDecision>true</edoc:IsDecision>" + marked[flag + len(false) :]
    document = document_from_file_bytes(marked, str(LATER))
    record = load_document(document, overrides=MIDDELFART)
    item = next(i for i in record.items if i.number == 3)
    assert item.decision is not None
    assert item.decision.text.startswith("Sagens indhold er gennemgået med henblik på")
