"""Worker processes: results in order, Ctrl-C left to the parent, nothing outlives an early end, and a build
interrupted at random moments always ends cleanly (benchmarks/interrupt_build.py, a smaller count here)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from conftest import ROOT

from kommunegraf.workers import WorkerDied, imap_in_workers


def square(number: int) -> int:
    return number * number


def pid_and_handlers(_item: object) -> tuple[int, object, object]:
    return os.getpid(), signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def dies_on_seven(number: int) -> int:
    if number == 7:
        os._exit(3)
    return number


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split()[2] != "Z"  # a zombie has ended


def test_results_come_in_the_order_of_the_items_whatever_the_chunks():
    assert list(imap_in_workers(square, range(101), processes=2, chunksize=4)) == [n * n for n in range(101)]


def test_workers_leave_ctrl_c_to_the_parent():
    answers = set(imap_in_workers(pid_and_handlers, range(8), processes=2))
    assert len({pid for pid, _, _ in answers}) == 2 and os.getpid() not in {pid for pid, _, _ in answers}
    assert {(sigint, sigterm) for _, sigint, sigterm in answers} == {(signal.SIG_IGN, signal.SIG_DFL)}


def test_closing_the_results_early_ends_every_worker_at_once():
    results = imap_in_workers(pid_and_handlers, range(100), processes=2)
    pids = {next(results)[0] for _ in range(3)}
    results.close()
    assert pids and not any(alive(pid) for pid in pids)


def test_a_worker_that_dies_on_an_item_is_an_error_naming_the_item_when_nothing_stands_in_for_it():
    with pytest.raises(WorkerDied, match=r"ended with exit code 3 while reading 7$"):
        list(imap_in_workers(dies_on_seven, range(20), processes=2, chunksize=3))


def test_an_item_its_worker_dies_on_is_failed_alone_and_the_others_come_in_order():
    results = list(imap_in_workers(dies_on_seven, range(20), processes=2, chunksize=3, failed=lambda n, why: why))
    assert results[:7] == list(range(7)) and results[8:] == list(range(8, 20))
    assert results[7] == "the reading process ended with exit code 3"


def test_a_build_interrupted_at_random_moments_always_ends_cleanly(tmp_path):
    """SIGINT to the group, SIGTERM and SIGKILL to the main process, in turn: the script checks each ends within
    2 seconds with the one-line message, leaves no process behind and the output folder as it was."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "interrupt_build.py"), "--rounds", "9", "--meetings", "150",
         "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "9 interrupts" in run.stdout and "0 bad" in run.stdout
