"""Apache Jena's ``riot --validate --strict`` on RDF files, with Jena's jars from Maven Central.

``jena_jars`` resolves ``org.apache.jena:jena-cmds`` (and slf4j-simple, so
that riot's messages reach stderr: riot reports through SLF4J and prints
nothing without a provider) into the project's cache folder once, as
``kommunegraf.devserver`` does for Neo4j. ``riot`` validates many files in one
JVM and returns each file's warnings and errors: under ``--strict`` a warning
(a literal not valid for its datatype, a bad language tag) is a failure too,
and riot exits non-zero for it.

The JVM gets a proxy on a closed loopback port, so riot never reaches the
network: a JSON-LD file whose ``@context`` is a remote IRI fails with an
error instead of being fetched. Our JSON-LD carries its context inline.

``exported_rdf`` lists the RDF files a test session wrote, except those under
a folder whose name starts with ``HANDWRITTEN``: a test that writes broken RDF
on purpose (to show that something catches it) puts it there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from kommunegraf import maven

JENA_VERSION = "5.6.0"  # the newest 5.x: Jena 6 needs a newer Java than the 17 the Neo4j tests run on
SLF4J_VERSION = "2.0.17"  # the slf4j-api that jena-cmds 5.6.0 depends on
RDF_SUFFIXES = (".ttl", ".nt", ".trig", ".nq", ".jsonld")
HANDWRITTEN = "handwritten-rdf"
MAX_ARGUMENT_CHARS = 100_000  # files per JVM call are bounded by the command line's length, not by count

JVM_OPTIONS = (
    "-Dorg.slf4j.simpleLogger.showThreadName=false",
    "-Dorg.slf4j.simpleLogger.showLogName=false",
    "-Dorg.slf4j.simpleLogger.logFile=System.err",
    # Any HTTP(S) request goes to a proxy on the discard port, where nothing listens: it fails at once.
    "-Dhttp.proxyHost=127.0.0.1",
    "-Dhttp.proxyPort=9",
    "-Dhttps.proxyHost=127.0.0.1",
    "-Dhttps.proxyPort=9",
)

_MESSAGE = re.compile(r"^(WARN|ERROR) (.*)$")
_FILE = re.compile(r"^INFO File: (.*)$")


class JenaUnavailable(Exception):
    """Java, Maven or Jena's jars cannot be had on this machine."""


class RiotFailed(Exception):
    """riot stopped without saying which file it could not read."""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise JenaUnavailable(f"{tool} is not on the PATH; riot needs Java 17 and Maven (Jena is from Maven Central)")
    return found


def jena_jars(version: str = JENA_VERSION, cache: Path | None = None) -> Path:
    """The folder of Jena's command-line jars, resolved from Maven Central on first use (Java must be there too)."""
    _require("java")
    artifacts = [("org.apache.jena", "jena-cmds", version), ("org.slf4j", "slf4j-simple", SLF4J_VERSION)]
    try:
        return maven.resolve(f"jena-{version}", artifacts, cache)
    except maven.MavenError as error:
        raise JenaUnavailable(str(error)) from None


def _batches(paths: Sequence[Path]) -> list[list[Path]]:
    batches: list[list[Path]] = [[]]
    length = 0
    for path in paths:
        if batches[-1] and length + len(str(path)) > MAX_ARGUMENT_CHARS:
            batches.append([])
            length = 0
        batches[-1].append(path)
        length += len(str(path)) + 1
    return batches


def _parse(stderr: str, paths: list[Path]) -> dict[Path, list[str]]:
    """Each file's WARN and ERROR lines; riot names the file before its messages when given more than one."""
    by_name = {str(path.resolve()): path for path in paths}
    problems: dict[Path, list[str]] = {path: [] for path in paths}
    current = paths[0] if len(paths) == 1 else None
    for line in stderr.splitlines():
        named = _FILE.match(line)
        if named:
            current = by_name.get(named[1])
            continue
        message = _MESSAGE.match(line)
        if message and current is None:
            raise RiotFailed(f"riot said {line!r} before naming a file of {len(paths)}")
        if message:
            problems[current].append(f"{message[1]} {message[2]}")
    return problems


def riot(paths: Sequence[Path], lib: Path | None = None, timeout: float = 600) -> dict[Path, list[str]]:
    """``riot --validate --strict`` on ``paths``: each file -> riot's warnings and errors (empty when valid).

    The syntax comes from each file's extension. Raises ``JenaUnavailable``
    when Java or Jena cannot be had, ``RiotFailed`` when riot exits non-zero
    without a message that names a file.
    """
    java = _require("java")
    lib = lib or jena_jars()
    problems: dict[Path, list[str]] = {}
    for batch in _batches([Path(p) for p in paths]):
        if not batch:
            continue
        names = [str(path.resolve()) for path in batch]
        command = [java, *JVM_OPTIONS, "-cp", f"{lib}/*", "riotcmd.riot", "--validate", "--strict", *names]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        found = _parse(result.stderr, batch)
        if result.returncode != 0 and not any(found.values()):
            raise RiotFailed(f"riot exited with {result.returncode}: {result.stderr.strip()[-800:]}")
        problems.update(found)
    for path, messages in problems.items():
        if messages and path.suffix == ".jsonld":
            messages.extend(_remote_context(path))
    return problems


def _remote_context(path: Path) -> list[str]:
    """A note naming the remote @context of a JSON-LD file, which riot is kept from fetching."""
    try:
        context = json.loads(path.read_text(encoding="utf-8")).get("@context")
    except (ValueError, AttributeError, OSError):
        return []
    remote = [c for c in (context if isinstance(context, list) else [context]) if isinstance(c, str)]
    return [f"NOTE its @context {iri} is remote; riot runs offline and does not fetch it" for iri in remote]


def exported_rdf(root: Path) -> list[Path]:
    """The RDF files under ``root`` (by extension), except those under a folder whose name starts with HANDWRITTEN."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in RDF_SUFFIXES or not path.is_file():
            continue
        folders = path.relative_to(root).parts[:-1]
        if not any(folder.startswith(HANDWRITTEN) for folder in folders):
            found.append(path)
    return found


def describe(problems: dict[Path, list[str]]) -> str:
    """Each file with problems on a line of its own, riot's messages for it indented below."""
    lines = []
    for path, messages in sorted(problems.items()):
        if messages:
            lines.append(str(path))
            lines.extend(f"    {message}" for message in messages)
    return "\n".join(lines)


def check_session(basetemp: Path) -> tuple[bool, str]:
    """riot on every RDF file a test session wrote under ``basetemp``: (whether the session fails, what to report).

    Without Java or Maven the check fails in CI and is skipped elsewhere, with the reason.
    """
    files = exported_rdf(basetemp)
    if not files:
        return False, ""
    began = time.perf_counter()
    try:
        problems = riot(files)
    except JenaUnavailable as error:
        if in_ci():
            return True, f"riot is required in CI and could not run: {error}"
        return False, f"skipped on {len(files)} RDF files: {error}"
    except (RiotFailed, subprocess.TimeoutExpired) as error:
        return True, f"riot failed on the {len(files)} RDF files under {basetemp}: {error}"
    seconds = time.perf_counter() - began
    invalid = {path: messages for path, messages in problems.items() if messages}
    if invalid:
        return True, f"{len(invalid)} of the {len(files)} RDF files the tests wrote are not valid:\n{describe(invalid)}"
    return False, f"the {len(files)} RDF files the tests wrote are valid ({seconds:.1f} s)"
