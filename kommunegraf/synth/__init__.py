"""A synthetic corpus of minutes with gold facts, for measuring recovery and speed at national scale.

``write_corpus(out, meetings=N, seed=S)`` writes ``out/minutes/*`` in the three
seed layouts and ``out/gold/*.json`` in the format ``../shared/eval/score.py``
reads. See ``plan`` (what each meeting states), ``render`` (how each layout
prints it) and ``gold`` (the facts).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from kommunegraf.errors import OutputError
from kommunegraf.stores.atomic import atomic_writer, writable_folder
from kommunegraf.synth.gold import gold
from kommunegraf.synth.plan import meetings
from kommunegraf.synth.render import SUFFIX, render


def write_corpus(
    out: str | Path,
    *,
    meetings_count: int,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> tuple[int, int]:
    """Write the corpus; returns (files, bytes of minutes).

    A folder that already holds a corpus is refused (``OutputError``): old
    meetings left beside new ones would be read and scored as this corpus.
    ``force`` clears its ``minutes/`` and ``gold/`` first.
    """
    folder = writable_folder(out)
    parts = (folder / "minutes", folder / "gold")
    held = [part for part in parts if part.is_dir() and any(part.iterdir())]
    if held and not force:
        message = f"already holds a corpus ({held[0].name}/ is not empty); pass --force to replace it"
        raise OutputError(f"{folder}: {message}")
    try:
        for part in held:
            shutil.rmtree(part)
        for part in parts:
            part.mkdir(parents=True, exist_ok=True)
        written = 0
        for count, meeting in enumerate(meetings(meetings_count, seed), start=1):
            name = meeting.file_stem + SUFFIX[meeting.layout]
            text = render(meeting) + "\n"
            with atomic_writer(folder / "minutes" / name, durable=False) as handle:
                handle.write(text)
            with atomic_writer(folder / "gold" / f"{meeting.file_stem}.json", durable=False) as handle:
                json.dump(gold(meeting, name), handle, ensure_ascii=False, indent=1)
            written += len(text.encode("utf-8"))
            if progress:
                progress(count)
    except OSError as error:
        raise OutputError(f"{error.filename or folder}: cannot write output: {error.strerror or error}") from None
    return meetings_count, written
