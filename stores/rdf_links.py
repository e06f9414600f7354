"""Links from municipalities to other datasets' identifiers, read from a CSV file.

The export already identifies each municipality by its kommunekode
(``dct:identifier``). A portal that also knows, say, the Wikidata item of
each municipality passes a file of links, one per row::

    kommunekode,iri
    151,http://www.wikidata.org/entity/Q...

and the RDF export states each as ``owl:sameAs`` on that municipality (in
the default graph of the quad formats: the link comes from the file, not
from a document). The project ships no such file: the identifiers could not
be checked on the machine it was built on, and a wrong ``owl:sameAs`` merges
two things for every reasoner that reads it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kommunegraf.errors import KommunegrafError
from kommunegraf.graph.model import Node

SameAs = dict[str, tuple[str, ...]]  # kommunekode ("151") -> IRIs


def links_of(node: Node, same_as: SameAs) -> tuple[str, ...]:
    """The IRIs a node is the same as: a municipality's, by its kommunekode; nothing for other nodes."""
    if node.label != "Municipality":
        return ()
    return same_as.get(str(node.properties.get("code")), ())


class LinksError(KommunegrafError):
    """A links file could not be read; names the file and line."""


def read_same_as(path: str | Path) -> SameAs:
    """Read ``kommunekode,iri`` rows (a header row, blank lines and ``#`` comments are allowed)."""
    links: dict[str, list[str]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                cells = [cell.strip() for cell in row]
                if not any(cells) or cells[0].startswith("#") or (number == 1 and cells[0].lower() == "kommunekode"):
                    continue
                code, iri = _link(path, number, cells)
                if iri not in links.setdefault(code, []):
                    links[code].append(iri)
    except (OSError, UnicodeDecodeError) as error:
        raise LinksError(f"{path}: cannot read the links file ({error})") from None
    return {code: tuple(iris) for code, iris in links.items()}


def _link(path: str | Path, number: int, cells: list[str]) -> tuple[str, str]:
    if len(cells) != 2:
        raise LinksError(f"{path}:{number}: expected two columns, kommunekode and IRI; found {len(cells)}")
    code, iri = cells
    if not (code.isdigit() and 3 <= len(code) <= 4 and 100 <= int(code) <= 999):
        raise LinksError(f"{path}:{number}: {code!r} is not a kommunekode (three digits, such as 151)")
    import pyoxigraph as ox  # only to check IRIs: the writers themselves do not need it

    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise LinksError(f"{path}:{number}: {iri!r} is not an absolute IRI ({error})") from None
    return str(int(code)), iri
