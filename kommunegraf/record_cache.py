"""Records of files already read, kept by the sha256 of their bytes, so a build can skip them (``--incremental``).

A cache entry is keyed by the file's sha256 and by what else decides the
record: the reader's version, a forced layout and the user's overrides. A
file that moved keeps its entry (the path is set anew on every build); a
file that changed, or a new version of kommunegraf, reads it again. Entries
are written atomically; an unreadable entry is treated as missing, so a
build killed half-way is simply resumed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from kommunegraf import __version__
from kommunegraf.loaders.base import SIDECAR_SUFFIX, Overrides
from kommunegraf.records import LOADED_RECORD, LoadedRecord
from kommunegraf.stores.atomic import atomic_writer

CACHE_FOLDER = "cache"


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RecordCache:
    def __init__(self, folder: str | Path, format: str | None, overrides: Overrides) -> None:
        settings = json.dumps(
            {"version": __version__, "format": format, "overrides": {k: str(v) for k, v in vars(overrides).items()}},
            sort_keys=True,
        )
        self.folder = Path(folder) / hashlib.sha256(settings.encode()).hexdigest()[:16]

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> LoadedRecord | None:
        try:
            return LOADED_RECORD.validate_json(self._path(key).read_bytes())
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, key: str, record_json: bytes) -> None:
        with atomic_writer(self._path(key), binary=True, durable=False) as handle:
            handle.write(record_json)


def entry_key(path: str | Path) -> str:
    """The file's sha256, and its sidecar's (FILE.meta.json) where it has one: both decide its record."""
    key = file_sha256(path)
    sidecar = Path(f"{path}{SIDECAR_SUFFIX}")
    return f"{key}-{file_sha256(sidecar)[:16]}" if sidecar.is_file() else key
