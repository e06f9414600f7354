"""The Neo4j commands, pointed at the test run's server through the environment a user would set."""

from __future__ import annotations

import csv
import io
import json

from conftest import EXAMPLES
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.stores.nodelink import read_node_link

runner = CliRunner()


def build_examples(tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(EXAMPLES), "-o", str(out), "-q"]).exit_code == 0
    return out


def counted(out, label: str) -> int:
    """How many nodes of ``label`` the graph built into ``out`` holds: what a load must store."""
    return sum(1 for _ in read_node_link(out / "graph.json").of_label(label))


def test_load_then_query_as_csv(neo4j_env, neo4j_store, tmp_path):
    out = build_examples(tmp_path)
    result = runner.invoke(app, ["load", str(out)])
    assert result.exit_code == 0, result.output
    labels, types = read_node_link(out / "graph.json").counts()
    nodes, relationships = sum(labels.values()), sum(types.values())
    assert f"loaded {nodes} nodes and {relationships} relationships" in result.output
    assert f"({nodes} nodes and {relationships} relationships were new)" in result.output
    query = runner.invoke(
        app,
        [
            "query",
            "MATCH (m:Meeting {status: $status}) RETURN m.date AS date ORDER BY date",
            "-p",
            "status=minutes",
            "--csv",
        ],
    )
    assert query.exit_code == 0, query.output
    assert list(csv.reader(io.StringIO(query.output))) == [
        ["date"],
        ["2016-11-08"],
        ["2021-11-09"],
        ["2022-10-26"],
        ["2023-03-14"],
    ]


def test_query_as_json(neo4j_env, neo4j_store, tmp_path):
    assert runner.invoke(app, ["load", str(build_examples(tmp_path)), "-q"]).exit_code == 0
    result = runner.invoke(
        app, ["query", "MATCH (p:Party {letter: $l}) RETURN p.name AS name", "-p", "l=Ø", "--json"]
    )
    assert json.loads(result.output) == [{"name": "Enhedslisten"}]


def test_a_bad_query_is_one_line_with_the_servers_reason(neo4j_env):
    result = runner.invoke(app, ["query", "MATCH (n"])
    assert result.exit_code == 1
    assert result.output.startswith("error: query failed:")


def test_wipe_asks_first_and_no_keeps_the_data(neo4j_env, neo4j_store, tmp_path):
    out = build_examples(tmp_path)
    assert runner.invoke(app, ["load", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["load", str(out), "--wipe"], input="n\n")
    assert result.exit_code == 1
    assert neo4j_store.counts()[0]["Meeting"] == counted(out, "Meeting")  # nothing wiped


def test_wipe_with_yes_replaces_the_graph(neo4j_env, neo4j_store, tmp_path):
    out = build_examples(tmp_path)
    assert runner.invoke(app, ["load", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["load", str(out), "--wipe", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"wiped {len(read_node_link(out / 'graph.json').nodes)} nodes" in result.output
    assert neo4j_store.counts()[0]["Meeting"] == counted(out, "Meeting")


def test_build_with_neo4j_loads_after_writing(neo4j_env, neo4j_store, tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path), "--neo4j", "-q"])
    assert result.exit_code == 0, result.output
    assert neo4j_store.counts()[0]["AgendaItem"] == counted(tmp_path, "AgendaItem")


def test_missing_password_is_a_clear_error_and_never_an_option(monkeypatch, tmp_path):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = runner.invoke(app, ["query", "RETURN 1"])
    assert result.exit_code == 2
    assert "NEO4J_PASSWORD is not set" in result.output
    assert "--password" not in runner.invoke(app, ["load", "--help"]).output


def test_wipe_with_no_one_to_ask_says_that_yes_is_needed(neo4j_env, neo4j_store, tmp_path):
    out = build_examples(tmp_path)
    assert runner.invoke(app, ["load", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["load", str(out), "--wipe"], input="")
    assert result.exit_code == 2
    assert "pass --yes to confirm" in result.output and "Aborted" not in result.output
    meetings = sum(1 for _ in read_node_link(out / "graph.json").of_label("Meeting"))
    assert neo4j_store.counts()[0]["Meeting"] == meetings  # nothing was wiped


def test_a_wrong_password_is_one_line_naming_the_user_and_the_server(neo4j_env, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    result = runner.invoke(app, ["query", "RETURN 1"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: Neo4j refused the credentials for {neo4j_env.user} at {neo4j_env.uri} (NEO4J_USERNAME, NEO4J_PASSWORD)"
    )


def test_a_bad_uri_is_one_line_and_a_password_in_it_is_masked(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    for uri, shown in [
        ("bolt://neo4j:sekret@localhost:7687", "bolt://neo4j:***@localhost:7687"),
        ("http://localhost:7474", "http://localhost:7474"),
        ("bolt://[::1/x", "bolt://[::1/x"),
    ]:
        result = runner.invoke(app, ["query", "RETURN 1", "--uri", uri])
        assert result.exit_code == 2
        assert result.output.startswith(f"error: {shown} is not a Neo4j URI (") and "sekret" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_an_administration_command_runs_only_with_allow_admin(neo4j_env):
    refused = runner.invoke(app, ["query", "SHOW DATABASES YIELD name RETURN name"])
    assert refused.exit_code == 2 and "--allow-admin" in refused.output
    allowed = runner.invoke(app, ["query", "SHOW DATABASES YIELD name RETURN name", "--allow-admin", "--json"])
    assert allowed.exit_code == 0, allowed.output
    assert "system" in allowed.output
