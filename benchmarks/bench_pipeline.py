"""The whole pipeline per stage on synthetic corpora: parse, graph merge, node-link write, RDF export, Neo4j load.

For each size it writes a corpus with ``kommunegraf.synth`` (seeded), then
measures each stage's time and this process's peak resident memory (RSS)
while the stage runs, scores the graph against the corpus's gold with the
project's scorer, and prints one table. Parsing is measured in one process
(the ≥ 200 meetings/s target) and with worker processes (``--jobs``); the
later stages use the records of the one-process run. Figures go in the
notes and BENCHMARKS.md; no test times anything.

    python benchmarks/bench_pipeline.py --sizes 1000 10000 --jobs 2
    python benchmarks/bench_pipeline.py --sizes 10000 --neo4j   # starts its own Neo4j unless NEO4J_URI is set
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import io
import json
import os
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from common import RssSampler

from kommunegraf.file_reading import read_files
from kommunegraf.gcpause import paused_cyclic_gc
from kommunegraf.graph import Graph, Node
from kommunegraf.loaders import Overrides, load
from kommunegraf.pipeline import expand_paths, merge_packed
from kommunegraf.stores.nodelink import write_node_link
from kommunegraf.stores.rdf_export import export
from kommunegraf.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
STAMP = "2026-01-01T00:00:00Z"


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the parse's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stage(name: str, rows: list[dict], size: int, action, **extra):
    """Run ``action``, timed: wall seconds, CPU seconds (less moved by other tenants of a VM than the wall
    clock) and the peak memory."""
    gc.collect()
    with RssSampler() as rss:
        began, cpu_began = time.perf_counter(), _cpu_seconds()
        result = action()
        seconds, cpu = time.perf_counter() - began, _cpu_seconds() - cpu_began
    grew = rss.peak_mb - rss.start_mb
    rows.append(
        {
            "size": size,
            "stage": name,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "peak_mb": rss.peak_mb,
            "delta_mb": grew,
            **extra,
        }
    )
    print(f"  {name:<22} {seconds:8.1f}s  (CPU {cpu:.1f}s)  peak RSS {rss.peak_mb:7.0f} MB (+{grew:.0f})", flush=True)
    return result


def overall_f1(graph_json: Path, gold: list[Path]) -> str:
    """The scorer's overall line, run in this process (a 100,000-file argument list is too long for a command)."""
    if not SCORER.is_file():
        return "scorer not found"
    spec = importlib.util.spec_from_file_location("score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        scorer.main(["--graph", str(graph_json), *map(str, gold)])
    lines = printed.getvalue().splitlines()
    overall = next((line for line in lines if line.startswith("overall")), "no result")
    below = [f"{parts[0]} {parts[-1]}" for line in lines[1:-1] if (parts := line.split()) and float(parts[-1]) < 0.99]
    return overall + (f" (F1 below 0.99: {', '.join(below)})" if below else "")


_PERSON_FACTS = frozenset({"MEMBER_OF", "WORKS_IN"})


def around_meetings(graph: Graph, documents: set[str]) -> Graph:
    """The part of ``graph`` the scorer reads for the meetings of ``documents`` (file names).

    The scorer loads a node-link file whole, which a 100,000-meeting graph
    does not fit in memory. It reads a meeting's facts from the meeting's own
    links in both directions (people, items), its items' links in both
    directions, and from there outgoing links only (committee ->
    municipality, an earlier item -> its meeting, a person -> party or unit,
    from every document; not a person's attendance elsewhere). That part is
    copied, starting from every node the documents state, so their meetings
    score as they would in the whole graph.
    """
    sources = {
        n.id for n in graph.of_label("Source") if os.path.basename(str(n.properties.get("path", ""))) in documents
    }
    stated = {n.id: n.label for n in graph.nodes.values() if sources & n.provenance.keys()}
    both_ways = {node_id for node_id, label in stated.items() if label in ("Meeting", "AgendaItem")}
    kept, links = set(stated), {}
    while True:
        before = len(kept)
        for key, rel in graph.relationships.items():
            if key in links:
                continue
            from_kept = rel.start in kept and (rel.type in _PERSON_FACTS or graph.nodes[rel.start].label != "Person")
            if from_kept or rel.end in both_ways:
                links[key] = rel
                kept.update((rel.start, rel.end))
        if len(kept) == before:
            break
    part = Graph()
    for node_id in kept:
        node = graph.nodes[node_id]
        part.nodes[node_id] = Node(node.id, node.label, node.properties)
    part.relationships.update(links)
    return part


def scoring_input(graph: Graph, corpus: Path, out: Path, size: int, sample_every: int) -> tuple[Path, list[Path], str]:
    """The node-link file and gold files to score: all of them, or above 20,000 meetings every
    ``sample_every``-th meeting's gold with the part of the graph around those meetings (``around_meetings``)."""
    gold = sorted((corpus / "gold").iterdir())
    if size <= 20_000:
        return out / "graph.json", gold, ""
    sample = gold[::sample_every]
    documents = {json.loads(path.read_bytes())["source"] for path in sample}
    write_node_link(around_meetings(graph, documents), out / "graph-sample.json")
    return out / "graph-sample.json", sample, f"{len(sample):,} of {len(gold):,} meetings' gold: "


@contextlib.contextmanager
def neo4j_server(pagecache: str) -> Iterator[tuple[str, tuple[str, str]]]:
    """NEO4J_URI's server, or a development server started here (before the stage, so its start is not timed)
    and stopped afterwards."""
    from kommunegraf import devserver

    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])
        return
    home = tempfile.mkdtemp(prefix="kommunegraf-bench-")
    info = devserver.start(home, heap="2g", pagecache=pagecache)
    try:
        yield info.uri, (info.user, info.password)
    finally:
        devserver.stop(home)
        shutil.rmtree(home, ignore_errors=True)


def neo4j_load(graph: Graph, server: tuple[str, tuple[str, str]]) -> str:
    from neo4j import GraphDatabase

    from kommunegraf.stores.neo4j_store import Neo4jStore

    uri, auth = server
    with GraphDatabase.driver(uri, auth=auth) as driver:
        store = Neo4jStore(driver)
        store.wipe()
        stats = store.load(graph)
    nodes, rels = stats.nodes / stats.node_seconds, stats.relationships / stats.relationship_seconds
    return f"nodes {nodes:,.0f}/s, relationships {rels:,.0f}/s"


def paused_merge(packed):
    """The merge as the build command runs it: with the cycle collector paused."""
    with paused_cyclic_gc():
        return merge_packed(packed, STAMP)


def run(size: int, args: argparse.Namespace, work: Path, rows: list[dict]) -> tuple[float, float]:
    """Every stage at ``size`` meetings; returns the wall and CPU seconds end to end (files in, files out)."""
    jobs = args.jobs
    corpus = work / f"synth-{size}"
    print(f"{size} meetings", flush=True)
    if not (corpus / "minutes").is_dir():
        stage("synth (write corpus)", rows, size, lambda: write_corpus(corpus, meetings_count=size, seed=args.seed))
    paths = expand_paths([corpus / "minutes"])
    megabytes = sum(os.path.getsize(p) for p in paths) / 1e6
    results = None
    if size <= args.one_process_max or jobs <= 1:
        for attempt in range(args.repeat):  # the fastest of ``repeat`` runs: timings on a shared VM move 20-30%
            results = None  # one run's records at a time, as in a build
            results = stage("parse, 1 process", rows, size, lambda: list(read_files(paths, None, Overrides(), 1)))
            if attempt:
                rows.remove(max(rows[-2:], key=lambda r: r["seconds"]))
        seconds = rows[-1]["seconds"]
        print(f"  {'':<22} {size / seconds:8.0f} meetings/s, {megabytes / seconds:.2f} MB/s ({megabytes:.0f} MB)")
    if jobs > 1:
        pooled = lambda: list(read_files(paths, None, Overrides(), jobs))  # noqa: E731
        results = stage(f"parse, {jobs} processes", rows, size, pooled)
        seconds = rows[-1]["seconds"]
        print(f"  {'':<22} {size / seconds:8.0f} meetings/s, {megabytes / seconds:.2f} MB/s ({megabytes:.0f} MB)")
    assert results is not None
    packed = [record for record, _ in results if record is not None]
    del results
    graph = stage("graph merge", rows, size, lambda: paused_merge(packed))
    links = len(graph.relationships) + sum(len(n.provenance) for n in graph.nodes.values())
    print(f"  {'':<22} {len(graph.nodes):,} nodes, {links:,} links")
    out = work / f"out-{size}"
    stage("node-link write", rows, size, lambda: write_node_link(graph, out / "graph.json"))
    stage("RDF export (N-Triples)", rows, size, lambda: export(graph, out / "graph.nt", "nt"))
    with open(out / "graph.nt", "rb") as lines:
        triples = sum(1 for _ in lines)
    peak = max(r["peak_mb"] for r in rows if r["size"] == size and not r["stage"].startswith("synth"))
    print(f"  {'':<22} {triples:,} triples, {triples / rows[-1]['seconds']:,.0f}/s; "
          f"peak of all stages {peak:,.0f} MB = {peak / (triples / 1e6):.0f} MB per million triples")  # fmt: skip
    if args.neo4j:
        with neo4j_server(args.neo4j_pagecache) as server:
            print(f"  {'':<22} " + stage("Neo4j load", rows, size, lambda: neo4j_load(graph, server)))
    parse = f"parse, {jobs} processes" if jobs > 1 else "parse, 1 process"
    # files in, files out: what `kommunegraf build` does (a Neo4j load is a separate step)
    later = [r for r in rows if r["size"] == size and not r["stage"].startswith(("synth", "parse", "Neo4j"))]
    counted = [r for r in rows if r["size"] == size and r["stage"] == parse] + later
    total, cpu = sum(r["seconds"] for r in counted), sum(r["cpu_seconds"] for r in counted)
    print(f"  end to end ({parse}): {total:.0f}s (CPU {cpu:.0f}s)", flush=True)
    graph_file, gold, scope = scoring_input(graph, corpus, out, size, args.sample_every)
    graph = None  # the scorer needs the memory
    print(f"  recovery: {scope}{overall_f1(graph_file, gold)}")
    return total, cpu


def big_document(megabytes: float, path: Path) -> int:
    """One minutes document of about ``megabytes``: the first example's header, its items repeated and renumbered."""
    text = (ROOT / "examples" / "minutes" / "000_eeae5a2dcf1e0b42.txt").read_text(encoding="utf-8")
    start = text.index("\nPunkt 1:") + 1
    header, body = text[:start], text[start:].rstrip("\n") + "\n\n"
    items = len(re.findall(r"^Punkt \d+:", body, re.M))
    parts, size, round_ = [header], len(header.encode()), 0
    while size < megabytes * 1e6:
        offset = round_ * items
        chunk = re.sub(r"^Punkt (\d+):", lambda m, shift=offset: f"Punkt {int(m[1]) + shift}:", body, flags=re.M)
        parts.append(chunk)
        size += len(chunk.encode())
        round_ += 1
    path.write_text("".join(parts), encoding="utf-8")
    return round_ * items


def big_file(megabytes: float, work: Path, rows: list[dict]) -> None:
    work.mkdir(parents=True, exist_ok=True)
    path = work / "big-minutes.txt"
    items = big_document(megabytes, path)
    print(f"one file of {path.stat().st_size / 1e6:.0f} MB ({items:,} agenda items)", flush=True)
    record = stage("parse one big file", rows, 0, lambda: load(path))
    print(f"  {'':<22} {len(record.items):,} items read")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None, help="Keep corpora and outputs here (default: a temp dir).")
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument(
        "--neo4j-pagecache", default="1g", help="Page cache of the server --neo4j starts (100k meetings: 6g)."
    )
    parser.add_argument("--big-file-mb", type=float, default=0, help="Also load one file of this many MB.")
    parser.add_argument(
        "--repeat", type=int, default=1, help="Parse in one process this many times and keep the fastest run."
    )
    parser.add_argument(
        "--sample-every", type=int, default=100, help="Above 20,000 meetings, score every N-th meeting's gold."
    )
    parser.add_argument("--one-process-max", type=int, default=20_000, help="Above this size, parse only with --jobs.")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kommunegraf-bench-"))
    rows: list[dict] = []
    if args.big_file_mb:
        big_file(args.big_file_mb, work, rows)
    totals = {size: run(size, args, work, rows) for size in args.sizes}
    if len(args.sizes) > 1:
        small, large = args.sizes[-2], args.sizes[-1]
        (wall_a, cpu_a), (wall_b, cpu_b) = totals[small], totals[large]
        print(f"end to end: {large} takes {wall_b / wall_a:.1f}x the time of {small}, {cpu_b / cpu_a:.1f}x the CPU")
        for name in (f"parse, {args.jobs} processes", "graph merge", "node-link write", "RDF export (N-Triples)"):
            a = next((r for r in rows if r["size"] == small and r["stage"] == name), None)
            b = next((r for r in rows if r["size"] == large and r["stage"] == name), None)
            if a is None or b is None:
                continue
            print(
                f"{name}: {large} takes {b['seconds'] / a['seconds']:.1f}x the time of {small} "
                f"({large / small:.0f}x the meetings), {b['cpu_seconds'] / a['cpu_seconds']:.1f}x the CPU time"
            )


if __name__ == "__main__":
    main()
