"""node-link JSON: the graph as networkx's ``node_link_data`` writes it (links under "links").

Every node has ``id`` and ``label`` plus its properties; every link has
``source`` and ``target`` (node ids), ``type`` and its properties. A fact is
one link, however many documents state it: their Source ids are ``sources``
(node-link already uses ``source`` for the start node), with ``lines`` the
lines of each and, where one is a PDF, ``pages`` (parallel lists). Each
node's FROM_SOURCE links carry ``lines``. Files of format version 1 (a link
per fact and document, ``source_id`` and ``lines``) are read too.

Nodes and links are written in the order the merge met them, as networkx
does: the merge takes documents in the order of their sha256, so the same
documents always give the same bytes, whatever the order of the files or
the number of workers; a file read back and written again is unchanged.
Sorting instead would cost the writer a third of its time at 100,000
meetings (the sort, and reading the graph out of memory order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import IO, Any

import orjson

from kommunegraf.errors import OutputError
from kommunegraf.graph.model import NO_PROPERTIES, Graph, Node, Relationship
from kommunegraf.graph.spans import parse_spans
from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.chunks import ByteChunks

FORMAT_VERSION = 2
_BATCH = 256  # nodes or links encoded and joined at a time: larger batches raise the peak (BENCHMARKS.md)


def _escaped(value: Any) -> Any:
    """A text with letters beyond ASCII as ready JSON (an ``orjson.Fragment``); any other value as it is.

    Why: orjson keeps the UTF-8 it makes of a non-ASCII string cached inside
    the string for as long as the string lives, so writing the graph would
    leave a second copy of its Danish texts in memory; escaped here, the
    UTF-8 is made and dropped.
    """
    if type(value) is str and not value.isascii():
        return orjson.Fragment(encode_basestring(value).encode("utf-8"))
    return value


def _as_is(value: Any) -> Any:
    return value


def _values(properties: Mapping[str, Any], text: Callable[[Any], Any]) -> Iterator[tuple[str, Any]]:
    """A node's or relationship's properties that have a value, by name."""
    return ((k, text(v)) for k, v in sorted(properties.items()) if v is not None)


def _node(node: Node, text: Callable[[Any], Any] = _as_is) -> dict[str, Any]:
    item = {"id": text(node.id), "label": node.label}
    item.update(_values(node.properties, text))
    return item


def _links(graph: Graph, text: Callable[[Any], Any] = _as_is) -> Iterator[dict[str, Any]]:
    """The relationships in the order they were merged, then each node's FROM_SOURCE links."""
    provenance = graph.provenance_in_order()
    for rel in graph.relationships.values():
        link = {"source": text(rel.start), "target": text(rel.end), "type": rel.type}
        if rel.properties:
            link.update(_values(rel.properties, text))
        link.update(graph.statement_lists(rel, provenance))
        yield link
    for node in graph.nodes.values():
        for source, spans in node.provenance.items():
            yield {"source": text(node.id), "target": source, "type": "FROM_SOURCE", **provenance(source, spans)}


def _header(build: str | None = None) -> dict[str, Any]:
    about: dict[str, Any] = {"name": "kommunegraf", "format_version": FORMAT_VERSION}
    if build is not None:
        about["build"] = build  # the report.json of the same build names it too
    return {"directed": True, "multigraph": True, "graph": about}


def to_node_link(graph: Graph) -> dict[str, Any]:
    return {
        **_header(),
        "nodes": [_node(n) for n in graph.nodes.values()],
        "links": list(_links(graph)),
    }


def write_node_link(graph: Graph, path: str | Path, build: str | None = None) -> None:
    """Write ``graph`` to ``path`` atomically (see ``dump_node_link``)."""
    with atomic_writer(path, binary=True) as handle:
        dump_node_link(graph, handle, build)


def dump_node_link(graph: Graph, handle: IO[bytes], build: str | None = None) -> None:
    """Write ``graph`` into a binary file, one node or link a line (streamed, encoded by orjson); ``build`` names
    the build that made it."""
    with ByteChunks(handle) as out:
        out.add(orjson.dumps(_header(build))[:-1] + b',\n"nodes":[')
        _json_lines(out, (_node(node, _escaped) for node in graph.nodes.values()))
        out.add(b'\n],\n"links":[')
        _json_lines(out, _links(graph, _escaped))
        out.add(b"\n]}\n")


def _json_lines(out: ByteChunks, objects: Iterable[dict[str, Any]]) -> None:
    """The items of a JSON array, one a line (encoded and joined a batch at a time)."""
    objects = iter(objects)
    separator = b"\n"
    while batch := list(islice(objects, _BATCH)):
        out.add(separator + b",\n".join(map(orjson.dumps, batch)))
        separator = b",\n"


LINK_TYPES = frozenset(RELATIONSHIPS) | {"FROM_SOURCE"}
# pages: derived from lines; source_id: format version 1
_LINK_FIELDS = frozenset({"source", "target", "type", "sources", "source_id", "lines", "pages"})


def read_node_link(path: str | Path) -> Graph:
    """Read a node-link file written by ``write_node_link`` back into a Graph."""
    try:
        data = orjson.loads(Path(path).read_bytes())
        graph = Graph()
        for item in data["nodes"]:
            properties = {k: v for k, v in item.items() if k not in ("id", "label")}
            if item["label"] not in LABELS or not isinstance(item["id"], str):
                raise ValueError(f"node {item['id']!r}: label {item['label']!r} is not one of the schema's")
            graph.nodes[item["id"]] = Node(item["id"], item["label"], properties)
        nodes = graph.nodes
        for link in data["links"]:
            if link["type"] not in LINK_TYPES or link["source"] not in nodes or link["target"] not in nodes:
                ends = f"from {link['source']!r} to {link['target']!r}"
                raise ValueError(f"link {link['type']!r} {ends} is not of this graph")
            if link["type"] == "FROM_SOURCE":
                graph.nodes[link["source"]].provenance[link["target"]] = parse_spans(link.get("lines", ""))
                continue
            properties = {k: v for k, v in link.items() if k not in _LINK_FIELDS}
            statements = (
                zip(link["sources"], link["lines"], strict=True)
                if "sources" in link
                else [(link["source_id"], link.get("lines", ""))]
            )
            key = (link["type"], link["source"], link["target"])
            for source, lines in statements:
                rel = graph.relationships.get(key)
                if rel is None:
                    rel = Relationship(*key, source, properties or NO_PROPERTIES, parse_spans(lines))
                    graph.relationships[key] = rel
                else:  # a further document (in version 1, a link of its own)
                    if rel.more is None:
                        rel.more = {}
                    rel.more[source] = parse_spans(lines)
        return graph
    except (OSError, ValueError, KeyError, TypeError) as error:  # orjson.JSONDecodeError is a ValueError
        raise OutputError(f"{path}: not a kommunegraf node-link file ({error})") from None
