"""A Word document's package: recognised by its bytes, its parts read from the zip within bounds, and parsed.

The zip is read in memory: a part larger than ``MAX_PART_SIZE`` is refused,
whatever its header states (the bytes read are bounded, not the size it
claims). The XML is parsed with lxml without resolving entities or reaching
the network. A password-protected .docx (an OLE compound file) and an old
.doc are named as such.
"""

from __future__ import annotations

import io
import zipfile

from kommunegraf.errors import LoaderError

DOCUMENT_PART = "word/document.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the OLE stream name, as the directory stores it
MAX_PART_SIZE = 200 << 20  # bytes: a document.xml larger than this is not minutes (a zip bomb)


def is_docx(data: bytes) -> bool:
    """A Word document, recognised by content, not by the file's name.

    A zip holding ``word/document.xml``; also a zip whose directory is
    damaged but whose entries name it (a truncated download), and a
    password-protected one, so both get a DOCX error rather than "binary file".
    """
    if is_encrypted_docx(data):
        return True
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return DOCUMENT_PART.encode() in data


def is_encrypted_docx(data: bytes) -> bool:
    """An OLE compound file holding an ``EncryptedPackage``: what Word writes for a password-protected .docx."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


def read_parts(data: bytes, path: str) -> tuple[bytes, bytes | None, bytes | None]:
    """The bytes of ``word/document.xml``, ``word/styles.xml`` and ``word/numbering.xml`` (None where absent).

    Raises LoaderError for an encrypted or old (OLE) file, a zip that cannot be read, a zip without
    ``word/document.xml``, and a part larger than ``MAX_PART_SIZE``.
    """
    if is_encrypted_docx(data):
        raise LoaderError(
            path,
            "encrypted DOCX: it needs a password (Word saves a password-protected .docx as an OLE compound file, "
            "D0 CF 11 E0, not as a zip); save an unprotected copy",
        )
    if data.startswith(OLE_MAGIC):
        raise LoaderError(path, "not a DOCX: an OLE compound file (an old .doc?); save it as .docx or PDF")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if DOCUMENT_PART not in names:
                raise LoaderError(path, f"not a Word document: the zip has no {DOCUMENT_PART}")
            parts = []
            for name in (DOCUMENT_PART, "word/styles.xml", "word/numbering.xml"):
                if name not in names:
                    parts.append(None)
                    continue
                too_large = LoaderError(path, f"corrupt DOCX: {name} is larger than {MAX_PART_SIZE >> 20} MB")
                if archive.getinfo(name).file_size > MAX_PART_SIZE:
                    raise too_large
                with archive.open(name) as member:  # the header's size may lie: read no more than the limit
                    part = member.read(MAX_PART_SIZE + 1)
                if len(part) > MAX_PART_SIZE:
                    raise too_large
                parts.append(part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise LoaderError(path, f"corrupt DOCX: not a readable zip ({error or type(error).__name__})") from None
    return parts[0], parts[1], parts[2]  # type: ignore[return-value]


def parse_part(xml: bytes | None, name: str, path: str, required: bool):
    """The part's root element (None for no part); malformed XML raises LoaderError in a ``required`` part and
    is passed over (None) in another."""
    from lxml import etree

    if xml is None:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        if not required:
            return None  # styles and numbering only refine the text
        line = error.lineno if error.lineno else None
        where = f" (XML line {line})" if line else ""
        raise LoaderError(path, f"malformed DOCX: {name} is not well-formed XML{where}: {error.msg}") from None
