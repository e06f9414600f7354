"""`kommunegraf serve`: the SPARQL 1.1 Protocol and resolvable IRIs, over real HTTP on a free loopback port."""

from __future__ import annotations

import csv
import http.client
import http.server
import io
import json
import signal
import subprocess
import sys
import threading
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pyoxigraph as ox
import pytest
from conftest import COOKBOOK_PARAMETERS, ROOT, built_folder, cookbook_questions, graph_copy
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.graph.spans import format_spans
from kommunegraf.stores.rdf_export import export
from kommunegraf.stores.sparql import query, rdf_store, term
from kommunegraf.stores.web.dataset import load_dataset
from kommunegraf.stores.web.server import make_server, serve_in_thread

COOKBOOK = cookbook_questions("sparql-cookbook.md", "sparql")
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
DATED = "SELECT DISTINCT ?m ?date WHERE { ?m a ?type ; ?p ?date . FILTER(DATATYPE(?date) = <http://www.w3.org/2001/XMLSchema#date>) } ORDER BY ?m"  # noqa: E501
TITLE = 'Budget "2024" <udkast> & bilag'  # what a title can hold that HTML must escape
runner = CliRunner()


@pytest.fixture(scope="module")
def graph(seed_graph, tmp_path_factory):
    """A copy of the example minutes' graph, one agenda item retitled with quotes, angle brackets and an ampersand."""
    copy = graph_copy(seed_graph, tmp_path_factory.mktemp("copy"))
    item = next(n for n in copy.nodes.values() if n.label == "AgendaItem" and n.id.endswith("2021-11-09/item/1"))
    item.properties["title"] = TITLE
    return copy


@pytest.fixture(scope="module")
def built(graph, tmp_path_factory):
    return built_folder(graph, tmp_path_factory)


@pytest.fixture(scope="module")
def store(graph):
    return rdf_store(graph)


class Answer:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    @property
    def media(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]


def request(server, method: str, target: str, body: bytes | None = None, headers: dict | None = None) -> Answer:
    """One request, redirects not followed (a 303 is an answer to check)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        return Answer(connection.getresponse())
    finally:
        connection.close()


def sparql_get(server, sparql: str, accept: str = "application/sparql-results+json", **params) -> Answer:
    return request(server, "GET", "/sparql?" + urlencode({"query": sparql, **params}), headers={"Accept": accept})


def solutions(body: bytes, fmt=ox.QueryResultsFormat.JSON) -> list[list]:
    results = ox.parse_query_results(body, format=fmt)
    return [[solution[v] for v in results.variables] for solution in results]


def triples(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(body, format=fmt)}


def in_process(store, sparql: str, **options) -> list[list]:
    results = store.query(sparql, use_default_graph_as_union=True, **options)
    return [[solution[v] for v in results.variables] for solution in results]


def lexical(rows: list[list]) -> list[list]:
    return [[None if t is None else t.value for t in row] for row in rows]


# -- the SPARQL 1.1 Protocol ---------------------------------------------------


@pytest.mark.parametrize("media", RESULTS)
def test_a_select_answers_in_each_results_format_by_accept(server, store, media):
    answer = sparql_get(server, DATED, accept=media)
    assert answer.status == 200 and answer.media == media
    if media == "text/csv":  # CSV keeps each value's text only (SPARQL 1.1 CSV results are lossy)
        found = [[value or None for value in row] for row in list(csv.reader(io.StringIO(answer.body.decode())))[1:]]
    else:
        found = lexical(solutions(answer.body, RESULTS[media]))
    assert found == lexical(in_process(store, DATED)) != []


def test_json_results_keep_each_terms_type_and_language(server, store):
    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 500"
    assert solutions(sparql_get(server, sparql).body) == in_process(store, sparql)


def test_get_a_posted_form_and_a_posted_query_answer_alike(server):
    by_get = sparql_get(server, DATED).body
    by_form = request(
        server, "POST", "/sparql", urlencode({"query": DATED}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    ).body  # fmt: skip
    by_body = request(
        server, "POST", "/sparql", DATED.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    ).body  # fmt: skip
    assert solutions(by_get) == solutions(by_form) == solutions(by_body) != []


@pytest.mark.parametrize("media", GRAPHS)
def test_construct_answers_in_turtle_ntriples_or_jsonld_by_accept(server, store, media):
    construct = "CONSTRUCT { ?m ?p ?o } WHERE { ?m ?p ?o . FILTER(CONTAINS(STR(?m), '/meeting/2021-11-09')) }"
    answer = sparql_get(server, construct, accept=media)
    assert answer.status == 200 and answer.media == media
    expected = set(store.query(construct, use_default_graph_as_union=True))
    assert triples(answer.body, GRAPHS[media]) == expected != set()


def test_ask_answers_a_boolean(server):
    yes = json.loads(sparql_get(server, "ASK { ?s ?p 'Ballerup Kommune'@da }").body)
    no = json.loads(sparql_get(server, "ASK { ?s ?p 'Ingen Kommune'@da }").body)
    assert (yes["boolean"], no["boolean"]) == (True, False)


def test_results_in_no_acceptable_format_are_a_406(server):
    assert sparql_get(server, DATED, accept="image/png").status == 406


def test_the_default_graph_is_the_union_of_the_named_graphs(server, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    (row,) = solutions(sparql_get(server, count).body)
    assert int(row[0].value) == len({quad.triple for quad in store})
    assert len(list(store.named_graphs())) == 5  # one per example document


def test_default_graph_uri_and_named_graph_uri_choose_the_dataset(server, store):
    first, second = sorted(g.value for g in store.named_graphs())[:2]
    in_first = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(first))))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (row,) = solutions(sparql_get(server, count, **{"default-graph-uri": first}).body)
    assert int(row[0].value) == in_first
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = solutions(sparql_get(server, graphs, **{"named-graph-uri": second}).body)
    assert [[g.value for g in row] for row in named] == [[second]]


def test_a_querys_own_from_clause_is_kept(server, store):
    first = sorted(g.value for g in store.named_graphs())[0]
    in_first = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(first))))
    (row,) = solutions(sparql_get(server, f"SELECT (COUNT(*) AS ?n) FROM <{first}> WHERE {{ ?s ?p ?o }}").body)
    assert int(row[0].value) == in_first


@pytest.mark.parametrize("number", sorted(COOKBOOK))
def test_each_cookbook_question_answers_over_http_as_in_process(server, store, number):
    parameters = COOKBOOK_PARAMETERS.get(number, {})
    bound = {name: term(name, value) for name, value in parameters.items()}
    answer = sparql_get(server, COOKBOOK[number], **{f"${name}": str(value) for name, value in bound.items()})
    assert answer.status == 200, answer.body
    keys, rows = query(store, COOKBOOK[number], parameters)  # the library's answer
    results = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    assert keys == [v.value for v in results.variables if v.value not in parameters]
    over_http = [[solution[k] for k in keys] for solution in results]
    substitutions = {ox.Variable(name): value for name, value in bound.items()}
    assert over_http == [
        [solution[k] for k in keys]
        for solution in store.query(COOKBOOK[number], use_default_graph_as_union=True, substitutions=substitutions)
    ]
    assert len(over_http) == len(rows)


def test_a_bound_parameter_is_a_value_not_sparql(server, store):
    hostile = str(term("title", 'x") } DELETE WHERE { ?s ?p ?o } #'))
    answer = sparql_get(server, COOKBOOK[3], **{"$title": hostile})
    assert answer.status == 200 and solutions(answer.body) == []
    assert len(server.app.dataset.store) == len(store)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
        (b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
        (urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
    ],
    ids=["update-form", "sparql-update", "update-as-query"],
)
def test_an_update_is_refused_and_changes_nothing(server, store, body, content_type):
    before = len(server.app.dataset.store)
    answer = request(server, "POST", "/sparql", body, {"Content-Type": content_type})
    assert answer.status == 400
    assert b"read-only" in answer.body
    assert len(server.app.dataset.store) == before == len(store)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_methods_that_would_write_are_not_allowed(server, method):
    assert request(server, method, "/sparql", b"<a:b> <c:d> <e:f> .").status == 405


def test_a_malformed_query_is_a_400_with_the_parsers_message(server):
    answer = sparql_get(server, "SELECT * WHERE { ?s ?p }")
    assert answer.status == 400
    assert answer.body.decode().startswith("malformed query: error at 1:")


def test_a_service_clause_is_refused_and_nothing_is_fetched(server):
    fetched = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            fetched.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{other.server_address[1]}/sparql> {{ ?s ?p ?o }} }}"
        answer = sparql_get(server, sparql)
    finally:
        other.shutdown()
        other.server_close()
    assert answer.status == 400 and b"SERVICE" in answer.body
    assert fetched == []


def test_service_in_a_string_an_iri_or_a_name_is_no_service_clause(server):
    sparql = 'SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?service FILTER(?service != "SERVICE") } # SERVICE'
    assert sparql_get(server, sparql).status == 200


def test_without_a_query_the_endpoint_describes_itself(server):
    answer = request(server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    described = triples(answer.body, ox.RdfFormat.TURTLE)
    endpoint = ox.NamedNode(f"http://127.0.0.1:{server.server_address[1]}/sparql")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.Triple(endpoint, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")) in described


# -- resolvable IRIs -----------------------------------------------------------


def path_of(iri: str) -> str:
    return urlsplit(iri).path


def meeting_of(graph):
    return next(n.id for n in graph.nodes.values() if n.label == "Meeting" and n.id.endswith("/2021-11-09"))


@pytest.mark.parametrize(
    ("accept", "document"),
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "index.html"),
        ("text/turtle", "index.ttl"),
        ("application/ld+json", "index.jsonld"),
        ("text/turtle;q=0.5, application/ld+json", "index.jsonld"),
        ("text/turtle;q=0, */*;q=0.1", "index.html"),
        (None, "index.html"),
    ],
)
def test_an_iri_answers_303_to_the_document_its_accept_asks_for(server, graph, accept, document):
    path = path_of(meeting_of(graph))
    answer = request(server, "GET", path, headers={"Accept": accept} if accept else {})
    assert answer.status == 303
    assert answer.headers["Location"] == f"{path}/{document}"
    assert "Accept" in answer.headers["Vary"]


@pytest.mark.parametrize(("document", "media"), [("index.html", "text/html"), ("index.ttl", "text/turtle"),
                                                  ("index.jsonld", "application/ld+json")])  # fmt: skip
def test_each_document_comes_with_its_media_type(server, graph, document, media):
    answer = request(server, "GET", f"{path_of(meeting_of(graph))}/{document}")
    assert answer.status == 200 and answer.media == media


@pytest.mark.parametrize("document", ["index.ttl", "index.jsonld"])
def test_the_rdf_documents_hold_what_the_data_says_of_the_resource(server, store, graph, document):
    iri = ox.NamedNode(meeting_of(graph))
    answer = request(server, "GET", f"{path_of(iri.value)}/{document}")
    fmt = ox.RdfFormat.TURTLE if document.endswith("ttl") else ox.RdfFormat.JSON_LD
    held = triples(answer.body, fmt)
    said = {q.triple for q in store.quads_for_pattern(iri, None, None)}
    said_of = {q.triple for q in store.quads_for_pattern(None, None, iri)}
    assert said and said_of and said | said_of <= held


def test_an_iri_the_data_does_not_hold_is_a_404(server):
    assert request(server, "GET", "/kommunegraf/id/municipality/999").status == 404
    assert request(server, "GET", "/kommunegraf/id/municipality/999/index.ttl").status == 404


class Page(HTMLParser):
    """The text of the h1 and the links (href, text) of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h1, self.links, self._in, self._href = "", [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "a"):
            self._in = tag
            self._href = dict(attrs).get("href")
            self._text = ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "h1" and self._in == "h1":
            self.h1 = self._text
        elif tag == "a" and self._in == "a":
            self.links.append((self._href, self._text))
        self._in = None


def items_of(graph, meeting: str) -> dict[str, str]:
    return {
        rel.start: graph.nodes[rel.start].properties["title"]
        for rel in graph.relationships.values()
        if rel.type == "ON_AGENDA_OF" and rel.end == meeting
    }


def test_a_meeting_page_links_each_of_its_agenda_items_to_the_items_page(server, graph):
    meeting = meeting_of(graph)
    page_path = f"{path_of(meeting)}/index.html"
    page = Page(request(server, "GET", page_path).body.decode())
    links = {text: href for href, text in page.links}
    items = items_of(graph, meeting)
    assert items and set(items.values()) <= set(links)
    for item, title in items.items():
        target = urlsplit(urljoin(page_path, links[title])).path
        assert target == path_of(item) + "/"
        assert Page(request(server, "GET", target).body.decode()).h1 == title


def test_a_title_with_quotes_angle_brackets_and_ampersands_is_escaped(server, graph):
    item = next(i for i, title in items_of(graph, meeting_of(graph)).items() if title == TITLE)
    html = request(server, "GET", f"{path_of(item)}/index.html").body.decode()
    assert "Budget &quot;2024&quot; &lt;udkast&gt; &amp; bilag" in html and TITLE not in html
    assert Page(html).h1 == TITLE


def test_a_page_shows_the_lines_of_its_documents_that_state_its_facts(server, graph):
    meeting = meeting_of(graph)
    item = next(iter(items_of(graph, meeting)))
    (stated,) = [r for r in graph.relationships.values() if r.type == "ON_AGENDA_OF" and r.start == item]
    html = request(server, "GET", f"{path_of(item)}/index.html").body.decode()
    sources = html[html.index('id="sources"') :]
    assert format_spans(stated.spans) in sources
    source = graph.nodes[stated.source]
    assert source.properties["path"] in sources


def test_the_index_lists_the_municipalities_committees_and_meetings(server, graph):
    page = Page(request(server, "GET", "/").body.decode())
    texts = {text for _, text in page.links}
    for label in ("Municipality", "Committee"):
        names = {n.properties["name"] for n in graph.nodes.values() if n.label == label}
        assert names and names <= texts
    meetings = [n.id for n in graph.nodes.values() if n.label == "Meeting"]
    hrefs = {urlsplit(urljoin("/", href)).path for href, _ in page.links}
    assert {path_of(m) + "/" for m in meetings} <= hrefs


# -- what is served ------------------------------------------------------------


def test_an_rdf_export_serves_the_same_quads_under_the_same_base(graph, built, tmp_path):
    export(graph, tmp_path / "graph.trig", "trig")
    from_export, from_build = load_dataset(tmp_path), load_dataset(built)
    assert from_export.base == from_build.base == "https://w3id.org/kommunegraf/id/"
    assert set(from_export.store) == set(from_build.store)


def test_base_iri_moves_the_pages_to_another_base(built):
    dataset = load_dataset(built, "http://data.example.dk/id/")
    server = make_server(dataset, port=0)
    serve_in_thread(server)
    try:
        assert request(server, "GET", "/id/municipality/151").status == 303
        assert request(server, "GET", "/kommunegraf/id/municipality/151").status == 404
    finally:
        server.shutdown()
        server.server_close()


def test_serving_a_folder_without_a_graph_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "kommunegraf build" in result.output and "Traceback" not in result.output


def test_a_base_iri_that_is_no_iri_is_one_line_naming_the_option(built):
    result = runner.invoke(app, ["serve", str(built), "--base-iri", "not an iri"])
    assert result.exit_code == 2
    assert "--base-iri 'not an iri' is not an IRI" in result.output


def test_serve_prints_one_line_per_start_and_stops_cleanly_on_ctrl_c(built, store):
    command = [sys.executable, "-m", "kommunegraf", "serve", str(built), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = process.stdout.readline().strip()
        assert first.startswith(f"serving {len(store)} quads at http://127.0.0.1:")
        assert first.endswith("/sparql")
        port = int(first.rsplit(":", 1)[1].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/sparql?" + urlencode({"query": "ASK {}"}))
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert stderr.strip().splitlines() == ["stopped"]  # Ctrl-C is how a server stops: no error, exit 0
    assert process.returncode == 0
    with pytest.raises(OSError):  # the port is closed
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")


def test_the_endpoint_listens_on_loopback_unless_told_otherwise(server):
    from typer.main import get_command

    options = {p.name: p.default for p in get_command(app).commands["serve"].params}
    assert options["host"] == "127.0.0.1"
    assert server.server_address[0] == "127.0.0.1"  # make_server's default
