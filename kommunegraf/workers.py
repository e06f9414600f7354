"""Worker processes for reading files: one bad file costs that file, and no worker outlives its build.

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
- A worker says which item it starts before it starts it. An item that
  outlives ``time_limit`` gets its worker killed; an item whose worker dies
  (a crash in a native library, the kernel's out-of-memory killer, the
  memory limit) is that item's failure alone: ``failed(item, reason)`` stands
  in for its result, a new worker takes the items the old one held, and the
  rest go on.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from kommunegraf.errors import KommunegrafError

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_RESTARTS_WITHOUT_PROGRESS = 3  # workers that die before finishing any item: the pool itself is broken


class WorkerDied(KommunegrafError):
    """Worker processes keep ending before they can read anything."""


@dataclass(frozen=True)
class Limits:
    """What one worker may spend: seconds per item, and bytes of address space (the process's memory)."""

    seconds_per_item: float | None = None
    memory_bytes: int | None = None


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request above took effect
        os._exit(1)


def _serve(connection: Connection, function: Callable[[Any], Any], parent: int, memory: int | None) -> None:
    """A worker: batches of (index, item) in; ("start", index) and ("done", index, result) out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is inherited
    gc.enable()  # the parent may have paused the cycle collector for its merge; parsing makes cyclic garbage
    _die_with_parent(parent)
    if memory is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, item in batch:
            connection.send(("start", index))
            connection.send(("done", index, function(item)))


@dataclass
class _Worker(Generic[Item]):
    process: multiprocessing.process.BaseProcess
    connection: Connection
    held: deque[tuple[int, Item]] = field(default_factory=deque)  # sent, not yet done, in order
    started: tuple[int, float] | None = None  # the item it works on, and since when


class _Pool(Generic[Item, Result]):
    def __init__(self, function: Callable[[Item], Result], processes: int, limits: Limits) -> None:
        self.function, self.processes, self.limits = function, processes, limits
        self.context = multiprocessing.get_context("fork")
        self.workers: dict[Connection, _Worker[Item]] = {}

    def spawn(self) -> _Worker[Item]:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(theirs, self.function, os.getpid(), self.limits.memory_bytes), daemon=True
        )
        process.start()
        theirs.close()
        worker: _Worker[Item] = _Worker(process, mine)
        self.workers[mine] = worker
        return worker

    def retire(self, worker: _Worker[Item]) -> None:
        """Kill ``worker`` (if it still runs) and forget it."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        del self.workers[worker.connection]

    def close(self) -> None:
        for worker in list(self.workers.values()):
            self.retire(worker)


def _why_it_ended(process: multiprocessing.process.BaseProcess) -> str:
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"the reading process was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    return f"the reading process ended with exit code {code}"


def imap_in_workers(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    processes: int,
    chunksize: int = 1,
    *,
    limits: Limits | None = None,
    failed: Callable[[Item, str], Result] | None = None,
) -> Iterator[Result]:
    """``map(function, items)`` in ``processes`` worker processes, results in the order of ``items``.

    ``function`` reaches the workers by fork, so it need not be importable by
    name; items and results are pickled. Items go out ``chunksize`` at a time.
    An item whose worker dies or passes ``limits.seconds_per_item`` yields
    ``failed(item, reason)`` (without ``failed``: ``WorkerDied``).
    """
    limits = limits or Limits()
    pool: _Pool[Item, Result] = _Pool(function, processes, limits)
    waiting: deque[tuple[int, Item]] = deque(enumerate(items))
    done: dict[int, Result] = {}
    wanted, total = 0, len(waiting)
    restarts_without_progress = 0

    def give(worker: _Worker[Item]) -> None:
        """Keep ``worker`` two chunks ahead, so it never waits for the next item."""
        batch = []
        while waiting and len(worker.held) + len(batch) < 2 * chunksize:
            batch.append(waiting.popleft())
        if batch:
            worker.connection.send(batch)
            worker.held.extend(batch)

    def lose(worker: _Worker[Item], reason: str) -> None:
        """``worker`` is gone: its current item fails, the items it held go back to the front of the line."""
        nonlocal restarts_without_progress
        pool.retire(worker)
        current = worker.started[0] if worker.started else None
        if current is not None:
            restarts_without_progress = 0  # the item it died on is decided: that is progress
        for index, item in reversed(worker.held):
            if index == current:
                if failed is None:
                    raise WorkerDied(f"{reason} while reading {item}")
                done[index] = failed(item, reason)
            else:
                waiting.appendleft((index, item))
        if current is None:
            restarts_without_progress += 1
            if restarts_without_progress > _RESTARTS_WITHOUT_PROGRESS:
                raise WorkerDied(f"worker processes keep ending before they read anything: {reason}")
        give(pool.spawn())

    try:
        for _ in range(processes):
            give(pool.spawn())
        while wanted < total:
            while wanted in done:
                yield done.pop(wanted)
                wanted += 1
            if wanted >= total:
                break
            busy = [w for w in pool.workers.values() if w.held]
            timeout = None
            if limits.seconds_per_item is not None:
                deadlines = [w.started[1] + limits.seconds_per_item for w in busy if w.started]
                timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else limits.seconds_per_item
            for connection in wait([w.connection for w in busy], timeout):
                worker = pool.workers[connection]
                try:
                    message = connection.recv()
                except (EOFError, OSError):
                    lose(worker, _why_it_ended(worker.process))
                    continue
                if message[0] == "start":
                    worker.started = (message[1], time.monotonic())
                    continue
                _, index, result = message
                worker.held.popleft()
                worker.started = None
                done[index] = result
                restarts_without_progress = 0
                give(worker)
            if limits.seconds_per_item is not None:
                now = time.monotonic()
                for worker in [w for w in pool.workers.values() if w.started]:
                    if now - worker.started[1] > limits.seconds_per_item:
                        lose(worker, f"reading took longer than {limits.seconds_per_item:g} s (the time limit)")
        for worker in pool.workers.values():
            with contextlib.suppress(OSError):
                worker.connection.send(None)
    finally:
        pool.close()
