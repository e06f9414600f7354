"""Interrupt real `kommunegraf build -j 2` runs at random moments and check each one ends well.

A terminal's Ctrl-C reaches the whole process group (SIGINT to the group); a
service manager sends SIGTERM to the main process; `kill -9` gives no chance
to clean up. After each interrupt:

- the command exits within 2 seconds (SIGINT, SIGTERM), with the one line
  "error: interrupted; outputs are as they were" and code 130 (143 for SIGTERM),
  or had already finished (code 0);
- no process of its group is left after 2 seconds (worker processes die
  with it, `kill -9` of the main process included);
- the output folder holds exactly what it held before, or a whole new build
  (the same bytes: SOURCE_DATE_EPOCH makes builds reproducible).

    python benchmarks/interrupt_build.py --rounds 50 --meetings 1000

Exit code 0 when every round ended well, 1 otherwise (each bad round printed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

COMMAND = [sys.executable, "-m", "kommunegraf"]
MESSAGE = "error: interrupted; outputs are as they were"
# A Ctrl-C or SIGTERM while the interpreter itself starts (site, the import system: the first few tens of milliseconds),
# before kommunegraf's entry point runs, ends the process as Python ends any program then: by SIGINT, with
# at most Python's own "KeyboardInterrupt" lines. Counted apart, not as a failure, when nothing was written.
BEFORE_START = "before start"
EXPECTED_CODE = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -signal.SIGKILL}


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()


def ours(line: str) -> bool:
    """A line the command prints on stderr (warnings of the files read before the signal come first)."""
    return line.startswith(("warning: ", "error: "))


def group_alive(group: int) -> list[str]:
    found = subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True)
    return found.stdout.split()


def build(minutes: Path, out: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [*COMMAND, "build", str(minutes), "--out", str(out), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a foreground job
        env=env,
    )


def one_round(minutes: Path, out: Path, expected: str, window: float, sig: int, env: dict[str, str]) -> str | None:
    """Interrupt one build; what went wrong (or BEFORE_START), or None."""
    process = build(minutes, out, env)
    time.sleep(random.uniform(0, window))
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)  # as a terminal sends it: to every process of the group
    else:
        os.kill(process.pid, sig)  # to the main process only
    sent = time.monotonic()
    try:
        _, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        if shutil.which("py-spy"):  # where it hangs, for the report
            for pid in group_alive(process.pid):
                subprocess.run(["py-spy", "dump", "--pid", pid], check=False)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "hung: still running 10 s after the signal"
    took = time.monotonic() - sent
    deadline = time.monotonic() + 2
    while group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = group_alive(process.pid)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
        return f"processes left 2 s after the end: {left}"
    lines = err.decode("utf-8", "replace").strip().splitlines()
    if digest(out) != expected:
        return "the output folder changed"
    if process.returncode == 0:
        return None  # finished before the signal
    started = any(map(ours, lines)) or lines[-1:] not in ([], ["KeyboardInterrupt"])
    if sig != signal.SIGKILL and process.returncode in (-sig, 1) and not started:
        return BEFORE_START
    if process.returncode != EXPECTED_CODE[sig]:
        return f"exit code {process.returncode}; stderr ends {lines[-3:]}"
    if sig != signal.SIGKILL and (lines[-1:] != [MESSAGE] or not all(ours(line) for line in lines) or took > 2):
        return f"took {took:.2f} s; stderr {lines[-5:]}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=1000, help="size of the synthetic corpus built")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kommunegraf-interrupts"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--signals", default="INT,TERM,KILL", help="which signals, in turn (INT, TERM, KILL)")
    args = parser.parse_args()
    random.seed(args.seed)
    signals = [signal.Signals[f"SIG{name.strip()}"] for name in args.signals.split(",")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    shutil.rmtree(args.work, ignore_errors=True)
    corpus, out = args.work / "corpus", args.work / "out"
    subprocess.run([*COMMAND, "synth", "--meetings", str(args.meetings), "--out", str(corpus), "-q"], check=True)
    started = time.monotonic()
    finished = subprocess.run(
        [*COMMAND, "build", str(corpus / "minutes"), "--out", str(out), "-j", "2", "-q"], env=env, capture_output=True
    )
    if finished.returncode != 0:
        print(f"the build to interrupt fails by itself: {finished.stderr.decode()[-500:]}")
        return 1
    window = time.monotonic() - started  # interrupts fall anywhere in a whole build
    expected = digest(out)
    bad = 0
    outcomes: dict[str, int] = {}
    for number in range(args.rounds):
        sig = signals[number % len(signals)]
        problem = one_round(corpus / "minutes", out, expected, window, sig, env)
        outcome = f"{sig.name} {problem if problem == BEFORE_START else 'bad' if problem else 'ok'}"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if problem and problem != BEFORE_START:
            bad += 1
            print(f"round {number} ({sig.name}): {problem}", flush=True)
    print(f"{args.rounds} interrupts of a {window:.1f} s build ({args.meetings} meetings): {bad} bad; {outcomes}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
