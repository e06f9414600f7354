"""The Python API for notebooks and scripts: build, load, networkx, pandas, GraphML and GEXF."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

import kommunegraf
from kommunegraf.cli import app


@pytest.fixture(scope="module")
def graph():
    return kommunegraf.build(EXAMPLES, loaded_at="2026-01-01T00:00:00Z")


def test_reading_what_build_wrote_gives_the_graph_build_returns(graph, tmp_path):
    assert CliRunner().invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path), "-q"]).exit_code == 0
    read = kommunegraf.read(tmp_path)
    assert read.counts() == graph.counts()


def test_load_the_old_name_of_read_still_reads_and_says_it_is_now_read(graph, tmp_path):
    assert CliRunner().invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path), "-q"]).exit_code == 0
    with pytest.warns(DeprecationWarning, match="kommunegraf.read"):
        loaded = kommunegraf.load(tmp_path)
    assert loaded.counts() == graph.counts()


def test_networkx_nodes_and_edges_carry_labels_types_and_properties(graph):
    g = graph.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    meeting = next(d for _, d in g.nodes(data=True) if d["label"] == "Meeting" and d.get("start_time") == "13:00")
    assert meeting["date"] == "2021-11-09"
    attended = [d for _, _, d in g.edges(data=True) if d["type"] == "ATTENDED" and d.get("role") == "erhvervschef"]
    assert len(attended) == 1 and attended[0]["lines"] == ["9"]


def test_dataframes_have_dates_booleans_and_the_usual_columns(graph):
    tables = graph.to_dataframes()
    meetings, items = tables["meetings"], tables["agenda_items"]
    assert pd.api.types.is_datetime64_any_dtype(meetings["date"])
    assert pd.api.types.is_bool_dtype(items["closed"])
    assert {"meeting", "date", "committee", "outcome"} <= set(items.columns)
    minutes = meetings[meetings.status == "minutes"].sort_values("date")
    assert minutes.committee.tolist()[-1] == "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"
    closed = [n for n in graph.of_label("AgendaItem") if n.properties.get("closed")]
    assert closed and int(items.closed.sum()) == len(closed)  # as the graph holds them, not a count pinned today
    attended = [r for r in graph.relationships.values() if r.type == "ATTENDED"]
    assert len(tables["attended"]) == len(attended)
    assert {"start", "end", "role", "sources", "lines"} <= set(tables["attended"])


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_for_gephi_reads_back(graph, tmp_path, fmt, reader):
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(EXAMPLES), "-o", str(out), "-q"]).exit_code == 0
    result = CliRunner().invoke(app, ["export", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    back = reader(out / f"graph.{fmt}")
    assert back.number_of_nodes() == len(graph.nodes)
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert {"Meeting", "AgendaItem", "Person", "Source"} <= labels
