"""`kommunegraf query` asks the graph: administration, server procedures and LOAD CSV are refused unless allowed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kommunegraf.cli import EXIT_USAGE, app
from kommunegraf.stores.cypher_guard import refusal


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("SHOW USERS", "SHOW is an administration command"),
        ("terminate transactions 'neo4j-transaction-1'", "TERMINATE is an administration command"),
        ("USE system SHOW DATABASES", "SHOW is an administration command"),
        ("CYPHER 5 CREATE USER x SET PASSWORD 'y'", "CREATE is an administration command"),
        ("CALL dbms.listConfig()", "dbms.* procedures administer the server"),
        ("LOAD CSV FROM 'http://example.org/x.csv' AS row RETURN row", "LOAD CSV reads files and URLs"),
    ],
)
def test_a_query_that_administers_the_server_or_reaches_outside_it_is_refused(cypher, reason):
    assert reason in refusal(cypher)


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (p:Person)-[:ABSENT_FROM]->(m:Meeting) RETURN p.name, count(m)",
        "MATCH (i:AgendaItem {title: 'Show users and load csv'}) RETURN i",  # the words inside a string
        "MATCH (n) RETURN n.`show` // SHOW USERS",
        "CALL db.labels()",
    ],
)
def test_a_query_of_the_graph_is_not_refused(cypher):
    assert refusal(cypher) is None


def test_the_query_command_refuses_before_connecting_and_names_allow_admin(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens: a connection would fail differently
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = CliRunner().invoke(app, ["query", "SHOW USERS"])
    assert result.exit_code == EXIT_USAGE
    assert result.output.strip() == (
        "error: not run: SHOW is an administration command; 'kommunegraf query' asks the graph "
        "(--allow-admin runs it anyway)"
    )
