"""Words synthetic minutes are made of: names, committees, units, titles and phrases as Danish minutes print them."""

from __future__ import annotations

FIRST_NAMES = (
    "Anders", "Anja", "Anne", "Birgitte", "Bo", "Camilla", "Christian", "Dennis", "Dorthe", "Emil", "Eva", "Frederik",
    "Gitte", "Hanne", "Henrik", "Ibrahim", "Ida", "Jakob", "Jannik", "Jens", "Jette", "Johan", "Karen", "Kasper",
    "Kirsten", "Lars", "Lene", "Line", "Louise", "Mads", "Maria", "Mette", "Michael", "Mikkel", "Morten", "Musa",
    "Niels", "Nina", "Ole", "Per", "Pernille", "Peter", "Rasmus", "Rikke", "Saime", "Sandra", "Signe", "Simon",
    "Sofie", "Steen", "Susanne", "Søren", "Thomas", "Tina", "Torben", "Trine", "Ulla", "Vibeke", "Aysel", "Åse",
)  # fmt: skip
MIDDLE_NAMES = ("Vestergaard", "Dahl", "Friberg", "Green", "Westh", "Harder", "Skov", "Bech", "Lund", "Holm")
LAST_NAMES = (
    "Andersen", "Bach", "Bertelsen", "Bomholdt", "Christensen", "Dam", "Demir", "Eriksen", "Frandsen", "Gregersen",
    "Hansen", "Holtze", "Iversen", "Jensen", "Jørgensen", "Kekec", "Kristensen", "Larsen", "Lonning", "Madsen",
    "Marcussen", "Mortensen", "Møller", "Nielsen", "Nygaard", "Olesen", "Pedersen", "Petersen", "Poulsen", "Rasmussen",
    "Rau", "Rosenkilde", "Schmidt", "Sørensen", "Thomsen", "Ulas", "Vinther", "Wolstrup", "Østergaard", "Aagaard",
)  # fmt: skip

# Ballot letters of the parties in Danish local elections.
PARTY_LETTERS = ("A", "B", "C", "D", "F", "I", "K", "O", "V", "Ø", "Å")
PARTY_WEIGHTS = (26, 5, 14, 3, 8, 4, 2, 5, 22, 7, 4)

COUNCILS = ("Kommunalbestyrelsen", "Byrådet")
# Committees are named after two areas: "Børne- og Skoleudvalget". (first part, second part)
COMMITTEE_AREAS = (
    "Børne", "Skole", "Social", "Sundheds", "Teknik", "Miljø", "Kultur", "Fritids", "Erhvervs", "Beskæftigelses",
    "Klima", "Plan", "Bolig", "Ældre", "Unge", "Uddannelses", "Idræts", "Trafik", "Integrations", "Handicap", "Natur",
    "Familie", "Forebyggelses", "Arbejdsmarkeds",
)  # fmt: skip
SINGLE_COMMITTEES = ("Økonomiudvalget", "Arbejdsmarkedsudvalget", "Ældreudvalget", "Klimaudvalget", "Kulturudvalget")


def committee_names() -> tuple[str, ...]:
    """Every committee name the corpus may use: the single ones and "A- og Budvalget" for two areas."""
    pairs = [f"{a}- og {b}udvalget" for i, a in enumerate(COMMITTEE_AREAS) for b in COMMITTEE_AREAS[i + 1 :]]
    return (*SINGLE_COMMITTEES, *pairs)


# The administration's centres: (the name after "centerchef for", the KLE main groups of its cases).
CENTRES = (
    ("Arbejdsmarked", ("15", "32")),
    ("Økonomi", ("00", "25")),
    ("Børn og Familie", ("27", "28")),
    ("Social og Sundhed", ("27", "29")),
    ("By og Miljø", ("01", "02", "05", "09")),
    ("Politik og Organisation", ("00", "81", "85")),
    ("Skoler og Dagtilbud", ("17", "28", "54")),
    ("Kultur og Fritid", ("18", "20", "21")),
)
STAFF_TITLES = ("afsnitsleder", "teamleder", "økonomikonsulent", "specialkonsulent", "chefkonsulent", "projektleder")
LEADER_TITLES = ("direktør", "kommunaldirektør")
POLITICAL_ROLES = ("formand", "næstformand", "1. viceborgmester", "2. viceborgmester")
LOCATIONS = ("Mødelokale {n}", "Mødecenter C, Lokale {n} på {stem} Rådhus", "Byrådssalen, {stem} Rådhus", "Lokale {n}")
WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
    "december",
)  # fmt: skip

TOPICS = (
    "Budgetopfølgning {year} på driftsbudgettet",
    "Handlingsplan for erhvervs- og vækstpolitikken {year}",
    "Kvalitetsrapport for folkeskolerne {year}",
    "Status på sygedagpengeområdet",
    "Beskæftigelsesplan {year}",
    "Takster for {year}",
    "Udbud af rengøring på kommunens institutioner",
    "Revision af ældrepolitikken",
    "Tilsyn med plejecentre {year}",
    "Lokalplan {n} for boligområdet ved {street}",
    "Trafiksikkerhedsplan {year}",
    "Renovering af {street} Skole",
    "Klimahandleplan {year}",
    "Nøgletal på beskæftigelsesområdet",
    "Mål- og rammebeskrivelser for {year}",
    "Ansøgning om tilskud fra puljen til {pool}",
    "Evaluering af indsatsen for unge uden uddannelse",
    "Dagtilbudsstruktur og kapacitet {year}",
    "Kulturstrategi {year}",
    "Årsregnskab {year}",
)
STREETS = ("Hedevej", "Skovvej", "Søndergade", "Kirkevej", "Stationsvej", "Engvej", "Bakkegården", "Parkvej")
POOLS = ("bedre skolemad", "grøn omstilling", "flere hænder i ældreplejen", "lokale kulturtilbud")

SENTENCES = (
    "Administrationen har udarbejdet et notat, der beskriver de vigtigste ændringer i forhold til sidste år.",
    "Sagen forelægges med henblik på at udvalget kan drøfte den videre proces.",
    "Der er i perioden gennemført dialogmøder med brugere, medarbejdere og relevante samarbejdspartnere.",
    "Udgifterne afholdes inden for den eksisterende ramme, og der er ikke behov for tillægsbevilling.",
    "Forvaltningen vurderer, at indsatsen har haft en positiv effekt på målgruppen.",
    "Tallene for de seneste tre år fremgår af vedlagte bilag og viser en stabil udvikling.",
    "Der forventes et mindreforbrug på området, som primært skyldes færre modtagere end budgetteret.",
    "Høringssvarene er indarbejdet i det endelige forslag, hvor det har været muligt.",
    "Det anbefales, at tidsplanen for den videre proces godkendes.",
    "Orienteringen gives på baggrund af et ønske fra udvalget på seneste møde.",
    "Sagen har været drøftet i MED-udvalget, som ikke havde bemærkninger.",
    "Projektet gennemføres i samarbejde med de øvrige kommuner i regionen.",
)
REMARKS = (
    "Udvalget ønsker en status på næste møde.",
    "Udvalget ønsker, at høringssvarene fremlægges samlet.",
    "Der udarbejdes et notat om økonomien til budgetseminaret.",
)

# Decision texts and the outcome each means (see ../shared/eval/CONVENTIONS.md).
DECISIONS = (
    ("Taget til efterretning", "noted"),
    ("Indstillingen godkendt", "approved"),
    ("Tiltrådt.", "approved"),
    ("Godkendt", "approved"),
    ("Indstillingen godkendt med denne bemærkning:", "approved_with_remarks"),
    ("Anbefales", "recommended_to_council"),
    ("Indstilles til godkendelse", "recommended_to_council"),
    ("Udsat", "postponed"),
    ("Intet.", "other"),
)
DECISION_WEIGHTS = (30, 30, 8, 4, 6, 8, 4, 3, 2)

ATTACHMENT_TITLES = (
    "Notat om {topic}",
    "Tidsplan for {topic}",
    "Økonomisk overblik {year}",
    "Høringssvar samlet",
    "Præsentation fra mødet",
    "Statistik for {year}",
    "Bilagsnotat til {topic}",
)
