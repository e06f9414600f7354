"""The OWL ontology's triples (``kommunegraf.ttl``): the ontology's header, and each class and property of the
mapping with its labels, comment and alignments.

The ontology states the alignments (``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``owl:inverseOf``) and nothing of the mapping's
``published`` terms: those hold of the records the corpus publishes only, and
an axiom would make a reasoner state them of every meeting and item. The
shapes (``shacl_shapes``) check that they are said of published records only.
"""

from __future__ import annotations

import pyoxigraph as ox

from kommunegraf import __version__
from kommunegraf.ontology.mapping import CLASSES, KG, PROPERTIES, RELATIONSHIP_TERMS
from kommunegraf.ontology.terms import named

ONTOLOGY_IRI = KG.rstrip("#")
VERSION_IRI = f"{ONTOLOGY_IRI}/{__version__}"
LICENSE = "http://spdx.org/licenses/MIT"  # the project's licence (pyproject.toml), which the ontology ships under
CREATOR = "https://w3id.org/kommunegraf/contributors"
EXTRA_CLASSES = (  # qualified relations and the KLE scheme: the export's own, not in the graph schema
    ("kg:Attendance", "Deltagelse", "Attendance",
     "A person's attendance at a meeting, with the role printed beside the name."),
    ("kg:Presentation", "Fremlæggelse", "Presentation",
     "A person taking part in an item's treatment, with their role."),
)  # fmt: skip
EXTRA_PROPERTIES = (
    ("kg:agent", "aktør", "agent", "The person of a qualified relation.", "owl:ObjectProperty"),
    ("kg:object", "genstand", "object", "The meeting or item of a qualified relation.", "owl:ObjectProperty"),
    ("kg:role", "rolle", "role", "The role printed beside the person's name.", "owl:DatatypeProperty"),
    ("kg:lines", "linjer", "lines",
     "Where a document states something (on a reified rdf:Statement): line numbers of the file, e.g. 12-40,55.",
     "owl:DatatypeProperty"),
    ("kg:pageLines", "sidelinjer", "page lines",
     "For a PDF, the same place as page:lines pieces, e.g. 2:80-81,3:1.", "owl:DatatypeProperty"),
)  # fmt: skip


def _labels(subject: ox.NamedNode, da: str, en: str, comment: str) -> list[ox.Triple]:
    out = [
        ox.Triple(subject, named("rdfs:label"), ox.Literal(da, language="da")),
        ox.Triple(subject, named("rdfs:label"), ox.Literal(en, language="en")),
    ]
    if comment:
        out.append(ox.Triple(subject, named("rdfs:comment"), ox.Literal(comment, language="en")))
    return out


def _declare(
    curie: str, kind: str, da: str, en: str, comment: str, align: str = "", aligned: tuple[str, ...] = ()
) -> list[ox.Triple]:
    """A class or property: its kind, labels and comment, and its alignment to public terms."""
    subject = named(curie)
    return [
        ox.Triple(subject, named("rdf:type"), named(kind)),
        *_labels(subject, da, en, comment),
        *(ox.Triple(subject, named(align), named(a)) for a in aligned),
    ]


def header_triples() -> list[ox.Triple]:
    """The ontology itself: its labels, version, licence and creator."""
    onto, creator = ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(CREATOR)
    return [
        ox.Triple(onto, named("rdf:type"), named("owl:Ontology")),
        ox.Triple(onto, named("rdfs:label"), ox.Literal("kommunegraf-ontologi", language="da")),
        ox.Triple(onto, named("rdfs:label"), ox.Literal("kommunegraf ontology", language="en")),
        ox.Triple(onto, named("rdfs:comment"), ox.Literal(
            "Classes and properties of the kommunegraf knowledge graph of Danish municipal committee minutes, "
            "aligned to LBLOD (besluit), W3C ORG, person, FOAF, PROV-O, Dublin Core, schema.org, SKOS and ELI. "
            "Terms under this namespace exist where no public term means the same thing.", language="en")),
        ox.Triple(onto, named("owl:versionIRI"), ox.NamedNode(VERSION_IRI)),
        ox.Triple(onto, named("owl:versionInfo"), ox.Literal(__version__)),
        ox.Triple(onto, named("dct:license"), ox.NamedNode(LICENSE)),
        ox.Triple(ox.NamedNode(LICENSE), named("rdf:type"), named("dct:LicenseDocument")),
        ox.Triple(onto, named("dct:creator"), creator),
        ox.Triple(creator, named("rdf:type"), named("foaf:Agent")),
        ox.Triple(creator, named("foaf:name"), ox.Literal("kommunegraf contributors", language="en")),
    ]  # fmt: skip


def ontology_triples() -> list[ox.Triple]:
    triples = header_triples()
    kle = named("kg:KLE")
    triples += [ox.Triple(kle, named("rdf:type"), named("skos:ConceptScheme"))]
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
                ox.Triple(named(prop.term), named("rdfs:domain"), named(f"kg:{prop.label}")),
                ox.Triple(named(prop.term), named("rdfs:range"), named(range_)),
            ]
    for rel in RELATIONSHIP_TERMS:
        if rel.term.startswith("kg:") and rel.term not in declared:
            declared.add(rel.term)
            kind, aligned = "owl:ObjectProperty", rel.aligned
            triples += _declare(rel.term, kind, rel.da, rel.en, rel.comment, "rdfs:subPropertyOf", aligned)
            if rel.inverse_of:
                triples.append(ox.Triple(named(rel.term), named("owl:inverseOf"), named(rel.inverse_of)))
    for curie, da, en, comment, kind in EXTRA_PROPERTIES:
        triples += _declare(curie, kind, da, en, comment)
    return triples
