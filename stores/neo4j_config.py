"""How to reach a Neo4j server: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.

The password is read from the environment (or asked for at a terminal),
never from a command-line argument, where other users of the machine could
see it in the process list.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kommunegraf.errors import KommunegrafError

if TYPE_CHECKING:
    from neo4j import Driver

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_BATCH_SIZE = 10_000  # rows per UNWIND statement and transaction


class Neo4jConfigError(KommunegrafError):
    """Not enough is known to connect."""


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str
    password: str
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, database: str | None = None, ask: bool = True) -> Neo4jSettings:
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            if not (ask and sys.stdin.isatty()):
                raise Neo4jConfigError("NEO4J_PASSWORD is not set (the password is never taken as an argument)")
            password = getpass.getpass("Neo4j password: ")
        return cls(
            uri=uri or os.environ.get("NEO4J_URI", DEFAULT_URI),
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=password,
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )

    def driver(self) -> Driver:
        from neo4j import GraphDatabase  # the driver (with pandas) costs 90 MB: imported when a server is used

        driver = GraphDatabase.driver(self.uri, auth=(self.user, self.password))
        try:
            driver.verify_connectivity()
        except Exception as error:
            driver.close()
            raise Neo4jConfigError(f"cannot reach Neo4j at {self.uri}: {error}") from None
        return driver
