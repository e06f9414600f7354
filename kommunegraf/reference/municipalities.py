"""The 98 Danish municipalities and their kommunekoder (official three-digit codes), and the five regions.

Each entry has the official name and the stem the text uses before "Kommune",
"Rådhus" or after "Jobcenter" ("Københavns Kommune", "Jobcenter København").

The five regions publish their committees' minutes through the same systems
(Region Hovedstaden's Publication XML in the real-world corpus). They are
kept as ``Municipality`` entries with their official region codes
(regionskoder 1081-1085, which no kommunekode takes), so a region's
committees and meetings have an owner like any municipality's; a region has
no stems, and is named only as "Region X" (``REGIONS``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # official name, "Ballerup Kommune"
    stems: tuple[str, ...]  # forms used in running text: ("Ballerup",)


def _m(code: int, stem: str, official: str | None = None, *extra: str) -> Municipality:
    name = official or f"{stem} Kommune"
    return Municipality(code=f"{code:03d}", name=name, stems=(stem, *extra))


MUNICIPALITIES: tuple[Municipality, ...] = (
    _m(101, "København", "Københavns Kommune", "Københavns"),
    _m(147, "Frederiksberg"),
    _m(151, "Ballerup"),
    _m(153, "Brøndby"),
    _m(155, "Dragør"),
    _m(157, "Gentofte"),
    _m(159, "Gladsaxe"),
    _m(161, "Glostrup"),
    _m(163, "Herlev"),
    _m(165, "Albertslund"),
    _m(167, "Hvidovre"),
    _m(169, "Høje-Taastrup"),
    _m(173, "Lyngby-Taarbæk"),
    _m(175, "Rødovre"),
    _m(183, "Ishøj"),
    _m(185, "Tårnby"),
    _m(187, "Vallensbæk"),
    _m(190, "Furesø"),
    _m(201, "Allerød"),
    _m(210, "Fredensborg"),
    _m(217, "Helsingør"),
    _m(219, "Hillerød"),
    _m(223, "Hørsholm"),
    _m(230, "Rudersdal"),
    _m(240, "Egedal"),
    _m(250, "Frederikssund"),
    _m(253, "Greve"),
    _m(259, "Køge"),
    _m(260, "Halsnæs"),
    _m(265, "Roskilde"),
    _m(269, "Solrød"),
    _m(270, "Gribskov"),
    _m(306, "Odsherred"),
    _m(316, "Holbæk"),
    _m(320, "Faxe"),
    _m(326, "Kalundborg"),
    _m(329, "Ringsted"),
    _m(330, "Slagelse"),
    _m(336, "Stevns"),
    _m(340, "Sorø"),
    _m(350, "Lejre"),
    _m(360, "Lolland"),
    _m(370, "Næstved"),
    _m(376, "Guldborgsund"),
    _m(390, "Vordingborg"),
    _m(400, "Bornholm", "Bornholms Regionskommune", "Bornholms"),
    _m(410, "Middelfart"),
    _m(420, "Assens"),
    _m(430, "Faaborg-Midtfyn"),
    _m(440, "Kerteminde"),
    _m(450, "Nyborg"),
    _m(461, "Odense"),
    _m(479, "Svendborg"),
    _m(480, "Nordfyn", "Nordfyns Kommune", "Nordfyns"),
    _m(482, "Langeland"),
    _m(492, "Ærø"),
    _m(510, "Haderslev"),
    _m(530, "Billund"),
    _m(540, "Sønderborg"),
    _m(550, "Tønder"),
    _m(561, "Esbjerg"),
    _m(563, "Fanø"),
    _m(573, "Varde"),
    _m(575, "Vejen"),
    _m(580, "Aabenraa"),
    _m(607, "Fredericia"),
    _m(615, "Horsens"),
    _m(621, "Kolding"),
    _m(630, "Vejle"),
    _m(657, "Herning"),
    _m(661, "Holstebro"),
    _m(665, "Lemvig"),
    _m(671, "Struer"),
    _m(706, "Syddjurs"),
    _m(707, "Norddjurs"),
    _m(710, "Favrskov"),
    _m(727, "Odder"),
    _m(730, "Randers"),
    _m(740, "Silkeborg"),
    _m(741, "Samsø"),
    _m(746, "Skanderborg"),
    _m(751, "Aarhus"),
    _m(756, "Ikast-Brande"),
    _m(760, "Ringkøbing-Skjern"),
    _m(766, "Hedensted"),
    _m(773, "Morsø"),
    _m(779, "Skive"),
    _m(787, "Thisted"),
    _m(791, "Viborg"),
    _m(810, "Brønderslev"),
    _m(813, "Frederikshavn"),
    _m(820, "Vesthimmerland", "Vesthimmerlands Kommune", "Vesthimmerlands"),
    _m(825, "Læsø"),
    _m(840, "Rebild"),
    _m(846, "Mariagerfjord"),
    _m(849, "Jammerbugt"),
    _m(851, "Aalborg"),
    _m(860, "Hjørring"),
)

REGIONS: tuple[Municipality, ...] = tuple(
    Municipality(code=str(code), name=f"Region {name}", stems=())
    for code, name in (
        (1081, "Nordjylland"),
        (1082, "Midtjylland"),
        (1083, "Syddanmark"),
        (1084, "Hovedstaden"),
        (1085, "Sjælland"),
    )
)
AUTHORITIES = MUNICIPALITIES + REGIONS

BY_CODE: dict[str, Municipality] = {m.code: m for m in AUTHORITIES}


def by_code(code: str) -> Municipality | None:
    """Look a municipality up by kommunekode (a region by its code); "151" and "0151" are the same."""
    text = code.strip()
    return BY_CODE.get(f"{int(text):03d}") if text.isdigit() else None


def by_name(name: str) -> Municipality | None:
    """Look a municipality (or region) up by official name or stem, case-insensitively."""
    wanted = name.strip().casefold()
    for m in AUTHORITIES:
        if wanted == m.name.casefold() or wanted in (s.casefold() for s in m.stems):
            return m
    return None
