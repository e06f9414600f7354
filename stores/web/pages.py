"""A resource's HTML page and the site's index page, from ``describe``'s descriptions.

Every text from the data is escaped (titles hold quotes, ``<`` and ``&``);
only http(s) IRIs become links (an IRI can be ``javascript:...``); links to
other resources are relative (``iri_paths.href``), so the server and the
static site show the same page. Values keep their language (``lang="da"``).
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from kommunegraf.stores.web.describe import (
    DEFAULT_GRAPH,
    LABELS,
    TYPE,
    Describer,
    Description,
    Fact,
    Statement,
    Term,
    natural_key,
    statements_by_graph,
)
from kommunegraf.stores.web.iri_paths import href

STYLESHEET = "style.css"  # at the site's root, shared by every page
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INDEX_SECTIONS = (("Municipality", "Municipalities"), ("Committee", "Committees"), ("Meeting", "Meetings"))

STYLE = """
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:64rem;margin:0 auto;padding:0 1rem}
header{padding-top:.8rem;font-size:.9rem}
h1{font-size:1.6rem;margin:.4rem 0}
h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #e4e4e4}
th{font-weight:500;color:#555;width:14rem;white-space:nowrap}
td{white-space:pre-line}
code,.iri{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
small,.meta{color:#666}
ul.nested,dl{margin:.2rem 0 0 0;padding-left:1rem;font-size:.9rem}
ul.values{list-style:none;margin:0;padding:0;white-space:normal}
a{color:#0b57d0}
#meetings ol{columns:22rem}
"""


class PageWriter:
    """HTML for the resources of one ``Describer``; ``endpoint`` is the SPARQL endpoint's path where one is served."""

    def __init__(self, describer: Describer, endpoint: str | None = None) -> None:
        self.describer = describer
        self.endpoint = endpoint

    # -- pieces ----------------------------------------------------------------

    def _resource(self, term: ox.NamedNode | ox.BlankNode | ox.Triple, here: str) -> str:
        d = self.describer
        if isinstance(term, ox.NamedNode):
            iri = term.value
            text = escape(d.label(iri))
            if d.has_page(iri):  # its page shows the IRI
                return f'<a href="{escape(href(here, d.space.path(iri)))}">{text}</a>'
            if d.space.contains(iri):
                return text
            if iri.startswith(("http://", "https://")):
                return f'<a href="{escape(iri)}" class="external">{text}</a>'
            return f"<code>{escape(iri)}</code>"
        if isinstance(term, ox.BlankNode):
            return f"<code>_:{escape(term.value)}</code>"
        return f"<code>{escape(str(term))}</code>"

    def _literal(self, literal: ox.Literal) -> str:
        text = escape(literal.value)
        if literal.language:
            return f'<span lang="{escape(literal.language)}">{text}</span>'
        if literal.datatype.value != XSD_STRING:
            return f"{text} <small>{escape(self.describer.curie(literal.datatype.value))}</small>"
        return text

    def _value(self, term, here: str) -> str:
        return self._literal(term) if isinstance(term, ox.Literal) else self._resource(term, here)

    def _predicate(self, iri: str, incoming: bool = False) -> str:
        """The predicate's prefixed name (its IRI where no prefix is known): every row names one."""
        return ("← " if incoming else "") + escape(self.describer.curie(iri))

    def _nested(self, facts: tuple[Fact, ...], here: str) -> str:
        if not facts:
            return ""
        items = "".join(
            f"<li>{self._predicate(f.predicate)} {self._value(f.value, here)}</li>"
            for f in facts
            if f.predicate != TYPE
        )
        return f'<ul class="nested">{items}</ul>'

    def _rows(self, facts: list[Fact], here: str, incoming: bool = False) -> str:
        """A row per predicate (facts come sorted by it), its values one a line."""
        rows: list[tuple[str, list[str]]] = []
        for fact in facts:
            value = self._value(fact.value, here) + self._nested(fact.nested, here)
            if rows and rows[-1][0] == fact.predicate:
                rows[-1][1].append(value)
            else:
                rows.append((fact.predicate, [value]))
        return (
            "<table>"
            + "".join(
                f"<tr><th>{self._predicate(predicate, incoming)}</th><td>"
                + (
                    values[0]
                    if len(values) == 1
                    else '<ul class="values">' + "".join(f"<li>{v}</li>" for v in values) + "</ul>"
                )
                + "</td></tr>"
                for predicate, values in rows
            )
            + "</table>"
        )

    def _section(self, anchor: str, title: str, body: str) -> str:
        return f'<section id="{anchor}"><h2>{title}</h2>{body}</section>' if body else ""

    def _statement(self, statement: Statement, iri: str, here: str, document: set[Term]) -> str:
        forward = statement.subject is not None and statement.subject.value == iri
        other = statement.object if forward else statement.subject
        said = self._predicate(statement.predicate, not forward) if statement.predicate else ""
        value = self._value(other, here) if other is not None else ""
        details = " · ".join(  # the document is the table's heading
            f"{self._predicate(f.predicate)} {self._value(f.value, here)}"
            for f in statement.details
            if f.value not in document
        )
        return f'<tr><th>{said}</th><td>{value}<br><small class="meta">{details}</small></td></tr>'

    def _document(self, graph: str, facts: list[Fact], here: str) -> str:
        described = []
        for fact in facts:
            value = self._value(fact.value, here)
            if isinstance(fact.value, ox.NamedNode):  # the document it was read from: its path, hash, format...
                own = self.describer.store.quads_for_pattern(fact.value, None, None)
                literals = sorted(
                    (q for q in own if isinstance(q.object, ox.Literal) and q.predicate.value not in LABELS),
                    key=lambda q: self.describer.curie(q.predicate.value),
                )
                value += "".join(f" · {self._predicate(q.predicate.value)} {self._literal(q.object)}" for q in literals)
            described.append(f"{self._predicate(fact.predicate)} {value}")
        title = self._resource(ox.NamedNode(graph), here) if graph != DEFAULT_GRAPH else "the default graph"
        return f'<h3>{title}</h3><p class="meta">{"<br>".join(described)}</p>'

    def _page(self, title: str, here: str, body: str, alternates: bool) -> str:
        head = [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
        ]
        if alternates:
            head.append('<link rel="alternate" type="text/turtle" href="index.ttl">')
            head.append('<link rel="alternate" type="application/ld+json" href="index.jsonld">')
        head.append(f'<link rel="stylesheet" href="{escape(href(here, "/"))}{STYLESHEET}"></head><body>')
        return "".join(head) + body + "</body></html>\n"

    def _crumbs(self, iri: str, here: str) -> str:
        d = self.describer
        crumbs = [f'<a href="{escape(href(here, "/"))}">kommunegraf</a>']
        rest = iri[len(d.space.base) :].split("/")
        for end in range(1, len(rest)):
            ancestor = d.space.base + "/".join(rest[:end])
            if ancestor in d.types and d.has_page(ancestor):
                crumbs.append(self._resource(ox.NamedNode(ancestor), here))
        return "<header><nav>" + " › ".join(crumbs) + "</nav></header>"

    # -- pages -----------------------------------------------------------------

    def resource_page(self, description: Description) -> str:
        d, iri = self.describer, description.iri
        here = d.space.path(iri)
        literals = [f for f in description.outgoing if isinstance(f.value, ox.Literal)]
        links = [f for f in description.outgoing if not isinstance(f.value, ox.Literal) and f.predicate != TYPE]
        types = ", ".join(self._resource(ox.NamedNode(t), here) for t in description.types)
        body = [
            self._crumbs(iri, here),
            "<main>",
            f"<h1>{escape(description.label)}</h1>",
            f'<p class="iri">{escape(iri)}</p>',
            f'<p class="meta">{types}</p>' if types else "",
            '<p class="meta">Also as <a href="index.ttl" type="text/turtle">Turtle</a> · '
            '<a href="index.jsonld" type="application/ld+json">JSON-LD</a></p>',
            self._section("properties", "Properties", self._rows(literals, here) if literals else ""),
            self._section("links", "Links", self._rows(links, here) if links else ""),
            self._section(
                "linked-from",
                "Linked from",
                self._rows(description.incoming, here, True) if description.incoming else "",
            ),
        ]
        sources = []
        by_graph = dict(statements_by_graph(description.statements))
        for graph in [*description.documents, *(g for g in by_graph if g not in description.documents)]:
            part = self._document(graph, description.documents.get(graph, []), here)
            stated = by_graph.get(graph, [])
            if stated:
                document = {f.value for f in description.documents.get(graph, [])}
                part += "<table>" + "".join(self._statement(s, iri, here, document) for s in stated) + "</table>"
            sources.append(part)
        body.append(self._section("sources", "Sources and lines", "".join(sources)))
        body.append("</main>")
        return self._page(description.label, here, "".join(body), alternates=True)

    def index_page(self) -> str:
        """Municipalities, committees (with their municipality) and meetings (newest first, with their committee),
        told by their types' local names; the owner of each is the nearest resource above it in the IRI's path."""
        d = self.describer
        here = "/"
        found = {name: d.of_type(name) for name, _ in INDEX_SECTIONS}
        municipalities = sorted(found["Municipality"], key=lambda i: natural_key(d.label(i).casefold()))
        committees = sorted(found["Committee"], key=lambda i: natural_key(d.label(i).casefold()))
        meetings = sorted(found["Meeting"], key=natural_key, reverse=True)  # ids hold the date
        owner_of = _owners(committees, set(municipalities)) | _owners(meetings, set(committees))
        held: dict[str, int] = {}
        for meeting in meetings:
            if meeting in owner_of:
                held[owner_of[meeting]] = held.get(owner_of[meeting], 0) + 1
        body = ["<header><nav>kommunegraf</nav></header><main><h1>kommunegraf</h1>"]
        if self.endpoint:
            link = escape(self.endpoint.lstrip("/"))
            body.append(f'<p>SPARQL endpoint: <a href="{link}">{escape(self.endpoint)}</a></p>')
        sections = {
            "Municipality": [self._resource(ox.NamedNode(m), here) for m in municipalities],
            "Committee": [
                self._resource(ox.NamedNode(c), here)
                + (f" <small>{escape(d.label(owner_of[c]))}</small>" if c in owner_of else "")
                + (f" <small>({held[c]} meetings)</small>" if c in held else "")
                for c in committees
            ],
            "Meeting": [
                self._resource(ox.NamedNode(m), here)
                + (f" <small>{escape(d.label(owner_of[m]))}</small>" if m in owner_of else "")
                for m in meetings
            ],
        }
        for name, title in INDEX_SECTIONS:
            if sections[name]:
                items = "".join(f"<li>{item}</li>" for item in sections[name])
                tag = "ol" if name == "Meeting" else "ul"
                body.append(f'<section id="{title.lower()}"><h2>{title}</h2><{tag}>{items}</{tag}></section>')
        counts: dict[str, int] = {}
        for iri, types in d.types.items():
            if d.space.contains(iri):
                for t in types:
                    counts[t] = counts.get(t, 0) + 1
        rows = "".join(
            f"<tr><th>{self._predicate(t)}</th><td>{n}</td></tr>"
            for t, n in sorted(counts.items(), key=lambda item: d.curie(item[0]))
        )
        body.append(f'<section id="contents"><h2>Contents</h2><table>{rows}</table></section></main>')
        return self._page("kommunegraf", here, "".join(body), alternates=False)


def _owners(iris: list[str], owners: set[str]) -> dict[str, str]:
    """Each IRI's nearest ancestor (at a "/" of its path) among ``owners``."""
    found = {}
    for iri in iris:
        cut = iri.rfind("/")
        while cut > 0:
            if iri[:cut] in owners:
                found[iri] = iri[:cut]
                break
            cut = iri.rfind("/", 0, cut)
    return found
