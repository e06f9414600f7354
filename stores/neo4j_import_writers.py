"""The second pass of an import export: the rows streamed into the CSV files, the nodes', the facts' and the
nodes' FROM_SOURCE links', nothing collected in memory.

Integer import ids (``--id-type=integer``): each node is numbered in the
order of the graph, its IRI written as its ``id`` property (as the loader
stores it), and relationships name their ends by number. neo4j-admin maps
numbers far faster than strings, and the files are smaller (BENCHMARKS.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kommunegraf.graph.model import NO_PROPERTIES, Graph, page_starts_of
from kommunegraf.graph.spans import Spans, format_pages, format_spans, is_frozen
from kommunegraf.stores.neo4j_csv import ABSENT, ARRAY_DELIMITER, CsvFile, cell, csv_value
from kommunegraf.stores.neo4j_import_columns import (
    CONVERTED,
    file_key,
    header_types,
    paged_sources,
    scan_nodes,
    scan_relationships,
    typed,
)

_BATCH_ROWS = 4096  # CSV lines written to a file at once


class Where:
    """Where facts are stated, as the files write it: a spans tuple's lines, and its pages in a PDF, made once.

    A graph shares one spans tuple among every fact stated on the same lines
    (``graph.spans.SharedSpans``), so most facts' lines are a lookup here, not a format.
    """

    def __init__(self, graph: Graph) -> None:
        self.page_starts = {n.id: starts for n in graph.of_label("Source") if (starts := page_starts_of(n)) is not None}
        # keyed by the tuple's identity: a tuple's hash is made anew at each lookup, an int's is the int; the
        # graph holds every tuple while its files are written, so no identity is reused meanwhile
        self._lines: dict[int, str] = {}
        self._pages: dict[tuple[str, Spans], str] = {}

    def lines(self, spans: Spans) -> str:
        if not is_frozen(spans):  # the spans of a fact stated on many lines: they grow in place, not shared
            return format_spans(spans)
        found = self._lines.get(id(spans))
        if found is None:
            found = self._lines[id(spans)] = format_spans(spans)
        return found

    def pages(self, source: str, spans: Spans) -> str:
        """The pages of a PDF's lines; "" for a document without pages."""
        starts = self.page_starts.get(source)
        if starts is None:
            return ""
        if not is_frozen(spans):
            return format_pages(spans, starts)
        key = (source, spans)
        found = self._pages.get(key)
        if found is None:
            found = self._pages[key] = format_pages(spans, starts)
        return found


def _file_name(name: str, key: tuple[str | None, ...], keys: dict[tuple[str | None, ...], int]) -> str:
    if key not in keys:
        keys[key] = len(keys) + 1
    number = keys[key]
    return f"{name}.csv" if number == 1 else f"{name}.{number}.csv"


def _flush(target: CsvFile, lines: list[str]) -> None:
    """Write and empty a batch of CSV lines."""
    target.write_lines(lines)
    lines.clear()


_UNSAFE = re.compile(f'["\n\r{ARRAY_DELIMITER}]')  # what an id cannot hold to stand in a CSV line as it is


@dataclass
class Export:
    """What the writers of one export share: the graph, its columns, import ids, and the files written."""

    graph: Graph
    folder: Path
    where: Where  # the lines and pages of facts and of nodes' links, each formatted once
    stack: ExitStack
    files: dict[tuple[str, tuple[str | None, ...]], CsvFile] = field(default_factory=dict)
    numbering: dict[str, dict[tuple[str | None, ...], int]] = field(default_factory=lambda: defaultdict(dict))

    @cached_property
    def ordinal(self) -> dict[str, int]:
        """Node id -> its import id (the node's place in the graph); made by each writing process for itself."""
        return {node_id: number for number, node_id in enumerate(self.graph.nodes)}

    def file(self, name: str, key: tuple[str | None, ...], header: list[str], sub: str) -> CsvFile:
        found = self.files.get((name, key))
        if found is None:
            path = self.folder / sub / _file_name(name, key, self.numbering[name])
            found = self.files[(name, key)] = CsvFile(path, header, self.stack)
        return found

    def written(self) -> list[tuple[str, int, bool]]:
        """Each file written: its path in the folder, its rows, whether a value in it spans lines."""
        return [(f.path.relative_to(self.folder).as_posix(), f.rows, f.multiline) for f in self.files.values()]


def _queue(queues: dict[int, tuple[CsvFile, list[str]]], target: CsvFile, line: str) -> None:
    queue = queues.get(id(target))
    if queue is None:
        queue = queues[id(target)] = (target, [])
    queue[1].append(line)
    if len(queue[1]) >= _BATCH_ROWS:
        _flush(*queue)


def write_nodes(export: Export) -> None:
    """The nodes, a file per label (and combination of value types)."""
    labels = scan_nodes(export.graph)
    mixed_of = {label: columns.mixed() for label, columns in labels.items()}
    keys_of = {label: columns.names() for label, columns in labels.items()}

    def node_file(label: str, key: tuple[str | None, ...], mixed: list[str]) -> CsvFile:
        found = export.files.get((label, key))
        if found is not None:
            return found
        chosen = header_types(labels[label], mixed, key)
        header = [":ID", "id:string", ":LABEL", *(f"{k}:{chosen[k]}" for k in labels[label].names())]
        return export.file(label, key, header, "nodes")

    queues: dict[int, tuple[CsvFile, list[str]]] = {}
    for number, node in enumerate(export.graph.nodes.values()):
        label, node_id, values = node.label, node.id, node.properties
        mixed = mixed_of[label]
        if mixed or label in CONVERTED:
            values = typed(label, values)
        target = node_file(label, file_key(mixed, values) if mixed else (), mixed)
        cells = [
            '"' + value.replace('"', '""') + '"' if type(value) is str else cell(value)
            for value in map(values.get, keys_of[label])
        ]
        quoted = '"' + node_id.replace('"', '""') + '"' if '"' in node_id else f'"{node_id}"'
        rest = "," + ",".join(cells) if cells else ""
        _queue(queues, target, f'{number},{quoted},"{label}"{rest}\n')
    for queue in queues.values():
        _flush(*queue)


def write_facts(export: Export) -> None:
    """The relationships but FROM_SOURCE, a file per type (and combination of value types)."""
    types, paged_types = scan_relationships(export.graph)
    ordinal = export.ordinal
    where = export.where
    rel_mixed = {rel_type: columns.mixed() for rel_type, columns in types.items()}
    rel_keys = {rel_type: columns.names() for rel_type, columns in types.items()}

    def relationship_file(rel_type: str, key: tuple[str | None, ...], mixed: list[str]) -> CsvFile:
        found = export.files.get((rel_type, key))
        if found is not None:
            return found
        chosen = header_types(types[rel_type], mixed, key)
        header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{chosen[k]}" for k in types[rel_type].names())]
        header += ["sources:string[]", "lines:string[]"]
        header += ["pages:string[]"] if paged_types.get(rel_type) else []
        return export.file(rel_type, key, header, "relationships")

    # The loop runs once a fact (millions). A fact without properties of its own is a row of import ids, its
    # documents (Source ids, minted from hashes, checked before) and their lines and pages, none of which can
    # hold a quote or a line break: its CSV line is made in place, without a look at each value (``CsvFile.line``).
    plain = not any(_UNSAFE.search(node.id) for node in export.graph.of_label("Source"))  # ids as they are
    queues: dict[int, tuple[CsvFile, list[str]]] = {}
    empty_columns = {rel_type: "," * len(keys) for rel_type, keys in rel_keys.items()}
    for rel in export.graph.relationships.values():
        rel_type = rel.type
        mixed = rel_mixed[rel_type]
        paged = paged_types.get(rel_type)
        if rel.more is None:
            source, spans = rel.source, rel.spans
            sources, lines = source, where.lines(spans)
            pages = where.pages(source, spans) if paged else ""
        else:
            statements = list(rel.statements())
            sources = ARRAY_DELIMITER.join(source for source, _ in statements)
            lines = ARRAY_DELIMITER.join(where.lines(spans) for _, spans in statements)
            listed = [where.pages(source, spans) for source, spans in statements] if paged else []
            pages = ARRAY_DELIMITER.join(listed) if any(listed) else ""
        if rel.properties is NO_PROPERTIES and not mixed and plain:
            target = relationship_file(rel_type, (), mixed)
            tail = (',"' + pages + '"\n' if pages else ",\n") if paged else "\n"
            ends = f"{ordinal[rel.start]},{ordinal[rel.end]},{rel_type},{empty_columns[rel_type]}"
            line = f'{ends}"{sources}","{lines}"{tail}'
        else:
            own = {k: v for k, v in rel.properties.items() if v is not None}
            target = relationship_file(rel_type, file_key(mixed, own) if mixed else (), mixed)
            row = [ordinal[rel.start], ordinal[rel.end], rel_type, *(csv_value(own.get(k)) for k in rel_keys[rel_type])]
            line = target.line([*row, sources, lines, *((pages or ABSENT,) if paged else ())])
        _queue(queues, target, line)
    for queue in queues.values():
        _flush(*queue)


def write_provenance(export: Export) -> None:
    """Each node's FROM_SOURCE links, in one file."""
    where, ordinal, graph = export.where, export.ordinal, export.graph
    paged = paged_sources(graph)
    with_pages = bool(paged) and any(source in paged for node in graph.nodes.values() for source in node.provenance)
    header = [":START_ID", ":END_ID", ":TYPE", "lines:string", *(["pages:string"] if with_pages else [])]
    target = export.file("FROM_SOURCE", (), header, "relationships")
    lines_out: list[str] = []
    for start, node in enumerate(export.graph.nodes.values()):  # the nodes' import ids, in order
        for source, spans in node.provenance.items():  # numbers and lines: nothing to quote inside
            line = f'{start},{ordinal[source]},FROM_SOURCE,"{where.lines(spans)}"'
            if with_pages:
                pages = where.pages(source, spans)
                line += ',"' + pages + '"' if pages else ","
            lines_out.append(line + "\n")
        if len(lines_out) >= _BATCH_ROWS:
            _flush(target, lines_out)
    _flush(target, lines_out)
