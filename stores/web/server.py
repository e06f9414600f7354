"""``kommunegraf serve``: the SPARQL endpoint and a page for every IRI, on one stdlib HTTP server.

``http.server.ThreadingHTTPServer`` with pyoxigraph (see ``sparql_protocol``
for why not Fuseki): one process, a thread per request, the store read-only.

- ``/sparql``: the SPARQL 1.1 Protocol; without a query, the SPARQL 1.1
  Service Description (Turtle, JSON-LD, N-Triples) or, for a browser, a form.
- ``/``: the index (municipalities, committees, meetings).
- A resource IRI under the base, at its path (``iri_paths``), follows the
  W3C note "Cool URIs for the Semantic Web" (303 URIs forwarding to different
  documents): ``GET /kommunegraf/id/municipality/151`` answers 303 See Other
  with ``Location: /kommunegraf/id/municipality/151/index.html`` (``.ttl``,
  ``.jsonld``) by ``Accept`` (``Vary: Accept``); the documents themselves
  are plain 200s, the same files ``publish --site`` writes, and the folder
  (``.../151/``) gives the HTML as a static server would. An IRI the data
  does not hold is a 404.
"""

from __future__ import annotations

import socket
import sys
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pyoxigraph as ox

from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.web.dataset import Dataset
from kommunegraf.stores.web.describe import Describer
from kommunegraf.stores.web.documents import rdf_document
from kommunegraf.stores.web.iri_paths import DOCUMENTS
from kommunegraf.stores.web.negotiation import choose
from kommunegraf.stores.web.pages import STYLE, STYLESHEET, PageWriter
from kommunegraf.stores.web.sparql_protocol import QueryRequest, Response, answer, read_request

ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # a query, however long, is far below a mebibyte
LOOPBACK = ("127.0.0.1", "::1", "localhost")
HTML = "text/html; charset=utf-8"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
DESCRIPTION_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
                     "application/n-triples": ox.RdfFormat.N_TRIPLES}  # fmt: skip


class WebApp:
    """What the server answers, apart from HTTP's plumbing: a request in, a ``Response`` out."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.describer = Describer(dataset)
        self.pages = PageWriter(self.describer, endpoint=ENDPOINT)
        self.url = ""  # the server's own URL, once it listens

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Response:
        parts = urlsplit(target)
        path, accept = parts.path, headers.get("accept")
        if path == ENDPOINT:
            if method in ("GET", "HEAD") and not parts.query:
                return self._service_description(accept)
            request = read_request(method, parts.query, headers.get("content-type"), body)
            if isinstance(request, QueryRequest):
                return answer(self.dataset.store, request, accept)
            return request
        if method not in ("GET", "HEAD"):
            return Response(405, b"read-only: GET or HEAD\n", headers={"Allow": "GET, HEAD"})
        if path in ("/", "/index.html"):
            return Response(200, self.pages.index_page().encode("utf-8"), HTML)
        if path == "/" + STYLESHEET:
            return Response(200, STYLE.encode("utf-8"), "text/css; charset=utf-8")
        for extension in DOCUMENTS:
            if path.endswith("/index." + extension):
                return self._document(path[: -len("/index." + extension)], extension)
        if path.endswith("/"):
            return self._document(path.rstrip("/"), "html")
        return self._redirect(path, accept)

    def _resource(self, path: str) -> str | None:
        for iri in self.describer.space.iris_at(path):
            if self.describer.exists(iri):
                return iri
        return None

    def _document(self, path: str, extension: str) -> Response:
        iri = self._resource(path)
        description = self.describer.describe(iri) if iri else None
        if description is None:
            return self._not_found(path)
        if extension == "html":
            return Response(200, self.pages.resource_page(description).encode("utf-8"), HTML)
        media = DOCUMENTS[extension]
        return Response(200, rdf_document(description, extension), media)

    def _redirect(self, path: str, accept: str | None) -> Response:
        if self._resource(path) is None:
            return self._not_found(path)
        chosen = choose(accept, list(DOCUMENTS.values()))
        if chosen is None:
            return Response(406, f"available as {', '.join(DOCUMENTS.values())}\n".encode(), headers={"Vary": "Accept"})
        extension = next(ext for ext, media in DOCUMENTS.items() if media == chosen)
        return Response(303, b"", headers={"Location": f"{path}/index.{extension}", "Vary": "Accept"})

    def _not_found(self, path: str) -> Response:
        page = (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
            f'<link rel="stylesheet" href="/{STYLESHEET}"></head><body><main><h1>Not found</h1>'
            f"<p>No resource in this dataset has the path <code>{escape(path)}</code>.</p>"
            f'<p><a href="/">The index</a></p></main></body></html>\n'
        )
        return Response(404, page.encode("utf-8"), HTML)

    def _service_description(self, accept: str | None) -> Response:
        chosen = choose(accept, [*DESCRIPTION_TYPES, "text/html"])
        if chosen == "text/html" or chosen is None:
            return Response(200, _query_form().encode("utf-8"), HTML)
        endpoint = ox.NamedNode(self.url + ENDPOINT)
        sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
        dataset, graph = ox.BlankNode(), ox.BlankNode()
        triples = [
            ox.Triple(endpoint, ox.NamedNode(PREFIXES["rdf"] + "type"), sd("Service")),
            ox.Triple(endpoint, sd("endpoint"), endpoint),
            ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
            ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
            ox.Triple(endpoint, sd("defaultDataset"), dataset),
            ox.Triple(dataset, ox.NamedNode(PREFIXES["rdf"] + "type"), sd("Dataset")),
            ox.Triple(dataset, sd("defaultGraph"), graph),
            ox.Triple(graph, ox.NamedNode(PREFIXES["rdf"] + "type"), sd("Graph")),
        ]
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):  # fmt: skip
            triples.append(ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)))
        body = ox.serialize(triples, format=DESCRIPTION_TYPES[chosen], prefixes={"sd": SD})
        return Response(200, body, chosen, {"Vary": "Accept"})

    def banner(self) -> str:
        return f"serving {self.dataset.quads} quads at {self.url}{ENDPOINT}"


def _query_form() -> str:
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name != "sh")
    example = (
        prefixes + "\nSELECT ?class (COUNT(?s) AS ?count) WHERE { ?s a ?class }\nGROUP BY ?class ORDER BY DESC(?count)"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>SPARQL endpoint</title>'
        f'<link rel="stylesheet" href="/{STYLESHEET}"></head><body><main>'
        "<style>textarea{width:100%;font-family:ui-monospace,monospace}</style>"
        "<h1>SPARQL endpoint</h1><p>SPARQL 1.1 Protocol, read-only; the default graph is the union of the named "
        'graphs (one per source document). <a href="/">The index</a>.</p>'
        f'<form method="get" action="sparql"><textarea name="query" rows="22">{escape(example)}</textarea>'
        '<p><button type="submit">Run</button></p></form></main></body></html>\n'
    )


class _Handler(BaseHTTPRequestHandler):
    server: WebServer
    protocol_version = "HTTP/1.1"

    def _respond(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(Response(413, b"the request body is over a mebibyte\n"), method, close=True)
            return
        body = self.rfile.read(length) if length > 0 else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            response = self.server.app.handle(method, self.path, headers, body)
        except Exception as error:  # one request's failure must not stop the server; the client learns what it was
            response = Response(500, f"internal error: {type(error).__name__}: {error}\n".encode())
        self._send(response, method)

    def _send(self, response: Response, method: str, close: bool = False) -> None:
        self.send_response(response.status)
        if response.body or response.status not in (HTTPStatus.SEE_OTHER, HTTPStatus.NO_CONTENT):
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Access-Control-Allow-Origin", "*")  # open data, read-only: any web page may query it
        for key, value in response.headers.items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        self._respond("GET")

    def do_HEAD(self) -> None:
        self._respond("HEAD")

    def do_POST(self) -> None:
        self._respond("POST")

    def do_PUT(self) -> None:
        self._respond("PUT")

    def do_DELETE(self) -> None:
        self._respond("DELETE")

    def do_PATCH(self) -> None:
        self._respond("PATCH")

    def do_OPTIONS(self) -> None:  # the CORS preflight of a POSTed query
        self._send(
            Response(
                204,
                b"",
                headers={
                    "Allow": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Methods": "GET, HEAD, POST",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                },
            ),
            "OPTIONS",
        )

    def log_message(self, format: str, *args) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


class WebServer(ThreadingHTTPServer):
    daemon_threads = True  # Ctrl-C ends the server without waiting for slow clients

    def __init__(self, app: WebApp, host: str, port: int, log=None) -> None:
        self.app = app
        self.log = log
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        shown = f"[{host}]" if ":" in host else host
        app.url = f"http://{shown}:{self.server_address[1]}"
        self.stopping = False  # set when the server is being stopped: a connection cut then is no one's error

    def handle_error(self, request, client_address) -> None:
        """A connection that failed (the client went away, the server is stopping): one line, or none."""
        error = sys.exc_info()[1]
        if self.stopping or isinstance(error, ConnectionError | TimeoutError):
            return
        sys.stderr.write(f"error: a request from {client_address[0]} failed: {type(error).__name__}: {error}\n")


def make_server(dataset: Dataset, host: str = "127.0.0.1", port: int = 8000, log=None) -> WebServer:
    """A server bound to ``host:port`` (port 0: a free one); ``serve_forever`` runs it."""
    return WebServer(WebApp(dataset), host, port, log)


def serve_in_thread(server: WebServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="kommunegraf-serve", daemon=True)
    thread.start()
    return thread
