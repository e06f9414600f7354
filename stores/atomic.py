"""Write files so that a crash or Ctrl-C never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kommunegraf.errors import OutputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def _temporary_beside(target: Path, encoding: str, binary: bool, durable: bool) -> Iterator[tuple[IO, str]]:
    """A temporary file beside ``target``, whole on leaving (flushed, on disk if ``durable``, the mode a new file
    gets) and removed if the writing fails; yields its handle and its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="\n")
        with opened as handle:
            yield handle, temporary
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a written output reads like any other file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_writer(
    path: str | Path, encoding: str = "utf-8", binary: bool = False, durable: bool = True
) -> Iterator[IO]:
    """Write to a temporary file beside ``path``; rename it over ``path`` only when done.

    ``durable`` also flushes the file to disk before the rename (outputs);
    caches and generated corpora skip that, a reader there checks what it reads.
    """
    with published_together() as staging, staging.writer(path, encoding, binary, durable) as handle:
        yield handle


class Staging:
    """Files written beside their targets, renamed over them together once every one of them is whole."""

    def __init__(self) -> None:
        self._written: list[tuple[str, Path]] = []  # (temporary, target), in the order written

    @contextlib.contextmanager
    def writer(
        self, path: str | Path, encoding: str = "utf-8", binary: bool = False, durable: bool = True
    ) -> Iterator[IO]:
        target = Path(path)
        with _temporary_beside(target, encoding, binary, durable) as (handle, temporary):
            yield handle
        self._written.append((temporary, target))

    def publish(self) -> None:
        for temporary, target in self._written:
            os.replace(temporary, target)
        self._written.clear()

    def discard(self) -> None:
        for temporary, _ in self._written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        self._written.clear()


@contextlib.contextmanager
def published_together() -> Iterator[Staging]:
    """Write several files and publish them as one: none replaces its old version until all are written (a full
    disk or Ctrl-C on the last leaves every old one as it was). The renames follow one another at the end."""
    staging = Staging()
    try:
        yield staging
        staging.publish()
    finally:
        staging.discard()


def writable_folder(folder: str | Path) -> Path:
    """``folder``, once a file could be made in it (or, where it does not exist yet, in the folder it would go in).

    Checked before any work, so a folder that cannot take the outputs (a file
    of that name, a read-only place) costs one line, not a traceback after
    the parsing; nothing is created here.
    """
    target = Path(folder)
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        which = "it" if existing == target else str(existing)
        raise OutputError(f"{target}: cannot write output here: {which} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".kommunegraf-probe.", dir=existing)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise OutputError(f"{target}: cannot write output here: {error.strerror or error}") from None
    return target


def writable_file(path: str | Path) -> Path:
    """``path``, once its folder has taken a file (see ``writable_folder``) and ``path`` is no folder itself."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: cannot write output here: it is a folder, not a file")
    try:
        writable_folder(target.parent)
    except OutputError as error:  # said of the file the user named
        raise OutputError(f"{target}: {str(error).split(': ', 1)[1]}") from None
    return target


LOCK_FILE = ".kommunegraf.lock"


@contextlib.contextmanager
def locked_folder(folder: str | Path) -> Iterator[Path]:
    """Hold ``folder`` for one writer: a second build into it at the same time is an ``OutputError``.

    The lock is the operating system's (``flock``), so it ends with its process however that ends. Holding it,
    the temporary files a killed writer left (``.NAME.*.tmp``) are removed. A folder made here and left
    empty (nothing was written) is removed again.
    """
    target = Path(folder)
    made = [p for p in (target, *target.parents) if not p.exists()]
    target.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        message = "another kommunegraf command is writing here; wait for it, or use another folder"
        raise OutputError(f"{target}: {message}") from None
    try:
        for stale in target.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield target
    finally:
        os.close(descriptor)
        if made and [p.name for p in target.iterdir()] == [LOCK_FILE]:
            (target / LOCK_FILE).unlink()
            for folder_made in made:  # the deepest first
                with contextlib.suppress(OSError):
                    folder_made.rmdir()
