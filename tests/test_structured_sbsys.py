"""SBSYS "Dagsorden" XML, from tests/fixtures/structured/sbsys-dagsorden.xml: a file written from the public
importer's description (SYSTEMS.md 2.4), not a real export."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from kommunegraf.loaders import load
from kommunegraf.loaders.registry import read_document

SAMPLE = FIXTURES / "structured" / "sbsys-dagsorden.xml"


@pytest.fixture(scope="module")
def record():
    return load(SAMPLE)


def test_the_meeting_is_read_from_the_mode_element(record):
    # <Møde Udvalg="Teknik- og Miljøudvalget" Mødedato="15-05-2018" Mødetid="17:00" Mødested="Byrådssalen, ...">
    meeting = record.meeting
    assert (meeting.committee.name, meeting.date, meeting.start_time, meeting.location) == (
        "Teknik- og Miljøudvalget",
        dt.date(2018, 5, 15),
        "17:00",
        "Byrådssalen, Holstebro Rådhus",
    )


def test_the_agenda_type_referat_is_minutes(record):
    assert record.meeting.document_type == "minutes"  # Dagsordentype="Referat"


def test_items_are_read_with_number_title_and_access(record):
    assert [(i.number, i.title, i.closed) for i in record.items] == [
        (1, "Godkendelse af dagsorden", False),
        (2, "Trafiksikkerhedsplan 2018-2021", False),
        (3, "Køb af ejendom", True),  # Åbent="false"
    ]


def test_the_decision_in_the_content_is_read(record):
    assert [i.decision.text if i.decision else None for i in record.items] == ["Godkendt."] * 3


def test_attachments_that_may_be_published_are_read_and_the_others_are_a_finding(record):
    item = next(i for i in record.items if i.number == 2)
    assert [a.title for a in item.attachments] == ["Forslag til trafiksikkerhedsplan"]
    assert [f.code for f in record.findings].count("attachment-not-published") == 1


def test_the_export_is_recognised_by_its_root_not_its_name(tmp_path):
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(SAMPLE.read_bytes())
    assert read_document(renamed).export.system == "SBSYS"
