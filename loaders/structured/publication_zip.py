"""The Publication ZIP: a Publication XML with its enclosures in one archive, read in memory, never extracted.

A member whose path leaves the archive's folder (``../x``, an absolute path)
is a ``LoaderError`` naming the archive and the member, and so is an archive
without a Publication XML. An enclosure the XML names is looked up among the
archive's members (any letter case).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.structured.publication import DRIVE_LETTER, detect, read
from kommunegraf.loaders.structured.render import render
from kommunegraf.loaders.structured.xml import parse_xml
from kommunegraf.records import Finding

_ZIP_MAGIC = b"PK\x03\x04"
_MAX_XML_BYTES = 200 * 1024 * 1024  # a Publication XML larger than this is not read from a ZIP


def is_publication_zip(data: bytes) -> bool:
    """A ZIP archive that is not a DOCX (asked after it): the only archive the loaders read is a Publication ZIP."""
    return data.startswith(_ZIP_MAGIC)


def _safe(name: str, path: str) -> str:
    """A member's path inside the archive; raises LoaderError for one that leaves the archive's folder."""
    normal = name.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    if normal.startswith("/") or DRIVE_LETTER.match(normal) or ".." in parts:
        raise LoaderError(path, f"the ZIP member {name!r} leaves the archive's folder: the archive is not read")
    return normal


def extract_zip(data: bytes, path: str) -> RawDocument:
    """The meeting of the Publication XML in the ZIP at ``path``, its lines the XML member's."""
    xml, member, exists = from_zip(data, path)
    parsed = parse_xml(xml, f"{path}:{member}")
    export = read(parsed.root, exists)
    export.findings = [
        Finding(code="zip", message=f"read as the Publication XML {member} in the ZIP archive"),
        *parsed.findings,
        *export.findings,
    ]
    return render(export, data, path, parsed.line_count)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> bytes:
    """A member's bytes, read in memory and no more than ``_MAX_XML_BYTES`` of them."""
    too_large = LoaderError(path, f"the ZIP member {info.filename!r} is too large to read ({info.file_size} bytes)")
    if info.file_size > _MAX_XML_BYTES:
        raise too_large
    try:
        with archive.open(info) as member:
            data = member.read(_MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError) as error:
        raise LoaderError(path, f"cannot read the ZIP member {info.filename!r}: {error}") from None
    if len(data) > _MAX_XML_BYTES:
        raise too_large
    return data


def from_zip(data: bytes, path: str) -> tuple[bytes, str, Callable[[str], bool]]:
    """The Publication XML in a ZIP (its bytes and member name) and whether a file is in the archive.

    Nothing is extracted to disk. Raises LoaderError naming the archive (and the member) for an archive that
    cannot be read, a member path that leaves its folder, and an archive without a Publication XML.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise LoaderError(path, f"not a readable ZIP archive: {error}") from None
    names = {_relative(_safe(info.filename, path)) for info in infos}
    candidates = sorted(
        (info for info in infos if not info.is_dir() and info.filename.casefold().endswith(".xml")),
        key=lambda info: (info.filename.replace("\\", "/").count("/"), info.filename),
    )
    malformed: LoaderError | None = None
    for info in candidates:
        xml = _member(archive, info, path)
        try:
            root = parse_xml(xml, f"{path}:{info.filename}").root
        except LoaderError as error:
            malformed = malformed or error
            continue
        if detect(root):
            folder = PurePosixPath(_relative(info.filename)).parent
            prefix = "" if str(folder) == "." else f"{folder}/"

            def exists(relative: str, prefix: str = prefix) -> bool:
                return prefix + _relative(relative) in names

            return xml, info.filename, exists
    if malformed is not None:
        raise malformed
    raise LoaderError(
        path,
        "the ZIP archive holds no Publication XML"
        + (f" (XML members: {', '.join(i.filename for i in candidates)})" if candidates else ""),
    )


def _relative(name: str) -> str:
    return name.replace("\\", "/").strip("/").casefold()
