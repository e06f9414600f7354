"""node-link JSON: the graph as networkx's ``node_link_data`` writes it (links under "links").

Every node has ``id`` and ``label`` plus its properties; every link has
``source`` and ``target`` (node ids), ``type`` and its properties.
Provenance: a relationship's Source id is written as ``source_id`` (node-link
already uses ``source`` for the start node) with ``lines``; each node's
FROM_SOURCE links carry ``lines``. Output is sorted, so the same graph always
gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kommunegraf.errors import OutputError
from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.records import Span
from kommunegraf.stores.atomic import atomic_writer

FORMAT_VERSION = 1


def to_node_link(graph: Graph) -> dict[str, Any]:
    nodes = [
        {
            "id": node.id,
            "label": node.label,
            **{k: v for k, v in sorted(node.properties.items()) if v is not None},
        }
        for node in sorted(graph.nodes.values(), key=lambda n: n.id)
    ]
    links: list[dict[str, Any]] = []
    for rel in graph.relationships.values():
        links.append(
            {
                "source": rel.start,
                "target": rel.end,
                "type": rel.type,
                **{k: v for k, v in sorted(rel.properties.items()) if v is not None},
                "source_id": rel.source,
                **graph.provenance(rel.source, rel.spans),
            }
        )
    for node in graph.nodes.values():
        for source, spans in node.provenance.items():
            where = graph.provenance(source, spans)
            links.append({"source": node.id, "target": source, "type": "FROM_SOURCE", **where})
    links.sort(key=lambda link: (link["type"], link["source"], link["target"], link.get("source_id", "")))
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"name": "kommunegraf", "format_version": FORMAT_VERSION},
        "nodes": nodes,
        "links": links,
    }


def write_node_link(graph: Graph, path: str | Path) -> None:
    """Write ``graph`` to ``path`` atomically."""
    with atomic_writer(path) as handle:
        json.dump(to_node_link(graph), handle, ensure_ascii=False, indent=1, sort_keys=False)
        handle.write("\n")


def _spans(text: str) -> set[Span]:
    spans = set()
    for part in filter(None, text.split(",")):
        start, _, end = part.partition("-")
        spans.add(Span(start=int(start), end=int(end or start)))
    return spans


_LINK_FIELDS = frozenset({"source", "target", "type", "source_id", "lines", "pages"})  # pages: derived from lines


def read_node_link(path: str | Path) -> Graph:
    """Read a node-link file written by ``write_node_link`` back into a Graph."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        graph = Graph()
        for item in data["nodes"]:
            properties = {k: v for k, v in item.items() if k not in ("id", "label")}
            graph.nodes[item["id"]] = Node(item["id"], item["label"], properties)
        for link in data["links"]:
            if link["type"] == "FROM_SOURCE":
                graph.nodes[link["source"]].provenance[link["target"]] = _spans(link.get("lines", ""))
                continue
            properties = {k: v for k, v in link.items() if k not in _LINK_FIELDS}
            rel = Relationship(link["type"], link["source"], link["target"], link["source_id"], properties)
            rel.spans = _spans(link.get("lines", ""))
            graph.relationships[rel.key] = rel
        return graph
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OutputError(f"{path}: not a kommunegraf node-link file ({error})") from None
