"""The command line: build and stats on the example minutes, bad files among good ones, atomic outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.nodelink import read_node_link

runner = CliRunner()


def test_build_writes_graph_and_report(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    graph = read_node_link(tmp_path / "out" / "graph.json")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["loaded"] == 5
    assert {f["format"] for f in report["files"]} == {
        "minutes",
        "minutes-markdown",
        "minutes-pdf-text",
        "document",
    }
    assert len(list(graph.of_label("Source"))) == 5


def test_a_failing_file_is_reported_and_the_others_still_load(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    (docs / "broken.txt").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "broken.txt: binary file" in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == report["summary"] | {"files": 6, "loaded": 5, "failed": 1}
    (failed,) = [f for f in report["files"] if f["status"] == "failed"]
    assert failed["path"].endswith("broken.txt") and failed["errors"]


def test_globs_select_files(tmp_path):
    result = runner.invoke(app, ["build", f"{EXAMPLES}/00[01]_*.txt", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["files"] == 2


def test_committee_and_date_options_complete_a_document_that_lacks_them(tmp_path):
    path = tmp_path / "punkt.txt"
    path.write_text("Punkt 1 Meddelelser\n\nBeslutning\n\nTaget til efterretning\n\nJobcenter Ballerup\n")
    result = runner.invoke(
        app,
        [
            "build",
            str(path),
            "--out",
            str(tmp_path / "out"),
            "--committee",
            "Kommunalbestyrelsen",
            "--date",
            "2016-10-10",
        ],
    )
    assert result.exit_code == 0, result.output
    graph = read_node_link(tmp_path / "out" / "graph.json")
    assert [n.properties["date"] for n in graph.of_label("Meeting")] == ["2016-10-10"]


def test_bad_date_option_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "--date", "8. november"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_stats_prints_counts_per_label_and_type(tmp_path):
    assert runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "-q"]).exit_code == 0
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 0
    assert "AgendaItem" in result.output and "PREVIOUSLY_TREATED_AS" in result.output


def test_stats_on_a_folder_without_a_graph_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2
    assert "run 'kommunegraf build" in result.output


def test_an_interrupted_write_leaves_the_previous_file_whole(tmp_path):
    target = tmp_path / "graph.json"
    target.write_text('{"complete": true}')
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as handle:
        handle.write('{"half": ')
        raise KeyboardInterrupt
    assert json.loads(target.read_text()) == {"complete": True}
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_graph_json_is_the_same_bytes_whatever_order_the_files_are_given_in(tmp_path, monkeypatch, seed_paths):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    assert runner.invoke(app, ["build", *map(str, seed_paths), "-o", str(forward), "-q"]).exit_code == 0
    assert runner.invoke(app, ["build", *map(str, reversed(seed_paths)), "-o", str(backward), "-q"]).exit_code == 0
    assert (forward / "graph.json").read_bytes() == (backward / "graph.json").read_bytes()
    sources = [n for n in json.loads((forward / "graph.json").read_bytes())["nodes"] if n["label"] == "Source"]
    assert {n["loaded_at"] for n in sources} == {"2026-01-01T00:00:00Z"}


def test_the_command_and_the_graph_and_rdf_writers_start_without_neo4j_pandas_pyoxigraph_or_wordfreq():
    imports = "import sys, kommunegraf.cli, kommunegraf.stores.nodelink, kommunegraf.stores.rdf_export"
    unwanted = "{'neo4j', 'pandas', 'pyoxigraph', 'wordfreq'}"
    loaded = subprocess.run(
        [sys.executable, "-c", f"{imports}; print(sorted({unwanted} & set(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert loaded.strip() == "[]"  # 100 MB that building a graph and writing its files do not need


def test_printing_a_pdfs_text_loads_neither_the_reader_nor_the_graph_nor_lxml(seed_pdfs):
    # `kommunegraf text FILE.pdf` is the PDF path alone: it starts in a tenth of a second, not a third
    run = "from kommunegraf.cli import app; app(prog_name='kommunegraf')"
    unwanted = "{'kommunegraf.records', 'kommunegraf.loaders.reader', 'kommunegraf.pipeline', 'lxml.etree'}"
    script = (
        f"import sys, atexit; atexit.register(lambda: print(sorted({unwanted} & set(sys.modules)), file=sys.stderr)); "
        f"sys.argv = ['kommunegraf', 'text', {str(seed_pdfs[0])!r}]; {run}"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_cli_names_the_graph_file_and_the_rdf_formats_as_the_library_does():
    from kommunegraf import cli
    from kommunegraf.pipeline import GRAPH_FILE
    from kommunegraf.stores.rdf_export import FORMATS

    assert (cli.GRAPH_FILE, cli.RDF_FORMATS) == (GRAPH_FILE, FORMATS)


def test_gaps_ranks_what_was_not_understood_by_the_number_of_files_that_print_it(tmp_path):
    # both Aarhus pages print "Sagens forløb" entries ("14-08-2019 Aarhus Byråd") without an item number
    from conftest import FIXTURES

    pages = FIXTURES / "realworld" / "pages"
    reports = []
    for name in ("aarhus-br-2019-08-14", "aarhus-br-2019-09-11"):
        out = tmp_path / name
        built = runner.invoke(app, ["build", str(pages / f"{name}.txt"), "--out", str(out), "-q"])
        assert built.exit_code == 0, built.output
        reports.append(str(out / "report.json"))
    result = runner.invoke(app, ["gaps", *reports, "--code", "unnumbered-previous", "--json"])
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    assert {g["code"] for g in ranked} == {"unnumbered-previous"}
    assert ranked[0]["files"] == 2 and ranked[0]["text"].endswith("Aarhus Byråd")
    assert [g["files"] for g in ranked] == sorted((g["files"] for g in ranked), reverse=True)


def test_gaps_piped_prints_one_tab_separated_line_a_gap(tmp_path):
    from conftest import FIXTURES

    out = tmp_path / "out"
    page = FIXTURES / "realworld" / "pages" / "aarhus-br-2019-08-14.txt"
    assert runner.invoke(app, ["build", str(page), "--out", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["gaps", str(out / "report.json")])
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["files", "count", "code", "text", "first seen"]
    assert "\tunnumbered-previous\t14-08-2019 Aarhus Byråd\t" in "\n".join(lines[1:])


def test_gaps_on_a_file_that_is_not_a_report_names_it(tmp_path):
    bogus = tmp_path / "graph.json"
    bogus.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["gaps", str(bogus)])
    assert result.exit_code == 2
    assert str(bogus) in result.output
