"""What the development Neo4j runs from: its version, its jars from Maven Central, its JVM options and neo4j.conf."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from kommunegraf import class_sharing, maven
from kommunegraf.errors import KommunegrafError

NEO4J_VERSION = "5.26.30"
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


class DevServerError(KommunegrafError):
    """The development Neo4j server could not be provided."""


def require_tool(tool: str) -> str:
    """The path of ``tool`` (``java``); ``DevServerError`` if it is not on the PATH."""
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


def neo4j_config(home: Path, port: int, pagecache: str) -> str:
    """The server's neo4j.conf: loopback only, Bolt on ``port``, HTTP off, authentication on, files in ``home``."""
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


def server_options(heap: str = DEFAULT_HEAP) -> tuple[str, ...]:
    """The server JVM's options: a fixed heap and Neo4j's own (``JVM_OPTIONS``)."""
    return (f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS)


def server_sharing(java: str, lib: Path, options: tuple[str, ...]) -> class_sharing.Sharing:
    """The server's class-sharing archive (``class_sharing``): it starts about a second sooner with one."""
    return class_sharing.sharing("neo4j-server", java, f"{lib}/*", options)


HOME_FOLDERS = ("conf", "data", "logs", "run", "import")  # what a server's home holds (neo4j_config names them)


def make_home(home: Path) -> None:
    for sub in HOME_FOLDERS:
        (home / sub).mkdir(parents=True, exist_ok=True)
