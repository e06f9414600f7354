"""The README's commands do what it says: every command block that needs no server runs, as printed, in a
folder laid out like the checkout (examples/ and tests/ beside it), in the README's order (a block may use
what an earlier one wrote). A line that starts a web server to look at the result is left out of its block."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
# blocks that need a server, a network or a new environment: installing (the CI runs those two commands itself),
# Neo4j, Docker, serving (tests/test_serve.py runs `serve`), curl to a server
NEEDS_MORE = re.compile(r"pip install|NEO4J_|dev-neo4j|--neo4j\b|docker|kommunegraf (?:load|query|serve)|curl|pytest")
SERVER_LINE = re.compile(r"-m http\.server")
SHELL = re.compile(r"^(?:kommunegraf|python3?) ")


def blocks() -> list[tuple[int, str, str]]:
    """(line, kind, text) of each command block: an indented block after a paragraph, or a fenced one."""
    lines = README.read_text(encoding="utf-8").splitlines()
    found: list[tuple[int, str, str]] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        if line.startswith("```"):
            kind, end = line[3:].strip(), lines.index("```", number + 1)
            found.append((number + 1, kind, "\n".join(lines[number + 1 : end])))
            number = end + 1
            continue
        if line.startswith("    ") and number and not lines[number - 1].strip() and _after_paragraph(lines, number):
            end = number
            while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
                end += 1
            found.append((number + 1, "indented", "\n".join(text[4:] for text in lines[number:end]).strip()))
            number = end
            continue
        number += 1
    return found


def _after_paragraph(lines: list[str], number: int) -> bool:
    """An indented block, not a list item's continuation: the text before the blank line is not a list item."""
    before = number - 2
    while before >= 0 and lines[before].strip() and lines[before].startswith(" "):
        before -= 1
    return before < 0 or not lines[before].lstrip().startswith(("-", "*"))


def runnable() -> list[tuple[int, str, str]]:
    chosen = []
    for line, kind, text in blocks():
        if kind != "python":
            text = "\n".join(c for c in text.splitlines() if not SERVER_LINE.search(c))
        commands = [c for c in text.splitlines() if c.strip() and not c.lstrip().startswith("#")]
        shell = kind in ("indented", "bash") and commands and all(SHELL.match(c) for c in commands)
        if (kind == "python" or shell) and not NEEDS_MORE.search(text):
            chosen.append((line, kind, text))
    return chosen


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder like the checkout, where the README's relative paths (examples/, tests/fixtures/) resolve."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("examples", "tests"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "corpus").symlink_to(ROOT / "examples" / "minutes")  # the README's stand-in for a user's corpus
    return folder


def test_the_readme_has_command_blocks_that_need_no_server():
    chosen = {text.split()[0] + " " + text.split()[1] for _, _, text in runnable() if len(text.split()) > 1}
    assert {"kommunegraf build", "kommunegraf synth", "kommunegraf export", "kommunegraf publish"} <= chosen


@pytest.mark.parametrize(("line", "kind", "text"), runnable(), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_a_readme_command_block_runs_as_printed(workdir, line, kind, text):
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-c", text] if kind == "python" else ["bash", "-euo", "pipefail", "-c", text]
    done = subprocess.run(command, cwd=workdir, env=environment, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"README line {line}:\n{text}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
