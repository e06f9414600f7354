"""The graph's public schema in code (labels, relationship types, keys).

``../shared/design/schema.md`` is the contract; this package is its one
machine-readable copy, used by the graph layer and every exporter so that
names cannot drift apart. The OWL ontology and SHACL shapes will live here too.
"""

from kommunegraf.ontology.schema import LABELS, NODE_KEYS, RELATIONSHIPS, RelationshipType

__all__ = ["LABELS", "NODE_KEYS", "RELATIONSHIPS", "RelationshipType"]
