"""Shared by the benchmarks: a synthetic graph shaped like minutes, and peak memory of a stage."""

from __future__ import annotations

import datetime as dt
import os
import threading

from kommunegraf.graph.identity import IdMinter
from kommunegraf.graph.model import Graph
from kommunegraf.records import Span

ITEMS_PER_MEETING = 15
PEOPLE_PER_MEETING = 11


def synthetic_graph(meetings: int, seed_offset: int = 0) -> Graph:
    """A graph with the shape of real minutes: ~48 nodes and ~110 relationships per meeting."""
    ids = IdMinter("https://bench.example/id/")
    graph = Graph()
    span = Span(start=1, end=3)
    municipality = ids.municipality("151")
    for m in range(seed_offset, seed_offset + meetings):
        source = ids.source(f"{m:064x}")
        graph.add_node("Source", source, {"path": f"m{m}.txt", "sha256": f"{m:064x}", "format": "referat-text"})
        graph.add_node("Municipality", municipality, {"name": "Ballerup Kommune", "code": "151"}, source, span)
        committee = ids.committee(municipality, f"Udvalg {m % 12}")
        graph.add_node("Committee", committee, {"name": f"Udvalg {m % 12}"}, source, span)
        graph.add_relationship("OF", committee, municipality, source, span)
        date = dt.date(2010, 1, 1) + dt.timedelta(days=m)
        meeting = ids.meeting(committee, date)
        graph.add_node("Meeting", meeting, {"date": date.isoformat(), "status": "minutes"}, source, span)
        graph.add_relationship("HELD_BY", meeting, committee, source, span)
        for p in range(PEOPLE_PER_MEETING):
            person = ids.person(municipality, f"Person {(m * 7 + p) % 3000}")
            graph.add_node("Person", person, {"name": f"Person {(m * 7 + p) % 3000}"}, source, span)
            graph.add_relationship("ATTENDED", person, meeting, source, span, {"role": "medlem"})
        for n in range(1, ITEMS_PER_MEETING + 1):
            item = ids.agenda_item(meeting, n)
            graph.add_node("AgendaItem", item, {"number": n, "title": f"Punkt {n}", "closed": False}, source, span)
            graph.add_relationship("ON_AGENDA_OF", item, meeting, source, span, {"position": n})
            decision = ids.decision(item)
            graph.add_node("Decision", decision, {"text": "Taget til efterretning", "outcome": "noted"}, source, span)
            graph.add_relationship("HAS_DECISION", item, decision, source, span)
            case = ids.case(municipality, f"00.01.00-G01-{m}-{n:02d}")
            graph.add_node("Case", case, {"number": f"00.01.00-G01-{m}-{n:02d}", "kle": "00.01.00"}, source, span)
            graph.add_relationship("CONCERNS", item, case, source, span)
            graph.add_relationship("DECIDED_BY", item, committee, source, span)
    return graph


def total_relationships(graph: Graph) -> int:
    return len(graph.relationships) + sum(len(n.provenance) for n in graph.nodes.values())


class RssSampler:
    """Peak resident memory of this process while the block runs.

    Read from the kernel's high-water mark (``VmHWM``), reset when the block
    starts (``/proc/self/clear_refs``): exact, and no sampling thread taking
    the GIL from the code being measured. Where the reset is not allowed, a
    thread samples the RSS every 20 ms instead.
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.start_mb = self.peak_mb = self._rss_mb()

    @staticmethod
    def _status_mb(field: str) -> float:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith(field + ":"))
        return int(line.split()[1]) / 1024

    def _rss_mb(self) -> float:
        return self._status_mb("VmRSS")

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, self._rss_mb())

    def __enter__(self) -> RssSampler:
        try:
            with open("/proc/self/clear_refs", "w") as clear_refs:
                clear_refs.write("5")  # peak RSS := current RSS
        except OSError:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        self.start_mb = self.peak_mb = self._rss_mb()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        else:
            self.peak_mb = max(self.peak_mb, self._status_mb("VmHWM"))
        self.peak_mb = max(self.peak_mb, self._rss_mb())


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
