"""One bad file costs one file, whatever is wrong with it: benchmarks/fuzz_loaders.py's fuzz run, small.

Every class of damaged and hostile file (see ``fuzz_loaders.CLASSES``) goes
through a real ``kommunegraf build`` among good files; the run itself is the
script's (10,000 cases there, two per class here). The checks that judge a
build are specified first, on builds made up for them, so that a clean run
means what it says.
"""

from __future__ import annotations

import re
import sys
import zlib

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import fuzz_loaders as fuzz  # benchmarks/ is not a package
import mutations

CASES = 2 * len(fuzz.CLASSES)


def made_up_run(files: list[dict], stderr: str = "", code: int | None = 1) -> fuzz.BuildRun:
    """A build's outcome as the CLI would leave it: report.json's files, stderr, the exit code."""
    return fuzz.BuildRun(code, "", stderr, {"files": files}, None, {}, 0, 1.0)


def entry(name: str, status: str, errors: list[str] | None = None, counts: dict | None = None) -> dict:
    return {"path": f"in/{name}", "status": status, "errors": errors or [], "counts": counts or {}, "findings": []}


def test_a_good_file_that_fails_is_a_defect():
    run = made_up_run([entry("g000-ex000.txt", "failed", ["in/g000-ex000.txt: binary file"])],
                      stderr="error: in/g000-ex000.txt: binary file\n")  # fmt: skip
    check = fuzz.check_build(run, {"g000": fuzz.Expected("good", "loads")}, {})
    assert check.failure is None
    assert check.outcomes["g000"].defects == ["a good document failed: in/g000-ex000.txt: binary file"]


def test_a_failed_file_without_its_error_line_on_stderr_is_a_defect():
    run = made_up_run([entry("c00001-x.txt", "failed", ["in/c00001-x.txt: binary file"])], stderr="")
    check = fuzz.check_build(run, {"c00001": fuzz.Expected("text-random")}, {})
    assert check.outcomes["c00001"].defects == ["0 error lines on stderr (one expected)"]


def test_a_file_stopped_at_its_time_limit_is_over_its_limits():
    error = "in/c00001-x.txt: reading took longer than 10 s (the time limit)"
    run = made_up_run([entry("c00001-x.txt", "failed", [error])], stderr=f"error: {error}\n")
    outcome = fuzz.check_build(run, {"c00001": fuzz.Expected("text-blank-lines")}, {}).outcomes["c00001"]
    assert outcome.outcome == "limit" and outcome.defects == [f"over its limits (time limit): {error}"]


def test_a_traceback_or_a_missing_input_is_a_whole_build_failure():
    expected = {"c00001": fuzz.Expected("pdf-random"), "c00002": fuzz.Expected("pdf-random")}
    files = [entry("c00001-x.pdf", "ok"), entry("c00002-y.pdf", "ok")]
    traceback = made_up_run(files, stderr="Traceback (most recent call last):\n  ...\nIndexError: x\n", code=1)
    assert fuzz.check_build(traceback, expected, {}).failure == "a traceback: IndexError: x"
    assert "report.json lists 1 inputs for 2" in fuzz.check_build(made_up_run(files[:1], code=0), expected, {}).failure


def test_a_disguised_good_document_read_to_other_counts_than_its_seed_is_a_defect():
    baseline = {"ex000": fuzz.Baseline({"items": 6, "participants": 15}, frozenset())}
    run = made_up_run([entry("c00001-x.txt", "partial", counts={"items": 6, "participants": 2})], code=0)
    expected = {"c00001": fuzz.Expected("text-stray-bytes", "loads", "same", "ex000")}
    outcome = fuzz.check_build(run, expected, baseline).outcomes["c00001"]
    assert outcome.defects == ["read differently from its seed, unsaid: participants 15 -> 2"]


def test_a_damaged_document_read_to_other_counts_than_its_twin_is_a_defect():
    run = made_up_run([entry("c00001-x.txt", "partial", counts={"participants": 2}),
                       entry("t00001-twin.txt", "partial", counts={"participants": 15})], code=0)  # fmt: skip
    expected = {
        "c00001": fuzz.Expected("text-stray-bytes", "loads", "twin", twin="t00001"),
        "t00001": fuzz.Expected("twin"),
    }
    outcome = fuzz.check_build(run, expected, {}).outcomes["c00001"]
    assert outcome.defects == ["read differently from its twin, unsaid: participants 15 -> 2"]


def test_a_deflate_bomb_inflates_to_what_it_says():
    bomb = mutations.deflate_bomb(3 * 2**20 + 5, b"ab", prefix=b"<x>", suffix=b"</x>")
    inflated = zlib.decompressobj(-15).decompress(bomb.data)
    assert inflated == b"<x>" + (b"ab" * 2**21)[: 3 * 2**20 + 5] + b"</x>"
    assert (bomb.size, bomb.crc32, bomb.adler32) == (len(inflated), zlib.crc32(inflated), zlib.adler32(inflated))
    assert len(bomb.data) < bomb.size / 100


# --- the run ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> fuzz.FuzzResult:
    """Two cases of every class in one build (and one build of the seeds), as the script runs them."""
    work = tmp_path_factory.mktemp("fuzz")
    return fuzz.run_fuzz(CASES, seed=21, work=work, options=fuzz.Options(jobs=2), per_build=CASES, floor=2)


def listed(found: list) -> str:
    return "\n".join(f"c{case.index:05d} {case.klass} ({case.variant}): {defect}" for case, defect in found)


def defects_of(result: fuzz.FuzzResult, *kinds: str) -> list:
    return [(case, defect) for case, defect in result.defects() if defect.startswith(kinds)]


def test_every_class_gets_cases(fuzzed):
    assert len(fuzzed.cases) == CASES
    assert {case.klass for case in fuzzed.cases} == {klass.name for klass in fuzz.CLASSES}


def test_no_file_fails_the_whole_build(fuzzed):
    assert fuzzed.whole_build_failures == [], "\n".join(fuzzed.whole_build_failures)


def test_every_good_file_loads(fuzzed):
    assert fuzzed.goods >= len(fuzz.seeds())
    assert fuzzed.good_defects == [], "\n".join(fuzzed.good_defects)
    failed = defects_of(fuzzed, "a good document failed")
    assert failed == [], listed(failed)


def test_a_file_that_is_no_document_or_has_a_bad_sidecar_fails(fuzzed):
    loaded = defects_of(fuzzed, "loaded, though")
    assert loaded == [], listed(loaded)


def test_every_failed_file_is_one_error_line_naming_it(fuzzed):
    assert fuzzed.by_outcome("failed"), "no case failed: the run cannot show this"
    wrong = [(case, defect) for case, defect in fuzzed.defects() if
             re.match(r"\d+ error", defect) or defect.startswith("the error does not begin")]  # fmt: skip
    assert wrong == [], listed(wrong)


def test_no_file_passes_its_limits(fuzzed):
    over = defects_of(fuzzed, "over its limits")
    assert over == [], listed(over)


def test_no_file_meets_a_bug_in_kommunegraf(fuzzed):
    bugs = defects_of(fuzzed, "internal error")
    assert bugs == [], listed(bugs)


def test_no_damage_changes_what_is_read_without_saying_so(fuzzed):
    silent = defects_of(fuzzed, "read differently")
    assert silent == [], listed(silent)


def test_the_terminal_and_the_graph_get_nothing_stray(fuzzed):
    assert fuzzed.build_defects == [], "\n".join(fuzzed.build_defects)
