"""The one mapping from the graph's schema to RDF terms.

Every label, property and relationship type of ``ontology.schema`` has an
RDF term here, with Danish and English labels and a comment, and its
alignment to the public vocabularies of the field (LBLOD besluit, W3C ORG,
person, FOAF, PROV-O, Dublin Core terms, schema.org, SKOS, ELI). Where a
public term means the same thing the export uses it directly; where none
exists (Afbud, the recommending unit, ...) the term is the project's own,
under ``KG``, and says so. An alignment is to a term whose definition holds
for every value: a public superclass or superproperty, or an inverse.

LBLOD's publication profile describes the published record of a meeting. A
meeting the corpus only refers to (``status`` "referenced": a "Tidligere
behandling" names its committee and date) is not published by it, nor are
the items on its agenda. So the LBLOD terms of meetings and items are not
alignments but ``published`` terms: the export states them of the published
records only, and the ontology has no axiom that would let a reasoner state
them of the others. The OWL ontology (``kommunegraf.ttl``), the SHACL shapes (``shapes.ttl``), the
JSON-LD context and the exporter are all generated from this table, so
Neo4j names and RDF terms cannot drift apart.

Kept in one module: it is one table (classes, properties, relationships, derived values) with the definitions
of its columns and the prefixes and lexical patterns its rows use; split, a row could not be read without the
file that says what its columns mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kommunegraf.ontology.schema import (
    DECISION_OUTCOMES,
    DOCUMENT_KINDS,
    KLE_LEVELS,
    MEETING_STATUSES,
    ORG_UNIT_KINDS,
    SOURCE_LAYOUTS,
)

KG = "https://w3id.org/kommunegraf/ontology#"
# IANA's register of media types: text/plain is MEDIA_TYPES + "text/plain"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
DANISH = "http://publications.europa.eu/resource/authority/language/DAN"  # the EU's language table, a skos:Concept

# Lexical forms the shapes require (sh:pattern), beside what the datatype already checks.
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
DATE_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
KOMMUNEKODE = r"^([1-9][0-9]{2}|108[1-5])$"  # 101..860; the regions 1081..1085
KLE_CODE = r"^[0-9]{2}(\.[0-9]{2}){0,2}$"
KLE_TOPIC = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$"
KLE_FACET = r"^[A-ZÆØÅ][0-9]{2}$"
SHA256 = r"^[0-9a-f]{64}$"

# The status of a meeting the corpus does not publish: it is known only from another document's reference.
UNPUBLISHED_STATUS = "referenced"
PUBLISHED_STATUSES = tuple(status for status in MEETING_STATUSES if status != UNPUBLISHED_STATUS)

PREFIXES: dict[str, str] = {
    "kg": KG,
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "mandaat": "http://data.vlaanderen.be/ns/mandaat#",
    "org": "http://www.w3.org/ns/org#",
    "person": "http://www.w3.org/ns/person#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class ClassTerm:
    label: str  # the schema label
    term: str  # CURIE of the class every node of the label gets
    da: str
    en: str
    comment: str
    aligned: tuple[str, ...] = ()  # public classes: rdfs:subClassOf, and also typed on export
    published: tuple[str, ...] = ()  # public classes typed on export where the corpus publishes the node; no axiom


@dataclass(frozen=True)
class PropertyTerm:
    label: str
    key: str  # the schema property
    term: str  # CURIE of the predicate
    datatype: str  # "xsd:string", "xsd:date", "xsd:time", "xsd:integer", "xsd:boolean", "xsd:dateTime"
    da: str
    en: str
    comment: str = ""
    danish_text: bool = False  # tagged @da
    required: bool = False  # SHACL minCount 1
    aligned: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the only values allowed (SHACL sh:in)
    pattern: str = ""  # the lexical form (SHACL sh:pattern)
    iri_base: str = ""  # the value is an IRI: this base and the value (a media type under IANA's register)
    iri_class: str = ""  # the class of those IRIs, stated in the export


@dataclass(frozen=True)
class RelationshipTerm:
    type: str
    start: str  # the start label this mapping is for ("*" for any)
    term: str
    da: str
    en: str
    comment: str = ""
    aligned: tuple[str, ...] = ()  # public superproperties: stated beside the term on export
    inverse_of: str | None = None  # a public inverse: stated from the end node on export
    # public terms stated on export only between nodes the corpus publishes, with no axiom (UNPUBLISHED_STATUS)
    published: tuple[str, ...] = ()
    published_inverse: str | None = None
    end: tuple[str, ...] = field(default_factory=tuple)


# fmt: off
CLASSES: tuple[ClassTerm, ...] = (
    ClassTerm("Municipality", "kg:Municipality", "Kommune", "Municipality",
              "A Danish municipality, identified by its kommunekode.",
              ("besluit:Bestuurseenheid", "org:Organization")),
    ClassTerm("Committee", "kg:Committee", "Udvalg", "Committee",
              "A political committee or council of a municipality (Økonomiudvalget and the council included).",
              ("besluit:Bestuursorgaan", "org:Organization")),
    ClassTerm("Meeting", "kg:Meeting", "Møde", "Meeting",
              "A meeting of a committee. Where the corpus holds its minutes or agenda it is also a besluit:Zitting, "
              "stated on each such meeting; a meeting known only from a Tidligere behandling is not published by "
              "the corpus, so it is not one, and no axiom makes every Meeting one.",
              ("schema:Event",), ("besluit:Zitting",)),
    ClassTerm("AgendaItem", "kg:AgendaItem", "Dagsordenspunkt", "Agenda item",
              "An item (Punkt) on a meeting's agenda. An item of a published meeting is also a besluit:Agendapunt, "
              "stated on each such item; an item of a meeting known only from a Tidligere behandling is not.",
              (), ("besluit:Agendapunt",)),
    ClassTerm("Decision", "kg:Decision", "Beslutning", "Decision",
              "What the committee decided on an agenda item (Beslutning).", ("besluit:Besluit",)),
    ClassTerm("Case", "kg:Case", "Sag", "Case",
              "A case under a journal number; no public class exists, so this one is the project's own.", ()),
    ClassTerm("KLETopic", "kg:KLETopic", "KLE-emne", "KLE topic",
              "A topic, group or main group of KL Emnesystematik, the municipal journal plan.", ("skos:Concept",)),
    ClassTerm("Person", "kg:Person", "Person", "Person", "A politician or employee named in the minutes.",
              ("person:Person", "foaf:Person")),
    ClassTerm("Party", "kg:Party", "Parti", "Party",
              "A political party or local list, by its ballot letter: an organisation (W3C ORG has no class for a "
              "party; schema.org's PoliticalParty is one). Not an LBLOD Fractie, which is a group within one body.",
              ("org:Organization", "schema:PoliticalParty")),
    ClassTerm("OrgUnit", "kg:OrgUnit", "Forvaltningsenhed", "Administrative unit",
              "A centre, jobcentre, team or department of the administration.", ("org:OrganizationalUnit",)),
    ClassTerm("Attachment", "kg:Attachment", "Bilag", "Attachment", "A document attached to an agenda item (Bilag).",
              ("foaf:Document",)),
    ClassTerm("Document", "kg:Document", "Dokument", "Document",
              "A standalone document that is not minutes: a plan, a strategy, a policy.", ("foaf:Document", "eli:Work")),
    ClassTerm("Source", "kg:Source", "Kilde", "Source",
              "A file the graph was read from, identified by the sha256 of its bytes.", ("prov:Entity",)),
)
# fmt: on

# fmt: off
PROPERTIES: tuple[PropertyTerm, ...] = (
    PropertyTerm("Municipality", "name", "skos:prefLabel", "xsd:string", "navn", "name", danish_text=True, required=True),
    PropertyTerm("Municipality", "code", "dct:identifier", "xsd:string", "kommunekode", "municipality code", required=True,
                 pattern=KOMMUNEKODE),
    PropertyTerm("Committee", "name", "skos:prefLabel", "xsd:string", "navn", "name", danish_text=True, required=True),
    PropertyTerm("Meeting", "date", "dct:date", "xsd:date", "mødedato", "date", required=True, pattern=DATE),
    PropertyTerm("Meeting", "start_time", "kg:startTime", "xsd:time", "starttidspunkt", "start time",
                 "Start time as printed (kl. 13:00), in Danish time; with the date it is besluit:geplandeStart.",
                 pattern=TIME),
    PropertyTerm("Meeting", "location", "schema:location", "xsd:string", "mødested", "location", danish_text=True),
    PropertyTerm("Meeting", "status", "kg:status", "xsd:string", "status", "status",
                 "'minutes' when the meeting's own minutes were read, 'agenda' when only its agenda was, "
                 "'referenced' when it is known only from another document's Tidligere behandling.", required=True,
                 values=MEETING_STATUSES),
    PropertyTerm("AgendaItem", "number", "kg:itemNumber", "xsd:integer", "punktnummer", "item number",
                 "The number printed after Punkt (Herlev numbers run on through the year).", required=True),
    PropertyTerm("AgendaItem", "title", "dct:title", "xsd:string", "titel", "title", danish_text=True),
    PropertyTerm("AgendaItem", "closed", "kg:closed", "xsd:boolean", "lukket", "closed",
                 "True for a closed (Lukket) item: the opposite of besluit:geplandOpenbaar."),
    PropertyTerm("AgendaItem", "summary", "dct:abstract", "xsd:string", "sammendrag", "summary", danish_text=True),
    PropertyTerm("AgendaItem", "recommendation", "kg:recommendation", "xsd:string", "indstilling", "recommendation",
                 "The administration's recommendation (Indstilling).", danish_text=True),
    PropertyTerm("Decision", "text", "dct:description", "xsd:string", "beslutningstekst", "decision text",
                 danish_text=True, required=True),
    PropertyTerm("Decision", "outcome", "kg:outcome", "xsd:string", "udfald", "outcome",
                 "noted, approved, approved_with_remarks, recommended_to_council, rejected, postponed or other.",
                 required=True, values=DECISION_OUTCOMES),
    PropertyTerm("Case", "number", "dct:identifier", "xsd:string", "journalnummer", "journal number", required=True),
    PropertyTerm("Case", "kle", "kg:kleCode", "xsd:string", "KLE-nummer", "KLE code", pattern=KLE_TOPIC),
    PropertyTerm("Case", "facet", "kg:facet", "xsd:string", "handlingsfacet", "handling facet", pattern=KLE_FACET),
    PropertyTerm("Case", "serial", "kg:serial", "xsd:integer", "løbenummer", "serial number"),
    PropertyTerm("Case", "year", "kg:year", "xsd:integer", "årstal", "year"),
    PropertyTerm("KLETopic", "code", "skos:notation", "xsd:string", "kode", "code", required=True, pattern=KLE_CODE),
    PropertyTerm("KLETopic", "level", "kg:kleLevel", "xsd:string", "niveau", "level",
                 "main group, group or topic.", required=True, values=KLE_LEVELS),
    PropertyTerm("KLETopic", "title", "skos:prefLabel", "xsd:string", "titel", "title", danish_text=True),
    PropertyTerm("Person", "name", "foaf:name", "xsd:string", "navn", "name", required=True),
    PropertyTerm("Party", "letter", "skos:notation", "xsd:string", "partibogstav", "ballot letter", required=True),
    PropertyTerm("Party", "name", "skos:prefLabel", "xsd:string", "navn", "name", danish_text=True),
    PropertyTerm("OrgUnit", "name", "skos:prefLabel", "xsd:string", "navn", "name", danish_text=True, required=True),
    PropertyTerm("OrgUnit", "kind", "kg:unitKind", "xsd:string", "enhedstype", "kind",
                 "centre, jobcenter, team, department or other.", required=True, values=ORG_UNIT_KINDS),
    PropertyTerm("Attachment", "title", "dct:title", "xsd:string", "titel", "title", danish_text=True, required=True),
    PropertyTerm("Attachment", "recommended", "kg:recommended", "xsd:boolean", "anbefalet", "recommended",
                 "Marked ANBEFALES in the Bilag list.", required=True),
    PropertyTerm("Attachment", "number", "kg:attachmentNumber", "xsd:string", "bilagsnummer", "attachment number"),
    PropertyTerm("Attachment", "url", "schema:url", "xsd:anyURI", "adresse", "URL",
                 "Where the minutes page links the attachment."),
    PropertyTerm("Attachment", "file", "kg:fileName", "xsd:string", "filnavn", "file name",
                 "The file a publishing system's export names for the attachment, relative to the export."),
    PropertyTerm("Document", "title", "dct:title", "xsd:string", "titel", "title", danish_text=True, required=True),
    PropertyTerm("Document", "date", "dct:date", "xsd:date", "dato", "date", pattern=DATE),
    PropertyTerm("Document", "kind", "kg:documentKind", "xsd:string", "dokumenttype", "kind", required=True,
                 values=DOCUMENT_KINDS),
    PropertyTerm("Source", "path", "kg:path", "xsd:string", "sti", "path", required=True),
    PropertyTerm("Source", "sha256", "kg:sha256", "xsd:string", "sha256", "sha256", required=True, pattern=SHA256),
    PropertyTerm("Source", "format", "kg:layout", "xsd:string", "layout", "layout",
                 "The loader (document layout) that read the file.", required=True, values=SOURCE_LAYOUTS),
    PropertyTerm("Source", "loaded_at", "kg:loadedAt", "xsd:dateTime", "indlæst", "loaded at",
                 "When kommunegraf read the file (not when the file was made).", required=True, pattern=DATE_TIME),
    PropertyTerm("Source", "media_type", "dct:format", "xsd:string", "medietype", "media type",
                 "The file's media type in IANA's register (text/plain, application/pdf, text/html, ...).",
                 iri_base=MEDIA_TYPES, iri_class="dct:MediaType"),
    PropertyTerm("Source", "pages", "schema:numberOfPages", "xsd:integer", "sider", "pages"),
    PropertyTerm("Source", "page_starts", "kg:pageStarts", "xsd:string", "sidestarter", "page starts",
                 "For a PDF: the printed line (counted through the document) where each page begins, comma-separated.",
                 pattern=r"^[0-9]+(,[0-9]+)*$"),
)
# fmt: on

# fmt: off
RELATIONSHIP_TERMS: tuple[RelationshipTerm, ...] = (
    RelationshipTerm("OF", "Committee", "besluit:bestuurt", "hører under", "of", "A committee governs for its municipality."),
    RelationshipTerm("OF", "OrgUnit", "org:unitOf", "hører under", "unit of"),
    RelationshipTerm("HELD_BY", "*", "kg:heldBy", "afholdt af", "held by",
                     "The committee whose meeting it is; for a published meeting (a besluit:Zitting) also "
                     "besluit:isGehoudenDoor, which LBLOD says of a Zitting only.",
                     published=("besluit:isGehoudenDoor",)),
    RelationshipTerm("ON_AGENDA_OF", "*", "kg:onAgendaOf", "på dagsordenen for", "on the agenda of",
                     "For a published meeting also its besluit:behandelt, from the meeting to the item.",
                     published_inverse="besluit:behandelt"),
    RelationshipTerm("CONCERNS", "*", "dct:subject", "vedrører", "concerns"),
    RelationshipTerm("CLASSIFIED_AS", "*", "kg:classifiedAs", "klassificeret som", "classified as",
                     "The KLE topic of the case's journal number.", aligned=("dct:subject",)),
    RelationshipTerm("BROADER", "*", "skos:broader", "bredere", "broader"),
    RelationshipTerm("PREVIOUSLY_TREATED_AS", "*", "kg:previouslyTreatedAs", "tidligere behandlet som",
                     "previously treated as",
                     "Tidligere behandling. Between two published items (besluit:Agendapunt) also dct:references, "
                     "LBLOD's reference from an Agendapunt to an Agendapunt.",
                     aligned=("dct:relation",), published=("dct:references",)),
    RelationshipTerm("HAS_DECISION", "*", "kg:hasDecision", "har beslutning", "has decision",
                     "A shortcut for LBLOD's treatment (besluit:BehandelingVanAgendapunt, also exported) "
                     "that prov:generated the decision."),
    RelationshipTerm("DECIDED_BY", "*", "kg:decidedBy", "besluttes af", "decided by",
                     "Beslutningen træffes af / Beslutningskompetence; no public term (OParl Consultation.authoritative)."),
    RelationshipTerm("RECOMMENDED_BY", "*", "kg:recommendedBy", "indstillet af", "recommended by",
                     "The unit that makes the Indstilling; no public term (OParl Paper.underDirectionOf is nearest)."),
    RelationshipTerm("HAS_ATTACHMENT", "*", "kg:hasAttachment", "har bilag", "has attachment",
                     "A Bilag of the item; no public term (OParl auxiliaryFile)."),
    RelationshipTerm("ATTENDED", "*", "kg:attended", "deltog i", "attended",
                     "Listed under Mødedeltagere and not marked Afbud: politicians and staff alike, so not LBLOD's "
                     "besluit:heeftAanwezigeBijStart, which names elected mandate holders.", inverse_of="schema:attendee"),
    RelationshipTerm("ABSENT_FROM", "*", "kg:sentApologiesFor", "meldte afbud til", "sent apologies for",
                     "Afbud: no public term exists (LBLOD apps use their own ext:heeftAfwezigeBijStart)."),
    RelationshipTerm("MEMBER_OF", "*", "org:memberOf", "medlem af", "member of"),
    RelationshipTerm("PRESENTED", "*", "kg:presented", "fremlagde", "presented",
                     "Took part in the treatment of the item (deltager ... under behandlingen af sagen)."),
    RelationshipTerm("WORKS_IN", "*", "kg:worksIn", "arbejder i", "works in",
                     "Employed in the unit; with a title, also an org:Membership whose org:role is the title.",
                     aligned=("org:memberOf",)),
    RelationshipTerm("MENTIONS", "*", "schema:mentions", "nævner", "mentions"),
    RelationshipTerm("FROM_SOURCE", "*", "dct:isReferencedBy", "nævnt i", "referenced by",
                     "A document that names the thing: the thing is not derived from the file, the statements "
                     "about it are (PROV on named graphs and reified statements)."),
)
# fmt: on


@dataclass(frozen=True)
class DerivedValue:
    """A value the export states in a public term, computed from a published node's own properties
    (stores/rdf_derived.py)."""

    label: str
    term: str
    datatype: str
    comment: str
    pattern: str = ""


# fmt: off
DERIVED_VALUES: tuple[DerivedValue, ...] = (
    DerivedValue("Meeting", "besluit:geplandeStart", "xsd:dateTime",
                 "Of a published meeting: the date and the printed start time in Danish time (+01:00, or +02:00 in "
                 "summer), where both are known.",
                 DATE_TIME),
    DerivedValue("AgendaItem", "besluit:geplandOpenbaar", "xsd:boolean",
                 "Of an item of a published meeting: open, not closed (Lukket), where the minutes say which."),
)
# fmt: on

CLASS_OF = {c.label: c for c in CLASSES}
PROPERTY_OF = {(p.label, p.key): p for p in PROPERTIES}


def relationship_term(rel_type: str, start_label: str) -> RelationshipTerm:
    for term in RELATIONSHIP_TERMS:
        if term.type == rel_type and term.start in (start_label, "*"):
            return term
    raise KeyError(f"no RDF term for {rel_type} from {start_label}")
