"""Publishing systems' exports: recognised by their root element and namespace, read into an ``Export``.

Each system's module knows its XML (``detect`` and ``read``); ``render``
turns the export into the text the minutes reader reads, and ``overlay``
puts the export's fields over what it finds. Systems, by root element:

- eDoc agenda publishing: ``<Meeting>`` (``edoc``);
- Acadre MM: ``<root>`` with ``<table name="agenda">``, or the manifest
  ``<root><org>`` that names it (``acadre``);
- Publication XML: ``<Publication>`` with ``<Agendas><Agenda>``, also in a
  Publication ZIP with its enclosures (``publication``, the ZIP in ``publication_zip``);
- eDoc (Fujitsu) AgendaWeb: ``<Root>`` whose children are in the namespace
  ``http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/`` (``fujitsu``);
- SBSYS: ``<Dagsorden>`` with ``<Møde>`` and ``<Dagsordenpunkter>``
  (``sbsys``).
"""

from __future__ import annotations

from pathlib import Path

from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.structured import acadre, edoc, fujitsu, publication, sbsys
from kommunegraf.loaders.structured.export import Export
from kommunegraf.loaders.structured.render import render
from kommunegraf.loaders.structured.xml import is_xml, local, namespace, parse_xml
from kommunegraf.records import Finding

__all__ = ["extract_structured", "is_xml"]

KNOWN = (
    "eDoc <Meeting>, Acadre <root> with <table name=...>, Publication XML <Publication>, "
    f"eDoc (Fujitsu) <Root> in {fujitsu.NAMESPACE}, SBSYS <Dagsorden>"
)


def _beside(path: str, filename: str) -> Path:
    """The file ``filename`` in the folder of ``path``; exports name files in another letter case than they have."""
    folder = Path(path).parent
    exact = folder / filename
    if exact.is_file():
        return exact
    wanted = filename.casefold()
    for candidate in folder.iterdir() if folder.is_dir() else ():
        if candidate.name.casefold() == wanted and candidate.is_file():
            return candidate
    raise LoaderError(path, f"the manifest names {filename}, which is not in {folder or '.'}")


def _through_manifest(root, path: str, findings: list[Finding]) -> RawDocument:
    filename, kind = acadre.named_agenda(root, path)
    target = _beside(path, filename)
    try:
        data = target.read_bytes()
    except OSError as error:
        raise LoaderError(path, f"cannot read {target.name}, which the manifest names: {error.strerror}") from None
    parsed = parse_xml(data, str(target))
    if not acadre.is_agenda(parsed.root):
        raise LoaderError(path, f"the manifest names {target.name}, which is not an Acadre agenda XML")
    export = acadre.read(parsed.root)
    export.document_type = export.document_type or kind  # type: ignore[assignment]
    export.findings = [
        *findings,
        *parsed.findings,
        Finding(code="manifest", message=f"read as the agenda XML named by the manifest {path}"),
    ]
    export.sources = [path]
    return render(export, data, str(target), parsed.line_count)


def extract_structured(data: bytes, path: str) -> RawDocument:
    """The text and fields of a publishing system's XML export.

    Raises LoaderError naming the file (and line) for malformed XML, a
    manifest that names a missing file, and XML of no known system.
    """
    parsed = parse_xml(data, path)
    root = parsed.root
    if acadre.is_manifest(root):
        return _through_manifest(root, path, parsed.findings)
    export: Export
    if edoc.detect(root):
        export = edoc.read(root)
    elif acadre.is_agenda(root):
        export = acadre.read(root)
    elif publication.detect(root):
        export = publication.read(root, publication.beside(path))
    elif fujitsu.detect(root):
        export = fujitsu.read(root)
    elif sbsys.detect(root):
        export = sbsys.read(root)
    else:
        ns = namespace(root.tag)
        raise UnsupportedDocumentError(
            path,
            f"XML of no known publishing system: root element <{local(root.tag)}>"
            + (f" in namespace {ns}" if ns else "")
            + f" (known: {KNOWN})",
            root.sourceline,
        )
    export.findings = [*parsed.findings, *export.findings]
    return render(export, data, path, parsed.line_count)
