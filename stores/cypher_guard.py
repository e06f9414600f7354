"""What a read-only Cypher query may not do: administer the server or reach outside it.

``kommunegraf query`` runs in a read session, which keeps it from writing the
graph, but a read session still runs administration commands (``SHOW USERS``,
``TERMINATE TRANSACTIONS``), the server's own procedures (``dbms.*``) and
``LOAD CSV FROM 'http://...'``, which fetches from the network. Those are
refused unless the user says otherwise (``--allow-admin``).

The query is read with its string literals, quoted names and comments blanked
out, so a word inside them ("load csv" in a title) refuses nothing.
"""

from __future__ import annotations

import re

_LITERALS = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)
_ADMINISTRATION = re.compile(
    r"^\s*(?:CYPHER\s+(?:\d+\s+)?)?(?:EXPLAIN\s+|PROFILE\s+)?(?:USE\s+\S+\s+)?"
    r"(SHOW|TERMINATE|GRANT|DENY|REVOKE|ALTER|START|STOP|ENABLE|DEALLOCATE|REALLOCATE|DRYRUN"
    r"|(?:CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(?:USER|ROLE|DATABASE|COMPOSITE|ALIAS|SERVER|CONSTRAINT|INDEX|"
    r"RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR))\b",
    re.IGNORECASE,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_SERVER_PROCEDURE = re.compile(r"\bCALL\s+(?:dbms|db\.create|db\.index\.fulltext\.create|tx)\s*\.", re.IGNORECASE)


def refusal(cypher: str) -> str | None:
    """Why ``cypher`` is not a query of the graph (an administration command, LOAD CSV, a server procedure), or
    None when it is one."""
    text = _LITERALS.sub(" ", cypher)
    if found := _ADMINISTRATION.match(text):
        return f"{found[1].split()[0].upper()} is an administration command"
    if _LOAD_CSV.search(text):
        return "LOAD CSV reads files and URLs outside the graph"
    if found := _SERVER_PROCEDURE.search(text):
        return f"{found[0].split()[-1].rstrip('.').strip()}.* procedures administer the server"
    return None
