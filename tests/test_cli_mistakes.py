"""A user's ordinary mistakes cost one line and no data: typos in paths, outputs that cannot be written, a corpus
written over another, warnings that must still be seen."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from kommunegraf.cli import EXIT_FILES_FAILED, EXIT_OUTPUT, EXIT_USAGE, app

runner = CliRunner()


@pytest.fixture
def built(tmp_path):
    """An output folder holding a good build of the examples."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def contents(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("given", ["exmaples/minutes", "minutes/2099-*.pdf"])
def test_an_input_path_that_names_nothing_is_an_error_before_any_work_and_the_output_is_kept(built, tmp_path, given):
    before = contents(built)
    result = runner.invoke(app, ["build", str(tmp_path / given), "--out", str(built), "-q"])
    assert result.exit_code == EXIT_USAGE
    assert error_lines(result.output) == [
        f"error: {tmp_path / given}: no such file or folder, and no file matches it; nothing was read"
    ]
    assert contents(built) == before


def test_when_no_input_file_loads_nothing_is_written_and_the_exit_code_says_files_failed(built, tmp_path):
    before = contents(built)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "noise.txt").write_text("nothing a reader could use\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad), "--out", str(built), "-q"])
    assert result.exit_code == EXIT_FILES_FAILED
    assert f"error: no input file could be read; nothing was written to {built}" in result.output
    assert contents(built) == before


@pytest.mark.parametrize(
    ("out", "complaint"),
    [("README.md", "it is a file, not a folder"), ("README.md/sub", "is a file, not a folder")],
)
def test_an_output_folder_that_is_a_file_is_one_line_and_a_distinct_exit_code(tmp_path, out, complaint):
    (tmp_path / "README.md").write_text("# not a folder\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / out), "-q"])
    assert result.exit_code == EXIT_OUTPUT
    (line,) = error_lines(result.output)
    assert complaint in line and "Traceback" not in result.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# not a folder\n"


def test_an_output_folder_the_system_refuses_is_one_line_and_a_distinct_exit_code():
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", "/sys/kommunegraf-out", "-q"])
    assert result.exit_code == EXIT_OUTPUT
    (line,) = error_lines(result.output)
    assert line.startswith("error: /sys/kommunegraf-out: cannot write output here: ")


def test_a_missing_output_folder_is_not_created_when_nothing_is_written(tmp_path):
    (tmp_path / "noise.txt").write_text("nothing a reader could use\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "noise.txt"), "--out", str(tmp_path / "new" / "out")])
    assert result.exit_code == EXIT_FILES_FAILED
    assert not (tmp_path / "new").exists()


def test_a_folder_of_files_no_reader_takes_names_them(tmp_path):
    (tmp_path / "referat.odt").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_USAGE
    assert "no documents found" in result.output and "referat.odt" in result.output


def test_synth_refuses_a_folder_that_holds_a_corpus_and_force_replaces_it(tmp_path):
    first = runner.invoke(app, ["synth", "--meetings", "3", "--seed", "1", "--out", str(tmp_path), "-q"])
    assert first.exit_code == 0, first.output
    old = sorted(p.name for p in (tmp_path / "minutes").iterdir())
    again = runner.invoke(app, ["synth", "--meetings", "2", "--seed", "2", "--out", str(tmp_path), "-q"])
    assert again.exit_code == EXIT_OUTPUT and "pass --force" in again.output
    assert sorted(p.name for p in (tmp_path / "minutes").iterdir()) == old
    forced = runner.invoke(app, ["synth", "--meetings", "2", "--seed", "2", "--out", str(tmp_path), "-q", "--force"])
    assert forced.exit_code == 0, forced.output
    new = sorted(p.name for p in (tmp_path / "minutes").iterdir())
    assert len(new) == 2 and not set(new) & set(old)
    assert len(list((tmp_path / "gold").iterdir())) == 2


def test_quiet_drops_the_summary_but_not_the_warnings(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0
    assert "warning: " in result.output and "files loaded" not in result.output


def test_the_summary_counts_partial_files(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path)])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    partial = sum(1 for f in report["files"] if f["status"] == "partial")
    assert partial >= 1  # the OCR-damaged plan's title is repaired, which the report notes
    assert f"5 of 5 files loaded ({partial} partial, 0 failed)" in result.output


def test_repeated_warnings_of_one_kind_are_counted_after_the_first_few(tmp_path):
    plan = next(p for p in EXAMPLES.iterdir() if p.name.startswith("002_"))  # the OCR-damaged plan
    for copy in range(6):  # six copies of one plan, each with the same repaired title
        shutil.copy(plan, tmp_path / f"plan-{copy}.txt")
        (tmp_path / f"plan-{copy}.txt").write_text(plan.read_text(encoding="utf-8") + f"\n{copy}\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len([w for w in warnings if "title repaired" in w]) == 3
    assert "warning: 3 more warnings of the kind 'ocr-repair' in 3 files (report.json lists them)" in warnings


def test_text_origins_of_a_text_file_are_its_own_line_numbers():
    plain = next(p for p in EXAMPLES.iterdir() if p.name.startswith("000_"))
    result = runner.invoke(app, ["text", str(plain), "--origins"])
    assert result.exit_code == 0
    lines = plain.read_text(encoding="utf-8").splitlines()
    printed = result.output.splitlines()
    assert printed[2] == f"{3:>12}  {lines[2]}" and lines[2].startswith("REFERAT")


def test_a_file_name_with_a_line_break_and_an_escape_sequence_is_printed_escaped_on_one_line(tmp_path):
    odd = tmp_path / "referat\n\x1b[31mrødt.txt"
    odd.write_text("nothing a reader could use\n", encoding="utf-8")
    shutil.copy(next(p for p in EXAMPLES.iterdir() if p.name.startswith("000_")), tmp_path / "good.txt")
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == EXIT_FILES_FAILED
    (line,) = [line for line in result.output.splitlines() if "referat" in line]
    assert line.startswith(f"error: {tmp_path}/referat\\n\\x1b[31mrødt.txt: ") and "\x1b" not in result.output


@pytest.mark.parametrize(
    ("format", "out", "complaint"),
    [
        ("ttl", "/sys/kommunegraf.ttl", "/sys/kommunegraf.ttl: cannot write output here: "),
        ("graphml", ".", "it is a folder, not a file"),
        ("rdf", "README.md", "it is a file, not a folder"),
        ("neo4j-import", "README.md", "it is a file, not a folder"),
    ],
)
def test_export_to_a_place_it_cannot_write_is_one_line_and_exit_code_3_before_any_work(built, tmp_path, format, out,
                                                                                       complaint):  # fmt: skip
    (tmp_path / "README.md").write_text("# mine\n", encoding="utf-8")
    target = out if out.startswith("/") else str(tmp_path / out)
    result = runner.invoke(app, ["export", str(built), "--format", format, "--out", target])
    assert result.exit_code == EXIT_OUTPUT
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and complaint in line
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# mine\n"


def test_synth_into_a_place_it_cannot_write_is_one_line_and_exit_code_3(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    for out in (str(tmp_path / "taken"), "/sys/kommunegraf-synth"):
        result = runner.invoke(app, ["synth", "--meetings", "2", "--out", out, "-q"])
        assert result.exit_code == EXIT_OUTPUT, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"error: {out}: cannot write output here: ")


# -- one word, one meaning: --format names an output format (export); build has --layout, query --csv/--json


def test_build_reads_every_document_in_the_layout_given_with_layout(tmp_path):
    out = tmp_path / "out"
    plan = next(p for p in EXAMPLES.iterdir() if p.name.startswith("002_"))
    result = runner.invoke(app, ["build", str(plan), "--layout", "document", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads((out / "report.json").read_text(encoding="utf-8"))["files"]
    assert report["format"] == "document"  # the layout a file was read in (report.json calls it format)


def test_builds_old_format_option_still_forces_the_layout_and_says_it_is_now_layout(tmp_path):
    out = tmp_path / "out"
    plan = next(p for p in EXAMPLES.iterdir() if p.name.startswith("002_"))
    result = runner.invoke(app, ["build", str(plan), "--format", "document", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "warning: --format of 'build' is now --layout" in result.output
    (report,) = json.loads((out / "report.json").read_text(encoding="utf-8"))["files"]
    assert report["format"] == "document"  # the layout a file was read in (report.json calls it format)


def test_an_unknown_layout_is_a_usage_error_naming_the_layouts(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--layout", "referat-pdf", "--out", str(tmp_path / "o")])
    assert result.exit_code == EXIT_USAGE
    assert "unknown layout 'referat-pdf'" in result.output and "minutes-markdown" in result.output


def test_query_asked_for_csv_and_json_at_once_is_a_usage_error_before_any_server_is_asked(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there: a connection would fail
    result = runner.invoke(app, ["query", "RETURN 1", "--csv", "--json"])
    assert result.exit_code == EXIT_USAGE
    assert "--csv and --json: choose one" in result.output
