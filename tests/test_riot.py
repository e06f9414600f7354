"""Apache Jena's riot --validate --strict (tests/jena.py): it catches broken RDF, passes every format we export,
and the end-of-session check (tests/conftest.py) fails a session that wrote an invalid RDF file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from jena import HANDWRITTEN, JenaUnavailable, exported_rdf, in_ci, jena_jars, riot

from kommunegraf.stores.rdf_export import FORMATS, export


@pytest.fixture(scope="session")
def jena() -> Path:
    """Jena's jars; in CI a missing Java or Maven fails the tests, elsewhere they are skipped with the reason."""
    try:
        return jena_jars()
    except JenaUnavailable as error:
        if in_ci():
            pytest.fail(f"riot is required in CI and could not be had: {error}")
        pytest.skip(f"no riot: {error}")


@pytest.fixture
def planted(tmp_path) -> Path:
    """A folder for broken RDF written on purpose, which the end-of-session check skips."""
    folder = tmp_path / HANDWRITTEN
    folder.mkdir()
    return folder


# -- riot catches what is broken, and names the file -------------------------------------------------------------


def test_an_unterminated_string_in_turtle_is_reported_with_the_file_and_its_line(jena, planted):
    bad = planted / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "no end\n', encoding="utf-8")
    problems = riot([bad], jena)
    assert problems[bad], "riot found nothing wrong"
    assert any("line: 2" in message or "line: 3" in message for message in problems[bad]), problems[bad]


def test_of_two_n_triples_files_only_the_one_with_a_space_in_an_iri_is_reported(jena, planted):
    good = planted / "good.nt"
    good.write_text('<http://example.org/a> <http://example.org/b> "x" .\n', encoding="utf-8")
    bad = planted / "bad.nt"
    bad.write_text('<http://example.org/a b> <http://example.org/b> "x" .\n', encoding="utf-8")
    problems = riot([good, bad], jena)
    assert problems[good] == []
    assert any("IRI" in message for message in problems[bad]), problems[bad]


def test_a_time_of_day_that_does_not_exist_is_reported_under_strict(jena, planted):
    # The literal the issue names: a header "kl. 25:75" once became "25:75:00"^^xsd:time.
    bad = planted / "time.nt"
    xsd_time = "<http://www.w3.org/2001/XMLSchema#time>"
    bad.write_text(f'<http://example.org/m> <http://example.org/start> "25:75:00"^^{xsd_time} .\n', encoding="utf-8")
    assert any("25:75:00" in message for message in riot([bad], jena)[bad])


def test_json_ld_that_is_not_json_is_reported(jena, planted):
    bad = planted / "broken.jsonld"
    bad.write_text('{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:b": "x"\n', encoding="utf-8")
    assert riot([bad], jena)[bad]


def test_json_ld_with_a_remote_context_is_an_error_not_a_download(jena, planted):
    remote = planted / "remote.jsonld"
    remote.write_text(
        json.dumps({"@context": "https://w3id.org/kommunegraf/context.jsonld", "@id": "https://example.org/a"}),
        encoding="utf-8",
    )
    messages = riot([remote], jena)[remote]
    assert any("w3id.org/kommunegraf/context.jsonld" in message for message in messages), messages


# -- every format we export passes ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory, seed_graph, jena) -> dict[str, list[str]]:
    """The seed graph exported in every format, validated in one riot call: format -> riot's messages."""
    folder = tmp_path_factory.mktemp("riot-export")
    paths = {fmt: folder / f"graph.{fmt}" for fmt in FORMATS}
    for fmt, path in paths.items():
        export(seed_graph, path, fmt)
    problems = riot(list(paths.values()), jena)
    return {fmt: problems[path] for fmt, path in paths.items()}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_seed_graph_exported_as_each_format_passes_riot_strict(exported, fmt):
    assert exported[fmt] == []


def test_the_json_ld_export_carries_its_context_inline_so_riot_needs_no_network(seed_graph, tmp_path):
    path = tmp_path / "graph.jsonld"
    export(seed_graph, path, "jsonld")
    assert isinstance(json.loads(path.read_text(encoding="utf-8"))["@context"], dict)


def test_every_file_of_the_cli_rdf_export_passes_riot_strict(jena, tmp_path):
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(ROOT / "examples" / "minutes"), "-o", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["export", str(out), "--format", "rdf"])
    assert result.exit_code == 0, result.output
    files = exported_rdf(out / "rdf")
    assert {path.name for path in files} >= {"catalog.ttl", *(f"graph.{fmt}" for fmt in FORMATS)}
    problems = riot(files, jena)
    assert {path.name: messages for path, messages in problems.items() if messages} == {}


# -- the end-of-session check ---------------------------------------------------------------------------------------


def test_the_session_check_looks_at_rdf_files_and_skips_handwritten_folders(tmp_path):
    for name in ("a/graph.ttl", "a/graph.json", "b/catalog.ttl", f"c/{HANDWRITTEN}/bad.nt", f"{HANDWRITTEN}0/x.trig"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert exported_rdf(tmp_path) == [tmp_path / "a/graph.ttl", tmp_path / "b/catalog.ttl"]


INNER_TEST = """
def test_writes_rdf(tmp_path):
    folder = tmp_path / {folder!r}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "graph.ttl").write_text('@prefix ex: <http://example.org/> .\\nex:a ex:b "no end\\n', encoding="utf-8")
"""


def _inner_session(where: Path, folder: str) -> subprocess.CompletedProcess:
    """A pytest session with this suite's conftest whose one test writes broken Turtle into ``folder``.

    Its temporary folders lie under a HANDWRITTEN folder, so the check of the
    session running this test does not see the broken file.
    """
    (where / "test_inner.py").write_text(INNER_TEST.format(folder=folder), encoding="utf-8")
    path = [str(ROOT / "tests"), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider"]
    command += [f"--basetemp={where / 'basetemp'}", "--rootdir", str(where), str(where / "test_inner.py")]
    return subprocess.run(command, cwd=where, env=environment, capture_output=True, text=True, check=False)


def test_a_session_that_wrote_invalid_rdf_fails_and_names_the_file(jena, planted):
    result = _inner_session(planted, "out")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "out/graph.ttl" in result.stdout and "line: " in result.stdout, result.stdout


def test_a_session_whose_invalid_rdf_is_in_a_handwritten_folder_passes(jena, planted):
    result = _inner_session(planted, HANDWRITTEN)
    assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
