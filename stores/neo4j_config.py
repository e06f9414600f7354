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
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
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
        """A driver that has reached the server; ``Neo4jConfigError`` with one line saying why not."""
        from neo4j import GraphDatabase  # the driver (with pandas) costs 90 MB: imported when a server is used
        from neo4j.exceptions import AuthError

        shown = masked(self.uri)
        scheme = self.uri.partition("://")[0]
        try:
            if scheme not in URI_SCHEMES:
                raise ValueError(f"the scheme is {scheme!r}, not one of {', '.join(URI_SCHEMES)}")
            driver = GraphDatabase.driver(self.uri, auth=(self.user, self.password))
        except Exception as error:  # the driver's URI errors are of several kinds (ValueError, ConfigurationError)
            reason = _first_line(error).replace(self.uri, shown)
            raise Neo4jConfigError(
                f"{shown} is not a Neo4j URI ({reason}); write it as bolt://HOST:7687 or neo4j://HOST"
            ) from None
        try:
            driver.verify_connectivity()
        except AuthError:
            driver.close()
            raise Neo4jConfigError(
                f"Neo4j refused the credentials for {self.user} at {shown} (NEO4J_USERNAME, NEO4J_PASSWORD)"
            ) from None
        except Exception as error:  # ServiceUnavailable, a TLS failure, a protocol error
            driver.close()
            reason = _first_line(error).replace(self.uri, shown)
            raise Neo4jConfigError(f"cannot reach Neo4j at {shown}: {reason}") from None
        return driver


def masked(uri: str) -> str:
    """``uri`` with a password in it (``bolt://user:secret@host``) replaced by ``***``."""
    scheme, separator, rest = uri.partition("://")
    if not separator or "@" not in rest.split("/", 1)[0]:
        return uri
    credentials, _, host = rest.partition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else uri


def _first_line(error: BaseException) -> str:
    """An error's message on one line, at most 300 characters."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:300]
