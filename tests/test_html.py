"""HTML minutes pages, built directly: portal pages made from the seeds give the same facts as the seed texts."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, STAMP, score, seed
from makehtml import attachment_url, make_html
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders import load
from kommunegraf.loaders.registry import read_document
from kommunegraf.pipeline import build


@pytest.fixture(scope="module")
def html_build(seed_html_pages):
    return build(seed_html_pages, loaded_at=STAMP)


def test_html_pages_made_from_the_seeds_score_at_least_095_f1_in_every_category(seed_html_pages, tmp_path):
    result = CliRunner().invoke(app, ["build", *map(str, seed_html_pages), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    scored = score(tmp_path / "graph.json")
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_the_same_page_builds_the_same_graph_as_its_text(html_build, seed_graph):
    def facts(graph):
        return {(r.type, r.start, r.end) for r in graph.relationships.values()}

    assert facts(html_build.graph) == facts(seed_graph)


def test_attachments_keep_the_url_the_page_links_them_to(html_build):
    attachments = list(html_build.graph.of_label("Attachment"))
    jobcamp = next(a for a in attachments if a.properties["title"] == "Jobcamp 2021")
    assert jobcamp.properties["url"] == attachment_url("Jobcamp 2021")
    assert all(a.properties.get("url", "").startswith("https://") for a in attachments)


def test_site_navigation_and_footer_are_not_read(seed_html_pages):
    text = read_document(seed_html_pages[0]).text
    assert "Dagsordener og referater" not in text
    assert "Tlf. 4477 2000" not in text


def test_facts_from_a_page_name_the_lines_of_its_markup(html_build, seed_html_pages):
    graph = html_build.graph
    page = seed_html_pages[0]
    source = next(n for n in graph.of_label("Source") if n.properties["path"] == str(page))
    sussie = next(n for n in graph.of_label("Person") if n.properties["name"] == "Sussie Wandel")
    ((start, end),) = sussie.provenance[source.id]
    markup = page.read_text(encoding="utf-8").split("\n")
    assert any("Sussie Wandel" in line for line in markup[start - 1 : end])
    assert source.properties["media_type"] == "text/html"


def test_table_cells_are_read_as_tab_separated_text(seed_html_pages):
    lines = read_document(seed_html_pages[0]).text.split("\n")
    assert "I alt\t854.272\t862.418\t280\t-8.418\t854.280" in lines


def test_a_declared_windows_1252_page_is_decoded(tmp_path):
    page = make_html(seed("000").read_text(encoding="utf-8"), site="Ballerup Kommune")
    page = page.replace('charset="utf-8"', 'charset="windows-1252"')
    path = tmp_path / "referat.html"
    path.write_bytes(page.encode("cp1252", errors="replace"))
    assert load(path).meeting.committee.name == "Erhvervs- og Beskæftigelsesudvalget"


def test_a_page_with_no_minutes_in_it_is_a_clear_error(tmp_path):
    path = tmp_path / "forside.html"
    path.write_text(
        "<!DOCTYPE html><html><body><main><h1>Velkommen til Ballerup Kommune</h1>"
        "<p>Her finder du nyheder og selvbetjening.</p></main></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(UnsupportedDocumentError, match=r"forside\.html: no recognisable structure"):
        load(path)


def test_a_page_without_text_is_a_clear_error(tmp_path):
    path = tmp_path / "tom.html"
    path.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><script>1</script></body></html>")
    with pytest.raises(LoaderError, match=r"tom\.html: HTML page without text"):
        load(path)


def test_a_page_without_minutes_is_reported_and_the_other_files_still_load(tmp_path, seed_html_pages):
    (tmp_path / "forside.html").write_text("<html><body><p>Nyheder</p></body></html>", encoding="utf-8")
    (tmp_path / "referat.html").write_bytes(seed_html_pages[1].read_bytes())
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    statuses = {f["path"].rsplit("/", 1)[-1]: f["status"] for f in report["files"]}
    assert statuses == {"forside.html": "failed", "referat.html": "ok"}


AARHUS_TU = FIXTURES / "realworld" / "documents" / "aarhus-tu-2025-10-01.html"


def test_an_item_title_printed_only_as_the_heading_of_its_button_is_read():
    # FirstAgenda's publication portal: <button ...><h2>Referat fra sidste udvalgsmøde</h2></button>
    record = load(AARHUS_TU)
    titles = {i.number: i.title for i in record.items}
    assert titles[1] == "Referat fra sidste udvalgsmøde"
    assert titles[2] == "Udviklingsplan Aarhus Ø - endelig vedtagelse"


def test_dialogs_the_page_opens_on_demand_are_not_read():
    # role="dialog": "Tip en ven", "Modtager e-mail", an error dialog, the participants' modal
    text = read_document(AARHUS_TU).text
    assert "Tip en ven" not in text and "Modtager email skal udfyldes" not in text
