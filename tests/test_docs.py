"""Every command has help text and is documented in the README."""

from __future__ import annotations

from conftest import ROOT
from typer.main import get_command
from typer.testing import CliRunner

from kommunegraf.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


def test_every_command_has_help():
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output, name


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"kommunegraf {name}" in readme, name


def test_readme_lists_every_layout():
    from kommunegraf.loaders import LAYOUTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in LAYOUTS:
        assert f"`{name}`" in readme, name
