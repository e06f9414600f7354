"""The development Neo4j's bookkeeping: a stale or corrupt state file never reaches another process, the password
is private from its first byte, and start and stop say what they do."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kommunegraf import devserver
from kommunegraf.cli import EXIT_USAGE, app

runner = CliRunner()


@pytest.fixture
def stranger():
    """A live process that is not Neo4j, in a process group of its own (as the server's would be)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    yield process
    process.kill()
    process.wait()


def record_state(home, pid: int) -> None:
    state = {"uri": "bolt://127.0.0.1:7999", "user": "neo4j", "password": "x", "pid": pid, "home": str(home),
             "version": devserver.NEO4J_VERSION}  # fmt: skip
    (home / devserver.STATE_FILE).write_text(json.dumps(state), encoding="utf-8")


def test_a_state_file_whose_pid_now_belongs_to_another_process_stops_nothing(tmp_path, stranger):
    record_state(tmp_path, stranger.pid)
    assert devserver.status(tmp_path) is None
    result = runner.invoke(app, ["dev-neo4j", "stop", "--home", str(tmp_path)])
    assert result.exit_code == 1 and "no development server was running" in result.output
    assert stranger.poll() is None  # still running: it was never signalled


@pytest.mark.parametrize("content", ["{not json", '{"pid": "12"}', "[]"])
def test_a_corrupt_state_file_is_one_line_naming_it(tmp_path, content):
    (tmp_path / devserver.STATE_FILE).write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["dev-neo4j", "stop", "--home", str(tmp_path)])
    assert result.exit_code == EXIT_USAGE
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {tmp_path.resolve() / devserver.STATE_FILE}: not a server state file")


def test_the_password_file_is_private_from_the_moment_it_exists(tmp_path):
    old = os.umask(0)  # a permissive umask: the mode must not come from it
    try:
        devserver._write_private(tmp_path / "password", "secret")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "password").stat().st_mode) == 0o600
    assert (tmp_path / "password").read_text(encoding="utf-8") == "secret"


def test_start_says_each_step_and_stop_says_it_stopped(tmp_path):
    if not os.environ.get("CI") and not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("the development Neo4j needs Java 17 and Maven")
    home = tmp_path / "neo4j"
    started = runner.invoke(app, ["dev-neo4j", "start", "--home", str(home)])
    try:
        assert started.exit_code == 0, started.output
        assert "starting Neo4j" in started.output and "setting a generated password" in started.output
        assert "export NEO4J_URI=bolt://127.0.0.1:" in started.output
    finally:
        stopped = runner.invoke(app, ["dev-neo4j", "stop", "--home", str(home)])
    assert stopped.exit_code == 0 and f"stopped the development Neo4j in {home.resolve()}" in stopped.output
    assert devserver.status(home) is None
