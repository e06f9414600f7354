"""Fuzz the loaders with damaged seed documents (tests/mutations.py) and count what happens.

Every case must end in a record (possibly with warnings) or a LoaderError
naming the file; anything else is a crash, printed with its input saved to
disk. The slowest case is reported too (a hang would show there; each case
also runs under a time limit).

    python benchmarks/fuzz_loaders.py --cases 10000
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from mutations import damaged_document

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.registry import document_from_file_bytes, load_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    outcomes: collections.Counter[str] = collections.Counter()
    crashes: list[Path] = []
    slowest = [0.0, 0]

    @settings(
        max_examples=args.cases,
        deadline=10_000,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(damaged_document())
    def case(data: bytes) -> None:
        began = time.perf_counter()
        try:
            record = load_document(document_from_file_bytes(data, "fuzz.txt"))
            outcomes["partial (warnings)" if record.warnings else "record"] += 1
        except LoaderError as error:
            outcomes[f"error: {type(error).__name__}"] += 1
        except Exception:  # a crash: keep the input
            path = Path(tempfile.mkstemp(prefix="kommunegraf-crash-", suffix=".txt")[1])
            path.write_bytes(data)
            crashes.append(path)
            outcomes["CRASH"] += 1
            traceback.print_exc()
        took = time.perf_counter() - began
        if took > slowest[0]:
            slowest[:] = [took, len(data)]

    began = time.perf_counter()
    case()
    total = sum(outcomes.values())
    print(f"{total} cases in {time.perf_counter() - began:.0f}s")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<40} {count}")
    print(f"slowest case: {slowest[0]:.2f}s ({slowest[1]:,} bytes)")
    if crashes:
        print("crash inputs: " + ", ".join(map(str, crashes)))
        sys.exit(1)


if __name__ == "__main__":
    main()
