"""A real Neo4j 5 Community server for tests and development, with no Docker: starting it, and replacing its
database by a bulk import.

Neo4j's jars come from Maven Central: ``mvn dependency:copy-dependencies``
resolves ``org.neo4j:neo4j`` (the Community server, with Bolt) into a cache
folder once, and the server class ``org.neo4j.server.CommunityEntryPoint``
runs from that classpath with a generated ``neo4j.conf``: loopback only,
Bolt on a free port, HTTP off, a small heap and page cache, authentication
on. The first login sets a generated password. Java 17 and Maven must be on
the PATH.

What the server runs from (version, jars, JVM options, neo4j.conf) is ``devserver_config``; the state file,
``status`` and ``stop`` are ``devserver_process``; their public names are importable from here too.

``kommunegraf dev-neo4j start`` wraps this and prints the bolt URI and
credentials as shell exports.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kommunegraf.devserver_config import (
    DEFAULT_HEAP,
    DEFAULT_PAGECACHE,
    JVM_OPTIONS,
    NEO4J_VERSION,
    DevServerError,
    free_port,
    make_home,
    neo4j_config,
    require_tool,
    resolve_jars,
    server_options,
    server_sharing,
)
from kommunegraf.devserver_process import STATE_FILE, ServerInfo, status, stop, terminate
from kommunegraf.maven import cache_dir

USER = "neo4j"
PASSWORD_FILE = "password"  # kept beside the data: the database remembers the password across restarts


def _wait_for_bolt(port: int, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DevServerError(f"Neo4j exited with code {process.returncode}; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise DevServerError(f"Neo4j did not open its Bolt port within {timeout:.0f}s; see {log}")


def _set_password(uri: str, password: str, timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + timeout
    while True:
        try:
            with GraphDatabase.driver(uri, auth=(USER, "neo4j")) as driver:
                driver.execute_query(
                    "ALTER CURRENT USER SET PASSWORD FROM $old TO $new", old="neo4j", new=password, database_="system"
                )
            return
        except (ServiceUnavailable, Neo4jError) as error:
            if time.monotonic() > deadline:
                raise DevServerError(f"could not set the initial password: {error}") from error
            time.sleep(0.1)


def start(
    home: str | Path,
    *,
    version: str = NEO4J_VERSION,
    port: int | None = None,
    heap: str = DEFAULT_HEAP,
    pagecache: str = DEFAULT_PAGECACHE,
    timeout: float = 180,
    progress: Callable[[str], None] | None = None,
) -> ServerInfo:
    """Start a server whose files live in ``home``; returns how to reach it. ``progress`` hears each step."""
    home = Path(home).resolve()
    say = progress or (lambda _step: None)
    running = status(home)
    if running:
        return running
    java = require_tool("java")
    if not (cache_dir() / f"neo4j-{version}" / "complete").is_file():
        say(f"fetching Neo4j {version} from Maven Central into {cache_dir()} (about 160 MB; the first time only)")
    lib = resolve_jars(version)
    make_home(home)
    port = port or free_port()
    (home / "conf" / "neo4j.conf").write_text(neo4j_config(home, port, pagecache), encoding="utf-8")
    log = home / "logs" / "console.log"
    options = server_options(heap)
    share = server_sharing(java, lib, options)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                java,
                *options,
                *share.options,
                "-cp",
                f"{lib}/*",
                "org.neo4j.server.CommunityEntryPoint",
                f"--home-dir={home}",
                f"--config-dir={home / 'conf'}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    uri = f"bolt://127.0.0.1:{port}"
    password_file = home / PASSWORD_FILE
    say(f"starting Neo4j {version} on {uri} (log: {log})")
    try:
        _wait_for_bolt(port, process, log, timeout)
        if password_file.is_file():
            password = password_file.read_text(encoding="utf-8").strip()
        else:
            say("setting a generated password (the first start only)")
            password = secrets.token_urlsafe(18)
            _set_password(uri, password, timeout)
            _write_private(password_file, password)
    except BaseException:
        terminate(process.pid)
        share.discard()
        raise
    info = ServerInfo(
        uri=uri, user=USER, password=password, pid=process.pid, home=str(home), version=version,
        archive_writing=str(share.writing or ""), archive=str(share.archive),
    )  # fmt: skip
    _write_private(home / STATE_FILE, json.dumps(asdict(info)))
    return info


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only from the moment it exists (it holds a password)."""
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
        handle.write(text)


@dataclass
class BulkImport:
    """What ``bulk_import`` did, with the seconds each stage took."""

    server: ServerInfo
    nodes: int
    relationships: int
    stopped: bool  # a running server was stopped first
    stages: dict[str, float]  # stage -> seconds, in the order they ran

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())


def admin_command(home: str | Path, arguments: list[str], *, version: str = NEO4J_VERSION, heap: str = "1g"):
    """``neo4j-admin`` with ``arguments``, run from the server's jars against the configuration in ``home``."""
    home = Path(home).resolve()
    java = require_tool("java")
    lib = resolve_jars(version)
    environment = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    command = [java, f"-Xmx{heap}", *JVM_OPTIONS, "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *arguments]
    return subprocess.run(command, env=environment, capture_output=True, text=True, check=False)


def bulk_import(
    home: str | Path,
    csv_dir: str | Path,
    *,
    version: str = NEO4J_VERSION,
    heap: str = DEFAULT_HEAP,
    pagecache: str = DEFAULT_PAGECACHE,
    import_heap: str = "2g",  # the importer maps ids in its heap; BENCHMARKS.md has the sizes tried
    timeout: float = 180,
    progress=None,
) -> BulkImport:
    """Replace the development server's database with the files of ``kommunegraf export --format neo4j-import``.

    Stops the server in ``home`` if it runs, runs ``neo4j-admin database import
    full --overwrite-destination`` from the same jars against the server's
    configuration (the database lands in ``home/data``), starts the server
    and creates the constraints and indexes (``schema.cypher``). The
    database's previous contents are gone: ask before calling this.
    ``progress(stage, seconds)`` is told each stage as it ends.
    """
    from kommunegraf.stores.neo4j_import import manifest_arguments, read_manifest
    from kommunegraf.stores.neo4j_store import Neo4jStore

    home = Path(home).resolve()
    manifest = read_manifest(csv_dir)
    arguments = manifest_arguments(csv_dir)
    stages: dict[str, float] = {}

    def stage(name: str, began: float) -> None:
        stages[name] = time.perf_counter() - began
        if progress:
            progress(name, stages[name])

    began = time.perf_counter()
    stopped = stop(home)
    stage("stop", began)
    make_home(home)
    config = home / "conf" / "neo4j.conf"
    if not config.is_file():  # never started: the settings start() writes (the port is chosen again at start)
        config.write_text(neo4j_config(home, free_port(), pagecache), encoding="utf-8")
    began = time.perf_counter()
    report = home / "logs" / "import.report"
    result = admin_command(
        home,
        ["database", "import", "full", *arguments, "--overwrite-destination", f"--report-file={report}", "neo4j"],
        version=version,
        heap=import_heap,
    )
    (home / "logs" / "import.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise DevServerError(
            f"neo4j-admin import failed (exit {result.returncode}); see {home / 'logs' / 'import.log'}: "
            f"{(result.stderr or result.stdout).strip()[-800:]}"
        )
    stage("import", began)
    began = time.perf_counter()
    info = start(home, version=version, heap=heap, pagecache=pagecache, timeout=timeout)
    stage("start", began)
    began = time.perf_counter()
    from neo4j import GraphDatabase

    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        _wait_for_database(driver, timeout)
        stage("online", began)
        began = time.perf_counter()
        Neo4jStore(driver).ensure_schema()
        stage("schema", began)
    return BulkImport(info, manifest["node_count"], manifest["relationship_count"], stopped, stages)


def _wait_for_database(driver, timeout: float) -> None:
    """Until the default database answers a query (it comes online a moment after Bolt opens)."""
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + timeout
    while True:
        try:
            driver.execute_query("MATCH (n) RETURN count(n) AS c")
            return
        except (ServiceUnavailable, Neo4jError) as error:
            if time.monotonic() > deadline:
                raise DevServerError(f"the imported database did not come online: {error}") from error
            time.sleep(0.05)
