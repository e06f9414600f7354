"""Generate the OWL ontology, the SHACL shapes and the JSON-LD context from ``mapping``.

    python -m kommunegraf.ontology.build      # rewrites kommunegraf.ttl, shapes.ttl, context.jsonld

A test checks that the committed files are what this writes, so the files
and the mapping the exporter uses cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.ontology.mapping import (
    CLASSES,
    KG,
    PREFIXES,
    PROPERTIES,
    RELATIONSHIP_TERMS,
    expand,
)

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "kommunegraf.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONTEXT_FILE = HERE / "context.jsonld"
ONTOLOGY_IRI = KG.rstrip("#")
EXTRA_CLASSES = (  # qualified relations and the KLE scheme: the export's own, not in the graph schema
    ("kg:Attendance", "Deltagelse", "Attendance", "A person's attendance at a meeting, with the role printed beside the name."),
    ("kg:Presentation", "Fremlæggelse", "Presentation", "A person taking part in an item's treatment, with their role."),
    ("kg:Employment", "Ansættelse", "Employment", "A person placed in an administrative unit, with their title."),
)  # fmt: skip
EXTRA_PROPERTIES = (
    ("kg:agent", "aktør", "agent", "The person of a qualified relation.", "owl:ObjectProperty"),
    ("kg:object", "genstand", "object", "The meeting, item or unit of a qualified relation.", "owl:ObjectProperty"),
    ("kg:role", "rolle", "role", "The role or title printed for the person.", "owl:DatatypeProperty"),
    ("kg:lines", "linjer", "lines",
     "Where a document states a node or a relationship (on a prov:Derivation or a reified rdf:Statement): "
     "line numbers of the file, e.g. 12-40,55.", "owl:DatatypeProperty"),
    ("kg:pageLines", "sidelinjer", "page lines",
     "For a PDF, the same place as page:lines pieces, e.g. 2:80-81,3:1.", "owl:DatatypeProperty"),
)  # fmt: skip


def _t(curie: str) -> ox.NamedNode:
    return ox.NamedNode(expand(curie))


def _labels(subject: ox.NamedNode, da: str, en: str, comment: str) -> list[ox.Triple]:
    out = [
        ox.Triple(subject, _t("rdfs:label"), ox.Literal(da, language="da")),
        ox.Triple(subject, _t("rdfs:label"), ox.Literal(en, language="en")),
    ]
    if comment:
        out.append(ox.Triple(subject, _t("rdfs:comment"), ox.Literal(comment, language="en")))
    return out


def _declare(
    curie: str, kind: str, da: str, en: str, comment: str, align: str = "", aligned: tuple[str, ...] = ()
) -> list[ox.Triple]:
    """A class or property: its kind, labels and comment, and its alignment to public terms."""
    subject = _t(curie)
    return [
        ox.Triple(subject, _t("rdf:type"), _t(kind)),
        *_labels(subject, da, en, comment),
        *(ox.Triple(subject, _t(align), _t(a)) for a in aligned),
    ]


def ontology_triples() -> list[ox.Triple]:
    onto = ox.NamedNode(ONTOLOGY_IRI)
    triples = [
        ox.Triple(onto, _t("rdf:type"), _t("owl:Ontology")),
        ox.Triple(onto, _t("rdfs:label"), ox.Literal("kommunegraf-ontologi", language="da")),
        ox.Triple(onto, _t("rdfs:label"), ox.Literal("kommunegraf ontology", language="en")),
        ox.Triple(onto, _t("rdfs:comment"), ox.Literal(
            "Classes and properties of the kommunegraf knowledge graph of Danish municipal committee minutes, "
            "aligned to LBLOD (besluit, mandaat), W3C ORG, person, FOAF, PROV-O, Dublin Core, schema.org and SKOS. "
            "Terms under this namespace exist where no public term means the same thing.", language="en")),
    ]  # fmt: skip
    kle = _t("kg:KLE")
    triples += [ox.Triple(kle, _t("rdf:type"), _t("skos:ConceptScheme"))]
    triples += _labels(
        kle, "KL Emnesystematik", "KLE journal plan", "The municipal journal plan the cases are filed under."
    )
    for cls in CLASSES:
        triples += _declare(cls.term, "owl:Class", cls.da, cls.en, cls.comment, "rdfs:subClassOf", cls.aligned)
    for curie, da, en, comment in EXTRA_CLASSES:
        triples += _declare(curie, "owl:Class", da, en, comment)
    declared: set[str] = set()
    for prop in PROPERTIES:
        if prop.term.startswith("kg:") and prop.term not in declared:
            declared.add(prop.term)
            kind, aligned = "owl:DatatypeProperty", prop.aligned
            triples += _declare(prop.term, kind, prop.da, prop.en, prop.comment, "rdfs:subPropertyOf", aligned)
            range_ = "rdf:langString" if prop.danish_text else prop.datatype
            triples += [
                ox.Triple(_t(prop.term), _t("rdfs:domain"), _t(f"kg:{prop.label}")),
                ox.Triple(_t(prop.term), _t("rdfs:range"), _t(range_)),
            ]
    for rel in RELATIONSHIP_TERMS:
        if rel.term.startswith("kg:") and rel.term not in declared:
            declared.add(rel.term)
            kind, aligned = "owl:ObjectProperty", rel.aligned
            triples += _declare(rel.term, kind, rel.da, rel.en, rel.comment, "rdfs:subPropertyOf", aligned)
            if rel.inverse_of:
                triples.append(ox.Triple(_t(rel.term), _t("owl:inverseOf"), _t(rel.inverse_of)))
    for curie, da, en, comment, kind in EXTRA_PROPERTIES:
        triples += _declare(curie, kind, da, en, comment)
    return triples


REQUIRED_LINKS = (  # (class, predicate, target class): every node of the class has one
    ("Meeting", "besluit:isGehoudenDoor", "Committee"),
    ("AgendaItem", "kg:onAgendaOf", "Meeting"),
    ("Committee", "besluit:bestuurt", "Municipality"),
)


def shape_triples() -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for cls in CLASSES:
        shape = ox.NamedNode(f"{KG}{cls.label}Shape")
        triples += [
            ox.Triple(shape, _t("rdf:type"), _t("sh:NodeShape")),
            ox.Triple(shape, _t("sh:targetClass"), _t(cls.term)),
        ]
        for prop in (p for p in PROPERTIES if p.label == cls.label):
            node = ox.NamedNode(f"{KG}{cls.label}Shape-{prop.key}")
            triples += [
                ox.Triple(shape, _t("sh:property"), node),
                ox.Triple(node, _t("sh:path"), _t(prop.term)),
                ox.Triple(node, _t("sh:maxCount"), ox.Literal("1", datatype=_t("xsd:integer"))),
                ox.Triple(node, _t("sh:datatype"), _t("rdf:langString" if prop.danish_text else prop.datatype)),
            ]
            if prop.required:
                triples.append(ox.Triple(node, _t("sh:minCount"), ox.Literal("1", datatype=_t("xsd:integer"))))
        for label, predicate, target in REQUIRED_LINKS:
            if label == cls.label:
                node = ox.NamedNode(f"{KG}{cls.label}Shape-{predicate.split(':')[1]}")
                triples += [
                    ox.Triple(shape, _t("sh:property"), node),
                    ox.Triple(node, _t("sh:path"), _t(predicate)),
                    ox.Triple(node, _t("sh:minCount"), ox.Literal("1", datatype=_t("xsd:integer"))),
                    ox.Triple(node, _t("sh:class"), _t(f"kg:{target}")),
                ]
    return triples


def context() -> dict:
    """The JSON-LD @context of the export: the prefixes, and short names for the common terms."""
    terms: dict[str, object] = {k: v for k, v in PREFIXES.items() if k not in ("sh",)}
    for prop in PROPERTIES:
        name = prop.term.split(":")[1]
        entry: dict[str, str] = {"@id": prop.term}
        if prop.danish_text:
            entry["@language"] = "da"
        elif prop.datatype != "xsd:string":
            entry["@type"] = prop.datatype
        terms.setdefault(name, entry)
    for rel in RELATIONSHIP_TERMS:
        terms.setdefault(rel.term.split(":")[1], {"@id": rel.term, "@type": "@id"})
    terms.update(EXPORT_TERMS)
    return {"@context": terms}


EXPORT_TERMS: dict[str, dict[str, str]] = {  # terms the export adds beyond the schema's properties
    "position": {"@id": "schema:position", "@type": "xsd:integer"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "agent": {"@id": "kg:agent", "@type": "@id"},
    "object": {"@id": "kg:object", "@type": "@id"},
    "role": {"@id": "kg:role", "@language": "da"},
    "sameAs": {"@id": "owl:sameAs", "@type": "@id"},  # a municipality's links (stores/rdf_links.py)
}


def render() -> dict[Path, bytes]:
    return {
        ONTOLOGY_FILE: ox.serialize(ontology_triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        SHAPES_FILE: ox.serialize(shape_triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        CONTEXT_FILE: (json.dumps(context(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def main() -> None:
    for path, data in render().items():
        path.write_bytes(data)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
