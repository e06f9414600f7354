"""Class-data sharing for the JVMs the project starts: a program's first run writes its archive, later runs map
it, and an archive is whole or absent."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kommunegraf import class_sharing, devserver

needs_java = pytest.mark.skipif(
    not os.environ.get("CI") and not (shutil.which("java") and shutil.which("mvn")),
    reason="needs Java 17 and Maven (Neo4j's jars)",
)


@pytest.fixture
def archives(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "class-sharing"
    monkeypatch.setattr(class_sharing, "archive_folder", lambda: folder)
    return folder


def admin_tool(options: tuple[str, ...], home: Path) -> subprocess.CompletedProcess:
    """Neo4j's admin tool printing its version, from the development server's jars."""
    lib = devserver.resolve_jars()
    command = [shutil.which("java"), *options, "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", "--version"]
    environment = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def sharing_for(options: tuple[str, ...]) -> class_sharing.Sharing:
    return class_sharing.sharing("neo4j-admin", shutil.which("java"), f"{devserver.resolve_jars()}/*", options)


@needs_java
def test_a_programs_first_run_writes_its_archive_and_the_next_run_maps_it(archives, tmp_path):
    first = sharing_for(("-Xmx256m",))
    assert first.writing is not None and first.options == (f"-XX:ArchiveClassesAtExit={first.writing}",)
    assert admin_tool(("-Xmx256m", *first.options), tmp_path).returncode == 0
    first.keep()
    assert first.archive.is_file() and not list(archives.glob("*.writing"))
    second = sharing_for(("-Xmx256m",))
    assert second.writing is None and second.options == (f"-XX:SharedArchiveFile={first.archive}",)
    mapped = admin_tool(("-Xmx256m", "-Xshare:on", *second.options), tmp_path)  # -Xshare:on: map it or fail
    assert mapped.returncode == 0, mapped.stdout + mapped.stderr


def test_what_a_run_that_ended_badly_wrote_is_never_taken_for_an_archive(archives):
    run = class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ("-Xmx1g",))
    run.writing.write_bytes(b"half an archive")
    run.discard()
    assert not run.writing.exists() and not run.archive.exists()
    assert class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ("-Xmx1g",)).writing is not None


def test_other_options_or_another_classpath_use_another_archive(archives):
    one = class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ("-Xmx1g",)).archive
    assert class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ("-Xmx2g",)).archive != one
    assert class_sharing.sharing("neo4j-server", "/no/java", "other/*", ("-Xmx1g",)).archive != one
    assert class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ("-Xmx1g",)).archive == one


def test_a_file_a_dead_run_left_half_written_is_removed_and_a_recent_one_kept(archives):
    first = class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ())
    stale, recent = first.writing.with_name(f"{first.archive.stem}.1-dead.writing"), first.writing
    stale.write_bytes(b"x")
    recent.write_bytes(b"x")
    hours_ago = time.time() - 2 * class_sharing.STALE_SECONDS
    os.utime(stale, (hours_ago, hours_ago))
    class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ())
    assert not stale.exists() and recent.exists()


def test_a_cache_that_cannot_be_written_runs_the_program_without_an_archive(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(class_sharing, "archive_folder", lambda: blocked / "class-sharing")
    run = class_sharing.sharing("neo4j-server", "/no/java", "lib/*", ())
    assert run.options == () and run.writing is None


@needs_java
def test_a_development_server_that_stopped_well_leaves_its_archive_for_the_next_start(archives, tmp_path):
    home = tmp_path / "neo4j"
    info = devserver.start(home)
    try:
        arguments = Path(f"/proc/{info.pid}/cmdline").read_bytes().split(b"\0")
        assert f"-XX:ArchiveClassesAtExit={info.archive_writing}".encode() in arguments
    finally:
        assert devserver.stop(home)
    archive = Path(info.archive)
    assert archive.is_file() and not list(archives.glob("*.writing"))
    java, lib, options = shutil.which("java"), devserver.resolve_jars(), devserver.server_options()
    assert devserver.server_sharing(java, lib, options).options == (f"-XX:SharedArchiveFile={archive}",)
    mapped = admin_tool((*options, "-Xshare:on", f"-XX:SharedArchiveFile={archive}"), tmp_path)
    assert mapped.returncode == 0, mapped.stdout + mapped.stderr
