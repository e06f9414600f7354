"""``kommunegraf publish DIR --site OUT``: the server's pages as a static site, for any web server or CDN.

One folder per resource, at the path of its IRI (``iri_paths``), holding
``index.html``, ``index.ttl`` and ``index.jsonld``, the same documents
``serve`` answers with; ``index.html`` at the top lists the municipalities,
committees and meetings; ``nginx.conf`` and ``.htaccess`` configure the
content negotiation ``serve`` does (``server_config``). Reified statements
and derivations get no folder: the page of what they qualify shows them.

The site is written into a temporary folder beside OUT and renamed over it
when whole: OUT is the old site or the new one (for the instant between two renames,
missing), never half of one. OUT
must be empty, missing or a site written before (it holds ``.kommunegraf-site``),
unless ``force``. Each resource is described by index lookups in the store
(its subject, its object), so the time grows with the size of the graph.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kommunegraf import __version__
from kommunegraf.errors import OutputError
from kommunegraf.stores.web.dataset import Dataset
from kommunegraf.stores.web.describe import Describer
from kommunegraf.stores.web.documents import rdf_document
from kommunegraf.stores.web.pages import STYLE, STYLESHEET, PageWriter
from kommunegraf.stores.web.server_config import HTACCESS, NGINX

MARKER = ".kommunegraf-site"


class SiteError(OutputError):
    """The site cannot be written where it was asked to be."""


@dataclass
class SiteSummary:
    folder: Path
    pages: int
    skipped: list[str]  # IRIs whose path cannot be a folder
    files: int
    bytes: int
    seconds: float


def _check_target(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()) and not force:
        raise SiteError(f"{out}: not empty and not a kommunegraf site; choose another folder or give --force")


def _replace(temporary: Path, out: Path) -> None:
    """Put the finished site at ``out``; what was there goes only once the new site is in place."""
    if not out.exists():
        temporary.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old.rmdir()
    out.rename(old)
    temporary.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def publish_site(
    dataset: Dataset,
    out: str | Path,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SiteSummary:
    """Write the site of ``dataset`` to ``out``; ``progress(done, total)`` after each resource."""
    out = Path(out).absolute()
    _check_target(out, force)
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    files = size = pages = 0
    skipped: list[str] = []

    def write(path: Path, data: bytes) -> None:
        nonlocal files, size
        path.write_bytes(data)
        files += 1
        size += len(data)

    try:
        describer = Describer(dataset)
        writer = PageWriter(describer)
        resources = describer.resources()
        for done, iri in enumerate(resources, 1):
            folder = describer.space.folder(iri)
            description = describer.describe(iri) if folder is not None else None
            if folder is None or description is None:
                skipped.append(iri)
                continue
            target = temporary / folder
            target.mkdir(parents=True, exist_ok=True)
            write(target / "index.html", writer.resource_page(description).encode("utf-8"))
            write(target / "index.ttl", rdf_document(description, "ttl"))
            write(target / "index.jsonld", rdf_document(description, "jsonld"))
            pages += 1
            if progress:
                progress(done, len(resources))
        write(temporary / "index.html", writer.index_page().encode("utf-8"))
        write(temporary / STYLESHEET, STYLE.encode("utf-8"))
        write(temporary / "nginx.conf", NGINX.encode("utf-8"))
        write(temporary / ".htaccess", HTACCESS.encode("utf-8"))
        marker = {"kommunegraf": __version__, "base": dataset.base, "pages": pages, "from": str(dataset.path)}
        write(temporary / MARKER, json.dumps(marker, indent=2).encode("utf-8") + b"\n")
        os.chmod(temporary, 0o777 & ~_umask())  # mkdtemp makes 0700; a published folder reads like any other
        _replace(temporary, out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return SiteSummary(out, pages, skipped, files, size, time.perf_counter() - started)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
