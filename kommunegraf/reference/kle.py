"""KLE (KL Emnesystematik), the journal plan Danish municipalities file cases under.

A journal number such as ``00.01.10-P35-13-20`` reads: KLE topic ``00.01.10``
(main group ``00``, group ``00.01``, topic ``00.01.10``), handling facet
``P35``, serial number 13, year 2020. Herlev prints it without the dash before
the facet (``00.01.00G01-161-21``); both normalise to the dashed form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JOURNAL_NUMBER = re.compile(
    r"^(?P<kle>\d\d\.\d\d\.\d\d)\s*-?\s*(?P<facet>[A-ZÆØÅ]\d\d)\s*-\s*(?P<serial>\d+)\s*-\s*(?P<year>\d\d(?:\d\d)?)$"
)

# The main groups (hovedgrupper) of KLE with their titles, as the Danish public
# sector's IT-system specification lists them from kle-online.dk's emneplan.
MAIN_GROUP_TITLES: dict[str, str] = {
    "00": "Kommunens styrelse",
    "01": "Fysisk planlægning og naturbeskyttelse",
    "02": "Byggeri",
    "03": "Boliger",
    "04": "Parker, fritids-/idrætsanlæg og landskabspleje mv.",
    "05": "Veje og trafik",
    "06": "Spildevand og vandløb",
    "07": "Affald og genanvendelse",
    "08": "Havne og lufthavne",
    "09": "Miljøbeskyttelse",
    "13": "Forsyning",
    "14": "Beredskab",
    "15": "Arbejdsmarked og beskæftigelsesindsats",
    "17": "Folkeskoleundervisning",
    "18": "Folkeoplysning og ungdomsskoler",
    "19": "Kulturhistoriske institutioner",
    "20": "Kulturvirksomhed",
    "21": "Biblioteker",
    "22": "Regulering af private erhverv",
    "23": "Borgerlige forhold",
    "24": "Erhvervsforhold",
    "25": "Beskatning",
    "27": "Social service",
    "28": "Dagtilbud",
    "29": "Sundhed",
    "30": "Andre myndigheders opgaver",
    "32": "Kontante ydelser",
    "54": "Uddannelse",
    "81": "Kommunens personale",
    "82": "Kommunens ejendomme og lokaler",
    "83": "Kommunens driftsmidler og inventar",
    "84": "Offentlige valg",
    "85": "Kommunens administrative systemer",
    "86": "Kommunens selvforsyning og fremstillingsvirksomhed",
    "87": "Kommunens arbejdsmiljø",
    "88": "Kommunens indkøb og udbud",
}


@dataclass(frozen=True)
class JournalNumber:
    kle: str  # "00.01.10"
    facet: str  # "P35"
    serial: int  # 13
    year: int  # 2020

    @property
    def normalized(self) -> str:
        return f"{self.kle}-{self.facet}-{self.serial}-{self.year % 100:02d}"

    @property
    def group(self) -> str:
        return self.kle[:5]

    @property
    def main_group(self) -> str:
        return self.kle[:2]


def parse_journal_number(text: str) -> JournalNumber | None:
    """Parse a printed journal number; None when the text is not one."""
    match = JOURNAL_NUMBER.match(text.strip().upper())
    if not match:
        return None
    year = int(match["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    return JournalNumber(match["kle"], match["facet"], int(match["serial"]), year)


def case_number(text: str) -> str:
    """A case number of another scheme, kept as printed without its spaces: "14/30210", "EMN-2025-003383"."""
    return "".join(text.split()).upper()


def is_journal_number(text: str) -> bool:
    return parse_journal_number(text) is not None


@dataclass(frozen=True)
class KLECode:
    code: str  # "15" (main group), "15.00" (group) or "15.00.00" (topic)
    level: str  # "main group" | "group" | "topic"


def hierarchy(kle: str) -> list[KLECode]:
    """Topic -> group -> main group for a topic code such as ``15.00.00``."""
    return [KLECode(kle, "topic"), KLECode(kle[:5], "group"), KLECode(kle[:2], "main group")]


def title(code: KLECode) -> str | None:
    return MAIN_GROUP_TITLES.get(code.code) if code.level == "main group" else None
