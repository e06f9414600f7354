"""The controlled vocabularies and fixed texts a DCAT-AP catalogue names: IANA media types, EU file types and
authority tables, licences, and the dataset's descriptions and keywords in Danish and English."""

from __future__ import annotations

# IANA's registry pages; DCAT-AP-DK's shapes require https, DCAT-AP 3's allow http or https.
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPES = {"ttl": "RDF_TURTLE", "nt": "RDF_N_TRIPLES", "trig": "RDF_TRIG", "nq": "RDF_N_QUADS", "jsonld": "JSON_LD"}
CONTENTS = {
    "ttl": ("Turtle", "merged"),
    "nt": ("N-Triples", "merged"),
    "jsonld": ("JSON-LD", "merged"),
    "trig": ("TriG", "named"),
    "nq": ("N-Quads", "named"),
}
CONTENT_TEXT = {
    ("merged", "en"): "{name}: the merged graph, every fact once.",
    ("merged", "da"): "{name}: den samlede graf, hvert faktum én gang.",
    ("named", "en"): "{name}: a named graph per source document, each fact with the lines that state it.",
    ("named", "da"): "{name}: en navngiven graf pr. kildedokument, hvert faktum med de linjer der siger det.",
}

AUTHORITY = "http://publications.europa.eu/resource/authority/"
DANISH = AUTHORITY + "language/DAN"
DENMARK = AUTHORITY + "country/DNK"
THEMES = AUTHORITY + "data-theme"
GOVERNMENT = THEMES + "/GOVE"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"
# Licences a portal is likely to be given: their name and ADMS licence type (a recommended property in DCAT-AP 3).
KNOWN_LICENSES = {
    "creativecommons.org/licenses/by/4.0/": ("Creative Commons Attribution 4.0 International", "Attribution"),
    "creativecommons.org/publicdomain/zero/1.0/": ("CC0 1.0 Universal", "PublicDomain"),
}
KEYWORDS = {
    "da": ("referater", "kommuner", "udvalg", "møder", "dagsordener", "beslutninger", "vidensgraf"),
    "en": ("minutes", "municipalities", "committees", "meetings", "agendas", "decisions", "knowledge graph"),
}
