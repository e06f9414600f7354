"""The development server's process bookkeeping: the state file that records it, whether the recorded process
is still this home's Neo4j, and stopping it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from kommunegraf import class_sharing
from kommunegraf.devserver_config import DevServerError

STATE_FILE = "server.json"


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


def terminate(pid: int, timeout: float = 60) -> bool:
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
    ended_well = terminate(info.pid)
    if info.archive_writing:
        share = class_sharing.Sharing((), Path(info.archive), Path(info.archive_writing))
        if ended_well:
            share.keep()
        else:
            share.discard()
    return True
