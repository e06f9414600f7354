"""The synthetic corpus: deterministic, in the three seed layouts, and read back as its gold says."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import scorer_and_gold
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.loaders.registry import detect_layout, read_document
from kommunegraf.synth import write_corpus

MEETINGS = 150


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    write_corpus(out, meetings_count=MEETINGS, seed=11)
    return out


def test_the_same_seed_writes_the_same_corpus(corpus, tmp_path):
    write_corpus(tmp_path, meetings_count=MEETINGS, seed=11)
    for path in sorted((corpus / "minutes").iterdir()):
        assert (tmp_path / "minutes" / path.name).read_bytes() == path.read_bytes(), path.name


def test_another_seed_writes_another_corpus(corpus, tmp_path):
    write_corpus(tmp_path, meetings_count=20, seed=12)
    assert {p.name for p in (tmp_path / "minutes").iterdir()} != {p.name for p in (corpus / "minutes").iterdir()}


def test_every_meeting_has_a_gold_file_naming_it(corpus):
    minutes = sorted((corpus / "minutes").iterdir())
    assert len(minutes) == MEETINGS
    for path in minutes:
        gold = json.loads((corpus / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert gold["source"] == path.name


def test_all_three_layouts_are_written_and_detected_as_such(corpus):
    detected = Counter()
    for path in sorted((corpus / "minutes").iterdir()):
        detected[detect_layout(read_document(path)).name] += 1
    assert set(detected) == {"minutes", "minutes-pdf-text", "minutes-markdown"}


def test_no_two_meetings_share_a_committee_and_a_date(corpus):
    keys = Counter()
    for path in (corpus / "gold").iterdir():
        meeting = json.loads(path.read_text(encoding="utf-8"))["meeting"]
        keys[(meeting["committee"], meeting["date"])] += 1
    assert max(keys.values()) == 1


def test_the_benchmark_corpus_is_read_whole_so_scale_figures_measure_whole_reads(corpus, tmp_path):
    """Not a measure of the reader (the generator prints the layouts the reader was written for): the
    benchmarks time builds of this corpus, and their figures mean something only if every fact is read."""
    import subprocess
    import sys

    result = CliRunner().invoke(app, ["build", str(corpus / "minutes"), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    scorer, _ = scorer_and_gold()
    gold = sorted(str(p) for p in (corpus / "gold").iterdir())
    command = [sys.executable, str(scorer), "--graph", str(tmp_path / "graph.json"), *gold, "--min-f1", "0.99"]
    scored = subprocess.run(command, capture_output=True, text=True, check=False)
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_references_between_generated_meetings_join_up(corpus, tmp_path):
    from kommunegraf.pipeline import build

    graph = build([corpus / "minutes"]).graph
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in (corpus / "gold").iterdir()]
    printed = {(g["meeting"]["committee"], g["meeting"]["date"], item["number"]) for g in golds for item in g["items"]}
    expected = sum(1 for g in golds for item in g["items"] for p in item["previous"]
                   if (p["committee"], p["date"], p["number"]) in printed)  # fmt: skip
    treated = [r for r in graph.relationships.values() if r.type == "PREVIOUSLY_TREATED_AS"]
    joined = [r for r in treated if graph.nodes[r.end].properties.get("title")]  # to an item the corpus prints
    assert expected and len(joined) == expected
