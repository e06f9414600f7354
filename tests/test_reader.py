"""The minutes reader on real minutes (tests/fixtures/realworld): one behaviour each, compared with what the
page states."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, seed

from kommunegraf.loaders import Overrides, load, load_text

PAGES = FIXTURES / "realworld" / "pages"
DOCUMENTS = FIXTURES / "realworld" / "documents"


def page(name: str) -> Path:
    return PAGES / f"{name}.txt"


def item(record, number: int):
    return next(i for i in record.items if i.number == number)


# -- the two losses that used to be silent --------------------------------------------------------------


def test_a_fravaerende_line_in_the_header_marks_the_absent_and_keeps_the_attendees():
    # "Medlemmer:" lists nine, "Deltagere:" one more, "Fraværende: Marlene Harpsøe"
    record = load(page("helsingor-ou-2015-03-16"))
    assert [p.name for p in record.meeting.absent] == ["Marlene Harpsøe"]
    attended = [p.name for p in record.meeting.participants]
    assert "Marlene Harpsøe" not in attended
    assert {"Benedikte Kiær", "Haldis Glerfoss", "Ib Kirkegaard"} <= set(attended)
    assert len(attended) == 9


def test_a_decision_under_a_heading_naming_committee_and_date_is_the_decision():
    # "Beslutning i Erhvervs- og Turismeudvalget den 14-08-2024" / "Godkendt." / "Hanne ... var fraværende."
    record = load(page("svendborg-etu-2024-08-14"))
    budget = item(record, 2)
    assert budget.decision is not None and budget.decision.text == "Godkendt."
    assert "Godkendt" not in (budget.recommendation or "")
    assert [p.name for p in budget.absent] == ["Hanne Ringgaard Møller"]
    assert budget.decided_by is not None and budget.decided_by.name == "Erhvervs- og Turismeudvalget"


def _load_without_rule(path: Path, rule_id: str) -> dict:
    """The record of ``path`` read with the wording less one rule, in a fresh process (the wording is loaded
    once per process)."""
    script = textwrap.dedent(
        f"""
        import json, re
        import kommunegraf.loaders.vocabulary as wording
        files = wording.wording_files()
        def without(text):
            blocks = re.split(r"(?m)^(?=\\[\\[)", text)
            return "".join(b for b in blocks if 'id = "{rule_id}"' not in b)
        wording.wording_files = lambda: {{name: without(text) for name, text in files.items()}}
        from kommunegraf.loaders import load
        print(json.dumps(load({str(path)!r}).model_dump(mode="json")))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_decision_heading_the_wording_does_not_know_is_reported_not_folded_away():
    record = _load_without_rule(page("svendborg-etu-2024-08-14"), "decision.beslutning-i-den")
    unknown = [(f["line"], f["text"]) for f in record["findings"] if f["code"] == "unknown-heading"]
    assert (23, "Beslutning i Erhvervs- og Turismeudvalget den 14-08-2024") in unknown
    assert (4, "Beslutning i Erhvervs- og Turismeudvalget den 14-08-2024") in unknown


# -- outline ---------------------------------------------------------------------------------------------


def test_items_are_told_from_numbered_lists_in_their_text():
    # items "1" / "Godkendelse af dagsorden" / "EMN-2023-009832" ... "33"; item 5 lists proposals "1 Bedre og
    # mere velsmagende mad ..." numbered on through items 6-8, and "3." lists stand in later items
    record = load(DOCUMENTS / "aarhus-br-2025-10-08-dagsorden.html")
    assert [i.number for i in record.items] == list(range(1, 34))
    assert item(record, 1).title == "Godkendelse af dagsorden"
    assert item(record, 1).case.number == "EMN-2023-009832"
    assert item(record, 5).title == "Budgetforslag Ældre og sundhed"


def test_contents_entries_are_not_items():
    # the PDF's "Indholdsfortegnelse" lists every item with leader dots before the first "Punkt 1:"
    record = load(DOCUMENTS / "aarhus-br-2025-08-27.pdf")
    assert item(record, 1).title == "Godkendelse af dagsorden"
    assert item(record, 1).lines.start > 8  # the contents entry is on line 8


def test_a_number_glued_to_its_title_heads_an_item():
    # "114Spørgsmål til Byrådet fra borgerne"
    record = load(page("frederikssund-br-2025-06-25"))
    assert item(record, 114).title == "Spørgsmål til Byrådet fra borgerne"


# -- agendas -----------------------------------------------------------------------------------------------


def test_an_agenda_is_read_like_minutes_without_decisions():
    record = load(DOCUMENTS / "aarhus-br-2025-10-08-dagsorden.html")
    assert record.meeting.document_type == "agenda"
    assert all(i.decision is None for i in record.items)


def test_a_proposal_s_decision_text_in_an_agenda_is_reported():
    # item 14 is a members' proposal that prints the decision it asks for under "Beslutning:"
    record = load(DOCUMENTS / "aarhus-br-2025-10-08-dagsorden.html")
    (finding,) = [f for f in record.findings if f.code == "decision-in-agenda"]
    assert finding.message.startswith("item 14:")
    assert "Byrådet beslutter at hjemtage tilbud" in finding.message


def test_minutes_that_call_themselves_referat_are_minutes():
    assert load(page("svendborg-etu-2024-08-14")).meeting.document_type == "minutes"


# -- what is given and what is stated ----------------------------------------------------------------------


def test_what_the_text_states_wins_over_a_given_value_and_the_disagreement_is_reported():
    text = page("svendborg-etu-2024-08-14").read_text(encoding="utf-8")
    given = Overrides(committee="Økonomiudvalget", municipality="Svendborg")
    record = load_text(text, path="svendborg.txt", overrides=given)
    assert record.meeting.committee.name == "Erhvervs- og Turismeudvalget"
    assert [f.code for f in record.findings if f.code == "disagrees-with-given"] == ["disagrees-with-given"]


def test_a_municipality_from_the_sidecar_is_used_where_the_text_names_none():
    # the Svendborg page names no "Svendborg Kommune"; its sidecar gives kommunekode 479
    assert load(page("svendborg-etu-2024-08-14")).municipality.name == "Svendborg Kommune"


# -- a user's wording variants that must not lose facts ------------------------------------------------------

EXAMPLE = Path(__file__).parent.parent / "examples" / "minutes" / "000_eeae5a2dcf1e0b42.txt"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_a_fravaerende_line_after_moedeltagere_marks_only_the_absent():
    text = example_text().replace("Sussie Wandel (V) (Afbud), ", "")
    text = text.replace("Musa Kekec (A)\n", "Musa Kekec (A)\n\nFraværende: Sussie Wandel (V)\n", 1)
    record = load_text(text, path="fravaer.txt")
    assert [p.name for p in record.meeting.absent] == ["Sussie Wandel"]
    attended = {p.name for p in record.meeting.participants}
    assert "Sussie Wandel" not in attended and {"Johan Müller", "Musa Kekec", "Jette Rau"} <= attended


def test_a_decision_printed_on_the_line_right_after_its_heading_is_read():
    text = example_text().replace("Beslutning\n\nTaget til efterretning", "Beslutning\nTaget til efterretning", 1)
    record = load_text(text, path="beslutning.txt")
    assert item(record, 1).decision.text == "Taget til efterretning"


def test_a_start_time_no_clock_shows_is_reported_with_its_line_and_left_out():
    record = load_text(example_text().replace("kl. 13:00", "kl. 25:75", 1), path="time.txt")
    assert record.meeting.start_time is None
    (finding,) = [f for f in record.findings if f.code == "impossible-time"]
    assert finding.line == 5 and "25:75" in finding.message


# -- case numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "number", "printed"),
    [
        (DOCUMENTS / "aarhus-br-2025-08-27.pdf", 2, "EMN-2025-003383"),  # FirstAgenda's ESDH number
        (DOCUMENTS / "ballerup-sfu-2012-12-04.pdf", 2, "2012-28504"),  # eDoc: year and serial
        (page("fredensborg-br-2015-01-26"), 2, "14/30210"),  # year/serial
        (page("slagelse-mpbu-2018-03-05"), 1, "330-2017-90230"),  # kommunekode-year-serial
        (page("hedensted-kb-2025-06-25"), 2, "00.00.00-A00-11-24"),  # KLE
    ],
)
def test_a_case_number_of_any_scheme_is_kept_as_printed(path, number, printed):
    case = item(load(path), number).case
    assert case is not None and case.number == printed


# -- order ---------------------------------------------------------------------------------------------------


def test_a_file_reads_the_same_whatever_was_read_before_it():
    # the 2016 PDF text names its committee only in a reference to its own item, a reading that is remembered
    # between the two questions asked of it; other files read in between must not change the answer
    first = load(seed("003")).model_dump()
    for path in sorted(PAGES.glob("*.txt"))[:6]:
        load(path)
    assert load(seed("003")).model_dump() == first


# -- the header ------------------------------------------------------------------------------------------------


def test_a_block_of_labels_takes_the_block_of_values_after_it_in_order():
    # "Mødedato:" / "Mødetidspunkt:" / "Sluttidspunkt:" / "Mødested:" / "Bemærkninger:", then the values
    meeting = load(page("helsingor-ou-2015-03-16")).meeting
    assert (str(meeting.date), meeting.start_time, meeting.location) == (
        "2015-03-16",
        "17:00",
        "Det Hvide Værelse, Rådhuset",
    )


def test_labels_glued_on_one_line_share_out_the_values_after_them():
    # "Mødedato: Tirsdag den 9. juni 2015 Mødetidspunkt: 13:00-16:00 Mødested: Deltagere: Fraværende:
    # Referent: Dronningeværelset, det gamle rådhus Lisbet Rosendahl, ..., Erhardt Jull Ingen Pia Koch Hauge"
    meeting = load(page("varde-ukf-2015-06-09")).meeting
    assert meeting.location == "Dronningeværelset, det gamle rådhus"
    assert [p.name for p in meeting.participants][:2] == ["Lisbet Rosendahl", "Mads Sørensen"]
    assert "Pia Koch Hauge" not in [p.name for p in meeting.participants]  # the minute-taker
    assert meeting.absent == []  # "Fraværende: ... Ingen"


def test_an_empty_label_before_a_list_does_not_take_the_list():
    # "Deltagere:" / "Fraværende:" / the nine members: an absence list with nine names under an empty
    # "Deltagere:" label is the participants'
    meeting = load(page("skive-ou-2015-01-20")).meeting
    assert meeting.absent == []
    assert len(meeting.participants) == 9 and meeting.participants[0].name == "Peder Chr. Kirkegaard"
