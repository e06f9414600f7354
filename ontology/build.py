"""Generate the OWL ontology, the SHACL shapes and the JSON-LD context from ``mapping``.

    python -m kommunegraf.ontology.build      # rewrites kommunegraf.ttl, shapes.ttl, context.jsonld

A test checks that the committed files are what this writes, so the files
and the mapping the exporter uses cannot drift apart. Their contents are
``owl_ontology``, ``shacl_shapes`` and ``jsonld_context``; this module writes them as files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.ontology.jsonld_context import context
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.ontology.owl_ontology import ontology_triples
from kommunegraf.ontology.shacl_shapes import shape_triples

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "kommunegraf.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONTEXT_FILE = HERE / "context.jsonld"


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
