"""The graph as CSV files for ``neo4j-admin database import full``: a fresh database in one bulk pass.

The files give exactly the database ``Neo4jStore.load`` makes from the same
graph: the same labels, relationship types, property names and property
types (Meeting and Document ``date`` as dates, Source ``loaded_at`` as a
datetime, integers as integers, booleans as booleans, a fact's ``sources``,
``lines`` and ``pages`` as string lists, a node's FROM_SOURCE ``lines`` and
``pages`` as strings) and the same ids.

Layout of the folder::

    nodes/<Label>.csv             one per label
    relationships/<TYPE>.csv      one per relationship type (FROM_SOURCE too)
    import.sh                     the neo4j-admin command line for these files
    import.json                   the same, as data (kommunegraf dev-neo4j import reads it)
    schema.cypher                 constraints and indexes, to run once the server is up

Design:

- Each file starts with its header row: a file is self-describing (pandas or
  a spreadsheet reads it alone) and needs no companion header file. The
  columns are known before the first row is written: a first pass over the
  graph finds, per label and per type, the properties present and their value
  types; the second pass streams the rows (nothing is collected in memory).
- Integer import ids (``--id-type=integer``): each node is numbered in the
  order of the graph, its IRI written as its ``id`` property (as the loader
  stores it), and relationships name their ends by number. neo4j-admin maps
  numbers far faster than strings: at 20,000 meetings the import took 15 s
  instead of 20 s, and the files are a fifth smaller.
- Array delimiter U+001F (the ASCII unit separator): it cannot occur in an
  IRI (``sources``) nor in ``lines`` ("12-40,55") or ``pages`` ("3:12-40");
  ``;``, neo4j-admin's default, may occur in an IRI. A value that contains
  it anyway is refused.
- Every string is quoted (RFC 4180, a quote doubled) and a missing property
  is an empty unquoted field: neo4j-admin reads ``""`` as the empty string and
  an empty field as no property, as the loader leaves it. Strings may hold
  commas, quotes and line breaks; the files with a line break inside a value
  are named to ``--multiline-fields`` (format v2), so the others are still
  read in parallel.
- A property whose values differ in type between nodes of one label (never
  seen in practice: ``number`` is an integer on items and a string on cases,
  different labels) gets a further file per combination of types, so each
  value keeps the type the loader would give it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter
from pathlib import Path
from typing import IO, Any

from kommunegraf.errors import KommunegrafError
from kommunegraf.graph.model import NO_PROPERTIES, Graph, Spans, format_pages, format_spans, page_starts_of
from kommunegraf.stores.neo4j_store import DATE_PROPERTIES, _neo4j_value, _property, schema_statements

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
MANIFEST = "import.json"
SCRIPT = "import.sh"
SCHEMA = "schema.cypher"
LIST_KEYS = ("sources", "lines", "pages")  # a fact's statements, parallel lists
_BATCH_ROWS = 4096  # CSV lines written to a file at once


class Neo4jImportError(KommunegrafError):
    """The graph holds a value the import files cannot carry as the loader would store it."""


class _Absent:
    """A missing property: an empty, unquoted field (no property), where every string is quoted ("" is the empty
    string)."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""


ABSENT = _Absent()


_SCALAR_TYPES = {str: "string", int: "long", bool: "boolean", float: "double"}
_NONE = type(None)
_PROPERTIES = attrgetter("properties")


def neo4j_type(value: Any) -> str:
    """The neo4j-admin header type that stores ``value`` as the driver stores the Python value."""
    found = _SCALAR_TYPES.get(type(value))
    if found is not None:
        return found
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (list, tuple)) and value:
        kinds = {neo4j_type(v) for v in value}
        if len(kinds) == 1 and not next(iter(kinds)).endswith("[]"):
            return f"{kinds.pop()}[]"
    raise Neo4jImportError(f"a {type(value).__name__} value ({value!r:.60}) has no neo4j-admin import type")


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return value  # numbers unquoted, strings quoted
    return value.isoformat()  # dates and datetimes, quoted


def csv_value(value: Any) -> Any:
    """``value`` as the writer is given it: see ``_Absent`` and the module's notes."""
    if type(value) is str:  # most values: the check first
        return value
    if value is None:
        return ABSENT
    if isinstance(value, (list, tuple)):
        parts = [str(_scalar(v)) for v in value]
        if any(ARRAY_DELIMITER in part for part in parts):
            raise Neo4jImportError(f"a list value holds the array delimiter U+001F: {value!r:.80}")
        return ARRAY_DELIMITER.join(parts)
    return _scalar(value)


def _cell(value: Any) -> str:
    """A value that is not a string as a CSV field (see ``csv_value``); numbers and flags, the usual ones, first."""
    kind = type(value)
    if kind is int or kind is float:
        return repr(value)
    if kind is bool:
        return '"true"' if value else '"false"'
    if value is ABSENT or value is None:
        return ""
    value = csv_value(value)
    if type(value) is str:
        return '"' + value.replace('"', '""') + '"'
    return repr(value)


class _File:
    """One CSV file being written: its writer, rows and whether a value spans lines."""

    def __init__(self, path: Path, header: list[str], stack: ExitStack) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle: IO[str] = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
        self.handle = handle
        self.rows = 0
        self.multiline = False
        handle.write(self.line(header))  # the header's names are strings: quoted, which neo4j-admin accepts

    def line(self, values: list[Any]) -> str:
        """One row as a CSV line (values as ``csv_value`` gives them): every string quoted, a quote doubled, a
        number bare, a missing value an empty field."""
        cells = ['"' + value.replace('"', '""') + '"' if type(value) is str else _cell(value) for value in values]
        return ",".join(cells) + "\n"

    def write_lines(self, lines: list[str]) -> None:
        """Rows written out as CSV lines (``line``, or made in place where every value is known to be plain).

        A value that spans lines is noted here, for the batch at once: its text then has more line breaks
        than rows, or a carriage return.
        """
        text = "".join(lines)
        if not self.multiline and (text.count("\n") != len(lines) or "\r" in text):
            self.multiline = True
        self.handle.write(text)
        self.rows += len(lines)


class _Where:
    """Where facts are stated, as the files write it: a spans tuple's lines, and its pages in a PDF, made once.

    A graph shares one spans tuple among every fact stated on the same lines
    (``Graph._with``), so most facts' lines are a lookup here, not a format.
    """

    def __init__(self, graph: Graph) -> None:
        self.page_starts = {n.id: starts for n in graph.of_label("Source") if (starts := page_starts_of(n)) is not None}
        # keyed by the tuple's identity: a tuple's hash is made anew at each lookup, an int's is the int; the
        # graph holds every tuple while its files are written, so no identity is reused meanwhile
        self._lines: dict[int, str] = {}
        self._pages: dict[tuple[str, Spans], str] = {}

    def lines(self, spans: Spans) -> str:
        if type(spans) is not tuple:  # a set: the spans of a fact stated on many lines, not shared
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
        if type(spans) is not tuple:
            return format_pages(spans, starts)
        key = (source, spans)
        found = self._pages.get(key)
        if found is None:
            found = self._pages[key] = format_pages(spans, starts)
        return found


@dataclass
class _Columns:
    """The properties of one label or type, each with the type(s) its values have."""

    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def see(self, key: str, kind: str, count: int = 1) -> None:
        self.types[key][kind] += count

    def names(self) -> list[str]:
        return sorted(self.types)

    def mixed(self) -> list[str]:
        return [key for key in self.names() if len(self.types[key]) > 1]

    def header_type(self, key: str) -> str:
        return self.types[key].most_common(1)[0][0]


@dataclass
class ImportSummary:
    """What ``write_import_files`` wrote."""

    folder: Path
    node_files: dict[str, int] = field(default_factory=dict)  # path (relative to folder) -> rows
    relationship_files: dict[str, int] = field(default_factory=dict)
    multiline: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships


# the properties the loader stores as another type than the graph keeps (dates kept as ISO text)
_CONVERTED = {**{label: frozenset(keys) for label, keys in DATE_PROPERTIES.items()}, "Source": frozenset({"loaded_at"})}


def _typed(label: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A node's properties with a value, typed as the loader stores them (dates from their ISO text)."""
    converted = _CONVERTED.get(label, frozenset())
    return {k: _neo4j_value(label, k, v) if k in converted else v for k, v in properties.items() if v is not None}


def _paged_sources(graph: Graph) -> set[str]:
    return {n.id for n in graph.of_label("Source") if n.properties.get("page_starts")}


def _scan_nodes(graph: Graph) -> dict[str, _Columns]:
    """First pass over the nodes: per label, the properties and their types."""
    labels: dict[str, _Columns] = defaultdict(_Columns)
    seen: dict[tuple[str, str, str], int] = {}  # (label, property, type) -> nodes
    scalar = _SCALAR_TYPES
    # Nodes of a label mostly have the same properties with values of the same types: nodes are counted by that
    # shape (made at C speed), and a shape's properties looked at once. A value whose type says less than its
    # header type needs (a list's items, a datetime's zone) is looked at node by node.
    shapes: dict[tuple[str, tuple[str, ...], tuple[type, ...]], int] = {}
    plain_kinds: dict[tuple[type, ...], bool] = {}  # whether a tuple of types holds scalars only
    for node in graph.nodes.values():
        label = node.label
        values = node.properties if label not in _CONVERTED else _typed(label, node.properties)
        kinds = tuple(map(type, values.values()))
        plain = plain_kinds.get(kinds)
        if plain is None:
            plain = plain_kinds[kinds] = all(kind in scalar or kind is _NONE for kind in kinds)
        if plain:
            shape = (label, tuple(values), kinds)
            shapes[shape] = shapes.get(shape, 0) + 1
            continue
        for key, value in values.items():
            if value is not None:
                found = (label, key, scalar.get(type(value)) or neo4j_type(value))
                seen[found] = seen.get(found, 0) + 1
    for (label, keys, kinds), count in shapes.items():
        for key, kind in zip(keys, kinds, strict=True):
            if kind is not _NONE:
                found = (label, key, scalar[kind])
                seen[found] = seen.get(found, 0) + count
    for (label, key, kind), count in seen.items():
        if key == "id":
            node_id = next(n.id for n in graph.of_label(label) if n.properties.get("id") is not None)
            raise Neo4jImportError(f"{node_id} has a property named id, which is the node's id")
        labels[label].see(_property(key), kind, count)
    return labels


def _scan_relationships(graph: Graph) -> tuple[dict[str, _Columns], dict[str, bool]]:
    """First pass over the facts: per type, the properties of its own and their types; which types have pages."""
    types: dict[str, _Columns] = defaultdict(_Columns)
    paged_types: dict[str, bool] = {}
    paged = _paged_sources(graph)
    relationships = graph.relationships.values()
    for rel_type in set(map(itemgetter(0), graph.relationships)):  # the types present, at C speed
        types[rel_type] = _Columns()  # every type gets its columns, with properties of its own or without
        paged_types[rel_type] = False
    # most facts have no properties of their own: those that do are picked out at C speed
    with_properties = compress(relationships, map(is_not, map(_PROPERTIES, relationships), repeat(NO_PROPERTIES)))
    for rel in with_properties:
        columns = types[rel.type]
        for key, value in rel.properties.items():
            if value is not None:
                if key in LIST_KEYS:
                    raise Neo4jImportError(f"{rel.type} {rel.start} -> {rel.end} has its own property {key}")
                columns.see(_property(key), neo4j_type(value))
    if paged:
        for rel in relationships:
            if not paged_types[rel.type]:
                paged_types[rel.type] = rel.source in paged or any(source in paged for source in rel.more or ())
    return types, paged_types


def _file_key(mixed: list[str], values: dict[str, Any]) -> tuple[str | None, ...]:
    return tuple(neo4j_type(values[key]) if key in values else None for key in mixed)


def _header_types(columns: _Columns, mixed: list[str], key: tuple[str | None, ...]) -> dict[str, str]:
    chosen = {k: columns.header_type(k) for k in columns.names()}
    for name, kind in zip(mixed, key, strict=True):
        if kind is not None:
            chosen[name] = kind
    return chosen


def _file_name(name: str, key: tuple[str | None, ...], keys: dict[tuple[str | None, ...], int]) -> str:
    if key not in keys:
        keys[key] = len(keys) + 1
    number = keys[key]
    return f"{name}.csv" if number == 1 else f"{name}.{number}.csv"


def _flush(target: _File, lines: list[str]) -> None:
    """Write and empty a batch of CSV lines."""
    target.write_lines(lines)
    lines.clear()


_UNSAFE = re.compile(f'["\n\r{ARRAY_DELIMITER}]')  # what an id cannot hold to stand in a CSV line as it is


@dataclass
class _Export:
    """What the writers of one export share: the graph, its columns, import ids, and the files written."""

    graph: Graph
    folder: Path
    where: _Where  # the lines and pages of facts and of nodes' links, each formatted once
    stack: ExitStack
    files: dict[tuple[str, tuple[str | None, ...]], _File] = field(default_factory=dict)
    numbering: dict[str, dict[tuple[str | None, ...], int]] = field(default_factory=lambda: defaultdict(dict))

    @cached_property
    def ordinal(self) -> dict[str, int]:
        """Node id -> its import id (the node's place in the graph); made by each writing process for itself."""
        return {node_id: number for number, node_id in enumerate(self.graph.nodes)}

    def file(self, name: str, key: tuple[str | None, ...], header: list[str], sub: str) -> _File:
        found = self.files.get((name, key))
        if found is None:
            path = self.folder / sub / _file_name(name, key, self.numbering[name])
            found = self.files[(name, key)] = _File(path, header, self.stack)
        return found

    def written(self) -> list[tuple[str, int, bool]]:
        """Each file written: its path in the folder, its rows, whether a value in it spans lines."""
        return [(f.path.relative_to(self.folder).as_posix(), f.rows, f.multiline) for f in self.files.values()]


def _queue(queues: dict[int, tuple[_File, list[str]]], target: _File, line: str) -> None:
    queue = queues.get(id(target))
    if queue is None:
        queue = queues[id(target)] = (target, [])
    queue[1].append(line)
    if len(queue[1]) >= _BATCH_ROWS:
        _flush(*queue)


def _write_nodes(export: _Export) -> None:
    labels = _scan_nodes(export.graph)
    mixed_of = {label: columns.mixed() for label, columns in labels.items()}
    keys_of = {label: columns.names() for label, columns in labels.items()}

    def node_file(label: str, key: tuple[str | None, ...], mixed: list[str]) -> _File:
        found = export.files.get((label, key))
        if found is not None:
            return found
        chosen = _header_types(labels[label], mixed, key)
        header = [":ID", "id:string", ":LABEL", *(f"{k}:{chosen[k]}" for k in labels[label].names())]
        return export.file(label, key, header, "nodes")

    queues: dict[int, tuple[_File, list[str]]] = {}
    for number, node in enumerate(export.graph.nodes.values()):
        label, node_id, values = node.label, node.id, node.properties
        mixed = mixed_of[label]
        if mixed or label in _CONVERTED:
            values = _typed(label, values)
        target = node_file(label, _file_key(mixed, values) if mixed else (), mixed)
        cells = [
            '"' + value.replace('"', '""') + '"' if type(value) is str else _cell(value)
            for value in map(values.get, keys_of[label])
        ]
        quoted = '"' + node_id.replace('"', '""') + '"' if '"' in node_id else f'"{node_id}"'
        rest = "," + ",".join(cells) if cells else ""
        _queue(queues, target, f'{number},{quoted},"{label}"{rest}\n')
    for queue in queues.values():
        _flush(*queue)


def _write_facts(export: _Export) -> None:
    """The relationships but FROM_SOURCE, a file per type (and combination of value types)."""
    types, paged_types = _scan_relationships(export.graph)
    ordinal = export.ordinal
    where = export.where
    rel_mixed = {rel_type: columns.mixed() for rel_type, columns in types.items()}
    rel_keys = {rel_type: columns.names() for rel_type, columns in types.items()}

    def relationship_file(rel_type: str, key: tuple[str | None, ...], mixed: list[str]) -> _File:
        found = export.files.get((rel_type, key))
        if found is not None:
            return found
        chosen = _header_types(types[rel_type], mixed, key)
        header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{chosen[k]}" for k in types[rel_type].names())]
        header += ["sources:string[]", "lines:string[]"]
        header += ["pages:string[]"] if paged_types.get(rel_type) else []
        return export.file(rel_type, key, header, "relationships")

    # The loop runs once a fact (millions). A fact without properties of its own is a row of import ids, its
    # documents (Source ids, minted from hashes, checked before) and their lines and pages, none of which can
    # hold a quote or a line break: its CSV line is made in place, without a look at each value (``_File.line``).
    plain = not any(_UNSAFE.search(node.id) for node in export.graph.of_label("Source"))  # ids as they are
    queues: dict[int, tuple[_File, list[str]]] = {}
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
            target = relationship_file(rel_type, _file_key(mixed, own) if mixed else (), mixed)
            row = [ordinal[rel.start], ordinal[rel.end], rel_type, *(csv_value(own.get(k)) for k in rel_keys[rel_type])]
            line = target.line([*row, sources, lines, *((pages or ABSENT,) if paged else ())])
        _queue(queues, target, line)
    for queue in queues.values():
        _flush(*queue)


def _write_provenance(export: _Export) -> None:
    """Each node's FROM_SOURCE links, in one file."""
    where, ordinal, graph = export.where, export.ordinal, export.graph
    paged = _paged_sources(graph)
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


PARALLEL_FROM = 200_000  # relationships from which the facts are written by a second process beside the nodes


def _facts_in_a_child(export: _Export) -> Callable[[], list[tuple[str, int, bool]]]:
    """Write the facts in a forked process (it shares the graph's memory) while this one writes the nodes.

    Returns what waits for it and gives its files. Each process makes what
    its files need from the graph itself (the nodes' columns here, the facts'
    there, the import ids in both), so on two cores nothing runs before the
    fork. The child writes only files of its own and leaves by ``os._exit``
    (multiprocessing's fork does), so it never flushes a file this process
    has open.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            with ExitStack() as stack:
                mine = _Export(export.graph, export.folder, export.where, stack)
                _write_facts(mine)
            send.send(("ok", mine.written()))
        except BaseException as error:  # every failure goes back to the parent, which raises it
            send.send(("error", f"{type(error).__name__}: {error}"))

    process = context.Process(target=child, name="kommunegraf-neo4j-import-facts")
    process.start()
    send.close()

    def wait() -> list[tuple[str, int, bool]]:
        try:
            status, result = receive.recv()
        except EOFError:
            status, result = "error", "the process writing the relationships ended without a word"
        process.join()
        if status != "ok":
            raise Neo4jImportError(f"writing the relationship files failed: {result}")
        return result

    return wait


def write_import_files(graph: Graph, folder: str | Path, *, parallel: bool | None = None) -> ImportSummary:
    """Write ``graph`` as neo4j-admin import files (and import.sh, import.json, schema.cypher) into ``folder``.

    Files of an earlier export in ``folder``'s nodes/ and relationships/ are
    removed first, so the folder describes this graph only. ``parallel``:
    write the relationships in a second process (default: for a graph of
    ``PARALLEL_FROM`` relationships or more, where processes can fork).
    """
    import os

    began = time.perf_counter()
    folder = Path(folder)
    for sub in ("nodes", "relationships"):
        for old in (folder / sub).glob("*.csv"):
            old.unlink()
    summary = ImportSummary(folder)
    if parallel is None:
        parallel = len(graph.relationships) >= PARALLEL_FROM and hasattr(os, "fork")
    written: list[tuple[str, int, bool]] = []
    with ExitStack() as stack:
        export = _Export(graph, folder, _Where(graph), stack)
        facts = _facts_in_a_child(export) if parallel else None
        _write_nodes(export)
        if facts is None:
            _write_facts(export)
        _write_provenance(export)
    written += export.written()
    if facts is not None:
        written += facts()
    for relative, rows, multiline in written:
        if relative.startswith("nodes/"):
            summary.node_files[relative] = rows
            summary.nodes += rows
        else:
            summary.relationship_files[relative] = rows
            summary.relationships += rows
        summary.bytes += (folder / relative).stat().st_size
        if multiline:
            summary.multiline.append(relative)
    summary.node_files = dict(sorted(summary.node_files.items()))
    summary.relationship_files = dict(sorted(summary.relationship_files.items()))
    summary.multiline.sort()
    _write_manifest(summary)
    summary.seconds = time.perf_counter() - began
    return summary


def admin_arguments(
    node_files: Iterable[str], relationship_files: Iterable[str], multiline: Iterable[str], base: str = ""
) -> list[str]:
    """The options of ``neo4j-admin database import full`` for these files (paths prefixed with ``base``)."""
    arguments = ["--id-type=integer", f"--array-delimiter={ARRAY_DELIMITER_OPTION}"]
    arguments += [f"--nodes={base}{path}" for path in node_files]
    arguments += [f"--relationships={base}{path}" for path in relationship_files]
    multiline = list(multiline)
    if multiline:
        arguments += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(base + p for p in multiline)]
    return arguments


def read_manifest(folder: str | Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Neo4jImportError(
            f"{path}: no such file; write the import files with 'kommunegraf export DIR --format neo4j-import'"
        ) from None
    except ValueError as error:
        raise Neo4jImportError(f"{path}: not an import manifest ({error})") from None
    if manifest.get("format") != "kommunegraf-neo4j-import/1":
        raise Neo4jImportError(f"{path}: not a kommunegraf import manifest")
    return manifest


def manifest_arguments(folder: str | Path) -> list[str]:
    """``admin_arguments`` for the files in ``folder``, as absolute paths."""
    folder = Path(folder).resolve()
    manifest = read_manifest(folder)
    return admin_arguments(manifest["nodes"], manifest["relationships"], manifest["multiline"], f"{folder}/")


_SCRIPT = """#!/bin/sh
# Bulk import of this folder into a new Neo4j 5 database, written by kommunegraf
# (export --format neo4j-import). {nodes} nodes and {relationships} relationships.
#
# The server must be stopped (or the database offline). neo4j-admin refuses a
# database that already holds data: pass --overwrite-destination to replace it.
# Arguments given to this script are passed to neo4j-admin before the database
# name; NEO4J_ADMIN names the tool (default: neo4j-admin on the PATH) and
# NEO4J_DATABASE the database (default: neo4j). After the server is started,
# run schema.cypher (cypher-shell -f schema.cypher) for the constraints and
# indexes 'kommunegraf load' makes.
set -e
cd "$(dirname "$0")"
exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full \\
{arguments}  "$@" "${{NEO4J_DATABASE:-neo4j}}"
"""


def _write_manifest(summary: ImportSummary) -> None:
    folder = summary.folder
    manifest = {
        "format": "kommunegraf-neo4j-import/1",
        "array_delimiter": ARRAY_DELIMITER_OPTION,
        "id_type": "string",
        "nodes": list(summary.node_files),
        "relationships": list(summary.relationship_files),
        "multiline": summary.multiline,
        "rows": {**summary.node_files, **summary.relationship_files},
        "node_count": summary.nodes,
        "relationship_count": summary.relationships,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    arguments = admin_arguments(summary.node_files, summary.relationship_files, summary.multiline)
    script = _SCRIPT.format(
        nodes=summary.nodes,
        relationships=summary.relationships,
        arguments="".join(f"  {shlex.quote(a)} \\\n" for a in arguments),
    )
    path = folder / SCRIPT
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    (folder / SCHEMA).write_text("".join(f"{s};\n" for s in schema_statements()), encoding="utf-8")
