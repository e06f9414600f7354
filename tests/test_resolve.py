"""Misspelt and inflected names of one committee or unit merge; different ones stay apart."""

from __future__ import annotations

import itertools

from kommunegraf.graph.resolve import NameResolver

COMMITTEES = [
    "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget",
    "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget",
    "Erhvervs-, Beskæftigelses-, og Uddannelsesudvalget",
    "Erhvervs- og Beskæftigelsesudvalget",
    "Erhvervs- og Beskæftigelsesudvalget",
    "Erhverv- og Beskæftigelsesudvalgets",
    "Kommunalbestyrelsen",
]


def test_misspelling_merges_with_the_most_mentioned_spelling():
    resolver = NameResolver(COMMITTEES)
    assert resolver.canonical("Erhvervs-, Beskæftigelses-, og Uddannelsesudvalget") == (
        "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"
    )


def test_genitive_misspelling_merges():
    assert (
        NameResolver(COMMITTEES).canonical("Erhverv- og Beskæftigelsesudvalgets")
        == "Erhvervs- og Beskæftigelsesudvalget"
    )


def test_committees_that_differ_by_a_word_stay_apart():
    resolver = NameResolver(COMMITTEES)
    assert resolver.canonical("Erhvervs- og Beskæftigelsesudvalget") != resolver.canonical(
        "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"
    )


def test_units_misspelt_merge_and_similar_units_stay_apart():
    units = ["Center for Arbejdsmarked"] * 3 + [
        "Center for Arbejdsmarkedet",
        "Center for By og Miljø",
        "Center for By, Erhverv og Miljø",
    ]
    resolver = NameResolver(units)
    assert resolver.canonical("Center for Arbejdsmarkedet") == "Center for Arbejdsmarked"
    assert resolver.canonical("Center for By og Miljø") == "Center for By og Miljø"


def test_clusters_do_not_depend_on_the_order_names_arrive_in():
    results = {
        tuple(NameResolver(order).canonical(name) for name in COMMITTEES)
        for order in itertools.islice(itertools.permutations(COMMITTEES), 0, 5040, 97)
    }
    assert len(results) == 1


def test_a_municipality_s_council_spellings_are_one_committee_named_with_its_town():
    # Odense prints "Byrådet" in headings, "byrådet" in running text and "Odense Byråd" in its header
    resolver = NameResolver(["Byrådet", "Byrådet", "byrådet", "Odense Byråd"], towns=["Odense"])
    assert {resolver.canonical(s) for s in ("Byrådet", "byrådet", "Odense Byråd")} == {"Odense Byråd"}


def test_a_council_named_with_another_town_stays_apart():
    resolver = NameResolver(["Byrådet", "Aarhus Byråd"], towns=["Odense"])
    assert resolver.canonical("Aarhus Byråd") == "Aarhus Byråd"
    assert resolver.canonical("Byrådet") == "Byrådet"


def test_kommunalbestyrelse_and_byraad_are_different_councils():
    resolver = NameResolver(["Kommunalbestyrelsen", "Byrådet"], towns=["Tønder"])
    assert resolver.canonical("Kommunalbestyrelsen") != resolver.canonical("Byrådet")
