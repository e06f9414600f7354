"""RDF export throughput: our exporter (pyoxigraph, streamed) beside plain rdflib, on a large synthetic graph.

For each serialisation: triples (or quads) per second and the peak resident
memory of the process while it writes. rdflib's ``Graph.serialize`` runs on
the same triples in the same run (Turtle and N-Triples; it is given the
triples already parsed into an rdflib Graph, so only its serialisation is
timed). The figures go in the notes; no test times anything.

    python benchmarks/bench_rdf.py --meetings 8000 --rdflib-meetings 2000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib
from common import RssSampler, synthetic_graph

from kommunegraf.stores.rdf_export import FORMATS, QUAD_FORMATS, export, quads, triples


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
        if fmt not in FORMATS:
            continue
        statements = count(graph, fmt)
        with RssSampler() as rss:
            began = time.perf_counter()
            export(graph, folder / f"graph.{fmt}", fmt)
            seconds = time.perf_counter() - began
        per_million = (rss.peak_mb - rss.start_mb) / (statements / 1e6)
        print(
            f"ours {fmt:6s}: {statements:,} statements in {seconds:.1f}s = {statements / seconds:,.0f}/s; "
            f"peak RSS +{rss.peak_mb - rss.start_mb:.0f} MB ({per_million:.0f} MB per million)"
        )

    small = synthetic_graph(args.rdflib_meetings)
    statements = count(small, "nt")
    data = ox.serialize(triples(small), format=ox.RdfFormat.N_TRIPLES)
    reference = rdflib.Graph().parse(data=data, format="nt")
    for fmt, name in (("nt", "nt"), ("ttl", "turtle")):
        began = time.perf_counter()
        export(small, folder / f"small.{fmt}", fmt)
        ours = statements / (time.perf_counter() - began)
        began = time.perf_counter()
        reference.serialize(destination=str(folder / f"rdflib.{fmt}"), format=name)
        theirs = statements / (time.perf_counter() - began)
        print(
            f"{fmt} on {statements:,} triples: ours {ours:,.0f}/s, rdflib Graph.serialize {theirs:,.0f}/s "
            f"= {ours / theirs:.1f}x"
        )


if __name__ == "__main__":
    main()
