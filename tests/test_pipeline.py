"""Building many files: worker processes, incremental builds, and builds that are stopped half-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from conftest import EXAMPLES, STAMP

from kommunegraf import file_reading
from kommunegraf.file_reading import PackedRecord
from kommunegraf.loaders import Overrides
from kommunegraf.pipeline import build, merge_packed
from kommunegraf.readahead import ReadAhead
from kommunegraf.record_cache import RecordCache
from kommunegraf.records import MinutesRecord, plain
from kommunegraf.stores.nodelink import to_node_link
from kommunegraf.synth import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, meetings_count=80, seed=3)
    return out / "minutes"


def test_worker_processes_build_the_same_graph_as_one_process(corpus):
    one = build([corpus], loaded_at=STAMP, jobs=1)
    two = build([corpus], loaded_at=STAMP, jobs=2)
    assert to_node_link(two.graph) == to_node_link(one.graph)
    assert [vars(f) for f in two.files] == [vars(f) for f in one.files]


def test_an_incremental_build_reads_only_files_it_has_not_seen(corpus, tmp_path, monkeypatch):
    cache = RecordCache(tmp_path / "cache", None, Overrides())
    first = build([corpus], loaded_at=STAMP, cache=cache)
    read: list[str] = []
    original = file_reading.load_file
    monkeypatch.setattr(file_reading, "load_file", lambda path, *a: read.append(path) or original(path, *a))
    new = tmp_path / "new.txt"
    new.write_bytes(next(iter(sorted(corpus.iterdir()))).read_bytes().replace(b"Meddelelser", b"Orientering"))
    second = build([corpus, new], loaded_at=STAMP, cache=cache)
    assert read == [str(new)]
    assert len(second.files) == len(first.files) + 1


def test_an_incremental_build_gives_the_graph_a_full_build_gives(corpus, tmp_path):
    cache = RecordCache(tmp_path / "cache", None, Overrides())
    build([corpus], loaded_at=STAMP, cache=cache)
    again = build([corpus], loaded_at=STAMP, cache=cache)
    assert to_node_link(again.graph) == to_node_link(build([corpus], loaded_at=STAMP).graph)


def test_a_changed_file_is_read_again(corpus, tmp_path):
    copy = tmp_path / "minutes"
    copy.mkdir()
    for path in sorted(corpus.iterdir())[:3]:
        (copy / path.name).write_bytes(path.read_bytes())
    cache = RecordCache(tmp_path / "cache", None, Overrides())
    build([copy], loaded_at=STAMP, cache=cache)
    changed = sorted(copy.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Meddelelser", "Orientering"), encoding="utf-8")
    graph = build([copy], loaded_at=STAMP, cache=cache).graph
    titles = {n.properties.get("title") for n in graph.of_label("AgendaItem")}
    assert "Orientering" in titles


def test_a_corrupt_cache_entry_is_read_again_not_trusted(corpus, tmp_path):
    cache = RecordCache(tmp_path / "cache", None, Overrides())
    build([corpus], loaded_at=STAMP, cache=cache)
    for entry in sorted(cache.folder.rglob("*.json"))[:5]:
        entry.write_text('{"kind": "minutes", "source": ')  # cut short, as by a crash
    rebuilt = build([corpus], loaded_at=STAMP, cache=cache)
    assert to_node_link(rebuilt.graph) == to_node_link(build([corpus], loaded_at=STAMP).graph)


def test_a_build_killed_half_way_and_run_again_gives_the_identical_graph_file(tmp_path):
    write_corpus(tmp_path / "big", meetings_count=400, seed=5)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "kommunegraf", "build", str(tmp_path / "big" / "minutes"), "-q", "-j", "1"]
    subprocess.run([*command, "--out", str(tmp_path / "clean")], env=env, check=True)  # raises unless it succeeds
    out = tmp_path / "resumed"
    process = subprocess.Popen([*command, "--out", str(out), "--incremental"], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < 40:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    cached = len(list((out / "cache").rglob("*.json")))
    assert 0 < cached < 400, "the build was not stopped half-way"
    assert not (out / "graph.json").exists()
    subprocess.run([*command, "--out", str(out), "--incremental"], env=env, check=True)
    assert (out / "graph.json").read_bytes() == (tmp_path / "clean" / "graph.json").read_bytes()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["loaded"] == 400


def test_minutes_wait_for_the_merge_compressed_to_a_fraction_of_their_json(seed_records):
    for record in (r for r in seed_records if isinstance(r, MinutesRecord)):
        packed = PackedRecord.of(record)
        assert len(packed.compressed) * 3 < len(orjson.dumps(plain(record)))
        assert packed.decoded() == plain(record)


def test_the_merge_gives_up_each_record_once_it_is_in_the_graph(seed_records, seed_graph):
    packed = [PackedRecord.of(record) for record in reversed(seed_records)]
    graph = merge_packed(packed, STAMP)
    assert packed == []
    assert to_node_link(graph) == to_node_link(seed_graph)


def _eventually(condition) -> bool:
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_read_ahead_stays_a_window_ahead_of_the_files_parsed_and_skips_missing_ones(tmp_path, monkeypatch):
    paths = [str(tmp_path / f"{n}.txt") for n in range(5)]
    for path in paths[1:]:
        Path(path).write_text("Punkt 1: Meddelelser\n")  # paths[0] is missing: the parse reports it, not this
    advised: list[int] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: advised.append(advice))
    with ReadAhead(paths, window=3) as ahead:
        assert _eventually(lambda: len(advised) == 2)  # three asked for, the missing one skipped
        time.sleep(0.1)
        assert len(advised) == 2
        ahead.done()
        assert _eventually(lambda: len(advised) == 3)
    assert set(advised) == {os.POSIX_FADV_WILLNEED}


def test_a_document_given_twice_is_merged_once_from_the_last_file_and_the_first_names_it(tmp_path):
    original = next(p for p in EXAMPLES.iterdir() if p.name.startswith("000_"))
    copy = tmp_path / "copy" / original.name
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    once, twice = build([str(original)], loaded_at=STAMP), build([str(original), str(copy)], loaded_at=STAMP)
    first, second = twice.files
    assert (first.status, second.status) == ("ok", "ok") and second.same_document_as is None
    assert first.same_document_as == second.path
    assert twice.graph.counts() == once.graph.counts()
    sources = twice.graph.of_label("Source")
    assert [node.properties["path"] for node in sources] == [second.path]


def test_the_cli_notes_a_file_that_holds_the_same_document_as_an_earlier_one(tmp_path):
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    original = next(p for p in EXAMPLES.iterdir() if p.name.startswith("000_"))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(original.read_bytes())
    result = CliRunner().invoke(app, ["build", str(original), str(copy), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    files = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["files"]
    first, second = (entry["path"] for entry in files)  # the build's order of files
    assert {Path(first).resolve(), Path(second).resolve()} == {original.resolve(), copy.resolve()}
    notes = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert notes == [f"note: {first}: the same document as {second}; the graph holds its facts once"]
