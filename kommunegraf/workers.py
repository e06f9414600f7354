"""Worker processes for reading files that never outlive the build they serve.

What holds:
- Ctrl-C is the parent's alone: a terminal sends SIGINT to the whole process
  group, and a worker interrupted in the middle of a pipe read or write
  would leave shared queues half-used. Workers ignore SIGINT; the parent,
  interrupted, kills them.
- A worker dies with its parent, however the parent ends (``kill -9``
  included): on Linux the kernel sends it SIGKILL when the parent exits
  (``PR_SET_PDEATHSIG``).
- Leaving early (an exception, an interrupt, the consumer closing the
  iterator) kills the workers at once instead of waiting for their files.
  Each worker has a pipe of its own and no lock is shared, so a worker
  killed at any moment cannot leave the parent waiting on a lock it held
  (``multiprocessing.Pool.terminate`` can hang for that reason).
- A worker that dies by itself (a crash in a native library, the kernel's
  out-of-memory killer) is an error naming the files it was reading.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from kommunegraf.errors import KommunegrafError

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_IN_FLIGHT = 2  # chunks sent to a worker before its first answer: it never waits for the next


class WorkerDied(KommunegrafError):
    """A worker process ended while reading files."""


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request above took effect
        os._exit(1)


def _serve(connection: Connection, function: Callable[[Any], Any], parent: int) -> None:
    """A worker: chunks in, their results out, until the pipe closes or says stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is inherited
    _die_with_parent(parent)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, chunk = message
        connection.send((index, [function(item) for item in chunk]))


def _chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    remaining = iter(items)
    while chunk := list(itertools.islice(remaining, size)):
        yield chunk


def imap_in_workers(
    function: Callable[[Item], Result], items: Iterable[Item], processes: int, chunksize: int = 1
) -> Iterator[Result]:
    """``map(function, items)`` in ``processes`` worker processes, results in the order of ``items``.

    ``function`` reaches the workers by fork, so it need not be importable
    by name; items and results are pickled.
    """
    context = multiprocessing.get_context("fork")
    chunks = enumerate(_chunked(items, chunksize))
    workers: dict[Connection, multiprocessing.process.BaseProcess] = {}
    sent: dict[Connection, dict[int, list[Item]]] = {}
    try:
        for _ in range(processes):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, function, os.getpid()), daemon=True)
            process.start()
            theirs.close()
            workers[mine], sent[mine] = process, {}
        for connection in workers:
            for index, chunk in itertools.islice(chunks, _IN_FLIGHT):
                connection.send((index, chunk))
                sent[connection][index] = chunk
        done: dict[int, list[Result]] = {}
        wanted = 0
        while any(sent.values()):
            for connection in wait([c for c in workers if sent[c]]):
                try:
                    index, results = connection.recv()
                except (EOFError, OSError):
                    reading = [item for chunk in sent[connection].values() for item in chunk]
                    process = workers[connection]
                    process.join(1)
                    raise WorkerDied(
                        f"a worker process ended (exit code {process.exitcode}) while reading: "
                        + ", ".join(str(item) for item in reading[:5])
                        + (f" and {len(reading) - 5} more" if len(reading) > 5 else "")
                    ) from None
                del sent[connection][index]
                done[index] = results
                for next_index, chunk in itertools.islice(chunks, 1):
                    connection.send((next_index, chunk))
                    sent[connection][next_index] = chunk
            while wanted in done:
                yield from done.pop(wanted)
                wanted += 1
        for connection in workers:
            with contextlib.suppress(OSError):
                connection.send(None)
        for process in workers.values():
            process.join()
    finally:
        for connection, process in workers.items():
            if process.is_alive():
                process.kill()
            process.join()
            connection.close()
