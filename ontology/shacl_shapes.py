"""The SHACL shapes' triples (``shapes.ttl``): what the mapping says every node, value and relationship of the
export must be, the resources the export adds beside the graph's nodes, and where LBLOD's published terms may
be said."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kommunegraf.ontology.mapping import (
    CLASS_OF,
    CLASSES,
    DANISH,
    DERIVED_VALUES,
    KG,
    PROPERTIES,
    PUBLISHED_STATUSES,
    RELATIONSHIP_TERMS,
    ClassTerm,
    DerivedValue,
    PropertyTerm,
    relationship_term,
)
from kommunegraf.ontology.schema import KLE_CODE_OF_LEVEL, RELATIONSHIPS
from kommunegraf.ontology.shacl_builder import Shapes
from kommunegraf.ontology.terms import named

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


def _value_shape(shapes: Shapes, shape: ox.NamedNode, prop: PropertyTerm | DerivedValue, name: str) -> None:
    """A property's values: one at most, of its datatype, in its list of values or lexical pattern."""
    required = isinstance(prop, PropertyTerm) and prop.required
    node = shapes.property(shape, name, prop.term, minimum=required, single=True)
    if isinstance(prop, PropertyTerm) and prop.iri_base:
        shapes.classes(node, f"{name}-iri", [prop.iri_class])
        shapes.add(node, "sh:pattern", ox.Literal("^" + re.escape(prop.iri_base)))
        return
    danish = isinstance(prop, PropertyTerm) and prop.danish_text
    shapes.add(node, "sh:datatype", named("rdf:langString" if danish else prop.datatype))
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


def _class_shape(shapes: Shapes, cls: ClassTerm, objects: dict[tuple[str, str], list[str]]) -> None:
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


def _kle_levels(shapes: Shapes) -> None:
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
            shapes.add(check, "sh:path", named(path))
            shapes.add(check, constraint, ox.Literal(value))
        alternatives.append(alternative)
    shapes.add(shape, "sh:or", shapes.list("KLETopicShape-levels", alternatives))


def _subjects(shapes: Shapes) -> None:
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


def _export_resources(shapes: Shapes) -> None:
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
        shapes.add(role, "sh:datatype", named("rdf:langString"))
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
        shapes.property(role, "label", "skos:prefLabel", minimum=True, single=True),
        "sh:datatype",
        named("rdf:langString"),
    )
    treatment = shapes.node_shape("TreatmentShape", "besluit:BehandelingVanAgendapunt")
    for key, path, target in (("item", "dct:subject", "kg:AgendaItem"), ("decision", "prov:generated", "kg:Decision")):
        shapes.classes(
            shapes.property(treatment, key, path, minimum=True, single=True), f"TreatmentShape-{key}", [target]
        )
    shapes.add(shapes.property(treatment, "open", "besluit:openbaar", single=True), "sh:datatype", named("xsd:boolean"))
    decision = ox.NamedNode(f"{KG}DecisionShape")
    shapes.add(shapes.property(decision, "eli-title", "eli:title", single=True), "sh:datatype", named("rdf:langString"))
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


def _publication(shapes: Shapes) -> None:
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
    shapes = Shapes()
    objects = relationship_objects()
    for cls in CLASSES:
        _class_shape(shapes, cls, objects)
    _kle_levels(shapes)
    _publication(shapes)
    _export_resources(shapes)
    _subjects(shapes)
    return shapes.triples
