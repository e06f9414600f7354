"""A real Neo4j 5 Community server for tests and development, with no Docker.

Neo4j's jars come from Maven Central: ``mvn dependency:copy-dependencies``
resolves ``org.neo4j:neo4j`` (the Community server, with Bolt) into a cache
folder once, and the server class ``org.neo4j.server.CommunityEntryPoint``
runs from that classpath with a generated ``neo4j.conf``: loopback only,
Bolt on a free port, HTTP off, a small heap and page cache, authentication
on. The first login sets a generated password. Java 17 and Maven must be on
the PATH.

``kommunegraf dev-neo4j start`` wraps this and prints the bolt URI and
credentials as shell exports.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kommunegraf import class_sharing, maven
from kommunegraf.errors import KommunegrafError
from kommunegraf.maven import cache_dir

NEO4J_VERSION = "5.26.30"
USER = "neo4j"
DEFAULT_HEAP = "512m"
DEFAULT_PAGECACHE = "128m"
# The JVM options Neo4j's own launcher (bin/neo4j) passes; run without them the page cache cannot use
# direct buffers through Unsafe and falls back to slower paths.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)
STATE_FILE = "server.json"
PASSWORD_FILE = "password"  # kept beside the data: the database remembers the password across restarts


class DevServerError(KommunegrafError):
    """The development Neo4j server could not be provided."""


@dataclass
class ServerInfo:
    uri: str
    user: str
    password: str
    pid: int
    home: str
    version: str
    # the class-sharing archive this server writes as it stops, and where it goes (``class_sharing``), if any
    archive_writing: str = ""
    archive: str = ""

    def exports(self) -> str:
        return (
            f"export NEO4J_URI={self.uri}\nexport NEO4J_USERNAME={self.user}\nexport NEO4J_PASSWORD={self.password}\n"
        )


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise DevServerError(f"{tool} is not on the PATH; the development Neo4j needs Java 17 and Maven")
    return found


def resolve_jars(version: str = NEO4J_VERSION, cache: Path | None = None) -> Path:
    """The folder of Neo4j's jars, resolved from Maven Central on first use."""
    try:
        return maven.resolve(f"neo4j-{version}", [("org.neo4j", "neo4j", version)], cache)
    except maven.MavenError as error:
        raise DevServerError(str(error)) from None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(home: Path, port: int, pagecache: str) -> str:
    return "\n".join(
        [
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{port}",
            f"server.bolt.advertised_address=127.0.0.1:{port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            f"server.memory.pagecache.size={pagecache}",
            # A development server has no backups to serve: keep only the latest transaction log, or a
            # large load leaves its whole history on disk (BENCHMARKS.md: gigabytes at country scale).
            "db.tx_log.rotation.retention_policy=keep_none",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.import={home / 'import'}",
            "",
        ]
    )


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


def server_options(heap: str = DEFAULT_HEAP) -> tuple[str, ...]:
    """The server JVM's options: a fixed heap and Neo4j's own (``JVM_OPTIONS``)."""
    return (f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS)


def server_sharing(java: str, lib: Path, options: tuple[str, ...]) -> class_sharing.Sharing:
    """The server's class-sharing archive (``class_sharing``): it starts about a second sooner with one."""
    return class_sharing.sharing("neo4j-server", java, f"{lib}/*", options)


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
    java = _require("java")
    if not (cache_dir() / f"neo4j-{version}" / "complete").is_file():
        say(f"fetching Neo4j {version} from Maven Central into {cache_dir()} (about 160 MB; the first time only)")
    lib = resolve_jars(version)
    for sub in ("conf", "data", "logs", "run", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    (home / "conf" / "neo4j.conf").write_text(_config(home, port, pagecache), encoding="utf-8")
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
        _terminate(process.pid)
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status(home: str | Path) -> ServerInfo | None:
    """The server started in ``home``, if it is still running.

    A process id is reused once its process ends, so a recorded id counts only
    while it is still this home's Neo4j: a Java process whose command line names
    Neo4j's entry point and this home. A state file that cannot be read is an error.
    """
    home = Path(home).resolve()
    state = home / STATE_FILE
    if not state.is_file():
        return None
    try:
        info = ServerInfo(**json.loads(state.read_text(encoding="utf-8")))
        if not isinstance(info.pid, int) or info.pid <= 1:
            raise TypeError(f"pid {info.pid!r}")
    except (ValueError, TypeError) as error:
        raise DevServerError(f"{state}: not a server state file ({error}); remove it if no server runs") from None
    return info if _alive(info.pid) and _is_our_server(info.pid, home) else None


def _is_our_server(pid: int, home: Path) -> bool:
    """Whether process ``pid`` is the Neo4j started in ``home`` (read from /proc where there is one)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not Path("/proc/self").exists():
        return True  # no way to tell here: trust the state file
    try:
        arguments = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return b"org.neo4j.server.CommunityEntryPoint" in arguments and f"--home-dir={home}".encode() in arguments


def _terminate(pid: int, timeout: float = 60) -> bool:
    """Stop the process group ``pid`` leads; True if it ended on being asked, False if it had to be killed."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                return True
        except ChildProcessError:
            if not _alive(pid):
                return True
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return False


def stop(home: str | Path) -> bool:
    """Stop the server started in ``home``; False when none was running."""
    home = Path(home).resolve()
    info = status(home)
    (home / STATE_FILE).unlink(missing_ok=True)
    if info is None:
        return False
    ended_well = _terminate(info.pid)
    if info.archive_writing:
        share = class_sharing.Sharing((), Path(info.archive), Path(info.archive_writing))
        if ended_well:
            share.keep()
        else:
            share.discard()
    return True


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
    java = _require("java")
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
    for sub in ("conf", "data", "logs", "run", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    config = home / "conf" / "neo4j.conf"
    if not config.is_file():  # never started: the settings start() writes (the port is chosen again at start)
        config.write_text(_config(home, free_port(), pagecache), encoding="utf-8")
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
