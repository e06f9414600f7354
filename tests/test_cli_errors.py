"""One mapping from errors to exit codes: every command is registered with it, each error class has its code, and a
mistake costs one line whatever command it is made in (README, "Exit codes")."""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from conftest import ROOT, seed
from typer.main import get_command
from typer.testing import CliRunner

from kommunegraf.cli import EXIT_FAILED, EXIT_FILES_FAILED, EXIT_OUTPUT, EXIT_USAGE, app
from kommunegraf.cli.errors import EXIT_CODES, NotDone, errors_to_exit_codes, exit_code, writing_to
from kommunegraf.devserver import STATE_FILE
from kommunegraf.errors import KommunegrafError, LoaderError, OutputError

runner = CliRunner()
CLI = ROOT / "kommunegraf" / "cli"


def registered(group, prefix=()):
    """(command path, callback) of every command of ``group`` and its subgroups, as registered."""
    for info in group.registered_commands:
        yield (*prefix, info.name), info.callback
    for sub in group.registered_groups:
        yield from registered(sub.typer_instance, (*prefix, sub.name))


def one_error_line(output: str) -> str:
    (line,) = output.strip().splitlines()
    assert line.startswith("error: ") and "Traceback" not in output
    return line


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A folder holding a build of one example document."""
    out = tmp_path_factory.mktemp("built")
    result = runner.invoke(app, ["build", str(seed("000")), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_every_command_is_registered_with_the_one_error_mapping():
    commands = dict(registered(app))

    def paths(group, prefix=()):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from paths(command, (*prefix, name))
            else:
                yield (*prefix, name)

    assert set(commands) == set(paths(get_command(app)))  # none is registered past the table
    assert [" ".join(path) for path, callback in commands.items() if not getattr(callback, "maps_errors", False)] == []


def test_every_class_the_mapping_names_is_a_kommunegraf_error():
    for name in EXIT_CODES:
        module, _, cls = name.rpartition(".")
        assert issubclass(getattr(importlib.import_module(module), cls), KommunegrafError), name


@pytest.mark.parametrize(
    ("module", "cls", "code"),
    [
        ("kommunegraf.errors", "OutputError", EXIT_OUTPUT),
        ("kommunegraf.stores.web.site", "SiteError", EXIT_OUTPUT),
        ("kommunegraf.errors", "LoaderError", EXIT_FILES_FAILED),
        ("kommunegraf.errors", "UnsupportedDocumentError", EXIT_FILES_FAILED),
        ("kommunegraf.stores.neo4j_store", "Neo4jLoadError", EXIT_FAILED),
        ("kommunegraf.stores.neo4j_session", "Neo4jQueryError", EXIT_FAILED),
        ("kommunegraf.cli.errors", "NotDone", EXIT_FAILED),
        ("kommunegraf.cli.errors", "UsageError", EXIT_USAGE),
        ("kommunegraf.stores.neo4j_config", "Neo4jConfigError", EXIT_USAGE),
        ("kommunegraf.devserver", "DevServerError", EXIT_USAGE),
        ("kommunegraf.stores.web.dataset", "DatasetError", EXIT_USAGE),
        ("kommunegraf.stores.neo4j_import", "Neo4jImportError", EXIT_USAGE),
        ("kommunegraf.errors", "KommunegrafError", EXIT_USAGE),
    ],
)
def test_each_error_class_has_the_code_the_readme_gives_it(module, cls, code):
    error_class = getattr(importlib.import_module(module), cls)
    error = error_class("x.txt", "bad") if issubclass(error_class, LoaderError) else error_class("bad")
    assert exit_code(error) == code


def test_an_error_becomes_one_line_and_its_code_and_a_bug_keeps_its_traceback(capsys):
    import typer

    with pytest.raises(typer.Exit) as stopped, errors_to_exit_codes():
        raise NotDone("nothing to do")
    assert stopped.value.exit_code == EXIT_FAILED
    assert capsys.readouterr().err == "error: nothing to do\n"
    with pytest.raises(ZeroDivisionError), errors_to_exit_codes():
        raise ZeroDivisionError


def test_an_os_error_while_writing_is_an_output_error_naming_the_file(tmp_path):
    written = r"^/x/graph\.ttl: cannot write output: No space left on device$"
    with pytest.raises(OutputError, match=written), writing_to(tmp_path):
        raise OSError(28, "No space left on device", "/x/graph.ttl")


def test_no_cli_module_exits_with_a_literal_number():
    literal = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            called = ast.unparse(node.func)
            if called in ("typer.Exit", "Exit", "SystemExit", "sys.exit", "os._exit"):
                literal.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert literal == []


def test_the_readme_lists_every_exit_code():
    import kommunegraf.cli.errors as errors

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("#### Exit codes") :]
    section = section[: section.index("\n### ")]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_") and isinstance(value, int)}
    assert codes <= documented


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "{missing}"],
        ["export", "{missing}"],
        ["export", "{missing}", "--format", "rdf"],
        ["export", "{missing}", "--format", "neo4j-import"],
        ["load", "{missing}"],
        ["serve", "{missing}"],
        ["publish", "{missing}", "--site", "{tmp}/site"],
        ["gaps", "{missing}/report.json"],
        ["text", "{missing}/referat.pdf"],
        ["build", "{missing}", "--out", "{tmp}/out"],
        ["dev-neo4j", "import", "{missing}", "--yes", "--home", "{tmp}/home"],
    ],
)
def test_a_path_that_names_nothing_is_one_line_and_a_usage_error_in_every_command(tmp_path, command):
    values = {"missing": str(tmp_path / "nothing-here"), "tmp": str(tmp_path)}
    result = runner.invoke(app, [part.format(**values) for part in command])
    assert result.exit_code == EXIT_USAGE, result.output
    assert str(tmp_path / "nothing-here") in one_error_line(result.output)


@pytest.mark.parametrize(
    "command",
    [
        ["build", str(seed("000")), "--out", "{file}"],
        ["synth", "--meetings", "1", "--out", "{file}", "-q"],
        ["export", "{built}", "--format", "ttl", "--out", "{built}"],
        ["export", "{built}", "--format", "graphml", "--out", "{built}"],
        ["export", "{built}", "--format", "rdf", "--out", "{file}"],
        ["export", "{built}", "--format", "neo4j-import", "--out", "{file}"],
        ["publish", "{built}", "--site", "{file}", "-q"],
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_and_exit_code_3_in_every_command(built, tmp_path, command):
    file = tmp_path / "a-file"
    file.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, [part.format(built=built, file=file) for part in command])
    assert result.exit_code == EXIT_OUTPUT, result.output
    one_error_line(result.output)
    assert file.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("command", ["start", "env", "stop"])
def test_a_development_server_record_that_is_no_record_is_one_line_and_a_usage_error(tmp_path, command):
    (tmp_path / STATE_FILE).write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["dev-neo4j", command, "--home", str(tmp_path)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert str(tmp_path / STATE_FILE) in one_error_line(result.output)


@pytest.mark.parametrize("command", ["env", "stop"])
def test_no_development_server_to_act_on_is_one_line_and_exit_code_1(tmp_path, command):
    result = runner.invoke(app, ["dev-neo4j", command, "--home", str(tmp_path)])
    assert result.exit_code == EXIT_FAILED
    assert "no development server" in one_error_line(result.output)


@pytest.mark.parametrize("command", [["query", "RETURN 1"], ["load", "{built}"], ["build", "{seed}", "--neo4j"]])
def test_neo4j_settings_that_reach_no_server_are_one_line_and_a_usage_error(built, tmp_path, monkeypatch, command):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    values = {"built": str(built), "seed": str(seed("000"))}
    arguments = [part.format(**values) for part in command]
    if arguments[0] == "build":
        arguments += ["--out", str(tmp_path / "out"), "-q"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "NEO4J_PASSWORD is not set" in one_error_line(result.output)


def test_a_document_text_cannot_read_is_one_line_and_exit_code_1(tmp_path):
    empty = tmp_path / "referat.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["text", str(empty)])
    assert result.exit_code == EXIT_FILES_FAILED
    assert str(empty) in one_error_line(result.output)
