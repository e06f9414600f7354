"""A load's batches: cut from its rows, written in order by one helper thread while the caller makes the next, and
counted into the load's ``LoadStats``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from kommunegraf.stores.neo4j_rows import Row

WriteBatch = Callable[[str, list[Row], str], dict[str, int]]  # statement, rows, what to name on failure -> counters


@dataclass
class LoadStats:
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    node_seconds: float = 0.0
    relationship_seconds: float = 0.0
    repaired: int = 0  # copies of facts deleted (see ``neo4j_repair``)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))


T = TypeVar("T")


def batches(items: list[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """``items`` in slices of ``size``, each with its number from 0."""
    for index, start in enumerate(range(0, len(items), size)):
        yield index, items[start : start + size]


class BatchWriter:
    """Batches written one at a time, in order, by one helper thread, while the caller makes the next.

    At most one batch is being written and one waits, so memory stays
    bounded; a failed batch raises from the next ``submit`` or ``drain``
    and nothing after it is written.
    """

    def __init__(self, write: WriteBatch, stats: LoadStats, progress: Callable[[int], None] | None) -> None:
        self.write = write
        self.stats = stats
        self.progress = progress
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neo4j-writer")
        self._pending: tuple[Future[dict[str, int]], int, str] | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.drain()
        finally:
            self._writer.shutdown(wait=True)

    def submit(self, statement: str, rows: list[Row], what: str, kind: str) -> None:
        """Write ``rows`` with ``statement`` once the batch before is written; ``kind`` is the ``LoadStats`` count
        ("nodes", "relationships") the rows add to."""
        self.drain()
        future = self._writer.submit(self.write, statement, rows, what)
        self._pending = (future, len(rows), kind)

    def drain(self) -> None:
        """Wait for the batch being written; raise its error."""
        if self._pending is None:
            return
        future, rows, kind = self._pending
        self._pending = None
        counters = future.result()
        self.stats.batches += 1
        for key, value in counters.items():
            self.stats.counters[key] += value
        setattr(self.stats, kind, getattr(self.stats, kind) + rows)
        if self.progress:
            self.progress(rows)
