"""The extraction score on the five seeds, measured by the project's scorer against hand-made gold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, FIXTURES, ROOT
from typer.testing import CliRunner

from kommunegraf.cli import app

SHARED = ROOT.parent / "shared" / "eval"


def scorer_and_gold() -> tuple[Path, list[Path]]:
    """../shared/eval where it is beside the project, else the copies kept in the fixtures."""
    if (SHARED / "score.py").is_file():
        return SHARED / "score.py", sorted((SHARED / "gold").glob("*.json"))
    return FIXTURES / "score.py", sorted((FIXTURES / "gold").glob("*.json"))


def test_seeds_score_at_least_095_f1_in_every_category(tmp_path):
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    scorer, gold = scorer_and_gold()
    assert len(gold) == 5
    scored = subprocess.run(
        [
            sys.executable,
            str(scorer),
            "--graph",
            str(tmp_path / "graph.json"),
            *map(str, gold),
            "--min-f1",
            "0.95",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert "overall:" in scored.stdout


def test_fixture_gold_is_the_shared_gold():
    if not (SHARED / "gold").is_dir():
        return
    for path in sorted((SHARED / "gold").glob("*.json")):
        assert (FIXTURES / "gold" / path.name).read_bytes() == path.read_bytes(), path.name
