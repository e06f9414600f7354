"""The repairs of PDF extraction damage, one behaviour each, on lines from the seeds."""

from __future__ import annotations

import pytest

from kommunegraf.loaders.lines import Line
from kommunegraf.loaders.pdf_repair import (
    PhysicalLine,
    drop_running_lines,
    is_page_number,
    join_hyphenated,
    join_wrapped,
    mend_lines,
    mend_text,
)

RIGHT = 540.0  # the column's right edge in these examples


def printed(
    text: str, row: int, *, x1: float, page: int = 1, column: int = 0, first_word: float = 40.0
) -> PhysicalLine:
    """A printed line of 10 pt text on row ``row`` (13 pt apart), ending at ``x1``."""
    top = 70.0 + row * 13.0
    return PhysicalLine(text, page, column, 56.0, x1, top, top + 10.0, 10.0, first_word, RIGHT)


def texts(lines: list[PhysicalLine]) -> list[str | None]:
    return [None if line is None else line.text for line in join_wrapped(lines)]


def test_a_line_that_reaches_the_column_edge_continues_on_the_next():
    lines = [
        printed("Mødedeltagere Jette Rau (erhvervschef), Steen Pedersen (centerchef for By, Erhverv og", 0, x1=535),
        printed("Miljø), Jannik Karoli Plum Nielsen (centerchef for Arbejdsmarked)", 1, x1=380),
    ]
    assert texts(lines) == [
        "Mødedeltagere Jette Rau (erhvervschef), Steen Pedersen (centerchef for By, Erhverv og Miljø), "
        "Jannik Karoli Plum Nielsen (centerchef for Arbejdsmarked)"
    ]


def test_a_short_line_with_room_for_the_next_word_ends_its_paragraph_line():
    lines = [printed("Beslutningen træffes af", 0, x1=170), printed("Erhvervs- og Beskæftigelsesudvalget", 1, x1=230)]
    assert texts(lines) == ["Beslutningen træffes af", "Erhvervs- og Beskæftigelsesudvalget"]


def test_a_paragraph_gap_becomes_an_empty_line():
    lines = [printed("Indstilling", 0, x1=110), printed("Center for Arbejdsmarked indstiller, at", 2, x1=260)]
    assert texts(lines) == ["Indstilling", None, "Center for Arbejdsmarked indstiller, at"]


def test_a_paragraph_continues_across_a_page_break():
    lines = [
        printed(
            "På Erhvervs-, Beskæftigelses- og Uddannelsesudvalgets møde deltager erhvervsudviklingschef", 58, x1=538
        ),
        printed("Claudia Westh Lonning fra Center for Politik og Organisation.", 0, x1=330, page=2),
    ]
    assert texts(lines) == [
        "På Erhvervs-, Beskæftigelses- og Uddannelsesudvalgets møde deltager erhvervsudviklingschef "
        "Claudia Westh Lonning fra Center for Politik og Organisation."
    ]


def test_a_column_break_between_paragraphs_is_an_empty_line():
    lines = [printed("Taget til efterretning.", 40, x1=150), printed("Bilag", 0, x1=80, column=1)]
    assert texts(lines) == ["Taget til efterretning.", None, "Bilag"]


def test_a_table_row_is_never_joined_to_the_next():
    row = printed("Meddelelser\t3", 0, x1=538)
    row = PhysicalLine(**{**vars(row), "tabular": True})
    lines = [row, printed("Handlingsplan for Erhvervs- og Vækstpolitikken for 2023\t5", 1, x1=538)]
    assert len(texts(lines)) == 2


def test_a_bulleted_entry_starts_its_own_line():
    lines = [
        printed("- 20.04 Erhvervsudvikling, turisme og landdistrikter og et par ord mere til kanten", 0, x1=537),
        printed("- 20.05 Forsørgelsesydelse og beskæftigelsesindsats", 1, x1=300, first_word=4),
    ]
    assert len(texts(lines)) == 2


def test_a_word_hyphenated_at_the_line_end_is_joined():
    assert join_hyphenated("samlede bevillingsrammer for Beskæftigelses-", "udvalget i 2021") == (
        "samlede bevillingsrammer for Beskæftigelsesudvalget i 2021"
    )


def test_a_hyphen_before_a_conjunction_is_kept_with_its_space():
    assert join_hyphenated("Erhvervs-, Beskæftigelses-", "og Uddannelsesudvalget") == (
        "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"
    )


def test_a_hyphen_after_a_capital_is_kept():
    assert join_hyphenated("udviklingen under COVID-", "19") == "udviklingen under COVID-19"


def test_page_numbers_are_recognised_in_their_usual_forms():
    assert all(is_page_number(text) for text in ("3", "Side 3 af 12", "- 3 -", "3/12", "side 14"))
    assert not is_page_number("3. Mindreforbrug aktiveringsstrategi (20.05)")


def test_a_running_header_repeated_at_the_top_of_the_pages_is_dropped():
    pages = [
        ["Ballerup Kommune · Referat", "REFERAT Erhvervs- og Beskæftigelsesudvalget d. 09-11-2021", "Side 1 af 3"],
        ["Ballerup Kommune · Referat", "Punkt 2: Tredje budgetopfølgning 2021", "tekst", "Side 2 af 3"],
        ["Ballerup Kommune · Referat", "Punkt 3: Beskæftigelsesplan 2022", "Side 3 af 3"],
    ]
    assert drop_running_lines(pages) == [{0, 2}, {0, 3}, {0, 2}]


def test_a_heading_that_appears_on_one_page_only_is_kept():
    pages = [["Indholdsfortegnelse", "Meddelelser"], ["Punkt 1: Meddelelser", "Bilag"]]
    assert drop_running_lines(pages) == [set(), set()]


def test_a_list_number_stuck_to_the_line_end_is_moved_to_its_start():
    assert mend_text("Det Regionale Arbejdsmarkedsråd (RAR) for Hovedstaden har drøftet1.") == (
        "1. Det Regionale Arbejdsmarkedsråd (RAR) for Hovedstaden har drøftet",
        True,
        None,
    )


def test_a_number_after_a_space_is_what_was_written():
    assert mend_text("Se bilag 2.") == ("Se bilag 2.", False, None)


def test_a_heading_glued_to_the_paragraph_before_is_split_off():
    assert mend_text("virksomhedernes mangel på medarbejdere.Bilag") == (
        "virksomhedernes mangel på medarbejdere.",
        False,
        "Bilag",
    )


def test_a_stuck_list_number_starts_a_new_line_even_after_a_wrapped_one():
    lines = [
        printed("og mangel på tilsvarende arbejdskraft, kommer i arbejde og dermed afhjælper vores", 0, x1=539),
        printed("Ballerup Kommune er en del af det Regionale Arbejdsmarkedsråd (RAR) for2.", 1, x1=500),
    ]
    assert texts(lines)[1] == "2. Ballerup Kommune er en del af det Regionale Arbejdsmarkedsråd (RAR) for"


def test_text_lines_are_mended_in_place_keeping_their_numbers():
    mended = mend_lines([Line(14, "virksomhedernes mangel på medarbejdere.Bilag"), Line(15, "1 bilag")])
    assert mended == [
        Line(14, "virksomhedernes mangel på medarbejdere."),
        Line(14, ""),
        Line(14, "Bilag"),
        Line(15, "1 bilag"),
    ]


# Lines of documents/aarhus-br-2025-08-27.pdf, each followed by a line a typesetter starts on its own; the
# first is set to reach the column's edge, where a line would otherwise run on.
@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde den "
            "27. august 2025.",
            "BESLUTNINGSFORSLAG FRA DD",
        ),  # a heading in capitals
        ("Sagens behandling blev udsat i byrådets møde den 26. marts 2025.", "Udvalg: Aarhus Byråd"),  # a label
        (
            "Forslaget blev sendt til besvarelse i Teknik og Miljø, som har undersøgt forslagets indhold.",
            "Beslutningspunkter",
        ),  # a short heading after a sentence
        (
            "Godkendelse af dagsorden........................................................................ 3",
            "Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø......... 4",
        ),  # the entry after a contents entry
    ],
)
def test_a_line_a_typesetter_starts_on_its_own_is_not_joined_to_the_line_before(before, after):
    lines = [printed(before, 0, x1=538), printed(after, 1, x1=300)]
    assert texts(lines) == [before, after]


def test_a_sentence_that_wraps_onto_a_short_lower_case_line_is_joined():
    before = "Forslaget blev sendt til besvarelse i Teknik og Miljø, som har undersøgt forslagets"
    lines = [printed(before, 0, x1=538), printed("indhold.", 1, x1=90)]
    assert texts(lines) == [f"{before} indhold."]
