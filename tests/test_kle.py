"""Journal numbers parse into KLE topic, facet, serial and year."""

from __future__ import annotations

from kommunegraf.reference.kle import hierarchy, parse_journal_number, title


def test_dashed_journal_number():
    number = parse_journal_number("00.01.10-P35-13-20")
    assert (number.kle, number.facet, number.serial, number.year) == ("00.01.10", "P35", 13, 2020)
    assert number.normalized == "00.01.10-P35-13-20"


def test_herlev_form_without_dash_before_the_facet_normalises_to_the_dashed_form():
    assert parse_journal_number("00.01.00G01-161-21").normalized == "00.01.00-G01-161-21"


def test_text_that_is_not_a_journal_number():
    assert parse_journal_number("Beslutning") is None
    assert parse_journal_number("20.05 Forsørgelsesydelse") is None


def test_topic_group_and_main_group():
    assert [(c.code, c.level) for c in hierarchy("15.00.00")] == [
        ("15.00.00", "topic"),
        ("15.00", "group"),
        ("15", "main group"),
    ]


def test_main_group_has_its_title():
    assert title(hierarchy("00.01.10")[2]) == "Kommunens styrelse"
    assert title(hierarchy("15.00.00")[2]) == "Arbejdsmarked og beskæftigelsesindsats"


def test_every_main_group_has_a_title():
    from kommunegraf.reference.kle import MAIN_GROUP_TITLES

    assert len(MAIN_GROUP_TITLES) == 36 and all(MAIN_GROUP_TITLES.values())


def test_groups_and_topics_have_no_invented_title():
    assert title(hierarchy("15.00.00")[0]) is None and title(hierarchy("15.00.00")[1]) is None
