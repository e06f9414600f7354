"""Each layout, detected and read, on the seed documents and snippets from them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import seed

from kommunegraf.errors import LoaderError, MissingMetadataError
from kommunegraf.loaders import Overrides, load, load_text
from kommunegraf.loaders.lines import Line
from kommunegraf.loaders.pdf_repair import mend_lines
from kommunegraf.loaders.registry import detect_layout, read_document


@pytest.mark.parametrize(
    ("prefix", "layout"),
    [
        ("000", "minutes"),
        ("001", "minutes"),
        ("002", "document"),
        ("003", "minutes-pdf-text"),
        ("004", "minutes-markdown"),
    ],
)
def test_each_seed_layout_is_detected(prefix, layout):
    assert detect_layout(read_document(seed(prefix))).name == layout


def test_referat_header_gives_committee_date_time_and_place():
    meeting = load(seed("000")).meeting
    assert meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 11, 9), "13:00")
    assert meeting.location == "Mødecenter C, Lokale 29 på Ballerup Rådhus"
    assert meeting.committee.lines.start == 3


def test_participants_marked_afbud_are_absent_not_present():
    meeting = load(seed("001")).meeting
    assert [p.name for p in meeting.absent] == ["Allan Kristensen", "Saime B. Inanc"]
    assert "Allan Kristensen" not in [p.name for p in meeting.participants]


def test_closed_items_lose_the_lukket_marks_from_their_title():
    items = {i.number: i for i in load(seed("001")).items}
    assert (items[9].title, items[9].closed) == ("Meddelelser", True)
    assert items[10].title.startswith("Bidrag til omprioriterings- og spareblok")


def test_attachment_count_lines_are_skipped_and_the_list_is_read():
    item = load(seed("000")).items[1]
    assert [(a.title[:30], a.recommended) for a in item.attachments] == [
        ("Økonomisk overblik på Erhvervs", True),
        ("Bilagsnotat til 20.05 Forsørge", True),
    ]


def test_markdown_committee_drops_the_term():
    assert load(seed("004")).meeting.committee.name == "Arbejdsmarkedsudvalget"


def test_markdown_afbud_list_is_not_part_of_the_decision():
    item = load(seed("004")).items[0]
    assert item.decision.text == "Taget til efterretning. Præsentation vist på mødet bilægges referatet."
    assert [p.name for p in item.absent] == ["Gitte Friberg Bomholdt", "Ibrahim Benli"]


def test_closed_item_without_a_beslutning_heading_still_has_its_decision():
    item = {i.number: i for i in load(seed("004")).items}[72]
    assert item.closed
    assert item.decision.text.startswith("Udvalget ønsker et orienteringspunkt om JobCamp 2022")


def test_meeting_absence_is_read_from_items_when_there_is_no_participant_list():
    record = load(seed("004"))
    assert [p.name for p in record.meeting.absent] == ["Gitte Friberg Bomholdt", "Ibrahim Benli"]


def test_municipality_is_the_one_the_text_names_as_its_own():
    # The Herlev minutes also mention "kommunerne Ballerup, Glostrup og Albertslund".
    assert load(seed("004")).municipality.code == "163"


def test_a_region_a_municipalitys_minutes_name_as_a_partner_does_not_own_them():
    # Ballerup's Beskæftigelsesplan names "kommuner i Region Hovedstaden"
    assert "Region Hovedstaden" in seed("002").read_text(encoding="utf-8")
    assert load(seed("002")).municipality.code == "151"


def test_municipality_is_read_not_hard_coded():
    text = (
        "REFERAT Kultur- og Fritidsudvalget d. 02-03-2022\n\nMødested Mødelokale 2 på Gladsaxe Rådhus\n\n"
        "Punkt 1: Meddelelser\n\nBeslutning\n\nTaget til efterretning\n"
    )
    record = load_text(text)
    assert (record.municipality.code, record.municipality.name) == ("159", "Gladsaxe Kommune")


def test_pdf_heading_that_wraps_is_one_title():
    items = {i.number: i for i in load(seed("003")).items}
    assert items[3].title == (
        "Mål- og rammebeskrivelser for 2017 på bevillingsrammerne under Erhvervs- og Beskæftigelsesudvalget"
    )
    assert items[3].lines.start == 259


def test_pdf_decision_that_starts_with_punkt_is_not_a_new_item():
    record = load(seed("003"))
    assert [i.number for i in record.items] == list(range(1, 10))
    assert "Punkt 1 er ikke behandlet" in record.items[0].decision.text


def test_pdf_list_numbers_stuck_at_line_ends_move_back():
    lines = mend_lines(
        [Line(4, "Det Regionale Arbejdsmarkedsråd (RAR) for Hovedstaden har drøftet1."), Line(5, "COVID-19.")]
    )
    assert [line.text for line in lines] == [
        "1. Det Regionale Arbejdsmarkedsråd (RAR) for Hovedstaden har drøftet",
        "COVID-19.",
    ]


def test_pdf_committee_and_date_come_from_the_reference_to_its_own_item():
    meeting = load(seed("003")).meeting
    assert meeting.date == dt.date(2016, 11, 8)
    assert meeting.committee.name == "Erhverv- og Beskæftigelsesudvalget"  # as printed; the graph resolves it
    assert meeting.committee.lines.start <= 135 <= meeting.committee.lines.end


PDF_SNIPPET = "Punkt 1 Meddelelser\n\nBeslutning\n\nTaget til efterretning\n\nJobcenter Ballerup\n"


def test_pdf_without_committee_or_date_is_an_error_that_says_what_is_missing():
    with pytest.raises(MissingMetadataError, match=r"committee \(--committee\), date \(--date\)"):
        load_text(PDF_SNIPPET, path="snippet.txt")


def test_overrides_fill_what_the_document_does_not_state():
    record = load_text(
        PDF_SNIPPET,
        overrides=Overrides(committee="Erhvervs- og Beskæftigelsesudvalget", date=dt.date(2016, 11, 8)),
    )
    assert (record.meeting.committee.name, record.meeting.date) == (
        "Erhvervs- og Beskæftigelsesudvalget",
        dt.date(2016, 11, 8),
    )
    assert any("as given" in w for w in record.warnings)


def test_a_given_municipality_that_disagrees_with_the_text_is_a_warning_and_the_text_wins():
    record = load_text(PDF_SNIPPET, overrides=Overrides(committee="Økonomiudvalget", date=dt.date(2016, 11, 8),
                                                         municipality="Herlev"))  # fmt: skip
    assert record.municipality.name == "Ballerup Kommune"  # "Jobcenter Ballerup" is stated on line 7
    (finding,) = [f for f in record.findings if f.code == "disagrees-with-given"]
    assert finding.line == 7 and "Herlev Kommune" in finding.message


def test_a_given_municipality_that_fills_a_gap_is_noted_in_the_report():
    silent = PDF_SNIPPET.replace("Jobcenter Ballerup", "Jobcentret")
    record = load_text(silent, overrides=Overrides(committee="Økonomiudvalget", date=dt.date(2016, 11, 8),
                                                    municipality="151"))  # fmt: skip
    assert record.municipality.name == "Ballerup Kommune"
    assert [f.code for f in record.findings if "municipality" in f.code] == ["given-municipality"]


def test_sidecar_file_supplies_committee_and_date(tmp_path):
    path = tmp_path / "punkt.txt"
    path.write_text(PDF_SNIPPET, encoding="utf-8")
    (tmp_path / "punkt.txt.meta.json").write_text(
        json.dumps({"committee": "Kommunalbestyrelsen", "date": "2016-10-10", "municipality": "151"})
    )
    record = load(path)
    assert (record.meeting.committee.name, record.meeting.date, record.municipality.code) == (
        "Kommunalbestyrelsen",
        dt.date(2016, 10, 10),
        "151",
    )


@pytest.mark.parametrize(
    ("sidecar", "complaint"),
    [
        ('{"comittee": "Kommunalbestyrelsen"}', "unknown key 'comittee'"),
        ('{"committee": 123}', "'committee' must be a text"),
        ('["Kommunalbestyrelsen"]', "expected an object"),
        ('{"date": "10-10-2016"}', "'date' '10-10-2016' is not a date"),
        ('{"committee": "Kommunalbestyrelsen",}', "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "not JSON"),
    ],
)
def test_a_bad_sidecar_is_an_error_naming_the_sidecar_file(tmp_path, sidecar, complaint):
    path = tmp_path / "punkt.txt"
    path.write_text(PDF_SNIPPET, encoding="utf-8")
    (tmp_path / "punkt.txt.meta.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(LoaderError) as raised:
        load(path)
    assert raised.value.path == f"{path}.meta.json" and complaint in raised.value.message


def test_a_bad_sidecar_is_reported_against_the_sidecar_in_the_build_report(tmp_path):
    from kommunegraf.pipeline import build

    path = tmp_path / "punkt.txt"
    path.write_text(PDF_SNIPPET, encoding="utf-8")
    (tmp_path / "punkt.txt.meta.json").write_text('{"comittee": "Kommunalbestyrelsen"}', encoding="utf-8")
    (report,) = build([str(path)], jobs=1).files
    assert report.status == "failed" and report.errors[0].startswith(f"{path}.meta.json: ")


def test_standalone_document_title_is_repaired_and_dated():
    record = load(seed("002"))
    assert (record.title, record.date, record.doc_kind) == (
        "Beskæftigelsesplan 2021",
        dt.date(2020, 12, 1),
        "plan",
    )
    assert record.title_lines.start == 3


def test_format_option_overrides_detection():
    assert load(seed("000"), format="minutes-markdown").source.format == "minutes-markdown"
    assert load(seed("000"), format="document").kind == "document"


def test_format_names_of_earlier_versions_are_still_accepted():
    assert load(seed("000"), format="referat-text").source.format == "minutes"


def test_report_says_what_was_not_understood():
    text = (
        "REFERAT Kultur- og Fritidsudvalget d. 02-03-2022\n\nMødested Gladsaxe Rådhus\n\n"
        "Mødedeltagere Ole Hansen (A), ???, Kirsten Berg (V)\n\nReferent: se bagsiden\n\n"
        "Punkt 1: Meddelelser\n\nTidligere behandling\n\nUdvalget i efteråret\n\n"
        "Beslutning\n\nTaget til efterretning\n"
    )
    record = load_text(text)
    assert [p.name for p in record.meeting.participants] == ["Ole Hansen", "Kirsten Berg"]
    assert [(f.code, f.line, f.text) for f in record.findings] == [
        ("unparsed-person", 5, "???"),
        ("unparsed-person", 7, "se bagsiden"),
        ("unparsed-previous", 13, "Udvalget i efteråret"),
    ]
    assert record.warnings[0] == "line 5: not understood as a person: '???'"
