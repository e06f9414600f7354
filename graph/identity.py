"""Ids are minted here and nowhere else.

Every id is an IRI derived from the canonical values of the node's key
fields (``kommunegraf.ontology.schema.NODE_KEYS``), never random, so the same
input gives the same id on any machine and in any order of loading. Ids are
readable: ``<base>municipality/151/committee/erhvervs-og-beskaeftigelsesudvalget/meeting/2021-11-09/item/2``.
Names become path segments by ``kommunegraf.text.slug`` (æ -> ae, ø -> oe,
å -> aa; the one documented rule).
"""

from __future__ import annotations

import datetime as dt

from kommunegraf.reference.parties import party_name
from kommunegraf.text import slug

DEFAULT_BASE_IRI = "https://w3id.org/kommunegraf/id/"


class IdMinter:
    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def municipality(self, code: str) -> str:
        return f"{self.base}municipality/{int(code):03d}"

    def committee(self, municipality: str, name: str) -> str:
        return f"{municipality}/committee/{slug(name)}"

    def meeting(self, committee: str, date: dt.date | str, start_time: str | None = None) -> str:
        """``date`` as a date or its ISO text ("2021-11-09")."""
        suffix = f"T{start_time.replace(':', '')}" if start_time else ""
        day = date if isinstance(date, str) else date.isoformat()
        return f"{committee}/meeting/{day}{suffix}"

    def agenda_item(self, meeting: str, number: int) -> str:
        return f"{meeting}/item/{number}"

    def decision(self, item: str) -> str:
        return f"{item}/decision"

    def attachment(self, item: str, title: str) -> str:
        return f"{item}/attachment/{slug(title)}"

    def case(self, municipality: str, normalized_number: str) -> str:
        return f"{municipality}/case/{normalized_number.lower()}"

    def kle_topic(self, code: str) -> str:
        return f"{self.base}kle/{code}"

    def person(self, municipality: str, name: str) -> str:
        return f"{municipality}/person/{slug(name)}"

    def party(self, letter: str, municipality: str) -> str:
        """A national party (its letter in ``reference.parties``) is one node for the whole country; any other
        letter is a local list, which stands in one municipality: "L" in two municipalities is two lists."""
        if party_name(letter) is not None:
            return f"{self.base}party/{slug(letter)}"
        return f"{municipality}/party/{slug(letter)}"

    def org_unit(self, municipality: str, name: str) -> str:
        return f"{municipality}/orgunit/{slug(name)}"

    def document(self, sha256: str) -> str:
        return f"{self.base}document/{sha256}"

    def source(self, sha256: str) -> str:
        return f"{self.base}source/{sha256}"
