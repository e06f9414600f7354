"""How the export's RDF terms are written, in N-Triples or in Turtle/TriG.

The vocabulary is small and fixed (``kommunegraf.ontology.mapping``), so the
text of every class, predicate and datatype is worked out once per syntax:
full ``<IRI>``s for N-Triples and N-Quads, prefixed names (``kg:Meeting``,
``"2021-11-09"^^xsd:date``) for Turtle and TriG. Writing a node is then
a few string joins with no per-statement lookups.

Instance IRIs (the node ids) are written in full in every syntax: they are
minted by ``graph.identity`` from ``[a-z0-9-]`` slugs, so they need no
escaping. Literals are escaped as both grammars require (backslash, quote,
line breaks). A node's description ends with the values the export derives
from its properties (``rdf_derived``), and ``pairs`` writes any derived
statement. Whether the corpus publishes a node (``rdf_lblod_scope.lblod_scope``)
decides its LBLOD classes and values, so a label is compiled once for each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kommunegraf.graph.model import Node
from kommunegraf.ontology.mapping import KG, PROPERTY_OF, PropertyTerm, expand, relationship_term
from kommunegraf.stores.rdf_derived import Object, Pair, Term, classes, node_values

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_NO_ESCAPING = {"xsd:integer", "xsd:boolean", "xsd:date", "xsd:time"}


def quoted(text: str) -> str:
    """A string literal's quoted form, escaped as N-Triples and Turtle require."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPES)
    return f'"{text}"'


def _time(value: object) -> str:
    text = str(value)
    return text if text.count(":") == 2 else f"{text}:00"


def lexical_form(spec: PropertyTerm) -> Callable[[object], str]:
    """The function that writes a value of this property as the lexical form of its datatype (or its IRI)."""
    if spec.danish_text:
        return str
    if spec.iri_base:
        base = spec.iri_base
        return lambda value: base + str(value)
    return {
        "xsd:boolean": lambda value: "true" if value else "false",
        "xsd:integer": lambda value: str(int(value)),  # type: ignore[call-overload]
        "xsd:time": _time,
        "xsd:date": lambda value: dt.date.fromisoformat(str(value)).isoformat(),
        "xsd:dateTime": lambda value: str(value).replace("Z", "+00:00"),
    }.get(spec.datatype, str)


class Syntax:
    """The text of the vocabulary in one RDF syntax, compiled once."""

    def __init__(self, prefixed: bool) -> None:
        self.prefixed = prefixed
        self._terms: dict[str, str] = {}
        self.type = "a" if prefixed else self.term("rdf:type")
        self.derived_from = self.term("prov:wasDerivedFrom")  # of named graphs and reified statements only
        self.referenced_by = self.term(relationship_term("FROM_SOURCE", "*").term)  # a node's link to a document
        self._types: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._properties: dict[str, dict[str, tuple[str, Callable[[object], str]]]] = {}
        self._predicates: dict[tuple[str, str], str] = {}

    def term(self, curie: str) -> str:
        """A vocabulary term: ``kg:Meeting`` in Turtle, ``<https://...#Meeting>`` in N-Triples."""
        found = self._terms.get(curie)
        if found is None:
            found = self._terms[curie] = curie if self.prefixed else f"<{expand(curie)}>"
        return found

    def literal(self, spec: PropertyTerm) -> Callable[[object], str]:
        """The function that writes a value of this property as a typed or ``@da``-tagged literal."""
        lexical = lexical_form(spec)
        if spec.danish_text:
            return lambda value: quoted(lexical(value)) + "@da"
        if spec.iri_base:
            return lambda value: f"<{lexical(value)}>"
        suffix = "" if spec.datatype == "xsd:string" else "^^" + self.term(spec.datatype)
        if spec.datatype in _NEEDS_NO_ESCAPING:
            return lambda value: f'"{lexical(value)}"{suffix}'
        return lambda value: quoted(lexical(value)) + suffix

    def write_object(self, value: Object) -> str:
        """An IRI (a str), a vocabulary term or a literal, as this syntax writes it."""
        if isinstance(value, str):
            return f"<{value}>"
        if isinstance(value, Term):
            return self.term(value.curie)
        if value.language:
            return f"{quoted(value.lexical)}@{value.language}"
        if value.datatype == "xsd:string":
            return quoted(value.lexical)
        return f"{quoted(value.lexical)}^^{self.term(value.datatype)}"

    def pairs(self, pairs: list[Pair]) -> list[str]:
        """Derived statements about one subject as ``"p o"`` strings (``rdf:type`` as ``a`` in Turtle)."""
        return [
            f"{self.type if predicate == 'rdf:type' else self.term(predicate)} {self.write_object(value)}"
            for predicate, value in pairs
        ]

    def node_description(self, node: Node, published: bool = True) -> list[str]:
        """The predicate-object pairs of a node: its classes and its properties, as ``"p o"`` strings.

        ``published`` is False for a record the corpus does not publish: it has no LBLOD class or value.
        """
        label = node.label
        types = self._types.get((label, published))
        if types is None:
            types = self._compile(label, published)
        described = list(types)
        writers = self._properties[label]
        properties = node.properties
        for key in sorted(properties):
            value = properties[key]
            if value is not None:
                predicate, write = writers[key]
                described.append(predicate + write(value))
        if values := node_values(label, properties, published):
            described += self.pairs(values)
        return described

    def predicate(self, rel_type: str, start_label: str) -> str:
        """The predicate of a relationship from a node of ``start_label``."""
        found = self._predicates.get((rel_type, start_label))
        if found is None:
            found = self._predicates[(rel_type, start_label)] = self.term(relationship_term(rel_type, start_label).term)
        return found

    def _compile(self, label: str, published: bool) -> tuple[str, ...]:
        written = [self.term(curie) for curie in classes(label, published)]
        types = [f"{self.type} {', '.join(written)}"] if self.prefixed else [f"{self.type} {c}" for c in written]
        if label == "KLETopic":
            types.append(f"{self.term('skos:inScheme')} <{KG}KLE>")
        self._types[(label, published)] = tuple(types)
        self._properties[label] = {
            key: (self.term(prop.term) + " ", self.literal(prop))
            for (of_label, key), prop in PROPERTY_OF.items()
            if of_label == label
        }
        return self._types[(label, published)]


N_TRIPLES = Syntax(prefixed=False)
TURTLE = Syntax(prefixed=True)
