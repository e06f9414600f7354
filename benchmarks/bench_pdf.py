"""PDF text extraction: PDFium (the loader) against pdfplumber (what it replaced), per file, and the whole command.

For each PDF (the real-world documents and exports in ../shared/realworld,
and the seeds printed to PDF as the tests print them) it prints the pages,
the loader's pages per second (``extract_pdf``: words and every repair, in
this process, median of several runs), pdfplumber's pages per second for
``extract_words`` alone (open and every page's words, with the settings the
loader used), their ratio, and the peak memory (RSS) of a fresh process that
reads the file with each engine. Then whole processes on the 28-page Aarhus
PDF (median of 5 runs, interpreter start-up included): the library reading
its text, pdfplumber taking its words, the ``kommunegraf text`` command, and
the command's start-up alone; and a 1,000-page PDF printed from the seed
texts, read in a fresh process: time and peak RSS. No test times anything.

    python benchmarks/bench_pdf.py
    python benchmarks/bench_pdf.py --repeat 9 --long-pages 2000
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
AARHUS = REALWORLD / "documents" / "aarhus-br-2025-08-27.pdf"
sys.path.insert(0, str(ROOT / "tests"))


def real_pdfs() -> list[Path]:
    return sorted(REALWORLD.glob("documents/*.pdf")) + sorted(REALWORLD.glob("structured/*/*.pdf"))


def seed_pdfs(folder: Path) -> list[Path]:
    """The seeds printed as the tests print them (tests/conftest.py's ``seed_pdfs``)."""
    from conftest import MARKDOWN, PRINTED_LINES, SEEDS
    from makepdf import make_pdf

    made = []
    for path in SEEDS:
        printed = path.name[:3] in PRINTED_LINES
        data = make_pdf(
            path.read_text(encoding="utf-8"),
            header="Ballerup Kommune · Referat",
            markdown=path.name[:3] in MARKDOWN,
            rewrap=not printed,
            two_column_pages=frozenset() if printed else frozenset({2}),
        )
        target = folder / f"seed-{path.stem}.pdf"
        target.write_bytes(data)
        made.append(target)
    return made


def long_pdf(folder: Path, pages: int) -> Path:
    from conftest import SEEDS
    from makepdf import make_many_pages_pdf

    target = folder / f"seeds-{pages}-pages.pdf"
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    target.write_bytes(make_many_pages_pdf(texts, pages, header="Ballerup Kommune · Referat"))
    return target


def ours(data: bytes) -> int:
    from kommunegraf.loaders.pdf import extract_pdf

    return len(extract_pdf(data, "bench.pdf").page_starts or ())


def pdfplumbers(data: bytes) -> int:
    """What the loader did before: pdfplumber's words of every page (no repairs)."""
    import io
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"])
        return len(pdf.pages)


ENGINES: dict[str, Callable[[bytes], int]] = {"ours": ours, "pdfplumber": pdfplumbers}


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # imports and caches out of the figure
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def in_fresh_process(engine: str, path: Path) -> dict:
    """Seconds and peak RSS of a new interpreter that reads ``path`` once with ``engine``."""
    command = [sys.executable, __file__, "--measure", engine, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """This process's peak resident memory: the kernel's high-water mark (``VmHWM``), which starts anew at
    ``exec`` (``ru_maxrss`` may carry the parent's over)."""
    with open("/proc/self/status") as status:
        line = next((line for line in status if line.startswith("VmHWM:")), None)
    if line is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(line.split()[1]) / 1024


def measure(engine: str, path: Path) -> None:
    import importlib

    importlib.import_module("kommunegraf.loaders.pdf" if engine == "ours" else "pdfplumber")  # before the clock
    data = path.read_bytes()
    began = time.perf_counter()
    pages = ENGINES[engine](data)
    seconds = time.perf_counter() - began
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_mb": peak_rss_mb()}))


def whole_process(path: Path, runs: int = 5) -> dict[str, float]:
    """Median wall seconds of whole processes on ``path``, each started fresh (interpreter start-up included):

    - ``library``: a Python process that imports the loader and reads the file's text (every repair);
    - ``pdfplumber``: one that imports pdfplumber and takes every page's words (what the old path began with);
    - ``command``: ``kommunegraf text PATH > /dev/null`` (the command-line framework's start-up on top);
    - ``startup``: the interpreter importing the command's module alone.
    """
    read = "import sys; from kommunegraf.loaders.files import read_document; read_document(sys.argv[1])"
    plumb = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]); import bench_pdf;"
        " bench_pdf.pdfplumbers(Path(sys.argv[1]).read_bytes())"
    )
    commands = {
        "library": [sys.executable, "-c", read, str(path)],
        "pdfplumber": [sys.executable, "-c", plumb, str(path), str(Path(__file__).parent)],
        "command": [str(Path(sys.executable).with_name("kommunegraf")), "text", str(path)],
        "startup": [sys.executable, "-c", "import kommunegraf.cli"],
    }

    def timed(argv: list[str]) -> float:
        began = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - began

    return {name: statistics.median(timed(argv) for _ in range(runs)) for name, argv in commands.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per file and engine (the median is shown)")
    parser.add_argument("--long-pages", type=int, default=1000, help="pages of the long PDF (0: none)")
    parser.add_argument("--measure", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        files = real_pdfs() + seed_pdfs(Path(folder))
        head = f"{'file':<34} {'pages':>5} {'ours p/s':>9} {'plumber p/s':>11} {'ratio':>6}"
        print(f"{head} {'ours MB':>8} {'plumber MB':>10}")
        total_pages, total_ours, total_theirs = 0, 0.0, 0.0
        for path in files:
            data = path.read_bytes()
            pages = ours(data)
            mine = median_seconds(lambda data=data: ours(data), args.repeat)
            theirs = median_seconds(lambda data=data: pdfplumbers(data), max(1, args.repeat // 2))
            memory = {engine: in_fresh_process(engine, path)["peak_mb"] for engine in ENGINES}
            total_pages, total_ours, total_theirs = total_pages + pages, total_ours + mine, total_theirs + theirs
            print(
                f"{path.name[:34]:<34} {pages:>5} {pages / mine:>9.0f} {pages / theirs:>11.1f} {theirs / mine:>5.1f}x"
                f" {memory['ours']:>8.0f} {memory['pdfplumber']:>10.0f}",
                flush=True,
            )
        print(
            f"{'all':<34} {total_pages:>5} {total_pages / total_ours:>9.0f} {total_pages / total_theirs:>11.1f}"
            f" {total_theirs / total_ours:>5.1f}x"
        )
        if AARHUS.is_file():
            pages = ours(AARHUS.read_bytes())
            whole = whole_process(AARHUS)
            print(f"\nwhole processes on {AARHUS.name} ({pages} pages), median of 5:")
            for name, seconds in whole.items():
                rate = f"{pages / seconds:>5.0f} pages/s" if name != "startup" else ""
                print(f"  {name:<11} {seconds:>5.2f} s {rate}")
            print(
                f"  pdfplumber's words alone / the library's text with every repair: "
                f"{whole['pdfplumber'] / whole['library']:.1f}x"
            )
        if args.long_pages:
            path = long_pdf(Path(folder), args.long_pages)
            read = in_fresh_process("ours", path)
            print(
                f"\n{args.long_pages}-page PDF from the seed texts ({path.stat().st_size / 1e6:.1f} MB):"
                f" read in {read['seconds']:.1f} s ({read['pages'] / read['seconds']:.0f} pages/s),"
                f" peak RSS {read['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
