"""Every command has help text and is documented in the README."""

from __future__ import annotations

from conftest import ROOT
from typer.main import get_command
from typer.testing import CliRunner

from kommunegraf.cli import app

runner = CliRunner()


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


COMMANDS = [" ".join(path) for path in _commands(get_command(app))]


def test_every_command_has_help_with_an_example():
    for name in COMMANDS:
        result = runner.invoke(app, [*name.split(), "--help"])
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
