"""Class-data sharing for the JVMs the project starts: Neo4j's server and its import tool start faster.

A JVM spends the first seconds of a run loading and verifying classes; a
class-data sharing archive (JDK 13+, ``-XX:SharedArchiveFile``) holds them
ready to map. The first run of a program writes the archive as it exits
(``-XX:ArchiveClassesAtExit``), into a file named for that process; only
once the process has ended well is the file renamed into place, so an
archive is whole or absent. Each archive is keyed by the Java binary, the
classpath and the JVM options, which the JVM also checks itself: a
mismatched or damaged archive only costs its speed (the JVM runs without
it), never a wrong result.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kommunegraf.maven import cache_dir


@dataclass(frozen=True)
class Sharing:
    """The options that use or write one program's archive, and where its first run writes it."""

    options: tuple[str, ...]
    archive: Path
    writing: Path | None  # the file this run writes as it exits, if there is no archive yet

    def keep(self) -> None:
        """Put what this run wrote in place, once the process has ended well."""
        if self.writing is not None and self.writing.is_file():
            os.replace(self.writing, self.archive)

    def discard(self) -> None:
        """Remove what a run that ended badly may have half written."""
        if self.writing is not None:
            self.writing.unlink(missing_ok=True)


def _key(java: str, classpath: str, options: Sequence[str]) -> str:
    binary = Path(java).resolve()
    stamp = binary.stat().st_mtime_ns if binary.exists() else 0
    text = "\0".join([str(binary), str(stamp), classpath, *options])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def archive_folder() -> Path:
    return cache_dir() / "class-sharing"


STALE_SECONDS = 3600  # a file still being written after an hour belongs to a run that died while writing it


def sharing(program: str, java: str, classpath: str, options: Sequence[str]) -> Sharing:
    """Class-sharing options for a run of ``program`` (``neo4j-server``, ``neo4j-admin``) with ``options``."""
    folder = archive_folder()
    archive = folder / f"{program}-{_key(java, classpath, options)}.jsa"
    if archive.is_file():
        return Sharing((f"-XX:SharedArchiveFile={archive}",), archive, None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Sharing((), archive, None)  # a cache that cannot be written: run without
    now = time.time()
    for stale in folder.glob(f"{archive.stem}.*.writing"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
    writing = folder / f"{archive.stem}.{os.getpid()}-{secrets.token_hex(4)}.writing"
    return Sharing((f"-XX:ArchiveClassesAtExit={writing}",), archive, writing)
