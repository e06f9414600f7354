"""The graph as a networkx MultiDiGraph, and from there GraphML and GEXF for Gephi."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from kommunegraf.graph.model import Graph
from kommunegraf.stores.atomic import atomic_writer


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Nodes carry ``label`` and their properties; edges ``type``, properties, and where they are stated:
    ``sources`` (the documents' Source ids), ``lines`` and, for PDFs, ``pages`` (parallel lists).

    A fact is one edge, keyed by its type, however many documents state it.
    """
    result = nx.MultiDiGraph(name="kommunegraf")
    for node in graph.nodes.values():  # the order of the node-link file: the order the merge met them
        result.add_node(node.id, label=node.label, **{k: v for k, v in node.properties.items() if v is not None})
    provenance = graph.provenance_in_order()
    for rel in graph.relationships.values():
        props = {k: v for k, v in rel.properties.items() if v is not None}
        result.add_edge(
            rel.start, rel.end, key=rel.type, type=rel.type, **graph.statement_lists(rel, provenance), **props
        )
    for node in graph.nodes.values():
        for source, spans in node.provenance.items():
            result.add_edge(node.id, source, key="FROM_SOURCE", type="FROM_SOURCE", **provenance(source, spans))
    return result


LIST_SEPARATOR = " | "  # GraphML and GEXF have no list values: an edge's sources, lines and pages are joined


def _for_file_formats(graph: Graph) -> nx.MultiDiGraph:
    """GraphML and GEXF want one value type per attribute name (``number`` is an int on items, a string on
    cases) and no lists (an edge's ``sources``, ``lines`` and ``pages`` are joined by ``LIST_SEPARATOR``)."""
    result = to_networkx(graph)
    for _, _, data in result.edges(data=True):
        for key, value in data.items():
            if isinstance(value, list):
                data[key] = LIST_SEPARATOR.join(value)
    kinds: dict[str, set[type]] = {}
    for _, data in result.nodes(data=True):
        for key, value in data.items():
            kinds.setdefault(key, set()).add(type(value))
    mixed = {key for key, types in kinds.items() if len(types) > 1}
    for _, data in result.nodes(data=True):
        for key in mixed & data.keys():
            data[key] = str(data[key])
    for _, data in [*result.nodes(data=True), *((None, d) for *_, d in result.edges(data=True))]:
        for key, value in data.items():
            if isinstance(value, str) and _NOT_XML.search(value):
                data[key] = xml_text(value)
    if any(_NOT_XML.search(str(node)) for node in result.nodes):
        result = nx.relabel_nodes(result, {n: xml_text(n) for n in result.nodes if _NOT_XML.search(str(n))})
    return result


# Characters XML 1.0 cannot hold at all (C0 controls but tab, line feed and carriage return; lone surrogates;
# U+FFFE and U+FFFF): text from damaged documents may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 forbids written as ``\\uXXXX``, so the file stays well-formed."""
    return _NOT_XML.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def write_graphml(graph: Graph, path: str | Path) -> None:
    with atomic_writer(path) as handle:
        handle.write("\n".join(nx.generate_graphml(_for_file_formats(graph), named_key_ids=True)))
        handle.write("\n")


def write_gexf(graph: Graph, path: str | Path) -> None:
    with atomic_writer(path) as handle:
        handle.write("\n".join(nx.generate_gexf(_for_file_formats(graph))))
        handle.write("\n")
