"""Generate the OWL ontology, the SHACL shapes and the JSON-LD context from ``mapping``.

    python -m kommunegraf.ontology.build      # rewrites kommunegraf.ttl, shapes.ttl, context.jsonld

A test checks that the committed files are what this writes, so the files
and the mapping the exporter uses cannot drift apart.

The ontology states the alignments (``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``owl:inverseOf``) and nothing of the mapping's
``published`` terms: those hold of the records the corpus publishes only, and
an axiom would make a reasoner state them of every meeting and item. The
shapes check that they are said of published records only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox

from kommunegraf import __version__
from kommunegraf.ontology.mapping import (
    CLASS_OF,
    CLASSES,
    DANISH,
    DERIVED_VALUES,
    KG,
    PREFIXES,
    PROPERTIES,
    PUBLISHED_STATUSES,
    RELATIONSHIP_TERMS,
    ClassTerm,
    DerivedValue,
    PropertyTerm,
    expand,
    relationship_term,
)
from kommunegraf.ontology.schema import KLE_CODE_OF_LEVEL, RELATIONSHIPS

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "kommunegraf.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONTEXT_FILE = HERE / "context.jsonld"
ONTOLOGY_IRI = KG.rstrip("#")
VERSION_IRI = f"{ONTOLOGY_IRI}/{__version__}"
LICENSE = "http://spdx.org/licenses/MIT"  # the project's licence (pyproject.toml), which the ontology ships under
CREATOR = "https://w3id.org/kommunegraf/contributors"
EXTRA_CLASSES = (  # qualified relations and the KLE scheme: the export's own, not in the graph schema
    ("kg:Attendance", "Deltagelse", "Attendance", "A person's attendance at a meeting, with the role printed beside the name."),
    ("kg:Presentation", "Fremlæggelse", "Presentation", "A person taking part in an item's treatment, with their role."),
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


def header_triples() -> list[ox.Triple]:
    """The ontology itself: its labels, version, licence and creator."""
    onto, creator = ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(CREATOR)
    return [
        ox.Triple(onto, _t("rdf:type"), _t("owl:Ontology")),
        ox.Triple(onto, _t("rdfs:label"), ox.Literal("kommunegraf-ontologi", language="da")),
        ox.Triple(onto, _t("rdfs:label"), ox.Literal("kommunegraf ontology", language="en")),
        ox.Triple(onto, _t("rdfs:comment"), ox.Literal(
            "Classes and properties of the kommunegraf knowledge graph of Danish municipal committee minutes, "
            "aligned to LBLOD (besluit), W3C ORG, person, FOAF, PROV-O, Dublin Core, schema.org, SKOS and ELI. "
            "Terms under this namespace exist where no public term means the same thing.", language="en")),
        ox.Triple(onto, _t("owl:versionIRI"), ox.NamedNode(VERSION_IRI)),
        ox.Triple(onto, _t("owl:versionInfo"), ox.Literal(__version__)),
        ox.Triple(onto, _t("dct:license"), ox.NamedNode(LICENSE)),
        ox.Triple(ox.NamedNode(LICENSE), _t("rdf:type"), _t("dct:LicenseDocument")),
        ox.Triple(onto, _t("dct:creator"), creator),
        ox.Triple(creator, _t("rdf:type"), _t("foaf:Agent")),
        ox.Triple(creator, _t("foaf:name"), ox.Literal("kommunegraf contributors", language="en")),
    ]  # fmt: skip


def ontology_triples() -> list[ox.Triple]:
    triples = header_triples()
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


# -- SHACL shapes ----------------------------------------------------------------------------------------------

ONE = ox.Literal("1", datatype=_t("xsd:integer"))
# What every node of a label must have beside its properties: (label, relationship type, "out" from the node or
# "in" to it, at most one). The schema's contract: a meeting is held by one committee, an item is on one meeting's
# agenda, a decision is one item's, a committee and a unit belong to one municipality, an attachment is an item's.
REQUIRED_LINKS = (
    ("Meeting", "HELD_BY", "out", True),
    ("AgendaItem", "ON_AGENDA_OF", "out", True),
    ("Committee", "OF", "out", True),
    ("OrgUnit", "OF", "out", True),
    ("Decision", "HAS_DECISION", "in", True),
    ("Attachment", "HAS_ATTACHMENT", "in", False),
)


class _Shapes:
    """SHACL triples, with blank nodes named after what they belong to (the file is the same on every run)."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(
        self, subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        self.triples.append(ox.Triple(subject, _t(predicate), obj))

    def list(self, name: str, items: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> ox.BlankNode | ox.NamedNode:
        """An RDF list (sh:in, sh:or)."""
        cells: list[ox.BlankNode | ox.NamedNode] = [ox.BlankNode(f"{name}-{i}") for i in range(len(items))]
        cells.append(_t("rdf:nil"))
        for index, item in enumerate(items):
            self.add(cells[index], "rdf:first", item)
            self.add(cells[index], "rdf:rest", cells[index + 1])
        return cells[0]

    def classes(self, node: ox.NamedNode | ox.BlankNode, name: str, classes: list[str], iri: bool = True) -> None:
        """The values are (IRIs) of one of ``classes`` (sh:class, or sh:or of sh:class for several)."""
        if iri:
            self.add(node, "sh:nodeKind", _t("sh:IRI"))
        if len(classes) == 1:
            self.add(node, "sh:class", _t(classes[0]))
            return
        alternatives: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
        for index, cls in enumerate(classes):
            alternative = ox.BlankNode(f"{name}-class-{index}")
            self.add(alternative, "sh:class", _t(cls))
            alternatives.append(alternative)
        self.add(node, "sh:or", self.list(f"{name}-or", alternatives))

    def node_shape(self, name: str, target: str, target_kind: str = "sh:targetClass") -> ox.NamedNode:
        shape = ox.NamedNode(f"{KG}{name}")
        self.add(shape, "rdf:type", _t("sh:NodeShape"))
        self.add(shape, target_kind, _t(target))
        return shape

    def property(
        self,
        shape: ox.NamedNode,
        name: str,
        path: str,
        *,
        inverse: bool = False,
        minimum: bool = False,
        single: bool = False,
    ) -> ox.NamedNode:
        node = ox.NamedNode(f"{shape.value}-{name}")
        self.add(shape, "sh:property", node)
        if inverse:
            path_node = ox.BlankNode(f"{shape.value.rpartition('#')[2]}-{name}-path")
            self.add(path_node, "sh:inversePath", _t(path))
            self.add(node, "sh:path", path_node)
        else:
            self.add(node, "sh:path", _t(path))
        if minimum:
            self.add(node, "sh:minCount", ONE)
        if single:
            self.add(node, "sh:maxCount", ONE)
        return node


def _value_shape(shapes: _Shapes, shape: ox.NamedNode, prop: PropertyTerm | DerivedValue, name: str) -> None:
    """A property's values: one at most, of its datatype, in its list of values or lexical pattern."""
    required = isinstance(prop, PropertyTerm) and prop.required
    node = shapes.property(shape, name, prop.term, minimum=required, single=True)
    if isinstance(prop, PropertyTerm) and prop.iri_base:
        shapes.classes(node, f"{name}-iri", [prop.iri_class])
        shapes.add(node, "sh:pattern", ox.Literal("^" + re.escape(prop.iri_base)))
        return
    danish = isinstance(prop, PropertyTerm) and prop.danish_text
    shapes.add(node, "sh:datatype", _t("rdf:langString" if danish else prop.datatype))
    if isinstance(prop, PropertyTerm) and prop.values:
        shapes.add(
            node,
            "sh:in",
            shapes.list(f"{shape.value.rpartition('#')[2]}-{name}-in", [ox.Literal(v) for v in prop.values]),
        )
    if prop.pattern:
        shapes.add(node, "sh:pattern", ox.Literal(prop.pattern))


def _labels_of(rel_type: str, start: str) -> tuple[str, ...]:
    return RELATIONSHIPS[rel_type].start if start == "*" else (start,)


def relationship_objects() -> dict[tuple[str, str], list[str]]:
    """(label, predicate) -> the labels its objects may have: every relationship, its public superproperties
    and published terms and, from the end node, its public inverses."""
    found: dict[tuple[str, str], list[str]] = {}

    def allow(label: str, predicate: str, targets: tuple[str, ...]) -> None:
        allowed = found.setdefault((label, predicate), [])
        allowed += [t for t in targets if t not in allowed]

    for rel in RELATIONSHIP_TERMS:
        if rel.type == "FROM_SOURCE":
            continue
        ends = RELATIONSHIPS[rel.type].end
        for label in _labels_of(rel.type, rel.start):
            for predicate in (rel.term, *rel.aligned, *rel.published):
                allow(label, predicate, ends)
            for inverse in (rel.inverse_of, rel.published_inverse):
                if inverse:
                    for end in ends:
                        allow(end, inverse, (label,))
    return found


def _class_shape(shapes: _Shapes, cls: ClassTerm, objects: dict[tuple[str, str], list[str]]) -> None:
    label = cls.label
    shape = shapes.node_shape(f"{label}Shape", cls.term)
    for prop in PROPERTIES:
        if prop.label == label:
            _value_shape(shapes, shape, prop, prop.key)
    for value in DERIVED_VALUES:
        if value.label == label:
            _value_shape(shapes, shape, value, value.term.replace(":", "-"))
    required = {(rel_type, direction): single for of, rel_type, direction, single in REQUIRED_LINKS if of == label}
    for (of, predicate), targets in objects.items():
        if of != label:
            continue
        links = [
            rel.type for rel in RELATIONSHIP_TERMS if rel.term == predicate and label in _labels_of(rel.type, rel.start)
        ]
        single = next((required[(t, "out")] for t in links if (t, "out") in required), None)
        name = predicate.replace(":", "-")
        node = shapes.property(shape, name, predicate, minimum=single is not None, single=bool(single))
        shapes.classes(node, f"{label}Shape-{name}", [f"kg:{t}" for t in targets])
    for rel_type, direction in required:
        if direction == "in":
            rel = next(r for r in RELATIONSHIP_TERMS if r.type == rel_type)
            name = "in-" + rel.term.replace(":", "-")
            node = shapes.property(
                shape, name, rel.term, inverse=True, minimum=True, single=required[(rel_type, direction)]
            )
            shapes.classes(node, f"{label}Shape-{name}", [f"kg:{s}" for s in _labels_of(rel.type, rel.start)])
    if label != "Source":
        source = shapes.property(shape, "source", relationship_term("FROM_SOURCE", "*").term, minimum=True)
        shapes.classes(source, f"{label}Shape-source", ["kg:Source"])


def _kle_levels(shapes: _Shapes) -> None:
    """A KLE topic's code has the digits of its level: main group "15", group "15.00", topic "15.00.00"."""
    shape = ox.NamedNode(f"{KG}KLETopicShape")
    alternatives: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
    for index, (level, pattern) in enumerate(KLE_CODE_OF_LEVEL.items()):
        alternative = ox.BlankNode(f"KLETopicShape-level-{index}")
        for path, constraint, value in (
            ("kg:kleLevel", "sh:hasValue", level),
            ("skos:notation", "sh:pattern", pattern),
        ):
            check = ox.BlankNode(f"KLETopicShape-level-{index}-{path.partition(':')[2]}")
            shapes.add(alternative, "sh:property", check)
            shapes.add(check, "sh:path", _t(path))
            shapes.add(check, constraint, ox.Literal(value))
        alternatives.append(alternative)
    shapes.add(shape, "sh:or", shapes.list("KLETopicShape-levels", alternatives))


def _subjects(shapes: _Shapes) -> None:
    """Each of the project's own properties is said of the labels it belongs to only."""
    owners: dict[str, list[str]] = {}
    for prop in PROPERTIES:
        if prop.term.startswith("kg:"):
            owners.setdefault(prop.term, []).append(f"kg:{prop.label}")
    for rel in RELATIONSHIP_TERMS:
        if rel.term.startswith("kg:"):
            owners.setdefault(rel.term, []).extend(f"kg:{label}" for label in _labels_of(rel.type, rel.start))
    for term, classes in owners.items():
        name = f"SubjectsOf-{term.partition(':')[2]}"
        shape = shapes.node_shape(name, term, "sh:targetSubjectsOf")
        shapes.classes(shape, name, classes, iri=False)


def _export_resources(shapes: _Shapes) -> None:
    """The resources the export adds beside the graph's nodes (``stores/rdf_derived``)."""
    for cls, target in (("kg:Attendance", "kg:Meeting"), ("kg:Presentation", "kg:AgendaItem")):
        shape = shapes.node_shape(f"{cls.partition(':')[2]}Shape", cls)
        shapes.classes(
            shapes.property(shape, "agent", "kg:agent", minimum=True, single=True), f"{cls}-agent", ["kg:Person"]
        )
        shapes.classes(
            shapes.property(shape, "object", "kg:object", minimum=True, single=True), f"{cls}-object", [target]
        )
        role = shapes.property(shape, "role", "kg:role", minimum=True, single=True)
        shapes.add(role, "sh:datatype", _t("rdf:langString"))
    membership = shapes.node_shape("MembershipShape", "org:Membership")
    for key, path, target in (
        ("member", "org:member", "kg:Person"),
        ("organization", "org:organization", "kg:OrgUnit"),
        ("role", "org:role", "org:Role"),
    ):
        node = shapes.property(membership, key, path, minimum=True, single=True)
        shapes.classes(node, f"MembershipShape-{key}", [target])
    role = shapes.node_shape("RoleShape", "org:Role")
    shapes.add(
        shapes.property(role, "label", "skos:prefLabel", minimum=True, single=True), "sh:datatype", _t("rdf:langString")
    )
    treatment = shapes.node_shape("TreatmentShape", "besluit:BehandelingVanAgendapunt")
    for key, path, target in (("item", "dct:subject", "kg:AgendaItem"), ("decision", "prov:generated", "kg:Decision")):
        shapes.classes(
            shapes.property(treatment, key, path, minimum=True, single=True), f"TreatmentShape-{key}", [target]
        )
    shapes.add(shapes.property(treatment, "open", "besluit:openbaar", single=True), "sh:datatype", _t("xsd:boolean"))
    decision = ox.NamedNode(f"{KG}DecisionShape")
    shapes.add(shapes.property(decision, "eli-title", "eli:title", single=True), "sh:datatype", _t("rdf:langString"))
    language = shapes.property(decision, "eli-language", "eli:language", minimum=True, single=True)
    shapes.add(language, "sh:in", shapes.list("DecisionShape-language-in", [ox.NamedNode(DANISH)]))
    shapes.classes(language, "DecisionShape-language", ["skos:Concept"])


def published_ends() -> dict[tuple[str, str], list[str]]:
    """(published term, "subject" or "object") -> the labels of the nodes it is said of or points to."""
    found: dict[tuple[str, str], list[str]] = {}

    def add(term: str, end: str, labels: tuple[str, ...]) -> None:
        known = found.setdefault((term, end), [])
        known += [label for label in labels if label not in known]

    for rel in RELATIONSHIP_TERMS:
        starts, ends = _labels_of(rel.type, rel.start), RELATIONSHIPS[rel.type].end
        for term in rel.published:
            add(term, "subject", starts)
            add(term, "object", ends)
        if rel.published_inverse:
            add(rel.published_inverse, "subject", ends)
            add(rel.published_inverse, "object", starts)
    for value in DERIVED_VALUES:
        add(value.term, "subject", (value.label,))
    return found


def _publication(shapes: _Shapes) -> None:
    """LBLOD's classes and terms of a published record are said of what the corpus publishes only: a
    besluit:Zitting is a meeting whose minutes or agenda it holds (not one it only refers to), a
    besluit:Agendapunt an item on a Zitting's agenda, and a published term is said of (and points to, where its
    object is a meeting or an item) those only."""
    (zitting,) = CLASS_OF["Meeting"].published
    (agendapunt,) = CLASS_OF["AgendaItem"].published
    meeting = shapes.node_shape("ZittingShape", zitting)
    status = shapes.property(meeting, "status", "kg:status", minimum=True, single=True)
    shapes.add(status, "sh:in", shapes.list("ZittingShape-status-in", [ox.Literal(s) for s in PUBLISHED_STATUSES]))
    item = shapes.node_shape("AgendapuntShape", agendapunt)
    on_agenda = shapes.property(item, "meeting", relationship_term("ON_AGENDA_OF", "*").term, minimum=True, single=True)
    shapes.classes(on_agenda, "AgendapuntShape-meeting", [zitting])
    targets = {"subject": "sh:targetSubjectsOf", "object": "sh:targetObjectsOf"}
    for (term, end), labels in published_ends().items():
        published = [cls for label in labels for cls in CLASS_OF[label].published]
        if published and len(published) == len(labels):
            name = f"Published{end.title()}sOf-{term.replace(':', '-')}"
            shapes.classes(shapes.node_shape(name, term, targets[end]), name, published, iri=False)


def shape_triples() -> list[ox.Triple]:
    shapes = _Shapes()
    objects = relationship_objects()
    for cls in CLASSES:
        _class_shape(shapes, cls, objects)
    _kle_levels(shapes)
    _publication(shapes)
    _export_resources(shapes)
    _subjects(shapes)
    return shapes.triples


def context() -> dict:
    """The JSON-LD @context of the export: the prefixes, and short names for the common terms."""
    terms: dict[str, object] = {k: v for k, v in PREFIXES.items() if k not in ("sh",)}
    for prop in PROPERTIES:
        name = prop.term.split(":")[1]
        entry: dict[str, str] = {"@id": prop.term}
        if prop.danish_text:
            entry["@language"] = "da"
        elif prop.iri_base:
            entry["@type"] = "@id"
        elif prop.datatype != "xsd:string":
            entry["@type"] = prop.datatype
        terms.setdefault(name, entry)
    for value in DERIVED_VALUES:
        terms.setdefault(value.term.split(":")[1], {"@id": value.term, "@type": value.datatype})
    for rel in RELATIONSHIP_TERMS:
        inverses = tuple(term for term in (rel.inverse_of, rel.published_inverse) if term)
        for term in (rel.term, *rel.aligned, *rel.published, *inverses):
            terms.setdefault(term.split(":")[1], {"@id": term, "@type": "@id"})
    for name, entry in EXPORT_TERMS.items():
        terms.setdefault(name, entry)
    return {"@context": terms}


EXPORT_TERMS: dict[str, dict[str, str]] = {  # terms the export adds beyond the schema's (stores/rdf_derived.py)
    "position": {"@id": "schema:position", "@type": "xsd:integer"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "agent": {"@id": "kg:agent", "@type": "@id"},
    "object": {"@id": "kg:object", "@type": "@id"},
    "role": {"@id": "kg:role", "@language": "da"},
    "sameAs": {"@id": "owl:sameAs", "@type": "@id"},  # a municipality's links (stores/rdf_links.py)
    "generated": {"@id": "prov:generated", "@type": "@id"},
    "openbaar": {"@id": "besluit:openbaar", "@type": "xsd:boolean"},
    "language": {"@id": "eli:language", "@type": "@id"},
    "member": {"@id": "org:member", "@type": "@id"},
    "organization": {"@id": "org:organization", "@type": "@id"},
}


def _grouped(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Each subject's triples together, subjects in the order they first appear: one Turtle block per subject."""
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)  # type: ignore[arg-type]
    return [triple for group in by_subject.values() for triple in group]


def render() -> dict[Path, bytes]:
    return {
        ONTOLOGY_FILE: ox.serialize(_grouped(ontology_triples()), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        SHAPES_FILE: ox.serialize(_grouped(shape_triples()), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        CONTEXT_FILE: (json.dumps(context(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def main() -> None:
    for path, data in render().items():
        path.write_bytes(data)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
