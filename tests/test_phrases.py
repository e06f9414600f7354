"""The phrases minutes use to state facts (people, units, presenters, earlier treatments, attachments,
outcomes), read on sentences taken from the seeds."""

from __future__ import annotations

import datetime as dt

import pytest

from kommunegraf.loaders import committee_names, officials, people, phrases, recommenders


def test_participant_list_splits_on_commas_outside_parentheses():
    text = (
        "Steen Pedersen (centerchef for By, Erhverv og Miljø), Sussie Wandel (V) (Afbud), Johan Müller (A), "
        "Mette Vaaben Mortensen"
    )
    listed = people.read_list(text)[0]
    assert [(p.name, p.party, p.role, p.absent) for p in listed] == [
        ("Steen Pedersen", None, "centerchef for By, Erhverv og Miljø", False),
        ("Sussie Wandel", "V", None, True),
        ("Johan Müller", "A", None, False),
        ("Mette Vaaben Mortensen", None, None, False),
    ]


def test_participant_with_party_role_and_afbud():
    person = people.parse_entry("Allan Kristensen (C) (2. viceborgmester) (Afbud)")
    assert (person.name, person.party, person.role, person.absent) == (
        "Allan Kristensen",
        "C",
        "2. viceborgmester",
        True,
    )


def test_initials_belong_to_the_name():
    assert people.parse_entry("Saime B. Inanc (Ø)").name == "Saime B. Inanc"


def test_party_letters_are_found_in_running_text():
    text = "Hovedstaden, hvor Kåre Harder Olesen (V) fra Ballerup Kommune indgår som repræsentant"
    assert people.party_memberships(text) == [("Kåre Harder Olesen", "V")]


def test_abbreviations_in_parentheses_are_not_party_letters():
    text = "Det Regionale Arbejdsmarkedsråd (RAR) for Hovedstaden og Særligt Tilrettelagt Virksomhedsindsats (STV)"
    assert people.party_memberships(text) == []


def test_the_afbud_label_is_not_part_of_a_name():
    text = "Afbud Allan Kristensen (C) (2. viceborgmester), Saime B. Inanc (Ø)"
    assert people.party_memberships(text) == [("Allan Kristensen", "C"), ("Saime B. Inanc", "Ø")]


def test_centerchef_role_places_the_person_in_the_centre():
    assert officials.unit_of_role("centerchef for Arbejdsmarked") == "Center for Arbejdsmarked"
    assert officials.unit_of_role("erhvervschef") is None


def test_centrene_samt_names_two_units():
    text = "Centrene for Arbejdsmarked samt By, Erhverv og Miljø indstiller, at"
    assert [r.name for r in recommenders.recommenders(text) if r.unit] == [
        "Center for Arbejdsmarked",
        "Center for By, Erhverv og Miljø",
    ]


def test_one_unit_before_indstiller():
    assert [r.name for r in recommenders.recommenders("Center for Politik og Organisation indstiller, at:")] == [
        "Center for Politik og Organisation"
    ]


def test_presenter_with_role_and_unit():
    text = (
        "På Erhvervs- og Beskæftigelsesudvalgets møde deltager økonomikonsulent Kathrine Dahl Marcussen "
        "fra Center for Økonomi under behandlingen af sagen."
    )
    assert officials.presenters(text) == [
        officials.PresenterEntry("Kathrine Dahl Marcussen", "økonomikonsulent", "Center for Økonomi")
    ]


def test_presenters_joined_by_samt_share_the_unit_named_last():
    text = (
        "deltager afsnitsleder Henrik Rosenkilde samt teamleder Tina Vestergaard Christiansen "
        "fra Center for Arbejdsmarked under behandlingen af sagen."
    )
    assert [(p.name, p.role, p.org) for p in officials.presenters(text)] == [
        ("Henrik Rosenkilde", "afsnitsleder", "Center for Arbejdsmarked"),
        ("Tina Vestergaard Christiansen", "teamleder", "Center for Arbejdsmarked"),
    ]


def test_presenters_with_commas_and_a_team_after_the_unit():
    text = (
        "deltager afsnitsleder, Rita Bråten og teamleder, Nanna Suhr Rasmussen, fra Center for Arbejdsmarked, "
        "Ungesporet under behandling af sagen."
    )
    assert [(p.name, p.org) for p in officials.presenters(text)] == [
        ("Rita Bråten", "Center for Arbejdsmarked"),
        ("Nanna Suhr Rasmussen", "Center for Arbejdsmarked"),
    ]


def test_presenters_each_with_their_own_unit():
    text = (
        "På Erhvervs- og Beskæftigelsesudvalgets møde deltager centerchef Eva Borg fra Center for Social og "
        "Sundhed og sektionsleder Ann-Christina Pilsgaard fra Jobcenter Ballerup."
    )
    assert [(p.name, p.role, p.org) for p in officials.presenters(text)] == [
        ("Eva Borg", "centerchef", "Center for Social og Sundhed"),
        ("Ann-Christina Pilsgaard", "sektionsleder", "Jobcenter Ballerup"),
    ]


def test_med_deltagelse_af_names_a_presenter_without_unit():
    text = "På mødet giver forvaltningen en status på Herlev Kommunes indsats med deltagelse af teamleder Aysel Demir."
    assert officials.presenters(text) == [officials.PresenterEntry("Aysel Demir", "teamleder", None)]


def test_people_who_took_part_in_a_conference_are_not_presenters():
    text = "1. Ledere fra Center for Arbejdsmarked deltog den 7.-8. oktober 2021 i KL's årlige Jobcamp"
    assert officials.presenters(text) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Kommunalbestyrelsen den 11. oktober 2021 Punkt 2",
            ("Kommunalbestyrelsen", dt.date(2021, 10, 11), 2),
        ),
        (
            "Erhvervs- og Beskæftigelsesudvalget den 5. oktober 2021 PUNKT 6",
            ("Erhvervs- og Beskæftigelsesudvalget", dt.date(2021, 10, 5), 6),
        ),
        (
            "Erhvervs- og Beskæftigelsesudvalget den 13. september 2016, Punkt 7",
            ("Erhvervs- og Beskæftigelsesudvalget", dt.date(2016, 9, 13), 7),
        ),
    ],
)
def test_previous_treatment_lines(line, expected):
    assert [(p.committee, p.date, p.number) for p in phrases.previous_mentions(line)] == [expected]


@pytest.mark.parametrize(
    ("line", "title", "recommended", "number"),
    [
        ("ANBEFALES Beskæftigelsesplan 2022", "Beskæftigelsesplan 2022", True, None),
        (
            "1.1. ANBEFALES Rapporteringsnotat for den løbende revision",
            "Rapporteringsnotat for den løbende revision",
            True,
            "1.1",
        ),
        ("4.1 ANBEFALES Lokale erhvervspræstationer 2023", "Lokale erhvervspræstationer 2023", True, "4.1"),
        ("ANBEFALES - formål metode og konklusioner", "formål metode og konklusioner", True, None),
        (
            "ANBEFALES Oversigt over sagsbehandlingsfrister C-ARB - Tilføjet efter Erhvervs-, Beskæftigelses- og "
            "Uddannelsesudvalgets møde",
            "Oversigt over sagsbehandlingsfrister C-ARB",
            True,
            None,
        ),
        (
            "Dagsaktuel resultatstatus på sygedagpenge (tilknyttet efter mødet)",
            "Dagsaktuel resultatstatus på sygedagpenge",
            False,
            None,
        ),
        ("2022 -10 - Nøgletal AMU bilag 1", "2022 -10 - Nøgletal AMU bilag 1", False, None),
    ],
)
def test_attachment_lines(line, title, recommended, number):
    assert phrases.attachment(line) == phrases.AttachmentEntry(title, recommended, number)


@pytest.mark.parametrize(
    "line", ["2 bilag, heraf 2 anbefales", "1 bilag (anbefales)", "0 bilag", "5 bilag heraf 1 tilføjet efter"]
)
def test_attachment_counts_are_not_attachments(line):
    assert phrases.attachment(line) is None


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [
        ("Taget til efterretning", "noted"),
        ("Taget til efterretning med denne bemærkning: Punkt 1 er ikke behandlet", "noted"),
        ("Indstillingen godkendt", "approved"),
        ("Tiltrådt.", "approved"),
        (
            "Indstillingen godkendt med denne bemærkning: Erhvervs- og Beskæftigelsesudvalget ønsker",
            "approved_with_remarks",
        ),
        ("Indstilles til godkendelse", "recommended_to_council"),
        ("Undersøges. Ny sag forelægges.", "postponed"),
        ("Intet.", "other"),
        ("Protokollen blev underskrevet.", "other"),
    ],
)
def test_decision_outcomes(decision, outcome):
    assert phrases.outcome(decision) == outcome


def test_a_presenter_who_took_part_in_the_past_tense_is_found():
    found = officials.presenters("På mødet deltog teamleder Aysel Demir fra Center for Arbejdsmarked.")
    assert [(p.name, p.role, p.org) for p in found] == [("Aysel Demir", "teamleder", "Center for Arbejdsmarked")]


# -- committee abbreviations: expanded only where it is unambiguous ---------------------------------------


def test_a_standard_committee_abbreviation_is_expanded():
    # "EBC/JD - ØK - BY" (pages/holstebro-br-2018-05-15.txt)
    assert committee_names.expand_committee("ØK", {}) == "Økonomiudvalget"


def test_an_abbreviation_the_document_defines_is_expanded():
    # "Udvalget for plan, udvikling og kultur (PUK)" (structured/acadre-syddjurs-puk-2013-06-20)
    defined = committee_names.defined_abbreviation("Udvalget for plan, udvikling og kultur (PUK)")
    assert defined == ("PUK", "Udvalget for plan, udvikling og kultur")
    assert committee_names.expand_committee("PUK", dict([defined])) == "Udvalget for plan, udvikling og kultur"


def test_an_abbreviation_neither_standard_nor_defined_is_not_guessed():
    # "Beslutning om erhvervsklasse (BUU)" in a contents list (pages/ringsted-br-2019-09-09.txt)
    assert committee_names.expand_committee("BUU", {}) is None
