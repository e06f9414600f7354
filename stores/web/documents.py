"""A resource's machine-readable documents: its triples as Turtle and JSON-LD.

The triples are the ones its HTML page shows: what it says (outgoing), what
says something of it (incoming), its dependents' own triples, the reified
statements about it with their lines, and what the default graph says of the
named graphs (documents) they come from. Turtle and JSON-LD hold no named
graphs: which document holds each fact is in the reified statements.
"""

from __future__ import annotations

import pyoxigraph as ox

from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.web.describe import Description

FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "sh"}


def rdf_document(description: Description, extension: str) -> bytes:
    """``ttl`` or ``jsonld``."""
    return ox.serialize(description.triples, format=FORMATS[extension], prefixes=_PREFIXES)
