"""The mapping's CURIEs as pyoxigraph nodes, for the files generated from the mapping (``build``)."""

from __future__ import annotations

import pyoxigraph as ox

from kommunegraf.ontology.mapping import expand


def named(curie: str) -> ox.NamedNode:
    """The named node of ``curie`` (``rdfs:label``), under the mapping's prefixes."""
    return ox.NamedNode(expand(curie))
