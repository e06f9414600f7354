"""One command's use of a Neo4j server: connect from the settings, load, wipe or query, close.

``connected_store`` reads the settings (``neo4j_config``), opens a driver that has reached the server and closes
it however the work ends. Around the store's operations the driver's own errors (a query the server rejects, a
server gone mid-load) become the project's: ``Neo4jQueryError`` and ``Neo4jLoadError``, one line each, the
server's reason in it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from kommunegraf.errors import KommunegrafError

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph
    from kommunegraf.stores.neo4j_batches import LoadStats
    from kommunegraf.stores.neo4j_store import Neo4jStore


class Neo4jQueryError(KommunegrafError):
    """The server did not answer a query; the message is its reason."""


@contextlib.contextmanager
def connected_store(uri: str | None = None, database: str | None = None) -> Iterator[Neo4jStore]:
    """A store on the server the settings name (``Neo4jConfigError`` when they reach none), closed at the end."""
    from kommunegraf.stores.neo4j_config import Neo4jSettings
    from kommunegraf.stores.neo4j_store import Neo4jStore

    settings = Neo4jSettings.from_env(uri=uri, database=database)
    store = Neo4jStore(settings.driver(), settings.database)
    try:
        yield store
    finally:
        store.driver.close()


@contextlib.contextmanager
def _server_errors(make: Callable[[str], KommunegrafError]) -> Iterator[None]:
    """The driver's errors (the server's reason, or why it cannot be reached) as ``make(reason)``."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        yield
    except (Neo4jError, DriverError) as error:
        raise make(getattr(error, "message", None) or str(error)) from None


def load_rows(graph: Graph) -> int:
    """How many rows loading ``graph`` writes (nodes, relationships, links to documents): a progress bar's total."""
    return len(graph.nodes) + len(graph.relationships) + sum(len(node.provenance) for node in graph.nodes.values())


def load_graph(
    store: Neo4jStore,
    graph: Graph,
    *,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
    break_lock: bool = False,
    repair: bool = False,
) -> LoadStats:
    """``Neo4jStore.load``, with a server failure outside the batches (the schema, the lock) a ``Neo4jLoadError``."""
    from kommunegraf.stores.neo4j_store import Neo4jLoadError

    with _server_errors(lambda reason: Neo4jLoadError(f"load failed: {reason}")):
        return store.load(graph, batch_size=batch_size, progress=progress, break_lock=break_lock, repair=repair)


def wipe(store: Neo4jStore) -> int:
    """``Neo4jStore.wipe`` (the number of nodes deleted), a server failure a ``Neo4jLoadError``."""
    from kommunegraf.stores.neo4j_store import Neo4jLoadError

    with _server_errors(lambda reason: Neo4jLoadError(f"wipe failed: {reason}; nothing was loaded")):
        return store.wipe()


def run_query(
    store: Neo4jStore, cypher: str, parameters: dict[str, Any] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """``Neo4jStore.query`` (column names and rows); what the server rejects is a ``Neo4jQueryError``."""
    with _server_errors(lambda reason: Neo4jQueryError(f"query failed: {reason}")):
        return store.query(cypher, parameters)
