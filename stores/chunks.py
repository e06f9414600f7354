"""Output gathered into chunks and written to a binary handle by a background thread.

A chunk is written while Python makes the next one (a file write releases
the GIL, so the disk and the second core work while the output is made); at
most two chunks are held, so memory stays bounded however big the file.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Generic, TypeVar

CHUNK_SIZE = 1 << 18  # characters or bytes gathered before a write: 256 KiB

Piece = TypeVar("Piece", str, bytes)


class _ChunkedWriter(Generic[Piece]):
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.parts: list[Piece] = []
        self._size = 0
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chunk-writer")
        self._pending: Future[int] | None = None

    def __enter__(self) -> _ChunkedWriter[Piece]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        try:
            if exc_type is None:
                self._send()
            if self._pending is not None:
                self._pending.result()
        finally:
            self._writer.shutdown(wait=True)

    def add(self, piece: Piece) -> None:
        self.parts.append(piece)
        self._size += len(piece)
        if self._size >= CHUNK_SIZE:
            self._send()

    def _joined(self) -> bytes:
        raise NotImplementedError

    def _send(self) -> None:
        data = self._joined()
        self.parts.clear()
        self._size = 0
        if self._pending is not None:
            self._pending.result()  # raises here if the last write failed
        self._pending = self._writer.submit(self.handle.write, data)


class TextChunks(_ChunkedWriter[str]):
    """Text pieces, encoded as UTF-8 a chunk at a time (one encode per chunk, not per piece)."""

    def _joined(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


class ByteChunks(_ChunkedWriter[bytes]):
    """Pieces already encoded."""

    def _joined(self) -> bytes:
        return b"".join(self.parts)
