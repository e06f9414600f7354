"""What an import export wrote, and its description for neo4j-admin: ``import.json`` (as data, which
``kommunegraf dev-neo4j import`` reads), ``import.sh`` (the command line), ``schema.cypher`` (the constraints and
indexes, to run once the server is up), and the admin arguments for a folder's files."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kommunegraf.stores.neo4j_csv import ARRAY_DELIMITER_OPTION, Neo4jImportError
from kommunegraf.stores.neo4j_schema import schema_statements

MANIFEST = "import.json"
SCRIPT = "import.sh"
SCHEMA = "schema.cypher"


@dataclass
class ImportSummary:
    """What ``write_import_files`` wrote."""

    folder: Path
    node_files: dict[str, int] = field(default_factory=dict)  # path (relative to folder) -> rows
    relationship_files: dict[str, int] = field(default_factory=dict)
    multiline: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships


def admin_arguments(
    node_files: Iterable[str], relationship_files: Iterable[str], multiline: Iterable[str], base: str = ""
) -> list[str]:
    """The options of ``neo4j-admin database import full`` for these files (paths prefixed with ``base``)."""
    arguments = ["--id-type=integer", f"--array-delimiter={ARRAY_DELIMITER_OPTION}"]
    arguments += [f"--nodes={base}{path}" for path in node_files]
    arguments += [f"--relationships={base}{path}" for path in relationship_files]
    multiline = list(multiline)
    if multiline:
        arguments += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(base + p for p in multiline)]
    return arguments


def read_manifest(folder: str | Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Neo4jImportError(
            f"{path}: no such file; write the import files with 'kommunegraf export DIR --format neo4j-import'"
        ) from None
    except ValueError as error:
        raise Neo4jImportError(f"{path}: not an import manifest ({error})") from None
    if manifest.get("format") != "kommunegraf-neo4j-import/1":
        raise Neo4jImportError(f"{path}: not a kommunegraf import manifest")
    return manifest


def manifest_arguments(folder: str | Path) -> list[str]:
    """``admin_arguments`` for the files in ``folder``, as absolute paths."""
    folder = Path(folder).resolve()
    manifest = read_manifest(folder)
    return admin_arguments(manifest["nodes"], manifest["relationships"], manifest["multiline"], f"{folder}/")


_SCRIPT = """#!/bin/sh
# Bulk import of this folder into a new Neo4j 5 database, written by kommunegraf
# (export --format neo4j-import). {nodes} nodes and {relationships} relationships.
#
# The server must be stopped (or the database offline). neo4j-admin refuses a
# database that already holds data: pass --overwrite-destination to replace it.
# Arguments given to this script are passed to neo4j-admin before the database
# name; NEO4J_ADMIN names the tool (default: neo4j-admin on the PATH) and
# NEO4J_DATABASE the database (default: neo4j). After the server is started,
# run schema.cypher (cypher-shell -f schema.cypher) for the constraints and
# indexes 'kommunegraf load' makes.
set -e
cd "$(dirname "$0")"
exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full \\
{arguments}  "$@" "${{NEO4J_DATABASE:-neo4j}}"
"""


def write_manifest(summary: ImportSummary) -> None:
    """``import.json``, ``import.sh`` and ``schema.cypher`` for the files ``summary`` lists, in its folder."""
    folder = summary.folder
    manifest = {
        "format": "kommunegraf-neo4j-import/1",
        "array_delimiter": ARRAY_DELIMITER_OPTION,
        "id_type": "string",
        "nodes": list(summary.node_files),
        "relationships": list(summary.relationship_files),
        "multiline": summary.multiline,
        "rows": {**summary.node_files, **summary.relationship_files},
        "node_count": summary.nodes,
        "relationship_count": summary.relationships,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    arguments = admin_arguments(summary.node_files, summary.relationship_files, summary.multiline)
    script = _SCRIPT.format(
        nodes=summary.nodes,
        relationships=summary.relationships,
        arguments="".join(f"  {shlex.quote(a)} \\\n" for a in arguments),
    )
    path = folder / SCRIPT
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    (folder / SCHEMA).write_text("".join(f"{s};\n" for s in schema_statements()), encoding="utf-8")
