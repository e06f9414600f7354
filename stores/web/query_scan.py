"""What the endpoint must know about a SPARQL query before it runs it, read from the query's tokens.

pyoxigraph runs the query; this only looks at it. Two things decide how:

- a ``FROM``/``FROM NAMED`` clause names the query's own dataset, which the
  endpoint then keeps (pyoxigraph's union default graph would override it);
- a ``SERVICE`` clause makes pyoxigraph fetch from another server over HTTP,
  which a public read-only endpoint must not do on a client's behalf.

The query is cut into the tokens the SPARQL grammar has where a keyword can
hide: comments, string literals (with their escapes), IRIs, and names
(variables, prefixed names, blank nodes, language tags, bare words). A keyword is a name token
equal to it, case-insensitively; ``?from``, ``ex:service``, ``"service"`` and
``<http://x/service>`` are not keywords. ``\\u`` escapes are left as they are:
the grammar reads them inside strings and IRIs only, as this scanner does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:'{0,2}(?:[^'\\]|\\.))*'''|\"\"\"(?:\"{0,2}(?:[^\"\\]|\\.))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$][\w\u00b7]+)
  | (?P<language>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<prefixed>(?:[^\W\d_](?:[\w\-\u00b7]|\.(?=[\w\-\u00b7]))*)?:
      (?:(?:[\w\-:%\u00b7]|\\\S)(?:[\w\-:%\u00b7]|\\\S|\.(?=[\w\-:%\u00b7\\]))*)?)
  | (?P<blank>_:[\w\-\u00b7]+(?:\.(?=[\w\-\u00b7])|[\w\-\u00b7])*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryShape:
    names_dataset: bool  # FROM or FROM NAMED
    calls_service: bool  # SERVICE


def keywords(query: str) -> set[str]:
    """The bare words of a query outside comments, strings and IRIs, upper-cased."""
    found: set[str] = set()
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "word":
            found.add(match.group().upper())
    return found


def shape(query: str) -> QueryShape:
    words = keywords(query)
    return QueryShape(names_dataset="FROM" in words, calls_service="SERVICE" in words)
