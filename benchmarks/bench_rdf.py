"""RDF export throughput: our exporter (streamed text) beside plain rdflib, on a large synthetic graph.

For each serialisation: statements per second and the peak resident memory
of the process while it writes, twice: the writer into a plain file (the
figure to compare with rdflib, which writes the same way) and
``rdf_export.export`` as the CLI runs it (atomic, flushed to disk with
fsync before the rename, so the disk's speed counts too). rdflib's
``Graph.serialize`` runs on the same triples in the same run (Turtle and
N-Triples; it is given the triples already parsed into an rdflib Graph, so
only its serialisation is timed). The figures go in the notes; no test times
anything.

    python benchmarks/bench_rdf.py --meetings 8000 --rdflib-meetings 2000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import rdflib
from common import RssSampler, synthetic_graph

from kommunegraf.stores.jsonld_export import write_jsonld
from kommunegraf.stores.rdf_export import QUAD_FORMATS, TEXT_WRITERS, export, quads, triples

WRITERS = {**TEXT_WRITERS, "jsonld": write_jsonld}


def count(graph, fmt: str) -> int:
    return sum(1 for _ in (quads(graph) if fmt in QUAD_FORMATS else triples(graph)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=8000)
    parser.add_argument("--rdflib-meetings", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kommunegraf-rdf-bench-"))

    graph = synthetic_graph(args.meetings)
    print(f"synthetic graph: {args.meetings} meetings, {len(graph.nodes):,} nodes")
    for fmt in ("nt", "nq", "ttl", "trig", "jsonld"):
        statements = count(graph, fmt)
        with RssSampler() as rss:
            began = time.perf_counter()
            with open(folder / f"plain.{fmt}", "wb") as handle:
                WRITERS[fmt](graph, handle)
            plain = time.perf_counter() - began
        began = time.perf_counter()
        export(graph, folder / f"graph.{fmt}", fmt)
        durable = time.perf_counter() - began
        per_million = (rss.peak_mb - rss.start_mb) / (statements / 1e6)
        size = (folder / f"graph.{fmt}").stat().st_size / 2**20
        print(
            f"ours {fmt:6s}: {statements:,} statements ({size:,.0f} MB): written in {plain:.1f}s = "
            f"{statements / plain:,.0f}/s; export() with fsync {durable:.1f}s = {statements / durable:,.0f}/s; "
            f"peak RSS +{rss.peak_mb - rss.start_mb:.0f} MB ({per_million:.0f} MB per million)"
        )
        for path in folder.glob("*"):
            path.unlink()

    small = synthetic_graph(args.rdflib_meetings)
    statements = count(small, "nt")
    data = ox.serialize(triples(small), format=ox.RdfFormat.N_TRIPLES)
    reference = rdflib.Graph().parse(data=data, format="nt")
    for fmt, name in (("nt", "nt"), ("ttl", "turtle")):
        ours = statements / best_of(3, partial(_write_plain, WRITERS[fmt], small, folder / f"small.{fmt}"))
        theirs = statements / best_of(
            3, partial(reference.serialize, destination=str(folder / f"rdflib.{fmt}"), format=name)
        )
        print(
            f"{fmt} on {statements:,} triples, each into a plain file, best of 3: ours {ours:,.0f}/s, "
            f"rdflib Graph.serialize {theirs:,.0f}/s = {ours / theirs:.1f}x"
        )


def _write_plain(writer, graph, path: Path) -> None:
    with open(path, "wb") as handle:
        writer(graph, handle)


def best_of(runs: int, work) -> float:
    """The shortest of ``runs`` timings: what the code costs, with the machine's hiccups left out."""
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        timings.append(time.perf_counter() - began)
    return min(timings)


if __name__ == "__main__":
    main()
