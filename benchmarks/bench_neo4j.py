"""Neo4j load throughput: the batched UNWIND loader against a naive per-row MERGE loader.

Starts its own Neo4j (``kommunegraf.devserver``) unless NEO4J_URI and
NEO4J_PASSWORD are set, builds a large synthetic graph in memory (shaped like
minutes: meetings, items, decisions, cases, people, provenance), loads it,
and prints nodes/s, relationships/s and the client's peak memory. The naive
loader (one auto-commit MERGE per node and per relationship) runs on a
smaller graph in the same run. The figures go in the notes; no test times
anything.

    python benchmarks/bench_neo4j.py --meetings 4000 --naive-meetings 40

``--bulk`` instead compares, on one synthetic graph and in one run, the
transactional load (on a warmed-up server, as above) with the bulk path of a
fresh database: the CSV export (``kommunegraf export --format neo4j-import``),
neo4j-admin's import (its JVM start included), the server's start, until the
database answers, and the constraints and indexes; each stage timed, the
totals and their ratio. It needs its own development server (the import
stops it).

    python benchmarks/bench_neo4j.py --bulk --meetings 1000

``--repeat N`` runs the bulk path N times after the one transactional load
and gives the ratio of the median: on a small machine the import's time
varies by a fifth from run to run with the disk's writeback.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import RssSampler, cpu_seconds, synthetic_graph, total_relationships
from neo4j import GraphDatabase

from kommunegraf import devserver
from kommunegraf.graph.model import Graph
from kommunegraf.stores.neo4j_import import write_import_files
from kommunegraf.stores.neo4j_rows import node_rows, relationship_rows
from kommunegraf.stores.neo4j_store import Neo4jStore


def naive_load(driver, graph: Graph) -> tuple[int, float]:
    """One auto-commit MERGE per node and per relationship: the loader to beat."""
    began = time.perf_counter()
    rows = 0
    with driver.session() as session:
        for (label, keys), items in sorted(node_rows(graph).items()):
            for row in items:
                props = dict(zip(keys, row[1:], strict=True))
                session.run(f"MERGE (n:{label} {{id: $id}}) SET n += $props", id=row[0], props=props).consume()
                rows += 1
        for (rel_type, start, end, keys), items in sorted(relationship_rows(graph).items()):
            for row in items:
                props = dict(zip(keys, row[2:], strict=True))
                session.run(
                    f"MATCH (a:{start} {{id: $start}}) MATCH (b:{end} {{id: $end}}) "
                    f"MERGE (a)-[r:{rel_type}]->(b) SET r += $props",
                    start=row[0],
                    end=row[1],
                    props=props,
                ).consume()
                rows += 1
    return rows, time.perf_counter() - began


def _transactional(args: argparse.Namespace, home: Path, graph: Graph) -> tuple[float, dict]:
    """``kommunegraf load`` of ``graph`` into the server in ``home``: seconds, and the database's counts."""
    info = devserver.start(home, heap=args.heap, pagecache="512m")
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        store = Neo4jStore(driver)
        if args.warmup_meetings:  # 0: a fresh server, as `kommunegraf load` meets it
            store.load(synthetic_graph(args.warmup_meetings, seed_offset=2 * 10**6), batch_size=args.batch_size)
            store.wipe()
        stats = store.load(graph, batch_size=args.batch_size)
        server = f"warmed-up server, {args.warmup_meetings} meetings first" if args.warmup_meetings else "fresh server"
        print(
            f"transactional load ({server}): "
            f"schema {stats.seconds - stats.node_seconds - stats.relationship_seconds:.1f}s, "
            f"nodes {stats.node_seconds:.1f}s ({stats.nodes / stats.node_seconds:,.0f}/s), "
            f"relationships {stats.relationship_seconds:.1f}s "
            f"({stats.relationships / stats.relationship_seconds:,.0f}/s); total {stats.seconds:.1f}s"
        )
        counts = store.counts()
    stopped = time.perf_counter()
    devserver.stop(home)  # the bulk path replaces the database: the server is down before it starts
    print(f"the server stopped in {time.perf_counter() - stopped:.1f}s (not counted)")
    return stats.seconds, counts


def expected_rows(counts: tuple[dict[str, int], dict[str, int]]) -> int:
    return sum(counts[0].values()) + sum(counts[1].values())


def _bulk_path(args: argparse.Namespace, home: Path, csv_dir: Path, graph, expected) -> float:
    """One bulk path (export, import, start, schema), each stage printed; its seconds. A server the run before
    left running is stopped first, not counted (a fresh database needs no stop)."""
    with RssSampler() as rss:
        summary = write_import_files(graph, csv_dir)
    files = len(summary.node_files) + len(summary.relationship_files)
    print(
        f"bulk: CSV export {summary.rows:,} rows in {files} files, {summary.bytes / 1e6:.1f} MB, "
        f"{summary.seconds:.1f}s = {summary.rows / summary.seconds:,.0f} rows/s "
        f"(client RSS +{rss.peak_mb - rss.start_mb:.0f} MB)",
        flush=True,
    )
    result = devserver.bulk_import(
        home, csv_dir, heap=args.heap, pagecache="512m", progress=lambda stage, t: print(f"bulk: {stage} {t:.1f}s")
    )
    stages = {"export": summary.seconds, **{k: v for k, v in result.stages.items() if k != "stop"}}
    total = sum(stages.values())
    print("bulk path: " + ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in stages.items()))
    print(f"bulk path total {total:.1f}s = {summary.rows / total:,.0f} rows/s end to end", flush=True)
    with GraphDatabase.driver(result.server.uri, auth=(result.server.user, result.server.password)) as driver:
        imported = Neo4jStore(driver).counts()
    assert imported == expected, "the bulk path gave other counts than the transactional load"
    return total


def bulk(args: argparse.Namespace) -> None:
    """The transactional load against the bulk path (export, import, start, schema) on the same graph."""
    home = Path(tempfile.mkdtemp(prefix="kommunegraf-bench-bulk-"))
    csv_dir = home / "csv"
    try:
        began = time.perf_counter()
        graph = synthetic_graph(args.meetings)
        nodes, rels = len(graph.nodes), total_relationships(graph)
        print(
            f"synthetic graph: {args.meetings} meetings, {nodes:,} nodes, {rels:,} relationships "
            f"(built in {time.perf_counter() - began:.1f}s)",
            flush=True,
        )
        if args.bulk_only:  # the big sizes: the bulk path alone, checked against the graph's own counts
            transactional, expected = None, graph.counts()
        else:
            transactional, expected = _transactional(args, home, graph)
        totals = [_bulk_path(args, home, csv_dir, graph, expected) for _ in range(args.repeat)]
        if transactional is not None:
            for total in totals:
                print(f"transactional {transactional:.1f}s / bulk {total:.1f}s = {transactional / total:.2f}x")
            middle = statistics.median(totals)
            print(
                f"median of {len(totals)} bulk paths {middle:.1f}s: {transactional / middle:.2f}x the transactional "
                f"load ({expected_rows(expected) / transactional:,.0f} rows/s transactional)"
            )
    finally:
        devserver.stop(home)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=4000)
    parser.add_argument("--naive-meetings", type=int, default=40)
    parser.add_argument("--warmup-meetings", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--bulk", action="store_true", help="Compare the transactional load with the bulk path.")
    parser.add_argument("--bulk-only", action="store_true", help="With --bulk: the bulk path alone (big sizes).")
    parser.add_argument(
        "--repeat", type=int, default=1, help="With --bulk: run the bulk path this many times; the ratio of the median."
    )
    args = parser.parse_args()
    if args.bulk:
        bulk(args)
        return

    home, server_pid = None, None
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        uri, auth = os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])
    else:
        home = tempfile.mkdtemp(prefix="kommunegraf-bench-")
        info = devserver.start(home, heap=args.heap, pagecache="512m")
        uri, auth = info.uri, (info.user, info.password)
        server_pid = info.pid
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        store = Neo4jStore(driver)
        store.wipe()
        warm = synthetic_graph(args.warmup_meetings, seed_offset=2 * 10**6)
        warmup = store.load(warm, batch_size=args.batch_size)
        store.load(warm, batch_size=args.batch_size)  # and the MERGE-hit paths: the JIT compiles both
        print(
            f"warm-up on a fresh server ({args.warmup_meetings} meetings, compiles the statements): "
            f"nodes {warmup.nodes / warmup.node_seconds:,.0f}/s, "
            f"relationships {warmup.relationships / warmup.relationship_seconds:,.0f}/s"
        )
        store.wipe()
        began = time.perf_counter()
        graph = synthetic_graph(args.meetings)
        built = time.perf_counter() - began
        nodes, rels = len(graph.nodes), total_relationships(graph)
        print(
            f"synthetic graph: {args.meetings} meetings, {nodes:,} nodes, {rels:,} relationships "
            f"(built in {built:.1f}s)"
        )
        print(
            f"client RSS after building the graph: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

        server_cpu = cpu_seconds(server_pid) if server_pid else 0.0
        client_cpu = cpu_seconds(os.getpid())
        with RssSampler() as rss:
            stats = store.load(graph, batch_size=args.batch_size)
        if server_pid:
            server_cpu = cpu_seconds(server_pid) - server_cpu
            client_cpu = cpu_seconds(os.getpid()) - client_cpu
            print(
                f"CPU during the load: server {server_cpu:.1f}s = {server_cpu / stats.seconds:.2f} cores, "
                f"client {client_cpu:.1f}s = {client_cpu / stats.seconds:.2f} cores "
                f"(server CPU per row {server_cpu / (stats.nodes + stats.relationships) * 1e6:.0f} µs)"
            )
        node_rate = stats.nodes / stats.node_seconds
        rel_rate = stats.relationships / stats.relationship_seconds
        print(
            f"batched loader: nodes {stats.nodes:,} in {stats.node_seconds:.1f}s = {node_rate:,.0f}/s; "
            f"relationships {stats.relationships:,} in {stats.relationship_seconds:.1f}s = {rel_rate:,.0f}/s; "
            f"total {stats.seconds:.1f}s including schema"
        )
        print(
            f"client RSS during the load: {rss.start_mb:.0f} MB before, peak {rss.peak_mb:.0f} MB "
            f"(+{rss.peak_mb - rss.start_mb:.0f} MB for the load)"
        )
        again = store.load(graph, batch_size=args.batch_size)
        print(
            f"second load of the same graph (all MERGE hits): {again.seconds:.1f}s, "
            f"{again.counters['nodes_created']} nodes and "
            f"{again.counters['relationships_created']} relationships created"
        )

        store.wipe()
        small = synthetic_graph(args.naive_meetings, seed_offset=10**6)
        store.ensure_schema()
        rows, seconds = naive_load(driver, small)
        naive_rate = rows / seconds
        batched_rate = (stats.nodes + stats.relationships) / (stats.node_seconds + stats.relationship_seconds)
        print(
            f"naive per-row MERGE: {rows:,} rows ({args.naive_meetings} meetings) in {seconds:.1f}s "
            f"= {naive_rate:,.0f} rows/s"
        )
        print(f"batched / naive: {batched_rate / naive_rate:.0f}x ({batched_rate:,.0f} vs {naive_rate:,.0f} rows/s)")
    finally:
        driver.close()
        if home:
            devserver.stop(home)


if __name__ == "__main__":
    main()
