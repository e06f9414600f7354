"""`kommunegraf publish DIR --site OUT`: the server's pages as a static site."""

from __future__ import annotations

import http.client
import json
import shutil
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kommunegraf.cli import EXIT_OUTPUT, app
from kommunegraf.stores.web import site as site_module
from kommunegraf.stores.web.dataset import load_dataset
from kommunegraf.stores.web.site import MARKER, SiteError, publish_site

runner = CliRunner()
DOCUMENTS = ("index.html", "index.ttl", "index.jsonld")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A folder with a graph.nq of one municipality, its committee and a meeting: for the tests of where and
    how a site is written (every file a test writes is checked by riot at the end of the run)."""
    base = "https://w3id.org/kommunegraf/id/"
    kg = "https://w3id.org/kommunegraf/ontology#"
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    document = ox.NamedNode(base + "graph/0a1b")
    municipality = ox.NamedNode(base + "municipality/151")
    committee = ox.NamedNode(base + "municipality/151/committee/oekonomiudvalget")
    meeting = ox.NamedNode(base + "municipality/151/committee/oekonomiudvalget/meeting/2021-11-09")
    quads = [
        ox.Quad(municipality, rdf_type, ox.NamedNode(kg + "Municipality"), document),
        ox.Quad(municipality, label, ox.Literal("Ballerup Kommune", language="da"), document),
        ox.Quad(committee, rdf_type, ox.NamedNode(kg + "Committee"), document),
        ox.Quad(committee, label, ox.Literal("Økonomiudvalget", language="da"), document),
        ox.Quad(committee, ox.NamedNode(kg + "of"), municipality, document),
        ox.Quad(meeting, rdf_type, ox.NamedNode(kg + "Meeting"), document),
        ox.Quad(meeting, ox.NamedNode(kg + "heldBy"), committee, document),
    ]
    folder = tmp_path_factory.mktemp("tiny")
    ox.serialize(quads, str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    return folder


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("published") / "site"
    publish_site(load_dataset(built), out)
    return out


def get(server, path: str) -> bytes:
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200, path
        return response.read()
    finally:
        connection.close()


def folder_of(site, iri: str):
    return site / urlsplit(iri).path.lstrip("/")


def test_every_node_has_a_folder_with_its_html_turtle_and_jsonld(site, seed_graph):
    for node in seed_graph.nodes.values():
        folder = folder_of(site, node.id)
        assert all((folder / name).is_file() for name in DOCUMENTS), node.id


def test_the_site_holds_the_pages_the_server_answers_with(site, server, seed_graph):
    for node in seed_graph.nodes.values():
        path = urlsplit(node.id).path
        for name in DOCUMENTS:
            assert (folder_of(site, node.id) / name).read_bytes() == get(server, f"{path}/{name}"), (node.id, name)
    assert (site / "index.html").read_bytes() != b""


def test_the_turtle_file_of_a_meeting_is_its_description(site, seed_graph):
    meeting = next(n for n in seed_graph.nodes.values() if n.label == "Meeting")
    said = {t for t in ox.parse((folder_of(site, meeting.id) / "index.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)}
    subjects = {quad.subject.value for quad in said}
    assert meeting.id in subjects


def test_reified_statements_have_no_folder_of_their_own(site, seed_graph):
    statements = [p for p in site.rglob("statement") if p.is_dir()]
    assert statements == []


def test_the_site_has_the_content_negotiation_config_for_nginx_and_apache(site):
    nginx, htaccess = (site / "nginx.conf").read_text(), (site / ".htaccess").read_text()
    for config in (nginx, htaccess):
        assert "303" in config and "text/turtle" in config and "application/ld+json" in config


def test_a_folder_that_is_not_empty_and_not_a_site_is_left_alone(tiny, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(SiteError, match="not empty and not a kommunegraf site"):
        publish_site(load_dataset(tiny), out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_force_replaces_a_folder_that_is_not_a_site(tiny, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    publish_site(load_dataset(tiny), out, force=True)
    assert not (out / "notes.txt").exists() and (out / MARKER).is_file()


def test_a_site_written_before_is_replaced_whole(tiny, tmp_path):
    out = tmp_path / "site"
    publish_site(load_dataset(tiny), out)
    (out / "stale").mkdir()
    publish_site(load_dataset(tiny), out)
    assert not (out / "stale").exists()
    assert json.loads((out / MARKER).read_text())["base"] == "https://w3id.org/kommunegraf/id/"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left beside it


def test_an_interrupted_publish_leaves_the_old_site_and_no_temporary_folder(tiny, tmp_path, monkeypatch):
    out = tmp_path / "site"
    publish_site(load_dataset(tiny), out)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    written = []

    def interrupted(description, extension):
        written.append(description.iri)
        if len(written) > 1:
            raise KeyboardInterrupt
        return b""

    monkeypatch.setattr(site_module, "rdf_document", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish_site(load_dataset(tiny), out)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_publish_writes_the_site_and_says_where(tiny, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(app, ["publish", str(tiny), "--site", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    result = runner.invoke(app, ["publish", str(tiny), "--site", str(out)])
    assert result.exit_code == 0 and f"to {out}" in result.output.replace("\n", "")


def test_publish_into_a_foreign_folder_is_one_line_naming_it(tiny, tmp_path):
    (tmp_path / "x").write_text("mine")
    result = runner.invoke(app, ["publish", str(tiny), "--site", str(tmp_path)])
    assert result.exit_code == EXIT_OUTPUT
    assert f"{tmp_path}: not empty" in result.output and "Traceback" not in result.output


def test_publish_with_another_base_lays_the_site_out_by_that_base(built, tmp_path):
    out = tmp_path / "site"
    publish_site(load_dataset(built, "https://data.example.dk/id/"), out)
    assert (out / "id" / "municipality" / "151" / "index.html").is_file()
    assert not (out / "kommunegraf").exists()
    shutil.rmtree(out)  # the pages of `site` under another base: riot need not read them twice
