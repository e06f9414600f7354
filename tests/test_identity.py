"""Ids come from declared keys: the same key gives the same id, another key another id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import STAMP, seed

from kommunegraf.graph import build_graph
from kommunegraf.graph.identity import IdMinter
from kommunegraf.ontology.schema import NODE_KEYS
from kommunegraf.pipeline import build

MINT = IdMinter("https://example.org/id/")
MUNICIPALITY = MINT.municipality("151")
COMMITTEE = MINT.committee(MUNICIPALITY, "Erhvervs- og Beskæftigelsesudvalget")
MEETING = MINT.meeting(COMMITTEE, dt.date(2021, 11, 9))
ITEM = MINT.agenda_item(MEETING, 2)

# label -> (mint with one key, mint with the same key again, mint with another key)
EXAMPLES = {
    "Municipality": (
        lambda: MINT.municipality("151"),
        lambda: MINT.municipality("0151"),
        lambda: MINT.municipality("163"),
    ),
    "Committee": (
        lambda: COMMITTEE,
        lambda: MINT.committee(MUNICIPALITY, "Erhvervs- og Beskæftigelsesudvalget"),
        lambda: MINT.committee(MINT.municipality("163"), "Erhvervs- og Beskæftigelsesudvalget"),
    ),
    "Meeting": (
        lambda: MEETING,
        lambda: MINT.meeting(COMMITTEE, dt.date(2021, 11, 9)),
        lambda: MINT.meeting(COMMITTEE, dt.date(2021, 11, 9), "13:00"),
    ),
    "AgendaItem": (lambda: ITEM, lambda: MINT.agenda_item(MEETING, 2), lambda: MINT.agenda_item(MEETING, 3)),
    "Decision": (
        lambda: MINT.decision(ITEM),
        lambda: MINT.decision(MINT.agenda_item(MEETING, 2)),
        lambda: MINT.decision(MINT.agenda_item(MEETING, 3)),
    ),
    "Case": (
        lambda: MINT.case(MUNICIPALITY, "00.01.10-P35-13-20"),
        lambda: MINT.case(MUNICIPALITY, "00.01.10-p35-13-20"),
        lambda: MINT.case(MINT.municipality("163"), "00.01.10-P35-13-20"),
    ),
    "KLETopic": (
        lambda: MINT.kle_topic("15.00.00"),
        lambda: MINT.kle_topic("15.00.00"),
        lambda: MINT.kle_topic("15.00"),
    ),
    "Person": (
        lambda: MINT.person(MUNICIPALITY, "Songül Ulas"),
        lambda: MINT.person(MUNICIPALITY, "Songül Ulas"),
        lambda: MINT.person(MINT.municipality("163"), "Songül Ulas"),
    ),
    "Party": (
        lambda: MINT.party("Ø", MUNICIPALITY),
        lambda: MINT.party("ø", MINT.municipality("163")),  # a national party: one node in every municipality
        lambda: MINT.party("Æ", MUNICIPALITY),
    ),
    "OrgUnit": (
        lambda: MINT.org_unit(MUNICIPALITY, "Center for Økonomi"),
        lambda: MINT.org_unit(MUNICIPALITY, "Center for Økonomi"),
        lambda: MINT.org_unit(MUNICIPALITY, "Center for Arbejdsmarked"),
    ),
    "Attachment": (
        lambda: MINT.attachment(ITEM, "Jobcamp 2021"),
        lambda: MINT.attachment(ITEM, "Jobcamp 2021"),
        lambda: MINT.attachment(MINT.agenda_item(MEETING, 1), "Jobcamp 2021"),
    ),
    "Document": (
        lambda: MINT.document("ab" * 32),
        lambda: MINT.document("ab" * 32),
        lambda: MINT.document("cd" * 32),
    ),
    "Source": (
        lambda: MINT.source("ab" * 32),
        lambda: MINT.source("ab" * 32),
        lambda: MINT.source("cd" * 32),
    ),
}


def test_every_label_in_the_schema_has_a_checked_key():
    assert set(EXAMPLES) == set(NODE_KEYS)


def test_same_key_same_id_and_other_key_other_id():
    for label, (first, again, other) in EXAMPLES.items():
        assert first() == again(), label
        assert first() != other(), label


def test_ids_are_readable_iris_with_danish_letters_transliterated():
    assert COMMITTEE == "https://example.org/id/municipality/151/committee/erhvervs-og-beskaeftigelsesudvalget"
    assert MINT.party("Ø", MUNICIPALITY) == "https://example.org/id/party/oe"
    assert ITEM.endswith("/meeting/2021-11-09/item/2")


def test_a_local_list_is_keyed_by_its_municipality_and_a_national_party_is_not():
    herlev = MINT.municipality("163")
    # "L" is no national ballot letter (kommunegraf.reference.parties): a local list in each municipality
    assert MINT.party("L", MUNICIPALITY) != MINT.party("L", herlev)
    assert MINT.party("L", MUNICIPALITY) == "https://example.org/id/municipality/151/party/l"
    assert MINT.party("A", MUNICIPALITY) == MINT.party("A", herlev) == "https://example.org/id/party/a"


def test_a_local_lists_letter_in_two_municipalities_makes_two_parties_and_a_national_party_one(tmp_path):
    text = seed("000").read_text(encoding="utf-8").replace("Sussie Wandel (V)", "Sussie Wandel (L)")
    (tmp_path / "ballerup.txt").write_text(text, encoding="utf-8")
    (tmp_path / "herlev.txt").write_text(text.replace("Ballerup", "Herlev"), encoding="utf-8")  # the same in Herlev
    graph = build([tmp_path], loaded_at=STAMP).graph
    parties = {(n.properties["letter"], n.id) for n in graph.of_label("Party")}
    ids = IdMinter()
    assert {pid for letter, pid in parties if letter == "L"} == {
        f"{ids.municipality(code)}/party/l" for code in ("151", "163")
    }
    assert {pid for letter, pid in parties if letter == "A"} == {f"{ids.base}party/a"}


def test_names_with_letters_no_latin_spelling_exists_for_keep_distinct_ids():
    from kommunegraf.text import slug

    greek, cyrillic = slug("Οικονομική Επιτροπή"), slug("Экономический комитет")
    assert greek != cyrillic and "-" not in (greek, cyrillic)
    assert slug("Οικονομική Επιτροπή") == greek  # stable
    assert slug("Erhvervs- og Beskæftigelsesudvalget") == "erhvervs-og-beskaeftigelsesudvalget"  # unchanged


def test_attachments_of_one_item_whose_titles_differ_only_in_case_or_punctuation_stay_apart():
    from kommunegraf.loaders import load_text

    text = (Path(__file__).parent.parent / "examples" / "minutes" / "000_eeae5a2dcf1e0b42.txt").read_text(
        encoding="utf-8"
    )
    text = text.replace("Bilag\n\nJobcamp 2021\n", "Bilag\n\nJobcamp 2021\n\nJobcamp 2021.\n\njobcamp 2021\n", 1)
    record = load_text(text, path="bilag.txt")
    first = next(i for i in record.items if i.number == 1)
    assert [a.title for a in first.attachments] == ["Jobcamp 2021", "Jobcamp 2021.", "jobcamp 2021"]
    graph = build_graph([record], "2026-01-01T00:00:00Z")
    titles = sorted(n.properties["title"] for n in graph.of_label("Attachment") if "/item/1/" in n.id)
    assert titles == ["Jobcamp 2021", "Jobcamp 2021.", "jobcamp 2021"]
