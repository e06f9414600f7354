"""The SPARQL 1.1 Protocol's query operation over a pyoxigraph store, read-only, apart from any HTTP server.

Why pyoxigraph and not Apache Jena Fuseki: it is one process with no JVM to
start, and the same engine the project's in-process SPARQL
(``kommunegraf.stores.sparql``) already runs, so a query answers the same over
HTTP as in Python; it runs the SPARQL 1.1 query language whole.

The protocol (https://www.w3.org/TR/sparql11-protocol/):

- a query comes as ``GET ?query=``, ``POST`` of a form (``query=``) or
  ``POST`` of ``application/sparql-query``, once, with any number of
  ``default-graph-uri`` and ``named-graph-uri``;
- the dataset: those parameters where given (they override the query's
  ``FROM``), else the query's ``FROM``/``FROM NAMED``, else the union of all
  graphs as the default graph (the named graphs are the source documents)
  with every named graph available to ``GRAPH``;
- results by the ``Accept`` header: SPARQL JSON, XML, CSV or TSV for
  ``SELECT`` and ``ASK``; Turtle, N-Triples, JSON-LD or RDF/XML for
  ``CONSTRUCT`` and ``DESCRIBE``; 406 when none is acceptable;
- variables can be bound outside the query, as RDF4J's protocol does it: a
  parameter ``$name`` holds an N-Triples term (``$title="Budget"@da``,
  ``$year="2016"^^<http://www.w3.org/2001/XMLSchema#integer>``, ``$m=<https://...>``),
  bound by Oxigraph's substitution (SEP-0007), which like the in-process
  ``kommunegraf.stores.sparql.query`` needs the variable in the SELECT clause;
- read-only: an update (``update=``, ``application/sparql-update``, or
  update syntax in ``query``) is a 400 that says so; a malformed query is a
  400 with the parser's message; ``SERVICE`` is refused (400), since it
  would make this server fetch from others on a client's behalf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pyoxigraph as ox

from kommunegraf.stores.web.negotiation import choose
from kommunegraf.stores.web.query_scan import keywords, shape

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "text/plain"}
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _error(status: int, message: str) -> Response:
    return Response(status, (message + "\n").encode("utf-8"))


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: tuple[tuple[str, ox.NamedNode | ox.Literal], ...] = ()


def bound_term(name: str, text: str) -> ox.NamedNode | ox.Literal:
    """The term a ``$name`` parameter holds, read as the object of a one-triple N-Triples document (a second
    triple, a blank node or anything but one term is refused)."""
    document = f"<urn:kommunegraf:s> <urn:kommunegraf:p> {text} .".encode()
    try:
        triples = list(ox.parse(document, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        triples = []
    if len(triples) != 1 or not isinstance(triples[0].object, ox.NamedNode | ox.Literal):
        raise ValueError(f"${name}: {text!r} is not one N-Triples IRI or literal")
    return triples[0].object


def read_request(method: str, url_query: str, content_type: str | None, body: bytes) -> QueryRequest | Response:
    """The query operation a request asks for, or the error response that says why there is none."""
    url_params = parse_qs(url_query, keep_blank_values=True)
    media = (content_type or "").split(";")[0].strip().lower()
    if method in ("GET", "HEAD"):
        params = url_params
    elif method == "POST" and media == FORM:
        try:
            params = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return _error(400, "the form is not UTF-8")
    elif method == "POST" and media == QUERY_TYPE:
        try:
            params = {**url_params, "query": [body.decode("utf-8")]}
        except UnicodeDecodeError:
            return _error(400, "the query is not UTF-8")
    elif method == "POST" and media == UPDATE_TYPE:
        return _error(400, READ_ONLY)
    elif method == "POST":
        return _error(415, f"POST a query as {QUERY_TYPE} or {FORM}, not {media or 'without a Content-Type'}")
    else:
        return _error(405, f"{method} is not a SPARQL query operation; use GET or POST")
    if "update" in params:
        return _error(400, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1:
        return _error(400, "give exactly one query (the 'query' parameter)")
    for name in ("default-graph-uri", "named-graph-uri"):
        for iri in params.get(name, []):
            try:
                ox.NamedNode(iri)
            except ValueError:
                return _error(400, f"{name}: {iri!r} is not an IRI")
    bindings = []
    for key, values in params.items():
        if key.startswith("$"):
            if len(values) != 1:
                return _error(400, f"give {key} once")
            try:
                ox.Variable(key[1:])
                bindings.append((key[1:], bound_term(key[1:], values[0])))
            except ValueError as error:
                return _error(400, str(error) if str(error).startswith("$") else f"{key} is not a variable name")
    return QueryRequest(
        queries[0],
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
        tuple(bindings),
    )


def _run(store: ox.Store, request: QueryRequest):
    options: dict = {}
    if request.bindings:
        options["substitutions"] = {ox.Variable(name): value for name, value in request.bindings}
    if request.default_graphs or request.named_graphs:  # the protocol's dataset wins over the query's
        options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    elif not shape(request.query).names_dataset:
        options["use_default_graph_as_union"] = True
    return store.query(request.query, **options)


def answer(store: ox.Store, request: QueryRequest, accept: str | None) -> Response:
    """Run a query and serialise its results in the format ``accept`` prefers."""
    if shape(request.query).calls_service:
        return _error(400, "SERVICE (federated query) is not allowed on this endpoint")
    try:
        results = _run(store, request)
    except RuntimeError as error:  # Oxigraph: a bound variable the SELECT clause does not project
        return _error(400, f"cannot bind: {error}")
    except SyntaxError as error:
        message = str(error)
        if keywords(request.query) & UPDATE_WORDS:
            message += f" ({READ_ONLY})"
        return _error(400, f"malformed query: {message}")
    offers = list(GRAPHS if isinstance(results, ox.QueryTriples) else RESULTS)
    chosen = choose(accept, offers)
    if chosen is None:
        return _error(406, f"no acceptable format; this query's results come as {', '.join(offers)}")
    try:
        if isinstance(results, ox.QueryTriples):
            body = results.serialize(format=GRAPHS[chosen])
        else:
            body = results.serialize(format=RESULTS[chosen])
    except (OSError, ValueError) as error:
        return _error(500, f"the query failed: {error}")
    charset = "; charset=utf-8" if chosen in TEXT_TYPES else ""
    return Response(200, body or b"", chosen + charset, {"Vary": "Accept"})
