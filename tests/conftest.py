"""Shared fixtures: the bundled example minutes (copies of the five seed documents)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "minutes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted(EXAMPLES.glob("*.txt"))


def seed(prefix: str) -> Path:
    """The example document whose name starts with ``prefix`` ("000", "003", ...)."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5, "the five example documents are missing"
    return SEEDS


STAMP = "2026-01-01T00:00:00Z"  # a fixed loaded_at, so graphs compare equal

# Values for the cookbook questions that take parameters (docs/cypher-cookbook.md, docs/sparql-cookbook.md).
COOKBOOK_PARAMETERS = {
    3: {"title": "Indsatsen for borgere på sygedagpenge og i jobafklaring"},
    9: {"committee": "Erhvervs- og Beskæftigelsesudvalget", "year": 2016},
    13: {"person": "Sussie Wandel", "date": "2021-11-09"},
}


def cookbook_questions(name: str, language: str) -> dict[int, str]:
    """Question number -> query, from a cookbook in docs/ ("### 3. Title" followed by a fenced block)."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    pattern = rf"^### (\d+)\. .+?\n.*?```{language}\n(.*?)```"
    return {int(m[1]): m[2] for m in re.finditer(pattern, text, re.S | re.M)}


SHARED_EVAL = ROOT.parent / "shared" / "eval"


def scorer_and_gold() -> tuple[Path, list[Path]]:
    """../shared/eval where it is beside the project, else the copies kept in the fixtures."""
    if (SHARED_EVAL / "score.py").is_file():
        return SHARED_EVAL / "score.py", sorted((SHARED_EVAL / "gold").glob("*.json"))
    return FIXTURES / "score.py", sorted((FIXTURES / "gold").glob("*.json"))


def score(graph_json: Path, min_f1: float = 0.95) -> subprocess.CompletedProcess:
    """The project's scorer on a node-link file against the seeds' gold; exit 0 when every category reaches min_f1."""
    scorer, gold = scorer_and_gold()
    assert len(gold) == 5
    command = [sys.executable, str(scorer), "--graph", str(graph_json), *map(str, gold), "--min-f1", str(min_f1)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


# Which seeds are already the printed lines of an earlier PDF (not one paragraph a line), and which are Markdown.
PRINTED_LINES = ("002", "003")
MARKDOWN = ("004",)


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory, seed_paths) -> list[Path]:
    """Each seed printed to a real PDF: running header, "Side N af M" footer, page 2 in two columns
    (for the seeds whose lines are paragraphs)."""
    from makepdf import make_pdf

    folder = tmp_path_factory.mktemp("pdf")
    made = []
    for path in seed_paths:
        prefix = path.name[:3]
        printed = prefix in PRINTED_LINES
        data = make_pdf(
            path.read_text(encoding="utf-8"),
            header="Ballerup Kommune · Referat",
            markdown=prefix in MARKDOWN,
            rewrap=not printed,
            two_column_pages=frozenset() if printed else frozenset({2}),
        )
        target = folder / f"{path.stem}.pdf"
        target.write_bytes(data)
        made.append(target)
    return made


@pytest.fixture(scope="session")
def seed_html_pages(tmp_path_factory, seed_paths) -> list[Path]:
    """Each seed as a municipal portal's meeting page."""
    from makehtml import make_html

    folder = tmp_path_factory.mktemp("html")
    made = []
    for path in seed_paths:
        page = make_html(path.read_text(encoding="utf-8"), site="Ballerup Kommune", markdown=path.name[:3] in MARKDOWN)
        target = folder / f"{path.stem}.html"
        target.write_text(page, encoding="utf-8")
        made.append(target)
    return made


@pytest.fixture(scope="session")
def seed_records(seed_paths):
    """Each example document read by its loader."""
    from kommunegraf.loaders import load

    return [load(path) for path in seed_paths]


@pytest.fixture(scope="session")
def seed_graph(seed_records):
    from kommunegraf.graph import build_graph

    return build_graph(seed_records, STAMP)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j 5 Community server on loopback, started for this test run and stopped after it.

    It comes from Maven Central through ``kommunegraf.devserver`` (Java 17 and
    Maven needed). In CI (CI=true) a server that cannot be had fails the
    tests; elsewhere they are skipped with the reason.
    """
    from kommunegraf import devserver

    home = tmp_path_factory.mktemp("neo4j")
    try:
        info = devserver.start(home)
    except Exception as error:  # any failure to provide the server
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Neo4j is required in CI and could not be started: {error}")
        pytest.skip(f"no Neo4j server: {error}")
    yield info
    devserver.stop(home)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    yield driver
    driver.close()


@pytest.fixture
def neo4j_store(neo4j_driver):
    """A store on an emptied database."""
    from kommunegraf.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return store


def built_folder(graph, tmp_path_factory) -> Path:
    """A folder as 'kommunegraf build' leaves it (graph.json) for ``graph``."""
    from kommunegraf.stores.nodelink import write_node_link

    folder = tmp_path_factory.mktemp("built")
    write_node_link(graph, folder / "graph.json")
    return folder


def graph_copy(graph, folder: Path):
    """A graph of its own to change, equal to ``graph``: written to ``folder`` as node-link and read back."""
    from kommunegraf.stores.nodelink import read_node_link, write_node_link

    write_node_link(graph, folder / "graph.json")
    return read_node_link(folder / "graph.json")


@pytest.fixture(scope="module")
def built(seed_graph, tmp_path_factory):
    """The seeds' graph in a folder as 'kommunegraf build' leaves it."""
    return built_folder(seed_graph, tmp_path_factory)


@pytest.fixture(scope="module")
def server(built):
    """``kommunegraf serve`` of ``built`` on a free loopback port, in a thread, for the module's tests."""
    from kommunegraf.stores.web.dataset import load_dataset
    from kommunegraf.stores.web.server import make_server, serve_in_thread

    server = make_server(load_dataset(built), port=0)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def namespace(prefix: str):
    """An rdflib Namespace for one of the export's prefixes (``kommunegraf.ontology.mapping.PREFIXES``)."""
    from rdflib import Namespace

    from kommunegraf.ontology.mapping import PREFIXES

    return Namespace(PREFIXES[prefix])


@pytest.fixture
def neo4j_env(neo4j_server, monkeypatch):
    """The environment a user sets to point the CLI at a server."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    return neo4j_server


# -- riot --validate --strict on every RDF file the session wrote (tests/jena.py) ---------------------------------
# Broken RDF written on purpose goes under a folder named jena.HANDWRITTEN ("handwritten-rdf"), which the check skips.

_BASETEMP = pytest.StashKey[Path]()
_RIOT_REPORT = pytest.StashKey[str]()


@pytest.fixture(scope="session", autouse=True)
def _riot_basetemp(request, tmp_path_factory) -> None:
    """Remember where this session's temporary folders are, for the riot check at its end."""
    request.config.stash[_BASETEMP] = tmp_path_factory.getbasetemp()


@pytest.hookimpl(tryfirst=True)  # before pytest removes any temporary folder
def pytest_sessionfinish(session, exitstatus) -> None:
    basetemp = session.config.stash.get(_BASETEMP, None)
    if basetemp is None or exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    from jena import check_session

    failed, report = check_session(basetemp)
    session.config.stash[_RIOT_REPORT] = report
    if failed and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    report = config.stash.get(_RIOT_REPORT, "")
    if report:
        terminalreporter.write_sep("-", "riot --validate --strict")
        terminalreporter.write_line(report)
