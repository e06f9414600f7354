"""The bulk path (neo4j-admin import of 'export --format neo4j-import') gives the database 'kommunegraf load' gives.

Each graph is loaded with ``Neo4jStore.load`` into the test run's server and
imported with ``devserver.bulk_import`` into a second server of this module;
both databases are read back with Cypher, every value with its Neo4j type,
and compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import pytest
from conftest import STAMP
from typer.testing import CliRunner

from kommunegraf.cli import EXIT_USAGE, app
from kommunegraf.graph.model import Graph
from kommunegraf.stores.neo4j_csv import ARRAY_DELIMITER
from kommunegraf.stores.neo4j_import import (
    Neo4jImportError,
    manifest_arguments,
    write_import_files,
)
from kommunegraf.stores.neo4j_store import Neo4jStore

runner = CliRunner()
IRI = "https://example.org/id/"


def _typed(value):
    """A stored value with its Neo4j type: a date is a neo4j.time.Date, "1" is not 1."""
    if isinstance(value, list):
        return ("list", tuple(_typed(v) for v in value))
    return (type(value).__module__, type(value).__name__, repr(value))


def dump(driver) -> tuple[dict, dict, list, list]:
    """Counts per label and type, and every node and relationship with typed properties, sorted."""
    with driver.session() as session:
        nodes = sorted(
            (tuple(sorted(r["labels"])), tuple(sorted((k, _typed(v)) for k, v in r["props"].items())))
            for r in session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
        )
        relationships = sorted(
            (r["type"], r["start"], r["end"], tuple(sorted((k, _typed(v)) for k, v in r["props"].items())))
            for r in session.run(
                "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
            )
        )
    labels, types = {}, {}
    for node in nodes:
        labels[node[0]] = labels.get(node[0], 0) + 1
    for rel in relationships:
        types[rel[0]] = types.get(rel[0], 0) + 1
    return labels, types, nodes, relationships


def checksum(items: list) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(repr(item).encode())
    return digest.hexdigest()


def assert_same_database(loaded, imported) -> None:
    assert imported[0] == loaded[0]  # nodes per label
    assert imported[1] == loaded[1]  # relationships per type
    for index, what in ((2, "node"), (3, "relationship")):
        if checksum(imported[index]) != checksum(loaded[index]):
            only_loaded = sorted(set(loaded[index]) - set(imported[index]))[:3]
            only_imported = sorted(set(imported[index]) - set(loaded[index]))[:3]
            pytest.fail(f"{what}s differ: loaded only {only_loaded}\nimported only {only_imported}")


@pytest.fixture(scope="module")
def import_home(tmp_path_factory, neo4j_server):
    """A second development server's home, for the imports (the import needs its server stopped)."""
    from kommunegraf import devserver

    home = tmp_path_factory.mktemp("neo4j-import")
    yield home
    devserver.stop(home)


def bulk_import(graph: Graph, home, folder):
    from neo4j import GraphDatabase

    from kommunegraf import devserver

    summary = write_import_files(graph, folder)
    result = devserver.bulk_import(home, folder)
    driver = GraphDatabase.driver(result.server.uri, auth=(result.server.user, result.server.password))
    return summary, result, driver


def transactional(graph: Graph, store: Neo4jStore):
    store.load(graph)
    return dump(store.driver)


def test_seeds_text_and_pdf_and_awkward_values_import_as_they_load_and_reload_creates_nothing(
    neo4j_store, import_home, tmp_path, seed_paths, seed_pdfs
):
    from kommunegraf.pipeline import build

    graph = build([*seed_paths, *seed_pdfs], loaded_at=STAMP).graph  # facts stated by a text and a PDF: pages
    awkward_graph(graph)  # one import for both: each costs a server stop and start
    loaded = transactional(graph, neo4j_store)
    summary, result, driver = bulk_import(graph, import_home, tmp_path / "csv")
    try:
        assert summary.nodes == len(graph.nodes)
        imported = dump(driver)
        assert_same_database(loaded, imported)
        assert result.nodes == summary.nodes and set(result.stages) == {"stop", "import", "start", "online", "schema"}
        with driver.session() as session:  # the schema is there, as after a load
            names = {r["name"] for r in session.run("SHOW INDEXES YIELD name")}
        assert {"meeting_id", "meeting_date", "source_id"} <= names
        # facts stated by a text and a PDF: "" where the text has no page
        pages = [dict(r[3])["pages"] for r in imported[3] if r[0] != "FROM_SOURCE" and "pages" in dict(r[3])]
        assert any(("builtins", "str", "''") in p[1] for p in pages)
        again = Neo4jStore(driver).load(graph)
        assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0
        assert dump(driver) == imported
    finally:
        driver.close()
    # the types differing between nodes of one label each got a file; the line breaks were named
    assert {"nodes/AgendaItem.csv", "nodes/AgendaItem.2.csv"} <= set(summary.node_files)
    assert {"nodes/AgendaItem.csv", "nodes/Meeting.csv"} <= set(summary.multiline)


def test_a_synthetic_corpus_imports_as_it_loads(neo4j_store, import_home, tmp_path):
    from kommunegraf.pipeline import build, expand_paths
    from kommunegraf.synth import write_corpus

    write_corpus(tmp_path / "synth", meetings_count=200, seed=5)
    graph = build(expand_paths([tmp_path / "synth" / "minutes"]), loaded_at=STAMP, jobs=2).graph
    loaded = transactional(graph, neo4j_store)
    summary, _, driver = bulk_import(graph, import_home, tmp_path / "csv")
    try:
        assert summary.rows > 20_000
        assert_same_database(loaded, dump(driver))
        again = Neo4jStore(driver).load(graph)
        assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0
    finally:
        driver.close()


AWKWARD = 'He said "no", then\nleft; a\ttab, \x1e\x1f\x20 and \\" a backslash'


def awkward_graph(graph: Graph | None = None) -> Graph:
    """Values that need quoting, a line break, the array delimiter's neighbours, an empty string,
    a property whose type differs between nodes of one label, a float, and a PDF beside a text."""
    graph = Graph() if graph is None else graph
    text, pdf = f"{IRI}source/text", f"{IRI}source/pdf"
    graph.add_node("Source", text, {"sha256": "a", "loaded_at": "2026-01-01T00:00:00Z", "path": 'a "b", c.txt'})
    graph.add_node("Source", pdf, {"sha256": "b", "loaded_at": "2026-01-01T10:00:00+02:00", "page_starts": "1,41"})
    meeting = f"{IRI}meeting/1"
    graph.add_node("Meeting", meeting, {"date": "2024-02-29", "location": AWKWARD, "status": "minutes"}, text, (1, 2))
    graph.add_node("Meeting", f"{IRI}meeting/2", {"date": "2024-03-01", "location": ""}, pdf, (44, 45))
    committee = f"{IRI}committee/ø"
    graph.add_node("Committee", committee, {"name": "Økonomiudvalget"}, pdf, (1, 1))
    graph.add_relationship("HELD_BY", meeting, committee, pdf, (42, 50))  # pdf first: pages ["2:2-10", ""]
    graph.add_relationship("HELD_BY", meeting, committee, text, (3, 3))
    graph.add_relationship("HELD_BY", f"{IRI}meeting/2", committee, text, (4, 4))  # text first: ["", "1:7"]
    graph.add_relationship("HELD_BY", f"{IRI}meeting/2", committee, pdf, (7, 7))
    item = f"{IRI}item/1"
    graph.add_node("AgendaItem", item, {"number": 1, "closed": True, "title": "A, B\r\nC", "score": 0.5}, text, (5, 9))
    graph.add_node("AgendaItem", f"{IRI}item/2", {"number": "2a", "closed": False}, text, (10, 12))
    graph.add_relationship("ON_AGENDA_OF", item, meeting, text, (5, 5), {"position": 1})
    graph.add_relationship("ON_AGENDA_OF", f"{IRI}item/2", meeting, text, (10, 10), {"position": "2a"})
    return graph


def test_csv_round_trips_awkward_values_and_has_types_in_its_headers(tmp_path):
    summary = write_import_files(awkward_graph(), tmp_path)
    with (tmp_path / "nodes" / "Meeting.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [":ID", "id:string", ":LABEL", "date:date", "location:string", "status:string"]
    assert rows[1][4] == AWKWARD
    raw = (tmp_path / "nodes" / "Meeting.csv").read_text(encoding="utf-8")
    assert '"2024-03-01",""' in raw  # an empty string is quoted ...
    assert raw.rstrip("\n").endswith(',"",')  # ... a missing property is an empty field
    headers = {
        path: next(csv.reader(io.StringIO((tmp_path / path).read_text(encoding="utf-8"))))
        for path in [*summary.node_files, *summary.relationship_files]
    }
    assert "loaded_at:datetime" in headers["nodes/Source.csv"]
    assert headers["nodes/AgendaItem.csv"][3:] == ["closed:boolean", "number:long", "score:double", "title:string"]
    assert headers["nodes/AgendaItem.2.csv"][4] == "number:string"
    assert headers["relationships/HELD_BY.csv"][3:] == ["sources:string[]", "lines:string[]", "pages:string[]"]
    assert headers["relationships/FROM_SOURCE.csv"][3:] == ["lines:string", "pages:string"]
    held_by = list(csv.reader(io.StringIO((tmp_path / "relationships" / "HELD_BY.csv").read_text(encoding="utf-8"))))
    assert held_by[1][5] == f"2:2-10{ARRAY_DELIMITER}"
    assert held_by[2][5] == f"{ARRAY_DELIMITER}1:7"
    arguments = manifest_arguments(tmp_path)
    assert "--array-delimiter=U+001F" in arguments and "--id-type=integer" in arguments
    script = (tmp_path / "import.sh").read_text(encoding="utf-8")
    assert "--relationships=relationships/FROM_SOURCE.csv" in script and "--multiline-fields=" in script
    assert (tmp_path / "schema.cypher").read_text(encoding="utf-8").count(";\n") == 17


def test_a_list_value_holding_the_delimiter_is_refused(tmp_path):
    graph = Graph()
    graph.add_node("Source", f"{IRI}s", {"sha256": "a"})
    graph.add_node("Person", f"{IRI}p", {"name": "P", "aliases": ["a", f"b{ARRAY_DELIMITER}c"]})
    with pytest.raises(Neo4jImportError, match="U\\+001F"):
        write_import_files(graph, tmp_path)


def test_export_format_neo4j_import_writes_the_folder(tmp_path):
    out = tmp_path / "out"
    from conftest import EXAMPLES

    assert runner.invoke(app, ["build", str(EXAMPLES), "-o", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["export", str(out), "--format", "neo4j-import", "--out", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert "218 nodes" in result.output
    assert (tmp_path / "csv" / "import.sh").is_file() and (tmp_path / "csv" / "nodes" / "Meeting.csv").is_file()


def test_dev_neo4j_import_refuses_without_yes_when_it_cannot_ask(tmp_path):
    write_import_files(awkward_graph(), tmp_path / "csv")
    home = tmp_path / "home"
    result = runner.invoke(app, ["dev-neo4j", "import", str(tmp_path / "csv"), "--home", str(home)])
    assert result.exit_code == EXIT_USAGE  # as 'load --wipe': --yes is needed where no one can be asked
    assert "--yes" in result.output
    assert not (home / "data").exists()  # nothing was touched


def test_dev_neo4j_import_without_export_files_says_so(tmp_path):
    result = runner.invoke(app, ["dev-neo4j", "import", str(tmp_path), "--yes", "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "export DIR --format neo4j-import" in result.output


def test_value_types_map_to_the_import_types():
    from kommunegraf.stores.neo4j_csv import neo4j_type

    assert neo4j_type(dt.date(2024, 1, 1)) == "date"
    assert neo4j_type(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)) == "datetime"
    assert neo4j_type(dt.datetime(2024, 1, 1)) == "localdatetime"
    assert neo4j_type(True) == "boolean" and neo4j_type(3) == "long" and neo4j_type(["a"]) == "string[]"


def test_the_relationships_written_by_a_second_process_are_the_files_one_process_writes(tmp_path, seed_records):
    from kommunegraf.graph import build_graph

    graph = awkward_graph(build_graph(seed_records, STAMP))  # a graph of its own: the fixture's stays as it is
    one = write_import_files(graph, tmp_path / "one", parallel=False)
    two = write_import_files(graph, tmp_path / "two", parallel=True)
    assert (two.node_files, two.relationship_files, two.multiline) == (
        one.node_files,
        one.relationship_files,
        one.multiline,
    )
    for relative in [*one.node_files, *one.relationship_files]:
        assert (tmp_path / "two" / relative).read_bytes() == (tmp_path / "one" / relative).read_bytes(), relative
