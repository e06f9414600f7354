"""A VoID description of an RDF export: what its files hold, in which vocabularies, and where to get them.

VoID's statistics describe what a dump holds, and the export's files hold two
different things, so there are two ``void:Dataset``:

- ``<base>dataset`` (the DCAT dataset as well): the merged graph, every fact
  once, in ``graph.ttl``, ``graph.nt`` and ``graph.jsonld``;
- ``<base>dataset/named-graphs``: a named graph per source document, each fact
  with the lines that state it, in ``graph.trig`` and ``graph.nq``. Its
  ``void:triples`` counts statements per graph: a fact two documents state is
  in both their graphs.

Each has the counts of the files as written, read back (``void:triples``,
``void:entities``: the IRIs under ``void:uriSpace`` that something is said
about, ``void:classes``, ``void:properties``, ``void:distinctSubjects``,
``void:distinctObjects``), a ``void:vocabulary`` per namespace of a class or
property used, a ``void:dataDump`` and a ``void:feature`` per file, a meeting
as ``void:exampleResource``, and the ``void:sparqlEndpoint`` when one is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES

VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
DCT = PREFIXES["dct"]
FOAF = PREFIXES["foaf"]

PARSE_FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
FEATURES = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "trig": "TriG", "nq": "N-Quads"}
# Each dataset's files, the quickest to read back first.
MERGED = ("nt", "ttl", "jsonld")
NAMED = ("nq", "trig")
KNOWN_NAMESPACES = tuple(sorted({*PREFIXES.values(), VOID}, key=len, reverse=True))


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    vocabularies: tuple[str, ...]


def namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: a known prefix's namespace, else the IRI up to its last '#' or '/'."""
    for known in KNOWN_NAMESPACES:
        if iri.startswith(known) and len(iri) > len(known):
            return known
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def statistics(statements: Iterable[ox.Triple | ox.Quad], uri_space: str) -> Statistics:
    """VoID's counts over ``statements``; terms under ``uri_space`` are the data's own, not vocabularies."""
    count = 0
    subjects: set = set()
    objects: set = set()
    predicates: set[str] = set()
    classes: set[str] = set()
    for statement in statements:
        count += 1
        subjects.add(statement.subject)
        objects.add(statement.object)
        predicates.add(statement.predicate.value)
        if statement.predicate == RDF_TYPE and isinstance(statement.object, ox.NamedNode):
            classes.add(statement.object.value)
    entities = sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(uri_space))
    vocabularies = {namespace(iri) for iri in predicates | classes if not iri.startswith(uri_space)}
    return Statistics(
        count, entities, len(classes), len(predicates), len(subjects), len(objects), tuple(sorted(vocabularies))
    )


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))


def _void(local: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + local)


def example_meeting(graph: Graph) -> str | None:
    """A meeting whose minutes were read (any meeting if none was), the same one every time."""
    meetings = sorted(graph.of_label("Meeting"), key=lambda n: (n.properties.get("status") != "minutes", n.id))
    return meetings[0].id if meetings else None


def _dataset(
    subject: ox.NamedNode,
    title: str,
    formats: list[str],
    files: dict[str, Path],
    urls: dict[str, ox.NamedNode],
    uri_space: str,
    example: str | None,
    sparql_endpoint: str | None,
) -> list[ox.Triple]:
    stats = statistics(ox.parse(path=files[formats[0]], format=PARSE_FORMATS[formats[0]]), uri_space)
    out = [
        ox.Triple(subject, RDF_TYPE, _void("Dataset")),
        ox.Triple(subject, ox.NamedNode(DCT + "title"), ox.Literal(title, language="en")),
        ox.Triple(subject, _void("uriSpace"), ox.Literal(uri_space)),
        ox.Triple(subject, _void("triples"), _integer(stats.triples)),
        ox.Triple(subject, _void("entities"), _integer(stats.entities)),
        ox.Triple(subject, _void("classes"), _integer(stats.classes)),
        ox.Triple(subject, _void("properties"), _integer(stats.properties)),
        ox.Triple(subject, _void("distinctSubjects"), _integer(stats.distinct_subjects)),
        ox.Triple(subject, _void("distinctObjects"), _integer(stats.distinct_objects)),
        *(ox.Triple(subject, _void("vocabulary"), ox.NamedNode(v)) for v in stats.vocabularies),
        *(ox.Triple(subject, _void("dataDump"), urls[fmt]) for fmt in formats),
        *(ox.Triple(subject, _void("feature"), ox.NamedNode(FORMATS + FEATURES[fmt])) for fmt in formats),
    ]
    if example:
        out.append(ox.Triple(subject, _void("exampleResource"), ox.NamedNode(example)))
    if sparql_endpoint:
        out.append(ox.Triple(subject, _void("sparqlEndpoint"), ox.NamedNode(sparql_endpoint)))
    return out


def void_triples(
    graph: Graph,
    files: dict[str, Path],
    urls: dict[str, ox.NamedNode],
    base_iri: str,
    description: ox.NamedNode,
    sparql_endpoint: str | None = None,
) -> list[ox.Triple]:
    """The VoID description (the document ``description``) of the export ``files`` (format -> path) of ``graph``.

    ``urls`` are the files' download URLs; ``base_iri`` is the base of the exported ids, the datasets' uriSpace.
    """
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    merged = ox.NamedNode(f"{base}dataset")
    named = ox.NamedNode(f"{base}dataset/named-graphs")
    example = example_meeting(graph)
    out = [
        ox.Triple(description, RDF_TYPE, _void("DatasetDescription")),
        ox.Triple(description, ox.NamedNode(DCT + "title"), ox.Literal("VoID description", language="en")),
        ox.Triple(description, ox.NamedNode(FOAF + "primaryTopic"), merged),
    ]
    parts = (
        (merged, "The merged graph", [f for f in MERGED if f in files]),
        (named, "A named graph per source document", [f for f in NAMED if f in files]),
    )
    for subject, title, formats in parts:
        if formats:
            out += _dataset(subject, title, formats, files, urls, base, example, sparql_endpoint)
            if subject != merged:
                out.append(ox.Triple(merged, ox.NamedNode(PREFIXES["rdfs"] + "seeAlso"), subject))
    return out
