"""The cycle collector paused while a command builds a large graph: a switch for the CLI, not the library.

A library call must leave the caller's interpreter as it found it, so the
builder does not touch the collector; the ``build`` command (and the
benchmarks, which time what it does) pause it around the merge.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off while the graph grows, and the graph out of its sight afterwards.

    The merge makes millions of long-lived objects and no cyclic garbage;
    with the collector on, each full collection walks all of them again, so
    its cost grows with the graph (BENCHMARKS.md has the figures). Afterwards
    they are moved to the collector's permanent generation (``gc.freeze``),
    or the first collection after the merge, and every later full one while
    the graph is written out, would walk them all.
    Frozen objects are still freed as usual when nothing refers to them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
