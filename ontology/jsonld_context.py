"""The JSON-LD @context of the export (``context.jsonld``): the prefixes, and short names for the common terms."""

from __future__ import annotations

from kommunegraf.ontology.mapping import DERIVED_VALUES, PREFIXES, PROPERTIES, RELATIONSHIP_TERMS


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
