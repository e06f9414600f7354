"""OCR repair of æ, ø and å changes a word only when the Danish word list confirms it."""

from __future__ import annotations

import pytest

from kommunegraf.loaders.ocr_repair import repair_text, repair_word


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("Beskaeftigelsesplan", "Beskæftigelsesplan"),  # ae, and a compound no list holds whole
        ("Beskeeftigelsesplan", "Beskæftigelsesplan"),  # ee
        ("hjzelp", "hjælp"),  # ze
        ("forlgb", "forløb"),  # g for ø
        ("stgrre", "større"),
        ("pd", "på"),  # d for å
        ("8r", "år"),  # 8 for å
        ("M&l", "Mål"),  # & for å
        ("malgruppe", "målgruppe"),  # a for å
    ],
)
def test_damaged_words_are_repaired(damaged, repaired):
    assert repair_word(damaged) == repaired


def test_a_listed_word_is_replaced_only_by_a_far_more_common_one():
    assert repair_word("pa") == "på"  # "pa" is listed, "på" a thousand times as common


@pytest.mark.parametrize("word", ["far", "har", "god", "man", "Ballerup", "Kommune", "plan", "2021"])
def test_real_words_are_left_alone(word):
    assert repair_word(word) == word


def test_unknown_words_without_a_confirmed_repair_stay_as_they_are():
    assert repair_word("Xqzv") == "Xqzv"


def test_text_keeps_everything_but_the_repaired_words():
    line = "Beskeeftigelsesplan 2021 for Ballerup Kommune bestar af hovedelementerne fra"
    assert repair_text(line) == "Beskæftigelsesplan 2021 for Ballerup Kommune består af hovedelementerne fra"
